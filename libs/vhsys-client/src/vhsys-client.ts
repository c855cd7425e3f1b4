import type { Dispatcher } from 'undici';
import { normalizeDocument } from '@gv/brazil';
import { sharedVhsysAgent } from './agent';
import { ClienteInput, ClienteUpdate, clienteFromWire, clienteToWire, VhsysCliente } from './entities/clientes';
import { LineItemInput, lineItemFromWire, lineItemToWire, VhsysLineItem } from './entities/line-items';
import {
  EmitirNotaFiscalResult, NotaFiscalInput, NotaFiscalListFilters, notaFiscalFromWire, notaFiscalToWire, VhsysNotaFiscal,
} from './entities/notas-fiscais';
import {
  EmitirNotaServicoResult, NotaServicoInput, NotaServicoListFilters, notaServicoFromWire, notaServicoToWire, VhsysNotaServico,
} from './entities/notas-servico';
import { ParcelaInput, parcelaFromWire, parcelaToWire, VhsysParcela } from './entities/pedido-parcelas';
import { StatusInput, statusFromWire, statusToWire, VhsysStatusEntry } from './entities/pedido-status';
import { PedidoInput, PedidoListFilters, PedidoUpdate, pedidoFromWire, pedidoToWire, VhsysPedido } from './entities/pedidos';
import { produtoFromWire, VhsysProduto } from './entities/produtos';
import { situacoesFromWire, VhsysSituacoes } from './entities/situacoes';
import { TransportOptions, VhsysCall, VhsysCredentials, VhsysRequestInfo, VhsysTransport } from './http-transport';
import { containsMarker } from './marker';
import { MarkerSearchList, MarkerSearchPosition, MarkerSearchResult, searchList } from './marker-search';
import { emptyPaging, ListResult, PageRequest, readPaging, VHSYS_LIMIT_MAX } from './paging';
import { isWriteMethod } from './response-classification';
import { VhsysError, VhsysRateLimit } from './vhsys-error';
import { formatDocumento, toBrasiliaTimestamp, VhsysShapeError } from './wire-values';

type Row = Record<string, unknown>;

export interface VhsysClientOptions {
  /** e.g. https://api.vhsys.com/v2 (api.vhsys.com.br also works); the simulator's `url`. */
  baseUrl: string;
  credentials: VhsysCredentials;
  /** Hard deadline per request, connect to last byte (default 15 s). */
  timeoutMs?: number;
  /** Vhsys marks User-Agent as required. */
  userAgent?: string;
  /** Share one pool across clients (createVhsysAgent); defaults to a process-wide one. */
  agent?: Dispatcher;
  /** Awaited before every HTTP request (a shared rate limit takes its token here); a throw stops it unsent. */
  beforeRequest?: TransportOptions['beforeRequest'];
  onRequest?: (info: VhsysRequestInfo) => void;
  /** How `cnpj_cliente` is written on create (default 'formatted', as the spec examples). */
  documentFormat?: 'formatted' | 'unformatted';
}

/**
 * A marker search (list by data_modificacao, matched client-side; see marker-search.ts): its
 * window, how much it may read in one call, and where an earlier call of the same search stopped.
 */
export interface MarkerSearchOptions {
  /** When the write was attempted; rows modified before (since − marginMs) are not scanned. */
  since: Date;
  /** Allowance for clock skew between us and Vhsys (default 15 minutes). */
  marginMs?: number;
  /** Pages of 250 this call may read (default 40); then the answer is `unfinished`, with where to resume. */
  pageBudget?: number;
  /** The `resumeFrom` of an earlier `unfinished` answer to the same search (same marker and since). */
  resumeFrom?: MarkerSearchPosition | null;
}

export const DEFAULT_USER_AGENT = 'guru-vhsys/0.1 (+https://github.com/guru-vhsys; vhsys-client)';
const DEFAULT_MARGIN_MS = 15 * 60 * 1000;
const DEFAULT_PAGE_BUDGET = 40;
const ALREADY_EMITTED = /j[áa]\s+(foi\s+)?emitid[ao]/i;

function asRow(value: unknown): Row | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : null;
}

/** Vhsys answers some creates with an object and some with an array of one object. */
function firstRow(data: unknown): Row | null {
  return Array.isArray(data) ? asRow(data[0]) : asRow(data);
}

