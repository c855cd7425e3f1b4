import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AddressInfo } from 'net';
import { DataSource } from 'typeorm';
import { prefixedTopics } from '@gv/contracts';
import { databaseReachable, OutboxMessage, openServiceDataSource } from '@gv/db';
import { createKafka, KafkaPublisher } from '@gv/kafka';
import { HealthRegistry, kafkaReachableCheck, NestPinoLogger } from '@gv/service-runtime';
import { createLogger, Logger } from '@gv/telemetry';
import { ConfigServiceConfig } from './config-service.config';
import { ConfigGrpcServer } from './grpc/grpc-server';
import { ErrorFilter } from './http/error-filter';
import { ConfigHttpModule } from './http/http.module';
import { jsonBody } from './http/json-body';
import { createConfigMetrics } from './metrics';
import { CreateConfigTables1765100000000 } from './migrations/1765100000000-create-config-tables';
import { OutboxSetAside1780000000000 } from './migrations/1780000000000-outbox-set-aside';
import { OutboxLeader } from './outbox/outbox-publisher';
import { SecretBox } from './security/secret-box';
import { ServiceTokens } from './security/service-tokens';
import { SettingsService } from './settings/settings-service';
import { SettingsStore } from './settings/settings-store';
import { VhsysGateway } from './vhsys/vhsys-gateway';
import { createVhsysGateway, withCheckMetrics } from './vhsys/vhsys-client-gateway';

export interface ConfigServiceOverrides {
  /** Replaces the Vhsys client (unit-level tests). */
  vhsys?: VhsysGateway;
  logger?: Logger;
}

/**
 * The composition root: database (own schema, migrations at start), Kafka producer, the outbox
 * publisher (one instance at a time), the settings service, and its HTTP and gRPC surfaces.
 */
export class ConfigService {
  private app: INestApplication | null = null;
  private dataSource: DataSource | null = null;
  private publisher: KafkaPublisher | null = null;
  private outbox: OutboxLeader | null = null;
  private grpc: ConfigGrpcServer | null = null;
  private producerConnected = false;
  private vhsys: VhsysGateway | null = null;
  private kafkaCheck: ReturnType<typeof kafkaReachableCheck> | null = null;
  readonly logger: Logger;
  readonly health = new HealthRegistry({ checkTimeoutMs: 3000 });
  httpPort = 0;
  grpcPort = 0;

  constructor(
    private readonly config: ConfigServiceConfig,
    private readonly overrides: ConfigServiceOverrides = {},
  ) {
    this.logger = overrides.logger ?? createLogger('config-service', config.logLevel);
  }

  get httpUrl(): string {
    return `http://${this.config.httpHost}:${this.httpPort}`;
  }

  /** True while this instance is the one publishing the outbox. */
  get publishesOutbox(): boolean {
    return this.outbox?.isLeader ?? false;
  }

  get grpcAddress(): string {
    return `${this.config.grpcHost}:${this.grpcPort}`;
  }

  async start(): Promise<void> {
    const { config, logger } = this;
    if (config.devDefaultsInUse.length > 0) {
      logger.warn({ variables: config.devDefaultsInUse }, 'using the public DEVELOPMENT-ONLY defaults for these variables; never in production');
    }
    const box = new SecretBox(config.encryptionKeys, config.activeEncryptionKey);
    this.dataSource = await openServiceDataSource({
      url: config.databaseUrl,
      schema: config.dbSchema,
      entities: [OutboxMessage],
      migrations: [CreateConfigTables1765100000000, OutboxSetAside1780000000000],
      applicationName: 'config-service',
    });
    const dataSource = this.dataSource;
    const store = new SettingsStore(dataSource, config.dbSchema);

    const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'config-service', logger });
    this.publisher = new KafkaPublisher(kafka);
    await this.publisher.connect();
    this.producerConnected = true;

    const channel = `${config.dbSchema}_outbox`;
    this.outbox = new OutboxLeader({
      dataSource,
      databaseUrl: config.databaseUrl,
      schema: config.dbSchema,
      publisher: this.publisher,
      logger,
      channel,
      pollIntervalMs: config.outboxPollIntervalMs,
      startDelayMs: config.outboxRelayStartDelayMs,
    });
    const outbox = this.outbox;
    const metrics = createConfigMetrics({
      outboxBacklog: () => outbox.backlog(),
      sealedWithOldKeys: () => store.countSealedWithOtherKeys(box.activeKeyId),
    });
    const vhsys = (this.vhsys = withCheckMetrics(this.overrides.vhsys ?? createVhsysGateway({ baseUrl: config.vhsysBaseUrl, timeoutMs: config.vhsysTimeoutMs, logger }), metrics));
    const settings = new SettingsService({
      dataSource, store, box, vhsys, logger, metrics,
      outboxChannel: channel,
      topic: prefixedTopics(config.kafkaTopicPrefix).integrationConfig,
      onCommitted: () => outbox.kick(),
    });
    const adminTokens = new ServiceTokens(config.adminTokens);

    this.kafkaCheck = kafkaReachableCheck(kafka);
    this.health.register('database', () => databaseReachable(dataSource));
    this.health.register('kafka', this.kafkaCheck);
    this.health.register('kafka_producer', () => this.producerConnected);

    const app = await NestFactory.create(ConfigHttpModule.register({ health: this.health, settings, adminTokens }), {
      logger: new NestPinoLogger(logger),
      bodyParser: false,
    });
    this.app = app;
    const express = app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void; disable(name: string): void };
    express.set('etag', false);
    express.disable('x-powered-by');
    app.use(jsonBody);
    app.useGlobalFilters(new ErrorFilter(logger));
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('config-service')
        .setDescription('Vhsys integration settings of each Guru account (Guru admin backend). The same operations are on gRPC: libs/contracts/proto/config_service.proto.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
    await app.listen(config.httpPort, config.httpHost);
    this.httpPort = (app.getHttpServer().address() as AddressInfo).port;

    this.grpc = new ConfigGrpcServer({
      settings,
      adminTokens,
      internalTokens: new ServiceTokens(config.internalTokens),
      logger,
      host: config.grpcHost,
      port: config.grpcPort,
    });
    this.grpcPort = await this.grpc.start();

    outbox.start();
    logger.info({ httpPort: this.httpPort, grpcPort: this.grpcPort, schema: config.dbSchema }, 'config-service started');
  }

  async stop(): Promise<void> {
    await this.grpc?.stop();
    await this.app?.close();
    await this.outbox?.stop();
    this.producerConnected = false;
    await this.kafkaCheck?.close();
    await this.publisher?.disconnect();
    await this.dataSource?.destroy();
    await this.vhsys?.close?.().catch(() => undefined);
    this.logger.info('config-service stopped');
  }
}
