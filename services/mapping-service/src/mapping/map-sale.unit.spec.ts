import { SaleOrderSchema, type SaleOrder } from '@gv/contracts';
import { computeRevision, mapSale, type MappingDecision } from './map-sale';
import {
  ACCOUNT_ID,
  NFE_SETTINGS,
  NFSE_SETTINGS,
  SALE_ID,
  asCardSale,
  baseBody,
  eventOf,
  goldenConfig,
  item,
  moneyInvariants,
  type FixtureBody,
} from './testing/golden-fixtures';

const NOW = new Date('2026-03-11T00:00:00Z');

function map(body: unknown, config = goldenConfig(), now = NOW): MappingDecision {
  return mapSale({ event: eventOf(body), config, now });
}

function orderOf(decision: MappingDecision): SaleOrder {
  if (decision.kind !== 'order') throw new Error(`expected an order, got ${JSON.stringify(decision)}`);
  expect(SaleOrderSchema.safeParse(decision.order).success).toBe(true);
  expect(moneyInvariants(decision.order)).toEqual([]);
  return decision.order;
}

function resultOf(decision: MappingDecision) {
  if (decision.kind !== 'result') throw new Error(`expected a result, got ${JSON.stringify(decision)}`);
  return decision.result;
}

/** A JSON copy of a fixture body that a test may reshape freely (rename or drop fields). */
function loose(body: FixtureBody): Record<string, any> {
  return JSON.parse(JSON.stringify(body)) as Record<string, any>;
}

describe('mapSale golden: PIX sale of one course', () => {
  it('maps every field exactly', () => {
    const decision = map(baseBody());
    expect(decision).toEqual({
      kind: 'order',
      key: `${ACCOUNT_ID}:${SALE_ID}`,
      warnings: [],
      order: {
        accountId: ACCOUNT_ID,
        guruTransactionId: SALE_ID,
        revision: 35463027600007,
        guruStatus: 'approved',
        statusGroup: 'approved',
        occurredAt: '2026-03-10T14:03:00.000Z',
        receivedAt: '2026-03-10T14:03:05Z',
        configVersion: 7,
        credentialsVersion: 3,
        customer: {
          tipoPessoa: 'PF',
          document: '01234567890',
          name: 'Maria da Silva',
          email: 'maria.silva@example.com',
          phone: '41998765432',
          address: { street: 'Rua Terra Rica', number: '123', complement: 'Casa 2', district: 'Centro', city: 'Pinhais', uf: 'PR', cep: '83324090' },
        },
        order: {
          marker: `guru:${SALE_ID}`,
          dataPedido: '2026-03-10',
          status: 'Atendido',
          situacaoId: 857,
          items: [
            { guruProductCode: 'CURSO', vhsysProductId: 1001, description: 'Curso de Confeitaria', kind: 'servico', quantity: 1, unitValueCents: 49700, discountCents: 0, totalCents: 49700 },
          ],
          itemsTotalCents: 49700,
          discountCents: 0,
          freightCents: 0,
          totalCents: 49700,
          interestCents: 0,
          installments: [{ number: 1, dueDate: '2026-03-10', valueCents: 49700, formaPagamento: 'PIX', paid: true }],
          observation: [
            `Venda Guru ${SALE_ID}`,
            'Status Guru: Aprovada (approved)',
            'Comprador: Maria da Silva, CPF 012.345.678-90, maria.silva@example.com',
            'Pagamento: PIX em 1x',
          ].join('\n'),
        },
        invoices: [{ kind: 'nfse', itemIndexes: [0], totalCents: 49700, discountCents: 0, freightCents: 0, settings: NFSE_SETTINGS }],
        invoicesDueAt: null,
        invoicePolicy: { ambiente: 'homologacao', onRefundAfterInvoice: 'manual_cancellation' },
      },
    });
  });

  it('gives the same decision for the same event delivered twice', () => {
    const first = map(baseBody());
    const second = map(baseBody());
    expect(second).toEqual(first);
  });
});

