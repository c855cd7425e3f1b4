import { getHeapStatistics } from 'node:v8';
import fc from 'fast-check';
import {
  ContractViolation, GURU_BOUNDS, GURU_TRANSACTION_EVENT, GuruTransactionEventSchema, parseContract, SaleOrderSchema, saleKey,
  type GuruTransactionEvent, type IntegrationConfigSnapshot,
} from '@gv/contracts';
import { buildIntegrationConfig, generateSale, GENERATED_PAYMENT_METHODS } from '@gv/guru-sale-generator';
import { decodeJson, deadLetterReason, PermanentMessageError } from '@gv/kafka';
import { mapSale, type MappingDecision } from '../map-sale';
import { baseBody, eventOf, goldenConfig, moneyInvariants } from './golden-fixtures';

/**
 * Hostile Guru payloads for the mapping's fuzz tests (map-sale.fuzz.unit.spec.ts, `npm run fuzz`,
 * and the through-Kafka fuzz of test/hostile-sales.integration.spec.ts): arbitrary JSON, and real
 * payloads (the sale generator's and the golden fixture) with fields deleted, retyped, duplicated,
 * made huge or negative.
 */

const NOW = new Date('2026-06-01T00:00:00Z');

/** Values that break assumptions: huge, negative, fractional, wrong types, long texts, deep. */
const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    0, -1, -0.01, 1e-7, 0.005, 1.005, 12.345, 100000000, -100000000, 1e15, 2 ** 53, 1e21, 1e300, -1e300, Number.MAX_SAFE_INTEGER,
    '', ' ', '0', '-1', '1e400', '100000000', '0000-00-00', '9999-12-31T23:59:59Z', '1970-01-01', '0001-01-01', 'NaN',
    'null', '{}', '[]', '__proto__', 'constructor', 'approved', 'credit_card', 'BRL', 'USD', true, false, null,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.nat({ max: 40000 }).map((n) => 'x'.repeat(n)),
  fc.nat({ max: 2000 }).map((n) => '9'.repeat(n)),
  fc.nat({ max: 2000 }).map((n) => `a@${'.'.repeat(n)}`),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom({}, [], [[]], { qty: 100000000 }, { '0': {} }) },
);

type Json = unknown;
type Mutation =
  | { op: 'delete'; pick: number }
  | { op: 'set'; pick: number; value: unknown }
  | { op: 'retype'; pick: number }
  | { op: 'duplicate'; pick: number; times: number }
  | { op: 'setPath'; path: string[]; value: unknown };

/** Fields the mapping computes with: a random pick would rarely land on them. */
const SENSITIVE_PATHS: string[][] = [
  'payment.installments.qty', 'payment.instalments.qty', 'payment.total', 'payment.discount_value', 'payment.installments.interest',
  'payment.coupon.incidence_value', 'payment.coupon.incidence_type', 'shipping.value', 'items.0.qty', 'items.0.unit_value',
  'items.0.total_value', 'items.0.id', 'product.qty', 'dates.updated_at', 'dates.confirmed_at', 'dates.ordered_at',
  'dates.warranty_until', 'contact.doc', 'contact.email', 'contact.name', 'contact.address_zip_code', 'status', 'id', 'items',
].map((path) => path.split('.'));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), pick: fc.nat(), value: hostileValue }),
  fc.record({ op: fc.constant('retype' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), pick: fc.nat(), times: fc.integer({ min: 2, max: 150 }) }),
  fc.record({ op: fc.constant('setPath' as const), path: fc.constantFrom(...SENSITIVE_PATHS), value: hostileValue }),
);

/** Every path (keys / indexes) of a JSON value, the root excluded. */
function pathsOf(value: Json): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const stack: { node: Json; path: (string | number)[] }[] = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const entries: [string | number, Json][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node as Record<string, Json>);
    for (const [key, child] of entries) {
      paths.push([...path, key]);
      stack.push({ node: child, path: [...path, key] });
    }
  }
  return paths;
}

