import { Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { prefixedTopics } from '@gv/contracts';
import { KAFKA_CLIENT, KafkaPublisher } from '@gv/kafka';
import { HEALTH_REGISTRY, HealthRegistry, SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { MappingServiceConfig } from '../mapping-service.config';
import { ConfigView } from './config-view';
import { ConfigViewController } from './config-view.controller';

/**
 * This instance's view of every account's settings. It is loaded in full during
 * `onApplicationBootstrap`, which Nest finishes before the Kafka consumers start
 * (`startAllMicroservices` comes after `init`): no sale is mapped against settings older than those
 * committed before the start. It reads with its own ConsumerRunner, not an @EventPattern, because
 * it must be complete before the consumer servers start (docs/kafka.md#settings-view).
 */
@Module({
  controllers: [ConfigViewController],
  providers: [
    {
      provide: ConfigView,
      inject: [KAFKA_CLIENT, KafkaPublisher, SERVICE_LOGGER, SERVICE_CONFIG],
      useFactory: (kafka: Kafka, publisher: KafkaPublisher, logger: Logger, config: MappingServiceConfig) =>
        new ConfigView(kafka, publisher, logger, config.KAFKA_GROUP_PREFIX, prefixedTopics(config.KAFKA_TOPIC_PREFIX).integrationConfig),
    },
  ],
  exports: [ConfigView],
})
export class ConfigViewModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly view: ConfigView, @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry) {}

  async onApplicationBootstrap(): Promise<void> {
    this.health.register('config_view_loaded', () => this.view.isLoaded);
    await this.view.start();
    await this.view.waitUntilLoaded();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.view.stop();
  }
}
