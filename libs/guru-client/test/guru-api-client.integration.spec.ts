/**
 * GuruApiClient against the Guru API simulator over loopback HTTP: pagination, the 180-day rule,
 * filters, authentication, the rate limit (identical simultaneous requests, a spent budget),
 * injected faults, and the transaction body. Exact values throughout; no timing assertions.
 */
import { parseGuruTransaction } from '@gv/contracts';
import { GuruApiClient, GuruApiClientOptions, GuruApiError, GuruFilterError, GuruRequestInfo, GuruTransactionBody, GuruTransactionFilter, splitPeriod } from '@gv/guru-client';
import { GuruSimulatorAdmin, RunningGuruApiSimulator, startGuruApiSimulator } from '@gv/guru-api-simulator';
import { generateSale } from '@gv/guru-sale-generator';
import { Agent } from 'undici';

let simulator: RunningGuruApiSimulator;
let agent: Agent;
let admin: GuruSimulatorAdmin;
let accounts = 0;

beforeAll(async () => {
  simulator = await startGuruApiSimulator();
  agent = new Agent({ connections: 8 });
  admin = new GuruSimulatorAdmin(simulator.adminUrl, agent);
});

afterAll(async () => {
  await agent.close();
  await simulator.close();
});

const JANUARY = { from: '2026-01-01T00:00:00-03:00', to: '2026-01-31T00:00:00-03:00' };
const FAST_RETRY = { baseDelayMs: 20, maxDelayMs: 100 };

/** A fresh Guru account with one user token, and a client for it that records its attempts. */
async function freshAccount(clientOptions: Partial<GuruApiClientOptions> = {}) {
  accounts += 1;
  const accountId = `acc-${accounts}`;
  const userToken = `user-token-${accounts}-${'x'.repeat(24)}`;
  await admin.createAccount({ accountId, userTokens: [userToken] });
  const requests: GuruRequestInfo[] = [];
  const newClient = (extra: Partial<GuruApiClientOptions> = {}) =>
    new GuruApiClient({ baseUrl: simulator.url, userToken, dispatcher: agent, timeoutMs: 5_000, retry: FAST_RETRY, onRequest: (info) => requests.push(info), ...clientOptions, ...extra });
  return { accountId, userToken, client: newClient(), newClient, requests };
}

/** The stored bodies (webhook form) of an account, straight from the simulator's state. */
function stored(accountId: string): GuruTransactionBody[] {
  return [...simulator.state.requireAccount(accountId).transactions.values()];
}

async function rejection(promise: Promise<unknown>): Promise<GuruApiError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GuruApiError);
  return error as GuruApiError;
}

async function all(client: GuruApiClient, filter: GuruTransactionFilter): Promise<GuruTransactionBody[]> {
  const out: GuruTransactionBody[] = [];
  for await (const transaction of client.transactions(filter)) out.push(transaction);
  return out;
}

const ids = (bodies: GuruTransactionBody[]) => bodies.map((b) => b.id as string);

describe('pagination', () => {
  it('follows the cursor across pages; total_rows only on the first page', async () => {
    const { accountId, client } = await freshAccount();
    const generated = await admin.generateTransactions(accountId, { count: 23, ...JANUARY, seed: 7, statuses: ['approved'] });
    const filter: GuruTransactionFilter = { period: { field: 'ordered_at', ...JANUARY }, pageSize: 10 };

    const pages = [];
    for await (const page of client.pages(filter)) pages.push(page);
    expect(pages.map((p) => [p.transactions.length, p.totalRows, p.onFirstPage, p.onLastPage, p.hasMorePages])).toEqual([
      [10, 23, true, false, true],
      [10, null, false, false, true],
      [3, null, false, true, false],
    ]);
    expect(pages[0].previousCursor).toBeNull();
    expect(pages[1].previousCursor).toEqual(expect.any(String));
    expect(pages[2].nextCursor).toBeNull();

    // Every transaction once, in Guru's order: ordered_at, then id.
    const listed = pages.flatMap((p) => p.transactions);
    expect([...ids(listed)].sort()).toEqual([...generated].sort());
    const order = listed.map((b) => [Date.parse((b.dates as { ordered_at: string }).ordered_at), b.id as string] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));

    // The same filters travel with every page; the cursor is added from the second on.
    const log = await admin.requestLog(accountId);
    expect(log.entries.map((e) => [e.route, e.status, new URLSearchParams(e.query).has('cursor'), new URLSearchParams(e.query).get('ordered_at_end')])).toEqual([
      ['/transactions', 200, false, '2026-01-30'],
      ['/transactions', 200, true, '2026-01-30'],
      ['/transactions', 200, true, '2026-01-30'],
    ]);

    // The transactions iterator reads the same rows.
    expect(ids(await all(client, filter))).toEqual(ids(listed));
  });

  it('lists a year through splitPeriod windows, each within 180 days', async () => {
    const { accountId, client } = await freshAccount();
    const generated = await admin.generateTransactions(accountId, { count: 40, from: '2025-01-01T00:00:00-03:00', to: '2026-01-01T00:00:00-03:00', seed: 11 });
    const listed: GuruTransactionBody[] = [];
    for (const window of splitPeriod('2025-01-01T00:00:00-03:00', '2026-01-01T00:00:00-03:00')) {
      listed.push(...(await all(client, { period: { field: 'ordered_at', ...window }, pageSize: 100 })));
    }
    expect([...ids(listed)].sort()).toEqual([...generated].sort());
    const log = await admin.requestLog(accountId);
    expect(log.entries.map((e) => [new URLSearchParams(e.query).get('ordered_at_ini'), new URLSearchParams(e.query).get('ordered_at_end')])).toEqual([
      ['2025-01-01', '2025-06-29'],
      ['2025-06-30', '2025-12-26'],
      ['2025-12-27', '2025-12-31'],
    ]);
  });
});

