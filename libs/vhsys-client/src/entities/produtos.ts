import { readCents, readNullableText, readQuantity, readRequiredId, readSimNao, readText, readTimestamp } from '../wire-values';

type Row = Record<string, unknown>;

export interface VhsysProduto {
  idProduto: number;
  codProduto: string;
  descProduto: string;
  /** `valor_produto` (sale price) in centavos. */
  valorCents: number;
  valorCustoCents: number;
  unidade: string;
  estoque: number;
  tipoProduto: string | null;
  ncm: string | null;
  lixeira: boolean;
  dataModificacao: string | null;
  raw: Row;
}

export function produtoFromWire(row: Row): VhsysProduto {
  return {
    idProduto: readRequiredId(row, 'id_produto'),
    codProduto: readText(row, 'cod_produto'),
    descProduto: readText(row, 'desc_produto'),
    valorCents: readCents(row, 'valor_produto'),
    valorCustoCents: readCents(row, 'valor_custo_produto'),
    unidade: readText(row, 'unidade_produto'),
    estoque: readQuantity(row, 'estoque_produto'),
    tipoProduto: readNullableText(row, 'tipo_produto'),
    ncm: readNullableText(row, 'ncm_produto'),
    lixeira: readSimNao(row, 'lixeira'),
    dataModificacao: readTimestamp(row, 'data_mod_produto'),
    raw: row,
  };
}
