import { Client } from 'pg';
import { saleKey } from '@gv/contracts';
import type { OpsContext } from '../context';
import { checkIdentifier } from '@gv/operations';
import { isoOrDash, table } from '../format';

/** Step order of the dispatcher's reconciliation (services/invoice-dispatcher/src/ledger/ledger-types.ts). */
export const STEP_ORDER = [
  'customer', 'order', 'order_header', 'order_items', 'installments', 'status',
  'nfe_create', 'nfe_items', 'nfe_emit', 'nfse_create', 'nfse_emit',
];

export interface SaleView {
  saleKey: string;
  accountId: string;
  guruTransactionId: string;
  status: string;
  desiredRevision: number;
  reconciledRevision: number | null;
  attempts: number;
  retryGeneration: number;
  nextAttemptAt: string | null;
  lastErrorKind: string | null;
  lastError: string | null;
  traceparent: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  vhsys: {
    idCliente: number | null;
    idPed: number | null;
    idPedido: number | null;
    appliedStatus: string | null;
    appliedSituacao: number | null;
    nfe: { idVenda: number; emitted: boolean; chave: string | null; protocolo: string | null; danfeUrl: string | null } | null;
    nfse: { idServico: number; emitted: boolean; numero: string | null } | null;
  };
  account: { paused: boolean; pausedReason: string | null; pausedAt: string | null } | null;
  steps: { step: string; state: string; revision: number; runs: number; startedAt: string | null; finishedAt: string | null; result: unknown; error: string | null }[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null => (v ? isoOrDash(v as Date) : null);

/** Reads one sale's ledger row, its steps and its account's pause state; null when the ledger has no such sale. */
export async function loadSale(databaseUrl: string, schema: string, accountId: string, guruTransactionId: string): Promise<SaleView | null> {
  checkIdentifier('schema', schema);
  const client = new Client({ connectionString: databaseUrl, application_name: 'ops-cli' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, 'sale_ledger']);
    if (exists.rowCount === 0) throw new Error(`schema "${schema}" has no sale_ledger table (is DISPATCHER_DB_SCHEMA / --schema right?)`);
    const key = saleKey(accountId, guruTransactionId);
    const ledger = await client.query(`SELECT * FROM "${schema}"."sale_ledger" WHERE "sale_key" = $1`, [key]);
    const r = ledger.rows[0] as Record<string, unknown> | undefined;
    if (!r) return null;
    const steps = await client.query(`SELECT * FROM "${schema}"."sale_step" WHERE "sale_key" = $1`, [key]);
    const account = await client.query(`SELECT * FROM "${schema}"."vhsys_account" WHERE "account_id" = $1`, [accountId]);
    const a = account.rows[0] as Record<string, unknown> | undefined;
    const rank = (step: string) => (STEP_ORDER.includes(step) ? STEP_ORDER.indexOf(step) : STEP_ORDER.length);
    const carrier = (r.trace_carrier as Record<string, string> | null) ?? {};
    return {
      saleKey: key,
      accountId: String(r.account_id),
      guruTransactionId: String(r.guru_transaction_id),
      status: String(r.status),
      desiredRevision: Number(r.desired_revision),
      reconciledRevision: num(r.reconciled_revision),
      attempts: Number(r.attempts),
      retryGeneration: Number(r.retry_generation ?? 0),
      nextAttemptAt: iso(r.next_attempt_at),
      lastErrorKind: (r.last_error_kind as string | null) ?? null,
      lastError: (r.last_error as string | null) ?? null,
      traceparent: carrier.traceparent ?? null,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      vhsys: {
        idCliente: num(r.id_cliente),
        idPed: num(r.id_ped),
        idPedido: num(r.id_pedido),
        appliedStatus: (r.applied_status as string | null) ?? null,
        appliedSituacao: num(r.applied_situacao),
        nfe: r.nfe_id_venda === null || r.nfe_id_venda === undefined
          ? null
          : { idVenda: Number(r.nfe_id_venda), emitted: Boolean(r.nfe_emitted), chave: (r.nfe_chave as string | null) ?? null, protocolo: (r.nfe_protocolo as string | null) ?? null, danfeUrl: (r.nfe_danfe_url as string | null) ?? null },
        nfse: r.nfse_id_servico === null || r.nfse_id_servico === undefined
          ? null
          : { idServico: Number(r.nfse_id_servico), emitted: Boolean(r.nfse_emitted), numero: (r.nfse_numero as string | null) ?? null },
      },
      account: a ? { paused: Boolean(a.paused), pausedReason: (a.paused_reason as string | null) ?? null, pausedAt: iso(a.paused_at) } : null,
      steps: (steps.rows as Record<string, unknown>[])
        .map((s) => ({
          step: String(s.step),
          state: String(s.state),
          revision: Number(s.revision),
          runs: Number(s.runs),
          startedAt: iso(s.started_at),
          finishedAt: iso(s.finished_at),
          result: s.result ?? null,
          error: (s.error as string | null) ?? null,
        }))
        .sort((x, y) => rank(x.step) - rank(y.step) || x.step.localeCompare(y.step)),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The human view of `sale show`. */
export function formatSale(view: SaleView): string {
  const v = view.vhsys;
  const lines = [
    `sale ${view.saleKey}`,
    `  status            ${view.status}${view.status === 'failed' ? '  (dead-lettered or given up: fix the cause, then "dlq replay")' : ''}`,
    `  revision          desired ${view.desiredRevision}, reconciled ${view.reconciledRevision ?? '-'}`,
    `  attempts          ${view.attempts} (retry generation ${view.retryGeneration})${view.nextAttemptAt ? `, next attempt ${view.nextAttemptAt}` : ''}`,
    `  last error        ${view.lastErrorKind ? `${view.lastErrorKind}: ` : ''}${view.lastError ?? '-'}`,
    `  trace             ${view.traceparent ? view.traceparent.split('-')[1] : '-'}`,
    `  created / updated ${view.createdAt ?? '-'} / ${view.updatedAt ?? '-'}`,
    `  account           ${view.account?.paused ? `PAUSED since ${view.account.pausedAt} (${view.account.pausedReason ?? 'no reason'})` : 'dispatching'}`,
    'Vhsys',
    `  cliente           ${v.idCliente ?? '-'}`,
    `  pedido            id_ped ${v.idPed ?? '-'}, número ${v.idPedido ?? '-'}, status ${v.appliedStatus ?? '-'}${v.appliedSituacao ? `, situação ${v.appliedSituacao}` : ''}`,
    `  NF-e              ${v.nfe ? `id_venda ${v.nfe.idVenda}, ${v.nfe.emitted ? 'emitted' : 'not emitted'}${v.nfe.chave ? `, chave ${v.nfe.chave}` : ''}${v.nfe.protocolo ? `, protocolo ${v.nfe.protocolo}` : ''}` : '-'}`,
    `  NFS-e             ${v.nfse ? `id_servico ${v.nfse.idServico}, ${v.nfse.emitted ? 'emitted' : 'not emitted'}${v.nfse.numero ? `, número ${v.nfse.numero}` : ''}` : '-'}`,
    'Steps',
  ];
  if (view.steps.length === 0) lines.push('  (none yet)');
  else {
    lines.push(table(
      ['STEP', 'STATE', 'REVISION', 'RUNS', 'STARTED', 'FINISHED', 'RESULT / ERROR'],
      view.steps.map((s) => [s.step, s.state, s.revision, s.runs, s.startedAt, s.finishedAt, s.error ?? (s.result ? JSON.stringify(s.result) : '')]),
    ).replace(/^/gm, '  '));
  }
  return lines.join('\n');
}

export async function saleShow(ctx: OpsContext, options: { account: string; sale: string; schema?: string | null; json?: boolean }): Promise<SaleView | null> {
  const schema = options.schema ?? ctx.env.dispatcherSchema;
  const view = await loadSale(ctx.env.databaseUrl, schema, options.account, options.sale);
  if (options.json) ctx.out(JSON.stringify(view, null, 2));
  else ctx.out(view ? formatSale(view) : `no ledger entry for ${saleKey(options.account, options.sale)} in schema ${schema} (not dispatched yet, parked in mapping-service, or dead-lettered before the dispatcher)`);
  return view;
}
