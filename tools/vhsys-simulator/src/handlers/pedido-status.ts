import type { ApiContext, ApiReply } from '../api/api-context';
import { FieldChecks, isPlainObject } from '../api/field-checks';
import { invalid, refused, success } from '../api/replies';
import { renderStatus } from '../state/render';
import { BASE_STATUSES } from './pedido-fields';
import { findPedido, PEDIDO_NOT_FOUND } from './pedidos';

/** GET /pedidos/{id_ped}/status: the history, oldest first, including Vhsys's own entries. */
export function listPedidoStatus(ctx: ApiContext): ApiReply {
  const pedido = findPedido(ctx);
  if (!pedido) return refused(PEDIDO_NOT_FOUND);
  return success(pedido.statusHistory.map((status) => renderStatus(pedido, status)));
}

/**
 * POST /pedidos/{id_ped}/status appends to the history and moves the order's status. The
 * undocumented `situacao` (custom status id) is honoured; `id_situacao` is ignored, as observed.
 */
export function appendPedidoStatus(ctx: ApiContext): ApiReply {
  const pedido = findPedido(ctx);
  if (!pedido) return refused(PEDIDO_NOT_FOUND);
  if (!isPlainObject(ctx.body)) return refused('Erro ao cadastrar o status para o pedido!');
  const checks = new FieldChecks(ctx.body);
  const dataStatus = checks.date('data_status', { required: true });
  const tipoStatus = checks.oneOf('tipo_status', BASE_STATUSES, { required: true });
  const obsStatus = checks.text('obs_status', { max: 255 }) ?? '';
  const situacao = checks.integer('situacao');
  if (situacao !== undefined && situacao !== 0 && !ctx.account.situacoes.some((s) => s.id_situacao === situacao)) {
    checks.messages.push('O valor do campo (situacao) não é válido');
  }
  if (!checks.ok || dataStatus === undefined || tipoStatus === undefined) return invalid(checks.messages);
  const situacaoId = situacao ? situacao : null;
  pedido.statusHistory.push({
    id_status: ctx.state.ids.take('id_status'),
    data_status: dataStatus,
    obs_status: obsStatus,
    tipo_status: tipoStatus,
    id_usuario: 1,
    nome_usuario: 'Integração API',
    situacao: situacaoId,
  });
  pedido.status_pedido = tipoStatus;
  pedido.situacao = situacaoId;
  pedido.data_mod_pedido = ctx.nowText;
  return success({ data_status: dataStatus, obs_status: obsStatus, tipo_status: tipoStatus, id_pedido: pedido.id_ped });
}
