import { FieldChecks } from '../api/field-checks';
import type { PedidoRecord } from '../state/records';

export const BASE_STATUSES = ['Em Aberto', 'Em Andamento', 'Atendido', 'Cancelado'] as const;

/** The header fields of POST/PUT /pedidos that were sent, checked. */
export function readPedidoHeader(body: Record<string, unknown>, requireStatus: boolean): { changes: Partial<PedidoRecord>; errors: string[] } {
  const checks = new FieldChecks(body);
  const changes: Partial<PedidoRecord> = {};
  const set = <K extends keyof PedidoRecord>(key: K, value: PedidoRecord[K] | undefined): void => {
    if (value !== undefined) changes[key] = value;
  };
  set('nome_cliente', checks.text('nome_cliente', { required: true, max: 255 }));
  set('status_pedido', checks.oneOf('status_pedido', BASE_STATUSES, { required: requireStatus }));
  set('id_cliente', checks.integer('id_cliente'));
  set('vendedor_pedido', checks.text('vendedor_pedido', { max: 255 }));
  set('vendedor_pedido_id', checks.integer('vendedor_pedido_id'));
  set('data_pedido', checks.date('data_pedido'));
  set('prazo_entrega', checks.text('prazo_entrega', { max: 20 }));
  set('referencia_pedido', checks.text('referencia_pedido', { max: 100 }));
  set('obs_pedido', checks.text('obs_pedido'));
  set('obs_interno_pedido', checks.text('obs_interno_pedido'));
  set('desconto_pedido', checks.decimal('desconto_pedido'));
  set('frete_pedido', checks.decimal('frete_pedido'));
  set('estoque_pedido', checks.flag('estoque_pedido'));
  set('contas_pedido', checks.flag('contas_pedido'));
  set('situacao', checks.integer('situacao'));
  return { changes, errors: checks.messages };
}
