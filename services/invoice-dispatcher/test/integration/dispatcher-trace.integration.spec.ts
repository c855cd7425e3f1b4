/**
 * One trace per sale across the retry topic: the dispatcher (child process exporting OTLP) continues
 * the trace of the incoming sale order in its retry consumer and publishes the result in it.
 */
import { randomBytes } from 'crypto';
import { HEADERS, SALE_ORDER, saleKey } from '@gv/contracts';
import { eventually, freePort, OtlpCollector, ServiceProcess, uniqueId } from '@gv/testing';
import { buildSaleOrder } from '../support/sale-order-builder';
import { CATALOG, DispatcherTestBed } from '../support/test-bed';

jest.setTimeout(120_000);


describe('invoice-dispatcher tracing', () => {
  let bed: DispatcherTestBed;
  let collector: OtlpCollector;
  let dispatcher: ServiceProcess;

  beforeAll(async () => {
    bed = await DispatcherTestBed.create();
    collector = new OtlpCollector();
    await collector.start();
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await collector?.stop();
    await bed?.cleanup();
  });

  it('continues each sale\'s trace through its retries and into its result', async () => {
    const account = await bed.addAccount({ rates: { transient200: 0.35 }, seed: 77 });
    const port = await freePort();
    dispatcher = new ServiceProcess({
      entry: 'services/invoice-dispatcher/src/main.ts',
      name: 'invoice-dispatcher',
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
      env: bed.dispatcherEnv({ DISPATCHER_HTTP_PORT: String(port), OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, LOG_LEVEL: 'warn' }),
    });
    await dispatcher.start(90_000);

    const sales = Array.from({ length: 6 }, (_, i) => buildSaleOrder({ accountId: account.accountId, guruTransactionId: uniqueId('txt'), catalog: CATALOG, seed: 700 + i }));
    const traceOf = new Map<string, string>();
    await bed.probe.produce(bed.topics.saleOrders, sales.map((sale) => {
      const traceId = randomBytes(16).toString('hex');
      traceOf.set(sale.guruTransactionId, traceId);
      return {
        key: saleKey(sale.accountId, sale.guruTransactionId),
        value: sale,
        headers: { [HEADERS.contract]: SALE_ORDER, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      };
    }));
    await eventually(() => sales.every((s) => bed.results((r) => r.guruTransactionId === s.guruTransactionId && r.outcome === 'created').length === 1), 60_000, 'all created');

    // Every result is published inside its sale's trace.
    for (const message of bed.probe.received(bed.topics.dispatchResults)) {
      const tx = (message.value as { guruTransactionId: string }).guruTransactionId;
      expect(message.headers.traceparent?.split('-')[1]).toBe(traceOf.get(tx));
    }
    // The work, including retries from the retry topic, is in the sale's trace.
    const retried = await eventually(() => {
      const withRetry = sales.filter((s) => collector.trace(traceOf.get(s.guruTransactionId)!).some((span) => span.name === 'dispatcher.retry'));
      const allHaveWork = sales.every((s) => collector.trace(traceOf.get(s.guruTransactionId)!).some((span) => span.name === 'dispatcher.sale_order'));
      return allHaveWork && withRetry.length > 0 && withRetry;
    }, 20_000, 'spans exported');
    const spans = collector.trace(traceOf.get(retried[0]!.guruTransactionId)!);
    expect(spans.every((span) => span.service === 'invoice-dispatcher')).toBe(true);
    expect(spans.some((span) => span.name.startsWith('dispatcher.step'))).toBe(true);
    expect(spans.find((span) => span.name === 'dispatcher.retry')?.attributes['guru.transaction_id']).toBe(retried[0]!.guruTransactionId);
  });
});
