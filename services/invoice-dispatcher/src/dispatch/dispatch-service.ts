import type { Batcher, Semaphore } from '@gv/concurrency';
import { HEADERS, SaleOrder, saleKey, saleKeyMismatch, SaleReprocessRequest } from '@gv/contracts';
import { InboundMessage, PermanentMessageError } from '@gv/kafka';
import {
  annotateActiveSpan, currentTraceCarrier, errorFields, inSpan, Logger, saleAttributes,
} from '@gv/telemetry';
import { CredentialsMissingError, CredentialsProvider } from '../credentials/credentials-provider';
import type { HandOffEntry, LedgerStore } from '../ledger/ledger-store';
import type { AccountRow, LedgerRow, StepRow } from '../ledger/ledger-types';
import { isLeaseBusy, LeaseLostError, SaleLease, SaleLeases } from '../ledger/sale-leases';
import { limitPort } from '../limits/limited-port';
import type { DispatcherMetrics } from '../metrics';
import { ReconcileConflict, ReconcileDeferral, Reconciler, StepError } from '../reconcile/reconciler';
import { VhsysGateway, VhsysPortError } from '../vhsys/vhsys-port';
import type { AccountGate } from './account-gate';
import type { AccountSlots } from './account-slots';
import type { HandoffSchedule } from './handoff-schedule';
import { dispatchResult, ResultLedger } from './results';
import { RETRY_HEADERS } from './retry-message';
import type { RetryPolicy } from './retry-policy';

export interface DispatchServiceDeps {
  store: LedgerStore;
  leases: SaleLeases;
  reconciler: Reconciler;
  gateway: VhsysGateway;
  credentials: CredentialsProvider;
  slots: Semaphore;
  gate: AccountGate;
  /** Per-account (and total) cap on sales reconciled at once, with a short per-account queue. */
  accountSlots: AccountSlots;
  /** When sales handed off by a busy account come back (paced by the account's slot hold times). */
  handoffs: HandoffSchedule;
  /**
   * The hand-off lane: the database work of sales whose account is full (recording them, handing
   * them off) runs at most this many statements at once, so a burst of one account never queues
   * thousands of statements in the connection pool ahead of the other accounts' sales.
   */
  handoffLane: Semaphore;
  /**
   * Records and hands off sales of accounts full on arrival, many in one statement and one commit
   * when they come together (LedgerStore.recordDesiredHandedOff): a burst of one account would
   * otherwise cost a commit per sale while it holds the consumer's in-flight window.
   */
  handoffWriter: Batcher<HandOffEntry, { account: AccountRow | null } | null>;
  retryPolicy: RetryPolicy;
  /** Retries due within this ride the retry topic; longer ones wait in the ledger for the waker. */
  topicHorizonMs: number;
  /** Publishes committed results and retry messages right away (the relay also polls). */
  flushResults: () => void;
  metrics: DispatcherMetrics | null;
  logger: Logger;
  now?: () => number;
}

type AttemptSource = 'main' | 'retry' | 'parked-probe';

/**
 * The sale's key, which must be the message's: the ledger row and the leases are keyed by it while
 * Vhsys calls use the value's account, so a message keyed for another sale is dead-lettered
 * (`key_mismatch`, field `key`) before anything is recorded.
 */
function requireSaleKey(message: InboundMessage, sale: SaleOrder): string {
  const mismatch = saleKeyMismatch(message.key, sale.accountId, sale.guruTransactionId);
  if (mismatch) throw new PermanentMessageError(mismatch, 'key');
  return saleKey(sale.accountId, sale.guruTransactionId);
}

/**
 * The dispatcher's message handling. Input (`vhsys.sale-orders.v1`): the desired state is stored
 * in the ledger first (only when its revision is newer), then reconciled under the sale's lease.
 * Retry topic: a wake-up for one sale, re-reconciled from the ledger's latest desired state
 * (stale wake-ups are recognised by their generation and dropped). Nothing here ever sleeps in the
 * consumer loop: a sale that cannot proceed now is handed to the retry topic with a not-before
 * time and the partition moves on.
 */
export class DispatchService {
  private readonly now: () => number;
  private readonly lastProbe = new Map<string, number>();

