import { inferPaymentMethod, parseGuruTransaction, type GuruMoney, type GuruTransaction, type GuruTransactionEvent } from '@gv/contracts';
import { invalid, type Invalid } from './mapping-decision';

/** One order line as Guru sent it (`items[]`, or `product` when there are no items). */
export interface ParsedItem {
  /** Field path of the line, for error messages: `transaction.items.1` or `transaction.product`. */
  path: string;
  /** Guru product code (`id`), the key of the product's Faturamento settings. */
  code: string;
  name: string | null;
  quantity: number;
  unitValue: GuruMoney;
  totalValue: GuruMoney;
}

export interface ParsedTransaction {
  accountId: string;
  receivedAt: string | null;
  id: string;
  /** Trimmed, lower case. */
  status: string;
  /** Sale type; null when Guru left it out. */
  type: string | null;
  /** ISO instant (UTC) of Guru's `dates.updated_at`. */
  updatedAt: string;
  /** `payment.method` in canonical form, inferred from the payment blocks when null. */
  paymentMethod: string | null;
  items: ParsedItem[];
  transaction: GuruTransaction;
}

function readItems(transaction: GuruTransaction): ParsedItem[] | Invalid {
  const sources = transaction.items.length > 0
    ? transaction.items.map((item, i) => ({ item, path: `transaction.items.${i}` }))
    : transaction.product
      ? [{ item: transaction.product, path: 'transaction.product' }]
      : [];
  if (sources.length === 0) return invalid('transaction.items', 'no items and no product');
  const items: ParsedItem[] = [];
  for (const { item, path } of sources) {
    if (!item.id) return invalid(`${path}.id`, 'missing product code');
    const quantity = item.qty ?? 1;
    if (quantity < 1) return invalid(`${path}.qty`, `quantity must be positive, got ${quantity}`);
    items.push({ path, code: item.id, name: item.name, quantity, unitValue: item.unit_value, totalValue: item.total_value });
  }
  return items;
}

/**
 * Step 1: the event's `transaction` through the lenient schema, plus what every outcome needs:
 * id, status, `dates.updated_at` (the revision), a `transaction` webhook type, at least one line
 * with a product code.
 */
export function parseTransaction(event: GuruTransactionEvent): { ok: true; value: ParsedTransaction } | Invalid {
  const parsed = parseGuruTransaction(event.transaction);
  if (!parsed.ok) return invalid(parsed.field, parsed.reason);
  const transaction = parsed.transaction;
  if (transaction.webhook_type !== null && transaction.webhook_type !== 'transaction') {
    return invalid('transaction.webhook_type', `expected "transaction", got "${transaction.webhook_type}"`);
  }
  if (transaction.dates.updated_at === null) return invalid('transaction.dates.updated_at', 'required (orders the sale\'s events)');
  const items = readItems(transaction);
  if (!Array.isArray(items)) return items;
  return {
    ok: true,
    value: {
      accountId: event.accountId,
      receivedAt: event.receivedAt ?? null,
      id: transaction.id,
      status: transaction.status,
      type: transaction.type,
      updatedAt: transaction.dates.updated_at,
      paymentMethod: inferPaymentMethod(transaction.payment),
      items,
      transaction,
    },
  };
}
