import { parseDocument, toCentsTolerant } from '@gv/brazil';
import { GuruTransactionEventSchema, IntegrationConfigSnapshotSchema, parseGuruTransaction } from '@gv/contracts';
import { DEFAULT_PRODUCTS } from './catalog';
import { couponDiscount, GENERATED_PAYMENT_METHODS, generateSale, type GeneratedCoupon, type GenerateSaleOptions } from './generate-sale';
import { buildIntegrationConfig } from './integration-config';
import { priceTablePlan } from './installment-plan';
import { createRng, rngUuid } from './rng';
import { generateStatusChange } from './status-change';

const body = (seed: number, extra: Partial<GenerateSaleOptions> = {}) =>
  generateSale({ seed, ...extra }).transaction as Record<string, any>;

function couponOf(c: Record<string, any>): GeneratedCoupon {
  return c.incidence_type === 'percent'
    ? { code: c.coupon_code, type: 'percent', field: c.incidence_field, percent: c.incidence_value }
    : { code: c.coupon_code, type: 'value', field: c.incidence_field, valueCents: toCentsTolerant(c.incidence_value) };
}

describe('rng', () => {
  it('is reproducible', () => {
    const a = createRng(7);
    const b = createRng(7);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(rngUuid(createRng(1))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('priceTablePlan', () => {
  it('computes card installments with interest (tabela Price)', () => {
    expect(priceTablePlan(49700, 12, 0.0299)).toEqual({ count: 12, installmentValueCents: 4990, totalCents: 59880, interestCents: 10180 });
    expect(priceTablePlan(49700, 1, 0.0299)).toEqual({ count: 1, installmentValueCents: 49700, totalCents: 49700, interestCents: 0 });
    expect(priceTablePlan(10000, 3, 0)).toEqual({ count: 3, installmentValueCents: 3334, totalCents: 10000, interestCents: 0 });
  });
});

describe('generateSale', () => {
  it('is reproducible from its seed and valid for the event contract', () => {
    expect(generateSale({ seed: 5 })).toEqual(generateSale({ seed: 5 }));
    expect(generateSale({ seed: 5 })).not.toEqual(generateSale({ seed: 6 }));
    for (let seed = 1; seed <= 50; seed++) {
      const event = generateSale({ seed, accountId: 'acc-3' });
      expect(GuruTransactionEventSchema.safeParse(event).success).toBe(true);
      expect(parseGuruTransaction(event.transaction).ok).toBe(true);
      expect(event.accountId).toBe('acc-3');
    }
  });

  it('uses Guru\'s field names and exercises its variants across seeds', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 200; seed++) {
      const t = body(seed);
      expect(t.webhook_type).toBe('transaction');
      expect(t.type).toBe('producer');
      expect(typeof t.api_token).toBe('string');
      expect(t.api_token).toHaveLength(40);
      if (t.payment.instalments) seen.add('instalments');
      if (t.payment.installments) seen.add('installments');
      if (t.payment.creditcard) seen.add('creditcard');
      if (t.payment.credit_card) seen.add('credit_card');
      if (t.payment.method === null) seen.add('method null');
      if (/\D/.test(t.contact.doc)) seen.add('masked doc');
      if (t.contact.doc.replace(/\D/g, '').length === 14) seen.add('cnpj');
      if (t.items.length > 1) seen.add('order bump');
      if (t.payment.coupon) seen.add('coupon');
      if (t.payment.pix === null) seen.add('pix null');
      if ((t.payment.installments ?? t.payment.instalments).value === '') seen.add('installments.value ""');
      seen.add(`method ${t.payment.method}`);
    }
    for (const variant of ['instalments', 'installments', 'creditcard', 'credit_card', 'method null', 'masked doc', 'cnpj', 'order bump', 'coupon', 'pix null', 'installments.value ""']) {
      expect(seen).toContain(variant);
    }
    for (const method of GENERATED_PAYMENT_METHODS) expect(seen).toContain(`method ${method}`);
  });

  it('buyers have valid CPF/CNPJ (masked or not)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      expect(parseDocument(body(seed).contact.doc).ok).toBe(true);
    }
    expect(parseDocument(body(1, { buyer: 'cnpj', maskDocument: true }).contact.doc)).toMatchObject({ ok: true, kind: 'CNPJ' });
    expect(body(1, { buyer: 'cpf', maskDocument: true }).contact.doc).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
  });

  it('cnpj_alnum buyers are companies with a valid alphanumeric CNPJ, masked or not, sometimes in lower case', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 60; seed++) {
      const contact = body(seed, { buyer: 'cnpj_alnum' }).contact;
      const parsed = parseDocument(contact.doc);
      expect(parsed).toMatchObject({ ok: true, kind: 'CNPJ', tipoPessoa: 'PJ' });
      expect(parsed.ok && parsed.document).toMatch(/^[0-9A-Z]{12}\d{2}$/);
      expect(parsed.ok && parsed.document.slice(0, 12)).toMatch(/[A-Z]/);
      expect(contact.company_name).toEqual(expect.any(String));
      expect(contact.company_name).not.toBe('');
      seen.add(/[./-]/.test(contact.doc) ? 'masked' : 'plain');
      seen.add(/[a-z]/.test(contact.doc) ? 'lower' : 'upper');
    }
    expect([...seen].sort()).toEqual(['lower', 'masked', 'plain', 'upper']);
    expect(body(1, { buyer: 'cnpj_alnum', maskDocument: true, variants: 'canonical' }).contact.doc).toMatch(/^[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}\/[0-9A-Z]{4}-\d{2}$/);
  });

  it('money is consistent: total = items − discount + freight + interest', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const t = body(seed);
      const items = t.items.reduce((s: number, i: any) => s + toCentsTolerant(i.total_value), 0);
      const discount = t.payment.discount_value === '' ? couponDiscount(couponOf(t.payment.coupon), items, toCentsTolerant(t.shipping.value)) : toCentsTolerant(t.payment.discount_value);
      const interest = toCentsTolerant((t.payment.installments ?? t.payment.instalments).interest);
      expect(toCentsTolerant(t.payment.total)).toBe(items - discount + toCentsTolerant(t.shipping.value) + interest);
      if (t.payment.method !== 'credit_card' && t.payment.method !== null) expect(interest).toBe(0);
    }
  });

  it('honours explicit options', () => {
    const t = body(3, { id: 'sale-1', method: 'pix', productCode: 'LIVRO-CONF', quantity: 2, orderBumpCodes: ['PLANNER-2026'], coupon: false, freightCents: 1590, withAddress: false, variants: 'canonical', status: 'waiting_payment', lastTransactionId: 'old-sale' });
    expect(t).toMatchObject({ id: 'sale-1', status: 'waiting_payment', last_transaction: { id: 'old-sale' }, payment: { method: 'pix', total: 255.6, coupon: null, installments: { qty: 1, interest: 0 } }, shipping: { value: 15.9 } });
    expect(t.items.map((i: any) => [i.id, i.qty])).toEqual([['LIVRO-CONF', 2], ['PLANNER-2026', 1]]);
    expect(t.contact).toMatchObject({ address: '', address_zip_code: '', address_state: '' });
    expect(t.dates.confirmed_at).toBeNull();
    expect(() => generateSale({ seed: 1, productCode: 'NOPE' })).toThrow('not in the catalog');
    expect(() => generateSale({ seed: 1, installments: 13 })).toThrow('1–12');
  });

  it('fills the dates of each status', () => {
    const approved = body(9, { orderedAt: '2026-03-02T10:00:00Z', method: 'pix' });
    expect(approved.dates).toMatchObject({ ordered_at: '2026-03-02T10:00:00Z', confirmed_at: '2026-03-02T10:03:00Z', updated_at: '2026-03-02T10:03:00Z', warranty_until: '2026-03-09T10:03:00Z' });
    const completed = body(9, { orderedAt: '2026-03-02T10:00:00Z', method: 'pix', status: 'completed' });
    expect(completed.dates.updated_at).toBe('2026-03-09T10:04:00Z');
    const expired = body(9, { orderedAt: '2026-03-02T10:00:00Z', method: 'billet', status: 'expired' });
    expect(expired.dates).toMatchObject({ confirmed_at: null, canceled_at: '2026-03-05T10:00:00Z', updated_at: '2026-03-05T10:00:00Z' });
    const refunded = body(9, { orderedAt: '2026-03-02T10:00:00Z', method: 'billet', status: 'refunded' });
    expect(refunded.dates).toMatchObject({ confirmed_at: '2026-03-03T10:00:00Z', updated_at: '2026-03-05T10:00:00Z' });
    expect(refunded.payment.refund_reason).toBe('Solicitado pelo comprador');
  });
});