describe('mapSale golden: order bump and coupon', () => {
  it('keeps both lines at their prices and takes payment.discount_value as the order discount', () => {
    const body = baseBody();
    body.items = [item('CURSO', 'Curso de Confeitaria', 1, 497), item('EBOOK', 'Ebook Receitas', 1, 47)];
    body.payment.coupon = { id: 'cp-1', coupon_code: 'BEMVINDO10', incidence_type: 'percent', incidence_field: 'products', incidence_value: 10, final_value: 54.4 };
    body.payment.discount_value = 54.4;
    body.payment.total = 489.6;
    const order = orderOf(map(body));
    expect(order.order.items).toEqual([
      { guruProductCode: 'CURSO', vhsysProductId: 1001, description: 'Curso de Confeitaria', kind: 'servico', quantity: 1, unitValueCents: 49700, discountCents: 0, totalCents: 49700 },
      { guruProductCode: 'EBOOK', vhsysProductId: 1002, description: 'Ebook Receitas (bônus)', kind: 'servico', quantity: 1, unitValueCents: 4700, discountCents: 0, totalCents: 4700 },
    ]);
    expect(order.order).toMatchObject({ itemsTotalCents: 54400, discountCents: 5440, freightCents: 0, totalCents: 48960, interestCents: 0 });
    expect(order.order.installments).toEqual([{ number: 1, dueDate: '2026-03-10', valueCents: 48960, formaPagamento: 'PIX', paid: true }]);
    // Same NFS-e settings → one NFS-e with both lines; discount shared 4970 + 470.
    expect(order.invoices).toEqual([{ kind: 'nfse', itemIndexes: [0, 1], totalCents: 48960, discountCents: 5440, freightCents: 0, settings: NFSE_SETTINGS }]);
    expect(order.order.observation).toContain('Cupom: BEMVINDO10');
  });

  it('computes the coupon discount when discount_value is missing', () => {
    const body = baseBody();
    body.items = [item('CURSO', 'Curso de Confeitaria', 1, 497), item('EBOOK', 'Ebook Receitas', 1, 47)];
    body.payment.coupon = { id: 'cp-1', coupon_code: 'BEMVINDO10', incidence_type: 'percent', incidence_field: 'products', incidence_value: 10, final_value: 54.4 };
    body.payment.discount_value = '';
    body.payment.total = 489.6;
    expect(orderOf(map(body)).order).toMatchObject({ discountCents: 5440, totalCents: 48960 });
  });

  it('takes a shipping coupon off the freight', () => {
    const body = baseBody();
    body.items = [item('LIVRO', 'Livro de Receitas', 1, 89.9)];
    body.shipping = { name: 'PAC', value: 22.9 };
    body.payment.coupon = { id: 'cp-2', coupon_code: 'FRETEGRATIS', incidence_type: 'percent', incidence_field: 'shipping', incidence_value: 100, final_value: 22.9 };
    body.payment.discount_value = 22.9;
    body.payment.total = 89.9;
    const order = orderOf(map(body));
    expect(order.order).toMatchObject({ itemsTotalCents: 8990, discountCents: 0, freightCents: 0, totalCents: 8990 });
    expect(order.invoices).toEqual([{ kind: 'nfe', itemIndexes: [0], totalCents: 8990, discountCents: 0, freightCents: 0, settings: NFE_SETTINGS }]);
  });
});

