import { DynamicModule, Module } from '@nestjs/common';
import { HEALTH_REGISTRY, HealthRegistry, OpsController } from '@gv/service-runtime';
import { ConfigView } from './config-view/config-view';
import { CONFIG_VIEW, ConfigViewController } from './config-view/config-view.controller';

/** HTTP surface of mapping-service: health, metrics and its settings view (its work arrives over Kafka). */
@Module({})
export class AppModule {
  static register(health: HealthRegistry, configView: ConfigView): DynamicModule {
    return {
      module: AppModule,
      controllers: [OpsController, ConfigViewController],
      providers: [
        { provide: HEALTH_REGISTRY, useValue: health },
        { provide: CONFIG_VIEW, useValue: configView },
      ],
    };
  }
}
