import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PendingTimers } from '../http/pending-timers';
import { sendReply } from '../http/send-reply';
import type { SimulatorState } from '../state/simulator-state';
import { brasiliaTimestamp } from '../wire/brasilia-time';
import type { ApiReply } from './api-context';
import { matchRoute } from './api-routes';
import { html, refused, transient200 } from './replies';

export interface DispatchSettings {
  state: SimulatorState;
  timers: PendingTimers;
  hangMaxMs: number;
  authFailureStatus: 401 | 403;
  authFailureMessage: string;
}

/** The real text is unknown; rigel's summary quotes "token inválido ou sem permissão". */
export const AUTH_FAILURE_MESSAGE = 'Token inválido ou sem permissão de acesso';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Cuts the connection abruptly (TCP RST when the platform allows it). */
function resetConnection(req: IncomingMessage): void {
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * One Vhsys API request (path already stripped of /v2): authentication by token pair, counters,
 * the per-account request window, injected latency and faults, then the endpoint itself.
 */
export async function dispatchApiRequest(
  settings: DispatchSettings,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  rawBody: Buffer,
  arrivedAtMs: number,
): Promise<void> {
  const { state, timers } = settings;
  const method = req.method ?? 'GET';
  // Header names are case-insensitive; Node lower-cases them.
  const account = state.authenticate(header(req, 'access-token'), header(req, 'secret-access-token'));
  const match = matchRoute(method, path);
  const routeKey = `${method} ${match.kind === 'route' ? match.template : '(unknown)'}`;
  if (!account || account.tokensRejected) {
    state.authFailures += 1;
    // A rejected account's request still reached Vhsys under its tokens: it is in its log.
    account?.requestLog.record({ atMs: arrivedAtMs, route: routeKey, outcome: 'tokens_rejected' });
    sendReply(res, settings.authFailureStatus === 401 ? { status: 401, body: undefined } : refused(settings.authFailureMessage));
    return;
  }

  const counters = account.counters;
  const userAgent = header(req, 'user-agent');
  counters.total += 1;
  counters.byRoute[routeKey] = (counters.byRoute[routeKey] ?? 0) + 1;
  counters.lastUserAgent = userAgent ?? null;
  if (!userAgent) {
    counters.missingUserAgent += 1;
    if (account.quirks.requireUserAgent) {
      account.requestLog.record({ atMs: arrivedAtMs, route: routeKey, outcome: 'answered' });
      sendReply(res, refused('O cabeçalho (User-Agent) é obrigatório'));
      return;
    }
  }

  const faults = account.faults.faults;
  const window = account.rateWindow.take(arrivedAtMs, faults.rateLimitPerWindow, faults.windowMs);
  const rateHeaders = { 'x-ratelimit-limit': String(window.limit), 'x-ratelimit-remaining': String(window.remaining) };
  if (window.retryAfterSeconds !== null) {
    counters.rateLimited += 1;
    account.requestLog.record({ atMs: arrivedAtMs, route: routeKey, outcome: 'window_429' });
    sendReply(res, tooManyRequests(window.retryAfterSeconds), rateHeaders);
    return;
  }

  // Drawn on arrival so the fault sequence depends only on request order, not on timing.
  const latencyMs = account.faults.latencyMs();
  const fault = match.kind === 'route' ? account.faults.pick(method, match.template) : null;
  if (fault) counters.faultsInjected[fault] += 1;
  account.requestLog.record({ atMs: arrivedAtMs, route: routeKey, outcome: fault ?? 'answered' });
  await timers.sleep(latencyMs);
  if (res.destroyed) return;

  const run = (): ApiReply => {
    if (match.kind === 'unknown-resource') return { status: 404, body: { code: 404, status: 'error', data: 'Not Found' } };
    if (match.kind === 'unknown-subpath') return { status: 200, body: { code: 404, status: 'error', data: 'Erro ao comunicar com a API' } };
    let body: unknown;
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : undefined;
    } catch {
      return refused('Formato JSON inválido');
    }
    const now = state.clock();
    return match.handler({ state, account, params: match.params, query, body, now, nowText: brasiliaTimestamp(now) });
  };

  switch (fault) {
    case 'rateLimited':
      return sendReply(res, tooManyRequests(faults.retryAfterSeconds), rateHeaders);
    case 'serverError':
      return sendReply(res, html(500, '500 Internal Server Error'), rateHeaders);
    case 'transient200':
      return sendReply(res, transient200(), rateHeaders);
    case 'hang': {
      // Never answers; the socket is destroyed at the cap so nothing lingers forever.
      const cancel = timers.schedule(settings.hangMaxMs, () => req.socket.destroy());
      res.on('close', cancel);
      return;
    }
    case 'reset':
      return resetConnection(req);
    case 'responseLost':
      // The write is applied, then the client never hears back: what makes naive clients duplicate.
      run();
      return resetConnection(req);
    default:
      return sendReply(res, run(), rateHeaders);
  }
}

function tooManyRequests(retryAfterSeconds: number): ApiReply {
  return {
    status: 429,
    headers: { 'retry-after': String(Math.ceil(retryAfterSeconds)) },
    body: { code: 429, status: 'error', data: 'Limite de requisições excedido' },
  };
}
