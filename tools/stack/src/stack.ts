import type { Kafka } from 'kafkajs';
import {
  CONSUMER_GROUPS, deadLetterTopicSpecs, prefixedTopics, prefixedTopicSpecs, TopicNames, TOPICS, TopicSpec,
} from '@gv/contracts';
import { AclGrant, commitGroupAtEnd, deleteAcls, ensureTopics } from '@gv/kafka';
import { startGuruApiSimulator } from '@gv/guru-api-simulator';
import { KAFKA_PRINCIPALS } from '@gv/service-config';
import { freePort, generateTestPki, grantIsolatedAcls, grpcTlsClientEnv, grpcTlsServerEnv, kafkaPrincipalEnv, localKafka, ServiceProcess, TestPki } from '@gv/testing';

export interface StackOptions {
  kafkaBrokers: string[];
  databaseUrl: string;
  /** Isolates consumer groups, schemas and topics (tests, demo); empty for the product's real names. */
  isolation?: string;
  /**
   * Prefix of every topic the services use (their KAFKA_TOPIC_PREFIX). By default `<isolation>.`
   * for an isolated stack: its topics are its own, created empty before the services start and
   * deleted by stop(), so nothing another run produces reaches it and it reaches no one else.
   * `''` keeps the shared topics (with isolated groups committed at the topics' current end, so
   * the stack does not replay their history): for runs that sized the shared topics themselves.
   */
  topicPrefix?: string;
  /** OTLP/HTTP endpoint the services export spans to. */
  otlpEndpoint?: string;
  logLevel?: string;
  /** Extra environment per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Seed for the simulator's fault injection. */
  simulatorSeed?: number;
  /**
   * gRPC between the services over TLS (GRPC_TLS=on): the stack makes a throw-away CA, a server
   * certificate for config-service and a client certificate for invoice-dispatcher
   * (generateTestPki), serves GetCredentials with mutual TLS on a port of its own, and removes the
   * files in stop(). Default false: plaintext, the development default.
   */
  grpcTls?: boolean;
  /** OPS_HTTP_TOKEN of the three services (their /metrics, /docs and /config-view then need it). Default: none (loopback). */
  opsToken?: string;
}

export type ServiceName = 'vhsys-simulator' | 'config-service' | 'mapping-service' | 'invoice-dispatcher';

export interface RunningStack {
  /** The topic names the services use (the product's, with the stack's topic prefix). */
  topics: TopicNames;
  simulatorUrl: string;
  simulatorAdminUrl: string;
  /** The Guru API simulator (config-service's GURU_API_BASE_URL, ending in /api/v2) and its admin API (GuruSimulatorAdmin). */
  guruSimulatorUrl: string;
  guruSimulatorAdminUrl: string;
  configServiceUrl: string;
  /** Admin gRPC service (TLS when `grpcTls`). */
  configServiceGrpc: string;
  /** VhsysCredentials (GetCredentials): configServiceGrpc unless `grpcTls` (then its own port, mutual TLS). */
  configServiceInternalGrpc: string;
  /** The certificates when `grpcTls` (CA, server, client), null otherwise. */
  pki: TestPki | null;
  /** The services' OPS_HTTP_TOKEN (StackOptions.opsToken), null when none. */
  opsToken: string | null;
  mappingServiceUrl: string;
  dispatcherUrl: string;
  adminToken: string;
  internalToken: string;
  processes: Record<ServiceName, ServiceProcess>;
  /**
   * Starts another instance of mapping-service or invoice-dispatcher (label `<name>#2`, `#3`, …)
   * sharing the stack's schema, groups and topics, with `extraEnv` on top of the stack's; stop()
   * stops it too.
   */
  addInstance(name: 'mapping-service' | 'invoice-dispatcher', extraEnv?: Record<string, string>): Promise<{ label: string; process: ServiceProcess; url: string }>;
  stop(): Promise<void>;
}

/** Development-only secrets for local stacks (tests, demo, bench); never used in production. */
export const LOCAL_ADMIN_TOKEN = 'local-admin-token-0000000000000000';
export const LOCAL_INTERNAL_TOKEN = 'local-dispatcher-token-00000000000';
export const LOCAL_ENCRYPTION_KEY = 'local:' + Buffer.alloc(32, 7).toString('base64');

/**
 * A new consumer group starts from the beginning of its topics (right in production: nothing is
 * skipped). An isolated stack on the shared topics must not replay the history other runs left on
 * the broker, so its fresh groups are committed at the current end before the services start.
 * (A stack with its own, new topics has no history to skip.)
 */
async function startGroupsAtEnd(kafka: Kafka, groupPrefix: string): Promise<void> {
  const groups: [string, string[]][] = [
    [CONSUMER_GROUPS.mappingSales, [TOPICS.guruTransactions]],
    [CONSUMER_GROUPS.dispatcher, [TOPICS.saleOrders, TOPICS.saleReprocess]],
    [CONSUMER_GROUPS.dispatcherRetry, [TOPICS.saleOrdersRetry]],
    [CONSUMER_GROUPS.configSalesHistory, [TOPICS.saleOrders, TOPICS.dispatchResults]],
  ];
  await Promise.all(groups.map(([group, topics]) => commitGroupAtEnd(kafka, groupPrefix + group, topics)));
}

