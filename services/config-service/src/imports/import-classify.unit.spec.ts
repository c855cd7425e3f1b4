import type { ProductBilling } from '@gv/contracts';
import { addToCounts, NO_COUNTS, readListedSale, scaleCounts } from './import-classify';
import { importMessages } from './import-runner';

const sale = (id: string, code: string, total: string) => ({ id, status: 'approved', items: [{ id: code, qty: 1, total_value: total }], payment: { total } });
const ready = { guruProductCode: 'P1', active: true, issueInvoice: false } as unknown as ProductBilling;

describe('preview counts', () => {
  it('ledger first, then product settings, then orders; money in centavos', () => {
    const sales = [sale('t1', 'P1', '10.50'), sale('t2', 'P1', '20'), sale('t3', 'P2', '1.01'), { status: 'approved' }].map(readListedSale);
    expect(addToCounts(NO_COUNTS, sales, new Set(['t2']), new Map([['P1', ready]]))).toEqual({
      sales: 4, wouldCreateOrders: 1, alreadyInHistory: 1, needProductSettings: 1, unreadable: 1, totalCents: 1050 + 2000 + 101,
    });
  });

  it('scales a sample to the total', () => {
    expect(scaleCounts({ sales: 100, wouldCreateOrders: 50, alreadyInHistory: 25, needProductSettings: 25, unreadable: 0, totalCents: 1000 }, 100, 300))
      .toEqual({ sales: 300, wouldCreateOrders: 150, alreadyInHistory: 75, needProductSettings: 75, unreadable: 0, totalCents: 3000 });
  });
});

describe('importMessages', () => {
  it('the webhook envelope keyed by sale, marked as the import, unreadable bodies skipped', () => {
    const { messages, skipped } = importMessages('acct-1', 'imp-1', [sale('t1', 'P1', '1'), { status: 'approved' }]);
    expect(messages).toEqual([{
      key: 'acct-1:t1', value: { accountId: 'acct-1', transaction: sale('t1', 'P1', '1') }, contract: 'guru-transaction-event@1',
      headers: { 'x-origin': 'import', 'x-import-id': 'imp-1' },
    }]);
    expect(skipped).toEqual(['?']);
  });
});
