import type { Dispatcher } from 'undici';
import type { VhsysFormaPagamento, VhsysOrderStatus } from '@gv/contracts';
import {
  closeSharedVhsysAgent, createVhsysAgent, isVhsysError, VHSYS_LIMIT_MAX, mapMarkerSearchResult, MarkerSearchPosition, MarkerSearchResult, VhsysClient, VhsysNotaFiscal,
  VhsysNotaServico, VhsysPedido, VhsysRequestInfo,
} from '@gv/vhsys-client';
import {
  ClienteDraft, LineItemDraft, LineItemRow, NotaFiscalDraft, NotaFiscalRef, NotaServicoDraft, NotaServicoRef, ParcelaDraft,
  PedidoDraft, PedidoRef, StatusDraft, VhsysCredentialPair, VhsysGateway, VhsysPort,
} from './vhsys-port';
import type { AuditItem, AuditNotaFiscal, AuditNotaServico, AuditPage, AuditPedido, VhsysAuditPort } from '../audit/audit-port';

export interface VhsysClientGatewayOptions {
  baseUrl: string;
  timeoutMs: number;
  userAgent?: string;
  /** Keep-alive sockets to Vhsys (shared by all accounts). */
  connections: number;
  /** Before every HTTP request of the account (its shared rate limit: one token per request). */
  beforeRequest?: (accountId: string) => Promise<void>;
  /** After every HTTP exchange (metrics, rate-limit hints). Never carries secrets. */
  onRequest?: (accountId: string, info: VhsysRequestInfo) => void;
}

/** One VhsysClient per account (rebuilt when its credentials version changes), one socket pool for all. */
export class VhsysClientGateway implements VhsysGateway {
  private readonly agent: Dispatcher & { close(): Promise<void> };
  private readonly ports = new Map<string, { version: number; token: string; port: VhsysClientPort }>();

  constructor(private readonly options: VhsysClientGatewayOptions) {
    this.agent = createVhsysAgent({ connections: options.connections });
  }

  forAccount(accountId: string, credentials: VhsysCredentialPair): VhsysPort {
    return this.clientPort(accountId, credentials);
  }

  /** The same account client (same rate limit per request), seen through its read-only audit calls. */
  forAudit(accountId: string, credentials: VhsysCredentialPair): VhsysAuditPort {
    return this.clientPort(accountId, credentials);
  }

  private clientPort(accountId: string, credentials: VhsysCredentialPair): VhsysClientPort {
    const cached = this.ports.get(accountId);
    if (cached && cached.version === credentials.version && cached.token === credentials.accessToken) return cached.port;
    const client = new VhsysClient({
      baseUrl: this.options.baseUrl,
      credentials: { accessToken: credentials.accessToken, secretAccessToken: credentials.secretAccessToken },
      timeoutMs: this.options.timeoutMs,
      userAgent: this.options.userAgent,
      agent: this.agent,
      beforeRequest: this.options.beforeRequest ? () => this.options.beforeRequest!(accountId) : undefined,
      onRequest: this.options.onRequest ? (info) => this.options.onRequest!(accountId, info) : undefined,
    });
    const port = new VhsysClientPort(client);
    this.ports.set(accountId, { version: credentials.version, token: credentials.accessToken, port });
    return port;
  }

  async close(): Promise<void> {
    this.ports.clear();
    await this.agent.close();
    await closeSharedVhsysAgent();
  }
}

function pedidoRef(p: VhsysPedido): PedidoRef {
  return {
    idPed: p.idPed,
    idPedido: p.idPedido === 0 ? null : p.idPedido,
    status: p.statusPedido,
    situacao: p.situacao === 0 ? null : p.situacao,
    totalCents: p.valorTotalNotaCents,
  };
}

function notaFiscalRef(n: VhsysNotaFiscal): NotaFiscalRef {
  const danfe = n.raw.Danfe ?? n.raw.danfe ?? n.raw.link_danfe;
  return {
    idVenda: n.idVenda,
    emitted: n.emitida,
    notaChave: n.chave,
    protocolo: n.protocolo,
    danfeUrl: typeof danfe === 'string' && danfe !== '' ? danfe : null,
    itemsTotalCents: n.valorTotalProdutosCents,
    totalCents: n.valorTotalNotaCents,
  };
}

