import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminController } from './admin.controller';
import { SalesHistoryModule } from '../sales-history/sales-history.module';
import { SalesController } from './sales.controller';
import { AuditsModule } from '../audits/audits.module';
import { AuditsController } from './audits.controller';
import { EnumerationsController } from './enumerations.controller';
import { ImportsModule } from '../imports/imports.module';
import { ImportsController } from './imports.controller';
import { SettingsController } from './settings.controller';

/** HTTP surface: the settings API, the sales history, the audits and the console's enumerations (admin tokens), health and metrics. */
@Module({
  imports: [SettingsModule, SalesHistoryModule, AuditsModule, ImportsModule, AuthModule],
  controllers: [SettingsController, SalesController, AuditsController, ImportsController, AdminController, EnumerationsController],
})
export class ConfigHttpModule {}
