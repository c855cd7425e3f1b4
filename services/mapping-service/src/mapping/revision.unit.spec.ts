import fc from 'fast-check';
import { computeRevision, RevisionPhase } from './revision';
import { GURU_STATUS_TABLE, statusRank } from '@gv/contracts';

describe('computeRevision', () => {
  it('is updated_at in ms × 20 + rank × 2 + phase', () => {
    expect(computeRevision('2026-03-10T14:03:00Z', 'approved', 'initial')).toBe(35463027600006);
    expect(computeRevision('2026-03-10T14:03:00Z', 'approved', 'complete')).toBe(35463027600007);
    expect(computeRevision(new Date('2026-03-10T14:03:00Z'), ' Refunded ', 'complete')).toBe(35463027600015);
    expect(computeRevision('2026-03-10T14:03:00.001Z', 'waiting_payment', 'initial')).toBe(35463027600022);
    expect(computeRevision('2026-03-10T14:03:00.001Z', 'abandoned', 'initial')).toBe(35463027600020);
    expect(computeRevision('2026-01-01T00:00:00Z', 'in_analysis', 'complete')).toBe(35344512000001);
  });

  it('the re-mapped order (invoices due) is the next revision: above its pre-warranty order, below any later event', () => {
    const withheld = computeRevision('2026-03-10T14:03:00Z', 'approved', 'initial');
    const due = computeRevision('2026-03-10T14:03:00Z', 'approved', 'complete');
    expect(due).toBe(withheld + 1);
    expect(computeRevision('2026-03-10T14:03:00Z', 'pending_transfer', 'initial')).toBe(due + 1);
    expect(computeRevision('2026-03-10T14:03:00.001Z', 'abandoned', 'initial')).toBeGreaterThan(computeRevision('2026-03-10T14:03:00Z', 'refunded', 'complete'));
  });

  it('rejects invalid instants', () => {
    expect(() => computeRevision('nope', 'approved', 'initial')).toThrow('invalid updated_at');
    expect(() => computeRevision(new Date(0), 'approved', 'initial')).toThrow('invalid updated_at');
  });

  const statuses = [...Object.keys(GURU_STATUS_TABLE), 'in_analysis'];
  // 2001-09-09 … 2286-11-20, the millisecond anywhere in between.
  const event = fc.record({
    millis: fc.integer({ min: 1_000_000_000_000, max: 9_999_999_999_999 }),
    status: fc.constantFrom(...statuses),
    phase: fc.constantFrom<RevisionPhase>('initial', 'complete'),
  });
  const revisionOf = (e: { millis: number; status: string; phase: RevisionPhase }) => computeRevision(new Date(e.millis), e.status, e.phase);
  const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

  it('orders any two events by (updated_at, status rank, phase), exactly', () => {
    fc.assert(fc.property(event, event, (a, b) => {
      const expected = sign(a.millis - b.millis) || sign(statusRank(a.status) - statusRank(b.status)) || sign(Number(a.phase === 'complete') - Number(b.phase === 'complete'));
      expect(sign(revisionOf(a) - revisionOf(b))).toBe(expected);
      expect(Number.isSafeInteger(revisionOf(a))).toBe(true);
    }), { numRuns: 2000 });
  });

  it('upgrade: a revision stored under the former rule (ms × 10 + rank) is below every new revision of the same or a later event', () => {
    fc.assert(fc.property(event, event, (stored, next) => {
      fc.pre(next.millis >= stored.millis || (next.millis === stored.millis && statusRank(next.status) >= statusRank(stored.status)));
      const former = stored.millis * 10 + statusRank(stored.status);
      expect(revisionOf(next)).toBeGreaterThan(former);
    }), { numRuns: 2000 });
  });
});
