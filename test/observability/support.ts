/**
 * Helpers of the observability end-to-end tests: sales with a known trace, the stack's isolated
 * names (its topics are `stack.topics`), Prometheus scrapes, and the ops command as a process.
 */
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import path from 'path';
import { promisify } from 'util';
import { DispatchResult, saleKey, TopicNames } from '@gv/contracts';
import { generateSale, GenerateSaleOptions } from '@gv/guru-sale-generator';
import type { RunningStack } from '@gv/stack';
import { MetricSample, parsePrometheusText } from '@gv/telemetry';
import type { KafkaProbe } from '@gv/testing';

const ROOT = path.resolve(__dirname, '../..');

export interface TracedSale {
  saleId: string;
  key: string;
  traceId: string;
  value: unknown;
  headers: Record<string, string>;
}

/** A generated Guru sale (canonical field names) with a fresh W3C traceparent, ready to produce. */
export function tracedSale(accountId: string, seed: number, options: Partial<GenerateSaleOptions> = {}): TracedSale {
  const saleId = `sale_${randomBytes(6).toString('hex')}`;
  const event = generateSale({
    seed, id: saleId, accountId, status: 'approved', method: 'pix', coupon: false, buyer: 'cpf', variants: 'canonical',
    productCode: 'LIVRO-CONF', orderBumpCodes: [], ...options,
  });
  const traceId = randomBytes(16).toString('hex');
  return {
    saleId,
    key: saleKey(accountId, saleId),
    traceId,
    value: event,
    headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
  };
}

/** Sends the sales to the stack's Guru topic (`stack.topics`). */
export async function produceSales(probe: KafkaProbe, topics: TopicNames, sales: TracedSale[]): Promise<void> {
  await probe.produce(topics.guruTransactions, sales.map((s) => ({ key: s.key, value: s.value as object, headers: s.headers })));
}

/** Consumer groups, dead-letter topics and schemas of a stack started with `isolation: iso`. */
export function isolatedNames(iso: string) {
  const prefix = `${iso}-`;
  return {
    mappingGroup: `${prefix}mapping-service`,
    dispatcherGroup: `${prefix}invoice-dispatcher`,
    retryGroup: `${prefix}invoice-dispatcher-retry`,
    dispatcherSchema: `invoice_dispatcher_${iso}`.toLowerCase().replace(/[^a-z0-9_]/g, '_'),
  };
}

export async function scrape(baseUrl: string): Promise<MetricSample[]> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/metrics → ${response.status}`);
  return parsePrometheusText(await response.text());
}

export function endpoints(stack: RunningStack) {
  return { configServiceUrl: stack.configServiceUrl, simulatorAdminUrl: stack.simulatorAdminUrl, adminToken: stack.adminToken };
}

/** Dispatch-stage results of one sale seen by the probe on the stack's results topic. */
export function dispatchResults(probe: KafkaProbe, topics: TopicNames, saleId: string, stage: 'dispatch' | 'mapping' = 'dispatch'): DispatchResult[] {
  return probe.received(topics.dispatchResults, (m) => {
    const r = m.value as DispatchResult;
    return r?.guruTransactionId === saleId && r.stage === stage;
  }).map((m) => m.value as DispatchResult);
}

/** Runs the ops command (tools/ops) as its own process, as an SRE would. */
export async function runOpsCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = promisify(execFile);
  try {
    const { stdout, stderr } = await run(process.execPath, ['-r', path.join(ROOT, 'tools/scripts/register.js'), path.join(ROOT, 'tools/ops/src/cli.ts'), ...args], {
      cwd: ROOT, env: { ...process.env, ...env }, timeout: 120000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * Waits until config-service has published the account's settings snapshot `version` (its outbox
 * publishes after the HTTP write returns) and gives mapping-service's view a moment to apply it, so
 * the first sale is not mapped against an older snapshot. The probe must listen to the config topic.
 */
export async function waitForSnapshot(probe: KafkaProbe, topics: TopicNames, accountId: string, version: number): Promise<void> {
  await probe.waitFor(topics.integrationConfig, (m) => m.key === accountId && (m.value as { version?: number } | null)?.version === version, 1, 60000);
  await new Promise((r) => setTimeout(r, 1000));
}
