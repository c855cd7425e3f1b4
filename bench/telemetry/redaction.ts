/**
 * Micro-benchmark of RedactingSpanProcessor.onEnd: µs per span, before (the processor as it was,
 * every string scrubbed with the regexes and every key checked, on every span) and after
 * (isSecretKey memoised per key, clean strings remembered in CleanTextCache).
 *
 *   node -r ./tools/scripts/register.js bench/telemetry/redaction.ts [spans] [rounds]
 *
 * The span mix imitates the dispatcher's per sale: ~55 PostgreSQL spans over ~20 distinct SQL
 * texts (a fresh string object per span, as TypeORM builds each query), ~10 Vhsys HTTP spans
 * (URLs with ids, so mostly unique), 3 Kafka spans and a few of the code's own spans carrying the
 * sale's account and transaction ids. Both variants get identical fresh attribute objects and the
 * outputs are compared.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { isSecretKey, RedactingSpanProcessor, scrubSecretsInText, scrubUrlQuery } from '@gv/telemetry';

type Attributes = Record<string, unknown>;

// ---- before: the processor's attribute scrubbing as it was (verbatim) -----------------------------
const URL_ATTRIBUTES = new Set(['url.full', 'url.query', 'http.url', 'http.target', 'url.path']);
function redactAttributesBefore(attributes: Attributes): void {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (isSecretKey(key)) {
      delete attributes[key];
      continue;
    }
    if (typeof value === 'string') {
      let next = scrubSecretsInText(value);
      if (URL_ATTRIBUTES.has(key)) next = scrubUrlQuery(next);
      if (next !== value) attributes[key] = next;
    } else if (Array.isArray(value)) {
      const next = value.map((v) => (typeof v === 'string' ? scrubSecretsInText(v) : v));
      if (next.some((v, i) => v !== value[i])) attributes[key] = next;
    }
  }
}
const before = {
  onEnd(span: ReadableSpan): void {
    redactAttributesBefore(span.attributes as Attributes);
    for (const event of span.events) if (event.attributes) redactAttributesBefore(event.attributes as Attributes);
    for (const link of span.links) if (link.attributes) redactAttributesBefore(link.attributes as Attributes);
  },
};

// ---- the span mix ----------------------------------------------------------------------------------
const TABLES = ['sale_ledger', 'sale_step', 'outbox', 'account_state', 'vhsys_ids'];
const SQL: string[] = [];
for (const table of TABLES) {
  SQL.push(`SELECT * FROM "${table}" WHERE "sale_key" = $1`);
  SQL.push(`UPDATE "${table}" SET "state" = 'failed', "finished_at" = now(), "error" = $3 WHERE "sale_key" = $1 AND "step" = $2`);
  SQL.push(`INSERT INTO "${table}" AS l ("sale_key", "account_id", "guru_transaction_id", "desired_revision", "desired", "status", "trace_carrier")
       VALUES ($1, $2, $3, $4, $5, 'pending', $6)
       ON CONFLICT ("sale_key") DO UPDATE SET "desired_revision" = EXCLUDED."desired_revision", "desired" = EXCLUDED."desired",
         "desired_received_at" = now(), "trace_carrier" = EXCLUDED."trace_carrier", "status" = 'pending', "attempts" = 0, "updated_at" = now()
       WHERE l."desired_revision" < EXCLUDED."desired_revision" RETURNING *`);
  SQL.push(`WITH "step" AS (INSERT INTO "sale_step" ("sale_key", "step", "state", "revision", "runs", "started_at") VALUES ($1, $2, 'done', $3, 1, now())
       ON CONFLICT ("sale_key", "step") DO UPDATE SET "state" = 'done', "revision" = EXCLUDED."revision", "finished_at" = now(), "error" = NULL RETURNING 1)
       UPDATE "${table}" SET "vhsys_order_id" = $4, "updated_at" = now() WHERE "sale_key" = $1 RETURNING *`);
}
const ENDPOINTS = ['/v2/pedidos', '/v2/clientes', '/v2/pedidos/{id}/parcelas', '/v2/notas-fiscais/{id}/emitir', '/v2/notas-servico'];
const TOPICS = ['vhsys.sale-orders.v1', 'vhsys.dispatch-results.v1', 'vhsys.sale-orders.retry.v1'];

/** Fresh string objects with the same text (not the interned literal), as each new span carries. */
const fresh = (text: string) => Buffer.from(text).toString();

