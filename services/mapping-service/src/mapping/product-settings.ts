import type { ProductBilling } from '@gv/contracts';
import type { ParsedItem } from './parse-transaction';

export type ProductSettings =
  | { ok: true; billings: ProductBilling[] }
  | { ok: false; productCodes: string[]; detail: string };

/** Why a product's Faturamento settings cannot be used, or null when they can. */
function problemOf(billing: ProductBilling | undefined): string | null {
  if (!billing) return 'no Faturamento settings';
  if (!billing.active) return 'Faturamento settings inactive';
  if (billing.issueInvoice && billing.kind === 'produto' && billing.nfe === null) return 'issues NF-e but has no NF-e settings';
  if (billing.issueInvoice && billing.kind === 'servico' && billing.nfse === null) return 'issues NFS-e but has no NFS-e settings';
  return null;
}

/**
 * Step 6: each line's Faturamento settings, found by the Guru product code. A sale with any line
 * whose product has no settings, inactive settings, or lacks the NF-e/NFS-e settings its invoice
 * needs is parked: `needs_configuration` naming every such product code (once, in line order).
 */
export function resolveProductSettings(items: ParsedItem[], products: ProductBilling[]): ProductSettings {
  const byCode = new Map(products.map((product) => [product.guruProductCode, product]));
  const problems = new Map<string, string>();
  const billings: ProductBilling[] = [];
  for (const item of items) {
    const billing = byCode.get(item.code);
    const problem = problemOf(billing);
    if (problem !== null || !billing) {
      if (!problems.has(item.code)) problems.set(item.code, problem ?? 'no Faturamento settings');
      continue;
    }
    billings.push(billing);
  }
  if (problems.size > 0) {
    const detail = [...problems].map(([code, why]) => `${code}: ${why}`).join('; ');
    return { ok: false, productCodes: [...problems.keys()], detail };
  }
  return { ok: true, billings };
}
