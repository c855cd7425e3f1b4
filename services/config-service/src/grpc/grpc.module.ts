import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminGrpcController } from './admin.grpc-controller';
import { CredentialsGrpcController } from './credentials.grpc-controller';
import { SalesHistoryModule } from '../sales-history/sales-history.module';
import { SalesHistoryGrpcController } from './sales-history.grpc-controller';
import { ImportsModule } from '../imports/imports.module';
import { ImportsGrpcController } from './imports.grpc-controller';

/** gRPC surface: the admin services, settings, sales history and imports of past sales (admin tokens) and the internal credentials service (internal tokens). */
@Module({
  imports: [SettingsModule, SalesHistoryModule, ImportsModule, AuthModule],
  controllers: [AdminGrpcController, SalesHistoryGrpcController, ImportsGrpcController, CredentialsGrpcController],
})
export class ConfigGrpcModule {}
