import type { SaleOrder } from '@gv/contracts';
import type { MarkerSearchPosition } from '@gv/vhsys-client';

export const LEDGER_STATUSES = ['pending', 'retrying', 'parked', 'reconciled', 'failed'] as const;
/**
 * - pending: a desired revision is recorded and not yet reconciled (being worked on, or about to be);
 * - retrying: the last attempt failed transiently; a retry message is scheduled;
 * - parked: the account's credentials were refused; waits for new credentials or a slow probe;
 * - reconciled: Vhsys matches `reconciled_revision` (= desired_revision);
 * - failed: given up (permanent error or retries exhausted); a replay of the sale resumes it.
 */
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

export const STEPS = [
  'customer',
  'order',
  'order_header',
  'order_items',
  'installments',
  'status',
  'nfe_create',
  'nfe_items',
  'nfe_emit',
  'nfse_create',
  'nfse_emit',
] as const;
export type StepName = (typeof STEPS)[number];
export type StepState = 'started' | 'done' | 'failed';

export interface StepRow {
  step: StepName;
  state: StepState;
  revision: number;
  runs: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  result: Record<string, unknown> | null;
  error: string | null;
  /** While `started`: how far the marker search resolving it got (null until an attempt stops short). */
  markerSearch: MarkerSearchProgress | null;
}

/**
 * A marker search that did not finish within one attempt's page budget, saved on the step's row so
 * the next attempt resumes it instead of starting again. Cleared whenever the step is started anew
 * (a new write opens a new search window).
 */
export interface MarkerSearchProgress {
  /** Where the search stopped. */
  position: MarkerSearchPosition;
  /** Pages read so far, over all attempts. */
  pagesRead: number;
  /** Attempts that stopped short so far. */
  attempts: number;
}

/** What the ledger knows exists in Vhsys for the sale. */
export interface LedgerVhsys {
  idCliente: number | null;
  idPed: number | null;
  idPedido: number | null;
  orderCreatedRevision: number | null;
  lastChangeRevision: number | null;
  appliedHeaderHash: string | null;
  appliedItemsHash: string | null;
  appliedInstallmentsHash: string | null;
  appliedStatus: string | null;
  appliedSituacao: number | null;
  nfeIdVenda: number | null;
  nfeEmitted: boolean;
  nfeChave: string | null;
  nfeProtocolo: string | null;
  nfeDanfeUrl: string | null;
  nfseIdServico: number | null;
  nfseEmitted: boolean;
  nfseNumero: string | null;
  manualCancellationRevision: number | null;
}

export interface LedgerRow extends LedgerVhsys {
  saleKey: string;
  accountId: string;
  guruTransactionId: string;
  desiredRevision: number;
  desired: SaleOrder;
  status: LedgerStatus;
  reconciledRevision: number | null;
  attempts: number;
  retryGeneration: number;
  nextAttemptAt: Date | null;
  lastErrorKind: string | null;
  lastError: string | null;
  /** The reprocess request (its requestId) the sale's next outcome answers; null when none waits. */
  reprocessRequestId: string | null;
  traceCarrier: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

export type LedgerPatch = Partial<LedgerVhsys>;

/** camelCase field → column. */
export const VHSYS_COLUMNS: Record<keyof LedgerVhsys, string> = {
  idCliente: 'id_cliente',
  idPed: 'id_ped',
  idPedido: 'id_pedido',
  orderCreatedRevision: 'order_created_revision',
  lastChangeRevision: 'last_change_revision',
  appliedHeaderHash: 'applied_header_hash',
  appliedItemsHash: 'applied_items_hash',
  appliedInstallmentsHash: 'applied_installments_hash',
  appliedStatus: 'applied_status',
  appliedSituacao: 'applied_situacao',
  nfeIdVenda: 'nfe_id_venda',
  nfeEmitted: 'nfe_emitted',
  nfeChave: 'nfe_chave',
  nfeProtocolo: 'nfe_protocolo',
  nfeDanfeUrl: 'nfe_danfe_url',
  nfseIdServico: 'nfse_id_servico',
  nfseEmitted: 'nfse_emitted',
  nfseNumero: 'nfse_numero',
  manualCancellationRevision: 'manual_cancellation_revision',
};

export interface AccountRow {
  accountId: string;
  paused: boolean;
  pausedReason: string | null;
  pausedAt: Date | null;
  pausedCredentialsVersion: number | null;
  latestCredentialsVersion: number;
}

/**
 * new: first revision of the sale; newer: a higher revision replaced the desired state;
 * replayed: the same revision replaced a failed (or not yet applied, older-settings) one;
 * same: an equal revision, nothing stored; older: a lower revision, nothing stored.
 */
export type DesiredRecordKind = 'new' | 'newer' | 'replayed' | 'same' | 'older';
