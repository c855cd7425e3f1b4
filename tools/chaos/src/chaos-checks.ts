import type { DispatchOutcome, DispatchResult, SaleOrder } from '@gv/contracts';
import { AccountSnapshot, checkVhsysState, RequestLogEntry } from '@gv/vhsys-simulator';
import { PEDIDO_STATUS, PlannedSale } from './chaos-plan';

/**
 * The run's verdict, from what exists at the end: the simulator's state and request log, the
 * topics' contents and the services' tables. Each check returns its problems (empty = holds);
 * tools/chaos/test/chaos-checks.unit.spec.ts shows each one catching its violation.
 */

/** Outcomes that settle a sale's revision (everything else means it is not done). */
export const SETTLED_OUTCOMES: readonly DispatchOutcome[] = ['created', 'updated', 'unchanged', 'needs_manual_cancellation'];

/**
 * Every sale has exactly one Vhsys pedido with the totals, items, parcelas and status of its last
 * sale order, at most one NF-e and one NFS-e (exactly one, emitted, when asked for), and no pedido
 * belongs to no sale (checkVhsysState); the last sale order is the one for the sale's final Guru
 * status.
 */
/** `snapshots` by account id. */
export function checkOrders(sales: PlannedSale[], lastOrders: Map<string, SaleOrder>, snapshots: Map<string, AccountSnapshot>): string[] {
  const problems: string[] = [];
  const byAccount = new Map<string, SaleOrder[]>();
  for (const sale of sales) {
    const order = lastOrders.get(sale.key);
    if (!order) {
      problems.push(`${sale.key}: no sale order on the sale-orders topic`);
      continue;
    }
    if (order.order.status !== PEDIDO_STATUS[sale.finalStatus]) {
      problems.push(`${sale.key}: last sale order has status ${order.order.status}, the final Guru status ${sale.finalStatus} is ${PEDIDO_STATUS[sale.finalStatus]}`);
    }
    byAccount.set(sale.accountId, [...(byAccount.get(sale.accountId) ?? []), order]);
  }
  for (const [accountId, snapshot] of snapshots) {
    for (const problem of checkVhsysState(snapshot, byAccount.get(accountId) ?? []).problems) problems.push(`${accountId}: ${problem}`);
  }
  return problems;
}

/**
 * Every sale's last result on `vhsys.dispatch-results.v1` is its final outcome: the dispatcher's,
 * for the revision of its last sale order, a settled outcome, naming the pedido Vhsys holds.
 */
/**
 * What a reader that follows the documented contract (docs/kafka.md#result-order: keep the result
 * with the highest revision, and for the same revision the last one read) holds for `previous`
 * after reading `next`. A result for an older revision read later (an `ignored` late sale order)
 * does not replace the newer revision's.
 */
export function readerKeeps(previous: DispatchResult | undefined, next: DispatchResult): DispatchResult {
  return previous && next.revision < previous.revision ? previous : next;
}

export function checkLastResults(sales: PlannedSale[], lastOrders: Map<string, SaleOrder>, lastResults: Map<string, DispatchResult>, snapshots: Map<string, AccountSnapshot>): string[] {
  const problems: string[] = [];
  for (const sale of sales) {
    const result = lastResults.get(sale.key);
    const order = lastOrders.get(sale.key);
    if (!result) {
      problems.push(`${sale.key}: no result`);
      continue;
    }
    const what = `${sale.key}: last result ${result.stage}/${result.outcome}${result.reason ? ` (${result.reason})` : ''} for revision ${result.revision}`;
    if (result.stage !== 'dispatch' || !SETTLED_OUTCOMES.includes(result.outcome)) {
      problems.push(`${what} is not a settled dispatch outcome`);
      continue;
    }
    if (order && result.revision !== order.revision) problems.push(`${what}, the last sale order is revision ${order.revision}`);
    const pedido = order ? snapshots.get(sale.accountId)?.pedidos.find((p) => String(p.referencia_pedido) === order.order.marker && p.lixeira !== 'Sim') : undefined;
    if (pedido && result.vhsys?.idPed !== pedido.id_ped) problems.push(`${what} names pedido ${String(result.vhsys?.idPed)}, Vhsys holds ${String(pedido.id_ped)}`);
  }
  return problems;
}

