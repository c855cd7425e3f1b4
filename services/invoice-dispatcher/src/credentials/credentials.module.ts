import { Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { prefixedTopics } from '@gv/contracts';
import { KAFKA_CLIENT, KafkaPublisher } from '@gv/kafka';
import type { Logger } from '@gv/telemetry';
import type { DispatcherConfig } from '../config';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { DISPATCHER_OVERRIDES, InvoiceDispatcherOverrides } from '../runtime/overrides';
import { CachedCredentialsProvider, CredentialsProvider, CredentialsSource, StaticCredentialsSource } from './credentials-provider';
import { GrpcCredentialsSource } from './grpc-credentials';
import { SettingsWatch } from './settings-watch';

/** The CredentialsProvider: each account's Vhsys pair, cached, from config-service (or a static map in tests). */
export const CREDENTIALS_PROVIDER = Symbol('CREDENTIALS_PROVIDER');

function credentialsSource(config: DispatcherConfig, overrides: InvoiceDispatcherOverrides, logger: Logger): CredentialsSource {
  if (overrides.credentialsSource) return overrides.credentialsSource;
  if (config.STATIC_CREDENTIALS !== undefined) {
    logger.warn('using STATIC_CREDENTIALS (test-only credentials source)');
    return new StaticCredentialsSource(config.STATIC_CREDENTIALS);
  }
  if (!config.grpcTls) logger.warn('GetCredentials over plaintext gRPC (GRPC_TLS is off): for development only; production requires GRPC_TLS=on');
  return new GrpcCredentialsSource({
    address: config.CONFIG_SERVICE_GRPC_URL,
    token: config.CONFIG_SERVICE_INTERNAL_TOKEN!,
    timeoutMs: config.CONFIG_SERVICE_TIMEOUT_MS,
    tls: config.grpcTls ?? undefined,
  });
}

/**
 * Credentials of the Vhsys accounts, and the settings watch that drops an account's cached pair
 * when its settings change or are deleted. The watch joins its group during bootstrap (before the
 * consumers start, so before anything is cached); the gRPC channel closes at shutdown, after the
 * consumers stopped.
 */
@Module({
  providers: [
    {
      provide: CREDENTIALS_PROVIDER,
      inject: [SERVICE_CONFIG, DISPATCHER_OVERRIDES, SERVICE_LOGGER],
      useFactory: (config: DispatcherConfig, overrides: InvoiceDispatcherOverrides, logger: Logger): CredentialsProvider =>
        new CachedCredentialsProvider(credentialsSource(config, overrides, logger), config.CREDENTIALS_CACHE_TTL_MS),
    },
    {
      provide: SettingsWatch,
      inject: [SERVICE_CONFIG, KAFKA_CLIENT, KafkaPublisher, SERVICE_LOGGER, CREDENTIALS_PROVIDER],
      useFactory: (config: DispatcherConfig, kafka: Kafka, publisher: KafkaPublisher, logger: Logger, credentials: CredentialsProvider) =>
        new SettingsWatch({ kafka, publisher, logger, credentials, groupPrefix: config.KAFKA_GROUP_PREFIX, topic: prefixedTopics(config.KAFKA_TOPIC_PREFIX).integrationConfig }),
    },
  ],
  exports: [CREDENTIALS_PROVIDER],
})
export class CredentialsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(CREDENTIALS_PROVIDER) private readonly credentials: CredentialsProvider,
    private readonly watch: SettingsWatch,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.watch.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.watch.stop();
    this.credentials.close();
  }
}
