import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GuruAccount } from '../state/guru-account';
import type { RequestLogEntry } from '../state/request-log';
import type { GuruSimulatorState } from '../state/simulator-state';
import { cutConnection, Reply, sendHalfThenCut, sendReply } from '../http/reply';
import type { WindowVerdict } from '../faults/rate-limit-window';
import { QueryRefusal, readListQuery } from './list-query';
import { listTransactions } from './list-transactions';
import { toRestForm } from './rest-form';

/**
 * One request under /api/v2, in Guru's order of checks: the user token (401), identical
 * simultaneous requests (429), the account's budget (429 with Retry-After), then injected latency
 * and faults, then the endpoint. Every answer to an authenticated request carries
 * X-RateLimit-Limit / -Remaining / -Reset.
 */

/** `Retry-After` of the 429 for an identical request in flight (Guru documents no value). */
export const IDENTICAL_REQUEST_RETRY_AFTER_SECONDS = 1;

const message = (status: number, text: string): Reply => ({ status, body: { message: text } });

type Route = { kind: 'list' } | { kind: 'one'; id: string } | { kind: 'unknown' };

function route(path: string): Route {
  if (path === '/transactions' || path === '/transactions/') return { kind: 'list' };
  const one = /^\/transactions\/([^/]+)$/.exec(path);
  if (one) {
    try {
      return { kind: 'one', id: decodeURIComponent(one[1]) };
    } catch {
      return { kind: 'unknown' };
    }
  }
  return { kind: 'unknown' };
}

const TEMPLATES: Record<Route['kind'], string> = { list: '/transactions', one: '/transactions/{id}', unknown: '(unknown)' };

function bearer(req: IncomingMessage): string | undefined {
  const value = req.headers.authorization;
  const match = typeof value === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? match[1] : undefined;
}

function rateHeaders(verdict: WindowVerdict): Record<string, string> {
  return {
    'x-ratelimit-limit': String(verdict.limit),
    'x-ratelimit-remaining': String(verdict.remaining),
    'x-ratelimit-reset': String(verdict.resetAtSeconds),
  };
}

function tooManyRequests(retryAfterSeconds: number, headers: Record<string, string>): Reply {
  return { status: 429, body: { message: 'Too Many Attempts.' }, headers: { ...headers, 'retry-after': String(retryAfterSeconds) } };
}

function answer(account: GuruAccount, target: Route, query: URLSearchParams): Reply {
  if (target.kind === 'unknown') return message(404, 'Not Found');
  if (target.kind === 'one') {
    const body = account.transactions.get(target.id);
    return body ? { status: 200, body: toRestForm(body) } : message(404, 'Transaction not found.');
  }
  try {
    return { status: 200, body: listTransactions(account.transactions.values(), readListQuery(query)) };
  } catch (error) {
    if (!(error instanceof QueryRefusal)) throw error;
    return { status: 422, body: { message: error.message, errors: { [error.parameter]: [error.message] } } };
  }
}

export async function dispatchApiRequest(state: GuruSimulatorState, req: IncomingMessage, res: ServerResponse, path: string, queryText: string): Promise<void> {
  const found = state.authenticate(bearer(req));
  if (!found) {
    state.authFailures += 1;
    return sendReply(res, message(401, 'Unauthenticated.'));
  }
  const { account, tokenIndex } = found;
  const method = req.method ?? 'GET';
  const target = route(path);
  const arrivedAtMs = state.clock().getTime();
  const entry: RequestLogEntry = account.requestLog.record({ atMs: arrivedAtMs, method, route: TEMPLATES[target.kind], query: queryText, tokenIndex, status: null, outcome: 'answered' });
  const send = (reply: Reply): void => {
    entry.status = reply.status;
    sendReply(res, reply);
  };

  const identity = `${tokenIndex}\n${method} ${path}?${queryText}`;
  if (account.inFlight.has(identity)) {
    entry.outcome = 'identical_429';
    return send(tooManyRequests(IDENTICAL_REQUEST_RETRY_AFTER_SECONDS, rateHeaders(account.rateWindow.take(arrivedAtMs, account.rateLimit, false))));
  }
  account.inFlight.add(identity);
  res.once('close', () => account.inFlight.delete(identity));

  const verdict = account.rateWindow.take(arrivedAtMs, account.rateLimit);
  const headers = rateHeaders(verdict);
  if (verdict.retryAfterSeconds !== null) {
    entry.outcome = 'window_429';
    return send(tooManyRequests(verdict.retryAfterSeconds, headers));
  }
  if (method !== 'GET') return send({ ...message(405, 'Method Not Allowed.'), headers });

  // Drawn on arrival, so the fault sequence depends only on the order of requests.
  const latencyMs = account.faults.latencyMs();
  const fault = account.faults.pick();
  if (fault) entry.outcome = fault;
  if (latencyMs > 0) await sleep(latencyMs, undefined, { ref: false });
  if (res.destroyed) return;

  switch (fault) {
    case 'rateLimited':
      return send(tooManyRequests(account.faults.faults.retryAfterSeconds, headers));
    case 'serverError':
      return send({ ...message(500, 'Server Error'), headers });
    case 'reset':
      return cutConnection(res);
    case 'responseLost': {
      const reply = { ...answer(account, target, new URLSearchParams(queryText)), headers };
      entry.status = reply.status;
      return sendHalfThenCut(res, reply);
    }
    default:
      return send({ ...answer(account, target, new URLSearchParams(queryText)), headers });
  }
}
