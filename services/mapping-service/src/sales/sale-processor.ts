import { DataSource, EntityManager } from 'typeorm';
import { GuruTransactionEvent, IntegrationConfigSnapshot, saleKeyMismatch } from '@gv/contracts';
import { PreparedStatements } from '@gv/db';
import { InboundMessage, PermanentMessageError } from '@gv/kafka';
import { annotateActiveSpan, currentTraceCarrier, inSpan, Logger, meter, withTraceCarrier } from '@gv/telemetry';
import { mapSale, MappingDecision } from '../mapping/map-sale';
import { ParkedSale } from '../parking/parked-sale.entity';
import { storedEvent } from '../parking/stored-event';
import { AwaitingInvoice } from '../warranty/awaiting-invoice.entity';
import { ConfigView } from '../config-view/config-view';
import { SaleOutputs } from './sale-outputs';

const salesConsumed = meter().createCounter('mapping_sales_consumed_total', { description: 'Guru sale events consumed' });
const decisions = meter().createCounter('mapping_decisions_total', { description: 'Mapping decisions by kind and outcome' });
const released = meter().createCounter('mapping_parked_released_total', { description: 'Parked sales mapped after their settings arrived' });

/**
 * Turns each Guru sale event into either a desired Vhsys order, a result, a parked sale or a
 * dead-letter (via PermanentMessageError). The parked row is locked while deciding so a release
 * triggered by a settings change and a newer event of the same sale never interleave.
 */
export class SaleProcessor {
  /** The fast path's statement (schema-qualified table names), built on first use. */
  private rowsQuery: string | null = null;
  constructor(
    private readonly dataSource: DataSource,
    private readonly outputs: SaleOutputs,
    private readonly configView: ConfigView,
    private readonly logger: Logger,
    /** Asks the outbox relay for a pass now (after a release or re-map committed its message). */
    private readonly flushOutbox: () => void = () => undefined,
    /** Run prepared: parsed and planned once per connection, not on every event. */
    private readonly sql: PreparedStatements = new PreparedStatements(dataSource),
  ) {}

  /**
   * One Guru sale event, already bounded and validated by the consumer's ContractPipe (see
   * GuruSalesController); `message` is the Kafka message it came in (its key).
   */
  async handleGuruEvent(event: GuruTransactionEvent, message: InboundMessage): Promise<void> {
    salesConsumed.add(1);
    const decision = mapSale({ event, config: this.configView.get(event.accountId), now: new Date() });
    // The key orders the sale's events and names it downstream: it must be the envelope's sale.
    const mismatch = saleKeyMismatch(message.key, event.accountId, decidedSaleId(decision));
    if (mismatch) throw new PermanentMessageError(mismatch, 'key');
    await this.apply(event, decision, currentTraceCarrier(), { kind: 'guru_event' });
  }

  /** Maps again, oldest first, the account's parked sales once its settings change. */
  async releaseParked(accountId: string, snapshot: IntegrationConfigSnapshot | null): Promise<void> {
    if (!snapshot) return;
    const parked = await this.dataSource.getRepository(ParkedSale).find({
      where: { accountId },
      order: { parkedAt: 'ASC' },
      select: { accountId: true, guruTransactionId: true, traceCarrier: true },
    });
    for (const row of parked) {
      await withTraceCarrier(row.traceCarrier, () =>
        inSpan('mapping.release_parked_sale', { 'guru.account_id': accountId, 'guru.transaction_id': row.guruTransactionId }, async () => {
          const current = await this.dataSource.getRepository(ParkedSale).findOneBy({ accountId, guruTransactionId: row.guruTransactionId });
          if (!current) return;
          const event = current.event as GuruTransactionEvent;
          const decision = mapSale({ event, config: snapshot, now: new Date() });
          if (decision.kind === 'result' && decision.result.outcome === 'needs_configuration' &&
              sameCodes(decision.result.productCodes, current.missingProductCodes)) {
            return;
          }
          if (await this.apply(event, decision, current.traceCarrier, { kind: 'release', revision: current.revision })) released.add(1);
        }),
      );
    }
  }

