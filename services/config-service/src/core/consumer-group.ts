import type { Provider } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { CONSUMER_GROUPS } from '@gv/contracts';
import { PgCrashGuard } from '@gv/db';
import { KAFKA_CLIENT, KafkaConsumerServer, KafkaPublisher } from '@gv/kafka';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';

/** One of config-service's consumer groups: its server (connected by startConfigService) and its crash-loop breaker. */
export interface ConfigConsumerGroup {
  server: KafkaConsumerServer;
  crashGuard: PgCrashGuard;
}

export interface ConfigConsumerGroupOptions {
  /** The provider token of the group's KafkaConsumerServer (startConfigService connects it). */
  server: symbol;
  /** The provider token of the group itself (server + crash guard), for the owning module's health check and shutdown. */
  group: symbol;
  /** Which of CONSUMER_GROUPS, under KAFKA_GROUP_PREFIX. */
  groupId: keyof typeof CONSUMER_GROUPS;
  /** Unprefixed topic names (TOPICS values); KAFKA_TOPIC_PREFIX is added by the server. */
  patterns: string[];
  /** Names the crash guard's connection: config-service-<name>-crash-guard. */
  name: string;
}

/**
 * The providers of one consumer group of config-service (the sales history's, the audits'): a
 * KafkaConsumerServer with the crash-loop breaker every consumer has, on a connection of its own.
 * Nest closes the server before any onApplicationShutdown hook; the owning module closes the
 * crash guard's connection then.
 */
export function configConsumerGroupProviders(options: ConfigConsumerGroupOptions): Provider[] {
  return [
    {
      provide: options.group,
      inject: [SERVICE_CONFIG, KAFKA_CLIENT, KafkaPublisher, SERVICE_LOGGER],
      useFactory: (config: ConfigServiceConfig, kafka: Kafka, publisher: KafkaPublisher, logger: Logger): ConfigConsumerGroup => {
        const crashGuard = new PgCrashGuard({ url: config.DATABASE_URL, schema: config.DB_SCHEMA, logger, applicationName: `config-service-${options.name}-crash-guard` });
        const server = new KafkaConsumerServer({
          kafka,
          publisher,
          logger,
          crashGuard,
          groupId: `${config.KAFKA_GROUP_PREFIX}${CONSUMER_GROUPS[options.groupId]}`,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          patterns: options.patterns,
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        });
        return { server, crashGuard };
      },
    },
    { provide: options.server, inject: [options.group], useFactory: (group: ConfigConsumerGroup) => group.server },
  ];
}
