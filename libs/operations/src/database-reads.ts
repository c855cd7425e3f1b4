import { Client } from 'pg';
import { checkIdentifier } from './sql-identifier';

/**
 * Read-only queries the Operações view makes into the services' schemas (the dispatcher's paused
 * accounts, each service's outbox backlog). They run on a connection of their own, as the ops
 * command does; in production give it a role with SELECT on exactly these tables
 * (docs/operations.md#the-operations-view).
 */
export async function withReadClient<T>(databaseUrl: string, applicationName: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, application_name: applicationName, statement_timeout: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function tableExists(client: Client, schema: string, table: string): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, table]);
  return (found.rowCount ?? 0) > 0;
}

export interface PausedAccount {
  accountId: string;
  /** Why the dispatcher paused it (e.g. vhsys_auth_failed). */
  reason: string | null;
  pausedAt: string | null;
}

/** Accounts the dispatcher paused (credentials refused by Vhsys), oldest first; at most `limit`. */
export async function pausedAccounts(client: Client, dispatcherSchema: string, limit = 500): Promise<PausedAccount[]> {
  const schema = checkIdentifier('dispatcher schema', dispatcherSchema);
  if (!(await tableExists(client, schema, 'vhsys_account'))) return [];
  const result = await client.query(
    `SELECT "account_id", "paused_reason", "paused_at" FROM "${schema}"."vhsys_account" WHERE "paused" ORDER BY "paused_at" NULLS LAST, "account_id" LIMIT $1`,
    [limit],
  );
  return result.rows.map((r: Record<string, unknown>) => ({
    accountId: String(r.account_id),
    reason: (r.paused_reason as string | null) ?? null,
    pausedAt: r.paused_at ? (r.paused_at as Date).toISOString() : null,
  }));
}

export interface OutboxBacklog {
  service: string;
  schema: string;
  /** Rows committed and not yet published (set-aside rows excluded). */
  pending: number;
  /** Rows the relay set aside because the broker refused them for good (`npm run ops -- outbox list`). */
  setAside: number;
  oldestPendingAt: string | null;
}

/** Each service's outbox backlog; a schema without an outbox (service never started) is reported empty. */
export async function outboxBacklog(client: Client, services: { service: string; schema: string }[]): Promise<OutboxBacklog[]> {
  const out: OutboxBacklog[] = [];
  for (const { service, schema: raw } of services) {
    const schema = checkIdentifier(`${service} schema`, raw);
    if (!(await tableExists(client, schema, 'outbox'))) {
      out.push({ service, schema, pending: 0, setAside: 0, oldestPendingAt: null });
      continue;
    }
    const setAsideColumn = await client.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'outbox' AND column_name = 'set_aside_at'`,
      [schema],
    );
    const hasSetAside = (setAsideColumn.rowCount ?? 0) > 0;
    const result = await client.query(hasSetAside
      ? `SELECT count(*) FILTER (WHERE "set_aside_at" IS NULL) AS pending, count(*) FILTER (WHERE "set_aside_at" IS NOT NULL) AS set_aside,
                min("created_at") FILTER (WHERE "set_aside_at" IS NULL) AS oldest
         FROM "${schema}"."outbox" WHERE "published_at" IS NULL`
      : `SELECT count(*) AS pending, 0 AS set_aside, min("created_at") AS oldest FROM "${schema}"."outbox" WHERE "published_at" IS NULL`);
    const r = result.rows[0] as { pending: string; set_aside: string | number; oldest: Date | null };
    out.push({ service, schema, pending: Number(r.pending), setAside: Number(r.set_aside), oldestPendingAt: r.oldest ? r.oldest.toISOString() : null });
  }
  return out;
}
