import type { ApiContext, ApiReply } from '../api/api-context';
import { isPlainObject } from '../api/field-checks';
import { containsIgnoringCase, lixeiraMatches, listPage, onOrAfter, pathId } from '../api/list-page';
import { html, invalid, refused, success } from '../api/replies';
import type { IdSequences } from '../state/id-sequences';
import type { PedidoRecord } from '../state/records';
import { renderPedido } from '../state/render';
import type { VhsysAccount } from '../state/vhsys-account';
import { BASE_STATUSES, readPedidoHeader } from './pedido-fields';

export const PEDIDO_NOT_FOUND = 'Nenhum pedido encontrado!';

export function findPedido({ account, params }: ApiContext): PedidoRecord | undefined {
  return account.pedidos.get(pathId(params.id_ped) ?? -1);
}

/** GET /pedidos: id_pedido, nome_cliente, vendedor, status, lixeira, data_modificacao; order/sort; paging. */
export function listPedidos({ account, query }: ApiContext): ApiReply {
  if (account.quirks.htmlErrorOnOrderByDataMod && query.get('order') === 'data_mod_pedido' && (query.get('sort') ?? 'Asc') === 'Asc') {
    return html(200, 'Erro');
  }
  const status = query.get('status');
  if (status && !(BASE_STATUSES as readonly string[]).includes(status)) {
    return invalid(['O valor do campo (status) não é válido']);
  }
  const idPedido = query.get('id_pedido');
  const vendedor = query.get('vendedor');
  const rows = [...account.pedidos.values()]
    .filter((p) => lixeiraMatches(p.lixeira, query, account.quirks))
    .filter((p) => !idPedido || String(p.id_pedido) === idPedido)
    .filter((p) => containsIgnoringCase(p.nome_cliente, query.get('nome_cliente')))
    .filter((p) => !vendedor || String(p.vendedor_pedido_id) === vendedor || containsIgnoringCase(p.vendedor_pedido, vendedor))
    .filter((p) => !status || p.status_pedido === status)
    .filter((p) => onOrAfter(p.data_mod_pedido, query, 'data_modificacao'))
    .map((p) => renderPedido(account, p));
  return listPage(rows, query, PEDIDO_NOT_FOUND);
}

export function getPedido(ctx: ApiContext): ApiReply {
  const pedido = findPedido(ctx);
  return pedido ? success(renderPedido(ctx.account, pedido)) : refused(PEDIDO_NOT_FOUND);
}

/**
 * POST /pedidos creates the header only. The answer is an array of one row, with `id_pedido` still
 * '' (the sequential number shows up on later reads), and `valor_total_nota` "0.000000".
 */
export function createPedido({ account, state, body, nowText }: ApiContext): ApiReply {
  if (!isPlainObject(body)) return refused('Erro ao cadastrar o pedido!');
  const { changes, errors } = readPedidoHeader(body, false);
  if (errors.length > 0) return invalid(errors);
  const pedido = addPedido(account, state.ids, nowText, changes);
  const row = renderPedido(account, pedido);
  // The spec example answers "0.000000" even with a freight: totals are computed when items change.
  return success([{ ...row, id_pedido: '', valor_total_nota: '0.000000', sync: 0, sync_id: 0, sync_user: 0, usuario_cad_pedido: 'Integração API' }]);
}

/** Stores a new pedido with these (checked) header fields, as POST /pedidos does; also used by the admin seed. */
export function addPedido(account: VhsysAccount, ids: IdSequences, nowText: string, changes: Partial<PedidoRecord>): PedidoRecord {
  const pedido: PedidoRecord = {
    id_ped: ids.take('id_ped'),
    id_pedido: account.takeNumero('pedido'),
    id_cliente: 0,
    nome_cliente: '',
    vendedor_pedido: '',
    vendedor_pedido_id: 0,
    data_pedido: nowText.slice(0, 10),
    prazo_entrega: '',
    referencia_pedido: '',
    obs_pedido: '',
    obs_interno_pedido: '',
    status_pedido: 'Em Aberto',
    situacao: null,
    desconto_pedido: 0n,
    frete_pedido: 0n,
    estoque_pedido: 0,
    contas_pedido: 0,
    data_cad_pedido: nowText,
    data_mod_pedido: nowText,
    lixeira: 'Nao',
    items: [],
    parcelas: [],
    statusHistory: [],
    ...changes,
  };
  // Vhsys writes its own first history entry.
  pedido.statusHistory.push({
    id_status: ids.take('id_status'),
    data_status: nowText.slice(0, 10),
    obs_status: 'Pedido cadastrado',
    tipo_status: pedido.status_pedido,
    id_usuario: 0,
    nome_usuario: 'Sistema',
    situacao: pedido.situacao,
  });
  account.pedidos.set(pedido.id_ped, pedido);
  return pedido;
}

/** PUT /pedidos/{id_ped}: partial, but nome_cliente and status_pedido are required. */
export function updatePedido(ctx: ApiContext): ApiReply {
  const { account, body, nowText } = ctx;
  const pedido = findPedido(ctx);
  if (!pedido) return refused(PEDIDO_NOT_FOUND);
  if (!isPlainObject(body)) return refused('Erro ao atualizar o pedido!');
  const { changes, errors } = readPedidoHeader(body, true);
  if (errors.length > 0) return invalid(errors);
  Object.assign(pedido, changes);
  pedido.data_mod_pedido = nowText;
  return success({ ...renderPedido(account, pedido), vendedor2_pedido: '', vendedor2_pedido_id: 0, components: {} });
}

/** DELETE /pedidos/{id_ped}: soft delete into the lixeira. */
export function deletePedido(ctx: ApiContext): ApiReply {
  const pedido = findPedido(ctx);
  if (!pedido) return refused(PEDIDO_NOT_FOUND);
  pedido.lixeira = 'Sim';
  pedido.data_mod_pedido = ctx.nowText;
  return success({ id_ped: pedido.id_ped });
}
