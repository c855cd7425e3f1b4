import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminController } from './admin.controller';
import { SalesHistoryModule } from '../sales-history/sales-history.module';
import { SalesController } from './sales.controller';
import { SettingsController } from './settings.controller';

/** HTTP surface: the settings API and the sales history (admin tokens), health and metrics. */
@Module({
  imports: [SettingsModule, SalesHistoryModule, AuthModule],
  controllers: [SettingsController, SalesController, AdminController],
})
export class ConfigHttpModule {}