  /**
   * Maps again a sale whose invoices were waiting for Guru's guarantee period to end. Acts only if
   * the row is still there with the revision read (checked under lock), so two instances handed the
   * same row enqueue one SaleOrder.
   */
  async remapDue(row: AwaitingInvoice): Promise<void> {
    await withTraceCarrier(row.traceCarrier, () =>
      inSpan('mapping.invoice_due', { 'guru.account_id': row.accountId, 'guru.transaction_id': row.guruTransactionId }, async () => {
        const event = row.event as GuruTransactionEvent;
        const decision = mapSale({ event, config: this.configView.get(row.accountId), now: new Date() });
        if (decision.kind === 'invalid') {
          // Settings changed so that the stored event no longer maps; stop waiting for it.
          await this.dataSource.getRepository(AwaitingInvoice).delete({ accountId: row.accountId, guruTransactionId: row.guruTransactionId, revision: row.revision });
          this.logger.warn({ accountId: row.accountId, guruTransactionId: row.guruTransactionId, field: decision.field, reason: decision.reason }, 'due sale no longer maps');
          return;
        }
        await this.apply(event, decision, row.traceCarrier, { kind: 'invoice_due', revision: row.revision });
      }),
    );
  }

  /**
   * Decides what the sale's parked / awaiting-invoice rows become and publishes the decision;
   * returns whether it did.
   *
   * Durability. A Guru event (`guru_event`) is published after its transaction commits: if the
   * publish fails, the Kafka offset is not committed and the event is handled again (the row
   * changes are idempotent). A release (`release`, settings change) or a re-map (`invoice_due`,
   * guarantee over) has no Kafka message behind it to redeliver: its row change and the message it
   * owes are committed together, the message in the outbox (`SaleOutputs.enqueue`), and the
   * OutboxRelay publishes it after the commit (asked at once, retried by its poll until Kafka
   * acknowledges). Both also re-check, under lock, that the row they read is still the one to act
   * on (same revision); otherwise another instance or a newer event handled the sale meanwhile and
   * nothing is written or owed.
   *
   * Fast path (Guru events only): when the decision writes neither table (not
   * `needs_configuration`, no `invoicesDueAt`), one statement checks that the sale has neither a
   * parked nor an awaiting-invoice row, and if so the decision is published without a transaction
   * (1 round trip instead of BEGIN, SELECT … FOR UPDATE, SELECT, COMMIT). Anything else takes the
   * transactional path below, unchanged. Why this is the same behaviour:
   * - With both rows absent, the transactional path only reads: `FOR UPDATE` on a missing row locks
   *   nothing (no gap locks in PostgreSQL), there is no stale-revision check to make, no delete and
   *   no upsert; it commits an empty transaction and publishes. The fast path makes the same two
   *   reads, in ONE statement (so one snapshot, where the transaction at READ COMMITTED took two),
   *   which is one of the interleavings the transactional path already allowed.
   * - Events of one sale do not race each other: they share the Kafka key
   *   `<accountId>:<guruTransactionId>` hence the partition, and the sales consumer (ConsumerRunner
   *   without keyConcurrency, i.e. `eachMessage`; see mapping-service.ts) handles one message at a
   *   time per partition, in order, also after a failure (it seeks back to the failed offset).
   *   (keyConcurrency would keep that per key.) Across a consumer-group rebalance two members may
   *   briefly handle the same sale, as before: the old path's lock on a missing row did not
   *   serialise them either.
   * - The other writers are releaseParked (settings change) and remapDue (invoice-due scheduler);
   *   they never take the fast path and write only after reading a row of the sale. Whatever one
   *   of their transactions commits (delete the parked row and maybe insert the awaiting-invoice
   *   row; update or delete the awaiting row) becomes visible to the single snapshot all at once:
   *   either the rows before it (a row is present → transactional path, which waits on the lock
   *   as before) or after it (what the old path's reads would also have seen after that commit).
   *   A release/remap that writes after the snapshot is ordered after this event, as it would be
   *   after the old path's empty transaction (no row, nothing locked, nothing to wait for).
   */
  private async apply(
    event: GuruTransactionEvent,
    decision: MappingDecision,
    traceCarrier: Record<string, string>,
    source: ApplySource,
  ): Promise<boolean> {
    if (decision.kind === 'invalid') {
      decisions.add(1, { kind: 'invalid' });
      throw new PermanentMessageError(decision.reason, decision.field);
    }
    const revision = decision.kind === 'order' ? decision.order.revision : decision.result.revision;
    const guruTransactionId = decision.kind === 'order' ? decision.order.guruTransactionId : decision.result.guruTransactionId;
    annotateActiveSpan({ accountId: event.accountId, guruTransactionId, revision });

    if (source.kind !== 'guru_event') {
      const enqueued = await this.applyInTransaction(event, decision, revision, guruTransactionId, traceCarrier, source);
      if (!enqueued) return false;
      count(enqueued);
      this.flushOutbox();
      return true;
    }
    const publish = !writesWithoutRows(decision) && !(await this.hasRows(event.accountId, guruTransactionId))
      ? decision
      : await this.applyInTransaction(event, decision, revision, guruTransactionId, traceCarrier, source);
    // Published only after the parking change committed; if publishing fails the Kafka offset is
    // not committed, so the event is handled again (parking is idempotent).
    if (!publish) return false;
    count(publish);
    await this.outputs.publish(publish);
    return true;
  }

