import { createHash } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** Most distinct statement texts given a name (beyond it they run unnamed, as before). */
const MAX_NAMED = 1000;

/** PostgreSQL: "cached plan must not change result type" (a column added under a `SELECT *`). */
const PLAN_CHANGED = '0A000';

/**
 * Runs the hot statements as named prepared statements on the pg pool behind a TypeORM
 * DataSource, reached through TypeORM's public API (`PostgresDriver.obtainMasterConnection`,
 * `QueryRunner.connect`): PostgreSQL parses and plans each distinct text once per connection instead of on
 * every call, and the TypeORM query runner is skipped. Same SQL, same parameters, same rows.
 *
 * A name is derived from the text (so a text is the same statement on every connection), for at
 * most MAX_NAMED texts. If a statement's plan is invalidated by a schema change made by another
 * instance (a migration adding a column while this one runs), that text runs unnamed from then on.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string | null>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Rows of `text` run with `values`; on `on` (a query runner holding a connection) when given.
   * `onConnected` is called once the statement has its connection, just before it is sent: a
   * caller timing the statement's own round trip starts there, not before a wait for the pool.
   */
  async rows<T extends QueryResultRow = Record<string, unknown>>(text: string, values: unknown[], on?: QueryRunner, onConnected?: () => void): Promise<T[]> {
    if (on) {
      const connection = (await on.connect()) as PoolClient;
      onConnected?.();
      return this.run<T>(connection, text, values);
    }
    // The driver's public pool checkout (what TypeORM's own query runners use).
    const [client, release] = await (this.dataSource.driver as PostgresDriver).obtainMasterConnection();
    onConnected?.();
    try {
      const rows = await this.run<T>(client as PoolClient, text, values);
      release();
      return rows;
    } catch (error) {
      // As pg's pool.query does: a client that failed a query is discarded, not reused.
      release(error);
      throw error;
    }
  }

  private async run<T extends QueryResultRow>(client: PoolClient, text: string, values: unknown[]): Promise<T[]> {
    const name = this.nameOf(text);
    if (name === null) return (await client.query<T>(text, values)).rows;
    try {
      return (await client.query<T>({ name, text, values })).rows;
    } catch (error) {
      if ((error as { code?: string }).code !== PLAN_CHANGED) throw error;
      this.names.set(text, null);
      return (await client.query<T>(text, values)).rows;
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