/**
 * Starts the Vhsys simulator and the three services as separate Node processes on free ports,
 * the way they run in production, for the end-to-end tests, the demo and the benchmarks. The Guru
 * API simulator (config-service checks sellers' Guru API tokens with it) runs inside the calling
 * process, on a free port: it is idle unless a token is saved, so it costs no process of its own.
 *
 * Against a secured broker (this process's KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_TLS_*
 * variables, the admin principal's, plus KAFKA_PRINCIPAL_PASSWORDS_DIR: docs/kafka.md#security)
 * the stack creates its topics and its prefixes' ACLs as admin (deleted by stop()), and each
 * service authenticates as its own principal, with only its own ACLs.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const iso = options.isolation ?? '';
  const groupPrefix = iso ? `${iso}-` : '';
  const topicPrefix = options.topicPrefix ?? (iso ? `${iso}.` : '');
  const topics = prefixedTopics(topicPrefix);
  const kafka = localKafka('stack', options.kafkaBrokers);
  // Topics this stack created (its own, prefixed ones and its dead-letter topics) and the ACLs it
  // granted on them: stop() deletes both.
  let createdTopics: string[] = [];
  let grantedAcls: AclGrant[] = [];
  if (groupPrefix || topicPrefix) {
    const specs: TopicSpec[] = [...(topicPrefix ? prefixedTopicSpecs(topicPrefix) : []), ...deadLetterTopicSpecs(groupPrefix)];
    createdTopics = await ensureTopics(kafka, specs);
    grantedAcls = await grantIsolatedAcls(kafka, { topicPrefix, groupPrefix });
    if (!topicPrefix) await startGroupsAtEnd(kafka, groupPrefix);
  }
  const [simPort, cfgHttp, cfgGrpc, cfgInternalGrpc, mapHttp, dspHttp] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  const pki = options.grpcTls ? generateTestPki() : null;
  const guruSimulator = await startGuruApiSimulator({ port: 0, host: '127.0.0.1' });
  // Where the dispatcher asks for credentials, and the TLS settings of both ends.
  const credentialsPort = pki ? cfgInternalGrpc : cfgGrpc;
  const configServiceTls: Record<string, string> = pki ? { ...grpcTlsServerEnv(pki), CONFIG_SERVICE_INTERNAL_GRPC_PORT: String(cfgInternalGrpc) } : {};
  const dispatcherTls: Record<string, string> = pki ? grpcTlsClientEnv(pki) : {};
  const common: Record<string, string> = {
    KAFKA_BROKERS: options.kafkaBrokers.join(','),
    DATABASE_URL: options.databaseUrl,
    KAFKA_GROUP_PREFIX: groupPrefix,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...(options.opsToken ? { OPS_HTTP_TOKEN: options.opsToken } : {}),
    VHSYS_BASE_URL: `http://127.0.0.1:${simPort}/v2`,
    ...(options.otlpEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint } : {}),
  };
  const schema = (name: string) => (iso ? `${name}_${iso}`.toLowerCase().replace(/[^a-z0-9_]/g, '_') : name);
  // One instance of mapping-service or invoice-dispatcher on `port`: the stack's first ones and
  // any added later share the schema, consumer groups and topics (what a second replica does).
  const instance = (name: 'mapping-service' | 'invoice-dispatcher', label: string, port: number, extraEnv: Record<string, string> = {}) =>
    name === 'mapping-service'
      ? new ServiceProcess({
          name: label,
          entry: 'services/mapping-service/src/main.ts',
          env: { ...common, ...kafkaPrincipalEnv(KAFKA_PRINCIPALS.mappingService), DB_SCHEMA: schema('mapping_service'), MAPPING_SERVICE_HTTP_PORT: String(port), ...options.env?.['mapping-service'], ...extraEnv },
          readyUrl: `http://127.0.0.1:${port}/health/ready`,
        })
      : new ServiceProcess({
          name: label,
          entry: 'services/invoice-dispatcher/src/main.ts',
          env: {
            ...common,
            ...kafkaPrincipalEnv(KAFKA_PRINCIPALS.invoiceDispatcher),
            DB_SCHEMA: schema('invoice_dispatcher'),
            DISPATCHER_HTTP_PORT: String(port),
            CONFIG_SERVICE_GRPC_URL: `127.0.0.1:${credentialsPort}`,
            CONFIG_SERVICE_INTERNAL_TOKEN: LOCAL_INTERNAL_TOKEN,
            ...dispatcherTls,
            ...options.env?.['invoice-dispatcher'],
            ...extraEnv,
          },
          readyUrl: `http://127.0.0.1:${port}/health/ready`,
        });
  const processes: Record<ServiceName, ServiceProcess> = {
    'vhsys-simulator': new ServiceProcess({
      name: 'vhsys-simulator',
      entry: 'tools/vhsys-simulator/src/main.ts',
      env: { VHSYS_SIMULATOR_PORT: String(simPort), ...(options.simulatorSeed !== undefined ? { VHSYS_SIMULATOR_SEED: String(options.simulatorSeed) } : {}), ...options.env?.['vhsys-simulator'] },
      readyUrl: `http://127.0.0.1:${simPort}/__admin/health`,
    }),
    'config-service': new ServiceProcess({
      name: 'config-service',
      entry: 'services/config-service/src/main.ts',
      env: {
        ...common,
        ...kafkaPrincipalEnv(KAFKA_PRINCIPALS.configService),
        DB_SCHEMA: schema('config_service'),
        CONFIG_SERVICE_HTTP_PORT: String(cfgHttp),
        CONFIG_SERVICE_GRPC_PORT: String(cfgGrpc),
        CONFIG_ENCRYPTION_KEYS: LOCAL_ENCRYPTION_KEY,
        CONFIG_ENCRYPTION_ACTIVE_KEY: 'local',
        ADMIN_API_TOKENS: `local-admin:${LOCAL_ADMIN_TOKEN}:*:operator`,
        INTERNAL_API_TOKENS: `invoice-dispatcher:${LOCAL_INTERNAL_TOKEN}`,
        // The Operações routes: this stack's schemas, and the ops principal's login on a secured broker.
        OPERATIONS_MAPPING_SCHEMA: schema('mapping_service'),
        OPERATIONS_DISPATCHER_SCHEMA: schema('invoice_dispatcher'),
        OPERATIONS_JOURNAL_SCHEMA: schema('ops'),
        ...operationsKafkaEnv(kafkaPrincipalEnv(KAFKA_PRINCIPALS.ops)),
        GURU_API_BASE_URL: guruSimulator.url,
        ...configServiceTls,
        ...options.env?.['config-service'],
      },
      readyUrl: `http://127.0.0.1:${cfgHttp}/health/ready`,
    }),
    'mapping-service': instance('mapping-service', 'mapping-service', mapHttp),
    'invoice-dispatcher': instance('invoice-dispatcher', 'invoice-dispatcher', dspHttp),
  };
  const started: ServiceProcess[] = [];
  const extraInstances = new Map<string, ServiceProcess>();
  const addInstance = async (name: 'mapping-service' | 'invoice-dispatcher', extraEnv: Record<string, string> = {}) => {
    const n = [...extraInstances.keys()].filter((k) => k.startsWith(name)).length + 2;
    const label = `${name}#${n}`;
    const port = await freePort();
    const proc = instance(name, label, port, extraEnv);
    await proc.start(90000);
    started.push(proc);
    extraInstances.set(label, proc);
    return { label, process: proc, url: `http://127.0.0.1:${port}` };
  };
  const stop = async () => {
    for (const p of started.reverse()) await p.stop();
    started.length = 0;
    pki?.cleanup();
    await guruSimulator.close().catch(() => undefined);
    if (createdTopics.length > 0) {
      const doomed = createdTopics;
      createdTopics = [];
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: doomed }).catch(() => undefined).finally(() => admin.disconnect());
    }
    if (grantedAcls.length > 0) {
      const doomed = grantedAcls;
      grantedAcls = [];
      await deleteAcls(kafka, doomed).catch(() => undefined);
    }
  };
  try {
    for (const name of ['vhsys-simulator', 'config-service', 'mapping-service', 'invoice-dispatcher'] as ServiceName[]) {
      await processes[name].start(90000);
      started.push(processes[name]);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    topics,
    simulatorUrl: `http://127.0.0.1:${simPort}/v2`,
    simulatorAdminUrl: `http://127.0.0.1:${simPort}/__admin`,
    guruSimulatorUrl: guruSimulator.url,
    guruSimulatorAdminUrl: guruSimulator.adminUrl,
    configServiceUrl: `http://127.0.0.1:${cfgHttp}`,
    configServiceGrpc: `127.0.0.1:${cfgGrpc}`,
    configServiceInternalGrpc: `127.0.0.1:${credentialsPort}`,
    pki,
    opsToken: options.opsToken ?? null,
    mappingServiceUrl: `http://127.0.0.1:${mapHttp}`,
    dispatcherUrl: `http://127.0.0.1:${dspHttp}`,
    adminToken: LOCAL_ADMIN_TOKEN,
    internalToken: LOCAL_INTERNAL_TOKEN,
    processes,
    addInstance,
    stop,
  };
}

/** A principal's SASL variables (kafkaPrincipalEnv) as config-service's OPERATIONS_KAFKA_SASL_* ones. */
function operationsKafkaEnv(principalEnv: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (principalEnv.KAFKA_SASL_USERNAME) out.OPERATIONS_KAFKA_SASL_USERNAME = principalEnv.KAFKA_SASL_USERNAME;
  if (principalEnv.KAFKA_SASL_PASSWORD_FILE) out.OPERATIONS_KAFKA_SASL_PASSWORD_FILE = principalEnv.KAFKA_SASL_PASSWORD_FILE;
  return out;
}
