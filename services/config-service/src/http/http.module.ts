import { DynamicModule, Module } from '@nestjs/common';
import { HEALTH_REGISTRY, HealthRegistry, OpsController } from '@gv/service-runtime';
import { ServiceTokens } from '../security/service-tokens';
import { SettingsService } from '../settings/settings-service';
import { AdminController } from './admin.controller';
import { ADMIN_TOKENS, SETTINGS_SERVICE, SettingsController } from './settings.controller';

/** HTTP surface: the settings API, health and metrics. Everything is built by the composition root. */
@Module({})
export class ConfigHttpModule {
  static register(deps: { health: HealthRegistry; settings: SettingsService; adminTokens: ServiceTokens }): DynamicModule {
    return {
      module: ConfigHttpModule,
      controllers: [OpsController, SettingsController, AdminController],
      providers: [
        { provide: HEALTH_REGISTRY, useValue: deps.health },
        { provide: SETTINGS_SERVICE, useValue: deps.settings },
        { provide: ADMIN_TOKENS, useValue: deps.adminTokens },
      ],
    };
  }
}
