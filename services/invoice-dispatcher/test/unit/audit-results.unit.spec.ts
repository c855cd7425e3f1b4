import { AuditResultSchema } from '@gv/contracts';
import { findingResult, runResults } from '../../src/audit/audit-results';
import type { AuditFinding, AuditRun } from '../../src/audit/audit-store';

const run: AuditRun = {
  id: '6f1c2d3e-4a5b-4c6d-8e7f-901234567890', accountId: 'acme-cursos', from: new Date('2026-03-01T03:00:00Z'), to: new Date('2026-04-01T03:00:00Z'),
  requestedBy: 'admin:ana', status: 'done', salesChecked: 5, salesSkipped: 1, pedidosListed: 7, findings: 5, error: null,
  startedAt: new Date('2026-03-05T12:00:00Z'), finishedAt: new Date('2026-03-05T12:01:00Z'),
};
const finding = (i: number): AuditFinding => ({
  id: `0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c${String(i).padStart(2, '0')}`, runId: run.id, accountId: run.accountId, saleKey: `acme-cursos:tx-${i}`,
  guruTransactionId: `tx-${i}`, kind: 'total_differs', idPed: 100 + i, expected: { totalCents: 1000 }, found: { totalCents: 900 },
  resolution: 'open', resolvedBy: null, resolvedAt: null, repairRequestId: null, repairNote: null,
});
const at = new Date('2026-03-05T12:01:01Z');

describe('audit results (vhsys.audit-results.v1 messages of a run)', () => {
  it('splits the findings into pages of the given size, each with the run header, all valid messages', () => {
    const messages = runResults(run, [1, 2, 3, 4, 5].map(finding), at, 2);
    expect(messages.map((m) => [m.page, m.pages, m.findings.map((f) => f.guruTransactionId)])).toEqual([
      [1, 3, ['tx-1', 'tx-2']], [2, 3, ['tx-3', 'tx-4']], [3, 3, ['tx-5']],
    ]);
    for (const m of messages) expect(AuditResultSchema.parse(m)).toEqual(m);
    expect(messages[0]).toMatchObject({
      auditId: run.id, accountId: 'acme-cursos', status: 'done', from: '2026-03-01T03:00:00.000Z', finishedAt: '2026-03-05T12:01:00.000Z',
      counts: { salesChecked: 5, salesSkipped: 1, pedidosListed: 7, findings: 5 }, refused: null, publishedAt: '2026-03-05T12:01:01.000Z',
    });
  });

  it('answers a run without findings with one message, and a refusal with the finding as it is', () => {
    expect(runResults({ ...run, findings: 0 }, [], at).map((m) => [m.page, m.pages, m.findings.length])).toEqual([[1, 1, 0]]);
    const refused = findingResult(run, { ...finding(1), resolution: 'accepted', resolvedBy: 'admin:bia' }, at, { findingId: finding(1).id, kind: 'repair', reason: 'the finding is accepted, not open' });
    expect(AuditResultSchema.parse(refused).findings).toEqual([expect.objectContaining({ resolution: 'accepted', resolvedBy: 'admin:bia' })]);
    expect(refused.refused).toEqual({ findingId: finding(1).id, kind: 'repair', reason: 'the finding is accepted, not open' });
  });
});
