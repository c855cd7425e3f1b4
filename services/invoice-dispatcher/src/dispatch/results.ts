import {
  DISPATCH_RESULT, DispatchOutcome, DispatchResult, DispatchResultSchema, DispatchStepReport, parseContract, SaleOrder, VhsysRefs,
} from '@gv/contracts';
import { scrubSecretsInText } from '@gv/telemetry';
import { LedgerVhsys, STEPS, StepRow } from '../ledger/ledger-types';

/** Longest step error a result carries (the contract's bound). */
export const STEP_ERROR_MAX_CHARS = 500;

/** What a result reports from the sale's ledger row besides its Vhsys ids. */
export interface ResultLedger extends LedgerVhsys {
  /** Attempts counted in the ledger (see `dispatchResult`'s `attempts`). */
  attempts: number;
  /** The reprocess request the result answers (null: none). */
  reprocessRequestId: string | null;
}

/** The Vhsys ids a result reports, from the ledger. */
export function vhsysRefs(ledger: LedgerVhsys | null): VhsysRefs | null {
  if (!ledger) return null;
  return {
    idCliente: ledger.idCliente,
    idPed: ledger.idPed,
    idPedido: ledger.idPedido,
    nfe: ledger.nfeIdVenda === null
      ? null
      : {
          idVenda: ledger.nfeIdVenda,
          emitted: ledger.nfeEmitted,
          notaChave: ledger.nfeChave,
          protocolo: ledger.nfeProtocolo,
          danfeUrl: ledger.nfeDanfeUrl,
        },
    nfse: ledger.nfseIdServico === null
      ? null
      : { idServico: ledger.nfseIdServico, emitted: ledger.nfseEmitted, numeroNfs: ledger.nfseNumero },
  };
}

const STEP_ORDER = new Map<string, number>(STEPS.map((step, index) => [step, index]));

/**
 * The sales history's timeline of one revision: the ledger's step rows of `revision` that are
 * `done` or `failed` (a `started` one has no outcome yet), in the ledger's step order. `at` is when
 * the step finished (or failed), its start when that is unknown; a row with neither is left out.
 * A failed step's error is scrubbed of anything that looks like a credential and cut to the
 * contract's 500 characters; a done step carries none.
 */
export function stepsReport(rows: Iterable<StepRow>, revision: number): DispatchStepReport[] {
  const picked: { order: number; report: DispatchStepReport }[] = [];
  for (const row of rows) {
    if (row.revision !== revision || (row.state !== 'done' && row.state !== 'failed')) continue;
    const at = row.finishedAt ?? row.startedAt;
    const order = STEP_ORDER.get(row.step);
    if (at === null || order === undefined) continue;
    picked.push({
      order,
      report: {
        step: row.step,
        state: row.state,
        at: at.toISOString(),
        runs: Math.min(Math.max(0, Math.trunc(row.runs)), 1_000_000),
        error: row.state === 'failed' && row.error !== null ? scrubSecretsInText(row.error).slice(0, STEP_ERROR_MAX_CHARS) : null,
      },
    });
  }
  return picked.sort((a, b) => a.order - b.order).map((p) => p.report);
}

/**
 * A dispatch result, validated against the contract before it is ever enqueued. `ledger` gives the
 * Vhsys ids, the attempts and the reprocess request answered; `steps` the revision's step rows
 * (see stepsReport). `attemptsMade`: attempts that concluded with this result and are not (yet)
 * counted in `ledger.attempts` (the successful one; 0 when the result follows no Vhsys attempt).
 */
export function dispatchResult(
  sale: Pick<SaleOrder, 'accountId' | 'guruTransactionId' | 'revision'>,
  outcome: DispatchOutcome,
  reason: string | null,
  detail: string | null,
  ledger: ResultLedger | null,
  steps: Iterable<StepRow> = [],
  options: { attemptsMade?: number; now?: Date } = {},
): DispatchResult {
  return parseContract(DISPATCH_RESULT, DispatchResultSchema, {
    accountId: sale.accountId,
    guruTransactionId: sale.guruTransactionId,
    revision: sale.revision,
    stage: 'dispatch',
    outcome,
    reason,
    detail: detail === null ? null : detail.slice(0, 4000),
    productCodes: [],
    vhsys: vhsysRefs(ledger),
    attempts: (ledger?.attempts ?? 0) + (options.attemptsMade ?? 0),
    steps: stepsReport(steps, sale.revision),
    reprocessRequestId: ledger?.reprocessRequestId ?? null,
    occurredAt: (options.now ?? new Date()).toISOString(),
  });
}