function auditPedido(p: VhsysPedido): AuditPedido {
  return {
    idPed: p.idPed,
    status: p.statusPedido,
    situacao: p.situacao === 0 ? null : p.situacao,
    totalCents: p.computedTotalCents,
    inLixeira: p.lixeira,
    referencia: p.referenciaPedido,
    dataPedido: p.dataPedido,
  };
}

function auditNotaFiscal(n: VhsysNotaFiscal): AuditNotaFiscal {
  return { idVenda: n.idVenda, idPedidoRef: n.idPedidoRef, emitted: n.emitida, inLixeira: n.lixeira, obs: n.obsPedido };
}

function auditNotaServico(n: VhsysNotaServico): AuditNotaServico {
  return { idServico: n.idServico, idPedidoRef: n.idPedidoRef, emitted: n.emitida, inLixeira: n.lixeira, obs: n.obsPedido };
}

function notaServicoRef(n: VhsysNotaServico): NotaServicoRef {
  return { idServico: n.idServico, emitted: n.emitida, numeroNfs: n.numeroNfse, totalCents: n.valorTotalNotaCents };
}

function lineItems(items: LineItemDraft[]) {
  return items.map((i) => ({
    idProduto: i.idProduto,
    descProduto: i.description,
    quantidade: i.quantity,
    valorUnitCents: i.unitValueCents,
    descontoCents: i.discountCents,
  }));
}

/** ISS in centavos: base × rate% (rate with up to 4 decimals), rounded half-up. */
export function issCents(baseCents: number, aliquota: string): number {
  const [int, frac = ''] = aliquota.split('.');
  const rate = Number(int) * 10000 + Number((frac + '0000').slice(0, 4));
  return Math.floor((baseCents * rate + 500000) / 1000000);
}

/**
 * A marker search call reads one page (the port's contract): the reconciler owns the budget, and
 * each page passes the account's rate limit on its own. The reconciler's lookback already allows
 * for clock skew, so the client adds no margin of its own.
 */
function onePage(since: Date, from: MarkerSearchPosition | null) {
  return { since, marginMs: 0, pageBudget: 1, resumeFrom: from };
}

/** The dispatcher's port over `@gv/vhsys-client` for one account. */
export class VhsysClientPort implements VhsysPort, VhsysAuditPort {
  constructor(private readonly client: VhsysClient) {}

  // ---- audit reads (read-only; see audit/audit-port.ts) ----------------------------------------

