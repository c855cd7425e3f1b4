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
 * - `mapping_awaiting_invoices`: sales mapped without invoices, waiting for the guarantee period.
 *
 * Returns the function that detaches both (on stop, before the database closes).
 */
export function observeWaitingSales(dataSource: DataSource, ttlMs = 5000): () => void {
  const m = meter();
  const parked = m.createObservableGauge('mapping_parked_sales', {
    description: 'Sales parked until the Faturamento settings of their products arrive',
  });
  const awaiting = m.createObservableGauge('mapping_awaiting_invoices', {
    description: 'Sales mapped without their invoices, waiting for the end of the guarantee period',
  });
  const detach = [
    observeCached(parked, () => dataSource.getRepository(ParkedSale).count(), { ttlMs }),
    observeCached(awaiting, () => dataSource.getRepository(AwaitingInvoice).count(), { ttlMs }),
  ];
  return () => detach.forEach((d) => d());
}