  constructor(private readonly deps: DispatchServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * `vhsys.sale-orders.v1`: `sale` is the message's value, already validated; `message` gives its
   * key. `roomTaken`: the consumer's fair intake stops counting the message against its account's
   * free places (HandlerControls.roomTaken), called where AccountSlots starts counting it.
   */
  async handleSaleOrder(sale: SaleOrder, message: InboundMessage, roomTaken: () => void = NOTHING): Promise<void> {
    const key = requireSaleKey(message, sale);
    // Decided before the first await (see AccountSlots.admit): null when the account is full. Its
    // intake claim ends first, in the same step, so it does not count against itself.
    roomTaken();
    const admitted = this.deps.accountSlots.admit(sale.accountId);
    try {
      await inSpan('dispatcher.sale_order', { ...saleAttributes(sale), 'dispatcher.source': 'main' }, async () => {
        annotateActiveSpan(sale);
        if (!admitted && await this.handOffOnArrival(sale)) return;
        // Not handed off: an older or duplicate revision of a full account's sale, answered below.
        const arrived = admitted ?? this.deps.accountSlots.arrive(sale.accountId);
        try {
          await this.recordAndAttempt(key, sale, arrived);
        } finally {
          arrived();
        }
      });
    } finally {
      admitted?.();
    }
  }

  /** The ordinary path of a sale order: recorded, then answered or attempted (`arrived` is called just before the attempt). */
  private async recordAndAttempt(key: string, sale: SaleOrder, arrived: () => void): Promise<void> {
    const { kind, row, account: known } = await this.deps.store.recordDesired(sale, currentTraceCarrier());
    const account = await this.noteCredentialsVersion(sale, known);
    if (kind === 'older') {
      await this.publish(sale, 'ignored', 'stale_revision',
        `revision ${sale.revision} is older than revision ${row.desiredRevision} already received; nothing changed`, row);
      return;
    }
    if (kind === 'same') {
      if (row.reconciledRevision !== null && row.reconciledRevision >= sale.revision) {
        await this.publish(sale, 'unchanged', 'duplicate_revision', `revision ${sale.revision} was already applied`, row);
        return;
      }
      if (row.status === 'failed') await this.deps.store.reopenFailed(key);
    }
    if (kind === 'replayed') await this.deps.store.reopenFailed(key);
    arrived();
    // No customer yet: its lease is taken with the sale's (one round trip less).
    await this.attempt(key, 'main', sale.accountId, account, row.idCliente === null ? customerLockName(sale.accountId, sale.customer.document) : undefined);
  }

  /**
   * `vhsys.sale-orders.retry.v1` (delivered no earlier than its not-before time): `sale` is the
   * validated value; `message` gives its key and the retry headers (generation, reason, attempt).
   */
  async handleRetry(sale: SaleOrder, message: InboundMessage, roomTaken: () => void = NOTHING): Promise<void> {
    const key = requireSaleKey(message, sale);
    const generation = Number(message.headers[RETRY_HEADERS.generation]);
    const reason = message.headers[RETRY_HEADERS.reason] ?? 'retry';
    await inSpan('dispatcher.retry', {
      ...saleAttributes(sale),
      'dispatcher.source': 'retry',
      'dispatcher.retry_attempt': Number(message.headers[HEADERS.retryAttempt] ?? 0),
      'dispatcher.retry_reason': reason,
    }, async () => {
      const ledger = await this.inLaneIfFull(sale.accountId, () => this.deps.store.get(key));
      if (!ledger) {
        // A retry replayed into an empty ledger: take its desired state as input.
        await this.deps.store.recordDesired(sale, currentTraceCarrier());
        roomTaken(); // attempt's tryRun counts it in the same step
        await this.attempt(key, 'retry', sale.accountId);
        return;
      }
      if (Number.isFinite(generation) && generation !== ledger.retryGeneration) {
        this.deps.logger.debug({ saleKey: key, generation, current: ledger.retryGeneration }, 'stale retry dropped');
        return;
      }
      if (ledger.status === 'failed') return;
      roomTaken();
      await this.attempt(key, reason === 'parked' ? 'parked-probe' : 'retry', sale.accountId);
    });
  }

  /**
   * `vhsys.sale-reprocess.v1`: someone asked, through the sales history, that the sale be brought
   * to its desired state again. Nothing new is written: the ledger's desired state of its current
   * revision goes through the same attempt as a same-revision replay (a `failed` sale re-opened
   * with its attempts afresh; a retrying or parked one attempted now instead of at its wake-up;
   * under the sale's lease, resuming from its step journal, so nothing is created twice). The
   * request is remembered in the ledger until an outcome answers it: the result published when the
   * attempt concludes (created / updated / unchanged / failed / paused) carries its requestId, also
   * when it concludes later (retried, handed off, the sale busy). A sale found reconciled is
   * answered `unchanged`. A sale the ledger does not know has nothing to reprocess: no result.
   */
  async handleReprocess(request: SaleReprocessRequest, message: InboundMessage): Promise<void> {
    const mismatch = saleKeyMismatch(message.key, request.accountId, request.guruTransactionId);
    if (mismatch) throw new PermanentMessageError(mismatch, 'key');
    const key = saleKey(request.accountId, request.guruTransactionId);
    await inSpan('dispatcher.reprocess', {
      ...saleAttributes(request),
      'dispatcher.source': 'reprocess',
      'dispatcher.reprocess_request_id': request.requestId,
    }, async () => {
      const row = await this.deps.store.requestReprocess(key, request.requestId);
      if (!row) {
        this.deps.logger.info({ saleKey: key, requestId: request.requestId }, 'reprocess request for a sale the dispatcher never received: nothing to do');
        return;
      }
      this.deps.logger.info(
        { saleKey: key, requestId: request.requestId, requestedBy: request.requestedBy, status: row.status, revision: row.desiredRevision },
        'reprocess requested',
      );
      try {
        await this.attempt(key, 'main', row.accountId, undefined,
          row.idCliente === null ? customerLockName(row.accountId, row.desired.customer.document) : undefined);
      } catch (error) {
        // The sale failed for good: its `failed` result (published, carrying the requestId) is the
        // answer; the request itself was handled and is no dead letter.
        if (!(error instanceof PermanentMessageError)) throw error;
        this.deps.logger.warn({ saleKey: key, requestId: request.requestId, reason: error.message }, 'reprocessed sale failed permanently');
      }
    });
  }

  // ---- one attempt -------------------------------------------------------------------------

  /**
   * `account`: the account's row when just read for this message (saves reading it again). A sale
   * whose account already has its cap running and its short queue full is handed off instead of
   * waiting here (where it would hold one of the consumer's in-flight slots).
   */
  private async attempt(key: string, source: AttemptSource, accountId: string, account?: AccountRow, alsoLock?: string): Promise<void> {
    const ran = await this.deps.accountSlots.tryRun(accountId, () => this.attemptNow(key, source, account, alsoLock));
    if (!ran) await this.handOff(key, source, accountId);
  }

  /**
   * The sale waits in the ledger (`wake_at`) for its place in the account's hand-off schedule, and
   * the retry waker publishes its wake-up when due: a new retry generation (so a wake-up already
   * in flight for it is dropped as stale), no attempt counted, no sale lease needed (as for
   * `sale_busy`). Never via the retry topic: a wake-up waiting there for its not-before time holds
   * one of the retry consumer's in-flight slots, which is what hand-offs are for keeping free.
   */
  private async handOff(key: string, source: AttemptSource, accountId: string): Promise<void> {
    const delayMs = this.deps.handoffs.nextDelay(accountId, this.deps.accountSlots.oldestHeldMs(accountId));
    await this.deps.handoffLane.run(() => this.deps.store.scheduleRetry(key, {
      delayMs,
      countsAsAttempt: false,
      // A parked sale stays parked: its wake-up is then a probe again, and parking it again
      // publishes no second `paused` result.
      status: 'retrying-unless-parked',
      reason: ACCOUNT_BUSY,
      errorKind: null,
      error: null,
      topicHorizonMs: HANDOFF_VIA_LEDGER,
    }));
    this.deps.metrics?.handoff(source, delayMs);
    this.deps.metrics?.retry(ACCOUNT_BUSY);
    this.deps.logger.debug({ saleKey: key, accountId, delayMs, source }, 'account busy: sale handed off');
  }

  /**
   * A sale whose account is full when it arrives (a flood or a backlog) is recorded and handed off
   * without an attempt, which is what `attempt` would do with it after recording it, but in one
   * statement shared with the other sales handed off at the same moment (`handoffWriter`, a group
   * commit). A burst's sales hold the consumer's in-flight window ahead of the other accounts'
   * sales on the same partitions until they are handed off, so this cost is what those wait for.
   * Returns false when nothing was written (an older or duplicate revision: the ordinary path
   * answers it).
   */
  private async handOffOnArrival(sale: SaleOrder): Promise<boolean> {
    const delayMs = this.deps.handoffs.nextDelay(sale.accountId, this.deps.accountSlots.oldestHeldMs(sale.accountId));
    const handed = await this.deps.handoffWriter.submit({ sale, traceCarrier: currentTraceCarrier(), delayMs });
    if (!handed) return false;
    await this.noteCredentialsVersion(sale, handed.account);
    this.deps.metrics?.handoff('main', delayMs);
    this.deps.metrics?.retry(ACCOUNT_BUSY);
    this.deps.logger.debug({ guruTransactionId: sale.guruTransactionId, accountId: sale.accountId, delayMs, source: 'main' }, 'account full on arrival: sale recorded and handed off');
    return true;
  }

  /**
   * Runs `work` (one database statement of a sale of `accountId`) in the hand-off lane when the
   * account is full: that sale will most likely be handed off, and its statements then wait their
   * turn behind the account's other hand-offs instead of in front of other accounts' sales.
   */
  private inLaneIfFull<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    return this.deps.accountSlots.isFull(accountId) ? this.deps.handoffLane.run(work) : work();
  }