  async auditPedido(idPed: number): Promise<AuditPedido | null> {
    try {
      return auditPedido(await this.client.getPedido(idPed));
    } catch (error) {
      if (isVhsysError(error) && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async auditPedidoItems(idPed: number): Promise<AuditItem[]> {
    const rows = await this.listPedidoProdutos(idPed);
    return rows.map((r) => ({ idProduto: r.idProduto, quantity: r.quantity, totalCents: r.totalCents }));
  }

  async auditNotaFiscal(idVenda: number): Promise<AuditNotaFiscal | null> {
    try {
      return auditNotaFiscal(await this.client.getNotaFiscal(idVenda));
    } catch (error) {
      if (isVhsysError(error) && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async listPedidosSince(since: Date, offset: number): Promise<AuditPage<AuditPedido>> {
    const { rows, paging } = await this.client.listPedidos({
      dataModificacao: since, lixeira: 'Nao', order: 'id_ped', sort: 'Asc', limit: VHSYS_LIMIT_MAX, offset,
    });
    const last = rows.length < VHSYS_LIMIT_MAX || paging.offset + rows.length >= paging.total;
    return { rows: rows.map(auditPedido), nextOffset: last ? null : offset + rows.length };
  }

  async listNotasFiscaisSince(since: Date, offset: number): Promise<AuditPage<AuditNotaFiscal>> {
    const { rows, paging } = await this.client.listNotasFiscais({
      dataModificacao: since, lixeira: 'Nao', order: 'id_venda', sort: 'Asc', limit: VHSYS_LIMIT_MAX, offset,
    });
    const last = rows.length < VHSYS_LIMIT_MAX || paging.offset + rows.length >= paging.total;
    return { rows: rows.map(auditNotaFiscal), nextOffset: last ? null : offset + rows.length };
  }

  async auditNotaServico(idServico: number): Promise<AuditNotaServico | null> {
    try {
      return auditNotaServico(await this.client.getNotaServico(idServico));
    } catch (error) {
      if (isVhsysError(error) && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async listNotasServicoSince(since: Date, offset: number): Promise<AuditPage<AuditNotaServico>> {
    const { rows, paging } = await this.client.listNotasServico({
      dataModificacao: since, lixeira: 'Nao', order: 'id_servico', sort: 'Asc', limit: VHSYS_LIMIT_MAX, offset,
    });
    const last = rows.length < VHSYS_LIMIT_MAX || paging.offset + rows.length >= paging.total;
    return { rows: rows.map(auditNotaServico), nextOffset: last ? null : offset + rows.length };
  }

  async findClienteByDocumento(document: string): Promise<{ idCliente: number } | null> {
    const found = await this.client.findClienteByDocumento(document);
    return found ? { idCliente: found.idCliente } : null;
  }

  async createCliente(input: ClienteDraft): Promise<{ idCliente: number }> {
    const created = await this.client.createCliente({
      tipoPessoa: input.tipoPessoa,
      razao: input.name,
      documento: input.document,
      email: input.email,
      fone: input.phone,
      endereco: input.address
        ? {
            logradouro: input.address.street,
            numero: input.address.number,
            complemento: input.address.complement,
            bairro: input.address.district,
            cidade: input.address.city,
            uf: input.address.uf,
            cep: input.address.cep,
          }
        : null,
      tipoCadastro: 'Cliente',
      situacao: 'Ativo',
    });
    return { idCliente: created.idCliente };
  }

  async findPedidoByMarker(marker: string, since: Date, from: MarkerSearchPosition | null): Promise<MarkerSearchResult<PedidoRef>> {
    return mapMarkerSearchResult(await this.client.findPedidoByMarker(marker, onePage(since, from)), pedidoRef);
  }

  async getPedido(idPed: number): Promise<PedidoRef> {
    return pedidoRef(await this.client.getPedido(idPed));
  }

  async createPedido(input: PedidoDraft): Promise<PedidoRef> {
    const created = await this.client.createPedido({
      idCliente: input.idCliente,
      nomeCliente: input.nomeCliente,
      dataPedido: input.dataPedido,
      descontoCents: input.discountCents,
      freteCents: input.freightCents,
      obsPedido: input.obs,
      referenciaPedido: input.referencia,
      statusPedido: input.status as VhsysOrderStatus,
    });
    return pedidoRef(created);
  }

  async updatePedido(idPed: number, input: PedidoDraft): Promise<void> {
    await this.client.updatePedido(idPed, {
      idCliente: input.idCliente,
      nomeCliente: input.nomeCliente,
      dataPedido: input.dataPedido,
      descontoCents: input.discountCents,
      freteCents: input.freightCents,
      obsPedido: input.obs,
      referenciaPedido: input.referencia,
      statusPedido: input.status as VhsysOrderStatus,
    });
  }

  async listPedidoProdutos(idPed: number): Promise<LineItemRow[]> {
    const rows = await this.client.listPedidoProdutos(idPed);
    return rows.map((r) => ({ idProduto: r.idProduto, quantity: r.quantidade, totalCents: r.valorTotalCents }));
  }

  async addPedidoProdutos(idPed: number, items: LineItemDraft[]): Promise<void> {
    await this.client.addPedidoProdutos(idPed, lineItems(items));
  }

  async replacePedidoParcelas(idPed: number, parcelas: ParcelaDraft[]): Promise<void> {
    await this.client.replacePedidoParcelas(
      idPed,
      parcelas.map((p) => ({
        dataParcela: p.dueDate,
        valorCents: p.valueCents,
        formaPagamento: p.formaPagamento as VhsysFormaPagamento | null,
        observacoes: p.observacao,
        liquidada: p.paid,
        ...(p.paid ? { valorPagoCents: p.valueCents } : {}),
      })),
    );
  }

  async appendPedidoStatus(idPed: number, status: StatusDraft): Promise<void> {
    await this.client.appendPedidoStatus(idPed, {
      dataStatus: status.date,
      tipoStatus: status.status as VhsysOrderStatus,
      obsStatus: status.obs,
      situacao: status.situacao,
    });
  }

  async createNotaFiscal(input: NotaFiscalDraft): Promise<NotaFiscalRef> {
    const created = await this.client.createNotaFiscal({
      nomeCliente: input.nomeCliente,
      idCliente: input.idCliente,
      serieNota: input.serie,
      naturezaPedido: input.naturezaOperacao,
      cfopPedido: input.cfop,
      finalidadeNfe: 1,
      fretePorPedido: input.freightCents > 0 ? 0 : 9,
      ambiente: input.ambiente,
      dataPedido: input.dataPedido,
      descontoCents: input.discountCents,
      freteCents: input.freightCents,
      obsPedido: input.obs,
      idPedidoRef: input.idPedidoRef,
    });
    return notaFiscalRef(created);
  }

  async findNotaFiscalByPedido(idPed: number, marker: string, since: Date, from: MarkerSearchPosition | null): Promise<MarkerSearchResult<NotaFiscalRef>> {
    return mapMarkerSearchResult(await this.client.findNotaFiscalByPedido(idPed, { ...onePage(since, from), marker }), notaFiscalRef);
  }

  async addNotaFiscalProdutos(idVenda: number, items: LineItemDraft[]): Promise<void> {
    await this.client.addNotaFiscalProdutos(idVenda, lineItems(items));
  }

  async getNotaFiscal(idVenda: number): Promise<NotaFiscalRef> {
    return notaFiscalRef(await this.client.getNotaFiscal(idVenda));
  }

  async emitirNotaFiscal(idVenda: number): Promise<{ danfeUrl: string | null }> {
    const result = await this.client.emitirNotaFiscal(idVenda);
    return { danfeUrl: result.danfeUrl };
  }

  async createNotaServico(input: NotaServicoDraft): Promise<NotaServicoRef> {
    const created = await this.client.createNotaServico({
      nomeCliente: input.nomeCliente,
      idCliente: input.idCliente,
      serieNota: input.serie,
      naturezaPedido: input.naturezaOperacao,
      descServicos: input.description,
      valorTotalServicosCents: input.servicesTotalCents,
      valorBaseCalculoCents: input.totalCents,
      valorAliquota: input.aliquotaIss,
      valorImpostoCents: issCents(input.totalCents, input.aliquotaIss),
      valorTotalNotaCents: input.totalCents,
      regimePedido: input.regime,
      codigoServico: input.codigoServico,
      ambiente: input.ambiente,
      obsPedido: input.obs,
      idPedidoRef: input.idPedidoRef,
    });
    return notaServicoRef(created);
  }

  async findNotaServicoByMarker(marker: string, idPed: number, since: Date, from: MarkerSearchPosition | null): Promise<MarkerSearchResult<NotaServicoRef>> {
    return mapMarkerSearchResult(await this.client.findNotaServicoByMarker(marker, { ...onePage(since, from), idPed }), notaServicoRef);
  }

  async getNotaServico(idServico: number): Promise<NotaServicoRef> {
    return notaServicoRef(await this.client.getNotaServico(idServico));
  }

  async emitirNotaServico(idServico: number): Promise<{ numeroNfs: string | null }> {
    const result = await this.client.emitirNotaServico(idServico);
    return { numeroNfs: result.numeroNfse };
  }
}
