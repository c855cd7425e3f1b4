/**
 * The Guru API simulator on the wire, without the client: Guru's envelope, status codes, error
 * bodies and headers exactly as docs/guru-api.md describes them.
 */
import { GuruSimulatorAdmin, RunningGuruApiSimulator, startGuruApiSimulator } from '@gv/guru-api-simulator';
import { request } from 'undici';

let simulator: RunningGuruApiSimulator;
let admin: GuruSimulatorAdmin;
const TOKEN = 'wire-user-token-aaaaaaaa';
let clockMs = Date.parse('2026-02-01T12:00:00Z');

beforeAll(async () => {
  simulator = await startGuruApiSimulator({ clock: () => new Date(clockMs) });
  admin = new GuruSimulatorAdmin(simulator.adminUrl);
  await admin.createAccount({ accountId: 'wire', userTokens: [TOKEN, 'wire-second-token-bbbb'] });
  await admin.generateTransactions('wire', { count: 5, from: '2026-01-01T00:00:00-03:00', to: '2026-01-11T00:00:00-03:00', statuses: ['approved'] });
});

afterAll(() => simulator.close());

async function get(path: string, token: string | null = TOKEN) {
  const response = await request(`${simulator.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

it('lists in Guru\'s envelope, total_rows on the first page only', async () => {
  const first = await get('/transactions?ordered_at_ini=2026-01-01&ordered_at_end=2026-01-10&per_page=3');
  expect(first.status).toBe(200);
  expect(Object.keys(first.body).sort()).toEqual(['data', 'has_more_pages', 'next_cursor', 'on_first_page', 'on_last_page', 'per_page', 'previous_cursor', 'total_rows']);
  expect(first.body).toMatchObject({ has_more_pages: true, previous_cursor: null, per_page: 3, on_first_page: true, on_last_page: false, total_rows: 5 });
  const second = await get(`/transactions?ordered_at_ini=2026-01-01&ordered_at_end=2026-01-10&per_page=3&cursor=${first.body.next_cursor}`);
  expect(second.body).toMatchObject({ has_more_pages: false, next_cursor: null, per_page: 3, on_first_page: false, on_last_page: true });
  expect(second.body.data).toHaveLength(2);
  expect('total_rows' in second.body).toBe(false);
  // Going back gives the first page again (without its total).
  const back = await get(`/transactions?ordered_at_ini=2026-01-01&ordered_at_end=2026-01-10&per_page=3&cursor=${second.body.previous_cursor}`);
  expect(back.body.data.map((t: { id: string }) => t.id)).toEqual(first.body.data.map((t: { id: string }) => t.id));
  expect(back.body).toMatchObject({ on_first_page: true, previous_cursor: null, has_more_pages: true });
});

it('shows a transaction in the API form: Unix dates, trackings', async () => {
  const [id] = await admin.transactionIds('wire');
  const { status, body } = await get(`/transactions/${id}`);
  expect(status).toBe(200);
  expect(typeof body.dates.ordered_at).toBe('number');
  expect(body.trackings).toEqual(expect.objectContaining({ utm_source: '' }));
  expect('source' in body).toBe(false);
  expect(body.api_token).toBe(simulator.state.requireAccount('wire').accountToken);
});

it('refuses a missing or too long range with 422 naming the parameter', async () => {
  const missing = await get('/transactions?product_id=EBOOK-FIT');
  expect(missing.status).toBe(422);
  expect(Object.keys(missing.body.errors)).toEqual(['ordered_at_ini']);
  const tooLong = await get('/transactions?ordered_at_ini=2026-01-01&ordered_at_end=2026-06-30');
  expect(tooLong).toMatchObject({
    status: 422,
    body: { message: 'The range from ordered_at_ini to ordered_at_end must not exceed 180 days (got 181, both days included).', errors: { ordered_at_end: ['The range from ordered_at_ini to ordered_at_end must not exceed 180 days (got 181, both days included).'] } },
  });
  expect((await get('/transactions?ordered_at_ini=2026-01-01&ordered_at_end=2026-06-29')).status).toBe(200);
  expect((await get('/transactions?contact_id=nobody')).body).toMatchObject({ data: [], total_rows: 0 });
});

it('answers 401 without a known user token, and 404 for an unknown transaction', async () => {
  expect(await get('/transactions?contact_id=x', null)).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } });
  expect(await get('/transactions?contact_id=x', 'unknown-token-cccccccc')).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } });
  expect(await get('/transactions/nope')).toMatchObject({ status: 404, body: { message: 'Transaction not found.' } });
});

it('reports the budget on every answer and refuses beyond it with Retry-After', async () => {
  await admin.setRateLimit('wire', { limit: 2, windowMs: 60_000 });
  const a = await get('/transactions?contact_id=x');
  const b = await get('/transactions?contact_id=y', 'wire-second-token-bbbb');
  clockMs += 20_000;
  const c = await get('/transactions?contact_id=z');
  expect([a, b, c].map((r) => [r.status, r.headers['x-ratelimit-limit'], r.headers['x-ratelimit-remaining'], r.headers['x-ratelimit-reset'], r.headers['retry-after']])).toEqual([
    [200, '2', '1', String(Math.ceil((clockMs - 20_000 + 60_000) / 1000)), undefined],
    [200, '2', '0', String(Math.ceil((clockMs - 20_000 + 60_000) / 1000)), undefined],
    [429, '2', '0', String(Math.ceil((clockMs - 20_000 + 60_000) / 1000)), '40'],
  ]);
  expect(c.body).toEqual({ message: 'Too Many Attempts.' });
  const log = await admin.requestLog('wire');
  // Both users' requests count against the one account; the log keeps which token, never the token.
  expect(log.entries.slice(-3).map((e) => [e.tokenIndex, e.outcome, e.status])).toEqual([[0, 'answered', 200], [1, 'answered', 200], [0, 'window_429', 429]]);
  expect(JSON.stringify(log)).not.toContain(TOKEN);
  await admin.setRateLimit('wire', { limit: 360, windowMs: 60_000 });
});

it('refuses admin nonsense with the reason', async () => {
  await expect(admin.generateTransactions('wire', { count: 1, from: '2026-01-01T00:00:00-03:00', to: '2026-01-02T00:00:00-03:00', productCodes: ['NOPE'] })).rejects.toThrow(
    'productCodes[0]: "NOPE" is not one of 1587151083, EBOOK-FIT, MENTORIA-3M, LIVRO-CONF, KIT-BICOS',
  );
  await expect(admin.generateTransactions('wire', { count: 1, from: '2026-01-01', to: '2026-01-02T00:00:00-03:00' })).rejects.toThrow('from must be an ISO 8601 date-time with a time zone');
  await expect(admin.setFaults('wire', { rates: { serverError: 2 } })).rejects.toThrow('faults.rates.serverError must be a number from 0 to 1');
  await expect(admin.createAccount({ accountId: 'thief', userTokens: [TOKEN] })).rejects.toThrow('a user token of this account already belongs to another account');
});