describe('mapSale golden: 12x card with interest', () => {
  // R$ 497,00 in 12x at 2.99% a month (tabela Price): 12 × R$ 49,90 = R$ 598,80, interest R$ 101,80.
  const cardBody = () => asCardSale(baseBody(), 12, 598.8, 49.9, 101.8);

  it('with "Criar venda com juros" on, puts the interest in the item so the total is what the buyer paid', () => {
    const order = orderOf(map(cardBody()));
    expect(order.order.items).toEqual([
      { guruProductCode: 'CURSO', vhsysProductId: 1001, description: 'Curso de Confeitaria', kind: 'servico', quantity: 1, unitValueCents: 59880, discountCents: 0, totalCents: 59880 },
    ]);
    expect(order.order).toMatchObject({ itemsTotalCents: 59880, discountCents: 0, freightCents: 0, totalCents: 59880, interestCents: 10180 });
    expect(order.order.installments.map((p) => p.valueCents)).toEqual(Array(12).fill(4990));
    expect(order.order.installments.map((p) => p.dueDate)).toEqual([
      '2026-03-10', '2026-04-10', '2026-05-10', '2026-06-10', '2026-07-10', '2026-08-10',
      '2026-09-10', '2026-10-10', '2026-11-10', '2026-12-10', '2027-01-10', '2027-02-10',
    ]);
    expect(new Set(order.order.installments.map((p) => p.formaPagamento))).toEqual(new Set(['Cartão de Crédito']));
    expect(order.invoices).toEqual([{ kind: 'nfse', itemIndexes: [0], totalCents: 59880, discountCents: 0, freightCents: 0, settings: NFSE_SETTINGS }]);
    expect(order.order.observation).toContain('Pagamento: Cartão de Crédito em 12x');
    expect(order.order.observation).toContain('Juros de parcelamento incluídos nos itens: R$ 101,80');
  });

  it('with "Criar venda com juros" off, carries the product price; 12 parcelas with the leftover centavos first', () => {
    const order = orderOf(map(cardBody(), goldenConfig({ criarVendaComJuros: false })));
    expect(order.order.items[0]).toMatchObject({ quantity: 1, unitValueCents: 49700, discountCents: 0, totalCents: 49700 });
    expect(order.order).toMatchObject({ itemsTotalCents: 49700, totalCents: 49700, interestCents: 0 });
    // 49700 = 12 × 4141 + 8: the first 8 parcelas take one centavo more.
    expect(order.order.installments.map((p) => p.valueCents)).toEqual([4142, 4142, 4142, 4142, 4142, 4142, 4142, 4142, 4141, 4141, 4141, 4141]);
    expect(order.order.observation).not.toContain('Juros');
  });

  it('spreads the interest over lines with quantity > 1 exactly, using the line discount', () => {
    // KIT 3 × R$ 129,90 + EBOOK R$ 47,00 + freight R$ 15,90 = R$ 452,60; 10x of R$ 53,03 = R$ 530,30.
    const body = asCardSale(baseBody(), 10, 530.3, 53.03, 77.7);
    body.items = [item('KIT', 'Kit de Bicos', 3, 129.9), item('EBOOK', 'Ebook Receitas', 1, 47)];
    body.shipping = { name: 'PAC', value: 15.9 };
    const order = orderOf(map(body));
    // Interest 7770 over 38970 : 4700 → 6933.75 / 836.25 → 6934 + 836 (largest remainder).
    expect(order.order.items.map(({ quantity, unitValueCents, discountCents, totalCents }) => ({ quantity, unitValueCents, discountCents, totalCents }))).toEqual([
      { quantity: 3, unitValueCents: 15302, discountCents: 2, totalCents: 45904 },
      { quantity: 1, unitValueCents: 5536, discountCents: 0, totalCents: 5536 },
    ]);
    expect(order.order).toMatchObject({ itemsTotalCents: 51440, discountCents: 0, freightCents: 1590, totalCents: 53030, interestCents: 7770 });
    expect(order.order.installments.map((p) => p.valueCents)).toEqual(Array(10).fill(5303));
    // NF-e for the kit carries the freight; NFS-e for the ebook.
    expect(order.invoices).toEqual([
      { kind: 'nfe', itemIndexes: [0], totalCents: 47494, discountCents: 0, freightCents: 1590, settings: NFE_SETTINGS },
      { kind: 'nfse', itemIndexes: [1], totalCents: 5536, discountCents: 0, freightCents: 0, settings: NFSE_SETTINGS },
    ]);
  });

  it('same sale with interest off keeps Guru unit values', () => {
    const body = asCardSale(baseBody(), 10, 530.3, 53.03, 77.7);
    body.items = [item('KIT', 'Kit de Bicos', 3, 129.9), item('EBOOK', 'Ebook Receitas', 1, 47)];
    body.shipping = { name: 'PAC', value: 15.9 };
    const decision = map(body, goldenConfig({ criarVendaComJuros: false }));
    const order = orderOf(decision);
    expect(order.order.items.map((i) => [i.quantity, i.unitValueCents, i.discountCents, i.totalCents])).toEqual([[3, 12990, 0, 38970], [1, 4700, 0, 4700]]);
    expect(order.order).toMatchObject({ itemsTotalCents: 43670, freightCents: 1590, totalCents: 45260, interestCents: 0 });
    expect(order.order.installments.map((p) => p.valueCents)).toEqual(Array(10).fill(4526));
    expect(decision.kind === 'order' && decision.warnings).toEqual([]);
  });

  it('trusts payment.total when installments.interest disagrees, with a warning', () => {
    const body = asCardSale(baseBody(), 12, 598.8, 49.9, 100);
    const decision = map(body);
    expect(orderOf(decision).order).toMatchObject({ totalCents: 59880, interestCents: 10180 });
    expect(decision.kind === 'order' && decision.warnings.map((w) => w.code)).toEqual(['interest_differs_from_guru']);
  });
});

