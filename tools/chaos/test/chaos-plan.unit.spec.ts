import { GuruTransactionEventSchema } from '@gv/contracts';
import { SIZES } from '../src/chaos-options';
import { chaosAccounts, planFaults, planLoad, SERVICE_PROCESSES } from '../src/chaos-plan';

describe('the chaos plan', () => {
  const accounts = chaosAccounts(8);

  it('is the same for the same seed and differs for another (a failing run can be replayed)', () => {
    const sizing = SIZES.reduced;
    expect(planLoad(sizing, accounts, 7)).toEqual(planLoad(sizing, accounts, 7));
    const load = planLoad(sizing, accounts, 7);
    expect(planFaults(sizing, load, 7)).toEqual(planFaults(sizing, load, 7));
    expect(planLoad(sizing, accounts, 8).sales.map((s) => s.key)).not.toEqual(planLoad(sizing, accounts, 7).sales.map((s) => s.key));
    expect(planFaults(sizing, load, 8)).not.toEqual(planFaults(sizing, load, 7));
  });

  it('sends every sale’s statuses in order (pending → approved → refunded), with duplicates right after their original, all valid Guru events', () => {
    const plan = planLoad({ sales: 300, loadMs: 60_000 }, accounts, 3);
    expect(plan.sales).toHaveLength(300);
    expect(new Set(plan.sales.map((s) => s.key)).size).toBe(300);
    const order = ['waiting_payment', 'approved', 'refunded'];
    const seen = new Map<string, string[]>();
    for (const [i, m] of plan.messages.entries()) {
      if (i > 0) expect(m.atMs).toBeGreaterThanOrEqual(plan.messages[i - 1]!.atMs);
      expect(m.atMs).toBeLessThan(60_000);
      const event = GuruTransactionEventSchema.parse(JSON.parse(m.value));
      expect(event.transaction.status).toBe(m.status);
      const statuses = seen.get(m.key) ?? [];
      if (m.duplicate) expect(statuses[statuses.length - 1]).toBe(m.status);
      else statuses.push(m.status);
      seen.set(m.key, statuses);
    }
    for (const sale of plan.sales) {
      const statuses = seen.get(sale.key)!;
      expect(order.filter((s) => statuses.includes(s))).toEqual(statuses);
      expect(statuses).toContain('approved');
      expect(statuses[statuses.length - 1]).toBe(sale.finalStatus);
    }
    // The mix the issue asks for: updates of every kind and duplicates (seeded, so exact).
    const counts = { pendingFirst: 0, refunded: 0, duplicates: plan.messages.filter((m) => m.duplicate).length };
    for (const statuses of seen.values()) {
      if (statuses[0] === 'waiting_payment') counts.pendingFirst += 1;
      if (statuses.includes('refunded')) counts.refunded += 1;
    }
    expect(counts.pendingFirst).toBeGreaterThan(90);
    expect(counts.refunded).toBeGreaterThan(50);
    expect(counts.duplicates).toBeGreaterThan(50);
  });

  it('kills every service process the asked number of times and injects each other fault once, within the load window', () => {
    for (const size of ['full', 'reduced'] as const) {
      const sizing = SIZES[size];
      const load = planLoad(sizing, chaosAccounts(sizing.accounts), 11);
      const faults = planFaults(sizing, load, 11);
      for (const target of SERVICE_PROCESSES) {
        expect(faults.filter((f) => f.kind === 'kill' && f.target === target)).toHaveLength(sizing.killsPerProcess);
      }
      for (const kind of ['broker_restart', 'pg_terminate_backends', 'config_service_stop', 'tokens_rejected']) {
        expect(faults.filter((f) => f.kind === kind)).toHaveLength(1);
      }
      expect(faults.find((f) => f.kind === 'config_service_stop')).toMatchObject({ downMs: sizing.configStopMs });
      expect(faults.find((f) => f.kind === 'tokens_rejected')).toMatchObject({ downMs: sizing.tokensRejectedMs });
      for (const f of faults) {
        expect(f.atMs).toBeGreaterThanOrEqual(sizing.loadMs * 0.05);
        expect(f.atMs).toBeLessThanOrEqual(sizing.loadMs * 0.8);
      }
    }
  });

  it('refuses the tokens of an account that still has a new status to send once the refusal starts', () => {
    // Planning the full load is slow (2 000 generated sales): a few seeds of it, more of the reduced one.
    for (const [size, seeds] of [['full', 3], ['reduced', 30]] as const) {
      const sizing = SIZES[size];
      for (let seed = 1; seed <= seeds; seed += 1) {
        const load = planLoad(sizing, chaosAccounts(sizing.accounts), seed);
        const refusal = planFaults(sizing, load, seed).find((f) => f.kind === 'tokens_rejected')!;
        if (refusal.kind !== 'tokens_rejected') throw new Error('no refusal planned');
        const keys = new Set(load.sales.filter((sale) => sale.accountId === refusal.accountId).map((sale) => sale.key));
        const later = load.messages.filter((m) => keys.has(m.key) && !m.duplicate && m.atMs >= refusal.atMs);
        expect(later.length).toBeGreaterThan(0);
      }
    }
  });
});
