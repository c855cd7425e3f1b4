import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Semaphore } from '@gv/concurrency';
import { PreparedStatements } from '@gv/db';
import type { Logger } from '@gv/telemetry';
import type { DispatcherConfig } from '../config';
import { AccountGate } from '../dispatch/account-gate';
import { AccountRateLimiter } from '../limits/account-rate-limiter';
import { DispatcherMetrics } from '../metrics';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { DISPATCHER_OVERRIDES, InvoiceDispatcherOverrides } from '../runtime/overrides';
import { VhsysClientGateway } from './vhsys-client-adapter';
import type { VhsysGateway } from './vhsys-port';

/** The VhsysGateway (the real client, or the tests' override). */
export const VHSYS_GATEWAY = Symbol('VHSYS_GATEWAY');
/** Vhsys requests in flight at once over all accounts (VHSYS_MAX_CONCURRENCY). */
export const VHSYS_REQUEST_SLOTS = Symbol('VHSYS_REQUEST_SLOTS');

/**
 * Vhsys and the limits around it: the gateway, each account's rate limit and circuit (AccountGate,
 * fed by the gateway's request observer when Vhsys reports its budget nearly spent), and the
 * global cap on requests in flight. The gateway's connections close at shutdown, once the
 * consumers (its only callers) have stopped.
 */
@Module({
  providers: [
    {
      provide: AccountGate,
      inject: [SERVICE_CONFIG],
      useFactory: (config: DispatcherConfig) => new AccountGate({
        failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
        openMs: config.CIRCUIT_OPEN_MS,
        maxOpenMs: config.CIRCUIT_MAX_OPEN_MS,
      }),
    },
    {
      provide: AccountRateLimiter,
      inject: [SERVICE_CONFIG, PreparedStatements, DispatcherMetrics],
      useFactory: (config: DispatcherConfig, sql: PreparedStatements, metrics: DispatcherMetrics) => new AccountRateLimiter({
        perSecond: config.VHSYS_RATE_LIMIT_PER_SECOND,
        burst: config.VHSYS_RATE_LIMIT_BURST,
        maxWaitMs: config.VHSYS_RATE_LIMIT_MAX_WAIT_MS,
        maxLatenessMs: config.VHSYS_RATE_LIMIT_MAX_LATENESS_MS,
        jitterMs: config.VHSYS_RATE_LIMIT_JITTER_MS,
      }, sql, { onMissedSlot: () => metrics.rateSlotMissed() }),
    },
    {
      provide: VHSYS_REQUEST_SLOTS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: DispatcherConfig) => new Semaphore(config.VHSYS_MAX_CONCURRENCY),
    },
    {
      provide: VHSYS_GATEWAY,
      inject: [SERVICE_CONFIG, DISPATCHER_OVERRIDES, SERVICE_LOGGER, DispatcherMetrics, AccountGate, AccountRateLimiter],
      useFactory: (
        config: DispatcherConfig, overrides: InvoiceDispatcherOverrides, logger: Logger, metrics: DispatcherMetrics, gate: AccountGate,
        limiter: AccountRateLimiter,
      ): VhsysGateway => overrides.gateway ?? new VhsysClientGateway({
        baseUrl: config.VHSYS_BASE_URL,
        timeoutMs: config.VHSYS_TIMEOUT_MS,
        userAgent: config.VHSYS_USER_AGENT,
        connections: config.VHSYS_MAX_CONCURRENCY,
        // Vhsys counts every request against the token, so the limit is taken per HTTP request
        // (a customer lookup or a marker page may be several requests for one port call).
        beforeRequest: (accountId) => limiter.take(accountId),
        onRequest: (accountId, info) => {
          metrics.vhsysRequest(info);
          if (info.rateLimit && info.rateLimit.remaining <= config.VHSYS_RATE_LIMIT_RESERVE) {
            gate.throttle(accountId, config.VHSYS_RATE_LIMIT_RESERVE_PAUSE_MS);
            logger.warn({ accountId, rateLimit: info.rateLimit }, 'Vhsys request budget nearly spent; holding the account back');
          }
        },
      }),
    },
  ],
  exports: [AccountGate, AccountRateLimiter, VHSYS_REQUEST_SLOTS, VHSYS_GATEWAY],
})
export class VhsysModule implements OnApplicationShutdown {
  constructor(@Inject(VHSYS_GATEWAY) private readonly gateway: VhsysGateway) {}

  async onApplicationShutdown(): Promise<void> {
    await this.gateway.close();
  }
}
