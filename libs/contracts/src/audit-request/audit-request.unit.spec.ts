import { AUDIT_RESULT_MAX_FINDINGS, AuditResultSchema } from '../audit-result/audit-result';
import { auditPeriodProblem, AuditRequestSchema } from './audit-request';

const base = { auditId: '6f1c2d3e-4a5b-4c6d-8e7f-901234567890', accountId: 'acme-cursos', requestedBy: 'admin:ana', requestedAt: '2026-03-05T12:00:00.000Z' };

describe('audit-requests contract', () => {
  it('accepts a run with a bounded period and repair/accept naming a finding', () => {
    expect(AuditRequestSchema.parse({ kind: 'run', ...base, from: '2026-03-01T00:00:00-03:00', to: '2026-04-01T00:00:00-03:00' })).toMatchObject({ kind: 'run' });
    for (const kind of ['repair', 'accept']) {
      expect(AuditRequestSchema.safeParse({ kind, ...base, findingId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }).success).toBe(true);
    }
  });

  it('refuses a period without time zone, reversed, or over 366 days, naming the field', () => {
    expect(auditPeriodProblem({ from: '2026-03-01T00:00:00', to: '2026-04-01T00:00:00-03:00' })).toEqual({ field: 'from', message: expect.stringMatching(/time zone/) });
    expect(auditPeriodProblem({ from: '2026-04-01T00:00:00-03:00', to: '2026-04-01T00:00:00-03:00' })).toEqual({ field: 'to', message: 'to must be after from' });
    expect(auditPeriodProblem({ from: '2025-01-01T00:00:00-03:00', to: '2026-01-03T00:00:00-03:00' })).toEqual({ field: 'to', message: 'the period may span at most 366 days' });
    expect(auditPeriodProblem({ from: '2025-01-01T00:00:00-03:00', to: '2026-01-02T00:00:00-03:00' })).toBeNull();
    const bad = AuditRequestSchema.safeParse({ kind: 'run', ...base, from: '2026-03-01', to: '2026-04-01T00:00:00-03:00' });
    expect(bad.success).toBe(false);
    expect(AuditRequestSchema.safeParse({ kind: 'repair', ...base, findingId: 'not-a-uuid' }).success).toBe(false);
    expect(AuditRequestSchema.safeParse({ kind: 'run', ...base, accountId: 'a:b', from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' }).success).toBe(false);
  });
});

describe('audit-results contract', () => {
  const finding = {
    findingId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', kind: 'pedido_missing', guruTransactionId: 'tx-1', idPed: 12, expected: { idPed: 12 }, found: null,
    resolution: 'open', resolvedBy: null, resolvedAt: null, note: null,
  };
  const result = {
    auditId: base.auditId, accountId: base.accountId, status: 'done', from: '2026-03-01T03:00:00.000Z', to: '2026-04-01T03:00:00.000Z', requestedBy: 'admin:ana',
    startedAt: '2026-03-05T12:00:01.000Z', finishedAt: '2026-03-05T12:00:09.000Z', error: null,
    counts: { salesChecked: 3, salesSkipped: 0, pedidosListed: 3, findings: 1 }, page: 1, pages: 1, findings: [finding], refused: null, publishedAt: '2026-03-05T12:00:09.000Z',
  };

  it('bounds the findings per message and refuses unknown kinds and resolutions', () => {
    expect(AuditResultSchema.parse(result).findings).toHaveLength(1);
    expect(AuditResultSchema.safeParse({ ...result, findings: Array(AUDIT_RESULT_MAX_FINDINGS + 1).fill(finding) }).success).toBe(false);
    expect(AuditResultSchema.safeParse({ ...result, findings: [{ ...finding, kind: 'other' }] }).success).toBe(false);
    expect(AuditResultSchema.safeParse({ ...result, findings: [{ ...finding, resolution: 'fixed' }] }).success).toBe(false);
    expect(AuditResultSchema.safeParse({ ...result, findings: [{ ...finding, resolution: 'repair_failed' }] }).success).toBe(true);
  });
});
