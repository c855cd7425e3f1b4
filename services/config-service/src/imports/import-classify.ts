import { toCentsTolerant } from '@gv/brazil';
import { ignoredSale, parseGuruTransaction, ProductBilling } from '@gv/contracts';

/** What the preview needs of one listed transaction. */
export interface ListedSale {
  /** The id the pipeline keys the sale by; null when the body is not a usable sale (it would be dead-lettered). */
  id: string | null;
  productCodes: string[];
  /** payment.total in centavos (0 when absent or unreadable). */
  totalCents: number;
  /** Why the pipeline would answer `ignored` whatever the settings (status, type, currency, country, zero value); null if it would not. */
  ignoredReason: string | null;
}

export function readListedSale(body: Record<string, unknown>): ListedSale {
  const parsed = parseGuruTransaction(body);
  if (!parsed.ok) return { id: null, productCodes: [], totalCents: 0, ignoredReason: null };
  const t = parsed.transaction;
  const codes = t.items.length > 0 ? t.items.map((item) => item.id) : [t.product?.id ?? null];
  let totalCents = 0;
  try {
    totalCents = t.payment.total === null ? 0 : Math.max(0, toCentsTolerant(t.payment.total));
  } catch {
    totalCents = 0;
  }
  return { id: t.id, productCodes: [...new Set(codes.filter((c): c is string => typeof c === 'string'))], totalCents, ignoredReason: ignoredSale(t)?.reason ?? null };
}

export interface PreviewCounts {
  sales: number;
  wouldCreateOrders: number;
  alreadyInHistory: number;
  /** Sales the pipeline would answer `ignored` (integration switched off, or a status, type, currency, country or zero value it ignores). */
  wouldBeIgnored: number;
  needProductSettings: number;
  /** Bodies the pipeline cannot read (no id, wrong shape): they would be dead-lettered. */
  unreadable: number;
  totalCents: number;
}

export const NO_COUNTS: PreviewCounts = { sales: 0, wouldCreateOrders: 0, alreadyInHistory: 0, wouldBeIgnored: 0, needProductSettings: 0, unreadable: 0, totalCents: 0 };

/** Whether the mapping can use a product's Faturamento settings (same rule as mapping-service's step 6). */
export function productReady(billing: ProductBilling | undefined): boolean {
  if (!billing || !billing.active) return false;
  if (billing.issueInvoice && billing.kind === 'produto' && billing.nfe === null) return false;
  if (billing.issueInvoice && billing.kind === 'servico' && billing.nfse === null) return false;
  return true;
}

/** What the preview knows of the seller's settings. */
export interface PreviewSettings {
  /** The integration exists and its "Ativo" switch is on (otherwise the pipeline ignores every sale). */
  integrationActive: boolean;
  products: ReadonlyMap<string, ProductBilling>;
}

/**
 * Adds one page of sales to the counts, in the order the pipeline decides. A sale the ledger has
 * already dispatched counts as `alreadyInHistory` (the pipeline answers `unchanged`); otherwise
 * one the mapping would ignore (integration off, or `ignoredSale`'s rules, shared with
 * mapping-service) as `wouldBeIgnored`; then one with a product lacking usable Faturamento
 * settings as `needProductSettings` (it would be parked); the rest `wouldCreateOrders`. Pure.
 */
export function addToCounts(counts: PreviewCounts, sales: ListedSale[], dispatched: ReadonlySet<string>, settings: PreviewSettings): PreviewCounts {
  const next = { ...counts };
  for (const sale of sales) {
    next.sales += 1;
    next.totalCents += sale.totalCents;
    if (sale.id === null) next.unreadable += 1;
    else if (dispatched.has(sale.id)) next.alreadyInHistory += 1;
    else if (!settings.integrationActive || sale.ignoredReason !== null) next.wouldBeIgnored += 1;
    else if (sale.productCodes.length === 0 || sale.productCodes.some((code) => !productReady(settings.products.get(code)))) next.needProductSettings += 1;
    else next.wouldCreateOrders += 1;
  }
  return next;
}

/** Scales counts read from a sample of `sampled` sales to `total` sales (the `estimated` preview). */
export function scaleCounts(counts: PreviewCounts, sampled: number, total: number): PreviewCounts {
  if (sampled === 0 || sampled >= total) return counts;
  const f = total / sampled;
  return {
    sales: total,
    wouldCreateOrders: Math.round(counts.wouldCreateOrders * f),
    alreadyInHistory: Math.round(counts.alreadyInHistory * f),
    wouldBeIgnored: Math.round(counts.wouldBeIgnored * f),
    needProductSettings: Math.round(counts.needProductSettings * f),
    unreadable: Math.round(counts.unreadable * f),
    totalCents: Math.round(counts.totalCents * f),
  };
}