/** A deep copy: constants of the arbitraries are shared instances, never to be changed in place. */
function copy(value: unknown): Json {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** Sets `path` in `body` (an object), creating the objects on the way. */
function setPath(body: Json, path: string[], value: unknown): void {
  if (body === null || typeof body !== 'object') return;
  let node = body as Record<string, Json>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, Json>;
  }
  node[path[path.length - 1]!] = value;
}

function retyped(value: Json): Json {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : [value];
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  if (value !== null && typeof value === 'object') return Object.values(value);
  return value === null ? {} : String(value);
}

function duplicated(value: Json, times: number): Json {
  if (typeof value === 'string') return value.repeat(Math.min(times, 200));
  if (Array.isArray(value)) return Array.from({ length: times }, () => value).flat();
  if (typeof value === 'number') return value * 10 ** Math.min(times, 30);
  return Array.from({ length: times }, () => value);
}

/** `body` (a fresh copy) with `mutations` applied at paths picked among its current ones. */
export function mutate(body: Json, mutations: Mutation[]): Json {
  const root = { body: JSON.parse(JSON.stringify(body)) as Json };
  for (const m of mutations) {
    if (m.op === 'setPath') {
      setPath(root.body, m.path, copy(m.value));
      continue;
    }
    const paths = pathsOf(root.body).map((p) => ['body', ...p]);
    paths.push(['body']);
    const path = paths[m.pick % paths.length]!;
    let parent: Record<string | number, Json> = root as Record<string, Json>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
    const last = path[path.length - 1]!;
    if (m.op === 'delete') {
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else if (last === 'body') parent[last] = {};
      else delete parent[last];
    } else if (m.op === 'set') parent[last] = copy(m.value);
    else if (m.op === 'retype') parent[last] = retyped(parent[last]);
    else parent[last] = copy(duplicated(parent[last], m.times));
    if (JSON.stringify(root.body).length > MAX_MUTATED_CHARS) break;
  }
  return JSON.parse(JSON.stringify(root.body)) as Json;
}

/** Mutated bodies stop growing past this (4 × the raw bound: far beyond it still tests the refusal). */
const MAX_MUTATED_CHARS = 4 * GURU_BOUNDS.maxBytes;

/** A real sale from the generator (random options within its documented ranges). */
const generatedBody: fc.Arbitrary<Json> = fc
  .record({
    seed: fc.nat(),
    method: fc.constantFrom(...GENERATED_PAYMENT_METHODS),
    installments: fc.integer({ min: 1, max: 12 }),
    status: fc.constantFrom('approved', 'waiting_payment', 'billet_printed', 'refunded', 'canceled', 'completed', 'abandoned'),
    buyer: fc.constantFrom('cpf' as const, 'cnpj' as const),
  })
  .map((options) => generateSale({ ...options, installments: options.method === 'credit_card' ? options.installments : 1 }).transaction);

const realBody: fc.Arbitrary<Json> = fc.oneof(generatedBody, fc.constant(null).map(() => baseBody() as Json));

/** A Guru transaction body: arbitrary JSON, or a real one mutated 1-6 times. */
export const hostileBody: fc.Arbitrary<Json> = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('id', 'status', 'items', 'product', 'payment', 'dates', 'contact', 'shipping', 'type'), hostileValue) },
  { weight: 6, arbitrary: fc.tuple(realBody, fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([body, ms]) => mutate(body, ms)) },
);

/** Settings the fuzz maps with: the generator's products (all configured) or the golden ones. */
export const fuzzConfig: fc.Arbitrary<IntegrationConfigSnapshot> = fc.oneof(
  fc.record({ enviarParcelas: fc.boolean(), criarVendaComJuros: fc.boolean() }).map((o) => buildIntegrationConfig({ accountId: 'acc-golden', ...o })),
  fc.record({ enviarParcelas: fc.boolean(), criarVendaComJuros: fc.boolean() }).map((o) => goldenConfig(o)),
);

