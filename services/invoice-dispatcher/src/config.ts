import { z } from 'zod';
import type { GrpcClientTls } from '@gv/contracts';
import { checkKafkaSecurity, checkOpsHttpToken, ConfigError, env, GRPC_TLS_OFF_IN_PRODUCTION, grpcTlsEnabled, grpcTlsSwitch, KAFKA_PRINCIPALS, kafkaSecurityEnv, loadConfig, opsHttpToken, readPemFile } from '@gv/service-config';
import { burstSpanMs, burstToleranceMs } from './limits/burst-tolerance';

const optionalPath = () => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());
const optionalText = z.string().optional().transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const DispatcherConfigSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    /** Health and Prometheus metrics. */
    DISPATCHER_HTTP_PORT: env.port(3003),
    /** Bind address of the HTTP surface: loopback by default (the Docker image sets 0.0.0.0), as in the other services. */
    HTTP_HOST: z.string().default('127.0.0.1'),
    /** Bearer token of /metrics (and the other ops routes that are not probes); required when HTTP_HOST is not loopback. */
    OPS_HTTP_TOKEN: opsHttpToken(),
    DATABASE_URL: env.databaseUrl(),
    DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('invoice_dispatcher'),
    DB_POOL_SIZE: env.positiveInt(30),
    /** application_name of this instance's connections (pg_stat_activity); the crash guard's gets "-crash-guard". */
    DB_APPLICATION_NAME: z.string().regex(/^[A-Za-z0-9_.:-]{1,48}$/).default('invoice-dispatcher'),
    KAFKA_BROKERS: env.brokers(),
    /** TLS and SASL to the brokers; the principal defaults to invoice-dispatcher (docs/kafka.md#security). */
    ...kafkaSecurityEnv(KAFKA_PRINCIPALS.invoiceDispatcher),
    KAFKA_CLIENT_ID: z.string().default('invoice-dispatcher'),
    /** Prefix for the consumer groups (tests use unique ones); DLQ names derive from the group. */
    KAFKA_GROUP_PREFIX: z.string().default(''),
    /** Prefix for every topic the dispatcher reads or writes (isolated test and staging runs). */
    KAFKA_TOPIC_PREFIX: env.topicPrefix(),
    KAFKA_SESSION_TIMEOUT_MS: env.positiveInt(30000),
    /** Partitions worked on at once per consumer (main and retry). */
    KAFKA_PARTITIONS_CONCURRENCY: env.positiveInt(6),
    /**
     * Sale-order fetches: the broker answers once it has this many bytes (a sale order is ~2–3 KB)
     * or after KAFKA_FETCH_MAX_WAIT_MS, so a steady stream does not cost a fetch per message.
     */
    KAFKA_FETCH_MIN_BYTES: env.positiveInt(16384),
    KAFKA_FETCH_MAX_WAIT_MS: env.positiveInt(20),
    /**
     * Messages in flight per consumer (main and retry), processed concurrently across sale keys
     * and in order per key (ConsumerRunner keyConcurrency). 0 = one message at a time per partition.
     */
    DISPATCHER_MAX_IN_FLIGHT: z.coerce.number().int().min(0).default(512),
    /**
     * Fair intake (docs/kafka.md#fair-intake): messages of one account (main and retry consumers)
     * start at once up to DISPATCHER_ACCOUNT_INTAKE_BURST, then at this many per second, waiting
     * outside the in-flight window, so a burst of one account does not take the process (and the
     * database) away from the others' sales behind it. Far above what one account can complete
     * (its Vhsys quota allows a few sales a second), so a flood is spread, not slowed. 0 = off.
     */
    DISPATCHER_ACCOUNT_INTAKE_PER_SECOND: z.coerce.number().min(0).max(100000).default(50),
    DISPATCHER_ACCOUNT_INTAKE_BURST: env.positiveInt(32),
    /** Paced messages start on ticks this far apart, a few together (their hand-offs share a statement). */
    DISPATCHER_ACCOUNT_INTAKE_TICK_MS: env.positiveInt(250),
    /**
     * A flooding account's messages whose turn came also wait in the intake queue until the
     * account has a free place (VHSYS_ACCOUNT_MAX_IN_FLIGHT + VHSYS_ACCOUNT_MAX_QUEUED), while the
     * queue is at most half full, instead of being recorded and handed off at the intake pace
     * (docs/dispatcher.md#fair-scheduling). Their offsets stay uncommitted meanwhile.
     */
    DISPATCHER_ACCOUNT_INTAKE_WAITS_FOR_SLOTS: env.bool(true),
    /**
     * Messages (and bytes) waiting for their account's turn outside the window, per consumer. A
     * burst beyond it waits inside the window, which stops the fetch (the other accounts wait
     * again): memory stays bounded by the window and this.
     */
    DISPATCHER_INTAKE_QUEUE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(20000),
    DISPATCHER_INTAKE_QUEUE_MAX_BYTES: z.coerce.number().int().min(0).default(64 * 1024 * 1024),
    /** Sales of one Vhsys account reconciled at once; more wait in the account's own queue. */
    VHSYS_ACCOUNT_MAX_IN_FLIGHT: env.positiveInt(2),
    /**
     * Sales of one account that may wait in this instance for its slots (each holds a consumer
     * in-flight slot meanwhile); further ones are handed off to the ledger, paced by the account's
     * backlog, so one account's flood or backlog never fills a consumer's in-flight window. Small
     * next to DISPATCHER_MAX_IN_FLIGHT, large enough that a busy but healthy account's short
     * pile-up waits here rather than for the retry waker.
     */
    VHSYS_ACCOUNT_MAX_QUEUED: z.coerce.number().int().min(0).default(8),
    /**
     * Statements at once of sales whose account is full (recording and handing them off): a burst
     * of one account waits behind this many, not in the connection pool ahead of other accounts.
     */
    DISPATCHER_HANDOFF_CONCURRENCY: env.positiveInt(4),
    /** Sales of full accounts recorded and handed off in one statement at most (a burst's group commit). */
    DISPATCHER_HANDOFF_MAX_BATCH: env.positiveInt(200),
    /** Longest delay of a sale handed off by a busy account (its schedule reaches no further). */
    DISPATCHER_HANDOFF_MAX_DELAY_MS: env.positiveInt(300000),
    /**
     * Sales reconciled at once over all accounts. A sale holds no database connection while Vhsys
     * answers (its lease is a row), so this is bounded by memory and by the per-account cap, not
     * by DB_POOL_SIZE.
     */
    DISPATCHER_MAX_RECONCILING: env.positiveInt(512),
    /**
     * How long a sale's lease lasts unrenewed (the holder renews it every third of this and before
     * each Vhsys write). A crashed instance's sales are taken over after at most this; it must
     * outlast VHSYS_TIMEOUT_MS by at least 10 s.
     */
    SALE_LEASE_TTL_MS: env.positiveInt(60000),
    /**
     * Milliseconds a finished sale's result waits for others before the outbox relay publishes
     * them together (one pass: three round trips and one produce request for all of them).
     */
    DISPATCHER_OUTBOX_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(20),
    VHSYS_BASE_URL: env.url('http://127.0.0.1:18080/v2'),
    VHSYS_TIMEOUT_MS: env.positiveInt(15000),
    VHSYS_USER_AGENT: z.string().default('guru-vhsys-invoice-dispatcher/0.1'),
    /**
     * Sustained requests per second per Vhsys account. Vhsys reports x-ratelimit-limit 10000 with an
     * unknown window; 2/s stays under it even if the window is one hour (10000/h ≈ 2.8/s).
     */
    VHSYS_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(2),
    VHSYS_RATE_LIMIT_BURST: env.positiveInt(5),
    /** Longest wait for an account's token before its sale is sent to the retry topic instead. */
    VHSYS_RATE_LIMIT_MAX_WAIT_MS: z.coerce.number().int().min(0).default(1000),
    /**
     * Longest the dispatcher may be late for an account's rate slot (a slow reservation, a stalled
     * event loop) before it takes a new slot instead: a late request would reach Vhsys bunched with
     * the next ones. The burst keeps room for this much lateness together with
     * VHSYS_RATE_LIMIT_JITTER_MS (limits/burst-tolerance.ts), so Vhsys still counts at most
     * burst + rate in any second.
     */
    VHSYS_RATE_LIMIT_MAX_LATENESS_MS: z.coerce.number().int().min(1).default(50),
    /**
     * How much later than it leaves the dispatcher a request may reach Vhsys's count without the
     * dispatcher seeing it (the network, a new connection, either side's scheduling). When this plus
     * VHSYS_RATE_LIMIT_MAX_LATENESS_MS reaches an interval between requests, the burst is shortened
     * by the difference so Vhsys still counts at most burst + rate in any second; at the default
     * 2/s it costs nothing. Must stay below BURST × 1000 / PER_SECOND − MAX_LATENESS_MS.
     */
    VHSYS_RATE_LIMIT_JITTER_MS: z.coerce.number().int().min(0).default(200),
    /**
     * When Vhsys reports x-ratelimit-remaining at or below this, the account is held back for
     * VHSYS_RATE_LIMIT_RESERVE_PAUSE_MS (its window is unknown), so the budget is never exhausted.
     */
    VHSYS_RATE_LIMIT_RESERVE: z.coerce.number().int().min(0).default(100),
    VHSYS_RATE_LIMIT_RESERVE_PAUSE_MS: env.positiveInt(60000),
    /** Vhsys requests in flight at once, over all accounts. */
    VHSYS_MAX_CONCURRENCY: env.positiveInt(256),
    CONFIG_SERVICE_GRPC_URL: z.string().regex(/^[^:]+:\d+$/, 'must be host:port').default('127.0.0.1:50051'),
    CONFIG_SERVICE_INTERNAL_TOKEN: optionalText,
    /**
     * `on`: GetCredentials over mutual TLS (CONFIG_SERVICE_GRPC_URL is config-service's internal
     * port). `off`: plaintext, development only. Unset: `on` when NODE_ENV=production (where `off`
     * is refused), `off` otherwise (a warning is logged).
     */
    GRPC_TLS: grpcTlsSwitch(),
    /** PEM CA certificate(s) config-service's server certificate must chain to. */
    GRPC_TLS_CA_FILE: optionalPath(),
    /** PEM client certificate and key this service presents to config-service. */
    GRPC_TLS_CERT_FILE: optionalPath(),
    GRPC_TLS_KEY_FILE: optionalPath(),
    CONFIG_SERVICE_TIMEOUT_MS: env.positiveInt(5000),
    /** How long fetched credentials are trusted without a newer credentialsVersion. */
    CREDENTIALS_CACHE_TTL_MS: env.positiveInt(10 * 60 * 1000),
    /** Test-only JSON map accountId → { accessToken, secretAccessToken, credentialsVersion }. */
    STATIC_CREDENTIALS: optionalText,
    RETRY_BASE_DELAY_MS: env.positiveInt(1000),
    RETRY_MAX_DELAY_MS: env.positiveInt(60000),
    RETRY_MAX_ATTEMPTS: env.positiveInt(15),
    /**
     * Retries due within this ride the retry topic (its partition pauses until they are due);
     * longer waits are kept in the ledger and woken by the waker, so no retry partition is ever
     * blocked for longer than this.
     */
    RETRY_TOPIC_MAX_DELAY_MS: env.positiveInt(5000),
    RETRY_WAKER_INTERVAL_MS: env.positiveInt(1000),
    /** How often audit findings still `repairing` are checked against the ledger and concluded (docs/operations.md#auditing-vhsys-against-the-ledger). */
    AUDIT_SETTLE_INTERVAL_MS: env.positiveInt(15000),
    /** Probe interval of sales parked by an authentication failure. */
    PARKED_RETRY_DELAY_MS: env.positiveInt(10 * 60 * 1000),
    CIRCUIT_FAILURE_THRESHOLD: env.positiveInt(5),
    CIRCUIT_OPEN_MS: env.positiveInt(2000),
    CIRCUIT_MAX_OPEN_MS: env.positiveInt(60000),
    /** How far before an interrupted step the marker lookup searches Vhsys. */
    MARKER_LOOKBACK_MS: env.positiveInt(15 * 60 * 1000),
    /**
     * Pages (of 250 rows, one Vhsys request each) one attempt's marker search may read; a search
     * that needs more is saved on the step's row and resumed by the next attempt.
     */
    MARKER_SEARCH_PAGES_PER_ATTEMPT: env.positiveInt(10),
    /** How soon a marker search that used up its attempt's pages goes on (through the retry topic). */
    MARKER_SEARCH_RESUME_DELAY_MS: z.coerce.number().int().min(0).default(1000),
    LOG_LEVEL: env.logLevel(),
  })
  .superRefine((c, ctx) => {
    checkOpsHttpToken(c, ctx);
    if (c.GRPC_TLS === 'off' && c.NODE_ENV === 'production') ctx.addIssue({ code: 'custom', path: ['GRPC_TLS'], message: GRPC_TLS_OFF_IN_PRODUCTION });
    checkKafkaSecurity(c, ctx);
    if (c.STATIC_CREDENTIALS !== undefined && c.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['STATIC_CREDENTIALS'], message: 'is for tests only and refused when NODE_ENV=production' });
    }
    if (c.STATIC_CREDENTIALS === undefined && c.CONFIG_SERVICE_INTERNAL_TOKEN === undefined) {
      ctx.addIssue({ code: 'custom', path: ['CONFIG_SERVICE_INTERNAL_TOKEN'], message: 'is required (the token config-service lists in INTERNAL_API_TOKENS)' });
    }
    if (c.STATIC_CREDENTIALS !== undefined) {
      try {
        JSON.parse(c.STATIC_CREDENTIALS);
      } catch {
        ctx.addIssue({ code: 'custom', path: ['STATIC_CREDENTIALS'], message: 'must be JSON' });
      }
    }
    if (c.SALE_LEASE_TTL_MS < c.VHSYS_TIMEOUT_MS + 10000) {
      ctx.addIssue({ code: 'custom', path: ['SALE_LEASE_TTL_MS'], message: 'must outlast VHSYS_TIMEOUT_MS by at least 10000 ms (a write must end before its lease can pass on)' });
    }
    const budget = {
      perSecond: c.VHSYS_RATE_LIMIT_PER_SECOND, burst: c.VHSYS_RATE_LIMIT_BURST, maxLatenessMs: c.VHSYS_RATE_LIMIT_MAX_LATENESS_MS, jitterMs: c.VHSYS_RATE_LIMIT_JITTER_MS,
    };
    if (burstToleranceMs(budget) < 0) {
      const span = Math.floor(burstSpanMs(budget));
      ctx.addIssue({
        code: 'custom', path: ['VHSYS_RATE_LIMIT_JITTER_MS'],
        message: `plus VHSYS_RATE_LIMIT_MAX_LATENESS_MS must stay below the burst's span, VHSYS_RATE_LIMIT_BURST × 1000 / VHSYS_RATE_LIMIT_PER_SECOND = ${span} ms: requests that late could not be kept within burst + rate in a second`,
      });
    }
    if (c.RETRY_MAX_DELAY_MS < c.RETRY_BASE_DELAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['RETRY_MAX_DELAY_MS'], message: 'must be at least RETRY_BASE_DELAY_MS' });
    }
  });

