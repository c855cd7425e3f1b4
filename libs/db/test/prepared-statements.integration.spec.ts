import { DataSource } from 'typeorm';
import { openServiceDataSource, PreparedStatements } from '../src';
import { testEnvironment, uniqueId } from '@gv/testing';

describe('PreparedStatements on PostgreSQL', () => {
  const env = testEnvironment();
  const schema = uniqueId('prep').toLowerCase();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openServiceDataSource({ url: env.databaseUrl, schema, entities: [], migrations: [], poolSize: 1 });
    await dataSource.query(`CREATE TABLE "item" ("id" int PRIMARY KEY, "name" text NOT NULL)`);
    await dataSource.query(`INSERT INTO "item" VALUES (1, 'one'), (2, 'two')`);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await dataSource?.destroy();
  });

  it('runs a text as one named statement per connection, in the service schema, with the same rows', async () => {
    const sql = new PreparedStatements(dataSource);
    const text = `SELECT "name" FROM "item" WHERE "id" = $1`;
    expect(await sql.rows(text, [1])).toEqual([{ name: 'one' }]);
    expect(await sql.rows(text, [2])).toEqual([{ name: 'two' }]);
    expect(await sql.rows(text, [3])).toEqual([]);
    // Pool of one connection: the statement is prepared there once, under one name.
    const prepared = await sql.rows<{ name: string; statement: string }>(
      `SELECT "name", "statement" FROM pg_prepared_statements WHERE "statement" = $1`, [text]);
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^gv_[0-9a-f]{20}$/);
    // UPDATE … RETURNING gives the rows (not TypeORM's [rows, count]).
    expect(await sql.rows(`UPDATE "item" SET "name" = $2 WHERE "id" = $1 RETURNING "id", "name"`, [2, 'dois'])).toEqual([{ id: 2, name: 'dois' }]);
  });

  it('keeps answering after a column is added under a prepared SELECT * (runs it unnamed from then on)', async () => {
    const sql = new PreparedStatements(dataSource);
    const text = `SELECT * FROM "item" WHERE "id" = $1`;
    expect(await sql.rows(text, [1])).toEqual([{ id: 1, name: 'one' }]);
    await dataSource.query(`ALTER TABLE "item" ADD COLUMN "price_cents" bigint NOT NULL DEFAULT 0`);
    expect(await sql.rows(text, [1])).toEqual([{ id: 1, name: 'one', price_cents: '0' }]);
    expect(await sql.rows(text, [1])).toEqual([{ id: 1, name: 'one', price_cents: '0' }]);
  });
});
