import type { Reply } from '../http/reply';
import type { FaultConfigInput } from '../faults/fault-config';
import type { RateLimitSettings } from '../faults/rate-limit-window';
import type { GenerateTransactionsRequest } from '../state/generate-transactions';
import type { GuruSimulatorState } from '../state/simulator-state';

/**
 * Test-only endpoints under /__admin (no Guru authentication). Accounts are named by their
 * accountId: user tokens never appear in URLs, answers or logs of the admin API.
 *
 *   GET    /__admin/health
 *   POST   /__admin/reset                                          drop every account
 *   POST   /__admin/accounts                                       create or replace (GuruAccountSeed)
 *   DELETE /__admin/accounts/{accountId}
 *   PUT    /__admin/accounts/{accountId}/transactions              {transactions: [webhook bodies]} create or replace by id
 *   POST   /__admin/accounts/{accountId}/transactions/generate     GenerateTransactionsRequest → {ids}
 *   GET    /__admin/accounts/{accountId}/transactions              {ids} (the listing's order is not implied)
 *   DELETE /__admin/accounts/{accountId}/transactions/{id}
 *   PUT    /__admin/accounts/{accountId}/faults                    replace the fault config (FaultConfigInput)
 *   PUT    /__admin/accounts/{accountId}/rate-limit                {limit, windowMs}; starts a fresh window
 *   GET    /__admin/accounts/{accountId}/requests                  {entries: RequestLogEntry[], dropped}
 *   POST   /__admin/accounts/{accountId}/requests/reset            empty the log, fresh rate-limit window
 */
const json = (status: number, body: unknown): Reply => ({ status, body });

export function handleAdminRequest(state: GuruSimulatorState, method: string, path: string, rawBody: Buffer): Reply {
  let segments: string[];
  let body: unknown;
  try {
    segments = path.split('/').filter((s) => s !== '').slice(1).map(decodeURIComponent);
    body = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : {};
  } catch {
    return json(400, { error: 'invalid path or JSON body' });
  }
  try {
    const [first, accountId, sub, action] = segments;
    const n = segments.length;
    if (method === 'GET' && first === 'health' && n === 1) return json(200, { ok: true });
    if (method === 'POST' && first === 'reset' && n === 1) {
      state.reset();
      return json(200, { ok: true });
    }
    if (first !== 'accounts') return json(404, { error: 'unknown admin endpoint' });
    if (method === 'POST' && n === 1) {
      const account = state.createAccount(body);
      return json(201, { accountId: account.accountId, accountToken: account.accountToken, transactions: account.transactions.size });
    }
    if (!accountId || !state.getAccount(accountId)) return json(404, { error: 'unknown account' });
    if (method === 'DELETE' && n === 2) {
      state.deleteAccount(accountId);
      return json(200, { ok: true });
    }
    if (sub === 'transactions') {
      if (method === 'PUT' && n === 3) return json(200, { ids: state.putTransactions(accountId, (body as { transactions?: unknown }).transactions) });
      if (method === 'GET' && n === 3) return json(200, { ids: [...state.requireAccount(accountId).transactions.keys()] });
      if (method === 'POST' && action === 'generate' && n === 4) return json(201, { ids: state.generateTransactions(accountId, body as GenerateTransactionsRequest) });
      if (method === 'DELETE' && n === 4 && action) {
        return state.requireAccount(accountId).transactions.delete(action) ? json(200, { ok: true }) : json(404, { error: 'unknown transaction' });
      }
    }
    if (method === 'PUT' && sub === 'faults' && n === 3) return json(200, state.setFaults(accountId, body as FaultConfigInput));
    if (method === 'PUT' && sub === 'rate-limit' && n === 3) return json(200, state.setRateLimit(accountId, body as Partial<RateLimitSettings>));
    if (method === 'GET' && sub === 'requests' && n === 3) return json(200, state.requestLog(accountId));
    if (method === 'POST' && sub === 'requests' && action === 'reset' && n === 4) {
      state.resetRequests(accountId);
      return json(200, { ok: true });
    }
    return json(404, { error: 'unknown admin endpoint' });
  } catch (error) {
    return json(400, { error: error instanceof Error ? error.message : String(error) });
  }
}