describe('the date range rule', () => {
  it('refuses more than 180 days before sending anything', async () => {
    const { accountId, client } = await freshAccount();
    const error = await client.listTransactions({ period: { field: 'ordered_at', from: '2026-01-01T00:00:00-03:00', to: '2026-07-01T00:00:00-03:00' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuruFilterError);
    expect((error as GuruFilterError).field).toBe('period');
    expect((error as Error).message).toBe("period: 181 days, above Guru's limit of 180 per request (split it with splitPeriod)");
    await expect(client.listTransactions({ productId: 'EBOOK-FIT' })).rejects.toThrow('period: required');
    expect((await admin.requestLog(accountId)).entries).toEqual([]);
  });

  it('accepts exactly 180 days, and reports Guru\'s own 422 with the parameter', async () => {
    const { client } = await freshAccount();
    const page = await client.listTransactions({ period: { field: 'confirmed_at', from: '2026-01-01T00:00:00-03:00', to: '2026-06-30T00:00:00-03:00' } });
    expect(page).toMatchObject({ transactions: [], totalRows: 0, hasMorePages: false, onFirstPage: true, onLastPage: true });
    const error = await rejection(client.listTransactions({ period: { field: 'ordered_at', ...JANUARY } }, 'not-a-cursor'));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: 422, attempts: 1, fieldErrors: { cursor: ['The cursor is invalid.'] } });
    expect(error.message).toBe('Guru GET /transactions failed, validation (HTTP 422): The cursor is invalid. [cursor: The cursor is invalid.]');
  });
});

describe('filters', () => {
  it('filters by status, payment type, product, marketplace, contact and the three dates', async () => {
    const { accountId, client } = await freshAccount();
    await admin.generateTransactions(accountId, {
      count: 24, ...JANUARY, seed: 3, variants: 'canonical',
      statuses: ['approved', 'refunded', 'canceled'], paymentMethods: ['pix', 'credit_card'], productCodes: ['EBOOK-FIT', 'LIVRO-CONF'],
    });
    const bodies = stored(accountId);
    const period = { field: 'ordered_at' as const, ...JANUARY };
    const sorted = (list: GuruTransactionBody[]) => ids(list).sort();
    const where = (test: (b: any) => boolean) => bodies.filter(test).map((b) => b.id as string).sort();

    const refundedPix = await all(client, { period, transactionStatus: ['refunded'], paymentTypes: ['pix'] });
    expect(refundedPix).toHaveLength(4);
    expect(sorted(refundedPix)).toEqual(where((b) => b.status === 'refunded' && b.payment.method === 'pix'));

    const ebook = await all(client, { period, productId: 'EBOOK-FIT' });
    expect(ebook).toHaveLength(12);
    expect(sorted(ebook)).toEqual(where((b) => b.product.id === 'EBOOK-FIT'));

    const twoStatuses = await all(client, { period, transactionStatus: ['approved', 'canceled'] });
    expect(twoStatuses).toHaveLength(16);

    const marketplace = (bodies[0] as any).payment.marketplace_name as string;
    expect(sorted(await all(client, { period, marketplaces: [marketplace] }))).toEqual(where((b) => b.payment.marketplace_name === marketplace));

    // Canceled sales were never confirmed; only they have a cancellation date (3 days after the order).
    const confirmed = await all(client, { period: { field: 'confirmed_at', from: JANUARY.from, to: '2026-02-10T00:00:00-03:00' } });
    expect(sorted(confirmed)).toEqual(where((b) => b.status !== 'canceled'));
    expect(confirmed).toHaveLength(16);
    const cancelled = await all(client, { period: { field: 'cancelled_at', from: JANUARY.from, to: '2026-02-10T00:00:00-03:00' } });
    expect(sorted(cancelled)).toEqual(where((b) => b.status === 'canceled'));

    // No period needed by contact.
    const contactId = (bodies[5] as any).contact.id as string;
    expect(ids(await all(client, { contactId }))).toEqual([bodies[5].id]);
  });
});

