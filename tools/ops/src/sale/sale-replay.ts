import { Client } from 'pg';
import { HEADERS, prefixedTopics, SALE_ORDER, saleKey } from '@gv/contracts';
import { KafkaPublisher } from '@gv/kafka';
import type { OpsContext } from '../context';
import { table } from '../format';
import { checkIdentifier, REPLAYED_FROM_HEADER } from '@gv/operations';

export interface SaleReplayOptions {
  account: string;
  /** One sale, or null for every `failed` sale of the account. */
  sale: string | null;
  schema?: string | null;
  /** Also re-send sales that are not `failed` (the dispatcher answers `unchanged` when nothing differs). */
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export interface SaleReplayLine {
  saleKey: string;
  status: string;
  revision: number;
  outcome: 'replayed' | 'would_replay' | 'skipped_not_failed' | 'failed';
  detail: string | null;
}

interface LedgerCandidate {
  sale_key: string;
  account_id: string;
  guru_transaction_id: string;
  status: string;
  desired_revision: string | number;
  desired: Record<string, unknown>;
  trace_carrier: Record<string, string> | null;
  last_error_kind: string | null;
}

/**
 * `sale replay`: re-sends a sale's desired state, as the dispatcher's ledger holds it, to
 * `vhsys.sale-orders.v1`. This is how a sale the dispatcher gave up on after exhausting its retries
 * (Vhsys down for a long time: status `failed`, no dead letter) is resumed once the cause is gone.
 * The dispatcher recognises the same revision of a failed sale, re-opens it and continues from its
 * ledger, so nothing already created in Vhsys is created again; re-sending a sale that is not
 * failed is refused unless --force (the dispatcher would answer `unchanged`).
 */
export async function saleReplay(ctx: OpsContext, options: SaleReplayOptions): Promise<SaleReplayLine[]> {
  const schema = checkIdentifier('schema', options.schema ?? ctx.env.dispatcherSchema);
  const client = new Client({ connectionString: ctx.env.databaseUrl, application_name: 'ops-cli' });
  client.on('error', () => undefined);
  await client.connect();
  let rows: LedgerCandidate[];
  try {
    const exists = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'sale_ledger']);
    if (exists.rowCount === 0) throw new Error(`schema "${schema}" has no sale_ledger table (is DISPATCHER_DB_SCHEMA / --schema right?)`);
    const columns = '"sale_key", "account_id", "guru_transaction_id", "status", "desired_revision", "desired", "trace_carrier", "last_error_kind"';
    rows = options.sale
      ? (await client.query(`SELECT ${columns} FROM "${schema}"."sale_ledger" WHERE "sale_key" = $1`, [saleKey(options.account, options.sale)])).rows
      : (await client.query(`SELECT ${columns} FROM "${schema}"."sale_ledger" WHERE "account_id" = $1 AND "status" = 'failed' ORDER BY "updated_at"`, [options.account])).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (options.sale && rows.length === 0) throw new Error(`no ledger entry for ${saleKey(options.account, options.sale)} in schema ${schema}`);

  const topic = prefixedTopics(ctx.env.topicPrefix).saleOrders;
  const publisher = options.dryRun ? null : new KafkaPublisher(ctx.kafka());
  const lines: SaleReplayLine[] = [];
  try {
    await publisher?.connect();
    for (const row of rows) {
      const line: SaleReplayLine = { saleKey: row.sale_key, status: row.status, revision: Number(row.desired_revision), outcome: 'failed', detail: null };
      lines.push(line);
      if (row.status !== 'failed' && !options.force) {
        line.outcome = 'skipped_not_failed';
        line.detail = `status is ${row.status}; --force to re-send anyway`;
        continue;
      }
      if (options.dryRun) {
        line.outcome = 'would_replay';
        continue;
      }
      try {
        const carrier = row.trace_carrier ?? {};
        await publisher!.publish(topic, [{
          key: row.sale_key,
          value: row.desired,
          contract: SALE_ORDER,
          headers: {
            ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
            ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
            [HEADERS.accountId]: row.account_id,
            [HEADERS.saleId]: row.guru_transaction_id,
            [HEADERS.revision]: String(row.desired_revision),
            [REPLAYED_FROM_HEADER]: `ledger:${schema}:${row.sale_key}`,
          },
        }]);
        line.outcome = 'replayed';
        line.detail = `→ ${topic}${row.last_error_kind ? ` (was ${row.last_error_kind})` : ''}`;
      } catch (error) {
        line.detail = (error as Error).message;
      }
    }
  } finally {
    await publisher?.disconnect().catch(() => undefined);
  }
  if (options.json) ctx.out(JSON.stringify(lines, null, 2));
  else if (lines.length === 0) ctx.out(`no failed sales of account ${options.account} in schema ${schema}`);
  else ctx.out(table(['SALE', 'STATUS', 'REVISION', 'OUTCOME', 'DETAIL'], lines.map((l) => [l.saleKey, l.status, l.revision, l.outcome, l.detail])));
  return lines;
}
