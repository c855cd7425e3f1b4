import { DispatchResult, DispatchResultSchema, SaleOrder, SaleOrderSchema } from '@gv/contracts';

/**
 * Sale orders and results as the pipeline publishes them (parsed through their contracts, so the
 * defaults of the additive fields apply), for the sales history's tests.
 */
export function saleOrderFixture(overrides: { accountId?: string; id?: string; revision?: number; occurredAt?: string; guruStatus?: string; document?: string; name?: string; totalCents?: number } = {}): SaleOrder {
  const totalCents = overrides.totalCents ?? 19990;
  return SaleOrderSchema.parse({
    accountId: overrides.accountId ?? 'acct-1',
    guruTransactionId: overrides.id ?? 'tx-1',
    revision: overrides.revision ?? 1,
    guruStatus: overrides.guruStatus ?? 'approved',
    statusGroup: 'approved',
    occurredAt: overrides.occurredAt ?? '2026-03-10T12:00:00.000-03:00',
    receivedAt: null,
    configVersion: 3,
    credentialsVersion: 1,
    customer: {
      tipoPessoa: 'PF', document: overrides.document ?? '52998224725', name: overrides.name ?? 'Maria da Silva',
      email: 'maria@example.com', phone: '41999998888',
      address: { street: 'Rua A', number: '10', complement: '', district: 'Centro', city: 'Curitiba', uf: 'PR', cep: '80010000' },
    },
    order: {
      marker: 'guru:tx-1', dataPedido: '2026-03-10', status: 'Atendido', situacaoId: null,
      items: [{ guruProductCode: 'LIVRO', vhsysProductId: 7, description: 'Livro', kind: 'produto', quantity: 1, unitValueCents: totalCents, discountCents: 0, totalCents }],
      itemsTotalCents: totalCents, discountCents: 0, freightCents: 0, totalCents, interestCents: 0, installments: [], observation: '',
    },
    invoices: [{ kind: 'nfe', itemIndexes: [0], totalCents, settings: { naturezaOperacao: 'Venda', cfop: '5102', serie: 1 } }],
    invoicePolicy: { ambiente: 'homologacao', onRefundAfterInvoice: 'manual_cancellation' },
  });
}

export function resultFixture(overrides: Partial<DispatchResult> & Record<string, unknown> = {}): DispatchResult {
  return DispatchResultSchema.parse({
    accountId: 'acct-1',
    guruTransactionId: 'tx-1',
    revision: 1,
    stage: 'dispatch',
    outcome: 'created',
    reason: null,
    detail: null,
    vhsys: {
      idCliente: 5, idPed: 77, idPedido: 1077,
      nfe: { idVenda: 77, emitted: true, notaChave: '41260300000000000000550010000000011000000010', protocolo: '141260000000001', danfeUrl: 'https://vhsys.example/danfe/77.pdf' },
      nfse: null,
    },
    occurredAt: '2026-03-10T15:00:05.000Z',
    ...overrides,
  });
}
