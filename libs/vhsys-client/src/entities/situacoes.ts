import { readId, readInt, readRequiredId, readSimNao, readText, repairDoubleEncoding } from '../wire-values';

type Row = Record<string, unknown>;

export interface VhsysSituacao {
  idSituacao: number;
  /** 1 pedido, 2 orçamento, 3 ordem de serviço. */
  tipoPedido: number | null;
  /** The base status it belongs to. */
  tipoStatus: string;
  /** Double encoding repaired ("Em separação"). */
  nomeSituacao: string;
  /** As received ("Em separaÃ§Ã£o"). */
  nomeSituacaoRaw: string;
  ordem: number;
  lixeira: boolean;
  raw: Row;
}

export interface VhsysSituacoes {
  pedidos: VhsysSituacao[];
  orcamentos: VhsysSituacao[];
  ordemServico: VhsysSituacao[];
}

export function situacaoFromWire(row: Row): VhsysSituacao {
  const name = readText(row, 'nome_situacao');
  return {
    idSituacao: readRequiredId(row, 'id_situacao'),
    tipoPedido: readId(row, 'tipo_pedido'),
    tipoStatus: repairDoubleEncoding(readText(row, 'tipo_status')),
    nomeSituacao: repairDoubleEncoding(name),
    nomeSituacaoRaw: name,
    ordem: readInt(row, 'ordem'),
    lixeira: readSimNao(row, 'lixeira'),
    raw: row,
  };
}

/** `data` is `{Pedidos:[…], Orcamentos:[…], OrdemServico:[…]}`; a missing group is empty. */
export function situacoesFromWire(data: unknown): VhsysSituacoes {
  const groups = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const group = (name: string): VhsysSituacao[] =>
    Array.isArray(groups[name]) ? (groups[name] as Row[]).map(situacaoFromWire) : [];
  return { pedidos: group('Pedidos'), orcamentos: group('Orcamentos'), ordemServico: group('OrdemServico') };
}
