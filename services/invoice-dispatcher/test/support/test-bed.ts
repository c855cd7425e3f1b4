/**
 * Integration test bed: the real broker (topics under a unique prefix, so concurrent runs and other
 * services' tests never see each other's messages), PostgreSQL (a unique schema), and the Vhsys
 * simulator with per-account faults. The dispatcher runs in this process or as a child process.
 */
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import {
  deadLetterTopic, DISPATCH_RESULT, DispatchResult, HEADERS, prefixedTopics, prefixedTopicSpecs, SALE_ORDER, SALE_REPROCESS, SaleOrder, saleKey,
  SaleReprocessRequest,
} from '@gv/contracts';
import { AclGrant, deleteAcls, ensureTopics } from '@gv/kafka';
import { KAFKA_PRINCIPALS } from '@gv/service-config';
import { createLogger } from '@gv/telemetry';
import { grantIsolatedAcls, KafkaProbe, kafkaPrincipalEnv, localKafka, ProbedMessage, testEnvironment, uniqueId } from '@gv/testing';
import { DEMO_PRODUTOS, FaultConfigInput, RunningVhsysSimulator, SimulatorAdmin, startVhsysSimulator } from '@gv/vhsys-simulator';
import { loadDispatcherConfig } from '../../src/config';
import { StaticCredentialsSource } from '../../src/credentials/credentials-provider';
import { dispatcherGroups, RunningInvoiceDispatcher, startInvoiceDispatcher } from '../../src/start-invoice-dispatcher';
import type { CatalogProduct } from './sale-order-builder';

export interface TestAccount {
  accountId: string;
  accessToken: string;
  secretAccessToken: string;
  credentialsVersion: number;
}

/** The simulator's demo catalogue as sale-order products. */
export const CATALOG: CatalogProduct[] = [
  { vhsysProductId: DEMO_PRODUTOS.curso.idProduto, guruProductCode: 'curso-ts', description: DEMO_PRODUTOS.curso.descProduto, kind: 'produto', unitValueCents: 19990 },
  { vhsysProductId: DEMO_PRODUTOS.livro.idProduto, guruProductCode: 'livro', description: DEMO_PRODUTOS.livro.descProduto, kind: 'produto', unitValueCents: 1990 },
  { vhsysProductId: DEMO_PRODUTOS.mentoria.idProduto, guruProductCode: 'mentoria', description: DEMO_PRODUTOS.mentoria.descProduto, kind: 'servico', unitValueCents: 50000 },
];

/** Fast retry and failure settings so a test sees many cycles in seconds. */
export const FAST_SETTINGS: Record<string, string> = {
  LOG_LEVEL: process.env.DISPATCHER_TEST_LOG_LEVEL ?? 'silent',
  DISPATCHER_HTTP_PORT: '0',
  HTTP_HOST: '127.0.0.1',
  VHSYS_TIMEOUT_MS: '2000',
  // The shortest lease the start-up check allows with this timeout (VHSYS_TIMEOUT_MS + 10 s): a
  // killed instance's sales are taken over after 12 s instead of the production minute.
  SALE_LEASE_TTL_MS: '12000',
  VHSYS_RATE_LIMIT_PER_SECOND: '2000',
  VHSYS_RATE_LIMIT_BURST: '2000',
  VHSYS_MAX_CONCURRENCY: '16',
  RETRY_BASE_DELAY_MS: '100',
  RETRY_MAX_DELAY_MS: '800',
  RETRY_MAX_ATTEMPTS: '60',
  PARKED_RETRY_DELAY_MS: '60000',
  RETRY_WAKER_INTERVAL_MS: '200',
  CIRCUIT_FAILURE_THRESHOLD: '5',
  CIRCUIT_OPEN_MS: '300',
  CIRCUIT_MAX_OPEN_MS: '1000',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_PARTITIONS_CONCURRENCY: '6',
  DB_POOL_SIZE: '40',
};

export class DispatcherTestBed {
  readonly id = uniqueId('dsp');
  readonly env = testEnvironment();
  readonly topicPrefix = `${this.id}.`;
  readonly topics = prefixedTopics(this.topicPrefix);
  readonly groups = dispatcherGroups(this.topicPrefix);
  readonly schema = this.id;
  readonly accounts: TestAccount[] = [];
  readonly credentials = new StaticCredentialsSource('{}');
  readonly probe: KafkaProbe;
  simulator!: RunningVhsysSimulator;
  admin!: SimulatorAdmin;
  private readonly kafka: Kafka;
  private dispatchers: RunningInvoiceDispatcher[] = [];
  /** ACLs of this bed's prefixes on a secured broker (deleted by cleanup). */
  private acls: AclGrant[] = [];