  private async attemptNow(key: string, source: AttemptSource, account?: AccountRow, alsoLock?: string): Promise<void> {
    const { store, leases, logger } = this.deps;
    const lease = await leases.tryAcquire(key, { also: alsoLock });
    if (isLeaseBusy(lease)) {
      // Another consumer or instance is reconciling this sale (or crashed doing so: then when its
      // lease expires); look again then.
      const row = await store.get(key);
      if (row) await this.retryLater(row, 'sale_busy', lease.retryInMs, false);
      return;
    }
    try {
      // Read under the lease; after a round, the row completeReconcile returned is as fresh (a
      // newer revision recorded meanwhile shows there, and gets another round).
      let ledger = await store.get(key);
      for (let round = 0; round < 3; round += 1) {
        if (!ledger) return;
        if (ledger.reconciledRevision !== null && ledger.reconciledRevision >= ledger.desiredRevision) {
          if (ledger.status !== 'reconciled') await store.markReconciled(key);
          if (ledger.reprocessRequestId !== null) await this.answerReconciled(ledger);
          return;
        }
        ledger = await this.reconcileOnce(ledger, source, lease, round === 0 ? account : undefined);
        if (!ledger) return;
      }
      if (ledger && (ledger.reconciledRevision ?? 0) < ledger.desiredRevision) await this.retryLater(ledger, 'newer_revision', 0, false);
    } finally {
      await lease.release().catch((error) => logger.warn({ ...errorFields(error) }, 'releasing the sale lease failed; it expires by itself'));
    }
  }

