import {
  GuruMappedPaymentMethod, GuruStatusGroup, IntegrationConfigSnapshot, IntegrationConfigSnapshotSchema, INTEGRATION_CONFIG,
  InvoicePolicy, parseContract, ProductBilling, StatusTarget, VhsysFormaPagamento,
} from '@gv/contracts';

/** The stored, sealed token pair (never the plaintext). */
export interface StoredCredentials {
  accessTokenSealed: string;
  secretAccessTokenSealed: string;
  keyId: string;
  accessTokenLast4: string;
  secretAccessTokenLast4: string;
  setAt: Date;
}

/** The stored, sealed Guru API user token (never the plaintext). */
export interface StoredGuruToken {
  sealed: string;
  keyId: string;
  last4: string;
  setAt: Date;
}

export type PaymentMethods = Record<GuruMappedPaymentMethod, VhsysFormaPagamento | null>;
export type StatusMap = Record<GuruStatusGroup, StatusTarget>;

/** One account's settings as this service holds them. */
export interface IntegrationState {
  accountId: string;
  /** Increases with every committed change of any section (and with the deletion). */
  version: number;
  active: boolean;
  criarVendaComJuros: boolean;
  enviarParcelas: boolean;
  credentials: StoredCredentials | null;
  /** Increases whenever the tokens change (set, replaced or wiped). */
  credentialsVersion: number;
  /** The seller's Guru API user token (importing past sales); not part of the published snapshot. */
  guruToken: StoredGuruToken | null;
  paymentMethods: PaymentMethods;
  statusMap: StatusMap;
  invoicePolicy: InvoicePolicy;
  /** Sorted by guruProductCode. */
  products: ProductBilling[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What a section holds before the seller sets it. Status defaults follow the natural reading of
 * the four Guru statuses; the invoice policy starts in homologação so nothing is issued for real
 * until the seller says so. Payment methods start unmapped.
 */
export const DEFAULT_PAYMENT_METHODS: PaymentMethods = { billet: null, credit_card: null, paypal: null, pix: null };
export const DEFAULT_STATUS_MAP: StatusMap = {
  approved: { status: 'Atendido', situacaoId: null },
  canceled: { status: 'Cancelado', situacaoId: null },
  pending: { status: 'Em Aberto', situacaoId: null },
  refunded: { status: 'Cancelado', situacaoId: null },
};
export const DEFAULT_INVOICE_POLICY: InvoicePolicy = {
  ambiente: 'homologacao',
  issueWhen: 'on_approval',
  onRefundAfterInvoice: 'manual_cancellation',
};

export function newIntegrationState(accountId: string, version: number, credentialsVersion: number, now: Date): IntegrationState {
  return {
    accountId,
    version,
    active: false,
    criarVendaComJuros: false,
    enviarParcelas: false,
    credentials: null,
    credentialsVersion,
    guruToken: null,
    paymentMethods: { ...DEFAULT_PAYMENT_METHODS },
    statusMap: structuredClone(DEFAULT_STATUS_MAP),
    invoicePolicy: { ...DEFAULT_INVOICE_POLICY },
    products: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** The published value: validated against the contract so a bug can never publish a bad snapshot. */
export function toSnapshot(state: IntegrationState): IntegrationConfigSnapshot {
  return parseContract(INTEGRATION_CONFIG, IntegrationConfigSnapshotSchema, {
    accountId: state.accountId,
    version: state.version,
    active: state.active,
    criarVendaComJuros: state.criarVendaComJuros,
    enviarParcelas: state.enviarParcelas,
    credentialsSet: state.credentials !== null,
    credentialsVersion: state.credentialsVersion,
    paymentMethods: state.paymentMethods,
    statusMap: state.statusMap,
    invoicePolicy: state.invoicePolicy,
    products: state.products,
    updatedAt: state.updatedAt.toISOString(),
  });
}

export interface TokenStateView {
  set: boolean;
  last4: string | null;
  setAt: string | null;
}

/** What the admin reads (HTTP JSON; gRPC maps it field by field). Never a token. */
export interface SettingsView {
  accountId: string;
  version: number;
  detalhe: {
    accessToken: TokenStateView;
    secretAccessToken: TokenStateView;
    credentialsVersion: number;
    criarVendaComJuros: boolean;
    enviarParcelas: boolean;
    ativo: boolean;
  };
  paymentMethods: PaymentMethods;
  statusMap: StatusMap;
  invoicePolicy: InvoicePolicy;
  products: ProductBilling[];
  /** The Guru API user token (write-only): whether it is set, its last 4 characters, when. */
  guruApi: TokenStateView;
  createdAt: string;
  updatedAt: string;
}

export function toView(state: IntegrationState): SettingsView {
  const c = state.credentials;
  const g = state.guruToken;
  return {
    accountId: state.accountId,
    version: state.version,
    detalhe: {
      accessToken: { set: c !== null, last4: c?.accessTokenLast4 ?? null, setAt: c?.setAt.toISOString() ?? null },
      secretAccessToken: { set: c !== null, last4: c?.secretAccessTokenLast4 ?? null, setAt: c?.setAt.toISOString() ?? null },
      credentialsVersion: state.credentialsVersion,
      criarVendaComJuros: state.criarVendaComJuros,
      enviarParcelas: state.enviarParcelas,
      ativo: state.active,
    },
    paymentMethods: state.paymentMethods,
    statusMap: state.statusMap,
    invoicePolicy: state.invoicePolicy,
    products: state.products,
    guruApi: { set: g !== null, last4: g?.last4 ?? null, setAt: g?.setAt.toISOString() ?? null },
    createdAt: state.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
}

/** The audit path of the Guru API user token. */
export const GURU_TOKEN_PATH = 'guruApi.userToken';

export interface FieldChange {
  path: string;
  /** Old and new values; absent for secrets, of which only the fact of the change is recorded. */
  from?: unknown;
  to?: unknown;
  secret?: true;
}

/** The non-secret settings as flat `path -> value` pairs (products keyed by their code). */
function flatten(state: IntegrationState): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else out.set(prefix, value);
  };
  walk('detalhe', { criarVendaComJuros: state.criarVendaComJuros, enviarParcelas: state.enviarParcelas, ativo: state.active });
  walk('paymentMethods', state.paymentMethods);
  walk('statusMap', state.statusMap);
  walk('invoicePolicy', state.invoicePolicy);
  for (const product of state.products) {
    const { guruProductCode, ...rest } = product;
    // A product's nested nfe/nfse may be null or an object; flatten keeps both comparable.
    walk(`products.${guruProductCode}`, rest);
  }
  return out;
}

/** Which fields changed between two states (tokens: only that they changed, never a value). */
export function diffStates(before: IntegrationState | null, after: IntegrationState | null): FieldChange[] {
  const a = before ? flatten(before) : new Map<string, unknown>();
  const b = after ? flatten(after) : new Map<string, unknown>();
  const changes: FieldChange[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const from = a.has(path) ? a.get(path) : undefined;
    const to = b.has(path) ? b.get(path) : undefined;
    if ((from ?? null) === null && (to ?? null) === null) continue;
    if (JSON.stringify(from ?? null) !== JSON.stringify(to ?? null)) changes.push({ path, from: from ?? null, to: to ?? null });
  }
  const credentialsChanged = (before?.credentialsVersion ?? 0) !== (after?.credentialsVersion ?? 0);
  if (credentialsChanged) {
    changes.push({ path: 'detalhe.accessToken', secret: true }, { path: 'detalhe.secretAccessToken', secret: true });
  }
  // A new seal (fresh IV) of the Guru token means it was set, replaced or removed.
  if ((before?.guruToken?.sealed ?? null) !== (after?.guruToken?.sealed ?? null)) changes.push({ path: GURU_TOKEN_PATH, secret: true });
  return changes.sort((x, y) => x.path.localeCompare(y.path));
}
