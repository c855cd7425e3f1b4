import type { Customer } from '@gv/contracts';
import type { VhsysAuditPort } from '../audit/audit-port';
import { VHSYS_ERROR_KINDS, VhsysErrorKind } from '@gv/vhsys-client';
import type { MarkerSearchPosition, MarkerSearchResult } from '@gv/vhsys-client';
/**
 * The narrow view of Vhsys the reconciler needs. The production implementation adapts
 * `@gv/vhsys-client` (vhsys-client-adapter.ts); unit tests use an in-memory fake. Money is integer
 * centavos everywhere on this side; the adapter owns the wire format.
 */

/** What the dispatcher needs to know about a failed Vhsys call. */
export interface VhsysFailure {
  kind: VhsysErrorKind;
  message: string;
  /** Field-level messages (validation). */
  fields: string[];
  /** From 429 Retry-After (or a local limiter), when known. */
  retryAfterMs: number | null;
  /** The write may have been applied (timeout, reset, lost response): resolve before writing again. */
  outcomeUnknown: boolean;
}

/** A failure raised by the fake, the local limiter, or the adapter for its own checks. */
export class VhsysPortError extends Error implements VhsysFailure {
  readonly fields: string[];
  readonly retryAfterMs: number | null;
  readonly outcomeUnknown: boolean;
  /** Raised by this process (its own rate limiter), not by Vhsys: says nothing about the account's health. */
  readonly local: boolean;

  constructor(
    readonly kind: VhsysErrorKind,
    message: string,
    options: { fields?: string[]; retryAfterMs?: number | null; outcomeUnknown?: boolean; local?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'VhsysPortError';
    this.fields = options.fields ?? [];
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
    this.local = options.local ?? false;
  }
}

/**
 * Reads a Vhsys failure structurally, so the client's `VhsysError`, the fake's and the limiter's
 * errors are all understood without importing each other. Returns null for anything else (a bug,
 * a database error), which the caller must not treat as a Vhsys outcome.
 */
export function asVhsysFailure(error: unknown): VhsysFailure | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as Partial<VhsysFailure> & { message?: unknown };
  if (typeof e.kind !== 'string' || !(VHSYS_ERROR_KINDS as readonly string[]).includes(e.kind)) return null;
  return {
    kind: e.kind as VhsysErrorKind,
    message: typeof e.message === 'string' ? e.message : String(e.kind),
    fields: Array.isArray(e.fields) ? e.fields.map(String) : [],
    retryAfterMs: typeof e.retryAfterMs === 'number' && Number.isFinite(e.retryAfterMs) ? e.retryAfterMs : null,
    outcomeUnknown: e.outcomeUnknown === true,
  };
}

// The *Draft types are what the reconciler asks Vhsys to hold, in the sale's own terms (centavos,
// contract fields); VhsysClientPort maps each onto the wire types of @gv/vhsys-client
// (ClienteInput, PedidoInput, …), which carry Vhsys's field names.

export interface ClienteDraft {
  tipoPessoa: 'PF' | 'PJ';
  /** SaleOrder.customer.document: the normalised CPF or CNPJ (a CNPJ may be alphanumeric). */
  document: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** The sale's normalised address (contract SaleOrder.customer.address). */
  address: Customer['address'];
}

export interface PedidoDraft {
  idCliente: number;
  nomeCliente: string;
  dataPedido: string;
  status: string;
  discountCents: number;
  freightCents: number;
  /** The sale marker (Guru transaction id): how an unknown outcome is resolved. */
  referencia: string;
  /** Observation; always contains the marker too. */
  obs: string;
}

export interface PedidoRef {
  idPed: number;
  /** Sequential number; null when Vhsys shows 0 or '' (a known quirk). */
  idPedido: number | null;
  status: string;
  situacao: number | null;
  /** valor_total_nota as centavos, when the answer carried it. */
  totalCents: number | null;
}

export interface LineItemDraft {
  idProduto: number;
  description: string;
  quantity: number;
  unitValueCents: number;
  discountCents: number;
}

export interface LineItemRow {
  idProduto: number;
  quantity: number;
  totalCents: number | null;
}

export interface ParcelaDraft {
  dueDate: string;
  valueCents: number;
  formaPagamento: string | null;
  observacao: string;
  paid: boolean;
}

export interface StatusDraft {
  date: string;
  status: string;
  situacao: number | null;
  obs: string;
}

export interface NotaFiscalDraft {
  idCliente: number;
  nomeCliente: string;
  /** id_ped of the order this NF-e belongs to (id_pedido_ref). */
  idPedidoRef: number;
  dataPedido: string;
  serie: number;
  naturezaOperacao: string;
  cfop: string;
  /** 1 produção, 2 homologação. */
  ambiente: 1 | 2;
  discountCents: number;
  freightCents: number;
  obs: string;
}

export interface NotaFiscalRef {
  idVenda: number;
  emitted: boolean;
  notaChave: string | null;
  protocolo: string | null;
  danfeUrl: string | null;
  /** valor_total_produtos in centavos (0 when no items were added yet), when known. */
  itemsTotalCents: number | null;
  /** valor_total_nota in centavos, when known. */
  totalCents: number | null;
}

