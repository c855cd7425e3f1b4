import { isBrazilCountry, toCentsTolerant } from '@gv/brazil';
import { classifyStatus } from './guru-status-table';
import type { GuruPayment, GuruTransaction } from './guru-transaction.schema';

/** Why the pipeline answers a sale `ignored` without mapping it (the result's reason and its detail). */
export interface IgnoredSale {
  reason: string;
  detail: string;
}

/**
 * When `payment.method` is null (as in Guru's own example), the method is read from whichever
 * payment block carries data: card digits → credit_card, boleto line/url → billet, PIX QR code → pix.
 */
export function inferPaymentMethod(payment: GuruPayment): string | null {
  if (payment.method) return payment.method;
  if (payment.credit_card && (payment.credit_card.last_digits || payment.credit_card.brand || payment.credit_card.first_digits)) return 'credit_card';
  if (payment.billet && (payment.billet.line || payment.billet.url)) return 'billet';
  if (payment.pix && (payment.pix.qrcode.signature || payment.pix.qrcode.url)) return 'pix';
  return null;
}

function isZeroValue(transaction: GuruTransaction): boolean {
  if (inferPaymentMethod(transaction.payment) === 'free') return true;
  const total = transaction.payment.total;
  if (total === null) return false;
  try {
    return toCentsTolerant(total) === 0;
  } catch {
    return false; // unparsable: reported as invalid by the mapping's amounts step
  }
}

/**
 * The outcomes that end a sale with `ignored` whatever the seller's settings, checked in this
 * order (the first that applies wins). One rule for mapping-service (its step 2, after the
 * account's own "not configured" and "inactive") and config-service's import preview, so the
 * preview counts exactly the sales the pipeline would ignore:
 * 1. `not_producer_sale`: `type` is set and is not `producer` (missing type counts as producer);
 * 2. `status_ignored:<status>`: the status table ignores the status (or does not know it);
 * 3. `currency_not_brl`: `payment.currency` is set and is not BRL (missing counts as BRL);
 * 4. `buyer_outside_brazil`: `contact.address_country` is set and is not Brazil;
 * 5. `zero_value_sale`: `payment.total` is 0 or `payment.method` is `free`.
 * `transaction` is the parsed transaction (its status trimmed and lower-cased by the schema).
 */
export function ignoredSale(transaction: GuruTransaction): IgnoredSale | null {
  if (transaction.type !== null && transaction.type !== 'producer') return { reason: 'not_producer_sale', detail: `sale type "${transaction.type}" is not the producer's own sale` };
  const status = classifyStatus(transaction.status);
  if (status.kind === 'ignored') return { reason: status.reason, detail: status.detail };
  const currency = transaction.payment.currency;
  if (currency !== null && currency !== 'BRL') return { reason: 'currency_not_brl', detail: `payment.currency is ${currency}` };
  const country = transaction.contact.address_country;
  if (!isBrazilCountry(country)) return { reason: 'buyer_outside_brazil', detail: `contact.address_country is ${country}` };
  if (isZeroValue(transaction)) return { reason: 'zero_value_sale', detail: 'payment.total is 0 (free sale): nothing to invoice' };
  return null;
}
