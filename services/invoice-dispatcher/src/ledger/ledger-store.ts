import { DataSource, EntityManager } from 'typeorm';
import { DISPATCH_RESULT, DispatchResult, HEADERS, SaleOrder, saleKey } from '@gv/contracts';
import { enqueueOutbox, OutboxEntry, outboxInsert, PreparedStatements, prunePublishedOutbox, returnedRows as returned } from '@gv/db';
import { withTraceCarrier } from '@gv/telemetry';
import { isMarkerSearchPosition } from '@gv/vhsys-client';
import { retryMessage } from '../dispatch/retry-message';
import type { PendingDone } from '../reconcile/reconciler';
import {
  AccountRow, DesiredRecordKind, LedgerPatch, LedgerRow, LedgerStatus, MarkerSearchProgress, StepName, StepRow, VHSYS_COLUMNS,
} from './ledger-types';

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toLedgerRow(r: Row): LedgerRow {
  return {
    saleKey: String(r.sale_key),
    accountId: String(r.account_id),
    guruTransactionId: String(r.guru_transaction_id),
    desiredRevision: Number(r.desired_revision),
    desired: r.desired as SaleOrder,
    status: r.status as LedgerStatus,
    reconciledRevision: num(r.reconciled_revision),
    attempts: Number(r.attempts),
    retryGeneration: Number(r.retry_generation),
    nextAttemptAt: (r.next_attempt_at as Date | null) ?? null,
    lastErrorKind: (r.last_error_kind as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    reprocessRequestId: (r.reprocess_request_id as string | null) ?? null,
    traceCarrier: (r.trace_carrier as Record<string, string>) ?? {},
    idCliente: num(r.id_cliente),
    idPed: num(r.id_ped),
    idPedido: num(r.id_pedido),
    orderCreatedRevision: num(r.order_created_revision),
    lastChangeRevision: num(r.last_change_revision),
    appliedHeaderHash: (r.applied_header_hash as string | null) ?? null,
    appliedItemsHash: (r.applied_items_hash as string | null) ?? null,
    appliedInstallmentsHash: (r.applied_installments_hash as string | null) ?? null,
    appliedStatus: (r.applied_status as string | null) ?? null,
    appliedSituacao: num(r.applied_situacao),
    nfeIdVenda: num(r.nfe_id_venda),
    nfeEmitted: Boolean(r.nfe_emitted),
    nfeChave: (r.nfe_chave as string | null) ?? null,
    nfeProtocolo: (r.nfe_protocolo as string | null) ?? null,
    nfeDanfeUrl: (r.nfe_danfe_url as string | null) ?? null,
    nfseIdServico: num(r.nfse_id_servico),
    nfseEmitted: Boolean(r.nfse_emitted),
    nfseNumero: (r.nfse_numero as string | null) ?? null,
    manualCancellationRevision: num(r.manual_cancellation_revision),
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

function toStepRow(r: Row): StepRow {
  return {
    step: r.step as StepName,
    state: r.state as StepRow['state'],
    revision: Number(r.revision),
    runs: Number(r.runs),
    startedAt: (r.started_at as Date | null) ?? null,
    finishedAt: (r.finished_at as Date | null) ?? null,
    result: (r.result as Record<string, unknown> | null) ?? null,
    error: (r.error as string | null) ?? null,
    markerSearch: toMarkerSearch(r.marker_search),
  };
}

/** The saved marker search, or null (also for anything unreadable: the search then starts over). */
function toMarkerSearch(value: unknown): MarkerSearchProgress | null {
  if (!value || typeof value !== 'object') return null;
  const { position, pagesRead, attempts } = value as Record<string, unknown>;
  if (!isMarkerSearchPosition(position) || !Number.isSafeInteger(pagesRead) || !Number.isSafeInteger(attempts)) return null;
  return { position, pagesRead: pagesRead as number, attempts: attempts as number };
}

/**
 * The `started` row of a step, $1 sale, $2 step, $3 revision: one more run, a new start time, and
 * no saved marker search (a new write opens a new search window).
 */
const START_STEP = `INSERT INTO "sale_step" ("sale_key", "step", "state", "revision", "runs", "started_at", "finished_at", "error")
       VALUES ($1, $2, 'started', $3, 1, now(), NULL, NULL)
       ON CONFLICT ("sale_key", "step") DO UPDATE SET
         "state" = 'started', "revision" = EXCLUDED."revision", "runs" = "sale_step"."runs" + 1,
         "started_at" = now(), "finished_at" = NULL, "error" = NULL, "marker_search" = NULL
       RETURNING *`;

/**
 * The SET clause that clears the sale's waiting reprocess request once a result answering it is
 * enqueued ($n: the result's reprocessRequestId, or null), only when it is still that request: one
 * taken meanwhile stays for the next outcome.
 */
const answerReprocess = (n: number) =>
  `"reprocess_request_id" = CASE WHEN "reprocess_request_id" = $${n}::uuid THEN NULL ELSE "reprocess_request_id" END`;

function toAccountRow(r: Row): AccountRow {
  return {
    accountId: String(r.account_id),
    paused: Boolean(r.paused),
    pausedReason: (r.paused_reason as string | null) ?? null,
    // A Date from a row, an ISO string from row_to_json.
    pausedAt: r.paused_at ? new Date(r.paused_at as string | Date) : null,
    pausedCredentialsVersion: num(r.paused_credentials_version),
    latestCredentialsVersion: Number(r.latest_credentials_version ?? 0),
  };
}

/** `SET a = $n, b = $m` for a ledger patch, starting at parameter index `from`. */
function patchSql(patch: LedgerPatch, from: number): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const column = VHSYS_COLUMNS[field as keyof LedgerPatch];
    if (!column) throw new Error(`unknown ledger field ${field}`);
    params.push(value);
    sql.push(`"${column}" = $${from + params.length - 1}`);
  }
  return { sql, params };
}

/**
 * When an arriving revision of a sale is stored over the existing row (recordDesired and the
 * hand-off on arrival share it): a newer revision; or the same one again when the sale failed (a
 * replay may carry corrected content, e.g. after a settings fix re-mapped it), or was re-mapped
 * with newer settings before it was applied.
 */
const DESIRED_WINS = `l."desired_revision" < EXCLUDED."desired_revision"
          OR (l."desired_revision" = EXCLUDED."desired_revision" AND (
                l."status" = 'failed'
                OR (COALESCE(l."reconciled_revision", 0) < l."desired_revision"
                    AND (l."desired"->>'configVersion')::int < (EXCLUDED."desired"->>'configVersion')::int)))`;

/** The columns a stored revision sets (status and attempts start afresh). */
const DESIRED_SET = (status: string) => `"desired_revision" = EXCLUDED."desired_revision",
         "desired" = EXCLUDED."desired",
         "desired_received_at" = now(),
         "trace_carrier" = EXCLUDED."trace_carrier",
         "status" = ${status},
         "attempts" = 0,
         "updated_at" = now()`;

/** recordDesired's statement (and the account's row, read in the same statement). */
const DESIRED_UPSERT = `WITH "account_row" AS (SELECT * FROM "vhsys_account" WHERE "account_id" = $2)
       INSERT INTO "sale_ledger" AS l ("sale_key", "account_id", "guru_transaction_id", "desired_revision", "desired", "status", "trace_carrier")
       VALUES ($1, $2, $3, $4, $5, 'pending', $6)
       ON CONFLICT ("sale_key") DO UPDATE SET ${DESIRED_SET(`'pending'`)}
       WHERE ${DESIRED_WINS}
       RETURNING (xmax = 0) AS "inserted", $4::bigint = (SELECT p."desired_revision" FROM "sale_ledger" p WHERE p."sale_key" = $1) AS "same_revision",
         (SELECT row_to_json(a) FROM "account_row" a) AS "account_json", l.*`;

/**
 * recordDesiredHandedOff's statement: many sales (distinct keys) stored and handed off at once,
 * each exactly as recordDesired followed by `scheduleRetry` for `account_busy` would leave it
 * (status `retrying`, no attempt, a new generation, `wake_at` after its delay for the retry waker).
 */
const DESIRED_UPSERT_HANDED_OFF = `WITH "input" AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::jsonb[], $6::jsonb[], $7::bigint[])
           AS i ("sale_key", "account_id", "guru_transaction_id", "desired_revision", "desired", "trace_carrier", "delay_ms"))
       INSERT INTO "sale_ledger" AS l ("sale_key", "account_id", "guru_transaction_id", "desired_revision", "desired", "status", "trace_carrier",
         "retry_generation", "next_attempt_at", "wake_at")
       SELECT "sale_key", "account_id", "guru_transaction_id", "desired_revision", "desired", 'retrying', "trace_carrier",
         1, now() + "delay_ms" * interval '1 millisecond', now() + "delay_ms" * interval '1 millisecond'
         FROM "input"
       ON CONFLICT ("sale_key") DO UPDATE SET ${DESIRED_SET(`'retrying'`)},
         "retry_generation" = l."retry_generation" + 1,
         "next_attempt_at" = EXCLUDED."next_attempt_at",
         "wake_at" = EXCLUDED."wake_at"
       WHERE ${DESIRED_WINS}
       RETURNING l."sale_key", (SELECT row_to_json(a) FROM "vhsys_account" a WHERE a."account_id" = l."account_id") AS "account_json"`;


/** One sale for recordDesiredHandedOff. */
export interface HandOffEntry {
  sale: SaleOrder;
  traceCarrier: Record<string, string>;
  delayMs: number;
}

/**
 * All reads and writes of the ledger. Every method is one short transaction (or a single
 * statement): a step is durable as `started` before its Vhsys call is made, and as `done` with the
 * Vhsys ids before the next one. Results go to the outbox in the same transaction as the ledger
 * change they report, so they are published only once it has committed, and never lost.
 */
export class LedgerStore {
  /** The hot statements run prepared (parsed and planned once per connection). */
  private readonly sql: PreparedStatements;

  constructor(readonly dataSource: DataSource) {
    this.sql = new PreparedStatements(dataSource);
  }

  /**
   * Stores the sale's desired state when its revision is newer than the stored one (or the sale is
   * new). Equal or older revisions touch nothing. Returns what happened and the current row, and,
   * when a row was written, the account's row read in the same statement (`undefined`: not read;
   * `null`: no such account yet), which saves the dispatcher a round trip per sale.
   */
  async recordDesired(
    sale: SaleOrder,
    traceCarrier: Record<string, string>,
  ): Promise<{ kind: DesiredRecordKind; row: LedgerRow; account?: AccountRow | null }> {
    const key = saleKey(sale.accountId, sale.guruTransactionId);
    const rows: Row[] = await this.sql.rows(DESIRED_UPSERT,
      [key, sale.accountId, sale.guruTransactionId, sale.revision, JSON.stringify(sale), JSON.stringify(traceCarrier)]);
    if (rows.length > 0) {
      const r = rows[0]!;
      const account = r.account_json ? toAccountRow(r.account_json as Row) : null;
      return { kind: r.inserted ? 'new' : r.same_revision ? 'replayed' : 'newer', row: toLedgerRow(r), account };
    }
    const row = await this.get(key);
    if (!row) throw new Error(`ledger row ${key} vanished`);
    return { kind: row.desiredRevision === sale.revision ? 'same' : 'older', row };
  }

  /**
   * `recordDesired` and a hand-off (`scheduleRetry` with `retrying`, no attempt counted, a new
   * generation, woken by the retry waker after `delayMs`) for many sales in one statement and one
   * commit: sales of accounts that are full on arrival, a burst's worth at a time. Only the
   * revisions recordDesired would store are written (new, newer, or the same one re-done);
   * for the others the answer is null and nothing is written (the caller takes the ordinary path,
   * which answers stale or duplicate revisions). Otherwise the answer is the account's row (null:
   * none yet). Answers are in the order of `entries`. A key given twice is written in a second
   * statement (one statement cannot update a row twice).
   */
  async recordDesiredHandedOff(entries: HandOffEntry[]): Promise<Array<{ account: AccountRow | null } | null>> {
    const answers: Array<{ account: AccountRow | null } | null> = entries.map(() => null);
    let pending = entries.map((entry, index) => ({ entry, index, key: saleKey(entry.sale.accountId, entry.sale.guruTransactionId) }));
    while (pending.length > 0) {
      // This round: the first of each key; a repeated key waits for the next round.
      const seen = new Set<string>();
      const round: typeof pending = [];
      const later: typeof pending = [];
      for (const p of pending) {
        if (seen.has(p.key)) later.push(p);
        else {
          seen.add(p.key);
          round.push(p);
        }
      }
      pending = later;
      const rows: Row[] = await this.sql.rows(DESIRED_UPSERT_HANDED_OFF, [
        round.map((p) => p.key),
        round.map((p) => p.entry.sale.accountId),
        round.map((p) => p.entry.sale.guruTransactionId),
        round.map((p) => p.entry.sale.revision),
        round.map((p) => JSON.stringify(p.entry.sale)),
        round.map((p) => JSON.stringify(p.entry.traceCarrier)),
        round.map((p) => Math.max(0, Math.round(p.entry.delayMs))),
      ]);
      const written = new Map(rows.map((r) => [String(r.sale_key), r.account_json ? toAccountRow(r.account_json as Row) : null]));
      for (const p of round) if (written.has(p.key)) answers[p.index] = { account: written.get(p.key)! };
    }
    return answers;
  }

  /**
   * Takes a reprocess request for the sale: remembers it as the request the sale's next outcome
   * answers and re-opens the sale when it is `failed` (its attempts start afresh, as for a replay of
   * the same revision). Returns the row as it stands after, or null when the ledger does not know
   * the sale.
   */
  async requestReprocess(key: string, requestId: string): Promise<LedgerRow | null> {
    const rows: Row[] = await this.sql.rows(
      `UPDATE "sale_ledger" SET
         "reprocess_request_id" = $2::uuid,
         "attempts" = CASE WHEN "status" = 'failed' THEN 0 ELSE "attempts" END,
         "status" = CASE WHEN "status" = 'failed' THEN 'pending' ELSE "status" END,
         "updated_at" = now()
       WHERE "sale_key" = $1 RETURNING *`,
      [key, requestId],
    );
    return rows[0] ? toLedgerRow(rows[0]) : null;
  }

  /**
   * Enqueues the result answering the sale's waiting reprocess request when the sale is found
   * reconciled (nothing to do), and clears the request, in one statement.
   */
  async answerReprocess(key: string, result: DispatchResult): Promise<void> {
    const o = outboxInsert(resultEntry(this.resultsTopic, result), 3);
    await this.sql.rows(
      `WITH "l" AS (UPDATE "sale_ledger" SET ${answerReprocess(2)}, "updated_at" = now() WHERE "sale_key" = $1 RETURNING 1)
       ${o.text}`,
      [key, result.reprocessRequestId, ...o.values],
    );
  }

  /** A replay of a failed sale starts its attempts afresh. */
  async reopenFailed(key: string): Promise<void> {
    await this.sql.rows(
      `UPDATE "sale_ledger" SET "status" = 'pending', "attempts" = 0, "updated_at" = now() WHERE "sale_key" = $1 AND "status" = 'failed'`,
      [key],
    );
  }

  /** Tidies the status of a sale found reconciled (e.g. after a retry raced a completion). */
  async markReconciled(key: string): Promise<void> {
    await this.sql.rows(
      `UPDATE "sale_ledger" SET "status" = 'reconciled', "next_attempt_at" = NULL, "wake_at" = NULL, "updated_at" = now()
       WHERE "sale_key" = $1 AND "status" <> 'reconciled' AND COALESCE("reconciled_revision", 0) >= "desired_revision"`,
      [key],
    );
  }

  async get(key: string, manager?: EntityManager): Promise<LedgerRow | null> {
    const text = `SELECT * FROM "sale_ledger" WHERE "sale_key" = $1`;
    const rows: Row[] = manager ? returned(await manager.query(text, [key])) : await this.sql.rows(text, [key]);
    return rows[0] ? toLedgerRow(rows[0]) : null;
  }

  async steps(key: string): Promise<Map<StepName, StepRow>> {
    const rows: Row[] = (await this.sql.rows(`SELECT * FROM "sale_step" WHERE "sale_key" = $1`, [key]));
    return new Map(rows.map((r) => [r.step as StepName, toStepRow(r)]));
  }

  /** Journals a step as started, durably, before its Vhsys call. */
  async startStep(key: string, step: StepName, revision: number): Promise<StepRow> {
    const rows: Row[] = (await this.sql.rows(START_STEP, [key, step, revision]));
    return toStepRow(rows[0]!);
  }

  /**
   * Marks a step done with what Vhsys returned, and applies the ledger fields it established, in
   * one transaction. `changed` records that Vhsys was written for this revision.
   */
  async finishStep(
    key: string,
    step: StepName,
    revision: number,
    result: Record<string, unknown>,
    patch: LedgerPatch,
    changed: boolean,
  ): Promise<void> {
    // One statement (atomic on its own): the step row and the ledger fields in one round trip.
    const { sql, params } = patchSql(changed ? { ...patch, lastChangeRevision: revision } : patch, 5);
    const upsert = `INSERT INTO "sale_step" ("sale_key", "step", "state", "revision", "runs", "started_at", "finished_at", "result")
         VALUES ($1, $2, 'done', $3, 1, now(), now(), $4)
         ON CONFLICT ("sale_key", "step") DO UPDATE SET
           "state" = 'done', "revision" = EXCLUDED."revision", "finished_at" = now(), "result" = EXCLUDED."result", "error" = NULL`;
    await this.sql.rows(
      sql.length === 0
        ? upsert
        : `WITH "step_row" AS (${upsert} RETURNING 1)
           UPDATE "sale_ledger" SET ${sql.join(', ')}, "updated_at" = now() WHERE "sale_key" = $1`,
      [key, step, revision, JSON.stringify(result), ...params],
    );
  }

  /**
   * `finishStep` of one step (`done`, optional), ledger fields (`patch`, optional) and `startStep`
   * of the next step, in one statement (atomic on its own): for consecutive writes with nothing in
   * between, so the next step is durably `started` before its Vhsys call exactly as with separate
   * statements, in one round trip and one commit.
   */
  async finishAndStartStep(
    key: string,
    done: { step: StepName; revision: number; result: Record<string, unknown>; patch: LedgerPatch; changed: boolean } | null,
    next: StepName,
    revision: number,
    patch: LedgerPatch = {},
  ): Promise<StepRow> {
    if (done?.step === next) throw new Error(`finishAndStartStep: ${next} cannot follow itself`);
    const fields: LedgerPatch = done
      ? { ...done.patch, ...patch, ...(done.changed ? { lastChangeRevision: done.revision } : {}) }
      : patch;
    const values: unknown[] = [key, next, revision];
    const ctes: string[] = [];
    if (done) {
      values.push(done.step, done.revision, JSON.stringify(done.result));
      ctes.push(`"done_row" AS (
         INSERT INTO "sale_step" ("sale_key", "step", "state", "revision", "runs", "started_at", "finished_at", "result")
         VALUES ($1, $4, 'done', $5, 1, now(), now(), $6)
         ON CONFLICT ("sale_key", "step") DO UPDATE SET
           "state" = 'done', "revision" = EXCLUDED."revision", "finished_at" = now(), "result" = EXCLUDED."result", "error" = NULL
         RETURNING 1)`);
    }
    const { sql, params } = patchSql(fields, values.length + 1);
    if (sql.length > 0) {
      values.push(...params);
      ctes.push(`"ledger_row" AS (UPDATE "sale_ledger" SET ${sql.join(', ')}, "updated_at" = now() WHERE "sale_key" = $1 RETURNING 1)`);
    }
    const rows: Row[] = (await this.sql.rows(`${ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n` : ''}${START_STEP}`, values));
    return toStepRow(rows[0]!);
  }

  /**
   * Saves how far the marker search resolving run `run` of a `started` step got, for the next
   * attempt to resume (no effect once the step was started anew, by anyone, or finished).
   */
  async saveMarkerSearch(key: string, step: StepName, run: number, search: MarkerSearchProgress): Promise<void> {
    await this.sql.rows(
      `UPDATE "sale_step" SET "marker_search" = $4 WHERE "sale_key" = $1 AND "step" = $2 AND "runs" = $3 AND "state" = 'started'`,
      [key, step, run, JSON.stringify(search)],
    );
  }

  /** A step whose call is known not to have been applied (a definite error answer). */
  async failStep(key: string, step: StepName, error: string, run: number | null): Promise<void> {
    await this.sql.rows(
      `UPDATE "sale_step" SET "state" = 'failed', "finished_at" = now(), "error" = $3
       WHERE "sale_key" = $1 AND "step" = $2 AND ($4::int IS NULL OR "runs" = $4::int)`,
      [key, step, error.slice(0, 2000), run],
    );
  }

  async patch(key: string, patch: LedgerPatch): Promise<void> {
    const { sql, params } = patchSql(patch, 2);
    if (sql.length === 0) return;
    await this.sql.rows(`UPDATE "sale_ledger" SET ${sql.join(', ')}, "updated_at" = now() WHERE "sale_key" = $1`, [key, ...params]);
  }

  /**
   * Records that Vhsys matches `revision` and enqueues its result in the same transaction.
   * The sale stays `pending` when a newer revision arrived meanwhile.
   */
  async completeReconcile(
    key: string,
    revision: number,
    patch: LedgerPatch,
    result: DispatchResult | null,
    finalStep: PendingDone | null = null,
  ): Promise<LedgerRow> {
    // One statement: the ledger update, the last step's done (when the reconciler left it to us)
    // and the result's outbox row commit together, in one round trip.
    const { sql, params } = patchSql(patch, 4);
    const values: unknown[] = [key, revision, result?.reprocessRequestId ?? null, ...params];
    const ctes = [`"l" AS (UPDATE "sale_ledger" SET ${sql.map((c) => `${c}, `).join('')}
           "reconciled_revision" = GREATEST(COALESCE("reconciled_revision", 0), $2), ${answerReprocess(3)},
           "status" = CASE WHEN "desired_revision" <= $2 THEN 'reconciled' ELSE 'pending' END,
           "attempts" = 0, "next_attempt_at" = NULL, "wake_at" = NULL, "last_error_kind" = NULL, "last_error" = NULL, "updated_at" = now()
         WHERE "sale_key" = $1 RETURNING *)`];
    if (finalStep) {
      const n = values.length + 1;
      values.push(finalStep.step, finalStep.revision, JSON.stringify(finalStep.result));
      ctes.push(`"s" AS (INSERT INTO "sale_step" ("sale_key", "step", "state", "revision", "runs", "started_at", "finished_at", "result")
         VALUES ($1, $${n}, 'done', $${n + 1}, 1, now(), now(), $${n + 2})
         ON CONFLICT ("sale_key", "step") DO UPDATE SET
           "state" = 'done', "revision" = EXCLUDED."revision", "finished_at" = now(), "result" = EXCLUDED."result", "error" = NULL
         RETURNING 1)`);
    }
    if (result) {
      const o = outboxInsert(resultEntry(this.resultsTopic, result), values.length + 1);
      values.push(...o.values);
      ctes.push(`"o" AS (${o.text} RETURNING 1)`);
    }
    const rows: Row[] = await this.sql.rows(`WITH ${ctes.join(',\n')}\nSELECT "l".* FROM "l"`, values);
    return toLedgerRow(rows[0]!);
  }

  /**
   * Starts a new retry chain for the sale: bumps the generation (older wake-ups become stale),
   * counts the attempt, records why, and schedules the wake-up in the same transaction: through the
   * outbox onto the retry topic when it is due within `topicHorizonMs`, otherwise as `wake_at` in
   * the ledger for the waker (so no long delay ever sits at the head of a retry partition).
   */
  async scheduleRetry(
    key: string,
    options: {
      delayMs: number;
      countsAsAttempt: boolean;
      /** `retrying-unless-parked`: `retrying`, but a parked sale stays parked (a hand-off). */
      status: 'retrying' | 'parked' | 'retrying-unless-parked';
      reason: string;
      errorKind: string | null;
      error: string | null;
      topicHorizonMs: number;
    },
    result: DispatchResult | null = null,
  ): Promise<{ row: LedgerRow; via: 'topic' | 'waker' }> {
    const delayMs = Math.max(0, Math.round(options.delayMs));
    const viaTopic = delayMs <= options.topicHorizonMs;
    const text = `UPDATE "sale_ledger" SET
           "retry_generation" = "retry_generation" + 1,
           "attempts" = "attempts" + $2,
           "status" = CASE WHEN COALESCE("reconciled_revision", 0) >= "desired_revision" THEN 'reconciled'
                           WHEN $3 = 'retrying-unless-parked' THEN CASE WHEN "status" = 'parked' THEN 'parked' ELSE 'retrying' END
                           ELSE $3 END,
           "next_attempt_at" = now() + ($4::bigint * interval '1 millisecond'),
           "wake_at" = CASE WHEN $7 THEN NULL ELSE now() + ($4::bigint * interval '1 millisecond') END,
           "last_error_kind" = COALESCE($5, "last_error_kind"),
           "last_error" = COALESCE($6, "last_error"),
           ${answerReprocess(8)},
           "updated_at" = now()
         WHERE "sale_key" = $1 RETURNING *`;
    const values = [
      key, options.countsAsAttempt ? 1 : 0, options.status, delayMs, options.errorKind, options.error?.slice(0, 2000) ?? null, viaTopic,
      result?.reprocessRequestId ?? null,
    ];
    if (!viaTopic && !result) {
      // Only the row changes (the waker publishes the wake-up later): one prepared statement, no
      // transaction around it. Hand-offs of a flooding account take this path by the thousand.
      const rows: Row[] = await this.sql.rows(text, values);
      return { row: toLedgerRow(rows[0]!), via: 'waker' };
    }
    return this.dataSource.transaction(async (manager) => {
      const rows: Row[] = returned(await manager.query(text, values));
      const row = toLedgerRow(rows[0]!);
      if (viaTopic) await enqueueOutbox(manager, { topic: this.retryTopic, ...retryMessage(row, options.reason, Date.now() + delayMs) });
      if (result) await this.enqueueResult(manager, result);
      return { row, via: viaTopic ? 'topic' : 'waker' };
    });
  }

  /**
   * Wakes sales whose `wake_at` has come (long backoffs, parked sales' probes): each gets a new
   * generation and a retry message due now, enqueued in the same transaction. Rows are claimed with
   * SKIP LOCKED, so several instances share the work. Returns how many were woken.
   */
  async wakeDue(limit: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Row[] = returned(await manager.query(
        `WITH "due" AS (
           SELECT "sale_key" FROM "sale_ledger" WHERE "wake_at" <= now() ORDER BY "wake_at" LIMIT $1 FOR UPDATE SKIP LOCKED)
         UPDATE "sale_ledger" l SET "wake_at" = NULL, "retry_generation" = l."retry_generation" + 1, "updated_at" = now()
         FROM "due" WHERE l."sale_key" = "due"."sale_key" RETURNING l.*`,
        [limit],
      ));
      for (const raw of rows) {
        const row = toLedgerRow(raw);
        const reason = row.status === 'parked' ? 'parked' : 'backoff';
        await withTraceCarrier(row.traceCarrier, () =>
          enqueueOutbox(manager, { topic: this.retryTopic, ...retryMessage(row, reason, Date.now()) }));
      }
      return rows.length;
    });
  }

  /**
   * Gives the sale up (`failed`) and enqueues the failed result. The attempt that failed it counts
   * (the result reports it too).
   */
  async failSale(key: string, errorKind: string, error: string, result: DispatchResult): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE "sale_ledger" SET "status" = 'failed', "attempts" = "attempts" + 1, "next_attempt_at" = NULL, "wake_at" = NULL,
           "last_error_kind" = $2, "last_error" = $3, ${answerReprocess(4)}, "updated_at" = now()
         WHERE "sale_key" = $1`,
        [key, errorKind, error.slice(0, 2000), result.reprocessRequestId],
      );
      await this.enqueueResult(manager, result);
    });
  }

  async publishResult(result: DispatchResult): Promise<void> {
    await this.enqueueResult(this.dataSource.manager, result);
  }

  private async enqueueResult(manager: EntityManager, result: DispatchResult): Promise<void> {
    await enqueueOutbox(manager, resultEntry(this.resultsTopic, result));
  }

  /** Where results go (set by the app from the topic configuration). */
  resultsTopic = 'vhsys.dispatch-results.v1';
  /** Where retry wake-ups go. */
  retryTopic = 'vhsys.sale-orders.retry.v1';

  /** Deletes outbox rows published more than `olderThanMs` ago (at most `limit`); returns how many. */
  async pruneOutbox(olderThanMs: number, limit: number): Promise<number> {
    return prunePublishedOutbox(this.sql, olderThanMs, limit);
  }

  // ---- accounts ---------------------------------------------------------------------------

  async account(accountId: string): Promise<AccountRow | null> {
    const rows: Row[] = (await this.sql.rows(`SELECT * FROM "vhsys_account" WHERE "account_id" = $1`, [accountId]));
    return rows[0] ? toAccountRow(rows[0]) : null;
  }

  /** Remembers the newest credentials version seen for the account (`known`: its row, just read). */
  async noteCredentialsVersion(accountId: string, version: number, known?: AccountRow | null): Promise<AccountRow> {
    const current = known === undefined ? await this.account(accountId) : known;
    if (current && current.latestCredentialsVersion >= version) return current;
    const rows: Row[] = (await this.sql.rows(
      `INSERT INTO "vhsys_account" AS a ("account_id", "latest_credentials_version") VALUES ($1, $2)
       ON CONFLICT ("account_id") DO UPDATE SET
         "latest_credentials_version" = GREATEST(a."latest_credentials_version", EXCLUDED."latest_credentials_version"),
         "updated_at" = now()
       RETURNING *`,
      [accountId, version],
    ));
    return toAccountRow(rows[0]!);
  }

  /** Pauses the account; returns true when this call paused it (it was not paused). */
  async pauseAccount(accountId: string, reason: string, credentialsVersion: number): Promise<boolean> {
    const rows: Row[] = (await this.sql.rows(
      `WITH "before" AS (SELECT "paused" FROM "vhsys_account" WHERE "account_id" = $1)
       INSERT INTO "vhsys_account" AS a ("account_id", "paused", "paused_reason", "paused_at", "paused_credentials_version", "latest_credentials_version")
       VALUES ($1, true, $2, now(), $3, $3)
       ON CONFLICT ("account_id") DO UPDATE SET
         "paused" = true, "paused_reason" = $2,
         "paused_at" = CASE WHEN a."paused" THEN a."paused_at" ELSE now() END,
         "paused_credentials_version" = GREATEST(COALESCE(a."paused_credentials_version", 0), $3),
         "updated_at" = now()
       RETURNING COALESCE((SELECT "paused" FROM "before"), false) AS "was_paused"`,
      [accountId, reason, credentialsVersion],
    ));
    return !rows[0]!.was_paused;
  }

  /** Unpauses the account; returns true when it was paused. */
  async unpauseAccount(accountId: string): Promise<boolean> {
    const rows: Row[] = (await this.sql.rows(
      `UPDATE "vhsys_account" SET "paused" = false, "paused_reason" = NULL, "updated_at" = now()
       WHERE "account_id" = $1 AND "paused" RETURNING "account_id"`,
      [accountId],
    ));
    return rows.length > 0;
  }

  /** Sales of the account waiting in `parked` (oldest first). */
  async parkedSales(accountId: string, limit: number): Promise<string[]> {
    const rows: Row[] = (await this.sql.rows(
      `SELECT "sale_key" FROM "sale_ledger" WHERE "account_id" = $1 AND "status" = 'parked' ORDER BY "updated_at" LIMIT $2`,
      [accountId, limit],
    ));
    return rows.map((r) => String(r.sale_key));
  }
}

/** A dispatch result as the outbox message Guru reads. */
function resultEntry(topic: string, result: DispatchResult): OutboxEntry {
  return {
    topic,
    key: saleKey(result.accountId, result.guruTransactionId),
    value: result,
    contract: DISPATCH_RESULT,
    headers: {
      [HEADERS.accountId]: result.accountId,
      [HEADERS.saleId]: result.guruTransactionId,
      [HEADERS.revision]: String(result.revision),
    },
  };
}