function saleSpans(sale: number): ReadableSpan[] {
  const accountId = `acct-${sale % 50}`;
  const transactionId = `3f2b1c4e-${String(sale).padStart(4, '0')}-4a2b-9c3d-0123456789ab`;
  const spans: Attributes[] = [];
  for (let i = 0; i < 55; i++) {
    spans.push({
      'db.system': 'postgresql', 'db.name': 'guru_vhsys', 'db.user': 'postgres',
      'db.connection_string': 'postgresql://127.0.0.1:5432/guru_vhsys', 'net.peer.name': '127.0.0.1', 'net.peer.port': 5432,
      'db.statement': fresh(SQL[(i * 7 + sale) % SQL.length]!),
    });
  }
  for (let i = 0; i < 10; i++) {
    const template = ENDPOINTS[i % ENDPOINTS.length]!;
    const path = template.replace('{id}', String(15579150 + sale * 10 + i));
    spans.push({
      'http.request.method': i % 3 === 0 ? 'GET' : 'POST', 'url.full': `http://127.0.0.1:18080${path}?limit=1`, 'url.path': path,
      'url.query': 'limit=1', 'url.scheme': 'http', 'server.address': '127.0.0.1', 'server.port': 18080, 'url.template': template,
      'user_agent.original': 'undici', 'http.response.status_code': 200, 'network.peer.address': '127.0.0.1', 'network.peer.port': 18080,
    });
  }
  for (const topic of TOPICS) {
    spans.push({
      'messaging.system': 'kafka', 'messaging.destination.name': fresh(topic), 'messaging.operation': 'process',
      'messaging.kafka.destination.partition': sale % 6, 'messaging.kafka.message.offset': String(sale * 3),
      'messaging.kafka.message.key': `${accountId}:${transactionId}`,
    });
  }
  for (let i = 0; i < 4; i++) {
    spans.push({ 'guru.account_id': accountId, 'guru.transaction_id': transactionId, 'guru.sale_revision': 17672256000000 + sale, step: `step-${i}` });
  }
  return spans.map((attributes) => ({ attributes, events: [], links: [] }) as unknown as ReadableSpan);
}

function build(sales: number, offset: number): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  for (let s = 0; s < sales; s++) spans.push(...saleSpans(offset + s));
  return spans;
}

function time(processor: { onEnd(span: ReadableSpan): void }, spans: ReadableSpan[]): number {
  const start = process.hrtime.bigint();
  for (const span of spans) processor.onEnd(span);
  return Number(process.hrtime.bigint() - start) / 1000 / spans.length;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function main(): void {
  const sales = Number(process.argv[2] ?? 200);
  const rounds = Number(process.argv[3] ?? 15);
  const after = new RedactingSpanProcessor();

  // Same outputs on the same input.
  const a = build(20, 0);
  const b = build(20, 0);
  for (const span of a) before.onEnd(span);
  for (const span of b) after.onEnd(span);
  if (JSON.stringify(a.map((s) => s.attributes)) !== JSON.stringify(b.map((s) => s.attributes))) throw new Error('outputs differ');

  const results = { before: [] as number[], after: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    // Alternate the order so drift of the (shared) machine affects both alike; the first rounds warm up.
    const pair: Array<['before' | 'after', { onEnd(span: ReadableSpan): void }]> = round % 2 === 0 ? [['before', before], ['after', after]] : [['after', after], ['before', before]];
    for (const [name, processor] of pair) {
      const spans = build(sales, round * sales);
      const us = time(processor, spans);
      if (round >= 3) results[name].push(us);
    }
  }
  const spansPerSale = saleSpans(0).length;
  const b50 = median(results.before);
  const a50 = median(results.after);
  console.log(`spans: ${sales} sales × ${spansPerSale} spans per round, ${rounds - 3} measured rounds (median; min in brackets)`);
  console.log(`before: ${b50.toFixed(2)} µs/span [${Math.min(...results.before).toFixed(2)}]  = ${(b50 * spansPerSale / 1000).toFixed(3)} ms/sale`);
  console.log(`after:  ${a50.toFixed(2)} µs/span [${Math.min(...results.after).toFixed(2)}]  = ${(a50 * spansPerSale / 1000).toFixed(3)} ms/sale`);
  console.log(`after/before: ${(a50 / b50).toFixed(2)}; cache holds ${after.texts.size} strings, ${after.texts.chars} chars`);
}

main();
