import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
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
 * Global module of the Kafka client and the publisher. The publisher connects in `onModuleInit`
 * (not in its factory, so a start that fails earlier leaves nothing open) and disconnects after
 * every other provider has stopped: global modules are the first to start and the last to shut down.
 */
@Module({})
export class KafkaModule implements OnModuleInit, OnApplicationShutdown {
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
          useFactory: (kafka: Kafka) => new KafkaPublisher(kafka),
        },
      ],
      exports: [KAFKA_CLIENT, KafkaPublisher],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.publisher.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