export interface RateFigures {
  /** Most requests of one account seen in any 1-second window (arrival times at the simulator). */
  maxPerSecond: number;
  /** The account and window start (epoch ms) where it was seen. */
  at: { accountId: string; startMs: number } | null;
  problems: string[];
}

/**
 * No account received more than `perSecond + burst` requests in any window of one second (the
 * dispatcher's limiter's bound, docs/dispatcher.md#rate-limit). A window is [t, t + 1 s − slack)
 * from each request's arrival t; the slack absorbs the timers' and the network's jitter between
 * the limiter's slot and the request's arrival (as the limiter's own test does).
 */
export function checkRate(logs: Map<string, RequestLogEntry[]>, perSecond: number, burst: number, slackMs = 20): RateFigures {
  const limit = perSecond + burst;
  const figures: RateFigures = { maxPerSecond: 0, at: null, problems: [] };
  for (const [accountId, entries] of logs) {
    const times = entries.map((e) => e.atMs).sort((a, b) => a - b);
    let end = 0;
    let worst = 0;
    let worstAt = 0;
    for (let start = 0; start < times.length; start += 1) {
      if (end < start) end = start;
      while (end < times.length && times[end]! < times[start]! + 1000 - slackMs) end += 1;
      if (end - start > worst) {
        worst = end - start;
        worstAt = times[start]!;
      }
    }
    if (worst > figures.maxPerSecond) {
      figures.maxPerSecond = worst;
      figures.at = { accountId, startMs: worstAt };
    }
    if (worst > limit) {
      // Which calls made the window, for the diagnosis (e.g. one limiter token spent on several requests).
      const routes = countRoutes(entries.filter((e) => e.atMs >= worstAt && e.atMs < worstAt + 1000 - slackMs));
      figures.problems.push(`${accountId}: ${worst} requests within one second from ${new Date(worstAt).toISOString()} (limit ${perSecond}/s + burst ${burst} = ${limit}): ${routes}`);
    }
  }
  return figures;
}

function countRoutes(entries: RequestLogEntry[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.route, (counts.get(e.route) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([route, n]) => `${n}× ${route}`).join(', ');
}

/** The services' tables at the end: every sale's ledger row reconciled at its desired revision, no outbox row waiting or set aside, no sale parked by mapping. */
export interface LeftoverState {
  /** sale_key → status, reconciled_revision, desired_revision of the dispatcher's ledger. */
  ledger: Map<string, { status: string; reconciledRevision: number | null; desiredRevision: number }>;
  /** schema → unpublished and set-aside outbox rows. */
  outbox: Map<string, { unpublished: number; setAside: number }>;
  /** Sales mapping-service holds back (parked_sales). */
  mappingParked: number;
}

export function checkNothingPending(sales: PlannedSale[], state: LeftoverState): string[] {
  const problems: string[] = [];
  for (const sale of sales) {
    const row = state.ledger.get(sale.key);
    if (!row) problems.push(`${sale.key}: not in the dispatcher's ledger`);
    else if (row.status !== 'reconciled' || row.reconciledRevision !== row.desiredRevision) {
      problems.push(`${sale.key}: ledger ${row.status}, reconciled revision ${String(row.reconciledRevision)} of desired ${row.desiredRevision}`);
    }
  }
  for (const [schema, rows] of state.outbox) {
    if (rows.unpublished > 0) problems.push(`${schema}: ${rows.unpublished} outbox row(s) not published`);
    if (rows.setAside > 0) problems.push(`${schema}: ${rows.setAside} outbox row(s) set aside`);
  }
  if (state.mappingParked > 0) problems.push(`mapping-service: ${state.mappingParked} sale(s) parked`);
  return problems;
}

/** A dead-lettered message: where, its key, and its `x-dlq-reason` header (if any). */
export interface DeadLetterSeen {
  topic: string;
  offset: string;
  key: string | null;
  reason: string | null;
}

/** Nothing is in a dead-letter topic without a reason. (Dead letters with one are listed in the report.) */
export function checkDeadLetters(letters: DeadLetterSeen[]): string[] {
  return letters
    .filter((l) => l.reason === null || l.reason.trim() === '')
    .map((l) => `${l.topic}@${l.offset} (${l.key ?? 'no key'}): dead-lettered without a reason`);
}
