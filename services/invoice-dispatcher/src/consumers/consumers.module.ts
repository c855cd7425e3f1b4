import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { CONSUMER_GROUPS, HEADERS, TOPICS } from '@gv/contracts';
import { PgCrashGuard } from '@gv/db';
import { KAFKA_CLIENT, KafkaConsumerServer, KafkaConsumerServerOptions, KafkaPublisher } from '@gv/kafka';
import { HEALTH_REGISTRY, HealthRegistry } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { DispatcherConfig } from '../config';
import { AccountSlots } from '../dispatch/account-slots';
import { DispatchModule } from '../dispatch/dispatch.module';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { SaleOrdersController } from './sale-orders.controller';

/** The main consumer group (TOPICS.saleOrders and TOPICS.saleReprocess). */
export const SALE_ORDERS_CONSUMER = Symbol('SALE_ORDERS_CONSUMER');
/** The retry consumer group (TOPICS.saleOrdersRetry). */
export const RETRY_CONSUMER = Symbol('RETRY_CONSUMER');
/** The audit consumer group (TOPICS.auditRequests): its own, so a long audit never holds up a sale. */
export const AUDIT_CONSUMER = Symbol('AUDIT_CONSUMER');
/** Audit requests handled at once (different accounts; one account's stay in order). */
const AUDIT_MAX_IN_FLIGHT = 4;

/** The dispatcher's consumer group ids under a KAFKA_GROUP_PREFIX (tests use unique prefixes). */
export function dispatcherGroups(prefix: string) {
  return {
    main: `${prefix}${CONSUMER_GROUPS.dispatcher}`,
    retry: `${prefix}${CONSUMER_GROUPS.dispatcherRetry}`,
    audit: `${prefix}${CONSUMER_GROUPS.dispatcherAudit}`,
  };
}

/** Options both groups share: the client, the publisher (dead letters), concurrency, fair intake, crash guard, fetch sizing. */
function commonOptions(config: DispatcherConfig, kafka: Kafka, publisher: KafkaPublisher, logger: Logger, crashGuard: PgCrashGuard, slots: AccountSlots) {
  return {
    kafka,
    publisher,
    logger,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENCY,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    keyConcurrency: config.DISPATCHER_MAX_IN_FLIGHT > 0 ? { maxInFlight: config.DISPATCHER_MAX_IN_FLIGHT } : undefined,
    fairIntake: fairIntakeOf(config, slots),
    crashGuard,
    fetch: { minBytes: config.KAFKA_FETCH_MIN_BYTES, maxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS },
  } satisfies Partial<KafkaConsumerServerOptions>;
}

/**
 * Fair intake by account (the account-id header every sale order and wake-up carries), waiting for
 * the account's free places in `slots` when DISPATCHER_ACCOUNT_INTAKE_WAITS_FOR_SLOTS; undefined when off.
 */
export function fairIntakeOf(config: DispatcherConfig, slots: AccountSlots): KafkaConsumerServerOptions['fairIntake'] {
  if (config.DISPATCHER_ACCOUNT_INTAKE_PER_SECOND === 0) return undefined;
  return {
    perSecond: config.DISPATCHER_ACCOUNT_INTAKE_PER_SECOND,
    burst: config.DISPATCHER_ACCOUNT_INTAKE_BURST,
    tickMs: config.DISPATCHER_ACCOUNT_INTAKE_TICK_MS,
    maxQueued: config.DISPATCHER_INTAKE_QUEUE_MAX,
    maxQueuedBytes: config.DISPATCHER_INTAKE_QUEUE_MAX_BYTES,
    room: config.DISPATCHER_ACCOUNT_INTAKE_WAITS_FOR_SLOTS ? slots : undefined,
    laneOf: (message) => message.headers[HEADERS.accountId] ?? null,
  };
}

const CONSUMER_DEPS = [SERVICE_CONFIG, KAFKA_CLIENT, KafkaPublisher, SERVICE_LOGGER, PgCrashGuard, AccountSlots];

