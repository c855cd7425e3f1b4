import { createHash } from 'crypto';
import { z } from 'zod';
import { checkKafkaSecurity, checkOpsHttpToken, ConfigError, env, GRPC_TLS_OFF_IN_PRODUCTION, grpcTlsEnabled, grpcTlsSwitch, KAFKA_PRINCIPALS, kafkaSecurityEnv, loadConfig, opsHttpToken, readPemFile } from '@gv/service-config';
import { parseDevUserTokens } from './imports/guru-user-tokens';
import { parseEncryptionKeys } from './security/secret-box';
import { parseServiceTokens, ServiceTokenEntry } from './security/service-tokens';

/**
 * DEVELOPMENT-ONLY defaults for the three secrets, so `npm run start:config-service` works on a
 * laptop. They are public (they are in this file and in docs/config-service.md) and therefore
 * refused when NODE_ENV=production: production must set CONFIG_ENCRYPTION_KEYS, ADMIN_API_TOKENS
 * and INTERNAL_API_TOKENS from its secret store.
 */
export const DEV_ONLY_DEFAULTS = {
  CONFIG_ENCRYPTION_KEYS: `dev:${createHash('sha256').update('guru-vhsys config-service DEVELOPMENT ONLY key').digest('base64')}`,
  CONFIG_ENCRYPTION_ACTIVE_KEY: 'dev',
  ADMIN_API_TOKENS: 'dev-admin:dev-admin-token-not-for-production:*:operator',
  INTERNAL_API_TOKENS: 'invoice-dispatcher:dev-internal-token-not-for-production',
  SALES_HISTORY_KEY: createHash('sha256').update('guru-vhsys config-service sales history DEVELOPMENT ONLY key').digest('base64'),
} as const;

/** Shortest SALES_HISTORY_KEY accepted (bytes, after base64 decoding). */
export const SALES_HISTORY_KEY_MIN_BYTES = 32;

const DEV_TOKENS = new Set(
  [DEV_ONLY_DEFAULTS.ADMIN_API_TOKENS, DEV_ONLY_DEFAULTS.INTERNAL_API_TOKENS].flatMap((list) => parseServiceTokens(list, { withAccounts: list === DEV_ONLY_DEFAULTS.ADMIN_API_TOKENS }).entries.map((e) => e.token)),
);
const DEV_KEYS = [...parseEncryptionKeys(DEV_ONLY_DEFAULTS.CONFIG_ENCRYPTION_KEYS).keys.values()];

/**
 * The entries of a production secret list that are public development values: any key equal to
 * the development key (whatever its id), any token equal to a development token (whatever its
 * name or list). Comparing whole values is not enough: `a:b,<development entry>` must be refused
 * too. Messages name the entry (key id, token name), never a value.
 */
function developmentSecretsIn(name: 'CONFIG_ENCRYPTION_KEYS' | 'ADMIN_API_TOKENS' | 'INTERNAL_API_TOKENS', text: string): string[] {
  if (name === 'CONFIG_ENCRYPTION_KEYS') {
    return [...parseEncryptionKeys(text).keys]
      .filter(([, key]) => DEV_KEYS.some((dev) => dev.equals(key)))
      .map(([id]) => `key ${id} is the public development key, refused when NODE_ENV=production`);
  }
  return parseServiceTokens(text, { withAccounts: name === 'ADMIN_API_TOKENS' })
    .entries.filter((e) => DEV_TOKENS.has(e.token))
    .map((e) => `entry ${e.name} has a public development token, refused when NODE_ENV=production`);
}

const optionalSecret = () => z.string().trim().min(1).optional();
const optionalPath = () => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().optional());