  /** Whether the sale has a parked or an awaiting-invoice row: one statement, one snapshot. */
  private async hasRows(accountId: string, guruTransactionId: string): Promise<boolean> {
    this.rowsQuery ??= rowsQuery(this.dataSource);
    const [row] = await this.sql.rows<{ parked: boolean; awaiting: boolean }>(this.rowsQuery, [accountId, guruTransactionId]);
    return Boolean(row?.parked) || Boolean(row?.awaiting);
  }

  /**
   * The parked-sale and awaiting-invoice bookkeeping in one transaction, the parked row locked
   * (and, for a re-map, the awaiting row). A release or re-map also enqueues its message in the
   * outbox there. Returns the decision to publish (or enqueued), or null when there is none.
   */
  private async applyInTransaction(
    event: GuruTransactionEvent,
    decision: Exclude<MappingDecision, { kind: 'invalid' }>,
    revision: number,
    guruTransactionId: string,
    traceCarrier: Record<string, string>,
    source: ApplySource,
  ): Promise<Exclude<MappingDecision, { kind: 'invalid' }> | null> {
    return this.dataSource.transaction(async (manager) => {
      const parked = await lockSaleRow(manager, ParkedSale, event.accountId, guruTransactionId);
      if (source.kind === 'release' && parked?.revision !== source.revision) {
        // Released meanwhile (another instance, or a newer event of the sale): nothing is owed.
        return null;
      }
      if (source.kind === 'invoice_due') {
        const awaiting = await lockSaleRow(manager, AwaitingInvoice, event.accountId, guruTransactionId);
        // Re-mapped meanwhile (another instance), or replaced or cleared by a newer event.
        if (awaiting?.revision !== source.revision) return null;
      }
      if (parked && parked.revision > revision) {
        // A newer event of this sale is already parked: this one is stale and changes nothing,
        // except that an awaiting-invoice row older than the parked event is stale too (left
        // behind, it would be re-mapped, found stale, again and again).
        await manager.createQueryBuilder().delete().from(AwaitingInvoice)
          .where('account_id = :accountId AND guru_transaction_id = :guruTransactionId AND revision < :revision',
            { accountId: event.accountId, guruTransactionId, revision: parked.revision })
          .execute();
        return null;
      }
      if (decision.kind === 'result' && decision.result.outcome === 'needs_configuration') {
        const now = new Date();
        await manager.upsert(
          ParkedSale,
          {
            accountId: event.accountId,
            guruTransactionId,
            revision,
            event: storedEvent(event) as never,
            missingProductCodes: decision.result.productCodes,
            traceCarrier,
            parkedAt: parked?.parkedAt ?? now,
            updatedAt: now,
          },
          ['accountId', 'guruTransactionId'],
        );
      } else if (parked) {
        await manager.delete(ParkedSale, { accountId: event.accountId, guruTransactionId });
      }
      await trackInvoiceDue(manager, event, decision, revision, traceCarrier);
      if (source.kind !== 'guru_event') await this.outputs.enqueue(manager, decision);
      return decision;
    });
  }
}

