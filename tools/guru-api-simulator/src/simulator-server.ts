import { listenHttp, readBoundedBody } from '@gv/simulator-kit';
import { handleAdminRequest } from './admin/admin-routes';
import { dispatchApiRequest } from './api/dispatch';
import { GURU_RATE_LIMIT, normaliseRateLimit, type RateLimitSettings } from './faults/rate-limit-window';
import { sendReply } from './http/reply';
import type { GuruAccountSeed } from './state/account-seed';
import { GuruSimulatorState } from './state/simulator-state';

export interface GuruApiSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  accounts?: GuruAccountSeed[];
  /** Budget of new accounts (default Guru's: 360 requests per 60 s); tests shrink it to stay fast. */
  rateLimit?: Partial<RateLimitSettings>;
  /** Time source for the rate-limit window and the request log (tests may freeze it). */
  clock?: () => Date;
}

export interface RunningGuruApiSimulator {
  /** Base URL of the API, including /api/v2 (a GuruApiClient's `baseUrl`). */
  url: string;
  /** Base URL of the admin endpoints, e.g. http://127.0.0.1:port/__admin. */
  adminUrl: string;
  port: number;
  /** Direct in-process access to accounts and their data. */
  state: GuruSimulatorState;
  /** Stops listening and destroys open sockets. */
  close(): Promise<void>;
}

/** Admin bodies carry seeded transactions: a generous bound, still a bound. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A stateful Guru REST API v2 (transactions) over Node's http module: docs/guru-api.md. */
export async function startGuruApiSimulator(options: GuruApiSimulatorOptions = {}): Promise<RunningGuruApiSimulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new GuruSimulatorState(normaliseRateLimit(options.rateLimit, GURU_RATE_LIMIT), options.clock);
  for (const seed of options.accounts ?? []) state.createAccount(seed);
  const server = await listenHttp((req, res) => {
    readBoundedBody(req, MAX_BODY_BYTES)
      .then(async (body) => {
        if (body === null) return sendReply(res, { status: 413, body: { message: 'Payload Too Large' } });
        const url = req.url ?? '/';
        const queryAt = url.indexOf('?');
        const path = queryAt === -1 ? url : url.slice(0, queryAt);
        const query = queryAt === -1 ? '' : url.slice(queryAt + 1);
        if (path === '/__admin' || path.startsWith('/__admin/')) return sendReply(res, handleAdminRequest(state, req.method ?? 'GET', path, body));
        if (!path.startsWith('/api/v2/')) return sendReply(res, { status: 404, body: { message: 'Not Found' } });
        await dispatchApiRequest(state, req, res, path.slice('/api/v2'.length), query);
      })
      .catch((error: unknown) => {
        process.stderr.write(`guru-api-simulator: ${error instanceof Error ? error.stack : String(error)}\n`);
        sendReply(res, { status: 500, body: { message: 'Server Error' } });
      });
  }, options.port ?? 0, host);

  return {
    url: `${server.origin}/api/v2`,
    adminUrl: `${server.origin}/__admin`,
    port: server.port,
    state,
    close: () => server.close(),
  };
}