export const ConfigServiceEnvSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    CONFIG_SERVICE_HTTP_PORT: env.port(3001),
    /** Both gRPC services (admin and internal credentials), unless CONFIG_SERVICE_INTERNAL_GRPC_PORT is set. */
    CONFIG_SERVICE_GRPC_PORT: env.port(50051),
    /**
     * When set, VhsysCredentials (GetCredentials, the dispatcher's) listens on this port alone and
     * CONFIG_SERVICE_GRPC_PORT serves only the admin service: the two can then be exposed to
     * different networks. Unset (or empty): both on CONFIG_SERVICE_GRPC_PORT.
     */
    CONFIG_SERVICE_INTERNAL_GRPC_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
    /**
     * `on`: TLS on both gRPC ports, and mutual TLS on the internal one (GetCredentials), which must
     * then be a port of its own. `off`: plaintext, for development only. Unset: `on` when
     * NODE_ENV=production (where `off` is refused), `off` otherwise (a warning is logged).
     */
    GRPC_TLS: grpcTlsSwitch(),
    /** PEM certificate chain and private key of the gRPC server (both ports). */
    GRPC_TLS_CERT_FILE: optionalPath(),
    GRPC_TLS_KEY_FILE: optionalPath(),
    /** PEM CA certificate(s) whose client certificates the internal port accepts (mutual TLS). */
    GRPC_TLS_CLIENT_CA_FILE: optionalPath(),
    /** Loopback by default; containers set 0.0.0.0. */
    HTTP_HOST: z.string().default('127.0.0.1'),
    /** Bearer token of /metrics and /docs; required when HTTP_HOST is not loopback (the REST API has its own tokens). */
    OPS_HTTP_TOKEN: opsHttpToken(),
    GRPC_HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: env.databaseUrl(),
    DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier').default('config_service'),
    KAFKA_BROKERS: env.brokers(),
    /** TLS and SASL to the brokers; the principal defaults to config-service (docs/kafka.md#security). */
    ...kafkaSecurityEnv(KAFKA_PRINCIPALS.configService),
    /** Prefix of every topic's name (isolated test stacks and staging runs; empty in production). */
    KAFKA_TOPIC_PREFIX: env.topicPrefix(),
    /** Prefix of the consumer groups (the sales history; the Operações routes read this deployment's groups): isolated test stacks; empty in production. */
    KAFKA_GROUP_PREFIX: z.string().trim().regex(/^[A-Za-z0-9._-]*$/, "may hold only letters, digits, '.', '_' and '-'").default(''),
    KAFKA_SESSION_TIMEOUT_MS: env.positiveInt(30000),
    /**
     * Base64 key (at least 32 bytes) of the sales history: the keyed hash of buyer documents (the
     * buyer-document filter; the clear document is never stored) and the signature of list
     * cursors. Changing it makes stored hashes unmatched until the sales are seen again, and
     * invalidates open cursors. Dev-only default outside production.
     */
    SALES_HISTORY_KEY: optionalSecret(),
    VHSYS_BASE_URL: env.url('http://127.0.0.1:18080/v2'),
    /** Deadline of each Vhsys call made while saving (token check, product, situações). */
    VHSYS_TIMEOUT_MS: env.positiveInt(10000),
    /**
     * Guru's REST API v2 (with /api/v2; production: https://digitalmanager.guru/api/v2): the check of
     * the seller's Guru API user token when it is saved, and imports of past sales. Default: the
     * local Guru API simulator (`npm run guru-simulator`).
     */
    GURU_API_BASE_URL: env.url('http://127.0.0.1:18090/api/v2'),
    /** Deadline of one Guru HTTP attempt (the token check, each page of an import). */
    GURU_API_TIMEOUT_MS: env.positiveInt(10000),
    /** `k1:<base64 32 bytes>,k2:<...>`; dev-only default outside production. */
    CONFIG_ENCRYPTION_KEYS: optionalSecret(),
    /** Key id new tokens are sealed with (default: the only key). */
    CONFIG_ENCRYPTION_ACTIVE_KEY: z.string().trim().min(1).optional(),
    /** Admin backend tokens: `name:token:acct1|acct2` or `name:token:*`, comma-separated, or JSON. */
    ADMIN_API_TOKENS: optionalSecret(),
    /** GetCredentials callers: `invoice-dispatcher:<token>`, comma-separated, or JSON. */
    INTERNAL_API_TOKENS: optionalSecret(),
    /**
     * The Operações routes (operators only, docs/operations.md#the-operations-view) read the other
     * services' tables (paused accounts, outbox backlog) and write the dead-letter replay journal
     * over a connection of their own: in production a role with SELECT on those tables and on the
     * journal schema. Default: DATABASE_URL.
     */
    OPERATIONS_DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
    /** Schema of the replay journal, shared with `npm run ops -- dlq replay` (its OPS_SCHEMA) so a letter is replayed once whichever replays it. */
    OPERATIONS_JOURNAL_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier').default('ops'),
    OPERATIONS_MAPPING_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier').default('mapping_service'),
    OPERATIONS_DISPATCHER_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier').default('invoice_dispatcher'),
    /**
     * The Operações routes talk to Kafka as the `ops` principal (dead letters, replays, group
     * offsets), never with config-service's own login: same protocol and TLS, their own SASL user.
     */
    OPERATIONS_KAFKA_SASL_USERNAME: z.string().trim().min(1).default(KAFKA_PRINCIPALS.ops),
    OPERATIONS_KAFKA_SASL_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    OPERATIONS_KAFKA_SASL_PASSWORD_FILE: optionalPath(),
    /** Delay before this instance starts publishing the outbox (tests use it to simulate a crash before the publish). */
    OUTBOX_RELAY_START_DELAY_MS: z.coerce.number().int().min(0).default(0),
    OUTBOX_POLL_INTERVAL_MS: env.positiveInt(1000),
    /** The web console's files (index.html, modules, styles), served at /console/; default services/console/src next to this service. */
    CONSOLE_DIR: optionalPath(),
    /**
     * DEVELOPMENT AND TESTS ONLY, refused when NODE_ENV=production: the sellers' Guru User Tokens as
     * JSON {"<accountId>": "<token>"}, used by imports only for an account with no sealed Guru
     * token in its settings (PUT …/vhsys-integration/guru-api), so tests and local runs can skip Guru's check.
     */
    GURU_API_DEV_USER_TOKENS: optionalSecret(),
    /**
     * The import's production ceiling, in sales per second (docs/operations.md#importing-past-sales):
     * a modest share of the pipeline's throughput so live sales keep their latency.
     */
    IMPORT_MAX_SALES_PER_SECOND: z.coerce.number().positive().max(10000).default(20),
    /**
     * Imported sales that may be produced and not yet answered by the pipeline (the sales history
     * has no outcome for them): the import waits beyond it, so it never queues more than this many
     * sales ahead of the account's live sales in the dispatcher, whatever Vhsys's speed or quota.
     */
    IMPORT_MAX_OUTSTANDING_SALES: z.coerce.number().int().min(1).max(1000).default(4),
    /** How often an import whose window is full looks for the pipeline's answers. */
    IMPORT_WINDOW_POLL_MS: z.coerce.number().int().min(10).max(60000).default(250),
    /** How long an instance holds an import without renewing it; another instance takes over after. */
    IMPORT_LEASE_MS: z.coerce.number().int().min(1000).max(600000).default(30000),
    /** How often an idle instance looks for an import to run. */
    IMPORT_POLL_INTERVAL_MS: env.positiveInt(2000),
    /** Guru rows per page read by the import (1-100). */
    IMPORT_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
    /** A preview reads at most this many sales; beyond, its counts are scaled from them (`estimated`). */
    IMPORT_PREVIEW_MAX_SALES: z.coerce.number().int().min(1).max(100000).default(5000),
    /** Guru failures in a row (after the client's own retries) before an import is marked failed. */
    IMPORT_MAX_CONSECUTIVE_ERRORS: z.coerce.number().int().min(1).max(100).default(5),
    LOG_LEVEL: env.logLevel(),
  })
  .superRefine((value, ctx) => {
    checkOpsHttpToken(value, ctx);
    checkKafkaSecurity(value, ctx);
    if (value.OPERATIONS_KAFKA_SASL_PASSWORD !== undefined && value.OPERATIONS_KAFKA_SASL_PASSWORD_FILE !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['OPERATIONS_KAFKA_SASL_PASSWORD_FILE'], message: 'must not be set together with OPERATIONS_KAFKA_SASL_PASSWORD' });
    }
    if (value.NODE_ENV !== 'production') return;
    if (value.GRPC_TLS === 'off') ctx.addIssue({ code: 'custom', path: ['GRPC_TLS'], message: GRPC_TLS_OFF_IN_PRODUCTION });
    for (const name of ['CONFIG_ENCRYPTION_KEYS', 'ADMIN_API_TOKENS', 'INTERNAL_API_TOKENS'] as const) {
      const text = value[name];
      if (!text) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when NODE_ENV=production (the development default is public)' });
      else for (const message of developmentSecretsIn(name, text)) ctx.addIssue({ code: 'custom', path: [name], message });
    }
    if (!value.SALES_HISTORY_KEY) ctx.addIssue({ code: 'custom', path: ['SALES_HISTORY_KEY'], message: 'is required when NODE_ENV=production (the development default is public)' });
    else if (value.SALES_HISTORY_KEY === DEV_ONLY_DEFAULTS.SALES_HISTORY_KEY) ctx.addIssue({ code: 'custom', path: ['SALES_HISTORY_KEY'], message: 'is the public development key, refused when NODE_ENV=production' });
    if (value.GURU_API_DEV_USER_TOKENS !== undefined) ctx.addIssue({ code: 'custom', path: ['GURU_API_DEV_USER_TOKENS'], message: 'is for development and tests only, refused when NODE_ENV=production' });
  });

