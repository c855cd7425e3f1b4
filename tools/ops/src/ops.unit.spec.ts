import { HEADERS } from '@gv/contracts';
import { parseCommand, UsageError } from './args';
import {
  DeadLetter, groupOfDeadLetterTopic, isDeadLetterTopic, replayedFromValue, replayHeaders, replayTarget,
  selectDeadLetters, toDeadLetter,
} from '@gv/operations';
import { opsEnvironment } from './env';
import { table, truncate } from './format';
import { formatSale, SaleView } from './sale/sale-show';
import { runAuditCommand } from './audit/audit-commands';
import { configRepublish } from './config/republish';
import type { OpsContext } from './context';

function letter(offset: string, overrides: Partial<Parameters<typeof toDeadLetter>[0]> = {}, headers: Record<string, string> = {}): DeadLetter {
  return toDeadLetter({
    topic: 'deadletter.invoice-dispatcher.v1',
    partition: 0,
    offset,
    timestamp: '1767225600000',
    key: Buffer.from('acc-1:tx-1'),
    value: Buffer.from('{"a":1}'),
    headers: {
      [HEADERS.contract]: 'sale-order@1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      [HEADERS.dlqReason]: 'vhsys_validation: order_items: O valor do campo (id_produto) não é válido',
      [HEADERS.dlqOriginalTopic]: 'vhsys.sale-orders.v1',
      [HEADERS.dlqOriginalPartition]: '4',
      [HEADERS.dlqOriginalOffset]: '17',
      [HEADERS.dlqConsumerGroup]: 'invoice-dispatcher',
      [HEADERS.dlqFailedAt]: '2026-01-01T00:00:00.000Z',
      ...headers,
    },
    ...overrides,
  });
}

