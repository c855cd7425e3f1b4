import { centsToDecimalString } from '@gv/brazil';
import {
  readComputedCents, readDate, readFlag, readId, readInt, readNullableText, readRequiredId, readSimNao, readText, readTimestamp,
} from '../wire-values';

type Row = Record<string, unknown>;

/** 1 = produção, 2 = homologação. */
export type VhsysAmbiente = 1 | 2;

/** POST /notas-fiscais: a draft NF-e; items follow with addNotaFiscalProdutos, then emitir. */
export interface NotaFiscalInput {
  nomeCliente: string;
  idCliente?: number;
  serieNota?: number;
  /** Text, e.g. "Venda de mercadoria adquirida ou recebida de terceiros". */
  naturezaPedido: string;
  /** 4 digits, e.g. "5102". */
  cfopPedido: string;
  /** 1 normal (default). */
  finalidadeNfe?: number;
  /** 0 emitente, 1 destinatário, 2 terceiros, 9 sem frete (default). */
  fretePorPedido?: number;
  ambiente: VhsysAmbiente;
  dataPedido?: string;
  descontoCents?: number;
  freteCents?: number;
  obsPedido?: string;
  obsInternoPedido?: string;
  /** id_ped of the source order (read field in the spec; sent in case Vhsys honours it). */
  idPedidoRef?: number;
}

export interface VhsysNotaFiscal {
  idVenda: number;
  /** Sequential NF number. */
  numero: number | null;
  idCliente: number | null;
  nomeCliente: string;
  serieNota: number;
  ambiente: number;
  idPedidoRef: number | null;
  naturezaPedido: string;
  cfopPedido: string | null;
  statusPedido: string;
  valorTotalProdutosCents: number;
  valorTotalNotaCents: number;
  emitida: boolean;
  /** 44 digits once emitted. */
  chave: string | null;
  protocolo: string | null;
  dataAutorizacao: string | null;
  dataCancelamento: string | null;
  motivoCancelamento: string | null;
  obsPedido: string;
  lixeira: boolean;
  dataPedido: string | null;
  dataModificacao: string | null;
  raw: Row;
}

export interface EmitirNotaFiscalResult {
  /** DANFE PDF URL from `data.Danfe`; null when the nota had already been emitted. */
  danfeUrl: string | null;
  /** The nota was already emitted before this call (e.g. a retry after a lost answer). */
  alreadyEmitted: boolean;
  raw: unknown;
}

/** GET /notas-fiscais filters (documented ones). */
export interface NotaFiscalListFilters {
  nomeCliente?: string;
  status?: string;
  lixeira?: 'Sim' | 'Nao';
  dataModificacao?: string | Date;
  order?: string;
  sort?: 'Asc' | 'Desc';
}

export function notaFiscalToWire(input: NotaFiscalInput): Row {
  const wire: Row = {
    nome_cliente: input.nomeCliente,
    serie_nota: input.serieNota ?? 1,
    natureza_pedido: input.naturezaPedido,
    cfop_pedido: input.cfopPedido,
    finalidade_nfe: input.finalidadeNfe ?? 1,
    frete_por_pedido: input.fretePorPedido ?? 9,
    ambiente: input.ambiente,
  };
  if (input.idCliente !== undefined) wire.id_cliente = input.idCliente;
  if (input.dataPedido !== undefined) wire.data_pedido = input.dataPedido;
  if (input.descontoCents !== undefined) wire.desconto_pedido = centsToDecimalString(input.descontoCents);
  if (input.freteCents !== undefined) wire.frete_pedido = centsToDecimalString(input.freteCents);
  if (input.obsPedido !== undefined) wire.obs_pedido = input.obsPedido;
  if (input.obsInternoPedido !== undefined) wire.obs_interno_pedido = input.obsInternoPedido;
  if (input.idPedidoRef !== undefined) wire.id_pedido_ref = input.idPedidoRef;
  return wire;
}

export function notaFiscalFromWire(row: Row): VhsysNotaFiscal {
  return {
    idVenda: readRequiredId(row, 'id_venda'),
    numero: readId(row, 'id_pedido'),
    idCliente: readId(row, 'id_cliente'),
    nomeCliente: readText(row, 'nome_cliente'),
    serieNota: readInt(row, 'serie_nota'),
    ambiente: readInt(row, 'ambiente'),
    idPedidoRef: readId(row, 'id_pedido_ref'),
    naturezaPedido: readText(row, 'natureza_pedido'),
    cfopPedido: readNullableText(row, 'cfop_pedido'),
    statusPedido: readText(row, 'status_pedido'),
    valorTotalProdutosCents: readComputedCents(row, 'valor_total_produtos'),
    valorTotalNotaCents: readComputedCents(row, 'valor_total_nota'),
    emitida: readFlag(row, 'nota_emitida'),
    chave: readNullableText(row, 'nota_chave'),
    protocolo: readNullableText(row, 'nota_protocolo'),
    dataAutorizacao: readTimestamp(row, 'nota_data_autorizacao'),
    dataCancelamento: readTimestamp(row, 'nota_data_cancelamento'),
    motivoCancelamento: readNullableText(row, 'nota_motivo_cancelamento'),
    obsPedido: readText(row, 'obs_pedido'),
    lixeira: readSimNao(row, 'lixeira'),
    dataPedido: readDate(row, 'data_pedido'),
    dataModificacao: readTimestamp(row, 'data_mod_pedido'),
    raw: row,
  };
}
