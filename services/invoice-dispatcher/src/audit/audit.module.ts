import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { prefixedTopics } from '@gv/contracts';
import { DataSource } from 'typeorm';
import type { Semaphore } from '@gv/concurrency';
import type { Logger } from '@gv/telemetry';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import type { DispatcherConfig } from '../config';
import { OutboxRelayModule } from '../outbox/outbox-relay.module';
import { CREDENTIALS_PROVIDER, CredentialsModule } from '../credentials/credentials.module';
import type { CredentialsProvider } from '../credentials/credentials-provider';
import { AccountGate } from '../dispatch/account-gate';
import { DispatchModule } from '../dispatch/dispatch.module';
import { DispatchService } from '../dispatch/dispatch-service';
import { LedgerModule } from '../ledger/ledger.module';
import { LedgerStore } from '../ledger/ledger-store';
import { VHSYS_GATEWAY, VHSYS_REQUEST_SLOTS, VhsysModule } from '../vhsys/vhsys.module';
import type { VhsysGateway } from '../vhsys/vhsys-port';
import { AuditEngine } from './audit-engine';
import { AuditStore } from './audit-store';
import { AuditRequests } from './audit-requests';
import { AuditRequestsController } from './audit-requests.controller';
import { AuditSettleTimer } from './audit-settle-timer';

/**
 * The audit engine (docs/dispatcher.md#audit) and its Kafka side (requests in, results out through
 * the outbox, the settle timer of repairs), run in the dispatcher so it shares its rate limit, circuits and reprocess path.
 */
@Module({
  imports: [LedgerModule, VhsysModule, CredentialsModule, DispatchModule, OutboxRelayModule],
  controllers: [AuditRequestsController],
  providers: [
    {
      provide: AuditRequests,
      inject: [DataSource, AuditEngine, AuditStore, SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (dataSource: DataSource, engine: AuditEngine, store: AuditStore, config: DispatcherConfig, logger: Logger) =>
        new AuditRequests({ dataSource, engine, store, resultsTopic: prefixedTopics(config.KAFKA_TOPIC_PREFIX).auditResults, logger }),
    },
    {
      provide: AuditSettleTimer,
      inject: [AuditRequests, SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (requests: AuditRequests, config: DispatcherConfig, logger: Logger) => new AuditSettleTimer(requests, { intervalMs: config.AUDIT_SETTLE_INTERVAL_MS, logger }),
    },
    { provide: AuditStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new AuditStore(dataSource) },
    {
      provide: AuditEngine,
      inject: [AuditStore, LedgerStore, VHSYS_GATEWAY, CREDENTIALS_PROVIDER, VHSYS_REQUEST_SLOTS, AccountGate, DispatchService, SERVICE_LOGGER],
      useFactory: (
        store: AuditStore, ledger: LedgerStore, gateway: VhsysGateway, credentials: CredentialsProvider, slots: Semaphore,
        gate: AccountGate, dispatch: DispatchService, logger: Logger,
      ) => new AuditEngine({ store, ledger, gateway, credentials, slots, gate, dispatch, logger }),
    },
  ],
  exports: [AuditEngine, AuditStore, AuditRequests],
})
export class AuditModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(AuditSettleTimer) private readonly settle: AuditSettleTimer) {}

  onModuleInit(): void {
    this.settle.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settle.stop();
  }
}
