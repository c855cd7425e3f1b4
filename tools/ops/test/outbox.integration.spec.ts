import { Client } from 'pg';
import { outboxSetAsideSql, outboxTableSql } from '@gv/db';
import { testEnvironment, uniqueId } from '@gv/testing';
import { createOpsContext, opsEnvironment, runOps, SetAsideRow } from '../src';

/** `outbox list` and `outbox retry` on a real PostgreSQL outbox holding set-aside rows. */
describe('ops outbox commands', () => {
  const env = testEnvironment();
  const schema = uniqueId('ops_outbox').toLowerCase();
  let db: Client;
  let lines: string[];
  const ctx = () => createOpsContext({ ...opsEnvironment({}), databaseUrl: env.databaseUrl }, { out: (l) => void lines.push(l), note: (l) => void lines.push(`note: ${l}`) });

  beforeAll(async () => {
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    await db.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of [...outboxTableSql(schema), ...outboxSetAsideSql(schema)]) await db.query(sql);
    const insert = (key: string, payload: object, setAside: string | null, published: boolean) =>
      db.query(
        `INSERT INTO "${schema}"."outbox" ("topic", "message_key", "payload", "published_at", "set_aside_at", "set_aside_reason")
         VALUES ('t.v1', $1, $2, CASE WHEN $3 THEN now() END, CASE WHEN $4::text IS NOT NULL THEN now() END, $4) RETURNING "id"`,
        [key, JSON.stringify(payload), published, setAside],
      );
    await insert('acct-a', { v: 1, pad: 'x'.repeat(50) }, 'MESSAGE_TOO_LARGE: too large (value 70 bytes)', false);
    await insert('acct-a', { v: 2 }, null, true);
    await insert('acct-b', { v: 1 }, 'UNKNOWN_TOPIC_OR_PARTITION: no topic (value 8 bytes)', false);
  });

  beforeEach(() => {
    lines = [];
  });

  afterAll(async () => {
    await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db?.end();
  });

  it('lists set-aside rows with reason, size and whether a later message for the key exists', async () => {
    expect(await runOps(['outbox', 'list', '--schema', schema, '--json'], ctx())).toBe(0);
    const rows = JSON.parse(lines.join('\n')) as SetAsideRow[];
    expect(rows.map(({ createdAt, setAsideAt, ...rest }) => rest)).toEqual([
      { schema, id: expect.any(String), topic: 't.v1', key: 'acct-a', reason: 'MESSAGE_TOO_LARGE: too large (value 70 bytes)', valueBytes: 69, superseded: true },
      { schema, id: expect.any(String), topic: 't.v1', key: 'acct-b', reason: 'UNKNOWN_TOPIC_OR_PARTITION: no topic (value 8 bytes)', valueBytes: 8, superseded: false },
    ]);
    lines = [];
    expect(await runOps(['outbox', 'list', '--schema', schema], ctx())).toBe(0);
    expect(lines.join('\n')).toMatch(/acct-a .* 69 +yes +MESSAGE_TOO_LARGE: too large/);
  });

  it('requeues set-aside rows, skipping superseded ones unless --force', async () => {
    expect(await runOps(['outbox', 'retry', '--schema', schema, '--all', '--dry-run', '--json'], ctx())).toBe(0);
    const ids = (await db.query(`SELECT "id", "message_key" FROM "${schema}"."outbox" WHERE "set_aside_at" IS NOT NULL ORDER BY "id"`)).rows as { id: string; message_key: string }[];
    expect(JSON.parse(lines.join('\n'))).toEqual([
      { id: ids[0]!.id, outcome: 'skipped-superseded' },
      { id: ids[1]!.id, outcome: 'would-requeue' },
    ]);
    lines = [];
    expect(await runOps(['outbox', 'retry', '--schema', schema, '--all'], ctx())).toBe(0);
    const pending = await db.query(`SELECT "message_key", "set_aside_at" IS NOT NULL AS "aside", "set_aside_reason" FROM "${schema}"."outbox" WHERE "published_at" IS NULL ORDER BY "id"`);
    expect(pending.rows).toEqual([
      { message_key: 'acct-a', aside: true, set_aside_reason: 'MESSAGE_TOO_LARGE: too large (value 70 bytes)' },
      { message_key: 'acct-b', aside: false, set_aside_reason: null },
    ]);
    lines = [];
    expect(await runOps(['outbox', 'retry', '--schema', schema, '--id', `${ids[0]!.id},999999`, '--force'], ctx())).toBe(1);
    expect(lines).toEqual([`${schema}.outbox 999999: not-set-aside`, `${schema}.outbox ${ids[0]!.id}: requeued`]);
    expect((await db.query(`SELECT count(*)::int AS n FROM "${schema}"."outbox" WHERE "set_aside_at" IS NOT NULL`)).rows[0].n).toBe(0);
  });
});