describe('mapSale golden: boleto and PIX life cycles', () => {
  function billetBody(status: string): FixtureBody {
    const body = baseBody();
    body.status = status;
    body.payment.method = 'billet';
    body.payment.billet = { line: '23793381286000000000000000000000000000000000000', url: 'https://boleto.example.com/1', expiration_date: '2026-03-13T14:00:00Z' };
    body.payment.pix = null;
    body.dates.confirmed_at = null;
    body.dates.warranty_until = null;
    body.dates.unavailable_until = null;
    body.dates.updated_at = '2026-03-10T14:01:00Z';
    return body;
  }

  it('a printed boleto is a pending order: Em Aberto, unpaid parcela due on the order date, no invoice', () => {
    const order = orderOf(map(billetBody('billet_printed')));
    expect(order).toMatchObject({ guruStatus: 'billet_printed', statusGroup: 'pending', revision: computeRevision('2026-03-10T14:01:00Z', 'billet_printed', 'complete') });
    expect(order.order).toMatchObject({ status: 'Em Aberto', situacaoId: null, totalCents: 49700 });
    expect(order.order.installments).toEqual([{ number: 1, dueDate: '2026-03-10', valueCents: 49700, formaPagamento: 'Boleto', paid: false }]);
    expect(order.invoices).toEqual([]);
    expect(order.order.observation).toContain('Pagamento: Boleto Bancário em 1x');
  });

  it('expired boleto → Cancelado; the new charge is a new sale id with its own key and marker', () => {
    const expired = billetBody('expired');
    expired.dates.canceled_at = '2026-03-13T14:00:00Z';
    expired.dates.updated_at = '2026-03-13T14:00:00Z';
    const expiredOrder = orderOf(map(expired));
    expect(expiredOrder).toMatchObject({ statusGroup: 'canceled', order: { status: 'Cancelado', marker: `guru:${SALE_ID}` }, invoices: [] });

    const reissued = billetBody('approved');
    reissued.id = 'a1b2c3d4-0000-4000-8000-000000000002';
    reissued.last_transaction = { id: SALE_ID, url: '' };
    reissued.dates.confirmed_at = '2026-03-14T10:00:00Z';
    reissued.dates.updated_at = '2026-03-14T10:00:00Z';
    const decision = map(reissued, goldenConfig(), new Date('2026-03-15T00:00:00Z'));
    const newOrder = orderOf(decision);
    expect(decision.kind === 'order' && decision.key).toBe(`${ACCOUNT_ID}:a1b2c3d4-0000-4000-8000-000000000002`);
    expect(newOrder.order.marker).toBe('guru:a1b2c3d4-0000-4000-8000-000000000002');
    expect(newOrder.order.status).toBe('Atendido');
    expect(newOrder.order.installments).toEqual([{ number: 1, dueDate: '2026-03-14', valueCents: 49700, formaPagamento: 'Boleto', paid: true }]);
  });

  it('refund after approval: a higher revision, Reembolsada → Cancelado (situação 901), no invoices to issue', () => {
    const approved = orderOf(map(baseBody()));
    const refunded = baseBody();
    refunded.status = 'refunded';
    refunded.payment.refund_reason = 'Solicitado pelo comprador';
    refunded.dates.updated_at = '2026-03-12T09:00:00Z';
    const order = orderOf(map(refunded));
    expect(order.revision).toBeGreaterThan(approved.revision);
    expect(order).toMatchObject({ statusGroup: 'refunded', guruStatus: 'refunded', order: { status: 'Cancelado', situacaoId: 901 }, invoices: [] });
    expect(order.order.installments[0].paid).toBe(true);
    expect(order.order.totalCents).toBe(approved.order.totalCents);
  });

  it('chargeback maps like a refund', () => {
    const body = baseBody();
    body.status = 'chargeback';
    expect(orderOf(map(body))).toMatchObject({ statusGroup: 'refunded', order: { status: 'Cancelado' } });
  });
});

