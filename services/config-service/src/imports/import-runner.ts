import { setTimeout as sleep } from 'node:timers/promises';
import { GURU_TRANSACTION_EVENT, GuruTransactionEvent, HEADERS, parseGuruTransaction, saleKey } from '@gv/contracts';
import { GuruApiClient, GuruTransactionBody } from '@gv/guru-client';
import type { OutgoingMessage } from '@gv/kafka';
import { errorFields, Logger } from '@gv/telemetry';
import { statusOnClaim, throttleWaitMs } from './import-progress';
import { ImportJob, ImportStore } from './import-store';
import { segmentFilter } from './imports-service';
import type { GuruUserTokens } from './guru-user-tokens';
import { AnsweredSales, PipelineWindow } from './pipeline-window';

export interface ImportRunnerDeps {
  store: ImportStore;
  tokens: GuruUserTokens;
  guruClient: (userToken: string) => GuruApiClient;
  publish: (topic: string, messages: OutgoingMessage[]) => Promise<void>;
  /** The prefixed guru.transactions.v1. */
  topic: string;
  logger: Logger;
  /** This instance's name in the lease. */
  owner: string;
  leaseMs: number;
  pollMs: number;
  pageSize: number;
  maxSalesPerSecond: number;
  maxConsecutiveErrors: number;
  /** Imported sales that may be produced and not yet answered by the pipeline (PipelineWindow). */
  maxOutstanding: number;
  /** How often a full window looks for the pipeline's answers. */
  windowPollMs: number;
  answered: AnsweredSales;
}

/** The Guru sale events of one page, in the webhook envelope, marked as an import's. */
export function importMessages(accountId: string, importId: string, transactions: GuruTransactionBody[]): { messages: OutgoingMessage[]; skipped: string[] } {
  const messages: OutgoingMessage[] = [];
  const skipped: string[] = [];
  for (const transaction of transactions) {
    const parsed = parseGuruTransaction(transaction);
    // A body without a usable id cannot be keyed by sale: it is counted, not produced.
    if (!parsed.ok) {
      skipped.push(typeof transaction.id === 'string' || typeof transaction.id === 'number' ? String(transaction.id).slice(0, 64) : '?');
      continue;
    }
    const value: GuruTransactionEvent = { accountId, transaction };
    messages.push({
      key: saleKey(accountId, parsed.transaction.id),
      value,
      contract: GURU_TRANSACTION_EVENT,
      headers: { [HEADERS.origin]: 'import', [HEADERS.importId]: importId },
    });
  }
  return { messages, skipped };
}

/**
 * Runs the imports, one at a time per instance. An import is held through a lease (owner +
 * expiry, renewed with every page and on a timer), so exactly one instance runs it and another
 * takes it over once the lease expires after a crash. Each page is produced, then its position
 * (segment, Guru cursor) and counters are stored: a crash in between produces that page again,
 * which the pipeline answers with `unchanged` (never a second order or invoice).
 */
