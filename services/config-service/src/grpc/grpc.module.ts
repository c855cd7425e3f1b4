import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminGrpcController } from './admin.grpc-controller';
import { CredentialsGrpcController } from './credentials.grpc-controller';
import { SalesHistoryModule } from '../sales-history/sales-history.module';
import { SalesHistoryGrpcController } from './sales-history.grpc-controller';
import { AuditsModule } from '../audits/audits.module';
import { AuditsGrpcController } from './audits.grpc-controller';

/** gRPC surface: the admin services, settings, sales history and audits (admin tokens) and the internal credentials service (internal tokens). */
@Module({
  imports: [SettingsModule, SalesHistoryModule, AuditsModule, AuthModule],
  controllers: [AdminGrpcController, SalesHistoryGrpcController, AuditsGrpcController, CredentialsGrpcController],
})
export class ConfigGrpcModule {}