function rowsOf(data: unknown): Row[] {
  if (Array.isArray(data)) return data.map(asRow).filter((row): row is Row => row !== null);
  const single = asRow(data);
  return single ? [single] : [];
}

function filterDate(value: string | Date | undefined): string | undefined {
  return value instanceof Date ? toBrasiliaTimestamp(value) : value;
}

/**
 * Typed Vhsys API v2 operations for one account (token pair). Money in is integer centavos,
 * money out is integer centavos. Errors are VhsysError; "not found" answers become null / empty
 * lists for find* and list*, and a not_found error for get*.
 */
export class VhsysClient {
  private readonly transport: VhsysTransport;
  private readonly documentFormat: 'formatted' | 'unformatted';

  constructor(options: VhsysClientOptions) {
    this.transport = new VhsysTransport({
      baseUrl: options.baseUrl,
      credentials: options.credentials,
      timeoutMs: options.timeoutMs ?? 15_000,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      agent: options.agent ?? sharedVhsysAgent(),
      beforeRequest: options.beforeRequest,
      onRequest: options.onRequest,
    });
    this.documentFormat = options.documentFormat ?? 'formatted';
  }

  /** The most recent x-ratelimit-* values seen by this client. */
  get lastRateLimit(): VhsysRateLimit | undefined {
    return this.transport.lastRateLimit;
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private async data(call: VhsysCall): Promise<unknown> {
    return (await this.transport.send(call)).envelope.data;
  }

  /** Maps a response; an unreadable one is a permanent error, outcome unknown for writes. */
  private read<T>(call: VhsysCall, map: () => T): T {
    try {
      return map();
    } catch (error) {
      const reason = error instanceof VhsysShapeError || error instanceof Error ? error.message : String(error);
      throw new VhsysError({
        kind: 'permanent',
        httpStatus: 200,
        vhsysCode: null,
        vhsysMessages: [`unexpected response: ${reason}`],
        fields: [],
        method: call.method,
        pathTemplate: call.pathTemplate,
        outcomeUnknown: isWriteMethod(call.method),
      });
    }
  }

  private async one<T>(call: VhsysCall, map: (row: Row) => T): Promise<T> {
    const data = await this.data(call);
    return this.read(call, () => {
      const row = firstRow(data);
      if (!row) throw new Error('data is not an object');
      return map(row);
    });
  }

  /** Sub-resource lists: no paging; "Nenhum … encontrado!" is an empty list. */
  private async many<T>(call: VhsysCall, map: (row: Row) => T): Promise<T[]> {
    let data: unknown;
    try {
      data = await this.data(call);
    } catch (error) {
      if (error instanceof VhsysError && error.kind === 'not_found') return [];
      throw error;
    }
    return this.read(call, () => rowsOf(data).map(map));
  }

  /** Paged lists: `limit` (≤ 250) and `offset`; "Nenhum … encontrado!" is an empty page. */
  private async page<T>(call: VhsysCall, asked: PageRequest, map: (row: Row) => T): Promise<ListResult<T>> {
    const query = { ...call.query, limit: asked.limit === undefined ? undefined : Math.min(asked.limit, VHSYS_LIMIT_MAX), offset: asked.offset };
    const pagedCall = { ...call, query };
    let result;
    try {
      result = await this.transport.send(pagedCall);
    } catch (error) {
      if (error instanceof VhsysError && error.kind === 'not_found') return { rows: [], paging: emptyPaging(asked) };
      throw error;
    }
    return this.read(pagedCall, () => {
      const rows = rowsOf(result.envelope.data).map(map);
      return { rows, paging: readPaging(result.envelope.paging, rows.length, asked) };
    });
  }

  /** One call of a marker search over `list`, within the options' page budget. */
  private searchMarker<T>(list: MarkerSearchList<T>, options: MarkerSearchOptions): Promise<MarkerSearchResult<T>> {
    return searchList(list, options.resumeFrom ?? null, options.pageBudget ?? DEFAULT_PAGE_BUDGET);
  }

  private sinceText(options: MarkerSearchOptions): string {
    return toBrasiliaTimestamp(new Date(options.since.getTime() - (options.marginMs ?? DEFAULT_MARGIN_MS)));
  }

  // ---- account --------------------------------------------------------------------------------

  /**
   * One cheap authenticated GET. True when the token pair works; VhsysError kind 'auth' when not.
   * The real wording of a bad-token answer is unknown, so here any other 403/401 text counts as auth:
   * a plain `GET /clientes?limit=1` has nothing else to refuse.
   */
  async verifyCredentials(): Promise<true> {
    try {
      await this.transport.send({ method: 'GET', pathTemplate: '/clientes', query: { limit: 1 } });
    } catch (error) {
      // An empty account answers "Nenhum cliente encontrado!", which proves the tokens work.
      if (error instanceof VhsysError && error.kind === 'not_found') return true;
      if (error instanceof VhsysError && error.kind === 'permanent' && (error.httpStatus === 403 || error.vhsysCode === 403)) {
        throw new VhsysError({ ...error, kind: 'auth' });
      }
      throw error;
    }
    return true;
  }

  // ---- clientes -------------------------------------------------------------------------------

  /**
   * The active cliente with this CPF/CNPJ (numeric or alphanumeric, any case and mask), or null.
   * Searches the unformatted document first (what working clients do), then the formatted form,
   * and compares the normalised documents client-side (no punctuation, upper case; letters count,
   * so two alphanumeric CNPJs with the same digits never match) because whether Vhsys matches one
   * form against the other is unknown. The oldest match wins.
   */
  async findClienteByDocumento(documento: string): Promise<VhsysCliente | null> {
    const wanted = normalizeDocument(documento);
    if (wanted === '') throw new Error('findClienteByDocumento needs a CPF or CNPJ');
    for (const searched of [...new Set([wanted, formatDocumento(wanted)])]) {
      const { rows } = await this.listClientes({ cnpjCliente: searched, lixeira: 'Nao', limit: 50 });
      const matches = rows.filter((c) => c.documento === wanted && !c.lixeira).sort((a, b) => a.idCliente - b.idCliente);
      if (matches.length > 0) return matches[0];
    }
    return null;
  }

  async listClientes(
    filters: { cnpjCliente?: string; razaoCliente?: string; tipoPessoa?: 'PF' | 'PJ'; lixeira?: 'Sim' | 'Nao'; dataModificacao?: string | Date } & PageRequest = {},
  ): Promise<ListResult<VhsysCliente>> {
    const call: VhsysCall = {
      method: 'GET',
      pathTemplate: '/clientes',
      query: {
        cnpj_cliente: filters.cnpjCliente,
        razao_cliente: filters.razaoCliente,
        tipo_pessoa: filters.tipoPessoa,
        lixeira: filters.lixeira,
        data_modificacao: filterDate(filters.dataModificacao),
      },
    };
    return this.page(call, filters, clienteFromWire);
  }

  async getCliente(idCliente: number): Promise<VhsysCliente> {
    return this.one({ method: 'GET', pathTemplate: '/clientes/{id_cliente}', pathParams: { id_cliente: idCliente } }, clienteFromWire);
  }

  async createCliente(input: ClienteInput): Promise<VhsysCliente> {
    const body = clienteToWire(input, { documentFormat: this.documentFormat });
    return this.one({ method: 'POST', pathTemplate: '/clientes', body }, clienteFromWire);
  }

  async updateCliente(idCliente: number, update: ClienteUpdate): Promise<VhsysCliente> {
    const body = clienteToWire(update, { documentFormat: this.documentFormat });
    return this.one({ method: 'PUT', pathTemplate: '/clientes/{id_cliente}', pathParams: { id_cliente: idCliente }, body }, clienteFromWire);
  }

  // ---- produtos -------------------------------------------------------------------------------

  async getProduto(idProduto: number): Promise<VhsysProduto> {
    return this.one({ method: 'GET', pathTemplate: '/produtos/{id_produto}', pathParams: { id_produto: idProduto } }, produtoFromWire);
  }

  /** The active produto with exactly this `cod_produto`, or null. */
  async findProdutoByCodigo(codProduto: string): Promise<VhsysProduto | null> {
    const call: VhsysCall = { method: 'GET', pathTemplate: '/produtos', query: { cod_produto: codProduto, lixeira: 'Nao' } };
    const { rows } = await this.page(call, { limit: 50 }, produtoFromWire);
    return rows.filter((p) => p.codProduto === codProduto && !p.lixeira).sort((a, b) => a.idProduto - b.idProduto)[0] ?? null;
  }

  /**
   * One page of the account's produtos: `descProduto` matches part of the description (Vhsys's
   * own filter), `lixeira` 'Nao' leaves the trashed ones out.
   */
  async listProdutos(filters: { descProduto?: string; codProduto?: string; lixeira?: 'Sim' | 'Nao' } & PageRequest = {}): Promise<ListResult<VhsysProduto>> {
    const call: VhsysCall = {
      method: 'GET',
      pathTemplate: '/produtos',
      query: { desc_produto: filters.descProduto, cod_produto: filters.codProduto, lixeira: filters.lixeira },
    };
    return this.page(call, filters, produtoFromWire);
  }

  // ---- pedidos --------------------------------------------------------------------------------

  /** Creates the header; `idPedido` (sequential number) is null in this answer, read it with getPedido. */
  async createPedido(input: PedidoInput): Promise<VhsysPedido> {
    return this.one({ method: 'POST', pathTemplate: '/pedidos', body: pedidoToWire(input) }, pedidoFromWire);
  }

  async getPedido(idPed: number): Promise<VhsysPedido> {
    return this.one({ method: 'GET', pathTemplate: '/pedidos/{id_ped}', pathParams: { id_ped: idPed } }, pedidoFromWire);
  }

  async listPedidos(filters: PedidoListFilters & PageRequest = {}): Promise<ListResult<VhsysPedido>> {
    const call: VhsysCall = {
      method: 'GET',
      pathTemplate: '/pedidos',
      query: {
        id_pedido: filters.idPedido,
        nome_cliente: filters.nomeCliente,
        vendedor: filters.vendedor,
        status: filters.status,
        lixeira: filters.lixeira,
        data_modificacao: filterDate(filters.dataModificacao),
        order: filters.order,
        sort: filters.sort,
      },
    };
    return this.page(call, filters, pedidoFromWire);
  }

  /** Vhsys requires nome_cliente and status_pedido in every update. */
  async updatePedido(idPed: number, update: PedidoUpdate): Promise<VhsysPedido> {
    const call: VhsysCall = { method: 'PUT', pathTemplate: '/pedidos/{id_ped}', pathParams: { id_ped: idPed }, body: pedidoToWire(update) };
    return this.one(call, pedidoFromWire);
  }

  /** Soft delete (moves to the lixeira); the manual rollback when adding items fails. */
  async deletePedido(idPed: number): Promise<void> {
    await this.data({ method: 'DELETE', pathTemplate: '/pedidos/{id_ped}', pathParams: { id_ped: idPed } });
  }

  /**
   * The oldest non-deleted pedido modified since `options.since` whose `referencia_pedido` equals
   * the marker or whose `obs_pedido`/`obs_interno_pedido` contains it. Vhsys has no marker filter:
   * this lists by `data_modificacao` ≥ since, ordered by `id_ped`, and matches here, reading at most
   * `pageBudget` pages per call (`unfinished` then says where to resume).
   */
  async findPedidoByMarker(marker: string, options: MarkerSearchOptions): Promise<MarkerSearchResult<VhsysPedido>> {
    const since = this.sinceText(options);
    return this.searchMarker({
      fetchPage: (page) => this.listPedidos({ dataModificacao: since, lixeira: 'Nao', order: 'id_ped', sort: 'Asc', ...page }),
      keyOf: (p) => p.idPed,
      matches: (p) => p.referenciaPedido === marker || containsMarker(p.obsPedido, marker) || containsMarker(p.obsInternoPedido, marker),
    }, options);
  }

  // ---- pedido sub-resources ---------------------------------------------------------------------

  /** Appends items (JSON array body); Vhsys recomputes the order totals. */
  async addPedidoProdutos(idPed: number, items: LineItemInput[]): Promise<VhsysLineItem[]> {
    if (items.length === 0) throw new Error('addPedidoProdutos needs at least one item');
    const call: VhsysCall = { method: 'POST', pathTemplate: '/pedidos/{id_ped}/produtos', pathParams: { id_ped: idPed }, body: items.map(lineItemToWire) };
    const data = await this.data(call);
    return this.read(call, () => rowsOf(data).map((row) => lineItemFromWire(row, 'id_ped_produto', 'id_pedido')));
  }

  async listPedidoProdutos(idPed: number): Promise<VhsysLineItem[]> {
    return this.many({ method: 'GET', pathTemplate: '/pedidos/{id_ped}/produtos', pathParams: { id_ped: idPed } }, (row) =>
      lineItemFromWire(row, 'id_ped_produto', 'id_pedido'),
    );
  }

  /** Replaces ALL parcelas of the pedido with these (JSON array body); idempotent by nature. */
  async replacePedidoParcelas(idPed: number, parcelas: ParcelaInput[]): Promise<VhsysParcela[]> {
    const call: VhsysCall = { method: 'POST', pathTemplate: '/pedidos/{id_ped}/parcelas', pathParams: { id_ped: idPed }, body: parcelas.map(parcelaToWire) };
    const data = await this.data(call);
    return this.read(call, () => rowsOf(data).map(parcelaFromWire));
  }

  async listPedidoParcelas(idPed: number): Promise<VhsysParcela[]> {
    return this.many({ method: 'GET', pathTemplate: '/pedidos/{id_ped}/parcelas', pathParams: { id_ped: idPed } }, parcelaFromWire);
  }

  /** Appends to the status history and moves the order's status (and custom situação). */
  async appendPedidoStatus(idPed: number, status: StatusInput): Promise<VhsysStatusEntry> {
    return this.one({ method: 'POST', pathTemplate: '/pedidos/{id_ped}/status', pathParams: { id_ped: idPed }, body: statusToWire(status) }, statusFromWire);
  }

  /** The status history, oldest first, including Vhsys's own entries ("Pedido cadastrado"). */
  async listPedidoStatus(idPed: number): Promise<VhsysStatusEntry[]> {
    return this.many({ method: 'GET', pathTemplate: '/pedidos/{id_ped}/status', pathParams: { id_ped: idPed } }, statusFromWire);
  }

  /** The account's custom situações (undocumented endpoint), names repaired. */
  async listSituacoes(): Promise<VhsysSituacoes> {
    const call: VhsysCall = { method: 'GET', pathTemplate: '/situacoes' };
    let data: unknown;
    try {
      data = await this.data(call);
    } catch (error) {
      if (error instanceof VhsysError && error.kind === 'not_found') return { pedidos: [], orcamentos: [], ordemServico: [] };
      throw error;
    }
    return this.read(call, () => situacoesFromWire(data));
  }

  // ---- notas fiscais (NF-e) -----------------------------------------------------------------------

  async createNotaFiscal(input: NotaFiscalInput): Promise<VhsysNotaFiscal> {
    return this.one({ method: 'POST', pathTemplate: '/notas-fiscais', body: notaFiscalToWire(input) }, notaFiscalFromWire);
  }

  async addNotaFiscalProdutos(idVenda: number, items: LineItemInput[]): Promise<VhsysLineItem[]> {
    if (items.length === 0) throw new Error('addNotaFiscalProdutos needs at least one item');
    const call: VhsysCall = {
      method: 'POST',
      pathTemplate: '/notas-fiscais/{id_venda}/produtos',
      pathParams: { id_venda: idVenda },
      body: items.map(lineItemToWire),
    };
    const data = await this.data(call);
    return this.read(call, () => rowsOf(data).map((row) => lineItemFromWire(row, 'id_venda_produto', 'id_venda')));
  }

  /**
   * Transmits to SEFAZ (empty `{}` body). A nota that was already emitted (e.g. the answer to a first
   * attempt was lost) is reported as `alreadyEmitted` instead of an error; read it with getNotaFiscal.
   */
  async emitirNotaFiscal(idVenda: number): Promise<EmitirNotaFiscalResult> {
    const call: VhsysCall = { method: 'POST', pathTemplate: '/notas-fiscais/{id_venda}/emitir', pathParams: { id_venda: idVenda }, body: {} };
    try {
      const data = await this.data(call);
      const row = asRow(data);
      return { danfeUrl: row && typeof row.Danfe === 'string' && row.Danfe !== '' ? row.Danfe : null, alreadyEmitted: false, raw: data };
    } catch (error) {
      if (error instanceof VhsysError && error.kind === 'permanent' && error.vhsysMessages.some((m) => ALREADY_EMITTED.test(m))) {
        return { danfeUrl: null, alreadyEmitted: true, raw: error.vhsysMessages };
      }
      throw error;
    }
  }

  async getNotaFiscal(idVenda: number): Promise<VhsysNotaFiscal> {
    return this.one({ method: 'GET', pathTemplate: '/notas-fiscais/{id_venda}', pathParams: { id_venda: idVenda } }, notaFiscalFromWire);
  }

  async listNotasFiscais(filters: NotaFiscalListFilters & PageRequest = {}): Promise<ListResult<VhsysNotaFiscal>> {
    const call: VhsysCall = {
      method: 'GET',
      pathTemplate: '/notas-fiscais',
      query: {
        nome_cliente: filters.nomeCliente,
        status: filters.status,
        lixeira: filters.lixeira,
        data_modificacao: filterDate(filters.dataModificacao),
        order: filters.order,
        sort: filters.sort,
      },
    };
    return this.page(call, filters, notaFiscalFromWire);
  }

  /**
   * The oldest non-deleted NF-e of this pedido: `id_pedido_ref` = idPed, or (if Vhsys ignored the
   * id_pedido_ref we sent) the marker inside `obs_pedido`. Lists by data_modificacao and matches
   * here, like findPedidoByMarker (same paging, budget and resumption).
   */
  async findNotaFiscalByPedido(idPed: number, options: MarkerSearchOptions & { marker?: string }): Promise<MarkerSearchResult<VhsysNotaFiscal>> {
    const since = this.sinceText(options);
    return this.searchMarker({
      fetchPage: (page) => this.listNotasFiscais({ dataModificacao: since, lixeira: 'Nao', order: 'id_venda', sort: 'Asc', ...page }),
      keyOf: (n) => n.idVenda,
      matches: (n) => n.idPedidoRef === idPed || (options.marker !== undefined && containsMarker(n.obsPedido, options.marker)),
    }, options);
  }

  // ---- notas de serviço (NFS-e) ---------------------------------------------------------------------

  async createNotaServico(input: NotaServicoInput): Promise<VhsysNotaServico> {
    return this.one({ method: 'POST', pathTemplate: '/notas-servico', body: notaServicoToWire(input) }, notaServicoFromWire);
  }

  /** Emits (no body); `alreadyEmitted` like emitirNotaFiscal. */
  async emitirNotaServico(idServico: number): Promise<EmitirNotaServicoResult> {
    const call: VhsysCall = { method: 'POST', pathTemplate: '/notas-servico/{id_servico}/emitir', pathParams: { id_servico: idServico } };
    try {
      const data = await this.data(call);
      const row = asRow(data);
      const numero = row?.NumeroNFS;
      return { numeroNfse: numero === undefined || numero === null || numero === '' ? null : String(numero), alreadyEmitted: false, raw: data };
    } catch (error) {
      if (error instanceof VhsysError && error.kind === 'permanent' && error.vhsysMessages.some((m) => ALREADY_EMITTED.test(m))) {
        return { numeroNfse: null, alreadyEmitted: true, raw: error.vhsysMessages };
      }
      throw error;
    }
  }

  async getNotaServico(idServico: number): Promise<VhsysNotaServico> {
    return this.one({ method: 'GET', pathTemplate: '/notas-servico/{id_servico}', pathParams: { id_servico: idServico } }, notaServicoFromWire);
  }

  /**
   * Soft delete (moves the nota to the lixeira), as a seller deleting it in Vhsys. The dispatcher
   * never deletes a nota; tools and tests use it to change Vhsys "by hand".
   */
  async deleteNotaServico(idServico: number): Promise<void> {
    await this.data({ method: 'DELETE', pathTemplate: '/notas-servico/{id_servico}', pathParams: { id_servico: idServico } });
  }

  async listNotasServico(filters: NotaServicoListFilters & PageRequest = {}): Promise<ListResult<VhsysNotaServico>> {
    const call: VhsysCall = {
      method: 'GET',
      pathTemplate: '/notas-servico',
      query: {
        nome_cliente: filters.nomeCliente,
        lixeira: filters.lixeira,
        data_modificacao: filterDate(filters.dataModificacao),
        order: filters.order,
        sort: filters.sort,
      },
    };
    return this.page(call, filters, notaServicoFromWire);
  }

  /**
   * The oldest non-deleted NFS-e whose `obs_pedido` carries the marker (or `id_pedido_ref` = idPed),
   * searched like findPedidoByMarker.
   */
  async findNotaServicoByMarker(marker: string, options: MarkerSearchOptions & { idPed?: number }): Promise<MarkerSearchResult<VhsysNotaServico>> {
    const since = this.sinceText(options);
    return this.searchMarker({
      fetchPage: (page) => this.listNotasServico({ dataModificacao: since, lixeira: 'Nao', order: 'id_servico', sort: 'Asc', ...page }),
      keyOf: (n) => n.idServico,
      matches: (n) => containsMarker(n.obsPedido, marker) || (options.idPed !== undefined && n.idPedidoRef === options.idPed),
    }, options);
  }
}
