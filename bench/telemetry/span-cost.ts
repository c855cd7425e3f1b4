/**
 * Cost of one span through the tracing that startTelemetry sets up: start, attributes, end, the
 * RedactingSpanProcessor and an in-memory exporter, in CPU µs per span (process CPU time, not wall
 * time: on a shared machine wall time mostly measures the neighbours). Each variant runs in its own
 * process (telemetry registers process-wide globals); processes alternate so drift of the shared
 * machine affects all variants alike.
 *
 *   node -r ./tools/scripts/register.js bench/telemetry/span-cost.ts [spans] [processes] [module ...]
 *
 * `module` is a path (from the repository root or absolute, without .ts) of a file exporting startTelemetry;
 * default libs/telemetry/src/tracing. Give two to compare two implementations, e.g. the current
 * one and a copy of an older one placed next to it (it imports ./redaction).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { trace } from '@opentelemetry/api';

const ROOT = path.resolve(__dirname, '../..');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Fresh string objects with the same text (not the interned literal), as each new span carries. */
const fresh = (text: string) => Buffer.from(text).toString();

const SQL = [
  'SELECT * FROM "sale_ledger" WHERE "sale_key" = $1',
  'UPDATE "sale_step" SET "state" = \'failed\', "finished_at" = now(), "error" = $3 WHERE "sale_key" = $1 AND "step" = $2',
  'INSERT INTO "outbox" ("topic", "key", "payload", "trace_carrier") VALUES ($1, $2, $3, $4) RETURNING "id"',
];

/** One sale's worth of span attributes, roughly: PostgreSQL, Vhsys HTTP, Kafka and our own spans. */
function attributesFor(i: number): Record<string, string | number> {
  switch (i % 6) {
    case 0:
    case 1:
    case 2:
      return { 'db.system': 'postgresql', 'db.name': 'guru_vhsys', 'db.statement': fresh(SQL[i % SQL.length]!), 'net.peer.port': 5432 };
    case 3:
      return {
        'http.request.method': 'POST', 'url.full': `http://127.0.0.1:18080/v2/pedidos/${15579150 + i}/produtos?limit=1`,
        'url.template': '/v2/pedidos/{id}/produtos', 'http.response.status_code': 200,
      };
    case 4:
      return { 'messaging.system': 'kafka', 'messaging.destination.name': fresh('vhsys.sale-orders.v1'), 'messaging.kafka.message.offset': String(i) };
    default:
      return { 'guru.account_id': `acct-${i % 50}`, 'guru.transaction_id': `3f2b1c4e-${String(i % 10000).padStart(4, '0')}-4a2b-9c3d-0123456789ab` };
  }
}

async function child(modulePath: string, spans: number): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTelemetry } = require(path.resolve(ROOT, modulePath)) as typeof import('../../libs/telemetry/src/tracing');
  const handle = startTelemetry({ serviceName: 'bench', inMemory: true });
  const tracer = trace.getTracer('bench');
  const rounds: number[] = [];
  for (let round = 0; round < 8; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < spans; i++) tracer.startSpan(`span-${i % 6}`, { attributes: attributesFor(i) }).end();
    const used = process.cpuUsage(start);
    const us = (used.user + used.system) / spans;
    if (handle.memoryExporter!.getFinishedSpans().length !== spans) throw new Error('spans were lost');
    handle.memoryExporter!.reset();
    if (round >= 2) rounds.push(us); // the first rounds warm up
  }
  await handle.shutdown();
  process.stdout.write(`${median(rounds)}\n`);
}

function main(): void {
  const spans = Number(process.argv[2] ?? 20000);
  const processes = Number(process.argv[3] ?? 5);
  const modules = process.argv.slice(4).length > 0 ? process.argv.slice(4) : ['libs/telemetry/src/tracing'];
  const results = new Map<string, number[]>(modules.map((m) => [m, []]));
  for (let run = 0; run < processes; run++) {
    const order = run % 2 === 0 ? modules : [...modules].reverse();
    for (const modulePath of order) {
      const out = execFileSync(process.execPath, ['-r', './tools/scripts/register.js', __filename, '--child', modulePath, String(spans)], { cwd: ROOT, encoding: 'utf8' });
      results.get(modulePath)!.push(Number(out.trim().split('\n').pop()));
    }
  }
  console.log(`${spans} spans per round, 6 measured rounds per process, ${processes} processes per variant (median of process medians; min in brackets)`);
  const first = median(results.get(modules[0]!)!);
  for (const [modulePath, values] of results) {
    const m = median(values);
    console.log(`${modulePath}: ${m.toFixed(2)} CPU µs/span [${Math.min(...values).toFixed(2)}]  ratio to first ${(m / first).toFixed(2)}`);
    console.log(`  per process: ${values.map((v) => v.toFixed(1)).join(' ')}`);
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3]!, Number(process.argv[4])).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main();
}
