import { centsToDecimalString } from '@gv/brazil';
import type { VhsysOrderStatus } from '@gv/contracts';
import {
  readCents, readComputedCents, readDate, readFlag, readId, readRequiredId, readSimNao, readText, readTimestamp,
} from '../wire-values';

type Row = Record<string, unknown>;

/** POST /pedidos (header only; items and parcelas are separate calls). */
export interface PedidoInput {
  nomeCliente: string;
  idCliente?: number;
  vendedorPedido?: string;
  vendedorPedidoId?: number;
  /** YYYY-MM-DD (Brasília). */
  dataPedido?: string;
  descontoCents?: number;
  freteCents?: number;
  obsPedido?: string;
  obsInternoPedido?: string;
  /** At most 100 characters; shown in the web list in place of the customer name. */
  referenciaPedido?: string;
  statusPedido?: VhsysOrderStatus;
  /** Post the stock movement (estoque_pedido = 1). */
  estoquePedido?: boolean;
  /** Generate contas a receber (contas_pedido = 1). */
  contasPedido?: boolean;
}

/** PUT /pedidos/{id_ped}: Vhsys requires nome_cliente and status_pedido in every update. */
export type PedidoUpdate = Partial<PedidoInput> & { nomeCliente: string; statusPedido: VhsysOrderStatus };

export interface VhsysPedido {
  /** Primary key, used in URLs. */
  idPed: number;
  /** Human sequential number ("Pedido 3208"); null when Vhsys sends '' (create echo) or 0. */
  idPedido: number | null;
  idCliente: number | null;
  nomeCliente: string;
  vendedorPedidoId: number | null;
  dataPedido: string | null;
  statusPedido: string;
  /** Custom situação id (undocumented), null when none. */
  situacao: number | null;
  valorTotalProdutosCents: number;
  descontoCents: number;
  freteCents: number;
  /** As Vhsys reports it (sometimes stale, see docs/vhsys.md); compare with `computedTotalCents`. */
  valorTotalNotaCents: number;
  /** valor_total_produtos − desconto + frete, what CRM-MFD rebuilds when valor_total_nota is off. */
  computedTotalCents: number;
  condicaoPagamento: number;
  obsPedido: string;
  obsInternoPedido: string;
  referenciaPedido: string;
  estoquePedido: boolean;
  contasPedido: boolean;
  lixeira: boolean;
  dataCadastro: string | null;
  dataModificacao: string | null;
  raw: Row;
}

export function pedidoToWire(input: Partial<PedidoInput>): Row {
  const wire: Row = {};
  const put = (field: string, value: unknown): void => {
    if (value !== undefined) wire[field] = value;
  };
  put('id_cliente', input.idCliente);
  put('nome_cliente', input.nomeCliente);
  put('vendedor_pedido', input.vendedorPedido);
  put('vendedor_pedido_id', input.vendedorPedidoId);
  put('data_pedido', input.dataPedido);
  put('desconto_pedido', input.descontoCents === undefined ? undefined : centsToDecimalString(input.descontoCents));
  put('frete_pedido', input.freteCents === undefined ? undefined : centsToDecimalString(input.freteCents));
  put('obs_pedido', input.obsPedido);
  put('obs_interno_pedido', input.obsInternoPedido);
  put('referencia_pedido', input.referenciaPedido);
  put('status_pedido', input.statusPedido);
  put('estoque_pedido', input.estoquePedido === undefined ? undefined : input.estoquePedido ? 1 : 0);
  put('contas_pedido', input.contasPedido === undefined ? undefined : input.contasPedido ? 1 : 0);
  return wire;
}

export function pedidoFromWire(row: Row): VhsysPedido {
  const produtos = readComputedCents(row, 'valor_total_produtos');
  const desconto = readCents(row, 'desconto_pedido');
  const frete = readCents(row, 'frete_pedido');
  const situacao = readId(row, 'situacao');
  return {
    idPed: readRequiredId(row, 'id_ped'),
    idPedido: readId(row, 'id_pedido'),
    idCliente: readId(row, 'id_cliente'),
    nomeCliente: readText(row, 'nome_cliente'),
    vendedorPedidoId: readId(row, 'vendedor_pedido_id'),
    dataPedido: readDate(row, 'data_pedido'),
    statusPedido: readText(row, 'status_pedido'),
    situacao,
    valorTotalProdutosCents: produtos,
    descontoCents: desconto,
    freteCents: frete,
    valorTotalNotaCents: readComputedCents(row, 'valor_total_nota'),
    computedTotalCents: produtos - desconto + frete,
    condicaoPagamento: Number(readText(row, 'condicao_pagamento') || 0),
    obsPedido: readText(row, 'obs_pedido'),
    obsInternoPedido: readText(row, 'obs_interno_pedido'),
    referenciaPedido: readText(row, 'referencia_pedido'),
    estoquePedido: readFlag(row, 'estoque_pedido'),
    contasPedido: readFlag(row, 'contas_pedido'),
    lixeira: readSimNao(row, 'lixeira'),
    dataCadastro: readTimestamp(row, 'data_cad_pedido'),
    dataModificacao: readTimestamp(row, 'data_mod_pedido'),
    raw: row,
  };
}

/** GET /pedidos filters (documented ones) plus order/sort. */
export interface PedidoListFilters {
  idPedido?: number;
  nomeCliente?: string;
  vendedor?: string;
  status?: VhsysOrderStatus;
  lixeira?: 'Sim' | 'Nao';
  /** Created or modified on/after: a Brasília "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DD", or a Date. */
  dataModificacao?: string | Date;
  /** Field to order by; `id_ped` is the only one rigel found reliable. */
  order?: string;
  sort?: 'Asc' | 'Desc';
}
