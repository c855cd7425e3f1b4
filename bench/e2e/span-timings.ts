/**
 * BENCH_TRACE=1: the services export their spans to this OTLP/HTTP (JSON) receiver, which keeps
 * only timings, and the report says where a sale's time goes in each service: the root spans'
 * durations, and how much of them is spent in Vhsys calls, PostgreSQL queries and Kafka. Tracing
 * costs CPU itself, so figures of traced runs are for diagnosis, not for the table.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { percentile } from '../vhsys/stats';

interface Timed {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startNs: bigint;
  endNs: bigint;
}

export class SpanTimings {
  private readonly spans: Timed[] = [];
  private server: http.Server | null = null;
  url = '';
  recording = false;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          if (this.recording && req.url?.startsWith('/v1/traces')) this.ingest(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          /* not JSON: ignored */
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Forgets what was recorded and records from now on. */
  begin(): void {
    this.spans.length = 0;
    this.recording = true;
  }

  /** Stops recording (spans still in the services' export queues arrive within ~1 s) and summarises. */
  async end(): Promise<string> {
    await new Promise((r) => setTimeout(r, 1500));
    this.recording = false;
    return this.summary();
  }

  private ingest(body: { resourceSpans?: Array<{ resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans?: Array<{ spans?: RawSpan[] }> }> }): void {
    for (const rs of body.resourceSpans ?? []) {
      const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({ service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || null, name: s.name, startNs: BigInt(s.startTimeUnixNano), endNs: BigInt(s.endTimeUnixNano) });
        }
      }
    }
  }

  /**
   * Per service: each root span name (a unit of work: a consumed message, a request) with its
   * count and p50/p99 ms, and the share of its time spent inside client spans by kind.
   */
  summary(): string {
    const byId = new Map(this.spans.map((s) => [s.spanId, s]));
    const children = new Map<string, Timed[]>();
    for (const s of this.spans) {
      if (!s.parentSpanId) continue;
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    }
    const category = (name: string): string | null => {
      if (/^(GET|POST|PUT|DELETE|PATCH)( |$)/.test(name)) return 'http';
      if (/^(pg\.|SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|WITH|ROLLBACK)/i.test(name) || name.startsWith('pg-pool')) return 'postgresql';
      if (/ (send|publish)$|^send |^publish /.test(name) || name.includes('kafka')) return 'kafka send';
      return null;
    };
    // Inclusive time of the descendants of each category (outermost span of the category only).
    const categoryTime = (root: Timed, acc: Record<string, number>): void => {
      for (const c of children.get(root.spanId) ?? []) {
        if (c.service !== root.service) continue;
        const cat = category(c.name);
        if (cat) acc[cat] = (acc[cat] ?? 0) + Number(c.endNs - c.startNs) / 1e6;
        else categoryTime(c, acc);
      }
    };
    const roots = new Map<string, { durations: number[]; parts: Record<string, number> }>();
    for (const s of this.spans) {
      const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
      // A root of work in its service: no parent in the same service (a consumed message continues the producer's trace).
      if (parent && parent.service === s.service) continue;
      if (category(s.name) !== null) continue;
      const key = `${s.service} :: ${s.name}`;
      const entry = roots.get(key) ?? { durations: [], parts: {} };
      entry.durations.push(Number(s.endNs - s.startNs) / 1e6);
      categoryTime(s, entry.parts);
      roots.set(key, entry);
    }
    const lines = ['| service :: unit of work | count | p50 ms | p99 ms | mean ms | of which Vhsys/HTTP | PostgreSQL | Kafka send | rest |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
    for (const [key, e] of [...roots.entries()].sort((a, b) => b[1].durations.length - a[1].durations.length).slice(0, 15)) {
      const total = e.durations.reduce((a, b) => a + b, 0);
      const mean = total / e.durations.length;
      const share = (k: string) => `${(((e.parts[k] ?? 0) / Math.max(1e-9, total)) * 100).toFixed(0)} %`;
      const rest = 1 - Object.values(e.parts).reduce((a, b) => a + b, 0) / Math.max(1e-9, total);
      lines.push(`| ${key} | ${e.durations.length} | ${percentile(e.durations, 50).toFixed(1)} | ${percentile(e.durations, 99).toFixed(1)} | ${mean.toFixed(1)} | ${share('http')} | ${share('postgresql')} | ${share('kafka send')} | ${(rest * 100).toFixed(0)} % |`);
    }
    return lines.join('\n');
  }
}

interface RawSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}