describe('mapSale: revisions order out-of-order updates', () => {
  it('a later updated_at always has a higher revision, whatever arrives first', () => {
    const pending = baseBody();
    pending.status = 'waiting_payment';
    pending.dates.updated_at = '2026-03-10T14:00:30Z';
    const approvedRevision = orderOf(map(baseBody())).revision;
    const pendingRevision = orderOf(map(pending)).revision;
    expect(pendingRevision).toBe(35463024600003);
    expect(approvedRevision).toBe(35463027600007);
    expect(pendingRevision).toBeLessThan(approvedRevision);
  });

  it('on the same updated_at, the status later in the life of a sale wins', () => {
    const at = '2026-03-10T14:03:00Z';
    const ranks = ['waiting_payment', 'expired', 'approved', 'completed', 'dispute', 'refunded'].map((s) => computeRevision(at, s, 'complete'));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(ranks.length);
  });
});

describe('mapSale golden: buyers', () => {
  it('CNPJ buyer (masked): PJ, razão social from company_name', () => {
    const body = baseBody();
    body.contact.doc = '11.222.333/0001-81';
    body.contact.company_name = 'Doces Silva Ltda';
    const order = orderOf(map(body));
    expect(order.customer).toMatchObject({ tipoPessoa: 'PJ', document: '11222333000181', name: 'Doces Silva Ltda' });
    expect(order.order.observation).toContain('Comprador: Doces Silva Ltda, CNPJ 11.222.333/0001-81, maria.silva@example.com');
  });

  it('alphanumeric CNPJ buyer: PJ, document normalised to upper case without punctuation, masked in the observation', () => {
    const forms = ['12.ABC.345/01DE-35', '12ABC34501DE35', '12.abc.345/01de-35', ' 12 abc 345 01DE 35 '];
    const customers = forms.map((doc) => {
      const body = baseBody();
      body.contact.doc = doc;
      body.contact.company_name = 'Doces Alfa Ltda';
      const order = orderOf(map(body));
      expect(order.order.observation).toContain('Comprador: Doces Alfa Ltda, CNPJ 12.ABC.345/01DE-35, maria.silva@example.com');
      return order.customer;
    });
    expect(customers[0]).toMatchObject({ tipoPessoa: 'PJ', document: '12ABC34501DE35', name: 'Doces Alfa Ltda' });
    for (const customer of customers) expect(customer).toEqual(customers[0]);
  });

  it('an alphanumeric CNPJ with a wrong check digit goes to the dead-letter topic naming contact.doc', () => {
    const body = baseBody();
    body.contact.doc = '12.ABC.345/01DE-36';
    expect(map(body)).toEqual({ kind: 'invalid', field: 'transaction.contact.doc', reason: 'invalid CNPJ check digits', accountId: ACCOUNT_ID, guruTransactionId: SALE_ID });
  });

  it('masked and unmasked CPF give the same customer; a CPF typed as a number gets its leading zero back', () => {
    const masked = orderOf(map(baseBody())).customer;
    const plain = baseBody();
    plain.contact.doc = '01234567890';
    const numeric = baseBody();
    numeric.contact.doc = 1234567890;
    expect(orderOf(map(plain)).customer).toEqual(masked);
    expect(orderOf(map(numeric)).customer).toEqual(masked);
  });

  it('missing address: customer without address, NF-e withheld with a warning, NFS-e still issued', () => {
    const body = baseBody();
    for (const key of ['address', 'address_number', 'address_comp', 'address_district', 'address_city', 'address_state', 'address_state_full_name', 'address_country', 'address_zip_code'] as const) {
      body.contact[key] = '';
    }
    body.items = [item('CURSO', 'Curso de Confeitaria', 1, 497), item('LIVRO', 'Livro de Receitas', 1, 89.9)];
    body.payment.total = 586.9;
    const decision = map(body);
    const order = orderOf(decision);
    expect(order.customer.address).toBeNull();
    expect(order.invoices).toEqual([{ kind: 'nfse', itemIndexes: [0], totalCents: 49700, discountCents: 0, freightCents: 0, settings: NFSE_SETTINGS }]);
    expect(decision.kind === 'order' && decision.warnings.map((w) => w.code)).toEqual(['customer_address_incomplete', 'nfe_withheld_address_missing']);
  });

  it('invalid CPF check digits go to the dead-letter topic naming contact.doc', () => {
    const body = baseBody();
    body.contact.doc = '012.345.678-91';
    expect(map(body)).toEqual({ kind: 'invalid', field: 'transaction.contact.doc', reason: 'invalid CPF check digits', accountId: ACCOUNT_ID, guruTransactionId: SALE_ID });
  });

  it('a redacted or missing document is not usable', () => {
    const redacted = baseBody();
    redacted.contact.doc = '***.456.789-**';
    expect(map(redacted)).toMatchObject({ kind: 'invalid', field: 'transaction.contact.doc' });
    const missing = baseBody();
    missing.contact.doc = '';
    expect(map(missing)).toMatchObject({ kind: 'invalid', field: 'transaction.contact.doc', reason: 'missing' });
  });
});

