import { Client } from 'pg';
import type { OpsContext } from '../context';
import { checkIdentifier } from '@gv/operations';
import { isoOrDash, table, truncate } from '../format';

/**
 * Outbox rows the relay set aside because the broker refused them for good (libs/db OutboxRelay;
 * docs/operations.md, "Set-aside outbox rows"): list them, and put them back in the relay's queue
 * once the cause is fixed.
 */
export interface SetAsideRow {
  schema: string;
  id: string;
  topic: string;
  key: string;
  createdAt: string;
  setAsideAt: string;
  reason: string;
  /** Size of the stored value as PostgreSQL prints the jsonb (a little more than the compact JSON sent). */
  valueBytes: number;
  /** A later row of the same topic and key exists (published or pending): this one is stale. */
  superseded: boolean;
}

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'ops-cli' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function hasSetAsideColumns(client: Client, schema: string): Promise<boolean> {
  const found = await client.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'outbox' AND column_name = 'set_aside_at'`,
    [schema],
  );
  return (found.rowCount ?? 0) > 0;
}

const SELECT_SET_ASIDE = (schema: string) => `
  SELECT o."id", o."topic", o."message_key", o."created_at", o."set_aside_at", o."set_aside_reason",
         COALESCE(octet_length(o."payload"::text), 0) AS "value_bytes",
         EXISTS (SELECT 1 FROM "${schema}"."outbox" n WHERE n."topic" = o."topic" AND n."message_key" = o."message_key" AND n."id" > o."id") AS "superseded"
  FROM "${schema}"."outbox" o WHERE o."set_aside_at" IS NOT NULL`;

function toRow(schema: string, r: Record<string, unknown>): SetAsideRow {
  return {
    schema,
    id: String(r.id),
    topic: String(r.topic),
    key: String(r.message_key),
    createdAt: isoOrDash(r.created_at as Date),
    setAsideAt: isoOrDash(r.set_aside_at as Date),
    reason: String(r.set_aside_reason ?? ''),
    valueBytes: Number(r.value_bytes),
    superseded: Boolean(r.superseded),
  };
}

/** The set-aside rows of each schema (schemas without the set-aside columns are reported and skipped). */
export async function listSetAside(ctx: OpsContext, schemas: string[]): Promise<SetAsideRow[]> {
  return withClient(ctx.env.databaseUrl, async (client) => {
    const rows: SetAsideRow[] = [];
    for (const schema of schemas.map((s) => checkIdentifier('schema', s))) {
      if (!(await hasSetAsideColumns(client, schema))) {
        ctx.note(`${schema}: no outbox with set-aside columns (not this service's schema, or its migration has not run)`);
        continue;
      }
      const result = await client.query(`${SELECT_SET_ASIDE(schema)} ORDER BY o."id"`);
      rows.push(...result.rows.map((r) => toRow(schema, r as Record<string, unknown>)));
    }
    return rows;
  });
}

/** `outbox list`: every set-aside row with its reason. */
export async function outboxList(ctx: OpsContext, options: { schemas: string[]; wide: boolean; json: boolean }): Promise<SetAsideRow[]> {
  const rows = await listSetAside(ctx, options.schemas);
  if (options.json) {
    ctx.out(JSON.stringify(rows, null, 2));
    return rows;
  }
  if (rows.length === 0) {
    ctx.out(`no set-aside outbox rows in ${options.schemas.join(', ')}`);
    return rows;
  }
  ctx.out(table(
    ['schema', 'id', 'topic', 'key', 'set aside at', 'bytes', 'superseded', 'reason'],
    rows.map((r) => [r.schema, r.id, r.topic, r.key, r.setAsideAt, r.valueBytes, r.superseded ? 'yes' : 'no', options.wide ? r.reason : truncate(r.reason, 80)]),
  ));
  return rows;
}

export interface RetryOutcome {
  id: string;
  outcome: 'requeued' | 'would-requeue' | 'skipped-superseded' | 'not-set-aside';
}

/**
 * `outbox retry`: clears `set_aside_at` so the relay publishes the row again (after the cause was
 * fixed, e.g. the topic's max.message.bytes raised or the topic created). A row with a later row
 * for the same key is skipped unless `force`: publishing it would make an older message the key's
 * last one (for settings, `config republish --account` publishes the current snapshot instead).
 */
export async function outboxRetry(
  ctx: OpsContext,
  options: { schema: string; ids: string[] | 'all'; force: boolean; dryRun: boolean; json: boolean },
): Promise<RetryOutcome[]> {
  const schema = checkIdentifier('schema', options.schema);
  return withClient(ctx.env.databaseUrl, async (client) => {
    if (!(await hasSetAsideColumns(client, schema))) throw new Error(`schema "${schema}" has no outbox with set-aside columns`);
    const wanted = options.ids === 'all'
      ? await client.query(`${SELECT_SET_ASIDE(schema)} ORDER BY o."id"`)
      : await client.query(`${SELECT_SET_ASIDE(schema)} AND o."id" = ANY($1::bigint[]) ORDER BY o."id"`, [options.ids]);
    const found = wanted.rows.map((r) => toRow(schema, r as Record<string, unknown>));
    const outcomes: RetryOutcome[] = [];
    if (options.ids !== 'all') {
      for (const id of options.ids) if (!found.some((r) => r.id === id)) outcomes.push({ id, outcome: 'not-set-aside' });
    }
    for (const row of found) {
      if (row.superseded && !options.force) {
        outcomes.push({ id: row.id, outcome: 'skipped-superseded' });
        continue;
      }
      if (options.dryRun) {
        outcomes.push({ id: row.id, outcome: 'would-requeue' });
        continue;
      }
      await client.query(`UPDATE "${schema}"."outbox" SET "set_aside_at" = NULL, "set_aside_reason" = NULL WHERE "id" = $1 AND "set_aside_at" IS NOT NULL`, [row.id]);
      outcomes.push({ id: row.id, outcome: 'requeued' });
    }
    if (options.json) ctx.out(JSON.stringify(outcomes, null, 2));
    else {
      for (const o of outcomes) {
        const hint = o.outcome === 'skipped-superseded' ? ' (a later message for this key exists; --force to publish this older one anyway)' : '';
        ctx.out(`${schema}.outbox ${o.id}: ${o.outcome}${hint}`);
      }
    }
    return outcomes;
  });
}
