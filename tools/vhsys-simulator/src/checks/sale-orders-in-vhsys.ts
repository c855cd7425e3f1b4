import { toCents } from '@gv/brazil';
import type { SaleOrder } from '@gv/contracts';
import type { AccountSnapshot } from '../state/account-snapshot';

export interface StateCheck {
  problems: string[];
  pedidos: number;
  notasFiscais: number;
  notasServico: number;
  clientes: number;
}

/**
 * Compares an account's Vhsys state with the desired state of its sales: exactly one live pedido per
 * sale marker and no others, at most one NF-e and one NFS-e per pedido (exactly one, emitted, when
 * the sale asks for it), totals and status equal to the desired state.
 */
export function checkVhsysState(state: AccountSnapshot, sales: SaleOrder[]): StateCheck {
  const problems: string[] = [];
  const pedidos = state.pedidos.filter((p) => p.lixeira !== 'Sim');
  const byMarker = new Map<string, typeof pedidos>();
  for (const p of pedidos) {
    const marker = String(p.referencia_pedido);
    byMarker.set(marker, [...(byMarker.get(marker) ?? []), p]);
  }
  for (const sale of sales) {
    const found = byMarker.get(sale.order.marker) ?? [];
    if (found.length !== 1) {
      problems.push(`${sale.guruTransactionId}: ${found.length} pedidos`);
      continue;
    }
    const p = found[0]!;
    const total = toCents(String(p.valor_total_nota), 'half-up');
    if (total !== sale.order.totalCents) problems.push(`${sale.guruTransactionId}: pedido total ${total} ≠ ${sale.order.totalCents}`);
    if (p.status_pedido !== sale.order.status) problems.push(`${sale.guruTransactionId}: status ${String(p.status_pedido)} ≠ ${sale.order.status}`);
    if (p.produtos.length !== sale.order.items.length) problems.push(`${sale.guruTransactionId}: ${p.produtos.length} items ≠ ${sale.order.items.length}`);
    const parcelas = p.parcelas.map((x) => toCents(String(x.valor_parcela))).join(',');
    const wanted = sale.order.installments.map((x) => x.valueCents).join(',');
    if (parcelas !== wanted) problems.push(`${sale.guruTransactionId}: parcelas ${parcelas} ≠ ${wanted}`);
    const nfes = state.notasFiscais.filter((n) => n.id_pedido_ref === p.id_ped && n.lixeira !== 'Sim');
    const nfses = state.notasServico.filter((n) => n.id_pedido_ref === p.id_ped && n.lixeira !== 'Sim');
    const kinds = [['nfe', 'NF-e', nfes], ['nfse', 'NFS-e', nfses]] as const;
    for (const [kind, label, notas] of kinds) {
      if (notas.length > 1) problems.push(`${sale.guruTransactionId}: ${notas.length} ${label}`);
      const wanted = sale.invoices.find((i) => i.kind === kind);
      if (!wanted) continue;
      const n = notas[0];
      if (!n) {
        problems.push(`${sale.guruTransactionId}: ${label} missing`);
        continue;
      }
      if (n.nota_emitida !== 1) problems.push(`${sale.guruTransactionId}: ${label} not emitted`);
      const nTotal = toCents(String(n.valor_total_nota), 'half-up');
      if (nTotal !== wanted.totalCents) problems.push(`${sale.guruTransactionId}: ${label} total ${nTotal} ≠ ${wanted.totalCents}`);
    }
  }
  const markers = new Set(sales.map((s) => s.order.marker));
  for (const [marker, list] of byMarker) if (!markers.has(marker)) problems.push(`unexpected pedido(s) with marker ${marker}: ${list.length}`);
  return { problems, pedidos: pedidos.length, notasFiscais: state.notasFiscais.length, notasServico: state.notasServico.length, clientes: state.clientes.length };
}