describe('mapSale: Guru payload variants', () => {
  it('accepts instalments, creditcard and payment.method null (method inferred from the card block)', () => {
    const body = loose(asCardSale(baseBody(), 12, 598.8, 49.9, 101.8));
    body.payment.instalments = { qty: '12', value: '', interest: '101.80' };
    delete body.payment.installments;
    body.payment.creditcard = body.payment.credit_card;
    delete body.payment.credit_card;
    body.payment.method = null;
    const order = orderOf(map(body));
    expect(order.order.installments).toHaveLength(12);
    expect(order.order.installments[0]).toMatchObject({ valueCents: 4990, formaPagamento: 'Cartão de Crédito' });
    expect(order.order.observation).toContain('Pagamento: Cartão de Crédito em 12x');
  });

  it('PayPal maps to the account\'s choice', () => {
    const body = baseBody();
    body.payment.method = 'paypal';
    body.payment.pix = null;
    expect(orderOf(map(body)).order.installments[0].formaPagamento).toBe('Pagamento online');
  });

  it('a method the account does not map leaves forma_pagamento empty, with a warning', () => {
    const body = baseBody();
    body.payment.method = 'nupay';
    body.payment.pix = null;
    const decision = map(body);
    expect(orderOf(decision).order.installments[0].formaPagamento).toBeNull();
    expect(decision.kind === 'order' && decision.warnings.map((w) => w.code)).toEqual(['payment_method_not_mapped']);
  });

  it('with "Enviar parcelas" off there are no parcelas', () => {
    expect(orderOf(map(baseBody(), goldenConfig({ enviarParcelas: false }))).order.installments).toEqual([]);
  });

  it('tolerates float noise in money and money as strings', () => {
    const body = baseBody();
    body.items = [{ id: 'CURSO', name: 'Curso', type: 'product', qty: '1', unit_value: '497.00', total_value: 497.00000000000006 }];
    body.payment.total = '497.000000';
    expect(orderOf(map(body)).order.totalCents).toBe(49700);
  });

  it('uses product when items is empty', () => {
    const body = loose(baseBody());
    body.items = [];
    expect(orderOf(map(body)).order.items).toHaveLength(1);
  });

  it('a long sale id gets a hash-based marker of at most 100 characters', () => {
    const body = baseBody();
    body.id = 'x'.repeat(150);
    const order = orderOf(map(body));
    expect(order.order.marker).toBe('guru:sha256:a09244d54a7ed6e9f75c3f431270b7467ffbd133f4f9950931d0aa80ce4667e6');
    expect(orderOf(map(body)).order.marker).toBe(order.order.marker);
  });

  it('pays less than the prices say: the shortfall becomes discount, with a warning', () => {
    const body = baseBody();
    body.payment.total = 490;
    const decision = map(body);
    expect(orderOf(decision).order).toMatchObject({ itemsTotalCents: 49700, discountCents: 700, totalCents: 49000 });
    expect(decision.kind === 'order' && decision.warnings.map((w) => w.code)).toEqual(['payment_shortfall_as_discount']);
  });
});