describe('authentication', () => {
  it('answers 401 to an unknown token, and checkToken tells a valid token from a refused one', async () => {
    const { client } = await freshAccount();
    await expect(client.checkToken()).resolves.toEqual({ valid: true });

    const wrongToken = 'not-a-guru-user-token-zzzz';
    const stranger = new GuruApiClient({ baseUrl: simulator.url, userToken: wrongToken, dispatcher: agent });
    const error = await rejection(stranger.listTransactions({ period: { field: 'ordered_at', ...JANUARY } }));
    expect(error).toMatchObject({ kind: 'auth', httpStatus: 401, guruMessage: 'Unauthenticated.', attempts: 1 });
    expect(error.message).toBe('Guru GET /transactions failed, auth (HTTP 401): Unauthenticated.');
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(wrongToken);
    await expect(stranger.checkToken()).resolves.toEqual({ valid: false, httpStatus: 401, reason: 'Unauthenticated.' });
  });
});

describe('rate limit', () => {
  it('an identical simultaneous request gets 429; the client waits Retry-After and succeeds', async () => {
    const { accountId, newClient, requests } = await freshAccount();
    const [id] = await admin.generateTransactions(accountId, { count: 1, ...JANUARY });
    await admin.setFaults(accountId, { latencyMs: 300 });
    // Two clients (as two processes would be): they cannot share their request.
    const [a, b] = await Promise.all([newClient().getTransaction(id), newClient().getTransaction(id)]);
    expect(a).toEqual(b);
    const outcomes = (await admin.requestLog(accountId)).entries.map((e) => [e.outcome, e.status]);
    expect(outcomes.sort()).toEqual([['answered', 200], ['answered', 200], ['identical_429', 429]]);
    expect(requests.map((r) => [r.status, r.next, r.waitMs]).sort()).toEqual([[200, 'done', undefined], [200, 'done', undefined], [429, 'wait_rate_limit', 1000]]);
  });

  it('one client shares identical simultaneous calls instead of sending them twice', async () => {
    const { accountId, client } = await freshAccount();
    const [id] = await admin.generateTransactions(accountId, { count: 1, ...JANUARY });
    await admin.setFaults(accountId, { latencyMs: 200 });
    const [a, b] = await Promise.all([client.getTransaction(id), client.getTransaction(id)]);
    expect(a).toEqual(b);
    expect((await admin.requestLog(accountId)).entries.map((e) => e.outcome)).toEqual(['answered']);
  });

  it('waits for the window when X-RateLimit-Remaining reaches 0, without a single 429', async () => {
    const { accountId, client } = await freshAccount();
    const generated = await admin.generateTransactions(accountId, { count: 8, ...JANUARY });
    await admin.setRateLimit(accountId, { limit: 5, windowMs: 1500 });
    for (const id of generated) expect((await client.getTransaction(id)).id).toBe(id);
    const entries = (await admin.requestLog(accountId)).entries;
    expect(entries.map((e) => e.outcome)).toEqual(Array(8).fill('answered'));
    // The sixth request went out in the next window.
    expect(entries[5].atMs - entries[0].atMs).toBeGreaterThanOrEqual(1500);
  });

  it('when another client spent the budget, the 429 is waited out and the call succeeds', async () => {
    const { accountId, client, newClient, requests } = await freshAccount();
    const generated = await admin.generateTransactions(accountId, { count: 4, ...JANUARY });
    await admin.setRateLimit(accountId, { limit: 3, windowMs: 1500 });
    for (const id of generated.slice(0, 3)) await client.getTransaction(id);
    const fresh = newClient();
    expect((await fresh.getTransaction(generated[3])).id).toBe(generated[3]);
    expect((await admin.requestLog(accountId)).entries.map((e) => e.outcome)).toEqual(['answered', 'answered', 'answered', 'window_429', 'answered']);
    const waited = requests.find((r) => r.status === 429);
    expect(waited).toMatchObject({ next: 'wait_rate_limit', rateLimit: { limit: 3, remaining: 0 } });
    expect(fresh.lastRateLimit).toMatchObject({ limit: 3, remaining: 2 });
  });

  it('gives up with rate_limited after the bounded number of 429s', async () => {
    const { accountId, client } = await freshAccount({ retry: { ...FAST_RETRY, maxRateLimitRetries: 2 } });
    const [id] = await admin.generateTransactions(accountId, { count: 1, ...JANUARY });
    await admin.setFaults(accountId, { script: ['rateLimited', 'rateLimited', 'rateLimited'], retryAfterSeconds: 0 });
    const error = await rejection(client.getTransaction(id));
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, attempts: 3, pathTemplate: '/transactions/{id}' });
  });
});