export class ImportRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly deps: ImportRunnerDeps) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.deps.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for an import now (after one was queued). */
  kick(): void {
    if (this.running || this.stopping) return;
    this.running = this.claimAndRun()
      .catch((error) => this.deps.logger.error(errorFields(error), 'import runner failed'))
      .finally(() => {
        this.running = null;
      });
  }

  /** Stops after the current page and frees the lease, so another instance resumes at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async claimAndRun(): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const job = await this.deps.store.claim(this.deps.owner, this.deps.leaseMs);
      if (!job) return;
      const renewal = setInterval(() => {
        this.deps.store.renew(job.id, this.deps.owner, this.deps.leaseMs).catch((error) => this.deps.logger.warn(errorFields(error), 'import lease renewal failed'));
      }, Math.floor(this.deps.leaseMs / 3));
      try {
        await this.run(job);
      } finally {
        clearInterval(renewal);
      }
    }
  }

  private async run(job: ImportJob): Promise<void> {
    const { store, owner, logger } = this.deps;
    const log = { accountId: job.accountId, importId: job.id };
    if (statusOnClaim(job.status) === 'cancelled') {
      await store.finish(job.id, owner, 'cancelled');
      return;
    }
    const token = await this.deps.tokens.userTokenFor(job.accountId);
    if (token === null) {
      await store.recordError(job.id, owner, 'no Guru user token is set for this account');
      await store.finish(job.id, owner, 'failed');
      return;
    }
    const client = this.deps.guruClient(token);
    logger.info({ ...log, segment: job.segmentIndex, resumed: job.guruCursor !== null || job.segmentIndex > 0 }, 'import running');
    // The total is Guru's total_rows of each listing, counted once (a one-row page each).
    for (let total: number | null | undefined = job.total; total === null; ) {
      total = await this.guru(job, async () => {
        let sum = 0;
        for (const segment of job.segments) sum += (await client.listTransactions(segmentFilter(segment, job.request.statuses, 1))).totalRows ?? 0;
        return sum;
      });
      if (total === undefined) return;
      if (this.stopping) {
        await store.release(job.id, owner);
        return;
      }
      if (total !== null) await store.setTotal(job.id, owner, total);
    }

    const throttleStart = Date.now();
    let producedThisRun = 0;
    const window = new PipelineWindow(job.accountId, this.deps.maxOutstanding, this.deps.answered);
    // While the window is full: go on only if this instance still runs the import and nobody cancelled it.
    let interrupted: 'stopping' | 'lost' | 'cancelling' | null = null;
    const keepGoing = async () => {
      if (this.stopping) interrupted = 'stopping';
      else {
        const status = await store.renew(job.id, owner, this.deps.leaseMs);
        interrupted = status === null ? 'lost' : status === 'cancelling' ? 'cancelling' : null;
      }
      return interrupted === null;
    };
    let cursor = job.guruCursor;
    for (let index = job.segmentIndex; index < job.segments.length; ) {
      if (this.stopping) {
        await store.release(job.id, owner);
        return;
      }
      const filter = segmentFilter(job.segments[index], job.request.statuses, this.deps.pageSize);
      const page = await this.guru(job, () => client.listTransactions(filter, cursor));
      if (page === undefined) return;
      if (page === null) continue;
      await sleep(throttleWaitMs(producedThisRun, this.deps.maxSalesPerSecond, throttleStart, Date.now()));
      const { messages, skipped } = importMessages(job.accountId, job.id, page.transactions);
      for (let sent = 0; sent < messages.length; ) {
        const room = await window.room(this.deps.windowPollMs, keepGoing);
        if (room === null && interrupted !== 'stopping') {
          if (interrupted === 'cancelling') await store.finish(job.id, owner, 'cancelled');
          logger.info({ ...log, interrupted }, 'import interrupted while waiting for the pipeline');
          return;
        }
        // Stopping (shutdown): the rest of the page goes now, beyond the window, so the page is
        // committed and the import resumes after it, with no sale produced twice.
        const chunk = messages.slice(sent, room === null ? messages.length : sent + room);
        await this.deps.publish(this.deps.topic, chunk);
        window.produced(chunk.map((m) => String(m.key).slice(job.accountId.length + 1))); // key = <accountId>:<transaction id>
        sent += chunk.length;
      }
      if (skipped.length > 0) logger.warn({ ...log, ids: skipped.join(',') }, 'import skipped unreadable Guru transactions');
      producedThisRun += messages.length;
      const next = page.hasMorePages && page.nextCursor !== null ? { index, cursor: page.nextCursor } : { index: index + 1, cursor: null };
      const status = await store.commitPage(job.id, owner, this.deps.leaseMs, { segmentIndex: next.index, guruCursor: next.cursor, produced: messages.length, skipped: skipped.length });
      if (status === null) {
        logger.warn(log, 'import lease lost: another instance runs it');
        return;
      }
      if (status === 'cancelling') {
        await store.finish(job.id, owner, 'cancelled');
        logger.info(log, 'import cancelled');
        return;
      }
      index = next.index;
      cursor = next.cursor;
    }
    await store.finish(job.id, owner, 'done');
    logger.info(log, 'import done');
  }

  /**
   * One Guru call: its result; null after a failure to retry (recorded, after a pause); undefined
   * once the failures in a row reach the limit (the import is then failed).
   */
  private async guru<T>(job: ImportJob, call: () => Promise<T>): Promise<T | null | undefined> {
    try {
      return await call();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const inARow = await this.deps.store.recordError(job.id, this.deps.owner, message);
      this.deps.logger.warn({ accountId: job.accountId, importId: job.id, inARow, ...errorFields(error) }, 'import: Guru call failed');
      if (inARow >= this.deps.maxConsecutiveErrors) {
        await this.deps.store.finish(job.id, this.deps.owner, 'failed');
        return undefined;
      }
      await sleep(this.deps.pollMs);
      return null;
    }
  }
}