  private constructor(private readonly saleOrderPartitions: number) {
    this.probe = new KafkaProbe(this.env.kafkaBrokers);
    this.kafka = localKafka(this.id, this.env.kafkaBrokers);
  }

  static async create(options: { saleOrderPartitions?: number } = {}): Promise<DispatcherTestBed> {
    const bed = new DispatcherTestBed(options.saleOrderPartitions ?? 6);
    await ensureTopics(bed.kafka, [
      { name: bed.topics.saleOrders, partitions: bed.saleOrderPartitions },
      { name: bed.topics.saleOrdersRetry, partitions: 6 },
      { name: bed.topics.dispatchResults, partitions: 6 },
      { name: bed.topics.saleReprocess, partitions: 6 },
      // The settings topic: every dispatcher watches it (SettingsWatch drops cached credentials).
      ...prefixedTopicSpecs(bed.topicPrefix).filter((t) => t.name === bed.topics.integrationConfig),
      // The audit's requests (its own consumer group) and answers.
      ...prefixedTopicSpecs(bed.topicPrefix).filter((t) => t.name === bed.topics.auditRequests || t.name === bed.topics.auditResults),
      { name: deadLetterTopic(bed.groups.main), partitions: 1 },
      { name: deadLetterTopic(bed.groups.retry), partitions: 1 },
      { name: deadLetterTopic(bed.groups.audit), partitions: 1 },
    ]);
    // The dispatcher runs as its own principal (a secured broker): its ACLs on this bed's names.
    bed.acls = await grantIsolatedAcls(bed.kafka, { topicPrefix: bed.topicPrefix, groupPrefix: bed.topicPrefix });
    await bed.probe.listen([bed.topics.dispatchResults, deadLetterTopic(bed.groups.main), deadLetterTopic(bed.groups.retry)]);
    bed.simulator = await startVhsysSimulator({ port: 0, hangMaxMs: 5000 });
    bed.admin = new SimulatorAdmin(bed.simulator.adminUrl);
    return bed;
  }

  /** A Vhsys account in the simulator (demo catalogue) and its credentials in the static source. */
  async addAccount(faults: FaultConfigInput = {}): Promise<TestAccount> {
    const account: TestAccount = {
      accountId: uniqueId('acct'),
      accessToken: uniqueId('at'),
      secretAccessToken: uniqueId('st'),
      credentialsVersion: 1,
    };
    await this.admin.createAccount({
      accessToken: account.accessToken,
      secretAccessToken: account.secretAccessToken,
      produtos: Object.values(DEMO_PRODUTOS).map((p) => ({ ...p })),
      faults,
    });
    this.credentials.set(account.accountId, account.accessToken, account.secretAccessToken, account.credentialsVersion);
    this.accounts.push(account);
    return account;
  }

  private readonly groupPrefixes = new Set<string>();

  /**
   * A dispatcher started with groups of its own (another KAFKA_GROUP_PREFIX, e.g. to race a second
   * instance on the same topics): on a secured broker its principal needs the product's ACLs for
   * that prefix too (deleted with the bed's).
   */
  private async allowGroupPrefix(groupPrefix: string): Promise<void> {
    if (groupPrefix === this.topicPrefix || this.groupPrefixes.has(groupPrefix)) return;
    this.groupPrefixes.add(groupPrefix);
    this.acls.push(...await grantIsolatedAcls(this.kafka, { topicPrefix: this.topicPrefix, groupPrefix }));
  }

  /** Environment of a dispatcher bound to this bed (in-process or child process). */
  dispatcherEnv(overrides: Record<string, string> = {}): Record<string, string> {
    const staticCredentials = Object.fromEntries(
      this.accounts.map((a) => [a.accountId, { accessToken: a.accessToken, secretAccessToken: a.secretAccessToken, credentialsVersion: a.credentialsVersion }]),
    );
    return {
      ...FAST_SETTINGS,
      NODE_ENV: 'test',
      DATABASE_URL: this.env.databaseUrl,
      DB_SCHEMA: this.schema,
      KAFKA_BROKERS: this.env.kafkaBrokers.join(','),
      KAFKA_GROUP_PREFIX: this.topicPrefix,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      ...kafkaPrincipalEnv(KAFKA_PRINCIPALS.invoiceDispatcher),
      VHSYS_BASE_URL: this.simulator.url,
      STATIC_CREDENTIALS: JSON.stringify(staticCredentials),
      ...overrides,
    };
  }