export type DispatcherConfig = z.infer<typeof DispatcherConfigSchema> & {
  /** The PEM material for GetCredentials when GRPC_TLS is on (read at start-up); null: plaintext or STATIC_CREDENTIALS. */
  readonly grpcTls: GrpcClientTls | null;
};

export function loadDispatcherConfig(source: Record<string, string | undefined> = process.env): DispatcherConfig {
  const raw = loadConfig('invoice-dispatcher', DispatcherConfigSchema as unknown as z.ZodObject<z.ZodRawShape>, source) as z.infer<typeof DispatcherConfigSchema>;
  return Object.freeze({ ...raw, grpcTls: grpcClientTls(raw) });
}

/** The client's PEM files when GetCredentials is called over gRPC with GRPC_TLS on; problems name the variable. */
function grpcClientTls(raw: z.infer<typeof DispatcherConfigSchema>): GrpcClientTls | null {
  if (raw.STATIC_CREDENTIALS !== undefined || !grpcTlsEnabled(raw.NODE_ENV, raw.GRPC_TLS)) return null;
  const ca = readPemFile('GRPC_TLS_CA_FILE', raw.GRPC_TLS_CA_FILE, 'CERTIFICATE');
  const cert = readPemFile('GRPC_TLS_CERT_FILE', raw.GRPC_TLS_CERT_FILE, 'CERTIFICATE');
  const key = readPemFile('GRPC_TLS_KEY_FILE', raw.GRPC_TLS_KEY_FILE, 'PRIVATE KEY');
  const problems = [ca, cert, key].flatMap((read) => (read.problem ? [read.problem] : []));
  if (problems.length > 0) throw new ConfigError('invoice-dispatcher', problems);
  return { ca: ca.pem!, cert: cert.pem!, key: key.pem! };
}
