import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../settings/settings.module';
import { AdminGrpcController } from './admin.grpc-controller';
import { CredentialsGrpcController } from './credentials.grpc-controller';

/** gRPC surface: the admin service (admin tokens) and the internal credentials service (internal tokens). */
@Module({
  imports: [SettingsModule, AuthModule],
  controllers: [AdminGrpcController, CredentialsGrpcController],
})
export class ConfigGrpcModule {}
