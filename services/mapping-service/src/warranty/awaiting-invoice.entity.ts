import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sale mapped without its invoices because the account issues only after Guru's guarantee
 * period (`warranty_until`). At `dueAt` the sale is mapped again and published with its invoices.
 */
@Entity({ name: 'awaiting_invoices' })
export class AwaitingInvoice {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId!: string;

  @PrimaryColumn({ name: 'guru_transaction_id', type: 'text' })
  guruTransactionId!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  revision!: number;

  @Column({ type: 'jsonb' })
  event!: Record<string, unknown>;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'trace_carrier', type: 'jsonb', default: () => "'{}'::jsonb" })
  traceCarrier!: Record<string, string>;
}
