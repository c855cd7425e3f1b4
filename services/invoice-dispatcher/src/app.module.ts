import { DynamicModule, Module } from '@nestjs/common';
import { HEALTH_REGISTRY, HealthRegistry, OpsController } from '@gv/service-runtime';

/** HTTP surface of invoice-dispatcher: health and metrics only (its work arrives over Kafka). */
@Module({})
export class AppModule {
  static register(health: HealthRegistry): DynamicModule {
    return {
      module: AppModule,
      controllers: [OpsController],
      providers: [{ provide: HEALTH_REGISTRY, useValue: health }],
    };
  }
}
