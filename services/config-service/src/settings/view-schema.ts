import { z } from 'zod';
import {
  GURU_MAPPED_PAYMENT_METHODS, GURU_STATUS_GROUPS, InvoicePolicySchema, ProductBillingSchema, StatusTargetSchema,
  VHSYS_FORMAS_PAGAMENTO, VHSYS_ORDER_STATUSES,
} from '@gv/contracts';

/**
 * The settings as the HTTP API returns them (documentation for OpenAPI, and what the tests check
 * responses against). Tokens appear only as {set, last4, setAt}.
 */
const TokenStateSchema = z.object({
  set: z.boolean(),
  last4: z.string().nullable(),
  setAt: z.string().nullable(),
});

export const SettingsViewSchema = z.strictObject({
  accountId: z.string(),
  version: z.number().int().positive(),
  detalhe: z.strictObject({
    accessToken: TokenStateSchema,
    secretAccessToken: TokenStateSchema,
    credentialsVersion: z.number().int().min(0),
    criarVendaComJuros: z.boolean(),
    enviarParcelas: z.boolean(),
    ativo: z.boolean(),
  }),
  paymentMethods: z.strictObject(
    Object.fromEntries(GURU_MAPPED_PAYMENT_METHODS.map((m) => [m, z.enum(VHSYS_FORMAS_PAGAMENTO).nullable()])) as Record<string, z.ZodNullable<z.ZodEnum>>,
  ),
  statusMap: z.strictObject(Object.fromEntries(GURU_STATUS_GROUPS.map((g) => [g, StatusTargetSchema])) as Record<string, typeof StatusTargetSchema>),
  invoicePolicy: InvoicePolicySchema,
  products: z.array(ProductBillingSchema),
  guruApi: TokenStateSchema.describe('The Guru API user token (write-only): never its value'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const WriteResponseSchema = z.strictObject({
  message: z.string().describe('What the admin shows, e.g. "Integração ativa"'),
  settings: SettingsViewSchema,
});

export const ErrorResponseSchema = z.object({
  error: z.string().describe('Machine code: validation_failed, version_conflict, forbidden, ...'),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })),
  currentVersion: z.number().int().optional(),
});

export const SituacoesResponseSchema = z.object({
  situacoes: z.array(z.object({ id: z.number().int(), name: z.string(), status: z.enum(VHSYS_ORDER_STATUSES) })),
});

export const AuditResponseSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actor: z.string(),
      via: z.enum(['http', 'grpc']),
      action: z.string(),
      version: z.number().int(),
      changes: z.array(z.object({ path: z.string(), from: z.unknown().optional(), to: z.unknown().optional(), secret: z.literal(true).optional() })),
      traceId: z.string().nullable(),
    }),
  ),
});

export const DeleteResponseSchema = z.object({ message: z.string(), version: z.number().int() });

export const VhsysProductsResponseSchema = z.object({
  products: z.array(z.object({
    id: z.number().int(),
    description: z.string(),
    code: z.string(),
    unit: z.string(),
    kind: z.enum(['produto', 'servico']).nullable().describe("From Vhsys's tipo_produto; null when it says neither"),
  })),
  total: z.number().int().min(0).describe('Products matching the search'),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
});

const Choice = z.object({ value: z.string(), label: z.string() });
const NumberChoice = z.object({ value: z.number().int(), label: z.string() });

export const EnumerationsResponseSchema = z.object({
  formasPagamento: z.array(z.string()).describe("Vhsys's forma_pagamento values, spelled exactly"),
  orderStatuses: z.array(z.string()).describe("Vhsys's base order statuses"),
  guruPaymentMethods: z.array(Choice),
  guruStatusGroups: z.array(Choice),
  guruStatuses: z.array(Choice).describe("Every Guru transaction status with Guru's label (the import's status filter)"),
  productKinds: z.array(Choice),
  nfseNaturezas: z.array(NumberChoice),
  nfseRegimes: z.array(NumberChoice),
  ambientes: z.array(Choice),
  issueWhen: z.array(Choice),
  onRefundAfterInvoice: z.array(Choice),
});
