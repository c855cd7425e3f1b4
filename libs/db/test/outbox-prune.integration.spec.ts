import { DataSource } from 'typeorm';
import { openServiceDataSource, outboxTableSql, PreparedStatements, prunePublishedOutbox } from '../src';
import { testEnvironment, uniqueId } from '@gv/testing';

describe('prunePublishedOutbox on PostgreSQL', () => {
  const env = testEnvironment();
  const schema = uniqueId('prune').toLowerCase();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ url: env.databaseUrl, schema, entities: [], migrations: [], poolSize: 1 });
    for (const sql of outboxTableSql(schema)) await dataSource.query(sql);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('deletes rows published longer ago than asked, oldest first and at most `limit`; never unpublished rows', async () => {
    await dataSource.query(
      `INSERT INTO "outbox" ("topic", "message_key", "payload", "published_at") VALUES
         ('t', 'old-1', '{}', now() - interval '3 days'),
         ('t', 'old-2', '{}', now() - interval '2 days'),
         ('t', 'old-3', '{}', now() - interval '25 hours'),
         ('t', 'recent', '{}', now() - interval '1 hour'),
         ('t', 'pending', '{}', NULL)`,
    );
    const sql = new PreparedStatements(dataSource);
    const day = 24 * 60 * 60 * 1000;
    expect(await prunePublishedOutbox(sql, day, 2)).toBe(2);
    const keys = async () => (await dataSource.query(`SELECT "message_key" FROM "outbox" ORDER BY "id"`)).map((r: { message_key: string }) => r.message_key);
    expect(await keys()).toEqual(['old-3', 'recent', 'pending']);
    expect(await prunePublishedOutbox(sql, day, 100)).toBe(1);
    expect(await keys()).toEqual(['recent', 'pending']);
    expect(await prunePublishedOutbox(sql, day, 100)).toBe(0);
  });
});
