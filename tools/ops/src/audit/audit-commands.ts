import { callConfigService } from '../config-service-client';
import type { OpsContext } from '../context';

/**
 * `audit start|list|show|repair|accept`: "Conferir com o Vhsys" through config-service's admin API
 * (POST/GET /v1/accounts/:accountId/audits…, docs/operations.md#auditing-vhsys-against-the-ledger).
 * The dispatcher does the work; these commands ask and show what it answered.
 */
export type AuditCommand =
  | { name: 'audit start'; account: string; from: string; to: string; json: boolean }
  | { name: 'audit list'; account: string; json: boolean }
  | { name: 'audit show'; account: string; auditId: string; json: boolean }
  | { name: 'audit repair' | 'audit accept'; account: string; auditId: string; findingId: string; json: boolean };

interface FindingView {
  findingId: string; kind: string; guruTransactionId: string | null; idPed: number | null; expected: unknown; found: unknown;
  resolution: string; resolvedBy: string | null; note: string | null; repairable: boolean; pendingRequest: string | null; refusal: string | null;
}
interface AuditView {
  auditId: string; status: string; from: string; to: string; requestedBy: string; requestedAt: string; finishedAt: string | null; error: string | null;
  counts: { salesChecked: number; salesSkipped: number; pedidosListed: number; findings: number };
}

const base = (account: string) => `/v1/accounts/${encodeURIComponent(account)}/audits`;

export async function runAuditCommand(ctx: OpsContext, command: AuditCommand, fetchImpl: typeof fetch = fetch): Promise<unknown> {
  const call = (method: 'GET' | 'POST', path: string, body?: unknown) => callConfigService(ctx, { method, path, body }, fetchImpl);
  let answer;
  switch (command.name) {
    case 'audit start':
      answer = await call('POST', base(command.account), { from: command.from, to: command.to });
      print(ctx, command.json, answer.body, (b: { auditId: string }) => [`audit ${b.auditId} requested for account ${command.account}; follow it with: audit show --account ${command.account} ${b.auditId}`]);
      break;
    case 'audit list':
      answer = await call('GET', base(command.account));
      print(ctx, command.json, answer.body, (b: { items: AuditView[] }) => b.items.length === 0 ? ['no audits'] : b.items.map(summaryLine));
      break;
    case 'audit show':
      answer = await call('GET', `${base(command.account)}/${encodeURIComponent(command.auditId)}`);
      print(ctx, command.json, answer.body, (b: AuditView & { findings: FindingView[]; findingsTotal: number }) => [
        summaryLine(b),
        ...(b.error ? [`  error: ${b.error}`] : []),
        ...b.findings.map(findingLine),
        ...(b.findingsTotal > b.findings.length ? [`  … ${b.findingsTotal - b.findings.length} more findings (--json shows the same first ${b.findings.length})`] : []),
      ]);
      break;
    case 'audit repair':
    case 'audit accept': {
      const verb = command.name === 'audit repair' ? 'repair' : 'accept';
      answer = await call('POST', `${base(command.account)}/${encodeURIComponent(command.auditId)}/findings/${encodeURIComponent(command.findingId)}/${verb}`);
      print(ctx, command.json, answer.body, () => [`${verb} of finding ${command.findingId} requested; the dispatcher's answer shows in: audit show --account ${command.account} ${command.auditId}`]);
      break;
    }
  }
  return answer.body;
}

function print<T>(ctx: OpsContext, json: boolean, body: unknown, lines: (b: T) => string[]): void {
  if (json) ctx.out(JSON.stringify(body, null, 2));
  else for (const line of lines(body as T)) ctx.out(line);
}

function summaryLine(a: AuditView): string {
  const c = a.counts;
  return `${a.auditId}  ${a.status.padEnd(9)} ${a.from} → ${a.to}  by ${a.requestedBy}  checked ${c.salesChecked}, skipped ${c.salesSkipped}, findings ${c.findings}`;
}

function findingLine(f: FindingView): string {
  const sale = f.guruTransactionId ? `sale ${f.guruTransactionId}` : 'no sale';
  const state = [f.resolution, f.resolvedBy ? `by ${f.resolvedBy}` : null, f.pendingRequest ? `${f.pendingRequest} pending` : null].filter(Boolean).join(' ');
  return `  ${f.findingId}  ${f.kind.padEnd(26)} ${sale}, pedido ${f.idPed ?? '-'}  expected ${JSON.stringify(f.expected)} found ${JSON.stringify(f.found)}  [${state}]`
    + `${f.repairable ? '' : ' (accept only)'}${f.note ? `  note: ${f.note}` : ''}${f.refusal ? `  ${f.refusal}` : ''}`;
}
