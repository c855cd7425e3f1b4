import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Semaphore } from '@gv/concurrency';
import type { Logger } from '@gv/telemetry';
import { SERVICE_LOGGER } from '@gv/service-runtime';
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

/** The audit engine (docs/dispatcher.md#audit), run in the dispatcher so it shares its rate limit, circuits and reprocess path. */
@Module({
  imports: [LedgerModule, VhsysModule, CredentialsModule, DispatchModule],
  providers: [
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
  exports: [AuditEngine, AuditStore],
})
export class AuditModule {}
