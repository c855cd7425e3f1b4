import type { DispatchResult, SaleOrder } from '@gv/contracts';
import type { AccountSnapshot, RequestLogEntry } from '@gv/vhsys-simulator';
import { checkDeadLetters, checkLastResults, readerKeeps, checkNothingPending, checkOrders, checkRate, LeftoverState } from '../src/chaos-checks';
import type { PlannedSale } from '../src/chaos-plan';

// One sale of account "a" whose last status is refunded: its last sale order, the pedido Vhsys
// holds for it, and its last result. Each test breaks one thing and expects exactly that problem.
const sale: PlannedSale = { key: 'a:tx1', accountId: 'a', finalStatus: 'refunded' };
const order = {
  accountId: 'a', guruTransactionId: 'tx1', revision: 3,
  order: { marker: 'GURU-tx1', status: 'Cancelado', totalCents: 12345, items: [{}, {}], installments: [{ valueCents: 6173 }, { valueCents: 6172 }] },
  invoices: [{ kind: 'nfe', totalCents: 12345 }],
} as unknown as SaleOrder;
const pedido = (over: Record<string, unknown> = {}) => ({
  id_ped: 77, referencia_pedido: 'GURU-tx1', lixeira: 'Nao', valor_total_nota: '123.45', status_pedido: 'Cancelado',
  produtos: [{}, {}], parcelas: [{ valor_parcela: '61.73' }, { valor_parcela: '61.72' }], status: [], ...over,
});
const nfe = (over: Record<string, unknown> = {}) => ({ id_venda: 5, id_pedido_ref: 77, lixeira: 'Nao', nota_emitida: 1, valor_total_nota: '123.45', produtos: [], ...over });
const snapshot = (over: Partial<Record<'pedidos' | 'notasFiscais' | 'notasServico', unknown[]>> = {}) =>
  ({ pedidos: [pedido()], notasFiscais: [nfe()], notasServico: [], clientes: [], ...over }) as unknown as AccountSnapshot;
const result = (over: Partial<DispatchResult> = {}) =>
  ({ accountId: 'a', guruTransactionId: 'tx1', revision: 3, stage: 'dispatch', outcome: 'needs_manual_cancellation', reason: 'refunded_after_invoice', vhsys: { idPed: 77 }, ...over }) as DispatchResult;

describe('checkOrders', () => {
  const orders = new Map([[sale.key, order]]);
  it('holds for one pedido as desired with its one emitted NF-e', () => {
    expect(checkOrders([sale], orders, new Map([['a', snapshot()]]))).toEqual([]);
  });
  it('catches a second pedido, a missing one, a wrong total, status, items or parcelas, a second, missing or unemitted NF-e and a second NFS-e', () => {
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ pedidos: [pedido(), pedido({ id_ped: 78 })] })]]))).toEqual(['a: tx1: 2 pedidos']);
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ pedidos: [] })]]))).toEqual(['a: tx1: 0 pedidos']);
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ pedidos: [pedido({ valor_total_nota: '123.44' })] })]]))).toEqual(['a: tx1: pedido total 12344 ≠ 12345']);
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ pedidos: [pedido({ status_pedido: 'Atendido' })] })]]))).toEqual(['a: tx1: status Atendido ≠ Cancelado']);
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ pedidos: [pedido({ produtos: [{}] })] })]]))).toEqual(['a: tx1: 1 items ≠ 2']);
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ pedidos: [pedido({ parcelas: [{ valor_parcela: '123.45' }] })] })]]))).toEqual(['a: tx1: parcelas 12345 ≠ 6173,6172']);
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ notasFiscais: [nfe(), nfe({ id_venda: 6 })] })]]))).toEqual(['a: tx1: 2 NF-e']);
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ notasFiscais: [nfe({ nota_emitida: 0 })] })]]))).toEqual(['a: tx1: NF-e not emitted']);
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ notasFiscais: [] })]]))).toEqual(['a: tx1: NF-e missing']);
    const nfse = { id_servico: 9, id_pedido_ref: 77, lixeira: 'Nao', nota_emitida: 1, valor_total_nota: '10.00' };
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ notasServico: [nfse, { ...nfse, id_servico: 10 }] })]]))).toEqual(['a: tx1: 2 NFS-e']);
  });
  it('catches a pedido of no sale, a missing sale order, and a last sale order that is not the final Guru status', () => {
    expect(checkOrders([sale], orders, new Map([['a', snapshot({ pedidos: [pedido(), pedido({ id_ped: 90, referencia_pedido: 'GURU-other' })] })]]))).toEqual(['a: unexpected pedido(s) with marker GURU-other: 1']);
    expect(checkOrders([sale], new Map(), new Map([['a', snapshot({ pedidos: [] })]]))).toEqual(['a:tx1: no sale order on the sale-orders topic']);
    const approvedOrder = { ...order, order: { ...order.order, status: 'Atendido' } } as SaleOrder;
    expect(checkOrders([sale], new Map([[sale.key, approvedOrder]]), new Map([['a', snapshot({ pedidos: [pedido({ status_pedido: 'Atendido' })] })]])))
      .toEqual(['a:tx1: last sale order has status Atendido, the final Guru status refunded is Cancelado']);
  });
});

