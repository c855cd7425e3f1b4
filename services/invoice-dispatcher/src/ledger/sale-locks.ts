import { DataSource, QueryRunner } from 'typeorm';
import { advisoryLockKey, PreparedStatements } from '@gv/db';

export interface HeldLock {
  /** Takes a further advisory lock on the same session (e.g. a customer document); false when busy. True at once when already held. */
  tryAlso(name: string): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Serialises work per sale across consumers and instances with PostgreSQL session advisory locks
 * held on a dedicated connection for the duration of one reconciliation. A crashed process loses
 * its connection and with it the lock, so nothing is left to expire. Locks are namespaced by the
 * schema so test schemas sharing a database do not interfere.
 */
export class SaleLocks {
  private readonly sql: PreparedStatements;

  constructor(private readonly dataSource: DataSource, private readonly namespace: string) {
    this.sql = new PreparedStatements(dataSource);
  }

  /**
   * The lock of `key`, or null when another consumer or instance holds it right now. `also`: a
   * further lock the reconciliation will most likely want (the customer's, for a sale without a
   * customer yet), tried in the same round trip once the sale's lock is held; not held if busy.
   */
  async tryAcquire(key: string, options: { also?: string } = {}): Promise<HeldLock | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const held: string[] = [];
    const take = async (name: string): Promise<boolean> => {
      if (held.includes(name)) return true;
      const [row] = await this.sql.rows<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${advisoryLockKey('$1')}) AS "ok"`, [`${this.namespace}:${name}`], runner);
      if (row?.ok) held.push(name);
      return Boolean(row?.ok);
    };
    try {
      const saleLock = `sale:${key}`;
      // OFFSET 0 keeps the subquery (the sale's lock) evaluated first and once.
      const [row] = await this.sql.rows<{ ok: boolean; also: boolean }>(
        `SELECT "ok", CASE WHEN "ok" AND $2::text IS NOT NULL THEN pg_try_advisory_lock(${advisoryLockKey('$2')}) ELSE false END AS "also"
         FROM (SELECT pg_try_advisory_lock(${advisoryLockKey('$1')}) AS "ok" OFFSET 0) AS "sale_lock"`,
        [`${this.namespace}:${saleLock}`, options.also ? `${this.namespace}:${options.also}` : null],
        runner,
      );
      if (!row?.ok) {
        await runner.release();
        return null;
      }
      held.push(saleLock);
      if (row.also && options.also) held.push(options.also);
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw error;
    }
    return {
      tryAlso: (name) => take(name),
      release: () => this.releaseAll(runner),
    };
  }

  private async releaseAll(runner: QueryRunner): Promise<void> {
    try {
      if (!runner.isReleased) await this.sql.rows(`SELECT pg_advisory_unlock_all()`, [], runner);
    } catch {
      // The connection is broken: the server dropped its locks with it.
    } finally {
      if (!runner.isReleased) await runner.release();
    }
  }
}
