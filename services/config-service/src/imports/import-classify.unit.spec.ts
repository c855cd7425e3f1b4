import type { ProductBilling } from '@gv/contracts';
import { addToCounts, NO_COUNTS, readListedSale, scaleCounts } from './import-classify';
import { importMessages } from './import-runner';

const sale = (id: string, code: string, total: string) => ({ id, status: 'approved', items: [{ id: code, qty: 1, total_value: total }], payment: { total } });
const ready = { guruProductCode: 'P1', active: true, issueInvoice: false } as unknown as ProductBilling;

describe('preview counts', () => {
  const settings = { integrationActive: true, products: new Map([['P1', ready]]) };

  it('ledger first, then ignored, then product settings, then orders; money in centavos', () => {
    const sales = [sale('t1', 'P1', '10.50'), sale('t2', 'P1', '20'), sale('t3', 'P2', '1.01'), { status: 'approved' }, { ...sale('t4', 'P2', '5'), status: 'abandoned' }].map(readListedSale);
    expect(addToCounts(NO_COUNTS, sales, new Set(['t2']), settings)).toEqual({
      sales: 5, wouldCreateOrders: 1, alreadyInHistory: 1, wouldBeIgnored: 1, needProductSettings: 1, unreadable: 1, totalCents: 1050 + 2000 + 101 + 500,
    });
  });

  it('counts as ignored what the mapping ignores whatever the settings, with its reason', () => {
    const cases: [Record<string, unknown>, string | null][] = [
      [sale('a', 'P1', '1'), null],
      [{ ...sale('b', 'P1', '1'), status: ' Trial ' }, 'status_ignored:trial'],
      [{ ...sale('c', 'P1', '1'), status: 'no_such_status' }, 'status_ignored:no_such_status'],
      [{ ...sale('d', 'P1', '1'), type: 'affiliate' }, 'not_producer_sale'],
      [{ ...sale('e', 'P1', '1'), payment: { total: '1', currency: 'USD' } }, 'currency_not_brl'],
      [{ ...sale('f', 'P1', '1'), contact: { address_country: 'US' } }, 'buyer_outside_brazil'],
      [sale('g', 'P1', '0.00'), 'zero_value_sale'],
      [{ ...sale('h', 'P1', '9'), payment: { total: '9', method: 'free' } }, 'zero_value_sale'],
    ];
    expect(cases.map(([body]) => readListedSale(body).ignoredReason)).toEqual(cases.map(([, reason]) => reason));
    const counted = addToCounts(NO_COUNTS, cases.map(([body]) => readListedSale(body)), new Set(), settings);
    expect({ wouldCreateOrders: counted.wouldCreateOrders, wouldBeIgnored: counted.wouldBeIgnored }).toEqual({ wouldCreateOrders: 1, wouldBeIgnored: 7 });
  });

  it('counts every sale not yet dispatched as ignored when the integration is off or absent', () => {
    const sales = [sale('t1', 'P1', '1'), sale('t2', 'P1', '2')].map(readListedSale);
    expect(addToCounts(NO_COUNTS, sales, new Set(['t1']), { ...settings, integrationActive: false }))
      .toMatchObject({ sales: 2, alreadyInHistory: 1, wouldBeIgnored: 1, wouldCreateOrders: 0, needProductSettings: 0 });
  });

  it('scales a sample to the total', () => {
    expect(scaleCounts({ sales: 100, wouldCreateOrders: 40, alreadyInHistory: 25, wouldBeIgnored: 10, needProductSettings: 25, unreadable: 0, totalCents: 1000 }, 100, 300))
      .toEqual({ sales: 300, wouldCreateOrders: 120, alreadyInHistory: 75, wouldBeIgnored: 30, needProductSettings: 75, unreadable: 0, totalCents: 3000 });
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
