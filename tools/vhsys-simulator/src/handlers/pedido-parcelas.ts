import { VHSYS_FORMAS_PAGAMENTO } from '@gv/contracts';
import type { ApiContext, ApiReply } from '../api/api-context';
import { FieldChecks, isPlainObject } from '../api/field-checks';
import { invalid, refused, success } from '../api/replies';
import type { ParcelaRecord } from '../state/records';
import { renderParcela } from '../state/render';
import { findPedido, PEDIDO_NOT_FOUND } from './pedidos';

/** Vhsys's fixed forma_pagamento list: one definition for the product and its simulator. */
const FORMAS_PAGAMENTO = VHSYS_FORMAS_PAGAMENTO;

export function listPedidoParcelas(ctx: ApiContext): ApiReply {
  const pedido = findPedido(ctx);
  if (!pedido) return refused(PEDIDO_NOT_FOUND);
  if (pedido.parcelas.length === 0) return refused('Nenhuma parcela para o pedido encontrado!');
  return success(pedido.parcelas.map((parcela) => renderParcela(pedido, parcela)));
}

/**
 * POST /pedidos/{id_ped}/parcelas replaces every parcela with the posted array. `valor_parcela` with
 * more than two decimals is refused ("O formato do campo (valor_parcela) não é válido"), as observed.
 */
export function replacePedidoParcelas(ctx: ApiContext): ApiReply {
  const pedido = findPedido(ctx);
  if (!pedido) return refused(PEDIDO_NOT_FOUND);
  if (!Array.isArray(ctx.body)) return refused('Erro ao cadastrar a parcela para o pedido!');
  const parcelas: ParcelaRecord[] = [];
  const errors: string[] = [];
  for (const element of ctx.body) {
    if (!isPlainObject(element)) {
      errors.push('O formato do campo (parcelas) não é válido');
      continue;
    }
    const checks = new FieldChecks(element);
    const dataParcela = checks.date('data_parcela', { required: true });
    const valor = checks.decimal('valor_parcela', { required: true, maxPlaces: 2 });
    const forma = checks.oneOf('forma_pagamento', FORMAS_PAGAMENTO);
    const obs = checks.text('observacoes_parcela', { max: 255 });
    const liquidada = checks.oneOf('conta_liquidada', ['0', '1'] as const);
    const valorPago = checks.decimal('valor_pago', { maxPlaces: 2 });
    const dataPagamento = checks.date('data_pagamento');
    if (!checks.ok || dataParcela === undefined || valor === undefined) {
      errors.push(...checks.messages);
      continue;
    }
    const paid = liquidada === '1';
    parcelas.push({
      id_parcela: 0,
      data_parcela: dataParcela,
      valor_parcela: valor,
      forma_pagamento: forma ?? '',
      observacoes_parcela: obs ?? '',
      conta_liquidada: paid ? '1' : '0',
      valor_pago: paid ? valorPago ?? valor : null,
      // Documented: only used when liquidated, defaulting to the due date.
      data_pagamento: paid ? dataPagamento ?? dataParcela : null,
      posted: element,
    });
  }
  if (errors.length > 0) return invalid([...new Set(errors)]);
  for (const parcela of parcelas) parcela.id_parcela = ctx.state.ids.take('id_parcela');
  pedido.parcelas = parcelas;
  pedido.data_mod_pedido = ctx.nowText;
  return success(parcelas.map((parcela) => ({ ...parcela.posted, id_pedido: pedido.id_ped })));
}
