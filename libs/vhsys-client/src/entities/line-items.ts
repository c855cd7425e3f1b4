import { centsToDecimalString } from '@gv/brazil';
import { formatQuantity, readCents, readComputedCents, readId, readQuantity, readRequiredId, readText } from '../wire-values';

type Row = Record<string, unknown>;

/** One element of the arrays posted to /pedidos/{id}/produtos and /notas-fiscais/{id}/produtos. */
export interface LineItemInput {
  idProduto: number;
  /** At most 255 characters. */
  descProduto: string;
  quantidade: number;
  valorUnitCents: number;
  /** Line discount (desconto_produto), centavos. */
  descontoCents?: number;
}

export interface VhsysLineItem {
  /** id_ped_produto (pedidos) or id_venda_produto (NF-e); null in echoes that lack it. */
  idItem: number | null;
  /** The parent key: for pedidos Vhsys calls it `id_pedido` but it holds the id_ped. */
  parentId: number | null;
  idProduto: number;
  descProduto: string;
  quantidade: number;
  valorUnitCents: number;
  descontoCents: number;
  /** qtde × unit − desconto as Vhsys computed it (a number in POST echoes, "45.00" in reads). */
  valorTotalCents: number;
  raw: Row;
}

export function lineItemToWire(item: LineItemInput): Row {
  const wire: Row = {
    id_produto: item.idProduto,
    desc_produto: item.descProduto,
    qtde_produto: formatQuantity(item.quantidade),
    valor_unit_produto: centsToDecimalString(item.valorUnitCents),
  };
  if (item.descontoCents !== undefined) wire.desconto_produto = centsToDecimalString(item.descontoCents);
  return wire;
}

export function lineItemFromWire(row: Row, itemIdField: string, parentIdField: string): VhsysLineItem {
  return {
    idItem: readId(row, itemIdField),
    parentId: readId(row, parentIdField),
    idProduto: readRequiredId(row, 'id_produto'),
    descProduto: readText(row, 'desc_produto'),
    quantidade: readQuantity(row, 'qtde_produto'),
    valorUnitCents: readCents(row, 'valor_unit_produto'),
    descontoCents: readCents(row, 'desconto_produto'),
    valorTotalCents: readComputedCents(row, 'valor_total_produto'),
    raw: row,
  };
}