/**
 * The three consumer groups (sale orders, retries, audit requests) as Nest microservice servers (connected by startInvoiceDispatcher),
 * their handlers (SaleOrdersController) and their shared crash-loop breaker. Nest closes the
 * servers before any onApplicationShutdown hook, so the consumers stop first; the crash guard's
 * connection closes next (this module is the shallowest that holds state).
 */
@Module({
  imports: [DispatchModule],
  controllers: [SaleOrdersController],
  providers: [
    {
      // Crash-loop breaker of both consumers (one connection; markers keyed by group).
      provide: PgCrashGuard,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (config: DispatcherConfig, logger: Logger) => new PgCrashGuard({
        url: config.DATABASE_URL, schema: config.DB_SCHEMA, logger, applicationName: `${config.DB_APPLICATION_NAME}-crash-guard`,
      }),
    },
    {
      provide: SALE_ORDERS_CONSUMER,
      inject: CONSUMER_DEPS,
      useFactory: (config: DispatcherConfig, kafka: Kafka, publisher: KafkaPublisher, logger: Logger, crashGuard: PgCrashGuard, slots: AccountSlots) => new KafkaConsumerServer({
        ...commonOptions(config, kafka, publisher, logger, crashGuard, slots),
        groupId: dispatcherGroups(config.KAFKA_GROUP_PREFIX).main,
        // Reprocess requests share the group: its dead-letter topic, per-key ordering and in-flight cap.
        patterns: [TOPICS.saleOrders, TOPICS.saleReprocess],
      }),
    },
    {
      provide: RETRY_CONSUMER,
      inject: CONSUMER_DEPS,
      useFactory: (config: DispatcherConfig, kafka: Kafka, publisher: KafkaPublisher, logger: Logger, crashGuard: PgCrashGuard, slots: AccountSlots) => new KafkaConsumerServer({
        ...commonOptions(config, kafka, publisher, logger, crashGuard, slots),
        groupId: dispatcherGroups(config.KAFKA_GROUP_PREFIX).retry,
        patterns: [TOPICS.saleOrdersRetry],
        // A retry is not handled before its due time: the partition pauses until then.
        notBefore: (message) => {
          const due = Number(message.headers[HEADERS.retryNotBefore]);
          return Number.isFinite(due) && due > 0 ? due : null;
        },
      }),
    },
    {
      provide: AUDIT_CONSUMER,
      inject: CONSUMER_DEPS,
      useFactory: (config: DispatcherConfig, kafka: Kafka, publisher: KafkaPublisher, logger: Logger, crashGuard: PgCrashGuard, slots: AccountSlots) => new KafkaConsumerServer({
        ...commonOptions(config, kafka, publisher, logger, crashGuard, slots),
        groupId: dispatcherGroups(config.KAFKA_GROUP_PREFIX).audit,
        patterns: [TOPICS.auditRequests],
        // Key-concurrency mode heartbeats while an audit runs (an audit can take minutes).
        keyConcurrency: { maxInFlight: AUDIT_MAX_IN_FLIGHT },
        // Four at once already: an account's audits are not paced.
        fairIntake: undefined,
      }),
    },
  ],
  exports: [SALE_ORDERS_CONSUMER, RETRY_CONSUMER, AUDIT_CONSUMER],
})
export class ConsumersModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    @Inject(SALE_ORDERS_CONSUMER) private readonly saleOrders: KafkaConsumerServer,
    @Inject(RETRY_CONSUMER) private readonly retry: KafkaConsumerServer,
    @Inject(AUDIT_CONSUMER) private readonly audit: KafkaConsumerServer,
    private readonly crashGuard: PgCrashGuard,
  ) {}

  onModuleInit(): void {
    this.health.register('sale_orders_consumer_joined', () => this.saleOrders.isJoined);
    this.health.register('retry_consumer_joined', () => this.retry.isJoined);
    this.health.register('audit_consumer_joined', () => this.audit.isJoined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.crashGuard.close();
  }
}
