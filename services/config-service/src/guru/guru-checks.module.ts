import { Module } from '@nestjs/common';
import type { Logger } from '@gv/telemetry';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import type { ConfigServiceConfig } from '../config-service.config';
import { createGuruTokenChecks, GuruTokenChecks } from './guru-token-checks';

export const GURU_TOKEN_CHECKS = Symbol('GURU_TOKEN_CHECKS');

/** The Guru check made while saving the Guru API user token, over @gv/guru-client. */
@Module({
  providers: [
    {
      provide: GURU_TOKEN_CHECKS,
      inject: [SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (config: ConfigServiceConfig, logger: Logger): GuruTokenChecks =>
        createGuruTokenChecks({ baseUrl: config.GURU_API_BASE_URL, timeoutMs: config.GURU_API_TIMEOUT_MS, logger }),
    },
  ],
  exports: [GURU_TOKEN_CHECKS],
})
export class GuruChecksModule {}
