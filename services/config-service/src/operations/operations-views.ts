import { z } from 'zod';

/** Request and response shapes of the Operações routes (validated requests; OpenAPI from the same schemas). */

export const DeadLettersQuerySchema = z.object({
  /** Newest letters returned per consumer group. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  account: z.string().trim().min(1).max(64).optional(),
}).strict();

export const ReplayBodySchema = z.object({
  partition: z.number().int().min(0).max(10_000),
  /** Kafka offsets are 64-bit: a decimal string. */
  offset: z.string().regex(/^\d{1,19}$/, 'must be a decimal Kafka offset'),
  /** Replay again a letter the journal shows as replayed or in doubt. */
  force: z.boolean().default(false),
}).strict();

const ReplayStateSchema = z.union([
  z.object({ state: z.enum(['claimed', 'published']), replays: z.number().int(), at: z.string(), by: z.string(), target: z.string() }),
  z.literal('unknown'),
  z.null(),
]);

export const DeadLettersResponseSchema = z.object({
  groups: z.array(z.object({
    consumerGroup: z.string(),
    topic: z.string(),
    /** Letters in the topic (of `account` when asked), before `limit`. */
    total: z.number().int(),
    messages: z.array(z.object({
      partition: z.number().int(),
      offset: z.string(),
      key: z.string().nullable(),
      accountId: z.string().nullable(),
      saleId: z.string().nullable(),
      reason: z.string().nullable(),
      field: z.string().nullable(),
      failedAt: z.string().nullable(),
      originalTopic: z.string().nullable(),
      replayOf: z.string().nullable(),
      replay: ReplayStateSchema,
    })),
  })),
  /** Set when the replay journal could not be read: replay states are then 'unknown'. */
  journalProblem: z.string().nullable(),
});

export const ReplayResponseSchema = z.object({
  replayed: z.number().int(),
  outcome: z.enum(['replayed', 'skipped_already_replayed', 'skipped_in_doubt', 'refused', 'failed', 'not_found']),
  target: z.string().nullable(),
  detail: z.string().nullable(),
});

export const PausedAccountsResponseSchema = z.object({
  accounts: z.array(z.object({ accountId: z.string(), reason: z.string().nullable(), pausedAt: z.string().nullable() })),
});

export const ConsumerLagResponseSchema = z.object({
  groups: z.array(z.object({
    group: z.string(),
    topic: z.string(),
    lag: z.number().int(),
    partitions: z.array(z.object({ partition: z.number().int(), end: z.string(), committed: z.string().nullable(), lag: z.number().int() })),
  })),
});

export const OutboxBacklogResponseSchema = z.object({
  services: z.array(z.object({
    service: z.string(),
    schema: z.string(),
    pending: z.number().int(),
    setAside: z.number().int(),
    oldestPendingAt: z.string().nullable(),
  })),
});

export const SessionResponseSchema = z.object({
  /** The admin token's name (never the token). */
  principal: z.string(),
  /** '*' or the accounts this token may act on. */
  accounts: z.union([z.literal('*'), z.array(z.string())]),
  operator: z.boolean(),
});
