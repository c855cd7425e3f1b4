import { GuruTransactionEventSchema } from './guru-transaction-event';
import { parseGuruTransaction, type GuruTransaction } from './guru-transaction.schema';

function parsed(body: Record<string, unknown>): GuruTransaction {
  const result = parseGuruTransaction(body);
  if (!result.ok) throw new Error(`${result.field}: ${result.reason}`);
  return result.transaction;
}

describe('parseGuruTransaction (lenient)', () => {
  it('reads the official example shape', () => {
    const t = parsed({
      webhook_type: 'transaction',
      id: '9081534a-7512-4dab-9172-218c1dc1f263',
      status: 'approved',
      type: 'producer',
      contact: { name: 'Nome Contato', doc: '01234567890', phone_local_code: '55', phone_number: '1234567980', address_state: 'PR', address_zip_code: '83324090' },
      product: { id: '1587151083', name: 'Assinatura', type: 'plan', qty: 1, unit_value: 500, total_value: 500 },
      items: [{ id: '1587151083', name: 'Assinatura', type: 'plan', qty: 1, unit_value: 500, total_value: 500 }],
      payment: { method: 'credit_card', currency: 'BRL', total: 500, installments: { qty: 1, value: 500, interest: 0 }, coupon: null, credit_card: { brand: 'visa', last_digits: '0010' }, billet: { line: '', url: '', expiration_date: '' } },
      dates: { created_at: '2023-09-19T09:19:04Z', updated_at: '2023-11-14T14:08:18Z', canceled_at: null, warranty_until: '2020-06-06T11:35:57Z' },
      shipping: { name: 'Standard', value: 0 },
      last_transaction: [],
      ecommerces: [],
    });
    expect(t).toMatchObject({
      id: '9081534a-7512-4dab-9172-218c1dc1f263',
      status: 'approved',
      type: 'producer',
      webhook_type: 'transaction',
      last_transaction: null,
      items: [{ id: '1587151083', qty: 1, unit_value: 500, total_value: 500, type: 'plan' }],
      payment: { method: 'credit_card', currency: 'BRL', total: 500, installments: { qty: 1, value: 500, interest: 0 }, coupon: null, billet: null, pix: null, credit_card: { brand: 'visa', last_digits: '0010' } },
      dates: { created_at: '2023-09-19T09:19:04.000Z', updated_at: '2023-11-14T14:08:18.000Z', canceled_at: null, warranty_until: '2020-06-06T11:35:57.000Z', confirmed_at: null },
      shipping: { name: 'Standard', value: 0 },
    });
    expect(t.contact).toMatchObject({ doc: '01234567890', email: null, company_name: null, address_state: 'PR' });
  });

  it('accepts the documented variants', () => {
    const t = parsed({
      id: 12345,
      status: ' Waiting_Payment ',
      contact: { doc: 1234567890, phone_number: 41999998888 },
      items: { 0: { id: 'A', qty: '2', unit_value: '10.50', total_value: '' }, 1: { id: 'B' } },
      payment: { method: 'CreditCard', currency: 'brl', total: '21.00', instalments: { qty: '3', value: '', interest: '0.5' }, creditcard: { brand: 'Visa' }, pix: null },
      dates: { updated_at: 1773151380, confirmed_at: '2026-03-10 14:03:00', expires_at: '0000-00-00 00:00:00', ordered_at: '2026-03-10T11:00:00-03:00', warranty_until: '2026-03-17' },
      last_transaction: { id: 'old', url: '' },
    });
    expect(t.id).toBe('12345');
    expect(t.status).toBe('waiting_payment');
    expect(t.contact.doc).toBe('01234567890');
    expect(t.contact.phone_number).toBe('41999998888');
    expect(t.items).toEqual([
      expect.objectContaining({ id: 'A', qty: 2, unit_value: '10.50', total_value: null }),
      expect.objectContaining({ id: 'B', qty: null, unit_value: null }),
    ]);
    expect(t.payment).toMatchObject({ method: 'credit_card', currency: 'BRL', total: '21.00', installments: { qty: 3, value: null, interest: '0.5' }, credit_card: { brand: 'visa' } });
    expect(t.dates).toMatchObject({
      updated_at: '2026-03-10T14:03:00.000Z',
      confirmed_at: '2026-03-10T14:03:00.000Z',
      expires_at: null,
      ordered_at: '2026-03-10T14:00:00.000Z',
      warranty_until: '2026-03-17T00:00:00.000Z',
    });
    expect(t.last_transaction).toEqual({ id: 'old', url: null });
  });

  it('keeps a document typed as text as it is (an alphanumeric CNPJ is never a JSON number); numbers get their zeros back', () => {
    expect(parsed({ id: 'x', status: 'approved', contact: { doc: ' 12.abc.345/01DE-35 ' } }).contact.doc).toBe('12.abc.345/01DE-35');
    expect(parsed({ id: 'x', status: 'approved', contact: { doc: 4252011000110 } }).contact.doc).toBe('04252011000110');
  });

  it('treats a missing body block as empty', () => {
    const t = parsed({ id: 'x', status: 'pending' });
    expect(t.items).toEqual([]);
    expect(t.product).toBeNull();
    expect(t.payment.method).toBeNull();
    expect(t.contact.doc).toBeNull();
    expect(t.dates.updated_at).toBeNull();
  });

  it.each([
    [{ status: 'approved' }, 'transaction.id', 'required'],
    [{ id: '   ', status: 'approved' }, 'transaction.id', 'required (empty)'],
    [{ id: { a: 1 }, status: 'approved' }, 'transaction.id', 'expected a string'],
    [{ id: 'x' }, 'transaction.status', 'required'],
    [{ id: 'x', status: 'approved', items: [{ id: 'A', qty: 1.5 }] }, 'transaction.items.0.qty', 'expected an integer, got 1.5'],
    [{ id: 'x', status: 'approved', payment: { total: '1,50' } }, 'transaction.payment.total', 'expected a dot-decimal number, got "1,50"'],
    [{ id: 'x', status: 'approved', payment: { total: true } }, 'transaction.payment.total', 'expected a number'],
    [{ id: 'x', status: 'approved', dates: { updated_at: '14/11/2023' } }, 'transaction.dates.updated_at', 'unparsable date "14/11/2023"'],
  ])('names the field of %j', (body, field, reason) => {
    expect(parseGuruTransaction(body)).toEqual({ ok: false, field, reason });
  });

  it('rejects a body that is not an object', () => {
    expect(parseGuruTransaction([])).toEqual({ ok: false, field: 'transaction', reason: 'expected a JSON object' });
  });

  it('the envelope accepts any transaction object', () => {
    expect(GuruTransactionEventSchema.safeParse({ accountId: 'a', transaction: { id: 1 } }).success).toBe(true);
  });
});