  /**
   * Returns the ledger row after the revision was reconciled (another round may be needed), or
   * null when it was not (retry scheduled, parked, failed).
   */
  private async reconcileOnce(
    ledger: LedgerRow,
    source: AttemptSource,
    lease: SaleLease,
    knownAccount?: AccountRow,
  ): Promise<LedgerRow | null> {
    const { store, gate, credentials, reconciler, logger } = this.deps;
    const sale = ledger.desired;
    const accountId = sale.accountId;
    // A paused account is read again: it may have resumed while this sale waited for a slot, and a
    // sale parked after the resume's requeue would wait for the next probe.
    const account = knownAccount && !knownAccount.paused ? knownAccount : await store.account(accountId);
    if (account?.paused) {
      const last = this.lastProbe.get(accountId) ?? 0;
      const probe = source === 'parked-probe' && this.now() - last >= this.deps.retryPolicy.options.parkedDelayMs / 2;
      if (!probe) {
        await this.park(ledger, account.pausedReason ?? 'vhsys_auth_failed', 'dispatching of this account is paused');
        return null;
      }
      this.lastProbe.set(accountId, this.now());
    }
    const blockedUntil = gate.blockedUntil(accountId);
    if (blockedUntil !== null) {
      await this.retryLater(ledger, 'account_circuit_open', blockedUntil - this.now() + Math.round(Math.random() * 250), false);
      return null;
    }
    let fetched;
    try {
      fetched = await credentials.get(accountId, sale.credentialsVersion);
    } catch (error) {
      if (error instanceof CredentialsMissingError) {
        await this.pauseAndPark(ledger, 'vhsys_credentials_missing', error.message);
        return null;
      }
      throw error; // config-service unavailable: retried in place by the consumer runner.
    }
    const port = limitPort(this.deps.gateway.forAccount(accountId, fetched.pair), {
      accountId, slots: this.deps.slots, gate, beforeWrite: () => lease.beforeWrite(),
    });
    let report;
    try {
      report = await reconciler.reconcile({
        ledger,
        port,
        lockCustomer: (document) => lease.tryAlso(customerLockName(accountId, document)),
      });
    } catch (error) {
      await this.onFailure(ledger, error);
      return null;
    }
    if (account?.paused && (await store.unpauseAccount(accountId))) {
      logger.info({ accountId }, 'Vhsys accepted the account again; dispatching resumed');
      await this.requeueParked(accountId);
    }
    // The report's journal is the ledger's once the completion commits: no read of it here.
    const result = dispatchResult(sale, report.outcome, report.reason, report.detail, report.ledger, report.steps, { attemptsMade: 1 });
    const after = await store.completeReconcile(ledger.saleKey, report.revision, report.patch, result, report.finalStep ?? null);
    this.deps.metrics?.outcome(report.outcome);
    this.deps.flushResults();
    logger.info({ saleKey: ledger.saleKey, revision: report.revision, outcome: report.outcome, idPed: report.ledger.idPed }, 'sale reconciled');
    return after;
  }

