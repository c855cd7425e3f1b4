import type { GuruTransactionEvent, IntegrationConfigSnapshot, NfeSettings, NfseSettings, SaleOrder } from '@gv/contracts';

/**
 * Hand-written Guru payloads and account settings for the mapping's golden tests. `baseBody()` is
 * an approved PIX sale of one course (R$ 497,00) shaped like Guru's official example; every call
 * returns a fresh object that a test may change.
 */

export const ACCOUNT_ID = 'acc-golden';
export const SALE_ID = 'a1b2c3d4-0000-4000-8000-000000000001';

export const NFSE_SETTINGS: NfseSettings = { serie: 1, naturezaOperacao: 1, codigoServico: '8.02', aliquotaIss: '2.00', regime: 1, descricaoServico: null };
export const NFE_SETTINGS: NfeSettings = { naturezaOperacao: 'Venda de mercadoria', cfop: '5102', serie: 1 };

export function goldenConfig(overrides: Partial<IntegrationConfigSnapshot> = {}): IntegrationConfigSnapshot {
  return {
    accountId: ACCOUNT_ID,
    version: 7,
    active: true,
    criarVendaComJuros: true,
    enviarParcelas: true,
    credentialsSet: true,
    credentialsVersion: 3,
    paymentMethods: { billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: 'Pagamento online', pix: 'PIX' },
    statusMap: {
      approved: { status: 'Atendido', situacaoId: 857 },
      canceled: { status: 'Cancelado', situacaoId: null },
      pending: { status: 'Em Aberto', situacaoId: null },
      refunded: { status: 'Cancelado', situacaoId: 901 },
    },
    invoicePolicy: { ambiente: 'homologacao', issueWhen: 'on_approval', onRefundAfterInvoice: 'manual_cancellation' },
    products: [
      { guruProductCode: 'CURSO', vhsysProductId: 1001, description: null, kind: 'servico', issueInvoice: true, active: true, nfe: null, nfse: NFSE_SETTINGS },
      { guruProductCode: 'EBOOK', vhsysProductId: 1002, description: 'Ebook Receitas (bônus)', kind: 'servico', issueInvoice: true, active: true, nfe: null, nfse: NFSE_SETTINGS },
      { guruProductCode: 'LIVRO', vhsysProductId: 1003, description: null, kind: 'produto', issueInvoice: true, active: true, nfe: NFE_SETTINGS, nfse: null },
      { guruProductCode: 'KIT', vhsysProductId: 1004, description: null, kind: 'produto', issueInvoice: true, active: true, nfe: NFE_SETTINGS, nfse: null },
      { guruProductCode: 'CONSULTORIA', vhsysProductId: 1005, description: null, kind: 'servico', issueInvoice: false, active: true, nfe: null, nfse: null },
    ],
    updatedAt: '2026-02-01T10:00:00Z',
    ...overrides,
  };
}

export interface FixtureItem {
  id: string;
  name: string;
  type: string;
  qty: number | string;
  unit_value: number | string | null;
  total_value: number | string | null;
}

export function item(id: string, name: string, qty: number, unitValue: number): FixtureItem {
  return { id, name, type: 'product', qty, unit_value: unitValue, total_value: Math.round(unitValue * qty * 100) / 100 };
}

export function baseBody() {
  return {
    webhook_type: 'transaction',
    api_token: 'k'.repeat(40),
    id: SALE_ID,
    status: 'approved',
    type: 'producer' as string | null,
    checkout_url: 'https://clkdmg.site/pay/curso',
    contact: {
      id: 'c-1',
      name: 'Maria da Silva',
      email: 'Maria.Silva@Example.com',
      doc: '012.345.678-90' as string | number,
      company_name: '',
      phone_local_code: '55',
      phone_number: '(41) 99876-5432',
      address: 'Rua Terra Rica',
      address_number: '123',
      address_comp: 'Casa 2',
      address_district: 'Centro',
      address_city: 'Pinhais',
      address_state: 'PR',
      address_state_full_name: 'Paraná',
      address_country: 'BR',
      address_zip_code: '83324-090',
    },
    product: item('CURSO', 'Curso de Confeitaria', 1, 497),
    items: [item('CURSO', 'Curso de Confeitaria', 1, 497)],
    payment: {
      method: 'pix' as string | null,
      currency: 'BRL',
      total: 497 as number | string,
      gross: 497,
      net: 472.2,
      discount_value: 0 as number | string,
      affiliate_value: 0,
      marketplace_value: 24.8,
      marketplace_id: 'ch_golden',
      marketplace_name: 'pagarme2',
      installments: { qty: 1 as number | string, value: 497 as number | string, interest: 0 as number | string },
      coupon: null as Record<string, unknown> | null,
      tax: { value: 0, rate: 0 },
      refund_reason: '',
      refuse_reason: '',
      credit_card: { id: '', brand: '', first_digits: '', last_digits: '' },
      billet: { line: '', url: '', expiration_date: '' },
      pix: { qrcode: { signature: '00020126580014br.gov.bcb.pix', url: 'https://pix.example.com/qr.png' }, expiration_date: '2026-03-13T14:00:00Z' } as Record<string, unknown> | null,
    },
    shipping: { name: '', value: 0 as number | string },
    dates: {
      created_at: '2026-03-10T14:00:00Z',
      ordered_at: '2026-03-10T14:00:00Z',
      confirmed_at: '2026-03-10T14:03:00Z' as string | null,
      updated_at: '2026-03-10T14:03:00Z',
      canceled_at: null as string | null,
      expires_at: '2026-03-13T14:00:00Z' as string | null,
      unavailable_until: '2026-03-17T14:03:00Z' as string | null,
      warranty_until: '2026-03-17T14:03:00Z' as string | null,
    },
    last_transaction: [] as unknown,
    contracts: [],
    ecommerces: [],
    extras: { accepted_terms_url: 1, accepted_privacy_policy_url: 1 },
  };
}

export type FixtureBody = ReturnType<typeof baseBody>;

export function eventOf(body: unknown, receivedAt = '2026-03-10T14:03:05Z'): GuruTransactionEvent {
  return { accountId: ACCOUNT_ID, receivedAt, transaction: body as Record<string, unknown> };
}

/** A card sale: method credit_card with card data, no PIX block. */
export function asCardSale(body: FixtureBody, qty: number, total: number, installmentValue: number, interest: number): FixtureBody {
  body.payment.method = 'credit_card';
  body.payment.credit_card = { id: 'card-1', brand: 'visa', first_digits: '400000', last_digits: '0010' };
  body.payment.pix = null;
  body.payment.total = total;
  body.payment.installments = { qty, value: installmentValue, interest };
  return body;
}

/** The money invariants every SaleOrder must hold. */
export function moneyInvariants(order: SaleOrder): string[] {
  const o = order.order;
  const problems: string[] = [];
  for (const [i, line] of o.items.entries()) {
    if (line.quantity * line.unitValueCents - line.discountCents !== line.totalCents) problems.push(`item ${i}: qty × unit − discount ≠ total`);
  }
  const items = o.items.reduce((s, l) => s + l.totalCents, 0);
  if (items !== o.itemsTotalCents) problems.push('items do not sum to itemsTotalCents');
  if (o.itemsTotalCents - o.discountCents + o.freightCents !== o.totalCents) problems.push('itemsTotal − discount + freight ≠ total');
  if (o.installments.length > 0 && o.installments.reduce((s, p) => s + p.valueCents, 0) !== o.totalCents) problems.push('installments do not sum to total');
  return problems;
}
