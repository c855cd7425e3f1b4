import type { Counter, Histogram } from '@opentelemetry/api';
import { meter } from '@gv/telemetry';
import type { VhsysRequestInfo } from '@gv/vhsys-client';

/** The dispatcher's metrics (served at /metrics by the ops controller). */
export class DispatcherMetrics {
  private readonly dispatched: Counter;
  private readonly retries: Counter;
  private readonly deadLettered: Counter;
  private readonly vhsysLatency: Histogram;
  private readonly stepsResolved: Counter;

  constructor() {
    const m = meter();
    this.dispatched = m.createCounter('dispatcher_sales_dispatched_total', {
      description: 'Results published by the dispatcher, by outcome',
    });
    this.retries = m.createCounter('dispatcher_retries_scheduled_total', {
      description: 'Sales sent to the retry topic, by reason',
    });
    this.deadLettered = m.createCounter('dispatcher_dead_lettered_total', {
      description: 'Messages sent to a dead-letter topic, by source topic',
    });
    this.vhsysLatency = m.createHistogram('dispatcher_vhsys_request_duration_ms', {
      description: 'Vhsys request latency by endpoint and status class',
      unit: 'ms',
      advice: { explicitBucketBoundaries: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 20000] },
    });
    this.stepsResolved = m.createCounter('dispatcher_unknown_outcomes_resolved_total', {
      description: 'Interrupted steps resolved by looking in Vhsys',
    });
  }

  outcome(outcome: string): void {
    this.dispatched.add(1, { outcome });
  }

  retry(reason: string): void {
    this.retries.add(1, { reason });
  }

  deadLetter(topic: string): void {
    this.deadLettered.add(1, { topic });
  }

  resolved(step: string): void {
    this.stepsResolved.add(1, { step });
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
