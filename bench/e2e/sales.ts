import { GuruTransactionEventSchema, IntegrationConfigSnapshot, SaleOrder, saleKey } from '@gv/contracts';
import { buildIntegrationConfig, generateSale } from '@gv/guru-sale-generator';
import { mapSale } from '@gv/mapping-service';

/** One generated Guru sale, serialised once; `receivedAt` is stamped when it is produced. */
export interface PreparedSale {
  accountId: string;
  id: string;
  key: string;
  /** JSON of the `transaction` body. */
  transactionJson: string;
}

/**
 * Generated approved sales spread round-robin over `accounts`: the generator's whole catalogue
 * (NF-e and NFS-e products, order bumps, coupons, installments, CPF and CNPJ buyers), each with a
 * new buyer. Reproducible from `seed`.
 */
export function prepareSales(count: number, accounts: string[], seed: number): PreparedSale[] {
  const out: PreparedSale[] = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const accountId = accounts[i % accounts.length]!;
    const event = generateSale({ seed: seed * 100003 + i, accountId, status: 'approved' });
    const id = String(event.transaction.id);
    out[i] = { accountId, id, key: saleKey(accountId, id), transactionJson: JSON.stringify(event.transaction) };
  }
  return out;
}

/** The `guru.transactions.v1` value, with the latency origin set now. */
export function encodeEvent(sale: PreparedSale, receivedAt: string): string {
  return `{"accountId":${JSON.stringify(sale.accountId)},"receivedAt":"${receivedAt}","transaction":${sale.transactionJson}}`;
}

/** The settings every benchmark account gets: the generator's whole catalogue, invoices on approval. */
export function benchConfig(accountId: string, version = 1): IntegrationConfigSnapshot {
  return buildIntegrationConfig({ accountId, version });
}

/** What mapping-service makes of the sale (for the limit scenario, which has no mapping-service). */
export function toSaleOrder(sale: PreparedSale): SaleOrder {
  const event = GuruTransactionEventSchema.parse(JSON.parse(encodeEvent(sale, new Date().toISOString())));
  const decision = mapSale({ event, config: benchConfig(sale.accountId), now: new Date() });
  if (decision.kind !== 'order') throw new Error(`benchmark sale ${sale.key} did not map to an order: ${JSON.stringify(decision).slice(0, 300)}`);
  return decision.order;
}
