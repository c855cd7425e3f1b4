import { GURU_TRANSACTION_STATUSES } from './guru-transaction-statuses';
import { classifyStatus, GURU_STATUS_TABLE, statusLabel, statusRank } from './guru-status-table';

/** Every status of the reference (guru-transactions.md §3.1). */
const REFERENCE_STATUSES = [
  'abandoned', 'analysis', 'approved', 'billet_printed', 'blocked', 'canceled', 'chargeback', 'charging',
  'completed', 'delayed', 'dispute', 'expired', 'failed', 'in_recovery', 'pending', 'pending_transfer',
  'processing', 'refunded', 'rejected', 'scheduled', 'started', 'transferred', 'trial', 'waiting_payment',
];

describe('status table', () => {
  it('has exactly the statuses of the reference', () => {
    expect(Object.keys(GURU_STATUS_TABLE).sort()).toEqual([...REFERENCE_STATUSES].sort());
    // The contracts' list (the console's import filter) is the same one, with the same labels.
    expect([...GURU_TRANSACTION_STATUSES].sort()).toEqual([...REFERENCE_STATUSES].sort());
    expect(['waiting_payment', 'approved', 'chargeback', 'unknown_x'].map(statusLabel)).toEqual(['Ag. Pagamento', 'Aprovada', 'Reclamada', 'unknown_x']);
  });

  it('maps the seed groups as the seed says', () => {
    const groupOf = (s: string) => {
      const d = classifyStatus(s);
      return d.kind === 'mapped' ? d.group : null;
    };
    expect(['approved', 'completed'].map(groupOf)).toEqual(['approved', 'approved']);
    expect(['canceled', 'expired'].map(groupOf)).toEqual(['canceled', 'canceled']);
    expect(['waiting_payment', 'billet_printed', 'pending'].map(groupOf)).toEqual(['pending', 'pending', 'pending']);
    expect(['refunded', 'chargeback'].map(groupOf)).toEqual(['refunded', 'refunded']);
  });

  it('decides the other statuses', () => {
    const table = Object.fromEntries(REFERENCE_STATUSES.map((s) => {
      const d = classifyStatus(s);
      return [s, d.kind === 'mapped' ? d.group : d.reason];
    }));
    expect(table).toEqual({
      abandoned: 'status_ignored:abandoned',
      analysis: 'status_ignored:analysis',
      approved: 'approved',
      billet_printed: 'pending',
      blocked: 'status_ignored:blocked',
      canceled: 'canceled',
      chargeback: 'refunded',
      charging: 'status_ignored:charging',
      completed: 'approved',
      delayed: 'pending',
      dispute: 'status_ignored:dispute',
      expired: 'canceled',
      failed: 'status_ignored:failed',
      in_recovery: 'status_ignored:in_recovery',
      pending: 'pending',
      pending_transfer: 'approved',
      processing: 'status_ignored:processing',
      refunded: 'refunded',
      rejected: 'canceled',
      scheduled: 'status_ignored:scheduled',
      started: 'status_ignored:started',
      transferred: 'approved',
      trial: 'status_ignored:trial',
      waiting_payment: 'pending',
    });
  });

  it('ignores unknown statuses with a result', () => {
    expect(classifyStatus('in_analysis')).toEqual({ kind: 'ignored', reason: 'status_ignored:in_analysis', detail: 'unknown Guru status "in_analysis"' });
    expect(statusRank('in_analysis')).toBe(0);
  });

  it('ranks fit in one decimal digit', () => {
    for (const rule of Object.values(GURU_STATUS_TABLE)) expect(rule.rank).toBeGreaterThanOrEqual(0);
    for (const rule of Object.values(GURU_STATUS_TABLE)) expect(rule.rank).toBeLessThanOrEqual(9);
  });
});
