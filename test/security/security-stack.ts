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
 * - one ops token (OPS_HTTP_TOKEN of every service).
 *
 * gRPC runs over TLS, GetCredentials on its own port over mutual TLS (`grpcRouteOf`), with
 * certificates generated for the run.
 */
import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import * as grpc from '@grpc/grpc-js';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { CONFIG_CREDENTIALS_SERVICE } from '@gv/contracts';
import { RunningStack, setUpAccount, startStack } from '@gv/stack';
import { localKafka, OtlpCollector, testEnvironment, uniqueId } from '@gv/testing';

/** A random, distinctive secret (its label says what it is when a scan finds it). */
export function randomSecret(label: string): string {
  return `${label}-${randomBytes(18).toString('hex')}`;
}

/** The credentials of one security run, all random. */
export interface RunCredentials {
  adminAll: string;
  adminScoped: string;
  /** An admin token with every account and the operator role (the Operações routes). */
  operator: string;
  internal: string;
  /** OPS_HTTP_TOKEN of every service (metrics, mapping-service's config view, the API docs). */
  ops: string;
  /** 32 random bytes: CONFIG_ENCRYPTION_KEYS `sec:<base64>`. */
  encryptionKey: Buffer;
}

export function newRunCredentials(): RunCredentials {
  return {
    adminAll: randomSecret('sec-admin-all'),
    adminScoped: randomSecret('sec-admin-scoped'),
    operator: randomSecret('sec-admin-operator'),
    internal: randomSecret('sec-internal'),
    ops: randomSecret('sec-ops'),
    encryptionKey: randomBytes(32),
  };
}

/** Where a gRPC method is served, and how the suite connects there. */
export interface GrpcRoute {
  address: string;
  credentials: grpc.ChannelCredentials;
}

/**
 * The stack serves the admin service over TLS and VhsysCredentials (GetCredentials) on a port of
 * its own over mutual TLS: the suite presents the dispatcher's client certificate there, as the
 * dispatcher does, so that what it tests behind the handshake is the token check.
 */
export function grpcRouteOf(stack: RunningStack): (path: string) => GrpcRoute {
  const pki = stack.pki;
  if (!pki) throw new Error('the security stack runs gRPC over TLS (startStack grpcTls)');
  const ca = readFileSync(pki.ca.certFile);
  const admin: GrpcRoute = { address: stack.configServiceGrpc, credentials: grpc.credentials.createSsl(ca) };
  const internal: GrpcRoute = {
    address: stack.configServiceInternalGrpc,
    credentials: grpc.credentials.createSsl(ca, readFileSync(pki.client.keyFile), readFileSync(pki.client.certFile)),
  };
  return (path) => (path.startsWith(`/${CONFIG_CREDENTIALS_SERVICE}/`) ? internal : admin);
}

/**
 * The suite's own Kafka client (reading every topic of the run): this process's security settings
 * (plaintext, or the admin principal in the secured run, `tools/scripts/test-secured.sh`).
 */
export function securityKafka(brokers: string[]): Kafka {
  return localKafka(uniqueId('security'), brokers);
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
    grpcTls: true,
    opsToken: credentials.ops,
    otlpEndpoint: options.collector?.url,
    env: {
      ...options.env,
      'config-service': {
        CONFIG_ENCRYPTION_KEYS: `sec:${credentials.encryptionKey.toString('base64')}`,
        CONFIG_ENCRYPTION_ACTIVE_KEY: 'sec',
        ADMIN_API_TOKENS: `security-all:${credentials.adminAll}:*,security-scoped:${credentials.adminScoped}:${accountA},security-operator:${credentials.operator}:*:operator`,
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
  return { configServiceUrl: stack.configServiceUrl, simulatorAdminUrl: stack.simulatorAdminUrl, adminToken: credentials.adminAll, mappingServiceUrl: stack.mappingServiceUrl, opsToken: credentials.ops };
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