describe('parseGuruTransaction bounds (docs/mapping.md#bounds)', () => {
  const base = () => ({
    id: 'sale-1',
    status: 'approved',
    items: [{ id: 'CURSO', qty: 1, unit_value: 497, total_value: 497 }],
    payment: { total: 497, installments: { qty: 1 } },
    dates: { updated_at: '2026-03-10T14:03:00Z' },
  });
  const refused = (body: Record<string, unknown>) => {
    const result = parseGuruTransaction(body);
    if (result.ok) throw new Error('expected a refusal');
    return { field: result.field, reason: result.reason };
  };
  const withPayment = (payment: Record<string, unknown>) => ({ ...base(), payment: { ...base().payment, ...payment } });

  it('installments: up to 24; 100000000 is refused naming the field and the bound', () => {
    expect(parsed(withPayment({ installments: { qty: 24 } })).payment.installments.qty).toBe(24);
    expect(refused(withPayment({ installments: { qty: 100000000 } }))).toEqual({
      field: 'transaction.payment.installments.qty', reason: '100000000 is above the bound of 24 installments',
    });
    expect(refused({ ...base(), payment: { total: 497, instalments: { qty: '25' } } })).toEqual({
      field: 'transaction.payment.installments.qty', reason: '25 is above the bound of 24 installments',
    });
    expect(refused(withPayment({ installments: { qty: '1'.repeat(33) } }))).toEqual({
      field: 'transaction.payment.installments.qty', reason: '33 characters, above the bound of 32',
    });
  });

  it('items: at most 100 lines (array or PHP-style object), counted before any is read', () => {
    const line = { id: 'CURSO', qty: 1, unit_value: 1, total_value: 1 };
    expect(parsed({ ...base(), items: Array.from({ length: 100 }, () => line) }).items).toHaveLength(100);
    expect(refused({ ...base(), items: Array.from({ length: 101 }, () => 'not even an item') })).toEqual({
      field: 'transaction.items', reason: '101 items, above the bound of 100',
    });
    const keyed = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [String(i), line]));
    expect(refused({ ...base(), items: keyed })).toEqual({ field: 'transaction.items', reason: 'more than 100 items, above the bound of 100' });
  });

  it('quantity: at most 10000 units', () => {
    expect(refused({ ...base(), items: [{ id: 'CURSO', qty: 10001, unit_value: 1 }] })).toEqual({
      field: 'transaction.items.0.qty', reason: '10001 is above the bound of 10000 units',
    });
    expect(refused({ ...base(), items: [], product: { id: 'CURSO', qty: 1e300 } })).toEqual({
      field: 'transaction.product.qty', reason: '1e+300 is above the bound of 10000 units',
    });
  });

  it('money: magnitude at most R$ 10.000.000,00 and at most 32 characters as text', () => {
    expect(parsed(withPayment({ total: '10000000.00' })).payment.total).toBe('10000000.00');
    expect(refused(withPayment({ total: 10000000.01 }))).toEqual({
      field: 'transaction.payment.total', reason: '10000000.01 is above the bound of 10000000 (R$ 10.000.000,00)',
    });
    expect(refused(withPayment({ discount_value: '-99999999' }))).toEqual({
      field: 'transaction.payment.discount_value', reason: '-99999999 is above the bound of 10000000 (R$ 10.000.000,00)',
    });
    expect(refused({ ...base(), shipping: { value: '9'.repeat(400) } })).toEqual({
      field: 'transaction.shipping.value', reason: '400 characters, above the bound of 32',
    });
    expect(refused({ ...base(), items: [{ id: 'A', unit_value: 1e21 }] }).field).toBe('transaction.items.0.unit_value');
  });

  it('dates: only within 2000-01-01 to 2100-01-01 (ISO or Unix seconds)', () => {
    expect(parsed({ ...base(), dates: { updated_at: '2000-01-01T00:00:00Z' } }).dates.updated_at).toBe('2000-01-01T00:00:00.000Z');
    expect(refused({ ...base(), dates: { updated_at: '1999-12-31T23:59:59Z' } })).toEqual({
      field: 'transaction.dates.updated_at', reason: '"1999-12-31T23:59:59Z" is outside the plausible window 2000-01-01T00:00:00.000Z to 2100-01-01T00:00:00.000Z',
    });
    expect(refused({ ...base(), dates: { updated_at: '2026-01-01T00:00:00Z', warranty_until: '9999-12-31' } }).field).toBe('transaction.dates.warranty_until');
    // Unix seconds far beyond any Date used to make toISOString throw a RangeError.
    expect(refused({ ...base(), dates: { updated_at: 1e20 } })).toEqual({
      field: 'transaction.dates.updated_at', reason: '100000000000000000000 is outside the plausible window 2000-01-01T00:00:00.000Z to 2100-01-01T00:00:00.000Z',
    });
    expect(refused({ ...base(), dates: { updated_at: 'x'.repeat(65) } })).toEqual({ field: 'transaction.dates.updated_at', reason: '65 characters, above the bound of 64' });
  });

  it('strings: ids and product codes 191, words 64, texts 1024, URLs and payment codes 8192', () => {
    expect(refused({ ...base(), id: 'x'.repeat(192) })).toEqual({ field: 'transaction.id', reason: 'longer than 191 characters' });
    expect(refused({ ...base(), items: [{ id: 'P'.repeat(192), unit_value: 1 }] })).toEqual({ field: 'transaction.items.0.id', reason: '192 characters, above the bound of 191' });
    expect(refused({ ...base(), status: 'a'.repeat(65) })).toEqual({ field: 'transaction.status', reason: '65 characters, above the bound of 64' });
    expect(refused(withPayment({ method: 'm'.repeat(65) })).field).toBe('transaction.payment.method');
    expect(refused(withPayment({ currency: 'c'.repeat(65) })).field).toBe('transaction.payment.currency');
    expect(refused({ ...base(), contact: { name: 'n'.repeat(1025) } })).toEqual({ field: 'transaction.contact.name', reason: '1025 characters, above the bound of 1024' });
    expect(refused({ ...base(), contact: { doc: '1'.repeat(65) } }).field).toBe('transaction.contact.doc');
    expect(refused({ ...base(), items: [{ id: 'A', name: 'd'.repeat(1025), unit_value: 1 }] }).field).toBe('transaction.items.0.name');
    expect(parsed({ ...base(), checkout_url: `https://x/${'u'.repeat(5000)}` }).checkout_url).toHaveLength(5010);
    expect(refused({ ...base(), checkout_url: 'u'.repeat(8193) })).toEqual({ field: 'transaction.checkout_url', reason: '8193 characters, above the bound of 8192' });
  });
});
