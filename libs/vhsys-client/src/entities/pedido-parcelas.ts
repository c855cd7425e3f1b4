import { centsToDecimalString } from '@gv/brazil';
import type { VhsysFormaPagamento } from '@gv/contracts';
import { readCents, readDate, readId, readNullableText } from '../wire-values';

type Row = Record<string, unknown>;

/** One element of POST /pedidos/{id_ped}/parcelas (the call replaces all parcelas). */
export interface ParcelaInput {
  /** Due date, YYYY-MM-DD. */
  dataParcela: string;
  /** Sent as a 2-decimal string; Vhsys refuses more decimals. */
  valorCents: number;
  formaPagamento?: VhsysFormaPagamento | null;
  /** At most 255 characters. */
  observacoes?: string;
  /** conta_liquidada = 1 (already paid, e.g. an approved card sale). */
  liquidada?: boolean;
  valorPagoCents?: number;
  /** Only used when liquidada; Vhsys defaults it to dataParcela. */
  dataPagamento?: string;
}

export interface VhsysParcela {
  /** Null in the POST echo, which has no id_parcela. */
  idParcela: number | null;
  /** The id_ped (Vhsys names it id_pedido). */
  idPed: number | null;
  dataParcela: string | null;
  valorCents: number;
  formaPagamento: string | null;
  observacoes: string | null;
  raw: Row;
}

export function parcelaToWire(parcela: ParcelaInput): Row {
  const wire: Row = {
    data_parcela: parcela.dataParcela,
    valor_parcela: centsToDecimalString(parcela.valorCents),
    conta_liquidada: parcela.liquidada ? '1' : '0',
  };
  if (parcela.formaPagamento) wire.forma_pagamento = parcela.formaPagamento;
  if (parcela.observacoes !== undefined) wire.observacoes_parcela = parcela.observacoes;
  if (parcela.liquidada) {
    if (parcela.valorPagoCents !== undefined) wire.valor_pago = centsToDecimalString(parcela.valorPagoCents);
    if (parcela.dataPagamento !== undefined) wire.data_pagamento = parcela.dataPagamento;
  }
  return wire;
}

export function parcelaFromWire(row: Row): VhsysParcela {
  return {
    idParcela: readId(row, 'id_parcela'),
    idPed: readId(row, 'id_pedido'),
    dataParcela: readDate(row, 'data_parcela'),
    valorCents: readCents(row, 'valor_parcela'),
    formaPagamento: readNullableText(row, 'forma_pagamento'),
    observacoes: readNullableText(row, 'observacoes_parcela'),
    raw: row,
  };
}
