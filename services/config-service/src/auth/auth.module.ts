import { Module } from '@nestjs/common';
import type { ConfigServiceConfig } from '../config-service.config';
import { SERVICE_CONFIG } from '@gv/service-runtime';
import { ServiceTokens } from '../security/service-tokens';
import { ADMIN_TOKENS, INTERNAL_TOKENS, ServiceTokenGuard } from './service-token.guard';

/** The two token lists and the guard checking them (imported by the HTTP and gRPC modules). */
@Module({
  providers: [
    { provide: ADMIN_TOKENS, inject: [SERVICE_CONFIG], useFactory: (config: ConfigServiceConfig) => new ServiceTokens(config.ADMIN_API_TOKENS) },
    { provide: INTERNAL_TOKENS, inject: [SERVICE_CONFIG], useFactory: (config: ConfigServiceConfig) => new ServiceTokens(config.INTERNAL_API_TOKENS) },
    ServiceTokenGuard,
  ],
  exports: [ADMIN_TOKENS, INTERNAL_TOKENS, ServiceTokenGuard],
})
export class AuthModule {}