type ConfigServiceEnv = z.infer<typeof ConfigServiceEnvSchema>;

export interface GrpcServerTls {
  cert: Buffer;
  key: Buffer;
  /** Trusted issuers of client certificates on the internal (GetCredentials) port. */
  clientCa: Buffer;
}

/** The server's PEM files when GRPC_TLS is on; problems name the variable. */
function grpcServerTls(raw: ConfigServiceEnv, problems: string[]): GrpcServerTls | null {
  if (!grpcTlsEnabled(raw.NODE_ENV, raw.GRPC_TLS)) return null;
  const cert = readPemFile('GRPC_TLS_CERT_FILE', raw.GRPC_TLS_CERT_FILE, 'CERTIFICATE');
  const key = readPemFile('GRPC_TLS_KEY_FILE', raw.GRPC_TLS_KEY_FILE, 'PRIVATE KEY');
  const clientCa = readPemFile('GRPC_TLS_CLIENT_CA_FILE', raw.GRPC_TLS_CLIENT_CA_FILE, 'CERTIFICATE');
  for (const read of [cert, key, clientCa]) if (read.problem) problems.push(read.problem);
  // Mutual TLS is a property of a port: GetCredentials gets one of its own, so the admin service
  // (whose callers have no client certificate) never shares it.
  if (raw.CONFIG_SERVICE_INTERNAL_GRPC_PORT === undefined) {
    problems.push('CONFIG_SERVICE_INTERNAL_GRPC_PORT: is required when GRPC_TLS=on (GetCredentials is served with mutual TLS on a port of its own)');
  }
  if (!cert.pem || !key.pem || !clientCa.pem) return null;
  return { cert: cert.pem, key: key.pem, clientCa: clientCa.pem };
}

