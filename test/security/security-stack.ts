/**
 * The stack the security suite runs against: the product's four processes started by
 * tools/stack `startStack`, with credentials of its own (random on every run, so a leak is
 * unmistakable and no fixed development value can hide one):
 *
 * - two admin tokens: `all` (every account, `*`) and `scoped` (account A only);
 * - one internal token (invoice-dispatcher's GetCredentials);
 * - one encryption key (CONFIG_ENCRYPTION_KEYS);
 * - Vhsys tokens per account, created in the simulator.
 *
 * Transport security lives in small functions, `grpcChannelCredentials`, `grpcAddressOf` and
 * `securityKafkaConfig`: plaintext on one gRPC port today; when config-service serves TLS (and
 * GetCredentials on its own port) and the broker SASL/TLS, only they (and the stack's env) change.
 */
import { randomBytes } from 'crypto';
import * as grpc from '@grpc/grpc-js';
import type { KafkaConfig } from 'kafkajs';
import { logLevel } from 'kafkajs';
import { Client } from 'pg';
import { RunningStack, setUpAccount, startStack } from '@gv/stack';
import { OtlpCollector, testEnvironment, uniqueId } from '@gv/testing';

/** A random, distinctive secret (its label says what it is when a scan finds it). */
export function randomSecret(label: string): string {
  return `${label}-${randomBytes(18).toString('hex')}`;
}

/** The credentials of one security run, all random. */
export interface RunCredentials {
  adminAll: string;
  adminScoped: string;
  internal: string;
  /** 32 random bytes: CONFIG_ENCRYPTION_KEYS `sec:<base64>`. */
  encryptionKey: Buffer;
}

export function newRunCredentials(): RunCredentials {
  return {
    adminAll: randomSecret('sec-admin-all'),
    adminScoped: randomSecret('sec-admin-scoped'),
    internal: randomSecret('sec-internal'),
    encryptionKey: randomBytes(32),
  };
}

/**
 * gRPC channel credentials of every call the suite makes. Plaintext today (config-service has no
 * TLS yet); switch this one function to `grpc.credentials.createSsl(ca, key, cert)` when it has.
 */
export function grpcChannelCredentials(): grpc.ChannelCredentials {
  return grpc.credentials.createInsecure();
}

/**
 * The address serving a gRPC method (`/<service>/<method>`). The stack serves both services on one
 * port today; when it starts VhsysCredentials on its own port (CONFIG_SERVICE_INTERNAL_GRPC_PORT),
 * answer that port here for `/guru.vhsys.config.v1.VhsysCredentials/…`.
 */
export function grpcAddressOf(stack: RunningStack): (path: string) => string {
  return () => stack.configServiceGrpc;
}

/** kafkajs client settings of the suite's own readers (plaintext today; SASL/TLS goes here). */
export function securityKafkaConfig(brokers: string[]): KafkaConfig {
  return { clientId: uniqueId('security'), brokers, logLevel: logLevel.NOTHING };
}

export interface SecurityStack {
  stack: RunningStack;
  credentials: RunCredentials;
  /** Isolation id: the stack's topics are `<iso>.…`, its dead-letter topics `deadletter.<iso>-…`. */
  isolation: string;
  /** Guru account the scoped admin token may use (set up, with Vhsys tokens). */
  accountA: string;
  vhsysA: { accessToken: string; secretAccessToken: string };
}

/**
 * Starts the stack with this run's credentials and sets account A up through config-service's
 * HTTP API (as Guru's admin backend does), waiting until mapping-service's view has it.
 */
export async function startSecurityStack(options: { logLevel: string; collector?: OtlpCollector; env?: Parameters<typeof startStack>[0]['env'] }): Promise<SecurityStack> {
  const env = testEnvironment();
  const credentials = newRunCredentials();
  const isolation = uniqueId('sec');
  const accountA = uniqueId('sec_acct_a');
  const vhsysA = { accessToken: randomSecret('sec-vhsys-access-a'), secretAccessToken: randomSecret('sec-vhsys-secret-a') };
  const stack = await startStack({
    kafkaBrokers: env.kafkaBrokers,
    databaseUrl: env.databaseUrl,
    isolation,
    logLevel: options.logLevel,
    otlpEndpoint: options.collector?.url,
    env: {
      ...options.env,
      'config-service': {
        CONFIG_ENCRYPTION_KEYS: `sec:${credentials.encryptionKey.toString('base64')}`,
        CONFIG_ENCRYPTION_ACTIVE_KEY: 'sec',
        ADMIN_API_TOKENS: `security-all:${credentials.adminAll}:*,security-scoped:${credentials.adminScoped}:${accountA}`,
        INTERNAL_API_TOKENS: `invoice-dispatcher:${credentials.internal}`,
        OUTBOX_POLL_INTERVAL_MS: '200',
        ...options.env?.['config-service'],
      },
      'invoice-dispatcher': { CONFIG_SERVICE_INTERNAL_TOKEN: credentials.internal, ...options.env?.['invoice-dispatcher'] },
    },
  });
  try {
    await setUpAccount(endpointsOf(stack, credentials), { accountId: accountA, ...vhsysA });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return { stack, credentials, isolation, accountA, vhsysA };
}

/** What tools/stack `setUpAccount` needs, with this run's all-accounts admin token. */
export function endpointsOf(stack: RunningStack, credentials: RunCredentials) {
  return { configServiceUrl: stack.configServiceUrl, simulatorAdminUrl: stack.simulatorAdminUrl, adminToken: credentials.adminAll, mappingServiceUrl: stack.mappingServiceUrl };
}

/** Drops the schemas of a stack started with `isolation` (startStack leaves them behind). */
export async function dropStackSchemas(isolation: string): Promise<void> {
  const client = new Client({ connectionString: testEnvironment().databaseUrl });
  await client.connect();
  try {
    const suffix = `_${isolation}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const { rows } = await client.query<{ name: string }>('SELECT nspname AS name FROM pg_namespace WHERE right(nspname, length($1)) = $1', [suffix]);
    for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}
