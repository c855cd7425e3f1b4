import { saleKey } from '@gv/contracts';
import { createRng, generateSale, generateStatusChange, Rng } from '@gv/guru-sale-generator';
import type { ChaosSizing } from './chaos-options';

/** A Guru account of the run and the tokens of its simulated Vhsys company. */
export interface ChaosAccount {
  accountId: string;
  accessToken: string;
  secretAccessToken: string;
}

export function chaosAccounts(count: number): ChaosAccount[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId: `chaos-${i + 1}`,
    accessToken: `chaos-access-${i + 1}`,
    secretAccessToken: `chaos-secret-${i + 1}`,
  }));
}

/** The Guru statuses a sale goes through in the run, and the Vhsys status each one maps to (tools/stack's status map). */
export const GURU_STATUSES = ['waiting_payment', 'approved', 'refunded'] as const;
export type GuruStatus = (typeof GURU_STATUSES)[number];
export const PEDIDO_STATUS: Record<GuruStatus, string> = { waiting_payment: 'Em Aberto', approved: 'Atendido', refunded: 'Cancelado' };

export interface PlannedSale {
  key: string;
  accountId: string;
  /** The status of the sale's last event: what Vhsys must show at the end. */
  finalStatus: GuruStatus;
}

/** One message Guru sends, at `atMs` after the load starts. */
export interface PlannedMessage {
  atMs: number;
  key: string;
  status: GuruStatus;
  /** The same message sent again (Guru's at-least-once delivery). */
  duplicate: boolean;
  value: string;
}

export interface LoadPlan {
  sales: PlannedSale[];
  /** In sending order (by atMs; a sale's own messages keep their order). */
  messages: PlannedMessage[];
}

const PENDING_FIRST = 0.4;
const REFUNDED = 0.25;
const DUPLICATED = 0.15;

/**
 * The run's Guru traffic, reproducible from `seed`: `sizing.sales` sales spread round-robin over
 * the accounts, from the sale generator. About 40 % start pending and are approved later, about
 * 25 % are refunded after approval, and about 15 % of the messages are sent twice in a row. A
 * sale starts in the first 75 % of the load window; its later statuses follow within 10 % of it.
 */
export function planLoad(sizing: Pick<ChaosSizing, 'sales' | 'loadMs'>, accounts: ChaosAccount[], seed: number): LoadPlan {
  const rng = createRng(seed);
  const sales: PlannedSale[] = [];
  const messages: PlannedMessage[] = [];
  for (let i = 0; i < sizing.sales; i += 1) {
    const accountId = accounts[i % accounts.length]!.accountId;
    const pendingFirst = rng.chance(PENDING_FIRST);
    const refunded = rng.chance(REFUNDED);
    let event = generateSale({ seed: seed * 100003 + i, accountId, status: pendingFirst ? 'waiting_payment' : 'approved' });
    const key = saleKey(accountId, String(event.transaction.id));
    const steps: { status: GuruStatus; value: string }[] = [{ status: pendingFirst ? 'waiting_payment' : 'approved', value: JSON.stringify(event) }];
    const updatedAt = () => Date.parse(String((event.transaction as { dates: { updated_at: string } }).dates.updated_at));
    if (pendingFirst) {
      event = generateStatusChange(event, 'approved', new Date(updatedAt() + 3 * 60_000));
      steps.push({ status: 'approved', value: JSON.stringify(event) });
    }
    if (refunded) {
      event = generateStatusChange(event, 'refunded', new Date(updatedAt() + 2 * 86_400_000));
      steps.push({ status: 'refunded', value: JSON.stringify(event) });
    }
    let at = rng.int(0, Math.floor(sizing.loadMs * 0.75));
    for (const step of steps) {
      messages.push({ atMs: at, key, status: step.status, duplicate: false, value: step.value });
      if (rng.chance(DUPLICATED)) messages.push({ atMs: at + 1, key, status: step.status, duplicate: true, value: step.value });
      at += rng.int(500, Math.max(501, Math.floor(sizing.loadMs * 0.1)));
    }
    sales.push({ key, accountId, finalStatus: steps[steps.length - 1]!.status });
  }
  // Stable sort: messages of one sale at the same instant keep their order.
  messages.sort((a, b) => a.atMs - b.atMs);
  return { sales, messages };
}

/** The service processes of the run, as tools/stack labels them. */
export const SERVICE_PROCESSES = ['config-service', 'mapping-service', 'mapping-service#2', 'invoice-dispatcher', 'invoice-dispatcher#2'] as const;
export type ServiceProcessLabel = (typeof SERVICE_PROCESSES)[number];

export type FaultEvent =
  | { atMs: number; kind: 'kill'; target: ServiceProcessLabel; downMs: number }
  | { atMs: number; kind: 'broker_restart' }
  | { atMs: number; kind: 'pg_terminate_backends' }
  | { atMs: number; kind: 'config_service_stop'; downMs: number }
  | { atMs: number; kind: 'tokens_rejected'; accountId: string; downMs: number };

/** A random instant in [5 %, 80 %] of the load window, so every fault lands while sales flow. */
const instant = (rng: Rng, loadMs: number) => rng.int(Math.floor(loadMs * 0.05), Math.floor(loadMs * 0.8));

/**
 * The run's faults, reproducible from `seed` (a stream of its own, so the load does not move them):
 * `killsPerProcess` SIGKILLs of every service process, each restarted 1-4 s later; one broker
 * restart; one termination of every PostgreSQL backend of the services; config-service stopped
 * for `configStopMs`; one account's tokens refused for `tokensRejectedMs`. Sorted by time.
 * The refused account is the one of the load's first new status sent at or after the refusal
 * starts, so that account still has Vhsys work to do while its tokens are refused (a randomly
 * picked account could have had all its sales handled already, and the refusal refused nothing).
 */
export function planFaults(sizing: Pick<ChaosSizing, 'killsPerProcess' | 'configStopMs' | 'tokensRejectedMs' | 'loadMs'>, load: LoadPlan, seed: number): FaultEvent[] {
  const rng = createRng(seed ^ 0x5eed_c4a0);
  const { loadMs } = sizing;
  const events: FaultEvent[] = [];
  for (const target of SERVICE_PROCESSES) {
    for (let k = 0; k < sizing.killsPerProcess; k += 1) events.push({ atMs: instant(rng, loadMs), kind: 'kill', target, downMs: rng.int(1000, 4000) });
  }
  events.push({ atMs: instant(rng, loadMs), kind: 'broker_restart' });
  events.push({ atMs: instant(rng, loadMs), kind: 'pg_terminate_backends' });
  events.push({ atMs: instant(rng, loadMs), kind: 'config_service_stop', downMs: sizing.configStopMs });
  const refusedAt = instant(rng, loadMs);
  events.push({ atMs: refusedAt, kind: 'tokens_rejected', accountId: accountWithWorkAfter(load, refusedAt), downMs: sizing.tokensRejectedMs });
  return events.sort((a, b) => a.atMs - b.atMs);
}

/** The account of the first new status (not a duplicate) the load sends at or after `atMs` (else of its last message). */
function accountWithWorkAfter(load: LoadPlan, atMs: number): string {
  const accountOf = new Map(load.sales.map((sale) => [sale.key, sale.accountId]));
  const message = load.messages.find((m) => m.atMs >= atMs && !m.duplicate) ?? load.messages[load.messages.length - 1];
  if (!message) throw new Error('the load plan sends no message');
  return accountOf.get(message.key)!;
}
