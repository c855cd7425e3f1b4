import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { createKafka, KafkaClientOptions } from '../kafka-client';
import { KafkaPublisher } from '../publisher';

/** The service's kafkajs client (one per process: consumers, the publisher and admin calls share it). */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

export interface KafkaModuleAsyncOptions {
  inject: Array<string | symbol | Function>;
  useFactory: (...args: any[]) => KafkaClientOptions;
}

/**
 * Global module of the Kafka client and the publisher (connected before any other provider
 * starts, disconnected after every other has stopped: global modules are the first to start and
 * the last to shut down).
 */
@Module({})
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(KafkaPublisher) private readonly publisher: KafkaPublisher) {}

  static forRootAsync(options: KafkaModuleAsyncOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_CLIENT, inject: options.inject, useFactory: (...args: unknown[]) => createKafka(options.useFactory(...args)) },
        {
          provide: KafkaPublisher,
          inject: [KAFKA_CLIENT],
          useFactory: async (kafka: Kafka) => {
            const publisher = new KafkaPublisher(kafka);
            await publisher.connect();
            return publisher;
          },
        },
      ],
      exports: [KAFKA_CLIENT, KafkaPublisher],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
