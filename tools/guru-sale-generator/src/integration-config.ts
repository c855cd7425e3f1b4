import {
  IntegrationConfigSnapshotSchema,
  type IntegrationConfigSnapshot,
  type InvoicePolicy,
  type ProductBilling,
} from '@gv/contracts';
import { DEFAULT_PRODUCTS, type CatalogProduct } from './catalog';

export interface BuildConfigOptions {
  accountId?: string;
  version?: number;
  active?: boolean;
  criarVendaComJuros?: boolean;
  enviarParcelas?: boolean;
  issueWhen?: InvoicePolicy['issueWhen'];
  /** Catalog whose codes get Faturamento settings (default DEFAULT_PRODUCTS). */
  products?: readonly CatalogProduct[];
  /** Codes to leave without settings (to exercise needs_configuration). */
  unconfiguredCodes?: string[];
  updatedAt?: string;
}

/** Faturamento settings for a catalog product: NF-e for produto, NFS-e for serviço. */
export function productBillingFor(product: CatalogProduct): ProductBilling {
  return {
    guruProductCode: product.code,
    vhsysProductId: product.vhsysProductId,
    description: null,
    kind: product.kind,
    issueInvoice: true,
    active: true,
    nfe: product.kind === 'produto' ? { naturezaOperacao: 'Venda de mercadoria', cfop: '5102', serie: 1 } : null,
    nfse: product.kind === 'servico'
      ? { serie: 1, naturezaOperacao: 1, codigoServico: '8.02', aliquotaIss: '2.00', regime: 1, descricaoServico: null }
      : null,
  };
}

/**
 * An account's settings that configure every product of the generator's catalog: Boleto →
 * Boleto, Cartão de Crédito → Cartão de Crédito, Paypal → Pagamento online, PIX → PIX;
 * Aprovada → Atendido, Cancelada/Expirada → Cancelado, Pendente → Em Aberto, Reembolsada →
 * Cancelado; both switches on, invoices on approval, homologação. Validated by its contract.
 */
export function buildIntegrationConfig(options: BuildConfigOptions = {}): IntegrationConfigSnapshot {
  const skip = new Set(options.unconfiguredCodes ?? []);
  return IntegrationConfigSnapshotSchema.parse({
    accountId: options.accountId ?? 'acc-1',
    version: options.version ?? 1,
    active: options.active ?? true,
    criarVendaComJuros: options.criarVendaComJuros ?? true,
    enviarParcelas: options.enviarParcelas ?? true,
    credentialsSet: true,
    credentialsVersion: 1,
    paymentMethods: { billet: 'Boleto', credit_card: 'Cartão de Crédito', paypal: 'Pagamento online', pix: 'PIX' },
    statusMap: {
      approved: { status: 'Atendido', situacaoId: null },
      canceled: { status: 'Cancelado', situacaoId: null },
      pending: { status: 'Em Aberto', situacaoId: null },
      refunded: { status: 'Cancelado', situacaoId: null },
    },
    invoicePolicy: { ambiente: 'homologacao', issueWhen: options.issueWhen ?? 'on_approval', onRefundAfterInvoice: 'manual_cancellation' },
    products: (options.products ?? DEFAULT_PRODUCTS).filter((p) => !skip.has(p.code)).map(productBillingFor),
    updatedAt: options.updatedAt ?? '2026-01-01T00:00:00Z',
  });
}
