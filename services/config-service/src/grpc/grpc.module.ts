import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminGrpcController } from './admin.grpc-controller';
import { CredentialsGrpcController } from './credentials.grpc-controller';
import { SalesHistoryModule } from '../sales-history/sales-history.module';
import { SalesHistoryGrpcController } from './sales-history.grpc-controller';
import { AuditsModule } from '../audits/audits.module';
import { AuditsGrpcController } from './audits.grpc-controller';
import { ImportsModule } from '../imports/imports.module';
import { ImportsGrpcController } from './imports.grpc-controller';

/** gRPC surface: the admin services, settings, sales history, audits and imports of past sales (admin tokens) and the internal credentials service (internal tokens). */
@Module({
  imports: [SettingsModule, SalesHistoryModule, AuditsModule, ImportsModule, AuthModule],
  controllers: [AdminGrpcController, SalesHistoryGrpcController, AuditsGrpcController, ImportsGrpcController, CredentialsGrpcController],
})
export class ConfigGrpcModule {}