describe('parseCommand', () => {
  it('parses dlq list with defaults and options', () => {
    expect(parseCommand(['dlq', 'list'])).toEqual({ name: 'dlq list', group: null, account: null, limit: 100, wide: false, json: false });
    expect(parseCommand(['dlq', 'list', '--group', 'mapping-service', '--account', 'acc-1', '--limit', '5', '--json'])).toMatchObject({
      group: 'mapping-service', account: 'acc-1', limit: 5, json: true,
    });
  });

  it('parses dlq replay selectors and refuses none or several', () => {
    expect(parseCommand(['dlq', 'replay', '--group', 'g', '--offset', '7,010'])).toMatchObject({ selector: { kind: 'offset', offsets: ['7', '10'] } });
    expect(parseCommand(['dlq', 'replay', '--group', 'g', '--account', 'acc-1', '--dry-run'])).toMatchObject({ selector: { kind: 'account', accountId: 'acc-1' }, dryRun: true });
    expect(parseCommand(['dlq', 'replay', '--group', 'g', '--all', '--force', '--to', 't'])).toMatchObject({ selector: { kind: 'all' }, force: true, to: 't' });
    expect(() => parseCommand(['dlq', 'replay', '--group', 'g'])).toThrow(UsageError);
    expect(() => parseCommand(['dlq', 'replay', '--group', 'g', '--all', '--offset', '1'])).toThrow(/exactly one/);
    expect(() => parseCommand(['dlq', 'replay', '--all'])).toThrow(/--group is required/);
    expect(() => parseCommand(['dlq', 'replay', '--group', 'g', '--offset', 'x'])).toThrow(/offsets/);
  });

  it('parses sale show and config republish; refuses unknown commands and options that do not apply', () => {
    expect(parseCommand(['sale', 'show', '--account', 'a', '--sale', 's'])).toEqual({ name: 'sale show', account: 'a', sale: 's', schema: null, json: false });
    expect(parseCommand(['sale', 'replay', '--account', 'a', '--failed', '--dry-run'])).toEqual({ name: 'sale replay', account: 'a', sale: null, schema: null, force: false, dryRun: true, json: false });
    expect(parseCommand(['sale', 'replay', '--account', 'a', '--sale', 's', '--force'])).toMatchObject({ sale: 's', force: true });
    expect(() => parseCommand(['sale', 'replay', '--account', 'a'])).toThrow(/exactly one of --sale S, --failed/);
    expect(() => parseCommand(['sale', 'replay', '--account', 'a', '--sale', 's', '--failed'])).toThrow(/exactly one/);
    expect(parseCommand(['config', 'republish'])).toEqual({ name: 'config republish', account: null, json: false });
    expect(parseCommand(['config', 'republish', '--account', 'a'])).toMatchObject({ account: 'a' });
    expect(parseCommand(['outbox', 'list'])).toEqual({ name: 'outbox list', schema: null, wide: false, json: false });
    expect(parseCommand(['outbox', 'list', '--schema', 'config_service', '--wide'])).toEqual({ name: 'outbox list', schema: 'config_service', wide: true, json: false });
    expect(parseCommand(['outbox', 'retry', '--schema', 's', '--id', '12,13'])).toEqual({ name: 'outbox retry', schema: 's', ids: ['12', '13'], force: false, dryRun: false, json: false });
    expect(parseCommand(['outbox', 'retry', '--schema', 's', '--all', '--force', '--dry-run'])).toEqual({ name: 'outbox retry', schema: 's', ids: 'all', force: true, dryRun: true, json: false });
    expect(() => parseCommand(['outbox', 'retry', '--schema', 's'])).toThrow(/exactly one of --id N\[,N...\], --all/);
    expect(() => parseCommand(['outbox', 'retry', '--id', '1'])).toThrow(/--schema is required/);
    expect(() => parseCommand(['outbox', 'retry', '--schema', 's', '--id', 'x'])).toThrow(/--id takes outbox row ids/);
    expect(() => parseCommand(['outbox', 'list', '--all'])).toThrow(/does not apply/);
    expect(parseCommand([])).toEqual({ name: 'help' });
    expect(() => parseCommand(['dlq', 'purge'])).toThrow(/unknown command/);
    expect(() => parseCommand(['sale', 'show', '--account', 'a'])).toThrow(/--sale is required/);
    expect(() => parseCommand(['config', 'republish', '--all'])).toThrow(/does not apply/);
    expect(() => parseCommand(['dlq', 'list', '--bogus'])).toThrow(UsageError);
  });
});

