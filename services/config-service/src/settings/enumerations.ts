import {
  GURU_MAPPED_PAYMENT_METHODS, GURU_STATUS_GROUPS, GURU_TRANSACTION_STATUS_LABELS, GURU_TRANSACTION_STATUSES, GuruMappedPaymentMethod, GuruStatusGroup, InvoicePolicy, InvoicePolicySchema,
  ProductBilling, ProductBillingSchema, VHSYS_FORMAS_PAGAMENTO, VHSYS_ORDER_STATUSES,
} from '@gv/contracts';

/**
 * The fixed lists the settings screens offer, with the wording of Guru's admin (the seed's pt-BR
 * names). Values come from @gv/contracts, the lists the service validates against; the Records are
 * typed by those lists, so a value added there without a label here does not compile.
 */
const GURU_PAYMENT_METHOD_LABELS: Record<GuruMappedPaymentMethod, string> = {
  billet: 'Boleto Bancário',
  credit_card: 'Cartão de Crédito',
  paypal: 'Paypal',
  pix: 'PIX',
};

const GURU_STATUS_GROUP_LABELS: Record<GuruStatusGroup, string> = {
  approved: 'Aprovada',
  canceled: 'Cancelada/Expirada',
  pending: 'Pendente',
  refunded: 'Reembolsada',
};

const PRODUCT_KIND_LABELS: Record<ProductBilling['kind'], string> = {
  produto: 'Produto (NF-e)',
  servico: 'Serviço (NFS-e)',
};

/** Vhsys natureza_pedido of an NFS-e (NfseSettingsSchema: 1..5). */
const NFSE_NATUREZAS: [number, string][] = [
  [1, 'Tributação no município'],
  [2, 'Tributação fora do município'],
  [3, 'Isenção'],
  [4, 'Imune'],
  [5, 'Exigibilidade suspensa por decisão judicial'],
];

/** NfseSettingsSchema.regime: 1..2. */
const NFSE_REGIMES: [number, string][] = [
  [1, 'Simples Nacional'],
  [2, 'Regime normal'],
];

const AMBIENTE_LABELS: Record<InvoicePolicy['ambiente'], string> = { producao: 'Produção', homologacao: 'Homologação' };
const ISSUE_WHEN_LABELS: Record<InvoicePolicy['issueWhen'], string> = { on_approval: 'Na aprovação da venda', after_warranty: 'Depois do fim da garantia' };
const ON_REFUND_LABELS: Record<InvoicePolicy['onRefundAfterInvoice'], string> = {
  manual_cancellation: 'Avisar para cancelar a nota manualmente no Vhsys',
  keep_invoice: 'Manter a nota',
};

const choices = <K extends string>(values: readonly K[], labels: Record<K, string>) => values.map((value) => ({ value, label: labels[value] }));

export function settingsEnumerations() {
  return {
    formasPagamento: [...VHSYS_FORMAS_PAGAMENTO],
    orderStatuses: [...VHSYS_ORDER_STATUSES],
    guruPaymentMethods: choices(GURU_MAPPED_PAYMENT_METHODS, GURU_PAYMENT_METHOD_LABELS),
    guruStatusGroups: choices(GURU_STATUS_GROUPS, GURU_STATUS_GROUP_LABELS),
    // Every Guru status, for the import's filter (Guru's transaction_status[]).
    guruStatuses: choices(GURU_TRANSACTION_STATUSES, GURU_TRANSACTION_STATUS_LABELS),
    productKinds: choices(ProductBillingSchema.shape.kind.options, PRODUCT_KIND_LABELS),
    nfseNaturezas: NFSE_NATUREZAS.map(([value, label]) => ({ value, label })),
    nfseRegimes: NFSE_REGIMES.map(([value, label]) => ({ value, label })),
    ambientes: choices(InvoicePolicySchema.shape.ambiente.options, AMBIENTE_LABELS),
    issueWhen: choices(InvoicePolicySchema.shape.issueWhen.options, ISSUE_WHEN_LABELS),
    onRefundAfterInvoice: choices(InvoicePolicySchema.shape.onRefundAfterInvoice.options, ON_REFUND_LABELS),
  };
}
