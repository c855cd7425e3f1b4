import { AUDIT_RESULT, AUDIT_RESULT_MAX_FINDINGS, AuditFindingMessage, AuditResult, HEADERS } from '@gv/contracts';
import type { OutboxEntry } from '@gv/db';
import type { AuditFinding, AuditRun } from './audit-store';

/** A stored finding as the audit-results contract carries it. */
export function findingMessage(f: AuditFinding): AuditFindingMessage {
  return {
    findingId: f.id, kind: f.kind, guruTransactionId: f.guruTransactionId, idPed: f.idPed, expected: f.expected, found: f.found,
    resolution: f.resolution, resolvedBy: f.resolvedBy, resolvedAt: f.resolvedAt?.toISOString() ?? null, note: f.repairNote?.slice(0, 2000) ?? null,
  };
}

function header(run: AuditRun, publishedAt: Date): Omit<AuditResult, 'findings' | 'page' | 'pages' | 'refused'> {
  return {
    auditId: run.id, accountId: run.accountId, status: run.status, from: run.from.toISOString(), to: run.to.toISOString(),
    requestedBy: run.requestedBy, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null,
    error: run.error?.slice(0, 2000) ?? null,
    counts: { salesChecked: run.salesChecked, salesSkipped: run.salesSkipped, pedidosListed: run.pedidosListed, findings: run.findings },
    publishedAt: publishedAt.toISOString(),
  };
}

/**
 * The run's answer: its status and counts, and its findings split into pages of at most
 * AUDIT_RESULT_MAX_FINDINGS (one message with no findings when there are none).
 */
export function runResults(run: AuditRun, findings: AuditFinding[], publishedAt: Date, pageSize = AUDIT_RESULT_MAX_FINDINGS): AuditResult[] {
  const pages = Math.max(1, Math.ceil(findings.length / pageSize));
  return Array.from({ length: pages }, (_, i) => ({
    ...header(run, publishedAt),
    page: i + 1,
    pages,
    findings: findings.slice(i * pageSize, (i + 1) * pageSize).map(findingMessage),
    refused: null,
  }));
}

/** The answer to a repair or accept: the run's header and the finding's current state (and the refusal, if any). */
export function findingResult(run: AuditRun, finding: AuditFinding, publishedAt: Date, refused: AuditResult['refused'] = null): AuditResult {
  return { ...header(run, publishedAt), page: 1, pages: 1, findings: [findingMessage(finding)], refused };
}

/** An answer as the outbox row the relay publishes (key: the account). */
export function auditResultEntry(topic: string, result: AuditResult): OutboxEntry {
  return { topic, key: result.accountId, value: result, contract: AUDIT_RESULT, headers: { [HEADERS.accountId]: result.accountId } };
}
