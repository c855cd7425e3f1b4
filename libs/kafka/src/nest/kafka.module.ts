import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { createKafka, KafkaClientOptions } from '../kafka-client';
import { explainKafkaError } from '../kafka-security';
import { KafkaPublisher } from '../publisher';

/** The service's kafkajs client (one per process: consumers, the publisher and admin calls share it). */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
/** The client's options (security settings for start-up error messages). */
const KAFKA_CLIENT_OPTIONS = Symbol('KAFKA_CLIENT_OPTIONS');

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
  constructor(
    @Inject(KafkaPublisher) private readonly publisher: KafkaPublisher,
    @Inject(KAFKA_CLIENT_OPTIONS) private readonly clientOptions: KafkaClientOptions,
  ) {}

  static forRootAsync(options: KafkaModuleAsyncOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_CLIENT_OPTIONS, inject: options.inject, useFactory: (...args: unknown[]) => options.useFactory(...args) },
        { provide: KAFKA_CLIENT, inject: [KAFKA_CLIENT_OPTIONS], useFactory: (clientOptions: KafkaClientOptions) => createKafka(clientOptions) },
        {
          provide: KafkaPublisher,
          inject: [KAFKA_CLIENT],
          useFactory: (kafka: Kafka) => new KafkaPublisher(kafka),
        },
      ],
      exports: [KAFKA_CLIENT, KafkaPublisher],
    };
  }

  /**
   * The first connection of the process: refused credentials or an untrusted certificate end the
   * start here, with a message naming the user and mechanism (never the password).
   */
  async onModuleInit(): Promise<void> {
    try {
      await this.publisher.connect();
    } catch (error) {
      throw explainKafkaError(error, this.clientOptions.security);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
