/**
 * Sales history list latency over HTTP with 100,000 sales in one account (docs/performance.md,
 * "Sales history"). config-service runs in this process on its own schema; the rows are written
 * straight into `sale_history` (the read model's table, as the consumer leaves it), then the list is
 * asked, sequentially, for: the first page, pages deep in the cursor walk, and each filter.
 * Not part of CI. Run:
 *   KAFKA_BROKERS=… DATABASE_URL=… node -r ./tools/scripts/register.js bench/sales-history/list.ts
 * BENCH_SALES (default 100000), BENCH_REQUESTS per case (default 300).
 */
import { randomBytes } from 'crypto';
import { Client } from 'pg';
import { CONSUMER_GROUPS, deadLetterTopic, DISPATCH_OUTCOMES, prefixedTopicSpecs } from '@gv/contracts';
import { ensureTopics } from '@gv/kafka';
import { localKafka } from '@gv/testing';
import { formatCpf, generateCpf } from '@gv/brazil';
import { createLogger } from '@gv/telemetry';
import { loadConfigServiceConfig, SalesHistoryKeys, startConfigService } from '@gv/config-service';

const SALES = Number(process.env.BENCH_SALES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const ACCOUNT = 'bench_history';
const BUYERS = 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guru_vhsys';
  const schema = `bench_sales_${randomBytes(4).toString('hex')}`;
  const key = randomBytes(32);
  const config = loadConfigServiceConfig({
    ...process.env, DATABASE_URL: databaseUrl, DB_SCHEMA: schema, CONFIG_SERVICE_HTTP_PORT: '0', CONFIG_SERVICE_GRPC_PORT: '0',
    ADMIN_API_TOKENS: `bench:${TOKEN}:*`, SALES_HISTORY_KEY: key.toString('base64'), KAFKA_GROUP_PREFIX: `${schema}-`, KAFKA_TOPIC_PREFIX: `${schema}.`, LOG_LEVEL: 'warn',
  });
  // The service's consumer needs its (empty) topics: this run's own, deleted at the end.
  const kafka = localKafka('bench-sales-history', config.KAFKA_BROKERS);
  const topics = await ensureTopics(kafka, [...prefixedTopicSpecs(`${schema}.`), { name: deadLetterTopic(`${schema}-${CONSUMER_GROUPS.configSalesHistory}`), partitions: 1 }]);
  const service = await startConfigService(config, { logger: createLogger('config-service', 'silent') });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const keys = new SalesHistoryKeys(key);
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const buyers = Array.from({ length: BUYERS }, () => generateCpf(random));
    const hashes = buyers.map((b) => keys.documentHash(b));
    const base = Date.UTC(2026, 0, 1);
    const fillStart = Date.now();
    for (let start = 0; start < SALES; start += 5000) {
      const n = Math.min(5000, SALES - start);
      const idx = Array.from({ length: n }, (_, k) => start + k);
      await db.query(
        `INSERT INTO "${schema}"."sale_history" (account_id, guru_transaction_id, order_revision, guru_status, status_group, buyer_name,
           buyer_document_masked, buyer_document_hash, total_cents, occurred_at, result_revision, result_stage, outcome, attempts, last_event_at, vhsys)
         SELECT $1, 'tx-' || lpad(i::text, 7, '0'), 1, 'approved', 'approved', 'Comprador ' || i, '***.000.000-**', h, 1000 + i,
                to_timestamp(t / 1000.0), 1, 'dispatch', o, 1, to_timestamp(t / 1000.0), '{"idPedido": 1, "nfe": null, "nfse": null}'::jsonb
         FROM unnest($2::int[], $3::bigint[], $4::bytea[], $5::text[]) AS x(i, t, h, o)`,
        [
          ACCOUNT, idx, idx.map((i) => base + i * 60_000 - (i % 7 === 0 ? 60_000 : 0)), idx.map((i) => hashes[i % BUYERS]),
          idx.map((i) => DISPATCH_OUTCOMES[i % 50 === 0 ? 7 : i % 10 === 0 ? 6 : 0]),
        ],
      );
    }
    await db.query(`ANALYZE "${schema}"."sale_history"`);
    console.log(`filled ${SALES} sales in ${((Date.now() - fillStart) / 1000).toFixed(1)} s`);

    const url = (qs: string) => `${service.httpUrl}/v1/accounts/${ACCOUNT}/sales?${qs}`;
    const get = async (qs: string) => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(url(qs), { headers: { authorization: `Bearer ${TOKEN}` } });
      const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
      if (res.status !== 200) throw new Error(`status ${res.status}: ${JSON.stringify(body)}`);
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, body };
    };
    // Deep cursors: walk 100-sale pages to ~half and ~all of the account.
    const cursors: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < Math.floor(SALES / 100) - 1 && cursors.length < REQUESTS; page++) {
      const r = await get(`limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      cursor = r.body.nextCursor;
      if (!cursor) break;
      if (page > SALES / 200) cursors.push(cursor);
    }
    const from = new Date(base + Math.floor(SALES / 2) * 60_000).toISOString();
    const to = new Date(base + Math.floor(SALES / 2) * 60_000 + 30 * 86_400_000).toISOString();
    const cases: [string, (i: number) => string][] = [
      ['first page (limit 25)', () => 'limit=25'],
      ['first page (limit 100)', () => 'limit=100'],
      [`deep page (cursor past ${Math.floor(SALES / 2)}+ sales, limit 100)`, (i) => `limit=100&cursor=${encodeURIComponent(cursors[i % cursors.length]!)}`],
      ['outcome=failed (2%)', () => 'outcome=failed&limit=25'],
      ['outcome=paused,failed (10%)', () => 'outcome=paused,failed&limit=25'],
      ['period of 30 days', () => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=25`],
      ['buyerDocument (100 sales per buyer)', (i) => `buyerDocument=${encodeURIComponent(formatCpf(buyers[i % BUYERS]!))}&limit=25`],
      ['guruTransactionId', (i) => `guruTransactionId=tx-${String((i * 7919) % SALES).padStart(7, '0')}`],
    ];
    console.log(`| case | p50 ms | p99 ms | requests |\n|---|---|---|---|`);
    for (const [name, qs] of cases) {
      for (let i = 0; i < 20; i++) await get(qs(i));
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) times.push((await get(qs(i))).ms);
      times.sort((a, b) => a - b);
      console.log(`| ${name} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 99).toFixed(2)} | ${REQUESTS} |`);
    }
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await db.end();
    await service.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
