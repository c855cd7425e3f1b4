import http, { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
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

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A stateful Vhsys API v2 over Node's http module, for tests, the demo and benchmarks. */
export async function startVhsysSimulator(options: VhsysSimulatorOptions = {}): Promise<RunningVhsysSimulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new SimulatorState(options.clock);
  for (const seed of options.accounts ?? []) state.createAccount(seed);
  const timers = new PendingTimers();
  const sockets = new Set<Socket>();
  const stats: ProcessStats = { requestsServed: 0 };
  const settings: DispatchSettings = {
    state,
    timers,
    hangMaxMs: options.hangMaxMs ?? 60_000,
    authFailureStatus: options.authFailureStatus ?? 403,
    authFailureMessage: options.authFailureMessage ?? AUTH_FAILURE_MESSAGE,
  };

  const server = http.createServer((req, res) => {
    readBody(req)
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
        await dispatchApiRequest(settings, req, res, path.slice(3), query, body);
      })
      .catch((error: unknown) => {
        process.stderr.write(`vhsys-simulator: ${error instanceof Error ? error.stack : String(error)}\n`);
        sendReply(res, { status: 500, body: { code: 500, status: 'error', data: 'Erro interno do simulador' } });
      });
  });
  // Longer than undici's default idle time, so the client (not the server) closes idle sockets.
  server.keepAliveTimeout = 10_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url: `${origin}/v2`,
    adminUrl: `${origin}/__admin`,
    port: address.port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        timers.cancelAll();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
