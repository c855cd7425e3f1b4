import { centsToDecimalString } from '@gv/brazil';
import {
  readCents, readFlag, readId, readInt, readNullableText, readRequiredId, readSimNao, readText, readTimestamp,
} from '../wire-values';
import type { VhsysAmbiente } from './notas-fiscais';

type Row = Record<string, unknown>;

/** POST /notas-servico (fields from rigel's summary and Fonotrade's working client). */
export interface NotaServicoInput {
  nomeCliente: string;
  idCliente?: number;
  vendedorPedido?: string;
  vendedorPedidoId?: number;
  /** 1–9. */
  serieNota: number;
  /** 1 tributação no município, 2 fora, 3 isenção, 4 imune, 5 processo judicial. */
  naturezaPedido: number;
  /** At most 255 characters. */
  descServicos: string;
  valorTotalServicosCents: number;
  valorBaseCalculoCents?: number;
  /** ISS rate as a percentage string, e.g. "2.00". */
  valorAliquota?: string;
  valorImpostoCents?: number;
  valorTotalNotaCents?: number;
  reterIss?: boolean;
  /** 1 Simples Nacional, 2 normal. */
  regimePedido?: number;
  /** 0 emitente, 1 destinatário, 2 terceiro, 9 outro. */
  localPrestacao?: number;
  /** Item da lista de serviços, sent as `itemLista_servico` and `atividade` (both seen in Fonotrade). */
  codigoServico?: string;
  ambiente: VhsysAmbiente;
  obsPedido?: string;
  obsInternoPedido?: string;
  idPedidoRef?: number;
}

export interface VhsysNotaServico {
  idServico: number;
  /** Sequential number (RPS). */
  numero: number | null;
  idCliente: number | null;
  nomeCliente: string;
  descServicos: string;
  valorTotalServicosCents: number;
  valorTotalNotaCents: number;
  ambiente: number;
  emitida: boolean;
  /** The city's NFS-e number once emitted. */
  numeroNfse: string | null;
  idPedidoRef: number | null;
  obsPedido: string;
  statusPedido: string;
  lixeira: boolean;
  dataEmissao: string | null;
  dataModificacao: string | null;
  raw: Row;
}

export interface EmitirNotaServicoResult {
  /** `data.NumeroNFS`; null when the nota had already been emitted. */
  numeroNfse: string | null;
  alreadyEmitted: boolean;
  raw: unknown;
}

export interface NotaServicoListFilters {
  nomeCliente?: string;
  lixeira?: 'Sim' | 'Nao';
  dataModificacao?: string | Date;
  order?: string;
  sort?: 'Asc' | 'Desc';
}

export function notaServicoToWire(input: NotaServicoInput): Row {
  const wire: Row = {
    nome_cliente: input.nomeCliente,
    serie_nota: input.serieNota,
    natureza_pedido: input.naturezaPedido,
    desc_servicos: input.descServicos,
    valor_total_servicos: centsToDecimalString(input.valorTotalServicosCents),
    ambiente: input.ambiente,
    status_pedido: 'Em Aberto',
  };
  const put = (field: string, value: unknown): void => {
    if (value !== undefined) wire[field] = value;
  };
  put('id_cliente', input.idCliente);
  put('vendedor_pedido', input.vendedorPedido);
  put('vendedor_pedido_id', input.vendedorPedidoId);
  put('valor_base_calculo', input.valorBaseCalculoCents === undefined ? undefined : centsToDecimalString(input.valorBaseCalculoCents));
  put('valor_aliquota', input.valorAliquota);
  put('valor_imposto', input.valorImpostoCents === undefined ? undefined : centsToDecimalString(input.valorImpostoCents));
  put('valor_total_nota', input.valorTotalNotaCents === undefined ? undefined : centsToDecimalString(input.valorTotalNotaCents));
  put('reter_iss', input.reterIss === undefined ? undefined : input.reterIss ? 1 : 0);
  put('regime_pedido', input.regimePedido);
  put('local_prestacao', input.localPrestacao);
  put('itemLista_servico', input.codigoServico);
  put('atividade', input.codigoServico);
  put('obs_pedido', input.obsPedido);
  put('obs_interno_pedido', input.obsInternoPedido);
  put('id_pedido_ref', input.idPedidoRef);
  return wire;
}

export function notaServicoFromWire(row: Row): VhsysNotaServico {
  const numeroNfse = readNullableText(row, 'numero_nfse') ?? readNullableText(row, 'NumeroNFS');
  return {
    idServico: readRequiredId(row, 'id_servico'),
    numero: readId(row, 'id_pedido'),
    idCliente: readId(row, 'id_cliente'),
    nomeCliente: readText(row, 'nome_cliente'),
    descServicos: readText(row, 'desc_servicos'),
    valorTotalServicosCents: readCents(row, 'valor_total_servicos'),
    valorTotalNotaCents: readCents(row, 'valor_total_nota'),
    ambiente: readInt(row, 'ambiente'),
    emitida: readFlag(row, 'nota_emitida') || numeroNfse !== null,
    numeroNfse,
    idPedidoRef: readId(row, 'id_pedido_ref'),
    obsPedido: readText(row, 'obs_pedido'),
    statusPedido: readText(row, 'status_pedido'),
    lixeira: readSimNao(row, 'lixeira'),
    dataEmissao: readTimestamp(row, 'data_emissao'),
    dataModificacao: readTimestamp(row, 'data_mod_pedido'),
    raw: row,
  };
}