  /** Starts a dispatcher in this process (credentials from `this.credentials`, mutable by the test). */
  async startDispatcher(overrides: Record<string, string> = {}): Promise<RunningInvoiceDispatcher> {
    if (overrides.KAFKA_GROUP_PREFIX !== undefined) await this.allowGroupPrefix(overrides.KAFKA_GROUP_PREFIX);
    const config = loadDispatcherConfig(this.dispatcherEnv(overrides));
    const dispatcher = await startInvoiceDispatcher(config, {
      credentialsSource: this.credentials,
      logger: createLogger('invoice-dispatcher', config.LOG_LEVEL),
    });
    await dispatcher.waitUntilJoined();
    this.dispatchers.push(dispatcher);
    return dispatcher;
  }

  /**
   * Publishes sale orders on the sale-order topic (or `to.topic`, e.g. the retry topic), keyed by
   * sale, in the given order; `to.partition` puts them all on one partition.
   */
  async produce(sales: SaleOrder[], to: { topic?: string; partition?: number } = {}): Promise<void> {
    for (let i = 0; i < sales.length; i += 100) {
      await this.probe.produce(to.topic ?? this.topics.saleOrders, sales.slice(i, i + 100).map((sale) => ({
        key: saleKey(sale.accountId, sale.guruTransactionId),
        value: sale,
        headers: { [HEADERS.contract]: SALE_ORDER, [HEADERS.accountId]: sale.accountId, [HEADERS.revision]: String(sale.revision) },
        partition: to.partition,
      })));
    }
  }

  /**
   * Publishes reprocess requests (as config-service's sales history does), keyed by sale; `{key,
   * value}` goes out as it is (malformed messages); `to.partition` puts them all on one partition.
   */
  async requestReprocess(requests: (SaleReprocessRequest | { key: string; value: string | object })[], to: { partition?: number } = {}): Promise<void> {
    await this.probe.produce(this.topics.saleReprocess, requests.map((r) => {
      const { key, value } = 'key' in r ? r : { key: saleKey(r.accountId, r.guruTransactionId), value: r };
      return { key, value, headers: { [HEADERS.contract]: SALE_REPROCESS }, partition: to.partition };
    }));
  }

  results(predicate: (r: DispatchResult, m: ProbedMessage) => boolean = () => true): DispatchResult[] {
    return this.probe
      .received(this.topics.dispatchResults)
      .filter((m) => m.headers[HEADERS.contract] === DISPATCH_RESULT)
      .map((m) => ({ r: m.value as DispatchResult, m }))
      .filter(({ r, m }) => predicate(r, m))
      .map(({ r }) => r);
  }

  /** The latest result per sale key (of the given outcomes). */
  resultsBySale(outcomes?: string[]): Map<string, DispatchResult> {
    const map = new Map<string, DispatchResult>();
    for (const r of this.results((x) => !outcomes || outcomes.includes(x.outcome))) map.set(saleKey(r.accountId, r.guruTransactionId), r);
    return map;
  }

  deadLetters(): ProbedMessage[] {
    return [...this.probe.received(deadLetterTopic(this.groups.main)), ...this.probe.received(deadLetterTopic(this.groups.retry))];
  }

  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.env.databaseUrl, options: `-c search_path=${this.schema}` });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async stopDispatchers(): Promise<void> {
    for (const d of this.dispatchers) await d.stop();
    this.dispatchers = [];
  }

  async cleanup(): Promise<void> {
    await this.stopDispatchers();
    await this.probe.close();
    await this.simulator?.close();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({
        topics: [this.topics.saleOrders, this.topics.saleOrdersRetry, this.topics.dispatchResults, this.topics.saleReprocess, this.topics.auditRequests, this.topics.auditResults, deadLetterTopic(this.groups.main), deadLetterTopic(this.groups.retry), deadLetterTopic(this.groups.audit)],
      });
      await admin.deleteGroups([this.groups.main, this.groups.retry, this.groups.audit]).catch(() => undefined);
      await deleteAcls(this.kafka, this.acls).catch(() => undefined);
    } catch {
      /* best effort */
    } finally {
      await admin.disconnect();
    }
    await this.sql(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`).catch(() => undefined);
  }
}

// The check moved to the simulator (shared with the chaos suite); re-exported for these tests.
export { checkVhsysState } from '@gv/vhsys-simulator';
export type { StateCheck } from '@gv/vhsys-simulator';
