import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sale that names a product without Faturamento settings. It waits here (newest revision only)
 * until the account's settings for every listed product arrive, then it is mapped again.
 */
@Entity({ name: 'parked_sales' })
export class ParkedSale {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId!: string;

  @PrimaryColumn({ name: 'guru_transaction_id', type: 'text' })
  guruTransactionId!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  revision!: number;

  /** The Guru event as received (GuruTransactionEvent). */
  @Column({ type: 'jsonb' })
  event!: Record<string, unknown>;

  @Column({ name: 'missing_product_codes', type: 'text', array: true })
  missingProductCodes!: string[];

  /** W3C trace context of the event that parked it, so the release continues that trace. */
  @Column({ name: 'trace_carrier', type: 'jsonb', default: () => "'{}'::jsonb" })
  traceCarrier!: Record<string, string>;

  @Column({ name: 'parked_at', type: 'timestamptz' })
  parkedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
