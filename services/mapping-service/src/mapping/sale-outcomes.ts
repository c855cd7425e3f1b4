import type { GuruStatusGroup, IntegrationConfigSnapshot } from '@gv/contracts';
import { isBrazilCountry, toCentsTolerant } from '@gv/brazil';
import type { ParsedTransaction } from './parse-transaction';
import { classifyStatus, type StatusRule } from './status-table';

export type SaleOutcome =
  | { kind: 'map'; config: IntegrationConfigSnapshot; group: GuruStatusGroup; rule: StatusRule }
  | { kind: 'ignored'; reason: string; detail: string };

function ignored(reason: string, detail: string): SaleOutcome {
  return { kind: 'ignored', reason, detail };
}

function isZeroValue(sale: ParsedTransaction): boolean {
  if (sale.paymentMethod === 'free') return true;
  const total = sale.transaction.payment.total;
  if (total === null) return false;
  try {
    return toCentsTolerant(total) === 0;
  } catch {
    return false; // unparsable: reported as invalid by the amounts step
  }
}

/**
 * Step 2: the explicit outcomes that end a sale with an `ignored` result, checked in this order
 * (the first that applies wins):
 * 1. `integration_not_configured`: no settings for the account;
 * 2. `integration_inactive`: the "Ativo" switch is off;
 * 3. `not_producer_sale`: `type` is set and is not `producer` (missing type counts as producer);
 * 4. `status_ignored:<status>`: the status table ignores the status (or does not know it);
 * 5. `currency_not_brl`: `payment.currency` is set and is not BRL (missing counts as BRL);
 * 6. `buyer_outside_brazil`: `contact.address_country` is set and is not Brazil;
 * 7. `zero_value_sale`: `payment.total` is 0 or `payment.method` is `free`.
 */
export function checkSaleOutcome(sale: ParsedTransaction, config: IntegrationConfigSnapshot | null): SaleOutcome {
  if (config === null) return ignored('integration_not_configured', `account ${sale.accountId} has no Vhsys integration settings`);
  if (!config.active) return ignored('integration_inactive', 'the Vhsys integration is switched off ("Ativo")');
  if (sale.type !== null && sale.type !== 'producer') return ignored('not_producer_sale', `sale type "${sale.type}" is not the producer's own sale`);
  const status = classifyStatus(sale.status);
  if (status.kind === 'ignored') return ignored(status.reason, status.detail);
  const currency = sale.transaction.payment.currency;
  if (currency !== null && currency !== 'BRL') return ignored('currency_not_brl', `payment.currency is ${currency}`);
  const country = sale.transaction.contact.address_country;
  if (!isBrazilCountry(country)) return ignored('buyer_outside_brazil', `contact.address_country is ${country}`);
  if (isZeroValue(sale)) return ignored('zero_value_sale', 'payment.total is 0 (free sale): nothing to invoice');
  return { kind: 'map', config, group: status.group, rule: status.rule };
}