/** What the mapping-service handler does with one raw value, up to the decision (no Kafka, no DB). */
export type HandledValue =
  | { stage: 'refused'; field: string; reason: string }
  | { stage: 'decided'; decision: MappingDecision };

/**
 * The sales handler's decision path (sale-processor handleGuruEvent without I/O): bounds on the
 * raw bytes, the envelope contract, then mapSale. A refusal is what the consumer dead-letters.
 * Anything else thrown is a bug and propagates.
 */
export function handleValue(value: Buffer, config: IntegrationConfigSnapshot | null): HandledValue {
  let event: GuruTransactionEvent;
  try {
    event = parseContract(GURU_TRANSACTION_EVENT, GuruTransactionEventSchema, decodeJson(value, GURU_BOUNDS));
  } catch (error) {
    if (error instanceof PermanentMessageError || error instanceof ContractViolation || error instanceof SyntaxError) {
      const { reason, field } = deadLetterReason(error);
      return { stage: 'refused', field: field ?? '', reason };
    }
    throw error;
  }
  return { stage: 'decided', decision: mapSale({ event, config, now: NOW }) };
}

/** Problems of one decision: empty when it is a well-formed order, result or invalid. */
export function decisionProblems(decision: MappingDecision): string[] {
  if (decision.kind === 'invalid') {
    if (!/^(transaction|saleOrder)(\.|$)/.test(decision.field)) return [`invalid without a field path: ${decision.field}`];
    if (decision.field.startsWith('saleOrder')) return [`mapped order broke its contract: ${decision.field}: ${decision.reason}`];
    return decision.reason ? [] : ['invalid without a reason'];
  }
  if (decision.kind === 'result') return ['ignored', 'needs_configuration'].includes(decision.result.outcome) ? [] : [`unexpected outcome ${decision.result.outcome}`];
  if (decision.kind !== 'order') return [`unknown decision kind ${(decision as { kind: unknown }).kind}`];
  const checked = SaleOrderSchema.safeParse(decision.order);
  return [...(checked.success ? [] : ['order breaks SaleOrderSchema']), ...moneyInvariants(decision.order)];
}

export interface FuzzReport {
  runs: number;
  seed: number;
  /** Decisions by kind (`refused` = dead-lettered before the mapping: size, depth, envelope). */
  kinds: Record<string, number>;
  elapsedMs: number;
  perCallMs: { p50: number; p99: number; max: number };
  /** Heap growth during one call, over the calls no garbage collection interrupted. */
  perCallBytes: { p50: number; p99: number; max: number; sampled: number };
  /** Calls that threw or returned a malformed decision. */
  failed: number;
  /** Up to 5 failing inputs (JSON, cut) with their problem. */
  failures: { problem: string; input: string }[];
}

