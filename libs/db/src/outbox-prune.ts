import { PreparedStatements } from './prepared-statements';

/**
 * Deletes outbox rows published more than `olderThanMs` ago (at most `limit`, oldest first) from
 * the outbox of the data source's schema; returns how many. Published rows are kept that long for
 * inspection. Unpublished rows are never touched.
 */
export async function prunePublishedOutbox(sql: PreparedStatements, olderThanMs: number, limit: number): Promise<number> {
  const rows = await sql.rows(
    `DELETE FROM "outbox" WHERE "id" IN (
       SELECT "id" FROM "outbox" WHERE "published_at" < now() - ($1::bigint * interval '1 millisecond') ORDER BY "id" LIMIT $2)
     RETURNING "id"`,
    [olderThanMs, limit],
  );
  return rows.length;
}