describe('dead letters', () => {
  it('reads the dead-letter headers, account and sale from headers or key', () => {
    const d = letter('3');
    expect(d).toMatchObject({
      key: 'acc-1:tx-1', accountId: 'acc-1', saleId: 'tx-1', originalTopic: 'vhsys.sale-orders.v1', originalPartition: 4,
      originalOffset: '17', consumerGroup: 'invoice-dispatcher', failedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(letter('1', {}, { [HEADERS.accountId]: 'from-header' }).accountId).toBe('from-header');
    expect(letter('1', { key: 'acc-only' }).accountId).toBe('acc-only');
    expect(letter('1', { key: null }).accountId).toBeNull();
  });

  it('recognises dead-letter topics and their group', () => {
    expect(isDeadLetterTopic('deadletter.invoice-dispatcher.v1')).toBe(true);
    expect(isDeadLetterTopic('vhsys.sale-orders.v1')).toBe(false);
    expect(groupOfDeadLetterTopic('deadletter.iso-1-mapping-service.v1')).toBe('iso-1-mapping-service');
  });

  it('selects by offset, account or all, in offset order', () => {
    const letters = [letter('10'), letter('2', { key: 'acc-2:tx-9' }), letter('7')];
    expect(selectDeadLetters(letters, { kind: 'all' }).map((d) => d.offset)).toEqual(['2', '7', '10']);
    expect(selectDeadLetters(letters, { kind: 'account', accountId: 'acc-1' }).map((d) => d.offset)).toEqual(['7', '10']);
    expect(selectDeadLetters(letters, { kind: 'offset', offsets: ['10', '99'] }).map((d) => d.offset)).toEqual(['10']);
  });

  it('replays to the original topic, a retry topic to its main topic, or the override', () => {
    expect(replayTarget(letter('1'))).toBe('vhsys.sale-orders.v1');
    expect(replayTarget(letter('1', {}, { [HEADERS.dlqOriginalTopic]: 'iso.vhsys.sale-orders.retry.v1' }))).toBe('iso.vhsys.sale-orders.v1');
    expect(replayTarget(letter('1'), 'other.v1')).toBe('other.v1');
    const { [HEADERS.dlqOriginalTopic]: _omit, ...withoutOrigin } = letter('1').headers;
    expect(() => replayTarget({ ...letter('1'), headers: withoutOrigin, originalTopic: null })).toThrow(/--to/);
  });

  it('replay headers keep the original ones (trace included), drop x-dlq-*, and add x-replayed-from', () => {
    const d = letter('42');
    const headers = replayHeaders(d, 'vhsys.sale-orders.v1');
    expect(Object.keys(headers).filter((h) => h.startsWith('x-dlq-'))).toEqual([]);
    expect(headers.traceparent).toBe(d.headers.traceparent);
    expect(headers[HEADERS.contract]).toBe('sale-order@1');
    expect(headers['x-replayed-from']).toBe('deadletter.invoice-dispatcher.v1:42');
    expect(replayedFromValue({ ...d, partition: 2 })).toBe('deadletter.invoice-dispatcher.v1/2:42');
  });

  it('drops retry bookkeeping when a retry topic message goes back to the main topic', () => {
    const d = letter('1', {}, {
      [HEADERS.dlqOriginalTopic]: 'vhsys.sale-orders.retry.v1',
      [HEADERS.retryAttempt]: '4', [HEADERS.retryNotBefore]: '1767225600000', 'x-retry-generation': '3', 'x-retry-reason': 'transient',
    });
    const headers = replayHeaders(d, replayTarget(d));
    expect(Object.keys(headers).filter((h) => h.startsWith('x-retry-'))).toEqual([]);
    expect(Object.keys(replayHeaders(d, 'vhsys.sale-orders.retry.v1'))).toContain('x-retry-generation');
  });
});

describe('opsEnvironment', () => {
  it('has working defaults and refuses unsafe schema names', () => {
    const env = opsEnvironment({});
    expect(env).toMatchObject({ kafkaBrokers: ['127.0.0.1:19092'], opsSchema: 'ops', dispatcherSchema: 'invoice_dispatcher', configServiceUrl: 'http://127.0.0.1:3001', adminToken: null });
    expect(opsEnvironment({ ADMIN_TOKEN: 't', CONFIG_SERVICE_ADMIN_TOKEN: 'c', CONFIG_SERVICE_URL: 'http://x/' })).toMatchObject({ adminToken: 'c', configServiceUrl: 'http://x' });
    expect(() => opsEnvironment({ OPS_SCHEMA: 'ops"; drop table x; --' })).toThrow(/identifier/);
  });
});

describe('format', () => {
  it('aligns columns and shows missing values as -', () => {
    expect(table(['A', 'BB'], [['x', null], ['long', 'v']])).toBe('A     BB\n----  --\nx     -\nlong  v');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('formats a sale with its Vhsys ids and steps', () => {
    const view: SaleView = {
      saleKey: 'acc-1:tx-1', accountId: 'acc-1', guruTransactionId: 'tx-1', status: 'reconciled', desiredRevision: 17672256000005,
      reconciledRevision: 17672256000005, attempts: 1, retryGeneration: 1, nextAttemptAt: null, lastErrorKind: null, lastError: null,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', createdAt: null, updatedAt: null,
      vhsys: { idCliente: 11, idPed: 22, idPedido: 3, appliedStatus: 'Atendido', appliedSituacao: null, nfe: { idVenda: 44, emitted: true, chave: 'K', protocolo: 'P', danfeUrl: null }, nfse: null },
      account: { paused: false, pausedReason: null, pausedAt: null },
      steps: [{ step: 'order', state: 'done', revision: 17672256000005, runs: 1, startedAt: null, finishedAt: null, result: { idPed: 22 }, error: null }],
    };
    const text = formatSale(view);
    expect(text).toContain('id_ped 22, número 3, status Atendido');
    expect(text).toContain('id_venda 44, emitted, chave K');
    expect(text).toContain('0af7651916cd43dd8448eb211c80319c');
    expect(text).toMatch(/order\s+done/);
  });
});

describe('configRepublish', () => {
  const ctx = (token: string | null): OpsContext & { lines: string[] } => {
    const lines: string[] = [];
    return {
      lines,
      env: { ...opsEnvironment({}), adminToken: token, configServiceUrl: 'http://cfg' },
      kafka: () => { throw new Error('no kafka in this test'); },
      out: (l) => void lines.push(l),
      note: (l) => void lines.push(l),
      logger: undefined as never,
    };
  };

  it('posts {accountId} with the admin token to /v1/admin/republish', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ republished: 1 }), { status: 202 });
    }) as unknown as typeof fetch;
    const c = ctx('admin-token-123456789');
    const result = await configRepublish(c, { account: 'acc-1' }, fake);
    expect(result).toEqual({ status: 202, body: { republished: 1 } });
    expect(calls[0].url).toBe('http://cfg/v1/admin/republish');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ accountId: 'acc-1' });
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer admin-token-123456789');
    expect(c.lines.join('\n')).not.toContain('admin-token-123456789');
  });

  it('explains a missing route, a refused token, and a missing token', async () => {
    const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;
    await expect(configRepublish(ctx('t'), { account: null }, answer(404, { error: 'not_found', message: 'no such endpoint', details: [] }))).rejects.toThrow(/no POST \/v1\/admin\/republish route/);
    await expect(configRepublish(ctx('t'), { account: 'x' }, answer(404, { error: 'not_found', message: 'no integration for this account', details: [] }))).rejects.toThrow(/HTTP 404/);
    await expect(configRepublish(ctx('t'), { account: null }, answer(401, {}))).rejects.toThrow(/refused the admin token/);
    await expect(configRepublish(ctx(null), { account: null }, answer(200, {}))).rejects.toThrow(/ADMIN_TOKEN/);
  });
});

