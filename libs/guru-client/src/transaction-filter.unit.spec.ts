import { buildTransactionQuery, encodeQuery } from './transaction-filter';

const PERIOD = { field: 'confirmed_at' as const, from: '2026-01-01T00:00:00-03:00', to: '2026-02-01T00:00:00-03:00' };

describe('buildTransactionQuery', () => {
  it('sends the period as Guru days and every filter with its Guru name', () => {
    const query = buildTransactionQuery({
      period: PERIOD,
      productId: 'EBOOK-FIT',
      transactionStatus: ['approved', 'refunded'],
      paymentTypes: ['pix'],
      marketplaces: ['pagarme2', 'iugu'],
      pageSize: 100,
    });
    expect(query).toEqual([
      ['confirmed_at_ini', '2026-01-01'],
      ['confirmed_at_end', '2026-01-31'],
      ['product_id', 'EBOOK-FIT'],
      ['transaction_status[]', 'approved'],
      ['transaction_status[]', 'refunded'],
      ['payment_types[]', 'pix'],
      ['marketplaces[]', 'pagarme2'],
      ['marketplaces[]', 'iugu'],
      ['per_page', '100'],
    ]);
    expect(encodeQuery(query.slice(3, 4))).toBe('?transaction_status%5B%5D=approved');
    expect(encodeQuery([])).toBe('');
  });

  it('needs no period when listing by contact, invoice or subscription', () => {
    expect(buildTransactionQuery({ contactId: 'c-1' })).toEqual([['contact_id', 'c-1'], ['per_page', '50']]);
    expect(buildTransactionQuery({ invoiceId: 'in_1' })).toEqual([['invoice_id', 'in_1'], ['per_page', '50']]);
    expect(buildTransactionQuery({ subscriptionId: 'sub_1', pageSize: 1 })).toEqual([['subscription_id', 'sub_1'], ['per_page', '1']]);
  });

  it('refuses what Guru would refuse, naming the field', () => {
    expect(() => buildTransactionQuery({ productId: 'X' })).toThrow('period: required (Guru lists transactions by a date range of at most 180 days) unless contactId, invoiceId or subscriptionId is given');
    expect(() => buildTransactionQuery({ period: { ...PERIOD, to: '2026-07-01T00:00:00-03:00' } })).toThrow("period: 181 days, above Guru's limit of 180");
    expect(() => buildTransactionQuery({ period: { ...PERIOD, from: '2026-01-01T00:00:00' } })).toThrow('period.from: expected an ISO 8601 date-time with a time zone');
    expect(() => buildTransactionQuery({ period: { ...PERIOD, field: 'canceled_at' as never } })).toThrow('period.field: expected one of ordered_at, confirmed_at, cancelled_at, got "canceled_at"');
    expect(() => buildTransactionQuery({ period: PERIOD, transactionStatus: [] })).toThrow('transactionStatus: empty: leave it out to not filter');
    expect(() => buildTransactionQuery({ period: PERIOD, paymentTypes: ['pix', ''] })).toThrow('paymentTypes[1]: expected a non-empty string');
    expect(() => buildTransactionQuery({ period: PERIOD, marketplaces: Array(51).fill('x') })).toThrow('marketplaces: 51 values, above 50');
    expect(() => buildTransactionQuery({ period: PERIOD, pageSize: 0 })).toThrow('pageSize: expected an integer from 1 to 100, got 0');
    expect(() => buildTransactionQuery({ period: PERIOD, pageSize: 101 })).toThrow('pageSize: expected an integer from 1 to 100, got 101');
    expect(() => buildTransactionQuery({ contactId: 'x'.repeat(192) })).toThrow('contactId: 192 characters, above 191');
  });
});