/** The Guru transaction id the mapping read (null when it could not read one). */
function decidedSaleId(decision: MappingDecision): string | null {
  if (decision.kind === 'order') return decision.order.guruTransactionId;
  if (decision.kind === 'result') return decision.result.guruTransactionId;
  return decision.guruTransactionId;
}

/**
 * What a decision answers: a Guru event from Kafka, the release of a parked sale (settings
 * change) or the re-map of a sale whose invoices are due; the last two name the revision of the
 * row they read.
 */
type ApplySource =
  | { kind: 'guru_event' }
  | { kind: 'release'; revision: number }
  | { kind: 'invoice_due'; revision: number };

function count(decision: Exclude<MappingDecision, { kind: 'invalid' }>): void {
  if (decision.kind === 'order') decisions.add(1, { kind: 'order', outcome: 'mapped' });
  else decisions.add(1, { kind: 'result', outcome: decision.result.outcome });
}

/**
 * Whether the decision writes a row even when the sale has none: it parks the sale
 * (`needs_configuration`) or waits for the guarantee period to end (`invoicesDueAt`).
 */
export function writesWithoutRows(decision: Exclude<MappingDecision, { kind: 'invalid' }>): boolean {
  if (decision.kind === 'result') return decision.result.outcome === 'needs_configuration';
  return Boolean(decision.order.invoicesDueAt);
}

function rowsQuery(dataSource: DataSource): string {
  const table = (entity: typeof ParkedSale | typeof AwaitingInvoice) => {
    const metadata = dataSource.getMetadata(entity);
    return metadata.schema ? `"${metadata.schema}"."${metadata.tableName}"` : `"${metadata.tableName}"`;
  };
  return `SELECT EXISTS (SELECT 1 FROM ${table(ParkedSale)} WHERE account_id = $1 AND guru_transaction_id = $2) AS parked, ` +
    `EXISTS (SELECT 1 FROM ${table(AwaitingInvoice)} WHERE account_id = $1 AND guru_transaction_id = $2) AS awaiting`;
}

/** Keeps the sale's awaiting-invoice row in step with its latest decision. */
async function trackInvoiceDue(
  manager: EntityManager,
  event: GuruTransactionEvent,
  decision: Exclude<MappingDecision, { kind: 'invalid' }>,
  revision: number,
  traceCarrier: Record<string, string>,
): Promise<void> {
  const guruTransactionId = decision.kind === 'order' ? decision.order.guruTransactionId : decision.result.guruTransactionId;
  const existing = await manager.findOneBy(AwaitingInvoice, { accountId: event.accountId, guruTransactionId });
  if (existing && existing.revision > revision) return;
  const dueAt = decision.kind === 'order' ? decision.order.invoicesDueAt ?? null : null;
  if (dueAt) {
    await manager.upsert(
      AwaitingInvoice,
      { accountId: event.accountId, guruTransactionId, revision, event: storedEvent(event) as never, dueAt: new Date(dueAt), traceCarrier },
      ['accountId', 'guruTransactionId'],
    );
  } else if (existing) {
    await manager.delete(AwaitingInvoice, { accountId: event.accountId, guruTransactionId });
  }
}

/** The sale's parked or awaiting-invoice row, locked FOR UPDATE until the transaction ends. */
async function lockSaleRow<T extends ParkedSale | AwaitingInvoice>(
  manager: EntityManager,
  entity: new () => T,
  accountId: string,
  guruTransactionId: string,
): Promise<T | null> {
  return manager
    .getRepository(entity)
    .createQueryBuilder('r')
    .setLock('pessimistic_write')
    .where('r.account_id = :accountId AND r.guru_transaction_id = :guruTransactionId', { accountId, guruTransactionId })
    .getOne();
}

function sameCodes(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}
