import { monitorEventLoopDelay } from 'node:perf_hooks';
import { listenHttp, readBoundedBody } from '@gv/simulator-kit';
import { handleAdminRequest, ProcessStats } from './admin/admin-routes';
import { AUTH_FAILURE_MESSAGE, dispatchApiRequest, DispatchSettings } from './api/api-dispatch';
import { PendingTimers } from './http/pending-timers';
import { sendReply } from './http/send-reply';
import type { AccountSeed } from './state/account-seed';
import { SimulatorState } from './state/simulator-state';

export interface VhsysSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  accounts?: AccountSeed[];
  /** Longest a "hang" fault holds a request before destroying its socket (default 60 s). */
  hangMaxMs?: number;
  /** Answer for unknown tokens: 403 with a text (default, as rigel reports) or a bare 401 (webhook spec). */
  authFailureStatus?: 401 | 403;
  /** Text of the 403 for unknown tokens (the real one is unknown); default AUTH_FAILURE_MESSAGE. */
  authFailureMessage?: string;
  /** Time source for timestamps and the request window (tests may freeze it). */
  clock?: () => Date;
}

export interface RunningVhsysSimulator {
  /** Base URL of the API, including /v2. */
  url: string;
  /** Base URL of the admin endpoints, e.g. http://127.0.0.1:port/__admin. */
  adminUrl: string;
  port: number;
  /** Direct in-process access to accounts and their data. */
  state: SimulatorState;
  /** Stops listening, destroys open sockets (held "hang" requests included) and cancels timers. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** A stateful Vhsys API v2 over Node's http module, for tests, the demo and benchmarks. */
export async function startVhsysSimulator(options: VhsysSimulatorOptions = {}): Promise<RunningVhsysSimulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new SimulatorState(options.clock);
  for (const seed of options.accounts ?? []) state.createAccount(seed);
  const timers = new PendingTimers();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const stats: ProcessStats = { requestsServed: 0, loopDelay };
  const settings: DispatchSettings = {
    state,
    timers,
    hangMaxMs: options.hangMaxMs ?? 60_000,
    authFailureStatus: options.authFailureStatus ?? 403,
    authFailureMessage: options.authFailureMessage ?? AUTH_FAILURE_MESSAGE,
  };

  const server = await listenHttp((req, res) => {
    // Stamped before the body is read: the request log's arrival time is when the request came in.
    const arrivedAtMs = state.clock().getTime();
    readBoundedBody(req, MAX_BODY_BYTES)
      .then(async (body) => {
        stats.requestsServed += 1;
        if (body === null) return sendReply(res, { status: 413, body: { code: 413, status: 'error', data: 'Payload Too Large' } });
        const url = req.url ?? '/';
        const queryAt = url.indexOf('?');
        const path = queryAt === -1 ? url : url.slice(0, queryAt);
        const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
        if (path === '/__admin' || path.startsWith('/__admin/')) {
          return sendReply(res, handleAdminRequest(state, stats, req.method ?? 'GET', path, body));
        }
        if (path !== '/v2' && !path.startsWith('/v2/')) {
          return sendReply(res, { status: 404, body: { code: 404, status: 'error', data: 'Not Found' } });
        }
        await dispatchApiRequest(settings, req, res, path.slice(3), query, body, arrivedAtMs);
      })
      .catch((error: unknown) => {
        process.stderr.write(`vhsys-simulator: ${error instanceof Error ? error.stack : String(error)}\n`);
        sendReply(res, { status: 500, body: { code: 500, status: 'error', data: 'Erro interno do simulador' } });
      });
  }, options.port ?? 0, host);

  return {
    url: `${server.origin}/v2`,
    adminUrl: `${server.origin}/__admin`,
    port: server.port,
    state,
    close: () => server.close(() => {
      timers.cancelAll();
      loopDelay.disable();
    }),
  };
}