describe('generateStatusChange', () => {
  it('returns a changed copy and leaves the input alone', () => {
    const sale = generateSale({ seed: 11, status: 'waiting_payment', method: 'billet', orderedAt: '2026-03-02T10:00:00Z' });
    const paid = generateStatusChange(sale, 'approved', '2026-03-03T08:00:00Z');
    const t = paid.transaction as Record<string, any>;
    expect(t).toMatchObject({ status: 'approved', dates: { updated_at: '2026-03-03T08:00:00Z', confirmed_at: '2026-03-03T08:00:00Z', warranty_until: '2026-03-10T08:00:00Z' } });
    expect(paid.receivedAt).toBe('2026-03-03T08:00:05Z');
    expect((sale.transaction as Record<string, any>).status).toBe('waiting_payment');
    expect(t.id).toBe((sale.transaction as Record<string, any>).id);
    expect(() => generateStatusChange(sale, 'approved', 'nope')).toThrow('invalid instant');
  });
});

describe('buildIntegrationConfig', () => {
  it('configures every catalog product and is a valid snapshot', () => {
    const config = buildIntegrationConfig({ accountId: 'acc-9', unconfiguredCodes: ['EBOOK-FIT'] });
    expect(IntegrationConfigSnapshotSchema.safeParse(config).success).toBe(true);
    expect(config.accountId).toBe('acc-9');
    expect(config.products.map((p) => p.guruProductCode)).toEqual(DEFAULT_PRODUCTS.map((p) => p.code).filter((c) => c !== 'EBOOK-FIT'));
    expect(config.products.find((p) => p.guruProductCode === 'LIVRO-CONF')).toMatchObject({ kind: 'produto', nfe: { cfop: '5102' }, nfse: null });
    expect(config.products.find((p) => p.guruProductCode === '1587151083')).toMatchObject({ kind: 'servico', nfe: null, nfse: { codigoServico: '8.02' } });
  });
});
