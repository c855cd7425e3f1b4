import { z } from 'zod';
import { AccountIdSchema } from '../topics/topics';

/**
 * `guru.transactions.v1` value: one Guru transaction webhook body as Guru's platform received it,
 * wrapped with the Guru account it belongs to. The body itself is Guru's, with all its documented
 * variants; it is parsed leniently by mapping-service (see guru-transaction.schema.ts).
 */
export const GURU_TRANSACTION_EVENT = 'guru-transaction-event@1';

export const GuruTransactionEventSchema = z.object({
  /** No `:` (see AccountIdSchema): the message key is `<accountId>:<transaction.id>`. */
  accountId: AccountIdSchema,
  /** When Guru's platform received the webhook (ISO 8601 with offset). Latency is measured from here. */
  receivedAt: z.string().datetime({ offset: true }).optional(),
  transaction: z.record(z.string(), z.unknown()),
});

export type GuruTransactionEvent = z.infer<typeof GuruTransactionEventSchema>;

// The lenient parser of the `transaction` body lives next to the envelope.
export * from './guru-transaction.schema';
export * from './guru-transaction-statuses';
