import type { Counter } from '@opentelemetry/api';
import { meter } from '@gv/telemetry';

export interface ConfigMetrics {
  /** Committed settings changes, by action (detalhe.put, product.delete, ...) and transport. */
  changes: Counter;
  /** Vhsys checks made while saving, by check and result. */
  vhsysChecks: Counter;
  /** GetCredentials answers, by caller. */
  credentialsServed: Counter;
  /** Snapshots (and tombstones) written to the outbox again by a republish, by transport. */
  republished: Counter;
}

export function createConfigMetrics(sources: { outboxBacklog: () => Promise<number>; sealedWithOldKeys: () => Promise<number> }): ConfigMetrics {
  const m = meter();
  m.createObservableGauge('config_outbox_backlog', { description: 'Committed settings changes not yet published to Kafka' }).addCallback(async (result) => {
    try {
      result.observe(await sources.outboxBacklog());
    } catch {
      /* database down: no observation this scrape */
    }
  });
  m.createObservableGauge('config_credentials_sealed_with_old_keys', { description: 'Accounts whose tokens are sealed with a key other than the active one' }).addCallback(async (result) => {
    try {
      result.observe(await sources.sealedWithOldKeys());
    } catch {
      /* database down */
    }
  });
  return {
    changes: m.createCounter('config_changes_total', { description: 'Committed settings changes' }),
    vhsysChecks: m.createCounter('config_vhsys_checks_total', { description: 'Vhsys checks made while saving settings' }),
    credentialsServed: m.createCounter('config_credentials_served_total', { description: 'GetCredentials answers' }),
    republished: m.createCounter('config_snapshots_republished_total', { description: 'Settings snapshots (or tombstones) published again on request (POST /v1/admin/republish)' }),
  };
}
