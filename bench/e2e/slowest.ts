import { Client } from 'pg';
import { schemaOf } from './bench-stack';
import type { ResultCollector, SaleProducer } from './load';

/** Where one sale's time went, in ms from the harness publishing its Guru event. */
export interface SaleStages {
  key: string;
  /** When it was published, in s from the first of `keys` (where in the window the tail is). */
  sentAtS: number;
  total: number;
  /** The dispatcher's ledger row was written (its transaction's start): mapping, Kafka, the dispatcher's intake. */
  recorded: number | null;
  /** Its first and last Vhsys step reached their state (the result's `steps[].at`). */
  firstStep: number | null;
  lastStep: number | null;
  /** The result's occurredAt (the dispatcher decided it), then the harness received it. */
  occurred: number;
}

/**
 * The `n` slowest of `keys`, each with the moments its sale passed (ledger row written, first and
 * last step, result decided), so a tail can be put on a stage: before the dispatcher took the sale
 * (mapping, Kafka, the consumer's window), its Vhsys calls, or the result's way back.
 */
export async function slowestStages(
  databaseUrl: string, iso: string, keys: string[], producer: SaleProducer, collector: ResultCollector, n: number,
): Promise<SaleStages[]> {
  const firstSent = Math.min(...keys.map((key) => producer.producedAt.get(key) ?? Infinity));
  const timed = keys.flatMap((key) => {
    const r = collector.results.get(key);
    const p = producer.producedAt.get(key);
    return r && p !== undefined ? [{ key, p, r }] : [];
  }).sort((a, b) => (b.r.receivedAtMs - b.p) - (a.r.receivedAtMs - a.p)).slice(0, n);
  const recorded = new Map<string, number>();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ sale_key: string; at: Date }>(
      `SELECT "sale_key", "desired_received_at" AS "at" FROM "${schemaOf(iso, 'invoice_dispatcher')}"."sale_ledger" WHERE "sale_key" = ANY($1)`,
      [timed.map((t) => t.key)],
    );
    for (const row of rows) recorded.set(row.sale_key, row.at.getTime());
  } finally {
    await client.end();
  }
  const since = (p: number, at: number | null | undefined) => (at === null || at === undefined ? null : at - p);
  return timed.map(({ key, p, r }) => ({
    key,
    sentAtS: Math.round((p - firstSent) / 100) / 10,
    total: r.receivedAtMs - p,
    recorded: since(p, recorded.get(key)),
    firstStep: since(p, r.firstStepAtMs),
    lastStep: since(p, r.lastStepAtMs),
    occurred: r.occurredAtMs - p,
  }));
}

/** One line per sale: `total ms (sent at t s): recorded x, first step y, last step z, decided w`. */
export function describeStages(stages: SaleStages[]): string {
  const ms = (v: number | null) => (v === null ? '?' : String(v));
  return stages.map((s) => `${s.total} ms (sent at ${s.sentAtS} s): recorded ${ms(s.recorded)}, first step ${ms(s.firstStep)}, last step ${ms(s.lastStep)}, decided ${s.occurred}`).join('; ');
}
