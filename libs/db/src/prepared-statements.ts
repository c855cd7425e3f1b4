import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

/** Most distinct statement texts given a name (beyond it they run unnamed, as before). */
const MAX_NAMED = 1000;

/** PostgreSQL: "cached plan must not change result type" (a column added under a `SELECT *`). */
const PLAN_CHANGED = '0A000';

/**
 * Runs the hot statements as named prepared statements on the pg pool behind a TypeORM
 * DataSource: PostgreSQL parses and plans each distinct text once per connection instead of on
 * every call, and the TypeORM query runner is skipped. Same SQL, same parameters, same rows.
 *
 * A name is derived from the text (so a text is the same statement on every connection), for at
 * most MAX_NAMED texts. If a statement's plan is invalidated by a schema change made by another
 * instance (a migration adding a column while this one runs), that text runs unnamed from then on.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string | null>();

  constructor(private readonly dataSource: DataSource) {}

  /** Rows of `text` run with `values`; on `on` (a query runner holding a connection) when given. */
  async rows<T extends QueryResultRow = Record<string, unknown>>(text: string, values: unknown[], on?: QueryRunner): Promise<T[]> {
    const target = on ? runnerClient(on) : pgPool(this.dataSource);
    const name = this.nameOf(text);
    if (name === null) return (await target.query<T>(text, values)).rows;
    try {
      return (await target.query<T>({ name, text, values })).rows;
    } catch (error) {
      if ((error as { code?: string }).code !== PLAN_CHANGED) throw error;
      this.names.set(text, null);
      return (await target.query<T>(text, values)).rows;
    }
  }

  private nameOf(text: string): string | null {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= MAX_NAMED) return null;
    const name = `gv_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    this.names.set(text, name);
    return name;
  }
}

/** The pg pool behind a TypeORM postgres DataSource. */
function pgPool(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('PreparedStatements needs an initialised postgres DataSource');
  return pool;
}

/** The pg client a connected TypeORM query runner holds. */
function runnerClient(runner: QueryRunner): PoolClient {
  const client = (runner as unknown as { databaseConnection?: PoolClient }).databaseConnection;
  if (!client) throw new Error('the query runner is not connected');
  return client;
}
