import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminController } from './admin.controller';
import { EnumerationsController } from './enumerations.controller';
import { SettingsController } from './settings.controller';

/** HTTP surface: the settings API (admin tokens), health and metrics. */
@Module({
  imports: [SettingsModule, AuthModule],
  controllers: [SettingsController, AdminController, EnumerationsController],
})
export class ConfigHttpModule {}
