import { FaultPicker } from '../faults/fault-picker';
import { normaliseFaultConfig } from '../faults/fault-config';
import { RateLimitWindow } from '../faults/rate-limit-window';
import { parseDecimal } from '../wire/decimal';
import { AccountQuirks, normaliseQuirks } from './account-quirks';
import { AccountSeed, DEFAULT_SITUACOES, ProdutoSeed } from './account-seed';
import { IdSequences } from './id-sequences';
import type { ClienteRecord, NotaFiscalRecord, NotaServicoRecord, PedidoRecord, ProdutoRecord, SituacaoRecord } from './records';
import { emptyCounters, RequestCounters } from './request-counters';
import { RequestLog } from './request-log';
import { CLIENTE_FIELDS } from './cliente-fields';

/** One Vhsys company: its token pair, its data, its faults and its request window. */
export class VhsysAccount {
  readonly accessToken: string;
  readonly secretAccessToken: string;
  readonly idEmpresa: number;
  readonly cnpjEmpresa: string;
  readonly ufCode: number;
  readonly quirks: AccountQuirks;
  readonly faults: FaultPicker;
  readonly rateWindow = new RateLimitWindow();
  counters: RequestCounters = emptyCounters();
  /** Every request with its arrival time (GET /__admin/accounts/{accessToken}/requests). */
  readonly requestLog = new RequestLog();
  /**
   * While true, the account's valid tokens are refused as if Vhsys had revoked them (403, the
   * authentication failure), until set back: a seller's tokens rejected for a while.
   */
  tokensRejected = false;

  readonly clientes = new Map<number, ClienteRecord>();
  readonly produtos = new Map<number, ProdutoRecord>();
  readonly pedidos = new Map<number, PedidoRecord>();
  readonly notasFiscais = new Map<number, NotaFiscalRecord>();
  readonly notasServico = new Map<number, NotaServicoRecord>();
  readonly situacoes: SituacaoRecord[] = [];

  /** Per-account sequential numbers (the human ones): pedido, NF-e, NFS-e (RPS) and the city's NFS-e number. */
  private nextNumero = { pedido: 1, nfe: 1, nfse: 1, numeroNfs: 1 };

  constructor(seed: AccountSeed, ids: IdSequences, nowText: string) {
    if (!seed.accessToken || !seed.secretAccessToken) throw new Error('accessToken and secretAccessToken are required');
    this.accessToken = seed.accessToken;
    this.secretAccessToken = seed.secretAccessToken;
    this.idEmpresa = seed.idEmpresa ?? ids.take('id_empresa');
    this.cnpjEmpresa = (seed.cnpjEmpresa ?? '11222333000181').replace(/\D/g, '');
    this.ufCode = seed.ufCode ?? 41;
    this.quirks = normaliseQuirks(seed.quirks);
    this.faults = new FaultPicker(normaliseFaultConfig(seed.faults ?? {}));

    for (const produto of seed.produtos ?? []) this.putProduto(produto, ids, nowText);

    for (const situacao of seed.situacoes ?? DEFAULT_SITUACOES) {
      const id = situacao.idSituacao ?? ids.take('id_situacao');
      ids.reserve('id_situacao', id);
      this.situacoes.push({
        id_situacao: id,
        tipo_pedido: situacao.tipoPedido ?? 1,
        tipo_status: situacao.tipoStatus,
        nome_situacao: situacao.nomeSituacao,
        ordem: situacao.ordem ?? this.situacoes.length + 1,
        data_cad: nowText,
        data_mod: nowText,
        lixeira: 'Nao',
      });
    }

    for (const cliente of seed.clientes ?? []) {
      const id = typeof cliente.id_cliente === 'number' ? cliente.id_cliente : ids.take('id_cliente');
      ids.reserve('id_cliente', id);
      const fields: Record<string, string> = {};
      for (const name of CLIENTE_FIELDS) if (cliente[name] !== undefined) fields[name] = String(cliente[name]);
      this.clientes.set(id, { id_cliente: id, fields, data_cad_cliente: nowText, data_mod_cliente: nowText, lixeira: 'Nao' });
    }
  }

  /**
   * Creates the produto, or replaces it (same id, fresh fields; its registration date is kept).
   * The id comes from the seed or the simulator's sequence. Returns the id and whether it was new.
   */
  putProduto(produto: ProdutoSeed, ids: IdSequences, nowText: string): { idProduto: number; created: boolean } {
    const id = produto.idProduto ?? ids.take('id_produto');
    if (!Number.isInteger(id) || id <= 0) throw new Error('idProduto must be a positive integer');
    if (typeof produto.codProduto !== 'string' || typeof produto.descProduto !== 'string') throw new Error('codProduto and descProduto are required');
    const valor = typeof produto.valorProduto === 'string' ? parseDecimal(produto.valorProduto) : null;
    if (valor === null) throw new Error(`produto ${produto.codProduto}: valorProduto must be a dot-decimal string`);
    ids.reserve('id_produto', id);
    const previous = this.produtos.get(id);
    this.produtos.set(id, {
      id_produto: id,
      cod_produto: produto.codProduto,
      desc_produto: produto.descProduto,
      valor_produto: valor,
      valor_custo_produto: 0n,
      unidade_produto: produto.unidadeProduto ?? 'UN',
      estoque_produto: parseDecimal(produto.estoqueProduto ?? '0') ?? 0n,
      tipo_produto: produto.tipoProduto ?? 'Produto',
      ncm_produto: produto.ncmProduto ?? '',
      data_cad_produto: previous?.data_cad_produto ?? nowText,
      data_mod_produto: nowText,
      lixeira: produto.lixeira ? 'Sim' : 'Nao',
    });
    return { idProduto: id, created: previous === undefined };
  }

  takeNumero(kind: 'pedido' | 'nfe' | 'nfse' | 'numeroNfs'): number {
    const numero = this.nextNumero[kind];
    this.nextNumero[kind] = numero + 1;
    return numero;
  }
}
