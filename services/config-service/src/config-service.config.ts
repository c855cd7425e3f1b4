import { createHash } from 'crypto';
import { z } from 'zod';
import { checkKafkaSecurity, ConfigError, env, KAFKA_PRINCIPALS, kafkaSecurityEnv, loadConfig } from '@gv/service-config';
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
  ADMIN_API_TOKENS: 'dev-admin:dev-admin-token-not-for-production:*',
  INTERNAL_API_TOKENS: 'invoice-dispatcher:dev-internal-token-not-for-production',
} as const;

const optionalSecret = () => z.string().trim().min(1).optional();

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
    /** Loopback by default; containers set 0.0.0.0. */
    HTTP_HOST: z.string().default('127.0.0.1'),
    GRPC_HOST: z.string().default('127.0.0.1'),
    DATABASE_URL: env.databaseUrl(),
    DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier').default('config_service'),
    KAFKA_BROKERS: env.brokers(),
    /** TLS and SASL to the brokers; the principal defaults to config-service (docs/kafka.md#security). */
    ...kafkaSecurityEnv(KAFKA_PRINCIPALS.configService),
    /** Prefix of the settings topic's name (isolated test stacks and staging runs; empty in production). */
    KAFKA_TOPIC_PREFIX: env.topicPrefix(),
    VHSYS_BASE_URL: env.url('http://127.0.0.1:18080/v2'),
    /** Deadline of each Vhsys call made while saving (token check, product, situações). */
    VHSYS_TIMEOUT_MS: env.positiveInt(10000),
    /** `k1:<base64 32 bytes>,k2:<...>`; dev-only default outside production. */
    CONFIG_ENCRYPTION_KEYS: optionalSecret(),
    /** Key id new tokens are sealed with (default: the only key). */
    CONFIG_ENCRYPTION_ACTIVE_KEY: z.string().trim().min(1).optional(),
    /** Admin backend tokens: `name:token:acct1|acct2` or `name:token:*`, comma-separated, or JSON. */
    ADMIN_API_TOKENS: optionalSecret(),
    /** GetCredentials callers: `invoice-dispatcher:<token>`, comma-separated, or JSON. */
    INTERNAL_API_TOKENS: optionalSecret(),
    /** Delay before this instance starts publishing the outbox (tests use it to simulate a crash before the publish). */
    OUTBOX_RELAY_START_DELAY_MS: z.coerce.number().int().min(0).default(0),
    OUTBOX_POLL_INTERVAL_MS: env.positiveInt(1000),
    LOG_LEVEL: env.logLevel(),
  })
  .superRefine((value, ctx) => {
    checkKafkaSecurity(value, ctx);
    if (value.NODE_ENV !== 'production') return;
    for (const name of ['CONFIG_ENCRYPTION_KEYS', 'ADMIN_API_TOKENS', 'INTERNAL_API_TOKENS'] as const) {
      if (!value[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when NODE_ENV=production (the development default is public)' });
      else if (value[name] === DEV_ONLY_DEFAULTS[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is the public development default, refused when NODE_ENV=production' });
    }
  });

type ConfigServiceEnv = z.infer<typeof ConfigServiceEnvSchema>;

/**
 * The validated configuration: every field is named as its environment variable; the secrets are
 * parsed (keys, token lists) and the active key resolved.
 */
export type ConfigServiceConfig = Readonly<
  Omit<ConfigServiceEnv, 'CONFIG_ENCRYPTION_KEYS' | 'CONFIG_ENCRYPTION_ACTIVE_KEY' | 'ADMIN_API_TOKENS' | 'INTERNAL_API_TOKENS'> & {
    CONFIG_ENCRYPTION_KEYS: ReadonlyMap<string, Buffer>;
    CONFIG_ENCRYPTION_ACTIVE_KEY: string;
    ADMIN_API_TOKENS: ServiceTokenEntry[];
    INTERNAL_API_TOKENS: ServiceTokenEntry[];
    /** Names of the variables running on their development-only default (logged as a warning). */
    devDefaultsInUse: string[];
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

  if (problems.length > 0) throw new ConfigError('config-service', problems);
  return {
    ...raw,
    VHSYS_BASE_URL: raw.VHSYS_BASE_URL.replace(/\/$/, ''),
    CONFIG_ENCRYPTION_KEYS: keys,
    CONFIG_ENCRYPTION_ACTIVE_KEY: activeKey!,
    ADMIN_API_TOKENS: admin.entries,
    INTERNAL_API_TOKENS: internal.entries,
    devDefaultsInUse,
  };
}