describe('readerKeeps (the reader contract of docs/kafka.md#result-order)', () => {
  it('keeps the highest revision; for the same revision the last one read', () => {
    const created = result();
    const lateIgnored = result({ revision: 2, outcome: 'ignored', reason: 'stale_revision' });
    const duplicate = result({ outcome: 'unchanged', reason: 'duplicate_revision' });
    expect(readerKeeps(undefined, lateIgnored)).toBe(lateIgnored);
    expect(readerKeeps(created, lateIgnored)).toBe(created);
    expect(readerKeeps(created, duplicate)).toBe(duplicate);
    expect(readerKeeps(lateIgnored, created)).toBe(created);
  });
});

describe('checkLastResults', () => {
  const orders = new Map([[sale.key, order]]);
  const snapshots = new Map([['a', snapshot()]]);
  it('holds when the last result is the dispatcher’s settled outcome for the last revision, naming the pedido', () => {
    expect(checkLastResults([sale], orders, new Map([[sale.key, result()]]), snapshots)).toEqual([]);
  });
  it('catches no result, an unsettled or mapping outcome, an older revision and another pedido', () => {
    expect(checkLastResults([sale], orders, new Map(), snapshots)).toEqual(['a:tx1: no result']);
    expect(checkLastResults([sale], orders, new Map([[sale.key, result({ outcome: 'paused', reason: 'vhsys_auth_failed' })]]), snapshots))
      .toEqual(['a:tx1: last result dispatch/paused (vhsys_auth_failed) for revision 3 is not a settled dispatch outcome']);
    expect(checkLastResults([sale], orders, new Map([[sale.key, result({ stage: 'mapping', outcome: 'ignored', reason: null })]]), snapshots))
      .toEqual(['a:tx1: last result mapping/ignored for revision 3 is not a settled dispatch outcome']);
    expect(checkLastResults([sale], orders, new Map([[sale.key, result({ revision: 2, outcome: 'updated', reason: null })]]), snapshots))
      .toEqual(['a:tx1: last result dispatch/updated for revision 2, the last sale order is revision 3']);
    expect(checkLastResults([sale], orders, new Map([[sale.key, result({ vhsys: { idPed: 78 } as DispatchResult['vhsys'] })]]), snapshots))
      .toEqual(['a:tx1: last result dispatch/needs_manual_cancellation (refunded_after_invoice) for revision 3 names pedido 78, Vhsys holds 77']);
  });
});