export interface NotaServicoDraft {
  idCliente: number;
  nomeCliente: string;
  idPedidoRef: number;
  serie: number;
  naturezaOperacao: number;
  codigoServico: string;
  aliquotaIss: string;
  regime: number;
  description: string;
  /** Σ service lines. */
  servicesTotalCents: number;
  /** What the invoice totals to (services − discount + freight share). */
  totalCents: number;
  ambiente: 1 | 2;
  obs: string;
}

export interface NotaServicoRef {
  idServico: number;
  emitted: boolean;
  numeroNfs: string | null;
  totalCents: number | null;
}

/**
 * One account's Vhsys, as the reconciler uses it. The marker searches (`find…ByMarker`,
 * `findNotaFiscalByPedido`) read ONE page per call, from `from` (the start when null), so every
 * page is a request of its own for the rate limit and the circuit; the reconciler decides how many
 * pages an attempt may read and keeps the position between attempts.
 */
export interface VhsysPort {
  findClienteByDocumento(document: string): Promise<{ idCliente: number } | null>;
  createCliente(input: ClienteDraft): Promise<{ idCliente: number }>;

  /** The oldest live pedido modified since `since` carrying the marker (one page of the search). */
  findPedidoByMarker(marker: string, since: Date, from: MarkerSearchPosition | null): Promise<MarkerSearchResult<PedidoRef>>;
  getPedido(idPed: number): Promise<PedidoRef>;
  createPedido(input: PedidoDraft): Promise<PedidoRef>;
  /** PUT /pedidos/{id}: header fields (Vhsys requires nome_cliente and status_pedido). */
  updatePedido(idPed: number, input: PedidoDraft): Promise<void>;
  listPedidoProdutos(idPed: number): Promise<LineItemRow[]>;
  addPedidoProdutos(idPed: number, items: LineItemDraft[]): Promise<void>;
  replacePedidoParcelas(idPed: number, parcelas: ParcelaDraft[]): Promise<void>;
  appendPedidoStatus(idPed: number, status: StatusDraft): Promise<void>;

  createNotaFiscal(input: NotaFiscalDraft): Promise<NotaFiscalRef>;
  /** The oldest live NF-e of the pedido (`id_pedido_ref`, or the marker in its observation); one page. */
  findNotaFiscalByPedido(idPed: number, marker: string, since: Date, from: MarkerSearchPosition | null): Promise<MarkerSearchResult<NotaFiscalRef>>;
  addNotaFiscalProdutos(idVenda: number, items: LineItemDraft[]): Promise<void>;
  getNotaFiscal(idVenda: number): Promise<NotaFiscalRef>;
  emitirNotaFiscal(idVenda: number): Promise<{ danfeUrl: string | null }>;

  createNotaServico(input: NotaServicoDraft): Promise<NotaServicoRef>;
  /** The oldest live NFS-e carrying the marker (or `id_pedido_ref` = idPed); one page. */
  findNotaServicoByMarker(marker: string, idPed: number, since: Date, from: MarkerSearchPosition | null): Promise<MarkerSearchResult<NotaServicoRef>>;
  getNotaServico(idServico: number): Promise<NotaServicoRef>;
  emitirNotaServico(idServico: number): Promise<{ numeroNfs: string | null }>;
}

/**
 * Which port calls write to Vhsys. A write starts only under a sale lease that outlasts it
 * (limitPort calls SaleLease.beforeWrite); every method must be listed, so a new one is classified.
 */
export const VHSYS_PORT_CALL_KIND: Record<keyof VhsysPort, 'read' | 'write'> = {
  findClienteByDocumento: 'read',
  createCliente: 'write',
  findPedidoByMarker: 'read',
  getPedido: 'read',
  createPedido: 'write',
  updatePedido: 'write',
  listPedidoProdutos: 'read',
  addPedidoProdutos: 'write',
  replacePedidoParcelas: 'write',
  appendPedidoStatus: 'write',
  createNotaFiscal: 'write',
  findNotaFiscalByPedido: 'read',
  addNotaFiscalProdutos: 'write',
  getNotaFiscal: 'read',
  emitirNotaFiscal: 'write',
  createNotaServico: 'write',
  findNotaServicoByMarker: 'read',
  getNotaServico: 'read',
  emitirNotaServico: 'write',
};

/** Token pair of one account. Never logged: JSON and inspection show a placeholder. */
export class VhsysCredentialPair {
  readonly #accessToken: string;
  readonly #secretAccessToken: string;

  constructor(accessToken: string, secretAccessToken: string, readonly version: number) {
    this.#accessToken = accessToken;
    this.#secretAccessToken = secretAccessToken;
  }

  get accessToken(): string {
    return this.#accessToken;
  }

  get secretAccessToken(): string {
    return this.#secretAccessToken;
  }

  toJSON(): string {
    return `[credentials v${this.version}]`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}

/** Builds the port of one account from its credentials (the adapter caches clients). */
export interface VhsysGateway {
  forAccount(accountId: string, credentials: VhsysCredentialPair): VhsysPort;
  /** The account's read-only audit calls (same client, same rate limit); absent on test fakes that do not audit. */
  forAudit?(accountId: string, credentials: VhsysCredentialPair): VhsysAuditPort;
  close(): Promise<void>;
}
