import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CONSUMER_GROUPS, prefixedTopics } from '@gv/contracts';
import { databaseReachable, OutboxRelay, openServiceDataSource, PreparedStatements, prunePublishedOutbox, PgCrashGuard } from '@gv/db';
import { ConsumerRunner, createKafka, KafkaPublisher } from '@gv/kafka';
import { HealthRegistry, kafkaReachableCheck, NestPinoLogger } from '@gv/service-runtime';
import { createLogger, errorFields, Logger } from '@gv/telemetry';
import { AppModule } from './app.module';
import { ConfigView } from './config-view/config-view';
import { MappingServiceConfig } from './mapping-service.config';
import { observeWaitingSales } from './metrics';
import { SaleOutputs } from './sales/sale-outputs';
import { SaleProcessor } from './sales/sale-processor';
import { InvoiceDueScheduler } from './warranty/invoice-due-scheduler';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS } from './schema';

/**
 * The composition root: database (own schema, migrations at start), the outbox relay, the config
 * view (loaded fully before any sale is consumed), the sales consumer, the invoice-due scheduler
 * and the HTTP ops surface.
 */
export class MappingService {
  private app: INestApplication | null = null;
  private dataSource: DataSource | null = null;
  private publisher: KafkaPublisher | null = null;
  private relay: OutboxRelay | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private configView: ConfigView | null = null;
  private sales: ConsumerRunner | null = null;
  private crashGuard: PgCrashGuard | null = null;
  private invoiceDue: InvoiceDueScheduler | null = null;
  private kafkaCheck: ReturnType<typeof kafkaReachableCheck> | null = null;
  private stopGauges: (() => void) | null = null;
  readonly logger: Logger;
  readonly health = new HealthRegistry({ checkTimeoutMs: 3000 });
  /** The HTTP port actually bound (differs from the setting when it is 0). */
  httpPort = 0;

  constructor(private readonly config: MappingServiceConfig) {
    this.logger = createLogger('mapping-service', config.LOG_LEVEL);
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    this.dataSource = await openServiceDataSource({
      url: config.DATABASE_URL,
      schema: config.DB_SCHEMA,
      entities: MAPPING_ENTITIES,
      migrations: MAPPING_MIGRATIONS,
      applicationName: 'mapping-service',
    });
    const topics = prefixedTopics(config.KAFKA_TOPIC_PREFIX);
    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'mapping-service', logger });
    this.publisher = new KafkaPublisher(kafka);
    await this.publisher.connect();
    // Publishes what releases and re-maps committed to the outbox; asked right after each commit,
    // its poll retries what failed.
    const relay = new OutboxRelay({ dataSource: this.dataSource, publisher: this.publisher, logger, pollIntervalMs: config.MAPPING_OUTBOX_POLL_MS });
    this.relay = relay;
    relay.start();
    this.stopGauges = observeWaitingSales(this.dataSource, () => relay.backlog());
    // Published outbox rows are kept a day for inspection, then pruned.
    const statements = new PreparedStatements(this.dataSource);
    this.pruneTimer = setInterval(() => {
      prunePublishedOutbox(statements, 24 * 60 * 60 * 1000, 5000)
        .catch((error) => logger.warn({ ...errorFields(error) }, 'pruning the outbox failed; will try again'));
    }, 60_000);
    this.pruneTimer.unref();

    this.configView = new ConfigView(kafka, this.publisher, logger, config.KAFKA_GROUP_PREFIX, topics.integrationConfig);
    const processor = new SaleProcessor(this.dataSource, new SaleOutputs(this.publisher, topics), this.configView, logger, () => relay.drainSoon());
    this.configView.onChange((accountId, snapshot) => processor.releaseParked(accountId, snapshot));

    const dataSource = this.dataSource;
    this.kafkaCheck = kafkaReachableCheck(kafka);
    this.health.register('database', () => databaseReachable(dataSource));
    this.health.register('kafka', this.kafkaCheck);
    this.health.register('config_view_loaded', () => this.configView?.isLoaded ?? false);
    this.health.register('sales_consumer_joined', () => this.sales?.isJoined ?? false);

    this.app = await NestFactory.create(AppModule.register(this.health, this.configView), { logger: new NestPinoLogger(logger) });
    this.app.enableShutdownHooks();
    await this.app.listen(config.MAPPING_SERVICE_HTTP_PORT, config.HTTP_HOST);
    this.httpPort = (this.app.getHttpServer().address() as { port: number }).port;

    await this.configView.start();
    await this.configView.waitUntilLoaded();

    // The crash-loop breaker guards the sales consumer only: the settings view reads the compacted
    // topic with a new group on every start (no shared owner of a partition to count crashes for),
    // and its snapshots are validated by config-service before they are written.
    this.crashGuard = new PgCrashGuard({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, logger, applicationName: 'mapping-service-crash-guard' });
    if (config.FAULT_ABORT_ON_MESSAGE_CONTAINING !== undefined) logger.warn('fault injection on (FAULT_ABORT_ON_MESSAGE_CONTAINING): test-only');
    this.sales = new ConsumerRunner({
      kafka,
      publisher: this.publisher,
      logger,
      groupId: `${config.KAFKA_GROUP_PREFIX}${CONSUMER_GROUPS.mappingSales}`,
      topics: [topics.guruTransactions],
      partitionsConsumedConcurrently: config.MAPPING_CONCURRENCY,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      crashGuard: this.crashGuard,
      abortOnValueContaining: config.FAULT_ABORT_ON_MESSAGE_CONTAINING,
      fetch: { minBytes: config.KAFKA_FETCH_MIN_BYTES, maxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS },
      handler: (message) => processor.handleGuruEvent(message),
    });
    await this.sales.start();
    this.invoiceDue = new InvoiceDueScheduler(this.dataSource, (row) => processor.remapDue(row), logger, config.INVOICE_DUE_POLL_MS);
    this.invoiceDue.start();
    logger.info({ port: config.MAPPING_SERVICE_HTTP_PORT, topics }, 'mapping-service started');
  }

  async stop(): Promise<void> {
    this.stopGauges?.();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.invoiceDue?.stop();
    await this.sales?.stop();
    await this.crashGuard?.close();
    await this.configView?.stop();
    await this.relay?.stop();
    await this.app?.close();
    await this.kafkaCheck?.close();
    await this.publisher?.disconnect();
    await this.dataSource?.destroy();
  }
}
