import { Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Batcher, Semaphore } from '@gv/concurrency';
import { OutboxRelay } from '@gv/db';
import type { Logger } from '@gv/telemetry';
import type { DispatcherConfig } from '../config';
import { CREDENTIALS_PROVIDER, CredentialsModule } from '../credentials/credentials.module';
import type { CredentialsProvider } from '../credentials/credentials-provider';
import { LedgerModule } from '../ledger/ledger.module';
import { LedgerStore } from '../ledger/ledger-store';
import { SaleLeases } from '../ledger/sale-leases';
import { DispatcherMetrics } from '../metrics';
import { OutboxRelayModule } from '../outbox/outbox-relay.module';
import { Reconciler } from '../reconcile/reconciler';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '@gv/service-runtime';
import { VHSYS_GATEWAY, VHSYS_REQUEST_SLOTS, VhsysModule } from '../vhsys/vhsys.module';
import type { VhsysGateway } from '../vhsys/vhsys-port';
import { AccountGate } from './account-gate';
import { AccountSlots } from './account-slots';
import { DispatchService } from './dispatch-service';
import { HandoffSchedule } from './handoff-schedule';
import { RetryPolicy } from './retry-policy';
import { RetryWaker } from './retry-waker';

/**
 * Spacing of an account's hand-offs until one of its sales was timed here: about the time a sale
 * of a responsive account holds its slot, divided by the default per-account cap of 2.
 */
const HANDOFF_INITIAL_SPACING_MS = 200;

/**
 * What the dispatcher does with a sale: DispatchService (ledger first, then reconciliation under
 * the sale's lock, results through the outbox), its retry policy and per-account slots, and the
 * RetryWaker that turns long backoffs kept in the ledger into retry messages. The waker stops at
 * shutdown before the outbox relay it feeds (OutboxRelayModule is imported, so it shuts down later).
 */
@Module({
  // Order matters only at shutdown, among modules of equal depth (last imported, first shut down):
  // the relay drains, then the credentials channel and the Vhsys connections close, as before.
  imports: [LedgerModule, VhsysModule, CredentialsModule, OutboxRelayModule],
  providers: [
    {
      provide: RetryPolicy,
      inject: [SERVICE_CONFIG],
      useFactory: (config: DispatcherConfig) => new RetryPolicy({
        baseDelayMs: config.RETRY_BASE_DELAY_MS,
        maxDelayMs: config.RETRY_MAX_DELAY_MS,
        maxAttempts: config.RETRY_MAX_ATTEMPTS,
        parkedDelayMs: config.PARKED_RETRY_DELAY_MS,
      }),
    },
    {
      provide: HandoffSchedule,
      inject: [SERVICE_CONFIG],
      useFactory: (config: DispatcherConfig) => new HandoffSchedule({
        perAccount: config.VHSYS_ACCOUNT_MAX_IN_FLIGHT,
        initialSpacingMs: HANDOFF_INITIAL_SPACING_MS,
        maxDelayMs: config.DISPATCHER_HANDOFF_MAX_DELAY_MS,
      }),
    },
    {
      provide: AccountSlots,
      inject: [SERVICE_CONFIG, HandoffSchedule],
      useFactory: (config: DispatcherConfig, handoffs: HandoffSchedule) => new AccountSlots({
        perAccount: config.VHSYS_ACCOUNT_MAX_IN_FLIGHT,
        maxQueued: config.VHSYS_ACCOUNT_MAX_QUEUED,
        total: config.DISPATCHER_MAX_RECONCILING,
      }, (accountId, heldMs) => handoffs.observeHeld(accountId, heldMs)),
    },
    {
      provide: Reconciler,
      inject: [LedgerStore, DispatcherMetrics, SERVICE_CONFIG, SERVICE_LOGGER],
      // The last step's done is written by completeReconcile, in the same statement as the completion.
      useFactory: (store: LedgerStore, metrics: DispatcherMetrics, config: DispatcherConfig, logger: Logger) => new Reconciler(store, {
        markerLookbackMs: config.MARKER_LOOKBACK_MS,
        markerSearchPagesPerAttempt: config.MARKER_SEARCH_PAGES_PER_ATTEMPT,
        markerSearchResumeDelayMs: config.MARKER_SEARCH_RESUME_DELAY_MS,
        onMarkerSearch: (report) => metrics.markerSearch(report),
        onResolved: (step) => metrics.resolved(step),
        deferFinalWrite: true,
      }, logger),
    },
    {
      provide: DispatchService,
      inject: [
        LedgerStore, SaleLeases, Reconciler, VHSYS_GATEWAY, CREDENTIALS_PROVIDER, VHSYS_REQUEST_SLOTS, AccountGate,
        AccountSlots, HandoffSchedule, RetryPolicy, OutboxRelay, DispatcherMetrics, SERVICE_CONFIG, SERVICE_LOGGER,
      ],
      useFactory: (
        store: LedgerStore, leases: SaleLeases, reconciler: Reconciler, gateway: VhsysGateway, credentials: CredentialsProvider,
        slots: Semaphore, gate: AccountGate, accountSlots: AccountSlots, handoffs: HandoffSchedule, retryPolicy: RetryPolicy,
        relay: OutboxRelay, metrics: DispatcherMetrics, config: DispatcherConfig, logger: Logger,
      ) => new DispatchService({
        store, leases, reconciler, gateway, credentials, slots, gate, accountSlots, handoffs, retryPolicy,
        handoffLane: new Semaphore(config.DISPATCHER_HANDOFF_CONCURRENCY),
        handoffWriter: new Batcher(
          { concurrency: config.DISPATCHER_HANDOFF_CONCURRENCY, maxBatch: config.DISPATCHER_HANDOFF_MAX_BATCH },
          (entries) => store.recordDesiredHandedOff(entries),
        ),
        topicHorizonMs: config.RETRY_TOPIC_MAX_DELAY_MS,
        flushResults: () => relay.drainSoon(),
        metrics,
        logger,
      }),
    },
    {
      provide: RetryWaker,
      inject: [LedgerStore, OutboxRelay, SERVICE_CONFIG, SERVICE_LOGGER],
      useFactory: (store: LedgerStore, relay: OutboxRelay, config: DispatcherConfig, logger: Logger) => new RetryWaker(store, {
        intervalMs: config.RETRY_WAKER_INTERVAL_MS,
        batchSize: 200,
        logger,
        afterWake: () => relay.drainSoon(),
      }),
    },
  ],
  // AccountSlots: the consumers' fair intake waits for its accounts' room (consumers.module.ts).
  exports: [DispatchService, AccountSlots],
})
export class DispatchModule implements OnModuleInit, OnApplicationShutdown {
  private detachReconcilingGauge: (() => void) | null = null;

  constructor(
    @Inject(RetryWaker) private readonly waker: RetryWaker,
    @Inject(AccountSlots) private readonly slots: AccountSlots,
    @Inject(DispatcherMetrics) private readonly metrics: DispatcherMetrics,
  ) {}

  onModuleInit(): void {
    this.waker.start();
    this.detachReconcilingGauge = this.metrics.observeReconciling(() => this.slots.running);
  }

  async onApplicationShutdown(): Promise<void> {
    this.detachReconcilingGauge?.();
    await this.waker.stop();
  }
}