/** Samples drawn 100 at a time (a run of 100 000 never holds them all). */
function* lazySamples(runs: number, seed: number): Generator<[Json, IntegrationConfigSnapshot, boolean]> {
  const arbitrary = fc.tuple(hostileBody, fuzzConfig, fc.boolean());
  for (let done = 0, batch = 0; done < runs; batch += 1) {
    const size = Math.min(100, runs - done);
    yield* fc.sample(arbitrary, { numRuns: size, seed: seed + batch * 7919 });
    done += size;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * Maps `runs` hostile payloads through `handleValue`, measuring each call: time (hrtime) and heap
 * growth (v8 used_heap_size before and after; a call during which the heap shrank was interrupted
 * by a garbage collection and is left out of the allocation figures). Records, without stopping,
 * every call that throws or returns a malformed decision.
 */
export function runMappingFuzz(options: { runs: number; seed: number }): FuzzReport {
  const kinds: Record<string, number> = {};
  const times: number[] = [];
  const bytes: number[] = [];
  const failures: FuzzReport['failures'] = [];
  let failed = 0;
  const started = process.hrtime.bigint();
  for (const [body, config, withAccount] of lazySamples(options.runs, options.seed)) {
    const value = Buffer.from(JSON.stringify(withAccount ? eventOf(body) : { accountId: 'acc-golden', transaction: body }), 'utf8');
    const heapBefore = getHeapStatistics().used_heap_size;
    const t0 = process.hrtime.bigint();
    let problems: string[];
    let kind: string;
    try {
      const handled = handleValue(value, config);
      kind = handled.stage === 'refused' ? 'refused' : handled.decision.kind;
      problems = handled.stage === 'refused' ? (handled.field ? [] : [`refused without a field: ${handled.reason}`]) : decisionProblems(handled.decision);
    } catch (error) {
      kind = 'threw';
      problems = [`threw ${(error as Error)?.stack ?? String(error)}`];
    }
    const t1 = process.hrtime.bigint();
    const grown = getHeapStatistics().used_heap_size - heapBefore;
    times.push(Number(t1 - t0) / 1e6);
    if (grown >= 0) bytes.push(grown);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    if (problems.length > 0) failed += 1;
    if (problems.length > 0 && failures.length < 5) failures.push({ problem: problems.join('; '), input: value.toString('utf8').slice(0, 2000) });
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  times.sort((a, b) => a - b);
  bytes.sort((a, b) => a - b);
  return {
    runs: options.runs,
    seed: options.seed,
    kinds,
    elapsedMs: Math.round(elapsedMs),
    perCallMs: { p50: round(percentile(times, 0.5)), p99: round(percentile(times, 0.99)), max: round(times[times.length - 1] ?? 0) },
    perCallBytes: { p50: percentile(bytes, 0.5), p99: percentile(bytes, 0.99), max: bytes[bytes.length - 1] ?? 0, sampled: bytes.length },
    failed,
    failures,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The documented ceilings per call (docs/mapping.md#fuzz). */
export const FUZZ_CEILINGS = { maxMsPerCall: 1000, maxBytesPerCall: 16 * 1024 * 1024 } as const;

/** A hostile Guru message the handler dead-letters, with the field and reason it will carry. */
export interface HostileMessage {
  key: string;
  value: Buffer;
  field: string;
  reason: string;
}

/**
 * `count` hostile messages for `accountId` (for the through-Kafka fuzz): drawn like the fuzz's
 * payloads, keeping only those the handler dead-letters (refused, or an invalid decision with
 * `config`) and at most `maxBytes` long (what the broker accepts). Keys are the sale keys the
 * handler expects, so each is dead-lettered for its payload, not for its key.
 */
export function hostileMessages(options: { count: number; seed: number; accountId: string; config: IntegrationConfigSnapshot; maxBytes: number }): HostileMessage[] {
  const found: HostileMessage[] = [];
  for (let batch = 0; found.length < options.count; batch += 1) {
    for (const body of fc.sample(hostileBody, { numRuns: 100, seed: options.seed + batch * 7919 })) {
      const value = Buffer.from(JSON.stringify({ accountId: options.accountId, receivedAt: '2026-03-10T14:03:05Z', transaction: body }), 'utf8');
      if (value.length > options.maxBytes) continue;
      const handled = handleValue(value, options.config);
      const fallbackKey = `${options.accountId}:hostile-${found.length}`;
      if (handled.stage === 'refused') {
        found.push({ key: fallbackKey, value, field: handled.field, reason: handled.reason });
      } else if (handled.decision.kind === 'invalid') {
        const id = handled.decision.guruTransactionId;
        found.push({ key: id === null ? fallbackKey : saleKey(options.accountId, id), value, field: handled.decision.field, reason: handled.decision.reason });
      }
      if (found.length === options.count) break;
    }
  }
  return found;
}