describe('faults', () => {
  it('retries a 500, a reset and a lost answer, then succeeds', async () => {
    const { accountId, client, requests } = await freshAccount();
    const [id] = await admin.generateTransactions(accountId, { count: 1, ...JANUARY });
    await admin.setFaults(accountId, { script: ['serverError', 'reset', 'responseLost'] });
    expect((await client.getTransaction(id)).id).toBe(id);
    expect((await admin.requestLog(accountId)).entries.map((e) => [e.outcome, e.status])).toEqual([
      ['serverError', 500], ['reset', null], ['responseLost', 200], ['answered', 200],
    ]);
    expect(requests.map((r) => [r.attempt, r.status, r.next])).toEqual([[1, 500, 'retry'], [2, 'error', 'retry'], [3, 'error', 'retry'], [4, 200, 'done']]);
  });

  it('stops after maxAttempts when Guru keeps failing', async () => {
    const { accountId, client } = await freshAccount({ retry: { ...FAST_RETRY, maxAttempts: 3 } });
    await admin.setFaults(accountId, { rates: { serverError: 1 } });
    const error = await rejection(client.listTransactions({ period: { field: 'ordered_at', ...JANUARY } }));
    expect(error).toMatchObject({ kind: 'transient', httpStatus: 500, attempts: 3, guruMessage: 'Server Error' });
    expect((await admin.requestLog(accountId)).entries).toHaveLength(3);
  });

  it('times out a slow answer, retries, and reports the timeout', async () => {
    const { accountId, client } = await freshAccount({ timeoutMs: 200, retry: { ...FAST_RETRY, maxAttempts: 2 } });
    const [id] = await admin.generateTransactions(accountId, { count: 1, ...JANUARY });
    await admin.setFaults(accountId, { latencyMs: 1000 });
    const error = await rejection(client.getTransaction(id));
    expect(error).toMatchObject({ kind: 'transient', httpStatus: null, causeCode: 'TIMEOUT', attempts: 2 });
  });
});

describe('getTransaction', () => {
  it('returns the webhook body, which the contracts schema accepts', async () => {
    const { accountId, client } = await freshAccount();
    const sales = [1, 2, 3, 4, 5].map((seed) => generateSale({ seed, accountId, status: seed % 2 === 0 ? 'refunded' : 'approved' }).transaction);
    await admin.putTransactions(accountId, sales);
    for (const sale of sales) {
      const body = await client.getTransaction(sale.id as string);
      // The API form (Unix dates, `trackings`) turned back into the webhook's.
      expect(body).toEqual(sale);
      const parsed = parseGuruTransaction(body);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.transaction.dates.ordered_at).toBe(new Date((sale.dates as { ordered_at: string }).ordered_at).toISOString());
    }
  });

  it('answers not_found for an unknown id and for another account\'s transaction', async () => {
    const other = await freshAccount();
    const [othersId] = await admin.generateTransactions(other.accountId, { count: 1, ...JANUARY });
    const { client } = await freshAccount();
    expect(await rejection(client.getTransaction(othersId))).toMatchObject({ kind: 'not_found', httpStatus: 404, pathTemplate: '/transactions/{id}' });
    expect(await rejection(client.getTransaction('no-such-transaction'))).toMatchObject({ kind: 'not_found', httpStatus: 404 });
  });
});