/**
 * The validated configuration: every field is named as its environment variable; the secrets are
 * parsed (keys, token lists) and the active key resolved.
 */
export type ConfigServiceConfig = Readonly<
  Omit<ConfigServiceEnv, 'CONFIG_ENCRYPTION_KEYS' | 'CONFIG_ENCRYPTION_ACTIVE_KEY' | 'ADMIN_API_TOKENS' | 'INTERNAL_API_TOKENS' | 'SALES_HISTORY_KEY' | 'GURU_API_DEV_USER_TOKENS'> & {
    /** GURU_API_DEV_USER_TOKENS parsed (development and tests only). */
    GURU_API_DEV_USER_TOKENS: ReadonlyMap<string, string>;
    /** The decoded SALES_HISTORY_KEY. */
    SALES_HISTORY_KEY: Buffer;
    CONFIG_ENCRYPTION_KEYS: ReadonlyMap<string, Buffer>;
    CONFIG_ENCRYPTION_ACTIVE_KEY: string;
    ADMIN_API_TOKENS: ServiceTokenEntry[];
    INTERNAL_API_TOKENS: ServiceTokenEntry[];
    /** Names of the variables running on their development-only default (logged as a warning). */
    devDefaultsInUse: string[];
    /** The PEM material when GRPC_TLS is on (read at start-up); null: plaintext gRPC. */
    grpcTls: GrpcServerTls | null;
  }
