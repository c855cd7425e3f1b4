import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { databaseReachable } from '@gv/db';
import { KAFKA_CLIENT } from '@gv/kafka';
import { HEALTH_REGISTRY, HealthRegistry, kafkaReachableCheck, OpsController } from '@gv/service-runtime';

/**
 * The HTTP surface of invoice-dispatcher: health and metrics only (its work arrives over Kafka).
 * Registers the readiness checks of the shared infrastructure: the database and the broker.
 */
@Module({ controllers: [OpsController] })
export class OpsModule implements OnModuleInit, OnApplicationShutdown {
  private readonly kafkaCheck: ReturnType<typeof kafkaReachableCheck>;

  constructor(
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    private readonly dataSource: DataSource,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
  ) {
    this.kafkaCheck = kafkaReachableCheck(kafka);
  }

  onModuleInit(): void {
    this.health.register('database', () => databaseReachable(this.dataSource));
    this.health.register('kafka', this.kafkaCheck);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafkaCheck.close();
  }
}
