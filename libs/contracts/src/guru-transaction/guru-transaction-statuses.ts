/**
 * Every Guru transaction status of the reference (guru-transactions.md §3.1), in the order of a
 * sale's life, with the label Guru's admin shows (pt-BR). mapping-service decides what each one
 * means (services/mapping-service/src/mapping/status-table.ts, typed by this list); the console
 * offers them as the import's status filter (GET /v1/vhsys-integration/enumerations).
 */
export const GURU_TRANSACTION_STATUS_LABELS = {
  abandoned: 'Abandonada',
  started: 'Iniciada',
  trial: 'Trial',
  scheduled: 'Agendada',
  waiting_payment: 'Ag. Pagamento',
  billet_printed: 'Boleto Impresso',
  pending: 'Pendente',
  delayed: 'Atrasada',
  analysis: 'Em Análise',
  processing: 'Em Processamento',
  charging: 'A Processar Pagamento',
  in_recovery: 'Em Recuperação',
  rejected: 'Rejeitada',
  canceled: 'Cancelada',
  expired: 'Expirada',
  blocked: 'Bloqueada',
  approved: 'Aprovada',
  pending_transfer: 'Transferência Pendente',
  transferred: 'Transferido',
  failed: 'Erro na Transferência',
  completed: 'Completa',
  dispute: 'Reembolso Sol.',
  refunded: 'Reembolsada',
  chargeback: 'Reclamada',
} as const;

export type GuruTransactionStatus = keyof typeof GURU_TRANSACTION_STATUS_LABELS;

export const GURU_TRANSACTION_STATUSES = Object.keys(GURU_TRANSACTION_STATUS_LABELS) as GuruTransactionStatus[];
