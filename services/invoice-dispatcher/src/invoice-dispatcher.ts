import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'net';
import { DataSource } from 'typeorm';
import { CONSUMER_GROUPS, HEADERS, prefixedTopics } from '@gv/contracts';
import { databaseReachable, OutboxMessage, OutboxRelay, openServiceDataSource, PgCrashGuard } from '@gv/db';
import { ConsumerRunner, createKafka, KafkaPublisher } from '@gv/kafka';
import { HealthRegistry, kafkaReachableCheck, NestPinoLogger } from '@gv/service-runtime';
import { createLogger, Logger } from '@gv/telemetry';
import { AppModule } from './app.module';
import { DispatcherConfig } from './config';
import {
  CachedCredentialsProvider, CredentialsProvider, CredentialsSource, StaticCredentialsSource,
} from './credentials/credentials-provider';
import { GrpcCredentialsSource } from './credentials/grpc-credentials';
import { AccountGate } from './dispatch/account-gate';
import { AccountSlots } from './dispatch/account-slots';
import { DispatchService } from './dispatch/dispatch-service';
import { RetryPolicy } from './dispatch/retry-policy';
import { RetryWaker } from './dispatch/retry-waker';
import { LedgerStore } from './ledger/ledger-store';
import { DispatcherLedger1767312000000 } from './ledger/migrations/1767312000000-dispatcher-ledger';
import { DispatcherKafkaInflight1767312000001 } from './ledger/migrations/1767312000001-kafka-inflight';
import { DispatcherOutboxSetAside1780000000000 } from './ledger/migrations/1780000000000-outbox-set-aside';
import { SaleLocks } from './ledger/sale-locks';
import { AccountRateLimiter, Semaphore } from './limits/token-bucket';
import { DispatcherMetrics } from './metrics';
import { Reconciler } from './reconcile/reconciler';
import { VhsysClientGateway } from './vhsys/vhsys-client-adapter';
import type { VhsysGateway } from './vhsys/vhsys-port';

export function dispatcherGroups(prefix: string) {
  return { main: `${prefix}${CONSUMER_GROUPS.dispatcher}`, retry: `${prefix}${CONSUMER_GROUPS.dispatcherRetry}` };
}

export interface InvoiceDispatcherOverrides {
  /** Replace the credentials source (tests). */
  credentialsSource?: CredentialsSource;
  /** Replace the Vhsys gateway (tests). */
  gateway?: VhsysGateway;
  logger?: Logger;
}

/**
 * The composition root: own schema (migrations at start), outbox relay for results, the input and
 * retry consumers, and the HTTP ops surface (health, metrics).
 */
export class InvoiceDispatcher {
  readonly logger: Logger;
  readonly health = new HealthRegistry({ checkTimeoutMs: 3000 });
  private app: INestApplication | null = null;
  private dataSource: DataSource | null = null;
  private publisher: KafkaPublisher | null = null;
  private relay: OutboxRelay | null = null;
  private waker: RetryWaker | null = null;
  private main: ConsumerRunner | null = null;
  private retry: ConsumerRunner | null = null;
  private crashGuard: PgCrashGuard | null = null;
  private gateway: VhsysGateway | null = null;
  private credentials: CredentialsProvider | null = null;
  private store: LedgerStore | null = null;
  private kafkaCheck: ReturnType<typeof kafkaReachableCheck> | null = null;
  private stopBacklogGauge: (() => void) | null = null;

  constructor(private readonly config: DispatcherConfig, private readonly overrides: InvoiceDispatcherOverrides = {}) {
    this.logger = overrides.logger ?? createLogger('invoice-dispatcher', config.LOG_LEVEL);
  }

  /** The ledger (tests inspect it). */
  get ledger(): LedgerStore {
    if (!this.store) throw new Error('dispatcher not started');
    return this.store;
  }