>;

/** One typed, validated configuration object; every problem is reported at once, never a value. */
export function loadConfigServiceConfig(source: Record<string, string | undefined> = process.env): ConfigServiceConfig {
  const raw = loadConfig('config-service', ConfigServiceEnvSchema, source);
  const problems: string[] = [];
  const devDefaultsInUse: string[] = [];
  const pick = (name: keyof typeof DEV_ONLY_DEFAULTS): string => {
    const value = raw[name];
    if (value) return value;
    if (name !== 'CONFIG_ENCRYPTION_ACTIVE_KEY') devDefaultsInUse.push(name);
    return DEV_ONLY_DEFAULTS[name];
  };

  const keysText = pick('CONFIG_ENCRYPTION_KEYS');
  const { keys, problems: keyProblems } = parseEncryptionKeys(keysText);
  problems.push(...keyProblems.map((p) => `CONFIG_ENCRYPTION_KEYS: ${p}`));
  let activeKey = raw.CONFIG_ENCRYPTION_ACTIVE_KEY ?? (raw.CONFIG_ENCRYPTION_KEYS ? undefined : DEV_ONLY_DEFAULTS.CONFIG_ENCRYPTION_ACTIVE_KEY);
  if (!activeKey && keys.size === 1) activeKey = [...keys.keys()][0];
  if (!activeKey) problems.push('CONFIG_ENCRYPTION_ACTIVE_KEY: is required when several keys are configured');
  else if (keys.size > 0 && !keys.has(activeKey)) problems.push('CONFIG_ENCRYPTION_ACTIVE_KEY: names no key of CONFIG_ENCRYPTION_KEYS');

  const admin = parseServiceTokens(pick('ADMIN_API_TOKENS'), { withAccounts: true });
  problems.push(...admin.problems.map((p) => `ADMIN_API_TOKENS: ${p}`));
  const internal = parseServiceTokens(pick('INTERNAL_API_TOKENS'), { withAccounts: false });
  problems.push(...internal.problems.map((p) => `INTERNAL_API_TOKENS: ${p}`));
  const adminTokens = new Set(admin.entries.map((e) => e.token));
  if (internal.entries.some((e) => adminTokens.has(e.token))) problems.push('INTERNAL_API_TOKENS: must not reuse an admin token');

  if (raw.CONFIG_SERVICE_INTERNAL_GRPC_PORT !== undefined && raw.CONFIG_SERVICE_INTERNAL_GRPC_PORT !== 0 && raw.CONFIG_SERVICE_INTERNAL_GRPC_PORT === raw.CONFIG_SERVICE_GRPC_PORT) {
    problems.push('CONFIG_SERVICE_INTERNAL_GRPC_PORT: must differ from CONFIG_SERVICE_GRPC_PORT');
  }
  const grpcTls = grpcServerTls(raw, problems);
  const salesHistoryKey = Buffer.from(pick('SALES_HISTORY_KEY'), 'base64');
  if (salesHistoryKey.length < SALES_HISTORY_KEY_MIN_BYTES) problems.push(`SALES_HISTORY_KEY: must be base64 of at least ${SALES_HISTORY_KEY_MIN_BYTES} bytes`);

  const guruTokens = parseDevUserTokens(raw.GURU_API_DEV_USER_TOKENS);
  if (guruTokens.problem) problems.push(guruTokens.problem);

  if (problems.length > 0) throw new ConfigError('config-service', problems);
  return {
    ...raw,
    GURU_API_BASE_URL: raw.GURU_API_BASE_URL.replace(/\/$/, ''),
    GURU_API_DEV_USER_TOKENS: guruTokens.tokens,
    VHSYS_BASE_URL: raw.VHSYS_BASE_URL.replace(/\/$/, ''),
    CONFIG_ENCRYPTION_KEYS: keys,
    CONFIG_ENCRYPTION_ACTIVE_KEY: activeKey!,
    ADMIN_API_TOKENS: admin.entries,
    INTERNAL_API_TOKENS: internal.entries,
    SALES_HISTORY_KEY: salesHistoryKey,
    devDefaultsInUse,
    grpcTls,
  };
}
