import { z } from 'zod';
import { AccountIdSchema } from '../topics/topics';
import { VHSYS_FORMAS_PAGAMENTO, VHSYS_ORDER_STATUSES, NfeSettingsSchema, NfseSettingsSchema, GURU_STATUS_GROUPS } from '../integration-config/integration-config';

/**
 * `vhsys.sale-orders.v1` value: what must exist in Vhsys for one Guru sale, as of `revision`.
 * Produced by mapping-service, reconciled into Vhsys by invoice-dispatcher. Money is integer
 * centavos; dates are `YYYY-MM-DD` in Brasília time (America/Sao_Paulo).
 */
export const SALE_ORDER = 'sale-order@1';

const cents = z.number().int().min(0);
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const CustomerSchema = z.object({
  tipoPessoa: z.enum(['PF', 'PJ']),
  /**
   * Normalised CPF (11 digits) or CNPJ (12 [0-9A-Z] + 2 check digits: numeric or alphanumeric),
   * upper case, no punctuation; check digits validated by the mapping (@gv/brazil parseDocument).
   */
  document: z.string().regex(/^(\d{11}|[0-9A-Z]{12}\d{2})$/),
  name: z.string().min(1).max(255),
  email: z.string().max(255).nullable(),
  /** Phone with area code, digits only (e.g. 41999998888), without the country code. */
  phone: z.string().max(20).nullable(),
  address: z
    .object({
      street: z.string().max(255),
      number: z.string().max(7),
      complement: z.string().max(45),
      district: z.string().max(45),
      city: z.string().max(100),
      uf: z.string().regex(/^[A-Z]{2}$/),
      /** 8 digits. */
      cep: z.string().regex(/^\d{8}$/),
    })
    .nullable(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const OrderItemSchema = z.object({
  guruProductCode: z.string(),
  vhsysProductId: z.number().int().positive(),
  description: z.string().min(1).max(255),
  kind: z.enum(['produto', 'servico']),
  quantity: z.number().int().positive(),
  /** Unit value sent to Vhsys, centavos; quantity × unitValueCents − discountCents = totalCents. */
  unitValueCents: cents,
  /** Line discount in centavos (Vhsys desconto_produto). */
  discountCents: cents,
  totalCents: cents,
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const InstallmentSchema = z.object({
  number: z.number().int().positive(),
  dueDate: dateOnly,
  valueCents: cents,
  formaPagamento: z.enum(VHSYS_FORMAS_PAGAMENTO).nullable(),
  /** Paid already (approved card sale): conta_liquidada = 1. */
  paid: z.boolean(),
});
export type Installment = z.infer<typeof InstallmentSchema>;

export const InvoiceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('nfe'),
    /** Indexes into order.items. */
    itemIndexes: z.array(z.number().int().min(0)).min(1),
    /** Σ items' totalCents − discountCents + freightCents. */
    totalCents: cents,
    /** This invoice's share of order.discountCents (absent = 0). */
    discountCents: cents.optional(),
    /** This invoice's share of order.freightCents (absent = 0). */
    freightCents: cents.optional(),
    settings: NfeSettingsSchema,
  }),
  z.object({
    kind: z.literal('nfse'),
    itemIndexes: z.array(z.number().int().min(0)).min(1),
    totalCents: cents,
    discountCents: cents.optional(),
    freightCents: cents.optional(),
    settings: NfseSettingsSchema,
  }),
]);
export type Invoice = z.infer<typeof InvoiceSchema>;

export const SaleOrderSchema = z.object({
  /** No `:` (see AccountIdSchema): the message key is `<accountId>:<guruTransactionId>`. */
  accountId: AccountIdSchema,
  guruTransactionId: z.string().min(1),
  /** Increases with Guru's `dates.updated_at` (status rank on ties); stale revisions are refused. */
  revision: z.number().int().positive(),
  guruStatus: z.string(),
  statusGroup: z.enum(GURU_STATUS_GROUPS),
  /** Guru's `dates.updated_at` as ISO 8601. */
  occurredAt: z.string().datetime({ offset: true }),
  /** When Guru's platform received the event (latency origin), if known. */
  receivedAt: z.string().datetime({ offset: true }).nullable(),
  /** Settings version and credentials version this order was mapped with. */
  configVersion: z.number().int().positive(),
  credentialsVersion: z.number().int().min(0),
  customer: CustomerSchema,
  order: z.object({
    /** Marker written to obs_pedido / referencia_pedido so an unknown outcome can be resolved. */
    marker: z.string().min(1).max(100),
    dataPedido: dateOnly,
    status: z.enum(VHSYS_ORDER_STATUSES),
    situacaoId: z.number().int().positive().nullable(),
    items: z.array(OrderItemSchema).min(1),
    itemsTotalCents: cents,
    discountCents: cents,
    freightCents: cents,
    /** itemsTotalCents − discountCents + freightCents. */
    totalCents: cents,
    /** Installment interest included in the items (criarVendaComJuros on), else 0. */
    interestCents: cents,
    installments: z.array(InstallmentSchema),
    observation: z.string().max(2000),
  }),
  /** Invoices to issue now (empty when not yet, or never, for this sale). */
  invoices: z.array(InvoiceSchema),
  /**
   * When invoices are withheld only until Guru's `warranty_until` (policy `after_warranty`): the
   * instant from which a re-evaluation of the same sale includes them. Null/absent otherwise.
   */
  invoicesDueAt: z.string().datetime({ offset: true }).nullable().optional(),
  invoicePolicy: z.object({
    ambiente: z.enum(['producao', 'homologacao']),
    onRefundAfterInvoice: z.enum(['manual_cancellation', 'keep_invoice']),
  }),
});
export type SaleOrder = z.infer<typeof SaleOrderSchema>;
