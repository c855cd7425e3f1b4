/**
 * Where the secret scan looks, and how: text (log lines, OTLP exports, HTTP and gRPC answers),
 * every message of a set of Kafka topics read from the beginning (key, value, headers), and every
 * column of every table of every schema of a PostgreSQL database (searched by the server).
 */
import { uniqueId } from '@gv/testing';
import { Client } from 'pg';
import { securityKafka } from './security-stack';

export interface Secret {
  /** What it is (printed when found; the value never is). */
  label: string;
  value: string;
}

/** Labels of the secrets `text` contains (whole, or a 24-character end of one: a truncated leak). */
export function secretsIn(text: string, secrets: Secret[]): string[] {
  return secrets.filter((s) => text.includes(s.value) || (s.value.length >= 32 && text.includes(s.value.slice(-24)))).map((s) => s.label);
}

export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Every message on `topics`, read from the earliest offset up to each partition's high watermark
 * as it was when called (the product's producers are not transactional, so the last offset is
 * high - 1).
 */
export async function readTopics(brokers: string[], topics: string[], timeoutMs = 60000): Promise<TopicMessage[]> {
  const kafka = securityKafka(brokers);
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}/${p.partition}`, BigInt(p.high) - 1n);
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: TopicMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: uniqueId('security-reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : String(v ?? '')])),
        });
        const last = remaining.get(`${topic}/${partition}`);
        if (last !== undefined && BigInt(message.offset) >= last) remaining.delete(`${topic}/${partition}`);
        if (remaining.size === 0) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`topics not read to their end within ${timeoutMs} ms: ${[...remaining.keys()].join(', ')}`)), timeoutMs);
    });
    await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export interface DatabaseScan {
  schemas: number;
  tables: number;
  columns: number;
  rows: number;
  /** Cells searched (rows × columns searched per table). */
  cells: number;
  /** `schema.table.column: label` of every cell holding a secret. */
  found: string[];
}

/** `schema.table.column` names whose values are ciphertexts (sealed with the encryption key). */
export type SealedColumns = (schema: string, table: string, column: string) => boolean;

/**
 * Searches every column (as text: jsonb, arrays and bytea, the latter as hex, included) of every
 * table of every non-system schema for every secret, except the sealed columns, on the server.
 */
export async function scanDatabase(databaseUrl: string, secrets: Secret[], sealed: SealedColumns): Promise<DatabaseScan> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const scan: DatabaseScan = { schemas: 0, tables: 0, columns: 0, rows: 0, cells: 0, found: [] };
  try {
    const { rows: columns } = await client.query<{ schema: string; table: string; column: string }>(
      `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column
         FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg\\_%'
        ORDER BY 1, 2, c.ordinal_position`,
    );
    const tables = new Map<string, { schema: string; table: string; columns: string[] }>();
    for (const c of columns) {
      const key = `${c.schema}.${c.table}`;
      if (!tables.has(key)) tables.set(key, { schema: c.schema, table: c.table, columns: [] });
      if (!sealed(c.schema, c.table, c.column)) tables.get(key)!.columns.push(c.column);
    }
    scan.schemas = new Set(columns.map((c) => c.schema)).size;
    const patterns = secrets.map((s) => `%${s.value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    const id = (name: string) => `"${name.replace(/"/g, '""')}"`;
    for (const { schema, table, columns: searched } of tables.values()) {
      const counts = searched.map((column, i) => `count(*) FILTER (WHERE ${id(column)}::text LIKE ANY ($1)) AS c${i}`);
      let rows: Record<string, string>[];
      try {
        ({ rows } = await client.query<Record<string, string>>(`SELECT count(*) AS n${counts.length ? ', ' + counts.join(', ') : ''} FROM ${id(schema)}.${id(table)}`, [patterns]));
      } catch (error) {
        // Another test's schema dropped since the listing (undefined table / schema): nothing to scan.
        if (['42P01', '3F000'].includes((error as { code?: string }).code ?? '')) continue;
        throw error;
      }
      const n = Number(rows[0]!.n);
      scan.tables += 1;
      scan.columns += searched.length;
      scan.rows += n;
      scan.cells += n * searched.length;
      for (const [i, column] of searched.entries()) {
        if (Number(rows[0]![`c${i}`]) === 0) continue;
        for (const [j, secret] of secrets.entries()) {
          const hit = await client.query(`SELECT 1 FROM ${id(schema)}.${id(table)} WHERE ${id(column)}::text LIKE $1 LIMIT 1`, [patterns[j]]);
          if (hit.rowCount) scan.found.push(`${schema}.${table}.${column}: ${secret.label}`);
        }
      }
    }
  } finally {
    await client.end();
  }
  return scan;
}

/** Spans and span events in OTLP/JSON export bodies. */
export function countSpans(payloads: string[]): { spans: number; events: number } {
  let spans = 0;
  let events = 0;
  for (const payload of payloads) {
    const body = JSON.parse(payload) as { resourceSpans?: { scopeSpans?: { spans?: { events?: unknown[] }[] }[] }[] };
    for (const rs of body.resourceSpans ?? []) {
      for (const ss of rs.scopeSpans ?? []) {
        for (const span of ss.spans ?? []) {
          spans += 1;
          events += span.events?.length ?? 0;
        }
      }
    }
  }
  return { spans, events };
}