describe('mapSale: invoice policy after_warranty', () => {
  const afterWarranty = goldenConfig({ invoicePolicy: { ambiente: 'producao', issueWhen: 'after_warranty', onRefundAfterInvoice: 'keep_invoice' } });

  it('before warranty_until: order now, no invoices, invoicesDueAt = warranty_until', () => {
    const order = orderOf(map(baseBody(), afterWarranty, new Date('2026-03-17T14:02:59Z')));
    expect(order.invoices).toEqual([]);
    expect(order.invoicesDueAt).toBe('2026-03-17T14:03:00.000Z');
    expect(order.invoicePolicy).toEqual({ ambiente: 'producao', onRefundAfterInvoice: 'keep_invoice' });
  });

  it('re-evaluated at warranty_until: the next revision (complete phase), invoices included', () => {
    const before = orderOf(map(baseBody(), afterWarranty, new Date('2026-03-17T14:02:59Z')));
    const after = orderOf(map(baseBody(), afterWarranty, new Date('2026-03-17T14:03:00Z')));
    // updated_at 2026-03-10T14:03:00Z × 20 + approved (3) × 2 + phase.
    expect(before.revision).toBe(35463027600006);
    expect(after.revision).toBe(35463027600007);
    // A refund a millisecond later still outranks the re-mapped order.
    const refund = baseBody();
    refund.status = 'refunded';
    refund.dates.updated_at = '2026-03-10T14:03:00.001Z';
    expect(orderOf(map(refund, afterWarranty, new Date('2026-03-17T14:02:59Z'))).revision).toBe(35463027600035);
    expect(after.invoices).toHaveLength(1);
    expect(after.invoicesDueAt).toBeNull();
  });

  it('completed (guarantee over) includes invoices whatever the clock says', () => {
    const body = baseBody();
    body.status = 'completed';
    expect(orderOf(map(body, afterWarranty, new Date('2026-03-11T00:00:00Z'))).invoices).toHaveLength(1);
  });
});

