import http from 'http';
import { AddressInfo } from 'net';

export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}

/**
 * A minimal OTLP/HTTP (JSON) trace receiver: services running as separate processes export their
 * spans here, so a test can check one trace across all of them.
 */
export class OtlpCollector {
  readonly spans: CollectedSpan[] = [];
  /**
   * Every export request body as received (resource attributes, span events, links and status
   * included), for scans that must see everything a service exported, not only the parsed fields.
   */
  readonly payloads: string[] = [];
  private server: http.Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        try {
          if (req.url?.startsWith('/v1/traces')) {
            const text = Buffer.concat(chunks).toString('utf8');
            this.payloads.push(text);
            this.ingest(JSON.parse(text));
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        } catch {
          res.writeHead(400);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  trace(traceId: string): CollectedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  private ingest(body: { resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: RawSpan[] }[] }[] }): void {
    for (const rs of body.resourceSpans ?? []) {
      const service = String(attributeValue((rs.resource?.attributes ?? []).find((a) => a.key === 'service.name')?.value) ?? '');
      for (const ss of rs.scopeSpans ?? []) {
        for (const span of ss.spans ?? []) {
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || null,
            name: span.name,
            kind: span.kind,
            attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, attributeValue(a.value)])),
            links: (span.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
          });
        }
      }
    }
  }
}

interface KeyValue { key: string; value: Record<string, unknown> }
interface RawSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: KeyValue[]; links?: { traceId: string; spanId: string }[] }

function attributeValue(value: Record<string, unknown> | undefined): unknown {
  if (!value) return undefined;
  return value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue ?? value.arrayValue;
}
