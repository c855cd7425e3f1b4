import { FieldChecks, isPlainObject } from '../api/field-checks';
import type { IdKind } from '../state/id-sequences';
import type { SimulatorState } from '../state/simulator-state';
import type { LineItemRecord } from '../state/records';
import type { VhsysAccount } from '../state/vhsys-account';
import { multiplyMicros, roundToCents } from '../wire/decimal';

/**
 * Reads the JSON array posted to `/pedidos/{id}/produtos` or `/notas-fiscais/{id}/produtos`.
 * All-or-nothing: one bad element rejects the call and nothing is stored (the real API has no
 * transactions either way; atomic is the kinder, documented choice).
 */
export function readLineItems(
  account: VhsysAccount,
  state: SimulatorState,
  elements: unknown[],
  idKind: IdKind,
): { items: LineItemRecord[]; errors: string[] } {
  const items: LineItemRecord[] = [];
  const errors: string[] = [];
  if (elements.length === 0) return { items, errors: ['O campo (produtos) é obrigatório'] };
  for (const element of elements) {
    if (!isPlainObject(element)) {
      errors.push('O formato do campo (produtos) não é válido');
      continue;
    }
    const checks = new FieldChecks(element);
    const idProduto = checks.integer('id_produto', { required: true });
    const desc = checks.text('desc_produto', { required: true, max: 255 });
    const qtde = checks.decimal('qtde_produto', { required: true, positive: true });
    const unit = checks.decimal('valor_unit_produto', { required: true });
    const desconto = checks.decimal('desconto_produto') ?? 0n;
    if (idProduto !== undefined && !account.produtos.has(idProduto)) {
      checks.messages.push('O valor do campo (id_produto) não é válido');
    }
    if (!checks.ok || idProduto === undefined || desc === undefined || qtde === undefined || unit === undefined) {
      errors.push(...checks.messages);
      continue;
    }
    const gross = multiplyMicros(qtde, unit);
    if (desconto > gross) {
      errors.push('O valor do campo (desconto_produto) não é válido');
      continue;
    }
    items.push({
      id_item: 0,
      id_produto: idProduto,
      desc_produto: desc,
      qtde,
      valor_unit: unit,
      desconto,
      valor_total: roundToCents(gross - desconto),
      posted: element,
    });
  }
  if (errors.length > 0) return { items: [], errors: [...new Set(errors)] };
  for (const item of items) item.id_item = state.ids.take(idKind);
  return { items, errors };
}
