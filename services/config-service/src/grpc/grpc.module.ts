import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminGrpcController } from './admin.grpc-controller';
import { CredentialsGrpcController } from './credentials.grpc-controller';
import { SalesHistoryModule } from '../sales-history/sales-history.module';
import { SalesHistoryGrpcController } from './sales-history.grpc-controller';

/** gRPC surface: the admin services, settings and sales history (admin tokens) and the internal credentials service (internal tokens). */
@Module({
  imports: [SettingsModule, SalesHistoryModule, AuthModule],
  controllers: [AdminGrpcController, SalesHistoryGrpcController, CredentialsGrpcController],
})
export class ConfigGrpcModule {}
