import { z } from 'zod';
import { AccountIdSchema } from '../topics/topics';

/**
 * `vhsys.integration-config.v1` value (compacted, key = accountId, tombstone = integration deleted).
 * A full snapshot of one account's settings, never its tokens: `credentialsVersion` changes when the
 * tokens change so the dispatcher knows to fetch them again over gRPC.
 */
export const INTEGRATION_CONFIG = 'integration-config@1';

/** Vhsys's fixed base order statuses. */
export const VHSYS_ORDER_STATUSES = ['Em Aberto', 'Em Andamento', 'Atendido', 'Cancelado'] as const;
export type VhsysOrderStatus = (typeof VHSYS_ORDER_STATUSES)[number];

/** Vhsys's fixed `forma_pagamento` list (accented spelling, as the parcelas spec has it). */
export const VHSYS_FORMAS_PAGAMENTO = [
  'Dinheiro', 'PIX', 'Cheque', 'Permuta', 'Cartão de Crédito', 'Cartão de Débito', 'Boleto',
  'Transferência', 'Ted', 'Depósito Identificado', 'Depósito em C/C', 'Duplicata Mercantil',
  'Faturado', 'Faturar', 'Débito Automático', 'Lotérica', 'Banco', 'DDA', 'Pagamento online', 'BNDES',
  'Outros', 'DP Descontada', 'CH Descontado', 'Vale Alimentação', 'Vale Refeição', 'Vale Presente',
  'Vale Combustível',
] as const;
export type VhsysFormaPagamento = (typeof VHSYS_FORMAS_PAGAMENTO)[number];

/** Guru payment methods the seller maps (the seed's four). */
export const GURU_MAPPED_PAYMENT_METHODS = ['billet', 'credit_card', 'paypal', 'pix'] as const;
export type GuruMappedPaymentMethod = (typeof GURU_MAPPED_PAYMENT_METHODS)[number];

/** The seed's four Guru status groups. */
export const GURU_STATUS_GROUPS = ['approved', 'canceled', 'pending', 'refunded'] as const;
export type GuruStatusGroup = (typeof GURU_STATUS_GROUPS)[number];

export const StatusTargetSchema = z.object({
  status: z.enum(VHSYS_ORDER_STATUSES),
  /** Optional custom situação id of the account (GET /situacoes). */
  situacaoId: z.number().int().positive().nullable().default(null),
});
export type StatusTarget = z.infer<typeof StatusTargetSchema>;

export const NfeSettingsSchema = z.object({
  naturezaOperacao: z.string().min(1).max(120),
  cfop: z.string().regex(/^\d{4}$/, 'CFOP must have 4 digits'),
  serie: z.number().int().min(0).max(999),
});
export type NfeSettings = z.infer<typeof NfeSettingsSchema>;

export const NfseSettingsSchema = z.object({
  serie: z.number().int().min(1).max(9),
  /** Vhsys natureza_pedido for NFS-e: 1 tributação no município, 2 fora, 3 isenção, 4 imune, 5 judicial. */
  naturezaOperacao: z.number().int().min(1).max(5),
  /** Municipal service code (item da lista de serviços). */
  codigoServico: z.string().min(1).max(20),
  /** ISS rate as a decimal string with up to 4 places, e.g. "2.00". */
  aliquotaIss: z.string().regex(/^\d{1,2}(\.\d{1,4})?$/, 'aliquotaIss must be a percentage like 2.00'),
  /** 1 Simples Nacional, 2 regime normal. */
  regime: z.number().int().min(1).max(2).default(1),
  descricaoServico: z.string().max(255).nullable().default(null),
});
export type NfseSettings = z.infer<typeof NfseSettingsSchema>;

/**
 * Most products with billing settings one account may have; config-service refuses one more with
 * 422 / INVALID_ARGUMENT (`validation_failed`, path `products`). With the field lengths of
 * ProductBillingSchema (every text field bounded) this keeps the largest possible snapshot under
 * half the topic's max.message.bytes (INTEGRATION_CONFIG_MAX_MESSAGE_BYTES): worst case in
 * docs/config-service.md ("Limits"), checked by integration-config-limits.unit.spec.ts.
 * Consumers do not enforce it (a snapshot written before the limit still parses).
 */
export const MAX_PRODUCTS_PER_ACCOUNT = 80;

export const ProductBillingSchema = z.object({
  guruProductCode: z.string().min(1).max(191),
  vhsysProductId: z.number().int().positive(),
  /** Description sent on the order line; the Vhsys product's own when empty. */
  description: z.string().max(255).nullable().default(null),
  kind: z.enum(['produto', 'servico']),
  issueInvoice: z.boolean(),
  active: z.boolean(),
  nfe: NfeSettingsSchema.nullable().default(null),
  nfse: NfseSettingsSchema.nullable().default(null),
});
export type ProductBilling = z.infer<typeof ProductBillingSchema>;

export const InvoicePolicySchema = z.object({
  ambiente: z.enum(['producao', 'homologacao']),
  /** Issue on approval, or only once Guru's `warranty_until` has passed. */
  issueWhen: z.enum(['on_approval', 'after_warranty']),
  /** What to do when a sale with an emitted invoice is refunded/cancelled. */
  onRefundAfterInvoice: z.enum(['manual_cancellation', 'keep_invoice']),
});
export type InvoicePolicy = z.infer<typeof InvoicePolicySchema>;

export const IntegrationConfigSnapshotSchema = z.object({
  accountId: AccountIdSchema,
  /** Increases with every committed change of this account's settings. */
  version: z.number().int().positive(),
  active: z.boolean(),
  criarVendaComJuros: z.boolean(),
  enviarParcelas: z.boolean(),
  credentialsSet: z.boolean(),
  /** Changes whenever the tokens change; never the tokens themselves. */
  credentialsVersion: z.number().int().min(0),
  paymentMethods: z.object({
    billet: z.enum(VHSYS_FORMAS_PAGAMENTO).nullable(),
    credit_card: z.enum(VHSYS_FORMAS_PAGAMENTO).nullable(),
    paypal: z.enum(VHSYS_FORMAS_PAGAMENTO).nullable(),
    pix: z.enum(VHSYS_FORMAS_PAGAMENTO).nullable(),
  }),
  statusMap: z.object({
    approved: StatusTargetSchema,
    canceled: StatusTargetSchema,
    pending: StatusTargetSchema,
    refunded: StatusTargetSchema,
  }),
  invoicePolicy: InvoicePolicySchema,
  products: z.array(ProductBillingSchema),
  updatedAt: z.string().datetime({ offset: true }),
});
export type IntegrationConfigSnapshot = z.infer<typeof IntegrationConfigSnapshotSchema>;
