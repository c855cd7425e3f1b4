import type { ApiContext, ApiReply } from '../api/api-context';
import { containsIgnoringCase, lixeiraMatches, listPage, onOrAfter, pathId } from '../api/list-page';
import { refused, success } from '../api/replies';
import { renderProduto } from '../state/render';

const NOT_FOUND = 'Nenhum produto encontrado!';

/** GET /produtos: cod_produto (exact), desc_produto, marca_produto, lixeira, data_modificacao. */
export function listProdutos({ account, query }: ApiContext): ApiReply {
  const cod = query.get('cod_produto');
  const rows = [...account.produtos.values()]
    .filter((p) => lixeiraMatches(p.lixeira, query, account.quirks))
    .filter((p) => cod === null || cod === '' || p.cod_produto === cod)
    .filter((p) => containsIgnoringCase(p.desc_produto, query.get('desc_produto')))
    .filter((p) => onOrAfter(p.data_mod_produto, query, 'data_modificacao'))
    .map((p) => renderProduto(account, p));
  return listPage(rows, query, NOT_FOUND);
}

export function getProduto({ account, params }: ApiContext): ApiReply {
  const produto = account.produtos.get(pathId(params.id_produto) ?? -1);
  return produto ? success(renderProduto(account, produto)) : refused(NOT_FOUND);
}
