import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { DispatchResult, GuruTransactionEvent, IntegrationConfigSnapshot, SaleOrder, saleKey } from '@gv/contracts';
import { openServiceDataSource } from '@gv/db';
import { InboundMessage } from '@gv/kafka';
import { buildIntegrationConfig, generateSale, generateStatusChange } from '@gv/guru-sale-generator';
import { createLogger } from '@gv/telemetry';
import { testEnvironment, uniqueId } from '@gv/testing';
import { ConfigView } from '../src/config-view/config-view';
import { ParkedSale } from '../src/parking/parked-sale.entity';
import { SaleOutput, SaleOutputs } from '../src/sales/sale-outputs';
import { SaleProcessor } from '../src/sales/sale-processor';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS } from '../src/schema';
import { AwaitingInvoice } from '../src/warranty/awaiting-invoice.entity';
import { InvoiceDueScheduler } from '../src/warranty/invoice-due-scheduler';

/**
 * SaleProcessor on the real PostgreSQL, counting the statements it sends: a Guru event that writes
 * nothing costs one statement (no transaction); parking, un-parking, stale events and the
 * awaiting-invoice bookkeeping still go through the locked transaction.
 */
describe('SaleProcessor round trips on PostgreSQL', () => {
  const env = testEnvironment();
  const schema = uniqueId('mapsp').toLowerCase();
  const configs = new Map<string, IntegrationConfigSnapshot>();
  const published: Array<{ kind: 'order'; value: SaleOrder } | { kind: 'result'; value: DispatchResult }> = [];
  const statements: string[] = [];
  let dataSource: DataSource;
  let processor: SaleProcessor;
  let querySpy: jest.SpyInstance;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({
      url: env.databaseUrl,
      schema,
      entities: MAPPING_ENTITIES,
      migrations: MAPPING_MIGRATIONS,
      applicationName: 'mapping-service-test',
    });
    // Published (Guru events) and enqueued (releases, re-maps: tested on Kafka in
    // durable-release.integration.spec.ts) outputs are recorded alike here.
    const record = (output: SaleOutput) =>
      void published.push(output.kind === 'order' ? { kind: 'order', value: output.order } : { kind: 'result', value: output.result });
    const outputs = {
      publish: async (output: SaleOutput) => record(output),
      enqueue: async (_manager: unknown, output: SaleOutput) => record(output),
    } as unknown as SaleOutputs;
    const configView = { get: (accountId: string) => configs.get(accountId) ?? null } as unknown as ConfigView;
    processor = new SaleProcessor(dataSource, outputs, configView, createLogger('sale-processor-test', 'silent'));
    // Every statement sent on a connection (TypeORM's, START TRANSACTION and COMMIT included, and
    // the prepared ones) goes through pg's Client.query.
    const original = Client.prototype.query as (...args: unknown[]) => unknown;
    querySpy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string };
      statements.push(String(typeof first === 'string' ? first : first?.text).trim());
      return original.apply(this, args);
    } as never);
  });

  afterAll(async () => {
    querySpy?.mockRestore();
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  beforeEach(() => {
    statements.length = 0;
    published.length = 0;
  });

  function message(event: GuruTransactionEvent): InboundMessage {
    return {
      topic: 'guru.transactions.v1',
      partition: 0,
      offset: '0',
      key: saleKey(event.accountId, String(event.transaction.id)),
      value: Buffer.from(JSON.stringify(event)),
      headers: {},
      timestamp: String(Date.now()),
    };
  }

  async function handle(event: GuruTransactionEvent): Promise<string[]> {
    statements.length = 0;
    await processor.handleGuruEvent(event, message(event));
    return [...statements];
  }

  async function parkedRow(accountId: string, id: string): Promise<ParkedSale | null> {
    return dataSource.getRepository(ParkedSale).findOneBy({ accountId, guruTransactionId: id });
  }

  async function awaitingRow(accountId: string, id: string): Promise<AwaitingInvoice | null> {
    return dataSource.getRepository(AwaitingInvoice).findOneBy({ accountId, guruTransactionId: id });
  }

  function later(event: GuruTransactionEvent, status: string, hours: number): GuruTransactionEvent {
    const updatedAt = Date.parse(String((event.transaction.dates as Record<string, string>).updated_at));
    return generateStatusChange(event, status, new Date(updatedAt + hours * 3600_000));
  }

  const isTransaction = (sql: string) => sql === 'START TRANSACTION';

  it('fast path: a sale with nothing parked or awaiting is published after ONE statement, no transaction', async () => {
    const accountId = uniqueId('acctF');
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 1 }));
    const sale = generateSale({ seed: 31, id: uniqueId('sale'), accountId, status: 'approved', productCode: 'LIVRO-CONF', orderBumpCodes: [], variants: 'canonical' });

    const sent = await handle(sale);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^SELECT EXISTS \(SELECT 1 FROM ".+"\."parked_sales" .+ AS parked, EXISTS \(SELECT 1 FROM ".+"\."awaiting_invoices" .+ AS awaiting$/);
    expect(published).toHaveLength(1);
    expect(published[0].kind).toBe('order');
    expect((published[0].value as SaleOrder).guruTransactionId).toBe(sale.transaction.id);
    expect((published[0].value as SaleOrder).order.items.map((i) => i.guruProductCode)).toEqual(['LIVRO-CONF']);

    // A later event of the same sale (refund) also takes the fast path and is published.
    const refunded = later(sale, 'refunded', 48);
    expect(await handle(refunded)).toHaveLength(1);
    expect(published.map((p) => [p.kind, (p.value as SaleOrder).guruStatus])).toEqual([['order', 'approved'], ['order', 'refunded']]);
    expect(await parkedRow(accountId, String(sale.transaction.id))).toBeNull();
    expect(await awaitingRow(accountId, String(sale.transaction.id))).toBeNull();
  });

  it('fast path also answers results that write nothing (inactive integration → ignored)', async () => {
    const accountId = uniqueId('acctI');
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 1, active: false }));
    const sale = generateSale({ seed: 32, id: uniqueId('sale'), accountId, status: 'approved' });
    expect(await handle(sale)).toHaveLength(1);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ kind: 'result', value: { outcome: 'ignored', reason: 'integration_inactive', guruTransactionId: sale.transaction.id } });
  });

  it('slow path: parks, replaces, ignores a stale event, un-parks on a newer event and on release', async () => {
    const accountId = uniqueId('acctP');
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 1, unconfiguredCodes: ['KIT-BICOS'] }));
    const waiting = generateSale({ seed: 33, id: uniqueId('sale'), accountId, status: 'waiting_payment', method: 'billet', productCode: 'KIT-BICOS', orderBumpCodes: [] });
    const id = String(waiting.transaction.id);

    // needs_configuration writes a row: straight to the transaction (no extra check statement).
    const parkedSql = await handle(waiting);
    expect(parkedSql[0]).toBe('START TRANSACTION');
    expect(parkedSql[parkedSql.length - 1]).toBe('COMMIT');
    expect(parkedSql.some((sql) => /FOR UPDATE/.test(sql))).toBe(true);
    expect(parkedSql.some((sql) => /^SELECT EXISTS/.test(sql))).toBe(false);
    expect(published[0]).toMatchObject({ kind: 'result', value: { outcome: 'needs_configuration', productCodes: ['KIT-BICOS'] } });
    const firstPark = await parkedRow(accountId, id);
    expect(firstPark?.revision).toBe((published[0].value as DispatchResult).revision);

    // A newer event, still unconfigured, replaces the parked one.
    const approved = later(waiting, 'approved', 1);
    await handle(approved);
    const replaced = await parkedRow(accountId, id);
    expect(replaced?.revision).toBe((published[1].value as DispatchResult).revision);
    expect(replaced!.revision).toBeGreaterThan(firstPark!.revision);
    expect(replaced!.parkedAt.getTime()).toBe(firstPark!.parkedAt.getTime());

    // The settings now cover the product, but the older event arrives again: its decision writes
    // nothing, the check sees the parked row, and the locked transaction finds it stale.
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 2 }));
    published.length = 0;
    const staleSql = await handle(waiting);
    expect(staleSql[0]).toMatch(/^SELECT EXISTS/);
    expect(staleSql[1]).toBe('START TRANSACTION');
    expect(staleSql.some((sql) => /FOR UPDATE/.test(sql))).toBe(true);
    expect(published).toEqual([]);
    expect((await parkedRow(accountId, id))?.revision).toBe(replaced!.revision);

    // The newest event again, now mappable: the check sees the parked row, the transaction deletes it.
    const unparkSql = await handle(approved);
    expect(unparkSql[0]).toMatch(/^SELECT EXISTS/);
    expect(unparkSql.filter(isTransaction)).toHaveLength(1);
    expect(unparkSql.some((sql) => /^DELETE FROM ".+"\."parked_sales"/.test(sql))).toBe(true);
    expect(published).toHaveLength(1);
    // The parked result was the event's initial phase; its order (nothing withheld) is the complete one.
    expect(published[0]).toMatchObject({ kind: 'order', value: { guruTransactionId: id, guruStatus: 'approved', revision: replaced!.revision + 1 } });
    expect(await parkedRow(accountId, id)).toBeNull();

    // With nothing left, the next event is back on the fast path.
    expect(await handle(later(approved, 'refunded', 48))).toHaveLength(1);
  });

  it('release of a parked sale (settings change) still maps it in the locked transaction', async () => {
    const accountId = uniqueId('acctR');
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 1, unconfiguredCodes: ['PLANNER-2026'] }));
    const sale = generateSale({ seed: 34, id: uniqueId('sale'), accountId, status: 'approved', productCode: 'PLANNER-2026', orderBumpCodes: [] });
    const id = String(sale.transaction.id);
    await handle(sale);
    expect(await parkedRow(accountId, id)).not.toBeNull();

    const snapshot = buildIntegrationConfig({ accountId, version: 2 });
    configs.set(accountId, snapshot);
    published.length = 0;
    statements.length = 0;
    await processor.releaseParked(accountId, snapshot);
    expect(statements.some((sql) => /^SELECT EXISTS/.test(sql))).toBe(false);
    expect(statements.filter(isTransaction)).toHaveLength(1);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ kind: 'order', value: { guruTransactionId: id, configVersion: 2 } });
    expect(await parkedRow(accountId, id)).toBeNull();
  });

  it('slow path: an order waiting for the guarantee period is tracked, and a later event clears it', async () => {
    const accountId = uniqueId('acctW');
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 1, issueWhen: 'after_warranty' }));
    const sale = generateSale({ seed: 35, id: uniqueId('sale'), accountId, status: 'approved', productCode: '1587151083', orderBumpCodes: [] });
    const dates = sale.transaction.dates as Record<string, string>;
    dates.warranty_until = new Date(Date.now() + 7 * 86400_000).toISOString();
    const id = String(sale.transaction.id);

    // invoicesDueAt writes a row: straight to the transaction.
    const dueSql = await handle(sale);
    expect(dueSql[0]).toBe('START TRANSACTION');
    expect(dueSql.some((sql) => /^SELECT EXISTS/.test(sql))).toBe(false);
    const order = published[0].value as SaleOrder;
    expect(order.invoicesDueAt).toBe(new Date(dates.warranty_until).toISOString());
    const awaiting = await awaitingRow(accountId, id);
    expect(awaiting?.revision).toBe(order.revision);
    expect(awaiting?.dueAt.toISOString()).toBe(order.invoicesDueAt);

    // A refund writes nothing by itself, but the awaiting row exists: transaction, row deleted.
    const refundSql = await handle(later(sale, 'refunded', 48));
    expect(refundSql[0]).toMatch(/^SELECT EXISTS/);
    expect(refundSql.filter(isTransaction)).toHaveLength(1);
    expect(refundSql.some((sql) => /^DELETE FROM ".+"\."awaiting_invoices"/.test(sql))).toBe(true);
    expect(published.map((p) => [p.kind, (p.value as SaleOrder).guruStatus, (p.value as SaleOrder).invoicesDueAt ?? null]))
      .toEqual([['order', 'approved', order.invoicesDueAt], ['order', 'refunded', null]]);
    expect(await awaitingRow(accountId, id)).toBeNull();
  });

  it('the invoice-due scheduler hands each due row over once per run, even when it stays due', async () => {
    const accountId = uniqueId('acctS');
    const ids = [uniqueId('sale'), uniqueId('sale')];
    const repository = dataSource.getRepository(AwaitingInvoice);
    for (const [i, id] of ids.entries()) {
      const sale = generateSale({ seed: 36 + i, id, accountId, status: 'approved' });
      await repository.insert({ accountId, guruTransactionId: id, revision: 1000 + i, event: sale as never, dueAt: new Date(Date.now() - 60_000 + i), traceCarrier: {} });
    }
    const seen: string[] = [];
    // Re-maps that leave the row in place (one fails, one finds nothing to do) must not spin:
    // the old loop re-read the earliest due row until it was gone.
    const scheduler = new InvoiceDueScheduler(dataSource, async (row) => {
      if (row.accountId !== accountId) return;
      seen.push(row.guruTransactionId);
      if (row.guruTransactionId === ids[0]) throw new Error('injected re-map failure');
    }, createLogger('due-test', 'silent'), 60_000);
    await scheduler.runDue();
    expect(seen).toEqual(ids);
    expect((await repository.findBy({ accountId })).map((row) => row.guruTransactionId).sort()).toEqual([...ids].sort());
    // The next run tries them again.
    await scheduler.runDue();
    expect(seen).toEqual([...ids, ...ids]);
  });

  it('two instances handed the same due row, or releasing the same parked sale, owe one SaleOrder between them', async () => {
    const accountId = uniqueId('acctC');
    configs.set(accountId, buildIntegrationConfig({ accountId, version: 1, issueWhen: 'after_warranty', unconfiguredCodes: ['KIT-BICOS'] }));
    const due = generateSale({ seed: 38, id: uniqueId('sale'), accountId, status: 'approved', productCode: '1587151083', orderBumpCodes: [] });
    (due.transaction.dates as Record<string, string>).warranty_until = new Date(Date.now() + 1000).toISOString();
    const parked = generateSale({ seed: 39, id: uniqueId('sale'), accountId, status: 'approved', productCode: 'KIT-BICOS', orderBumpCodes: [] });
    await handle(due);
    await handle(parked);
    const row = await awaitingRow(accountId, String(due.transaction.id));
    expect(row).not.toBeNull();
    await new Promise((r) => setTimeout(r, Date.parse((due.transaction.dates as Record<string, string>).warranty_until) - Date.now() + 20));

    published.length = 0;
    await Promise.all([processor.remapDue(row!), processor.remapDue(row!)]);
    expect(published.map((p) => [p.kind, (p.value as SaleOrder).guruTransactionId, (p.value as SaleOrder).revision]))
      .toEqual([['order', String(due.transaction.id), row!.revision + 1]]);
    expect(await awaitingRow(accountId, String(due.transaction.id))).toBeNull();

    published.length = 0;
    const snapshot = buildIntegrationConfig({ accountId, version: 2, issueWhen: 'after_warranty' });
    configs.set(accountId, snapshot);
    await Promise.all([processor.releaseParked(accountId, snapshot), processor.releaseParked(accountId, snapshot)]);
    expect(published.map((p) => [p.kind, (p.value as SaleOrder).guruTransactionId])).toEqual([['order', String(parked.transaction.id)]]);
    expect(await parkedRow(accountId, String(parked.transaction.id))).toBeNull();
  });
});
