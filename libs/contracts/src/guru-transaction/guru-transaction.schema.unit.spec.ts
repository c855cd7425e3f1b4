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