describe('audit commands', () => {
  const A = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
  const F = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it('parses start, list, show, repair and accept; refuses missing or malformed ids and extra arguments', () => {
    expect(parseCommand(['audit', 'start', '--account', 'acc-1', '--from', '2026-03-01T00:00:00-03:00', '--to', '2026-04-01T00:00:00-03:00'])).toEqual({
      name: 'audit start', account: 'acc-1', from: '2026-03-01T00:00:00-03:00', to: '2026-04-01T00:00:00-03:00', json: false,
    });
    expect(parseCommand(['audit', 'list', '--account', 'acc-1'])).toEqual({ name: 'audit list', account: 'acc-1', json: false });
    expect(parseCommand(['audit', 'show', '--account', 'acc-1', A, '--json'])).toEqual({ name: 'audit show', account: 'acc-1', auditId: A, json: true });
    expect(parseCommand(['audit', 'repair', '--account', 'acc-1', A, F])).toEqual({ name: 'audit repair', account: 'acc-1', auditId: A, findingId: F, json: false });
    expect(parseCommand(['audit', 'accept', '--account', 'acc-1', A, F])).toMatchObject({ name: 'audit accept', findingId: F });
    expect(() => parseCommand(['audit', 'start', '--account', 'acc-1', '--from', 'x'])).toThrow('audit start: --to is required');
    expect(() => parseCommand(['audit', 'show', '--account', 'acc-1'])).toThrow('audit show: <auditId> is required');
    expect(() => parseCommand(['audit', 'repair', '--account', 'acc-1', A, 'nope'])).toThrow('audit repair: <findingId> must be a uuid, got "nope"');
    expect(() => parseCommand(['audit', 'show', '--account', 'acc-1', A, F])).toThrow(`unexpected argument "${F}"`);
    expect(() => parseCommand(['audit', 'list', '--account', 'acc-1', A])).toThrow(`unexpected argument "${A}"`);
    expect(() => parseCommand(['sale', 'show', '--account', 'a', '--sale', 's', 'extra'])).toThrow('unexpected argument "extra"');
    expect(() => parseCommand(['audit', 'list', '--account', 'acc-1', '--from', 'x'])).toThrow('audit list: --from does not apply');
  });

  it('calls config-service\'s audit routes with the admin token and prints the findings', async () => {
    const lines: string[] = [];
    const c: OpsContext = {
      env: { ...opsEnvironment({}), adminToken: 'admin-token-123456789', configServiceUrl: 'http://cfg' },
      kafka: () => { throw new Error('no kafka in this test'); },
      out: (l) => void lines.push(l), note: (l) => void lines.push(l), logger: undefined as never,
    };
    const calls: { url: string; method: string; body: unknown }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, method: String(init.method), body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
      if (url.endsWith('/audits')) return new Response(JSON.stringify({ auditId: A, requestedBy: 'ops', requestedAt: '2026-03-05T12:00:00.000Z' }), { status: 202 });
      if (url.endsWith(`/audits/${A}`)) {
        return new Response(JSON.stringify({
          auditId: A, status: 'done', from: '2026-03-01T03:00:00.000Z', to: '2026-04-01T03:00:00.000Z', requestedBy: 'ops', requestedAt: '2026-03-05T12:00:00.000Z',
          startedAt: null, finishedAt: null, error: null, counts: { salesChecked: 3, salesSkipped: 0, pedidosListed: 3, findings: 1 }, findingsTotal: 1,
          findings: [{ findingId: F, kind: 'pedido_missing', guruTransactionId: 'tx-1', idPed: 12, expected: { idPed: 12 }, found: null, resolution: 'open', resolvedBy: null, note: null, repairable: true, pendingRequest: null, refusal: null }],
        }), { status: 200 });
      }
      return new Response(JSON.stringify({ auditId: A, findingId: F, requested: 'repair' }), { status: 202 });
    }) as unknown as typeof fetch;
    await runAuditCommand(c, { name: 'audit start', account: 'acc 1', from: '2026-03-01T00:00:00-03:00', to: '2026-04-01T00:00:00-03:00', json: false }, fake);
    await runAuditCommand(c, { name: 'audit show', account: 'acc 1', auditId: A, json: false }, fake);
    await runAuditCommand(c, { name: 'audit repair', account: 'acc 1', auditId: A, findingId: F, json: false }, fake);
    expect(calls).toEqual([
      { url: 'http://cfg/v1/accounts/acc%201/audits', method: 'POST', body: { from: '2026-03-01T00:00:00-03:00', to: '2026-04-01T00:00:00-03:00' } },
      { url: `http://cfg/v1/accounts/acc%201/audits/${A}`, method: 'GET', body: undefined },
      { url: `http://cfg/v1/accounts/acc%201/audits/${A}/findings/${F}/repair`, method: 'POST', body: undefined },
    ]);
    expect(lines[0]).toBe(`audit ${A} requested for account acc 1; follow it with: audit show --account acc 1 ${A}`);
    expect(lines[2]).toBe(`  ${F}  pedido_missing             sale tx-1, pedido 12  expected {"idPed":12} found null  [open]`);
    expect(lines.join('\n')).not.toContain('admin-token-123456789');
  });
});