  get httpPort(): number | null {
    const address = this.app?.getHttpServer().address() as AddressInfo | null | undefined;
    return address ? address.port : null;
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    const topics = prefixedTopics(config.KAFKA_TOPIC_PREFIX);
    const groups = dispatcherGroups(config.KAFKA_GROUP_PREFIX);
    const metrics = new DispatcherMetrics();

    this.dataSource = await openServiceDataSource({
      url: config.DATABASE_URL,
      schema: config.DB_SCHEMA,
      entities: [OutboxMessage],
      migrations: [DispatcherLedger1767312000000, DispatcherKafkaInflight1767312000001, DispatcherOutboxSetAside1780000000000],
      poolSize: config.DB_POOL_SIZE,
      applicationName: 'invoice-dispatcher',
    });
    const store = new LedgerStore(this.dataSource);
    store.resultsTopic = topics.dispatchResults;
    store.retryTopic = topics.saleOrdersRetry;
    this.store = store;

    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
    this.publisher = new KafkaPublisher(kafka);
    await this.publisher.connect();
    this.relay = new OutboxRelay({
      dataSource: this.dataSource, publisher: this.publisher, logger, pollIntervalMs: 250, lingerMs: config.DISPATCHER_OUTBOX_LINGER_MS,
    });
    this.relay.start();
    const relay = this.relay;
    this.stopBacklogGauge = metrics.observeOutboxBacklog(() => relay.backlog());

    const gate = new AccountGate({
      failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
      openMs: config.CIRCUIT_OPEN_MS,
      maxOpenMs: config.CIRCUIT_MAX_OPEN_MS,
    });

    const source: CredentialsSource = this.overrides.credentialsSource
      ?? (config.STATIC_CREDENTIALS !== undefined
        ? new StaticCredentialsSource(config.STATIC_CREDENTIALS)
        : new GrpcCredentialsSource({
            address: config.CONFIG_SERVICE_GRPC_URL,
            token: config.CONFIG_SERVICE_INTERNAL_TOKEN!,
            timeoutMs: config.CONFIG_SERVICE_TIMEOUT_MS,
          }));
    if (config.STATIC_CREDENTIALS !== undefined && !this.overrides.credentialsSource) {
      logger.warn('using STATIC_CREDENTIALS (test-only credentials source)');
    }
    this.credentials = new CachedCredentialsProvider(source, config.CREDENTIALS_CACHE_TTL_MS);

    this.gateway = this.overrides.gateway ?? new VhsysClientGateway({
      baseUrl: config.VHSYS_BASE_URL,
      timeoutMs: config.VHSYS_TIMEOUT_MS,
      userAgent: config.VHSYS_USER_AGENT,
      connections: config.VHSYS_MAX_CONCURRENCY,
      onRequest: (accountId, info) => {
        metrics.vhsysRequest(info);
        if (info.rateLimit && info.rateLimit.remaining <= config.VHSYS_RATE_LIMIT_RESERVE) {
          gate.throttle(accountId, config.VHSYS_RATE_LIMIT_RESERVE_PAUSE_MS);
          logger.warn({ accountId, rateLimit: info.rateLimit }, 'Vhsys request budget nearly spent; holding the account back');
        }
      },
    });

    const service = new DispatchService({
      store,
      locks: new SaleLocks(this.dataSource, config.DB_SCHEMA),
      // The last step's done is written by completeReconcile, in the same statement as the completion.
      reconciler: new Reconciler(store, { markerLookbackMs: config.MARKER_LOOKBACK_MS, deferFinalWrite: true }, logger),
      gateway: this.gateway,
      credentials: this.credentials,
      limiter: new AccountRateLimiter({
        perSecond: config.VHSYS_RATE_LIMIT_PER_SECOND,
        burst: config.VHSYS_RATE_LIMIT_BURST,
        maxWaitMs: config.VHSYS_RATE_LIMIT_MAX_WAIT_MS,
      }),
      slots: new Semaphore(config.VHSYS_MAX_CONCURRENCY),
      gate,
      accountSlots: new AccountSlots({
        perAccount: config.VHSYS_ACCOUNT_MAX_IN_FLIGHT,
        total: config.DISPATCHER_MAX_RECONCILING ?? Math.max(1, Math.floor(config.DB_POOL_SIZE / 2)),
      }),
      retryPolicy: new RetryPolicy({
        baseDelayMs: config.RETRY_BASE_DELAY_MS,
        maxDelayMs: config.RETRY_MAX_DELAY_MS,
        maxAttempts: config.RETRY_MAX_ATTEMPTS,
        parkedDelayMs: config.PARKED_RETRY_DELAY_MS,
      }),
      topicHorizonMs: config.RETRY_TOPIC_MAX_DELAY_MS,
      flushResults: () => relay.drainSoon(),
      metrics,
      logger,
    });

    this.waker = new RetryWaker(store, {
      intervalMs: config.RETRY_WAKER_INTERVAL_MS,
      batchSize: 200,
      logger,
      afterWake: () => relay.drainSoon(),
    });
    this.waker.start();

    const dataSource = this.dataSource;
    this.kafkaCheck = kafkaReachableCheck(kafka);
    this.health.register('database', () => databaseReachable(dataSource));
    this.health.register('kafka', this.kafkaCheck);
    this.health.register('sale_orders_consumer_joined', () => this.main?.isJoined ?? false);
    this.health.register('retry_consumer_joined', () => this.retry?.isJoined ?? false);

    this.app = await NestFactory.create(AppModule.register(this.health), { logger: new NestPinoLogger(logger) });
    await this.app.listen(config.DISPATCHER_HTTP_PORT, config.HTTP_HOST);

    // Crash-loop breaker of both consumers (one connection; markers keyed by group).
    this.crashGuard = new PgCrashGuard({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, logger, applicationName: 'invoice-dispatcher-crash-guard' });
    const keyConcurrency = config.DISPATCHER_MAX_IN_FLIGHT > 0 ? { maxInFlight: config.DISPATCHER_MAX_IN_FLIGHT } : undefined;
    this.main = new ConsumerRunner({
      kafka,
      publisher: this.publisher,
      logger,
      groupId: groups.main,
      topics: [topics.saleOrders],
      partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENCY,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      keyConcurrency,
      crashGuard: this.crashGuard,
      fetch: { minBytes: config.KAFKA_FETCH_MIN_BYTES, maxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS },
      handler: (message) => service.handleSaleOrder(message),
    });
    this.retry = new ConsumerRunner({
      kafka,
      publisher: this.publisher,
      logger,
      groupId: groups.retry,
      topics: [topics.saleOrdersRetry],
      partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENCY,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      keyConcurrency,
      crashGuard: this.crashGuard,
      notBefore: (message) => {
        const due = Number(message.headers[HEADERS.retryNotBefore]);
        return Number.isFinite(due) && due > 0 ? due : null;
      },
      handler: (message) => service.handleRetry(message),
    });
    await Promise.all([this.main.start(), this.retry.start()]);
    logger.info({ port: this.httpPort, groups, topics }, 'invoice-dispatcher started');
  }

  /** Resolves once both consumers have joined their groups. */
  async waitUntilJoined(timeoutMs = 30000): Promise<void> {
    await Promise.all([this.main?.waitUntilJoined(timeoutMs), this.retry?.waitUntilJoined(timeoutMs)]);
  }

  async stop(): Promise<void> {
    this.stopBacklogGauge?.();
    await Promise.allSettled([this.main?.stop(), this.retry?.stop()]);
    await this.crashGuard?.close();
    await this.waker?.stop();
    await this.relay?.stop();
    await this.relay?.drain().catch(() => undefined);
    await this.app?.close();
    await this.kafkaCheck?.close();
    await this.publisher?.disconnect();
    this.credentials?.close();
    await this.gateway?.close();
    await this.dataSource?.destroy();
  }
}
