import type { DispatchResult, SaleOrder } from '@gv/contracts';

/** Something worth telling the seller that does not stop the order (logged / shown, not published). */
export interface MappingWarning {
  code:
    | 'customer_address_incomplete'
    | 'customer_phone_unusable'
    | 'customer_email_unusable'
    | 'nfe_withheld_address_missing'
    | 'interest_differs_from_guru'
    | 'payment_shortfall_as_discount'
    | 'payment_method_not_mapped';
  detail: string;
}

/**
 * What to do with one Guru event:
 * - `order`: publish `order` to `vhsys.sale-orders.v1` under `key`;
 * - `result`: publish `result` to `vhsys.dispatch-results.v1` under `key` (ignored / needs_configuration);
 * - `invalid`: send the event to the dead-letter topic with `field` and `reason` (x-dlq-field / x-dlq-reason).
 */
export type MappingDecision =
  | { kind: 'order'; key: string; order: SaleOrder; warnings: MappingWarning[] }
  | { kind: 'result'; key: string; result: DispatchResult }
  | { kind: 'invalid'; field: string; reason: string; accountId: string; guruTransactionId: string | null };

/** A step that could not go on: the sale is not usable; `field` names the offending field path. */
export interface Invalid {
  ok: false;
  field: string;
  reason: string;
}

export function invalid(field: string, reason: string): Invalid {
  return { ok: false, field, reason };
}