describe('checkRate', () => {
  const log = (times: number[]): RequestLogEntry[] => times.map((atMs) => ({ atMs, route: 'GET /pedidos', outcome: 'answered' }));
  it('finds the busiest second of any account and passes at rate + burst', () => {
    // Burst of 5 at t=0, then one every 500 ms (2/s): [0, 980) holds 5 + 1 (t=500) = 6 ≤ 7.
    const times = [0, 0, 0, 0, 0, 500, 1000, 1500, 2000];
    const figures = checkRate(new Map([['a', log(times)], ['b', log([10, 20])]]), 2, 5);
    expect(figures).toEqual({ maxPerSecond: 6, at: { accountId: 'a', startMs: 0 }, problems: [] });
  });
  it('catches an account over rate + burst within one second, and ignores requests a full second apart', () => {
    const over = checkRate(new Map([['a', log([1000, 1100, 1200, 1300, 1400, 1500, 1600, 1979])]]), 2, 5);
    expect(over.maxPerSecond).toBe(8);
    expect(over.problems).toEqual(['a: 8 requests within one second from 1970-01-01T00:00:01.000Z (limit 2/s + burst 5 = 7): 8× GET /pedidos']);
    // The 8th lands at 1980 ms: outside [1000, 1980), so 7 at most in any window.
    expect(checkRate(new Map([['a', log([1000, 1100, 1200, 1300, 1400, 1500, 1600, 1980])]]), 2, 5).problems).toEqual([]);
  });
});

describe('checkNothingPending', () => {
  const clean: LeftoverState = {
    ledger: new Map([[sale.key, { status: 'reconciled', reconciledRevision: 3, desiredRevision: 3 }]]),
    outbox: new Map([['invoice_dispatcher', { unpublished: 0, setAside: 0 }]]),
    mappingParked: 0,
  };
  it('holds when every sale is reconciled at its desired revision and nothing waits', () => {
    expect(checkNothingPending([sale], clean)).toEqual([]);
  });
  it('catches a sale not in the ledger, retrying, reconciled at an older revision, outbox rows waiting or set aside, parked sales', () => {
    expect(checkNothingPending([sale], { ...clean, ledger: new Map() })).toEqual(['a:tx1: not in the dispatcher\'s ledger']);
    expect(checkNothingPending([sale], { ...clean, ledger: new Map([[sale.key, { status: 'retrying', reconciledRevision: 2, desiredRevision: 3 }]]) }))
      .toEqual(['a:tx1: ledger retrying, reconciled revision 2 of desired 3']);
    expect(checkNothingPending([sale], { ...clean, ledger: new Map([[sale.key, { status: 'reconciled', reconciledRevision: 2, desiredRevision: 3 }]]) }))
      .toEqual(['a:tx1: ledger reconciled, reconciled revision 2 of desired 3']);
    expect(checkNothingPending([sale], { ...clean, outbox: new Map([['mapping_service', { unpublished: 2, setAside: 1 }]]), mappingParked: 4 }))
      .toEqual(['mapping_service: 2 outbox row(s) not published', 'mapping_service: 1 outbox row(s) set aside', 'mapping-service: 4 sale(s) parked']);
  });
});

describe('checkDeadLetters', () => {
  it('lets dead letters with a reason through and catches one without', () => {
    expect(checkDeadLetters([{ topic: 'deadletter.invoice-dispatcher.v1', offset: '0', key: 'a:tx1', reason: 'vhsys_validation: …' }])).toEqual([]);
    expect(checkDeadLetters([{ topic: 'deadletter.invoice-dispatcher.v1', offset: '4', key: 'a:tx1', reason: null }, { topic: 'deadletter.mapping-service.v1', offset: '1', key: null, reason: ' ' }]))
      .toEqual(['deadletter.invoice-dispatcher.v1@4 (a:tx1): dead-lettered without a reason', 'deadletter.mapping-service.v1@1 (no key): dead-lettered without a reason']);
  });
});
