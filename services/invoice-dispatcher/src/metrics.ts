import type { Counter, Histogram, ObservableGauge } from '@opentelemetry/api';
import { meter, observeCached } from '@gv/telemetry';
import type { VhsysRequestInfo } from '@gv/vhsys-client';
import type { MarkerSearchReport } from './reconcile/reconciler';

/**
 * The dispatcher's metrics (served at /metrics by the ops controller). Dead letters are counted by
 * every ConsumerRunner (`kafka_dead_lettered_total{group,topic}`, libs/kafka), not here.
 */
export class DispatcherMetrics {
  private readonly dispatched: Counter;
  private readonly retries: Counter;
  private readonly outboxBacklog: ObservableGauge;
  private readonly vhsysLatency: Histogram;
  private readonly stepsResolved: Counter;
  private readonly reconciling: ObservableGauge;
  private readonly markerSearchPages: Histogram;
  private readonly handoffs: Counter;
  private readonly handoffDelay: Histogram;
  private readonly rateSlotsMissed: Counter;

  constructor() {
    const m = meter();
    this.dispatched = m.createCounter('dispatcher_sales_dispatched_total', {
      description: 'Results published by the dispatcher, by outcome',
    });
    this.retries = m.createCounter('dispatcher_retries_scheduled_total', {
      description: 'Sales sent to the retry topic, by reason',
    });
    this.outboxBacklog = m.createObservableGauge('dispatcher_outbox_backlog', {
      description: 'Results and retry messages committed but not yet published to Kafka',
    });
    this.vhsysLatency = m.createHistogram('dispatcher_vhsys_request_duration_ms', {
      description: 'Vhsys request latency by endpoint and status class',
      unit: 'ms',
      advice: { explicitBucketBoundaries: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 20000] },
    });
    this.stepsResolved = m.createCounter('dispatcher_unknown_outcomes_resolved_total', {
      description: 'Interrupted steps resolved by looking in Vhsys',
    });
    this.markerSearchPages = m.createHistogram('dispatcher_marker_search_pages', {
      description: 'Pages (of 250 rows) one attempt of a marker search read, by step and outcome (found, absent, unfinished, failed)',
      advice: { explicitBucketBoundaries: [1, 2, 3, 5, 10, 20, 50, 100] },
    });
    this.reconciling = m.createObservableGauge('dispatcher_sales_reconciling', {
      description: 'Sales being reconciled by this instance right now (holding their lease, calling Vhsys or waiting for a call slot)',
    });
    this.handoffs = m.createCounter('dispatcher_account_handoffs_total', {
      description: 'Sales handed off to the ledger because their account had its cap running and its queue full, by consumer (main, retry)',
    });
    this.rateSlotsMissed = m.createCounter('dispatcher_vhsys_rate_slots_missed_total', {
      description: 'Account rate slots given up because this instance was late for them (slow reservation, stalled event loop): the request took a new slot',
    });
    this.handoffDelay = m.createHistogram('dispatcher_account_handoff_delay_ms', {
      description: 'Delay given to a handed-off sale (grows with its account\'s backlog in this instance)',
      unit: 'ms',
      advice: { explicitBucketBoundaries: [50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000] },
    });
  }

  rateSlotMissed(): void {
    this.rateSlotsMissed.add(1);
  }

  /** Feeds `dispatcher_sales_reconciling` from `running`. Returns the function that detaches it. */
  observeReconciling(running: () => number): () => void {
    const callback = (result: { observe(value: number): void }) => result.observe(running());
    this.reconciling.addCallback(callback);
    return () => this.reconciling.removeCallback(callback);
  }

  outcome(outcome: string): void {
    this.dispatched.add(1, { outcome });
  }

  retry(reason: string): void {
    this.retries.add(1, { reason });
  }

  /**
   * Feeds `dispatcher_outbox_backlog` from `count` (the outbox relay's backlog), read at most every
   * `ttlMs`. Returns the function that detaches it (on stop, before the database closes).
   */
  observeOutboxBacklog(count: () => Promise<number>, ttlMs = 5000): () => void {
    return observeCached(this.outboxBacklog, count, { ttlMs });
  }

  /** A sale handed off by a busy account (`source`: the consumer it came from). */
  handoff(source: 'main' | 'retry' | 'parked-probe', delayMs: number): void {
    this.handoffs.add(1, { consumer: source === 'main' ? 'main' : 'retry' });
    this.handoffDelay.record(delayMs);
  }

  resolved(step: string): void {
    this.stepsResolved.add(1, { step });
  }

  markerSearch(report: MarkerSearchReport): void {
    this.markerSearchPages.record(report.pages, { step: report.step, outcome: report.outcome });
  }

  vhsysRequest(info: VhsysRequestInfo): void {
    const statusClass = info.status === 'error' ? 'error' : `${Math.floor(info.status / 100)}xx`;
    this.vhsysLatency.record(info.durationMs, {
      endpoint: `${info.method} ${info.pathTemplate}`,
      status_class: statusClass,
      ...(info.errorKind ? { error_kind: info.errorKind } : {}),
    });
  }
}
