import type { ApiContext, ApiReply } from '../api/api-context';
import { invalid, refused, success } from '../api/replies';
import { renderPedidoItem } from '../state/render';
import { formatDecimal } from '../wire/decimal';
import { readLineItems } from './line-items';
import { findPedido, PEDIDO_NOT_FOUND } from './pedidos';

export function listPedidoProdutos(ctx: ApiContext): ApiReply {
  const pedido = findPedido(ctx);
  if (!pedido) return refused(PEDIDO_NOT_FOUND);
  if (pedido.items.length === 0) return refused('Nenhum produto para o pedido encontrado!');
  return success(pedido.items.map((item) => renderPedidoItem(pedido, item)));
}

/**
 * POST /pedidos/{id_ped}/produtos appends items. The body must be a JSON array (CRM-MFD saw objects
 * refused on pedidos); the echo repeats what was posted plus ids and a numeric `valor_total_produto`.
 */
export function addPedidoProdutos(ctx: ApiContext): ApiReply {
  const pedido = findPedido(ctx);
  if (!pedido) return refused(PEDIDO_NOT_FOUND);
  if (!Array.isArray(ctx.body)) return refused('Erro ao cadastrar o produto para o pedido!');
  const { items, errors } = readLineItems(ctx.account, ctx.state, ctx.body, 'id_ped_produto');
  if (errors.length > 0) return invalid(errors);
  pedido.items.push(...items);
  pedido.data_mod_pedido = ctx.nowText;
  return success(
    items.map((item) => ({
      ...item.posted,
      desconto_produto: item.posted.desconto_produto ?? 0,
      id_almoxarifado: 0,
      id_lote: 0,
      valor_total_produto: Number(formatDecimal(item.valor_total, 2)),
      id_pedido: pedido.id_ped,
      id_ped_produto: item.id_item,
    })),
  );
}
