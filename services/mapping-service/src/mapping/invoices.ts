import { allocateCents } from '@gv/brazil';
import type { GuruStatusGroup, InvoicePolicy, Invoice, OrderItem, ProductBilling } from '@gv/contracts';

export interface InvoicePlan {
  invoices: Invoice[];
  /** Set when invoices wait for `warranty_until` (policy after_warranty). */
  invoicesDueAt: string | null;
  /** Set when an NF-e was left out because the customer has no usable address. */
  nfeWithheldForAddress: boolean;
}

/** Whether the invoices of an approved sale are due now under the account's policy. */
export function invoicesDueNow(input: { issueWhen: InvoicePolicy['issueWhen']; status: string; warrantyUntil: string | null; now: Date }): boolean {
  if (input.issueWhen === 'on_approval') return true;
  if (input.status === 'completed' || input.warrantyUntil === null) return true;
  return input.now.getTime() >= new Date(input.warrantyUntil).getTime();
}

/**
 * Invoices of the sale (step 7):
 * - only for the approved group (approved, completed, pending_transfer, transferred), only for lines
 *   whose product has issueInvoice on;
 * - one NF-e per distinct NF-e settings for `produto` lines, one NFS-e per distinct NFS-e settings
 *   for `servico` lines (a sale with both kinds yields both), in line order;
 * - policy `after_warranty`: none until `now ≥ dates.warranty_until` (or status completed, or no
 *   warranty date); `invoicesDueAt` then tells when to re-evaluate;
 * - the order discount is shared over all lines in proportion to their totals, the freight over
 *   the `produto` lines (all lines when there is none), both with largest remainders; an invoice
 *   total = its lines − its discount share + its freight share, so when every line is invoiced
 *   the invoice totals sum to the order total;
 * - an NF-e needs the customer's address: without one it is left out (and reported).
 */
export function buildInvoices(input: {
  items: OrderItem[];
  billings: ProductBilling[];
  discountCents: number;
  freightCents: number;
  statusGroup: GuruStatusGroup;
  status: string;
  policy: InvoicePolicy;
  warrantyUntil: string | null;
  now: Date;
  hasAddress: boolean;
}): InvoicePlan {
  const none: InvoicePlan = { invoices: [], invoicesDueAt: null, nfeWithheldForAddress: false };
  if (input.statusGroup !== 'approved') return none;
  if (!invoicesDueNow({ issueWhen: input.policy.issueWhen, status: input.status, warrantyUntil: input.warrantyUntil, now: input.now })) {
    return { ...none, invoicesDueAt: input.warrantyUntil };
  }

  const totals = input.items.map((item) => item.totalCents);
  const discountShares = allocateCents(input.discountCents, totals);
  const hasProduto = input.items.some((item) => item.kind === 'produto');
  const freightWeights = input.items.map((item) => (!hasProduto || item.kind === 'produto' ? item.totalCents : 0));
  const freightShares = hasProduto && freightWeights.every((w) => w === 0)
    ? allocateCents(input.freightCents, input.items.map((item) => (item.kind === 'produto' ? 1 : 0)))
    : allocateCents(input.freightCents, freightWeights);

  const groups = new Map<string, Invoice>();
  let nfeWithheldForAddress = false;
  input.items.forEach((item, index) => {
    const billing = input.billings[index];
    if (!billing.issueInvoice) return;
    if (item.kind === 'produto' && !input.hasAddress) {
      nfeWithheldForAddress = true;
      return;
    }
    const discount = discountShares[index];
    const freight = freightShares[index];
    const share = { itemIndexes: [index], totalCents: item.totalCents - discount + freight, discountCents: discount, freightCents: freight };
    // Missing settings were parked by resolveProductSettings; the checks keep the types exact.
    let invoice: Invoice;
    if (item.kind === 'produto') {
      if (billing.nfe === null) return;
      invoice = { kind: 'nfe', ...share, settings: billing.nfe };
    } else {
      if (billing.nfse === null) return;
      invoice = { kind: 'nfse', ...share, settings: billing.nfse };
    }
    const groupKey = `${invoice.kind}:${JSON.stringify(invoice.settings)}`;
    const existing = groups.get(groupKey);
    if (!existing) {
      groups.set(groupKey, invoice);
      return;
    }
    existing.itemIndexes.push(index);
    existing.totalCents += share.totalCents;
    existing.discountCents = (existing.discountCents ?? 0) + discount;
    existing.freightCents = (existing.freightCents ?? 0) + freight;
  });
  return { invoices: [...groups.values()], invoicesDueAt: null, nfeWithheldForAddress };
}