describe('mapSale: explicit outcomes are results', () => {
  function expectIgnored(decision: MappingDecision, reason: string) {
    const result = resultOf(decision);
    expect(result).toMatchObject({ accountId: ACCOUNT_ID, guruTransactionId: SALE_ID, stage: 'mapping', outcome: 'ignored', reason, productCodes: [], vhsys: null, occurredAt: NOW.toISOString() });
    expect(result.revision).toBe(computeRevision(baseBody().dates.updated_at, 'approved', 'initial'));
  }

  it('integration not configured / inactive', () => {
    expect(resultOf(mapSale({ event: eventOf(baseBody()), config: null, now: NOW }))).toMatchObject({ outcome: 'ignored', reason: 'integration_not_configured' });
    expectIgnored(map(baseBody(), goldenConfig({ active: false })), 'integration_inactive');
  });

  it('currency other than BRL', () => {
    const body = baseBody();
    body.payment.currency = 'usd';
    expectIgnored(map(body), 'currency_not_brl');
  });

  it('buyer outside Brazil (checked before the document: foreign buyers have no CPF)', () => {
    const body = baseBody();
    body.contact.address_country = 'PT';
    body.contact.doc = '';
    expectIgnored(map(body), 'buyer_outside_brazil');
  });

  it('zero-value sale', () => {
    const body = baseBody();
    body.payment.total = 0;
    expectIgnored(map(body), 'zero_value_sale');
    const free = baseBody();
    free.payment.method = 'free';
    expectIgnored(map(free), 'zero_value_sale');
  });

  it('sale type other than producer', () => {
    const body = baseBody();
    body.type = 'affiliate';
    expectIgnored(map(body), 'not_producer_sale');
    const missing = baseBody();
    missing.type = null;
    expect(map(missing).kind).toBe('order');
  });

  it('ignored statuses and unknown statuses', () => {
    for (const status of ['dispute', 'abandoned', 'analysis', 'processing', 'in_analysis']) {
      const body = baseBody();
      body.status = status;
      const result = resultOf(map(body));
      expect(result).toMatchObject({ outcome: 'ignored', reason: `status_ignored:${status}` });
    }
  });

  it('a product without Faturamento settings parks the sale naming the codes', () => {
    const body = baseBody();
    body.items = [item('CURSO', 'Curso', 1, 497), item('NOVO-1', 'Novo', 1, 10), item('NOVO-2', 'Outro', 1, 10), item('NOVO-1', 'Novo', 1, 10)];
    body.payment.total = 527;
    const result = resultOf(map(body));
    expect(result).toEqual({
      accountId: ACCOUNT_ID,
      guruTransactionId: SALE_ID,
      revision: 35463027600006,
      stage: 'mapping',
      outcome: 'needs_configuration',
      reason: 'needs_configuration',
      detail: 'NOVO-1: no Faturamento settings; NOVO-2: no Faturamento settings',
      productCodes: ['NOVO-1', 'NOVO-2'],
      vhsys: null,
      attempts: 0,
      steps: [],
      reprocessRequestId: null,
      occurredAt: NOW.toISOString(),
    });
  });

  it('inactive product settings also park the sale', () => {
    const config = goldenConfig();
    config.products = config.products.map((p) => (p.guruProductCode === 'CURSO' ? { ...p, active: false } : p));
    expect(resultOf(map(baseBody(), config))).toMatchObject({ outcome: 'needs_configuration', productCodes: ['CURSO'] });
  });
});

describe('mapSale: unusable payloads go to the dead-letter topic naming the field', () => {
  it.each([
    ['missing id', (b: Record<string, any>) => { delete b.id; }, 'transaction.id'],
    ['empty status', (b: Record<string, any>) => { b.status = ''; }, 'transaction.status'],
    ['missing updated_at', (b: Record<string, any>) => { b.dates.updated_at = ''; }, 'transaction.dates.updated_at'],
    ['unparsable payment.total', (b: Record<string, any>) => { b.payment.total = '12.345'; }, 'transaction.payment.total'],
    ['non-numeric unit_value', (b: Record<string, any>) => { b.items[0].unit_value = 'abc'; }, 'transaction.items.0.unit_value'],
    ['missing payment.total', (b: Record<string, any>) => { b.payment.total = null; }, 'transaction.payment.total'],
    ['item without code', (b: Record<string, any>) => { b.items[0].id = ''; }, 'transaction.items.0.id'],
    ['no items and no product', (b: Record<string, any>) => { b.items = []; b.product = null; }, 'transaction.items'],
    ['another webhook type', (b: Record<string, any>) => { b.webhook_type = 'subscription'; }, 'transaction.webhook_type'],
    ['buyer without name', (b: Record<string, any>) => { b.contact.name = ' '; }, 'transaction.contact.name'],
    ['discount above the sale', (b: Record<string, any>) => { b.payment.discount_value = 600; }, 'transaction.payment.discount_value'],
  ])('%s', (_name, change, field) => {
    const body = loose(baseBody());
    change(body);
    const decision = map(body);
    expect(decision).toMatchObject({ kind: 'invalid', field, accountId: ACCOUNT_ID });
  });
});
