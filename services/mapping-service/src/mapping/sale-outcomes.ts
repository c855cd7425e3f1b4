import { classifyStatus, ignoredSale, type GuruStatusGroup, type IntegrationConfigSnapshot, type StatusRule } from '@gv/contracts';
import type { ParsedTransaction } from './parse-transaction';

export type SaleOutcome =
  | { kind: 'map'; config: IntegrationConfigSnapshot; group: GuruStatusGroup; rule: StatusRule }
  | { kind: 'ignored'; reason: string; detail: string };

function ignored(reason: string, detail: string): SaleOutcome {
  return { kind: 'ignored', reason, detail };
}

/**
 * Step 2: the explicit outcomes that end a sale with an `ignored` result, checked in this order
 * (the first that applies wins):
 * 1. `integration_not_configured`: no settings for the account;
 * 2. `integration_inactive`: the "Ativo" switch is off;
 * 3. to 7. the rules that hold whatever the settings (`ignoredSale` in @gv/contracts, shared with
 *    config-service's import preview): `not_producer_sale`, `status_ignored:<status>`,
 *    `currency_not_brl`, `buyer_outside_brazil`, `zero_value_sale`.
 */
export function checkSaleOutcome(sale: ParsedTransaction, config: IntegrationConfigSnapshot | null): SaleOutcome {
  if (config === null) return ignored('integration_not_configured', `account ${sale.accountId} has no Vhsys integration settings`);
  if (!config.active) return ignored('integration_inactive', 'the Vhsys integration is switched off ("Ativo")');
  const skip = ignoredSale(sale.transaction);
  if (skip) return ignored(skip.reason, skip.detail);
  const status = classifyStatus(sale.status);
  // ignoredSale returned null, so the status table maps this status.
  if (status.kind === 'ignored') return ignored(status.reason, status.detail);
  return { kind: 'map', config, group: status.group, rule: status.rule };
}