  private async onFailure(ledger: LedgerRow, error: unknown): Promise<void> {
    const { logger, gate, credentials } = this.deps;
    const accountId = ledger.accountId;
    if (error instanceof ReconcileDeferral) {
      await this.retryLater(ledger, error.reason, error.delayMs, false);
      return;
    }
    if (causedBy(error, LeaseLostError)) {
      // No Vhsys write was started without the lease. Another holder may have the sale now (then
      // this wake-up finds it busy), or nobody (the lease expired unrenewed): look again shortly.
      logger.warn({ saleKey: ledger.saleKey, ...errorFields(error) }, 'sale lease lost; the attempt stopped before its next Vhsys write');
      await this.retryLater(ledger, 'lease_lost', 300 + Math.round(Math.random() * 400), false);
      return;
    }
    if (error instanceof ReconcileConflict) {
      await this.failPermanently(ledger, error.reason, error.message);
      return;
    }
    if (error instanceof StepError && error.failure) {
      const f = error.failure;
      const where = `${error.step}: ${f.message}${f.fields.length ? ` (fields: ${f.fields.join(', ')})` : ''}`;
      logger.warn({ saleKey: ledger.saleKey, step: error.step, kind: f.kind, outcomeUnknown: f.outcomeUnknown, message: f.message }, 'Vhsys step failed');
      if (f.kind === 'auth') {
        credentials.invalidate(accountId);
        await this.pauseAndPark(ledger, 'vhsys_auth_failed', where);
        return;
      }
      if (f.kind === 'rate_limited' && error.cause instanceof VhsysPortError && error.cause.local) {
        await this.retryLater(ledger, 'local_rate_limit', f.retryAfterMs ?? 1000, false);
        return;
      }
      if (f.kind === 'transient' || f.kind === 'rate_limited' || f.outcomeUnknown) {
        // (The port wrapper already told the account's circuit.) A timeout opens it at once: the
        // account is not answering, and its queued sales should go to the retry topic, not wait too.
        if (isTimeout(error) && gate.trip(accountId)) {
          logger.warn({ accountId, saleKey: ledger.saleKey }, 'Vhsys call timed out; account circuit opened');
        }
        const attempts = ledger.attempts + 1;
        if (this.deps.retryPolicy.exhausted(attempts)) {
          await this.giveUp(ledger, `vhsys_${f.kind === 'rate_limited' ? 'rate_limited' : 'unavailable'}`, `gave up after ${attempts} attempts; last: ${where}`);
          return;
        }
        const blocked = gate.blockedUntil(accountId);
        const delay = Math.max(this.deps.retryPolicy.delayFor(attempts, f.retryAfterMs ?? 0), blocked === null ? 0 : blocked - this.now());
        await this.retryLater(ledger, f.outcomeUnknown ? 'outcome_unknown' : f.kind, delay, true, where);
        return;
      }
      await this.failPermanently(ledger, `vhsys_${f.kind}`, where);
      return;
    }
    throw error;
  }

