import { DataSource } from 'typeorm';
import { meter, observeCached } from '@gv/telemetry';
import { ParkedSale } from './parking/parked-sale.entity';
import { AwaitingInvoice } from './warranty/awaiting-invoice.entity';

/**
 * mapping-service's gauges: the sales waiting in its schema. Each is a COUNT, read at most every
 * `ttlMs` however often /metrics is scraped. (Its counters live in sales/sale-processor.ts.)
 * Every instance reports the same table, so dashboards take the max over instances, not the sum.
 *
 * - `mapping_parked_sales`: sales waiting for the Faturamento settings of a product;
 * - `mapping_awaiting_invoices`: sales mapped without invoices, waiting for the guarantee period;
 * - `mapping_outbox_backlog`: messages releases and re-maps committed, not yet published (`backlog`).
 *
 * Returns the function that detaches them (on stop, before the database closes).
 */
export function observeWaitingSales(dataSource: DataSource, backlog: () => Promise<number>, ttlMs = 5000): () => void {
  const m = meter();
  const parked = m.createObservableGauge('mapping_parked_sales', {
    description: 'Sales parked until the Faturamento settings of their products arrive',
  });
  const awaiting = m.createObservableGauge('mapping_awaiting_invoices', {
    description: 'Sales mapped without their invoices, waiting for the end of the guarantee period',
  });
  const outbox = m.createObservableGauge('mapping_outbox_backlog', {
    description: 'SaleOrders and results of releases and re-maps committed to the outbox, not yet published',
  });
  const detach = [
    observeCached(parked, () => dataSource.getRepository(ParkedSale).count(), { ttlMs }),
    observeCached(awaiting, () => dataSource.getRepository(AwaitingInvoice).count(), { ttlMs }),
    observeCached(outbox, backlog, { ttlMs }),
  ];
  return () => detach.forEach((d) => d());
}
