/**
 * The demo's second half: "Importar vendas anteriores" (the account's past sales read from the Guru
 * API simulator, previewed, imported through the pipeline) and "Conferir com o Vhsys" (a pedido
 * deleted by hand in Vhsys is found by an audit and repaired). Everything goes through
 * config-service's admin API, as the console and `npm run ops -- import|audit` do.
 */
import { centsToDecimalString } from '@gv/brazil';
import { GuruSimulatorAdmin } from '@gv/guru-api-simulator';
import type { RunningStack } from '@gv/stack';
import { VhsysClient } from '@gv/vhsys-client';
import { AdminApi } from './admin-api';

export interface PastSalesDemo {
  stack: RunningStack;
  accountId: string;
  settingsVersion: number;
  vhsysTokens: { accessToken: string; secretAccessToken: string };
  runId: string;
  step: (text: string) => void;
  /** Waits until each of these sales has a final result published after `since`; returns the outcomes by sale. */
  waitForResults: (saleIds: string[], since: number) => Promise<Map<string, string>>;
}

const DAY_MS = 86_400_000;
const PAST_SALES = 20;

/** Brasília midnight `daysAgo` days before today, as the imports API wants it (ISO 8601 with −03:00). */
function brasiliaMidnight(daysAgo: number): string {
  const brasiliaToday = new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 10);
  return `${new Date(Date.parse(`${brasiliaToday}T00:00:00Z`) - daysAgo * DAY_MS).toISOString().slice(0, 10)}T00:00:00-03:00`;
}

export async function runPastSalesDemo(demo: PastSalesDemo): Promise<{ period: { from: string; to: string } }> {
  const { stack, accountId, step } = demo;
  const api = new AdminApi(`${stack.configServiceUrl}/v1/accounts/${encodeURIComponent(accountId)}`, stack.adminToken);
  // 200 days: Guru lists at most 180 days per request, so the import reads two windows.
  const period = { from: brasiliaMidnight(200), to: brasiliaMidnight(0) };

  step(`Importar vendas anteriores: ${PAST_SALES} sales of the last 200 days, in the Guru API (simulator), never sent to the pipeline`);
  const guruUserToken = `demo-guru-user-${demo.runId}`;
  const guru = new GuruSimulatorAdmin(stack.guruSimulatorAdminUrl);
  await guru.createAccount({ accountId, userTokens: [guruUserToken] });
  // One in four is an abandoned checkout: the preview says the pipeline will ignore it.
  const pastIds = await guru.generateTransactions(accountId, {
    count: PAST_SALES, from: period.from, to: period.to, seed: 2026, statuses: ['approved', 'approved', 'approved', 'abandoned'],
    paymentMethods: ['pix', 'credit_card'], productCodes: ['LIVRO-CONF', 'KIT-BICOS'], variants: 'canonical',
  });
  const saved = await api.call<{ settings: { guruApi: { last4: string } } }>('PUT', '/vhsys-integration/guru-api', { userToken: guruUserToken }, { 'if-match': `"${demo.settingsVersion}"` });
  console.log(`  the seller's Guru user token saved (checked with Guru; shown only as "termina em ${saved.settings.guruApi.last4}")`);

  const preview = await api.call<Record<string, number | boolean>>('POST', '/imports/preview', period);
  console.log(`  preview ${period.from} → ${period.to}: ${String(preview.sales)} sales in ${String(preview.windows)} Guru windows; would create ${String(preview.wouldCreateOrders)} orders, ` +
    `${String(preview.wouldBeIgnored)} ignored, ${String(preview.alreadyInHistory)} already in the history, ${String(preview.needProductSettings)} need product settings; total R$ ${centsToDecimalString(Number(preview.totalCents))}`);
  const importStartedAt = Date.now();
  const { importId } = await api.call<{ importId: string }>('POST', '/imports', period);
  await api.until(
    () => api.call<{ status: string; done: number; total: number | null; window: { index: number; count: number } }>('GET', `/imports/${importId}`),
    (p) => p.status === 'done' || p.status === 'failed' || p.status === 'cancelled',
    (p) => `import ${p.status}: ${p.done}/${p.total ?? '?'} (window ${p.window.index}/${p.window.count})`,
    120_000,
  );
  const outcomes = await demo.waitForResults(pastIds, importStartedAt);
  const tally = new Map<string, number>();
  for (const outcome of outcomes.values()) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  console.log(`  the pipeline answered: ${[...tally].map(([o, n]) => `${n} ${o}`).join(', ')}`);

  step('Conferir com o Vhsys: someone deletes one of the imported pedidos by hand in Vhsys; an audit of the period finds it, and a repair re-creates it');
  const vhsys = new VhsysClient({ baseUrl: stack.simulatorUrl, credentials: demo.vhsysTokens, timeoutMs: 5000 });
  const created = pastIds.filter((id) => outcomes.get(id) === 'created');
  const victim = (await vhsys.listPedidos({ lixeira: 'Nao', limit: 250 })).rows.find((p) => p.referenciaPedido.includes(created[0]!));
  if (!victim) throw new Error(`no pedido found for imported sale ${created[0]}`);
  await vhsys.deletePedido(victim.idPed);
  console.log(`  pedido ${victim.idPed} (sale ${created[0]}) moved to the lixeira by hand`);
  const { auditId } = await api.call<{ auditId: string }>('POST', '/audits', period);
  type AuditView = { status: string; counts: { salesChecked: number; findings: number }; findings: { findingId: string; kind: string; guruTransactionId: string | null; idPed: number | null; resolution: string; note: string | null }[] };
  const audit = await api.until(
    () => api.call<AuditView>('GET', `/audits/${auditId}`),
    (a) => a.status === 'done' || a.status === 'failed',
    (a) => `audit ${a.status}: ${a.counts.salesChecked} sales checked, ${a.counts.findings} finding(s)`,
    120_000,
  );
  for (const f of audit.findings) console.log(`  finding ${f.kind}: sale ${f.guruTransactionId ?? '—'}, pedido ${f.idPed ?? '—'}`);
  const finding = audit.findings.find((f) => f.guruTransactionId === created[0]);
  if (!finding) throw new Error('the audit did not find the deleted pedido');
  await api.call('POST', `/audits/${auditId}/findings/${finding.findingId}/repair`);
  const repaired = await api.until(
    () => api.call<AuditView>('GET', `/audits/${auditId}`),
    (a) => a.findings.some((f) => f.findingId === finding.findingId && !['open', 'repairing'].includes(f.resolution)),
    (a) => `finding ${a.findings.find((f) => f.findingId === finding.findingId)?.resolution ?? '?'}`,
    120_000,
  );
  const live = (await vhsys.listPedidos({ lixeira: 'Nao', limit: 250 })).rows.filter((p) => p.referenciaPedido.includes(created[0]!));
  console.log(`  ${repaired.findings.find((f) => f.findingId === finding.findingId)?.note ?? ''}`);
  console.log(`  live pedidos of sale ${created[0]} now: ${live.map((p) => p.idPed).join(', ')} (exactly one)`);
  return { period };
}
