import type { ApiContext, ApiReply } from '../api/api-context';
import { renderSituacao } from '../state/render';

/**
 * GET /situacoes (undocumented): grouped by kind, `status: "sucesso"` instead of "success", and the
 * names double-encoded. Both quirks are real and reproduced on purpose.
 */
export function listSituacoes({ account }: ApiContext): ApiReply {
  const of = (tipo: 1 | 2 | 3) =>
    account.situacoes.filter((s) => s.tipo_pedido === tipo && s.lixeira === 'Nao').map((s) => renderSituacao(account, s, true));
  return { status: 200, body: { code: 200, status: 'sucesso', data: { Pedidos: of(1), Orcamentos: of(2), OrdemServico: of(3) } } };
}
