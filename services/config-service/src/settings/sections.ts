import { z } from 'zod';
import {
  ACCOUNT_ID_PATTERN, ACCOUNT_ID_RULE, GURU_MAPPED_PAYMENT_METHODS, GURU_STATUS_GROUPS, InvoicePolicySchema, NfeSettingsSchema, NfseSettingsSchema,
  VHSYS_FORMAS_PAGAMENTO, VHSYS_ORDER_STATUSES,
} from '@gv/contracts';
import { ErrorDetail, ServiceError } from './errors';

/**
 * Request bodies of the settings sections, validated once for both transports. Objects are strict
 * (an unknown or misspelt field is an error, not silently dropped). Messages never repeat the input.
 */

/** A field's own message, except "is required" when it is missing (as everywhere else). */
const unless = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

/** The product's account id rule (no `:`, so sale keys are unambiguous; docs/kafka.md#keys). */
export const ACCOUNT_ID = ACCOUNT_ID_PATTERN;

const token = (label: string) =>
  z.string({ error: unless(`must be the ${label} copied from Vhsys`) }).regex(/^[\x21-\x7e]{8,512}$/, `must be the ${label} copied from Vhsys (8-512 visible characters, no spaces)`);

const bothTokensOrNeither = (value: { accessToken?: string; secretAccessToken?: string }, ctx: z.RefinementCtx) => {
  if ((value.accessToken === undefined) !== (value.secretAccessToken === undefined)) {
    const missing = value.accessToken === undefined ? 'accessToken' : 'secretAccessToken';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'Access-Token and Secret-Access-Token are generated together in Vhsys: send both or neither' });
  }
};

const detalheShape = {
  accessToken: token('Access-Token').optional(),
  secretAccessToken: token('Secret-Access-Token').optional(),
  criarVendaComJuros: z.boolean(),
  enviarParcelas: z.boolean(),
  ativo: z.boolean(),
};
export const DetalhePutSchema = z.strictObject(detalheShape).superRefine(bothTokensOrNeither);
export const DetalhePatchSchema = z.strictObject(detalheShape).partial().superRefine(bothTokensOrNeither);
export type DetalheInput = z.infer<typeof DetalhePatchSchema>;

/** Guru's User Token (Meu Perfil → Tokens API), bounded like the Vhsys tokens (GuruApiClient refuses longer ones or whitespace). */
export const GuruApiPutSchema = z.strictObject({
  userToken: z
    .string({ error: unless('must be the user token copied from Guru (Meu Perfil > Tokens API)') })
    .regex(/^[\x21-\x7e]{8,512}$/, 'must be the user token copied from Guru (8-512 visible characters, no spaces)'),
});
export type GuruApiInput = z.infer<typeof GuruApiPutSchema>;

const FORMAS_TEXT = VHSYS_FORMAS_PAGAMENTO.join(', ');
const formaPagamento = z.enum(VHSYS_FORMAS_PAGAMENTO, { error: unless(`must be one of the Vhsys formas de pagamento (${FORMAS_TEXT}) or null`) }).nullable();
const paymentShape = Object.fromEntries(GURU_MAPPED_PAYMENT_METHODS.map((m) => [m, formaPagamento])) as Record<
  (typeof GURU_MAPPED_PAYMENT_METHODS)[number],
  typeof formaPagamento
>;
export const PaymentMethodsPutSchema = z.strictObject(paymentShape);
export const PaymentMethodsPatchSchema = PaymentMethodsPutSchema.partial();
export type PaymentMethodsInput = z.infer<typeof PaymentMethodsPatchSchema>;

export const StatusTargetInputSchema = z.strictObject({
  status: z.enum(VHSYS_ORDER_STATUSES, { error: unless(`must be one of ${VHSYS_ORDER_STATUSES.join(', ')}`) }),
  situacaoId: z.number({ error: unless('must be the id of one of the account\'s situações (GET /situacoes) or null') }).int().positive().nullable().default(null),
});
const statusShape = Object.fromEntries(GURU_STATUS_GROUPS.map((g) => [g, StatusTargetInputSchema])) as Record<
  (typeof GURU_STATUS_GROUPS)[number],
  typeof StatusTargetInputSchema
>;
export const StatusMapPutSchema = z.strictObject(statusShape);
export const StatusMapPatchSchema = StatusMapPutSchema.partial();
export type StatusMapInput = z.infer<typeof StatusMapPatchSchema>;

export const InvoicePolicyPutSchema = z.strictObject(InvoicePolicySchema.shape);
export const InvoicePolicyPatchSchema = InvoicePolicyPutSchema.partial();
export type InvoicePolicyInput = z.infer<typeof InvoicePolicyPatchSchema>;

export const ProductPutSchema = z
  .strictObject({
    vhsysProductId: z.number({ error: unless('must be the id_produto of a product registered in Vhsys') }).int().positive(),
    description: z.string().max(255).nullable().default(null),
    kind: z.enum(['produto', 'servico'], { error: unless('must be produto (NF-e) or servico (NFS-e)') }),
    issueInvoice: z.boolean(),
    active: z.boolean(),
    nfe: z.strictObject(NfeSettingsSchema.shape).nullable().default(null),
    nfse: z.strictObject(NfseSettingsSchema.shape).nullable().default(null),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'produto') {
      if (value.nfse !== null) ctx.addIssue({ code: 'custom', path: ['nfse'], message: 'must be null for kind produto (NF-e settings go in nfe)' });
      if (value.issueInvoice && value.nfe === null) ctx.addIssue({ code: 'custom', path: ['nfe'], message: 'is required to issue an NF-e (naturezaOperacao, cfop, serie)' });
    } else {
      if (value.nfe !== null) ctx.addIssue({ code: 'custom', path: ['nfe'], message: 'must be null for kind servico (NFS-e settings go in nfse)' });
      if (value.issueInvoice && value.nfse === null) ctx.addIssue({ code: 'custom', path: ['nfse'], message: 'is required to issue an NFS-e (serie, naturezaOperacao, codigoServico, aliquotaIss)' });
    }
  });
export type ProductInput = z.infer<typeof ProductPutSchema>;

/** Body of POST /v1/admin/republish: one account, or (absent or null) every account. */
export const RepublishSchema = z.strictObject({ accountId: z.string().nullable().optional() });

export const GURU_PRODUCT_CODE = /^[^\x00-\x1f\x7f]{1,191}$/;

/** Parses `input` or throws validation_failed with every offending path (relative to the body). */
export function validate<S extends z.ZodTypeAny>(schema: S, input: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(input, {
    error: (issue) => (issue.input === undefined && issue.code === 'invalid_type' ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return (issue as { keys: string[] }).keys.map((key) => ({ path: [path, key].filter(Boolean).join('.'), message: 'is not a field of this section' }));
    }
    return [{ path, message: issue.message }];
  });
  throw new ServiceError('validation_failed', `invalid ${prefix || 'request body'}: ${details.map((d) => `${d.path || '(body)'} ${d.message}`).join('; ')}`, details);
}

export function validateAccountId(accountId: string): void {
  if (!ACCOUNT_ID.test(accountId)) {
    throw new ServiceError('invalid_request', `accountId ${ACCOUNT_ID_RULE}`, [{ path: 'accountId', message: ACCOUNT_ID_RULE }]);
  }
}

export function validateProductCode(code: string): void {
  if (!GURU_PRODUCT_CODE.test(code)) {
    throw new ServiceError('validation_failed', 'guruProductCode must be 1-191 printable characters', [{ path: 'guruProductCode', message: 'must be 1-191 printable characters' }]);
  }
}