  // ---- outcomes ----------------------------------------------------------------------------

  /** Hands the sale to the retry topic (or the waker), due in `delayMs`, as a new retry generation. */
  private async retryLater(ledger: LedgerRow, reason: string, delayMs: number, countsAsAttempt: boolean, error: string | null = null): Promise<void> {
    await this.deps.store.scheduleRetry(ledger.saleKey, {
      delayMs,
      countsAsAttempt,
      status: 'retrying',
      reason,
      errorKind: countsAsAttempt ? reason : null,
      error,
      topicHorizonMs: this.deps.topicHorizonMs,
    });
    this.deps.metrics?.retry(reason);
    this.deps.logger.debug({ saleKey: ledger.saleKey, reason, delayMs, countsAsAttempt }, 'retry scheduled');
    this.deps.flushResults();
  }

  /**
   * Parks the sale. The `paused` result is published when it parks, not each time a parked sale is
   * parked again, unless a reprocess request waits for an answer.
   */
  private async park(ledger: LedgerRow, reason: string, detail: string): Promise<void> {
    const answers = ledger.status !== 'parked' || ledger.reprocessRequestId !== null;
    const result = answers
      ? dispatchResult(ledger.desired, 'paused', reason,
          `${detail}; the sale is parked and resumes when the account's credentials change`, ledger, await this.journal(ledger.saleKey))
      : null;
    await this.deps.store.scheduleRetry(ledger.saleKey, {
      delayMs: this.deps.retryPolicy.parkedDelay(),
      countsAsAttempt: false,
      status: 'parked',
      reason: 'parked',
      errorKind: reason,
      error: detail,
      topicHorizonMs: this.deps.topicHorizonMs,
    }, result);
    if (result) this.deps.metrics?.outcome('paused');
    this.deps.metrics?.retry('parked');
    this.deps.flushResults();
  }

  private async pauseAndPark(ledger: LedgerRow, reason: string, detail: string): Promise<void> {
    const accountId = ledger.accountId;
    if (await this.deps.store.pauseAccount(accountId, reason, ledger.desired.credentialsVersion)) {
      this.deps.logger.warn({ accountId, reason }, 'Vhsys refused the account; its dispatching is paused');
    }
    this.lastProbe.set(accountId, this.now());
    await this.park(ledger, reason, detail);
  }

  /** Retries exhausted: `failed`, kept in the ledger for a replay. */
  private async giveUp(stale: LedgerRow, reason: string, detail: string): Promise<void> {
    const ledger = (await this.deps.store.get(stale.saleKey)) ?? stale;
    await this.deps.store.failSale(ledger.saleKey, reason, detail, await this.failedResult(ledger, reason, detail));
    this.deps.metrics?.outcome('failed');
    this.deps.flushResults();
    this.deps.logger.error({ saleKey: ledger.saleKey, reason, detail }, 'sale failed after retries');
  }

  /** Can never succeed as it is: `failed` result, and the message goes to the dead-letter topic. */
  private async failPermanently(stale: LedgerRow, reason: string, detail: string): Promise<never> {
    // The attempt may have created records since `stale` was read: report them.
    const ledger = (await this.deps.store.get(stale.saleKey)) ?? stale;
    await this.deps.store.failSale(ledger.saleKey, reason, detail, await this.failedResult(ledger, reason, detail));
    this.deps.metrics?.outcome('failed');
    this.deps.flushResults();
    throw new PermanentMessageError(`${reason}: ${detail}`);
  }

  /** The sale's step rows (one read), for the step timeline of a result not built from a reconcile report. */
  private async journal(key: string): Promise<StepRow[]> {
    return [...(await this.deps.store.steps(key)).values()];
  }

  /** The `failed` result: the attempt that failed the sale counts (failSale counts it in the ledger too). */
  private async failedResult(ledger: LedgerRow, reason: string, detail: string) {
    return dispatchResult(ledger.desired, 'failed', reason, detail, ledger, await this.journal(ledger.saleKey), { attemptsMade: 1 });
  }

  /**
   * A result about a sale-order message that needed no attempt (a stale or already applied
   * revision): it answers no reprocess request, even one waiting for the sale's next outcome.
   */
  private async publish(sale: SaleOrder, outcome: 'ignored' | 'unchanged', reason: string, detail: string, row: LedgerRow): Promise<void> {
    const ledger: ResultLedger = { ...row, reprocessRequestId: null };
    const result = dispatchResult(sale, outcome, reason, detail, ledger, await this.journal(row.saleKey));
    await this.deps.store.publishResult(result);
    this.deps.metrics?.outcome(result.outcome);
    this.deps.flushResults();
  }

  /** The sale waiting for a reprocess answer is reconciled: nothing differs, so `unchanged`. */
  private async answerReconciled(ledger: LedgerRow): Promise<void> {
    const result = dispatchResult(ledger.desired, 'unchanged', 'duplicate_revision',
      `revision ${ledger.desiredRevision} was already applied; nothing to reprocess`, ledger, await this.journal(ledger.saleKey));
    await this.deps.store.answerReprocess(ledger.saleKey, result);
    this.deps.metrics?.outcome('unchanged');
    this.deps.flushResults();
    this.deps.logger.info({ saleKey: ledger.saleKey, requestId: ledger.reprocessRequestId }, 'reprocess request answered: the sale is reconciled');
  }

  // ---- accounts ----------------------------------------------------------------------------

  /** A sale mapped with newer credentials than the ones that were refused resumes the account. */
  /** Returns the account's row as it stands after this (undefined when it changed here: read it again). */
  private async noteCredentialsVersion(sale: SaleOrder, known?: AccountRow | null): Promise<AccountRow | undefined> {
    const account = await this.deps.store.noteCredentialsVersion(sale.accountId, sale.credentialsVersion, known);
    if (!account.paused || account.pausedCredentialsVersion === null || sale.credentialsVersion <= account.pausedCredentialsVersion) return account;
    this.deps.credentials.invalidate(sale.accountId);
    if (await this.deps.store.unpauseAccount(sale.accountId)) {
      this.deps.logger.info({ accountId: sale.accountId, credentialsVersion: sale.credentialsVersion }, 'new credentials: account dispatching resumed');
      await this.requeueParked(sale.accountId);
    }
    return undefined;
  }

  /**
   * Wakes every parked sale of the account (each gets a new retry generation), spread over time
   * by the account's hand-off schedule rather than all at once: a resumed account with thousands
   * of parked sales would otherwise put them all on the retry topic together, and its wake-ups
   * would queue ahead of every other account's. Like hand-offs, they wait in the ledger. The
   * schedule starts from its initial spacing (hold times measured while the account was paused
   * are those of sales that parked at once).
   */
  private async requeueParked(accountId: string): Promise<void> {
    this.deps.handoffs.forgetHeld(accountId);
    for (;;) {
      const keys = await this.deps.store.parkedSales(accountId, 200);
      if (keys.length === 0) return;
      for (const key of keys) {
        await this.deps.store.scheduleRetry(key, {
          delayMs: this.deps.handoffs.nextDelay(accountId),
          countsAsAttempt: false,
          status: 'retrying',
          reason: 'account_resumed',
          errorKind: null,
          error: null,
          topicHorizonMs: HANDOFF_VIA_LEDGER,
        });
        this.deps.metrics?.retry('account_resumed');
      }
    }
  }
}

/** A handler called without a consumer's fair intake (tests, tools): nothing to tell. */
const NOTHING = () => undefined;

/** Retry reason of a sale handed off because its account was busy (not an attempt). */
const ACCOUNT_BUSY = 'account_busy';
/** `topicHorizonMs` that keeps every (non-zero) delay in the ledger for the retry waker. */
const HANDOFF_VIA_LEDGER = 0;

/** The lease that keeps two sales of one buyer from creating the same Vhsys customer at once. */
function customerLockName(accountId: string, document: string): string {
  return `customer:${accountId}:${document}`;
}

/** True when `error` or something in its cause chain (at most 5 deep) satisfies `test`. */
function inCauseChain(error: unknown, test: (candidate: object) => boolean): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    if (test(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** True when `error` or something in its cause chain is a `type`. */
function causedBy(error: unknown, type: abstract new (...args: never[]) => Error): boolean {
  return inCauseChain(error, (candidate) => candidate instanceof type);
}

/** True when a Vhsys call (anywhere in the cause chain) got no answer before the client's timeout. */
function isTimeout(error: unknown): boolean {
  return inCauseChain(error, (candidate) => (candidate as { causeCode?: unknown }).causeCode === 'TIMEOUT');
}
