import { z } from 'zod';
import { checkKafkaSecurity, checkOpsHttpToken, env, KAFKA_PRINCIPALS, kafkaSecurityEnv, loadConfig, opsHttpToken } from '@gv/service-config';

export const MappingServiceConfigSchema = z.object({
  NODE_ENV: z.string().default('development'),
  MAPPING_SERVICE_HTTP_PORT: env.port(3002),
  /** Loopback by default; containers set 0.0.0.0. */
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Bearer token of /metrics (and the other ops routes that are not probes); required when HTTP_HOST is not loopback. */
  OPS_HTTP_TOKEN: opsHttpToken(),
  DATABASE_URL: env.databaseUrl(),
  DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('mapping_service'),
  KAFKA_BROKERS: env.brokers(),
  /** TLS and SASL to the brokers; the principal defaults to mapping-service (docs/kafka.md#security). */
  ...kafkaSecurityEnv(KAFKA_PRINCIPALS.mappingService),
  /** Prefix for consumer group ids (tests run isolated groups). */
  KAFKA_GROUP_PREFIX: z.string().default(''),
  /** Prefix of every topic read or written (isolated test stacks and staging runs; empty in production). */
  KAFKA_TOPIC_PREFIX: env.topicPrefix(),
  /** Kafka group session timeout of the sales consumer (how soon a dead instance's partitions move). */
  KAFKA_SESSION_TIMEOUT_MS: env.positiveInt(30000),
  /**
   * Test-only fault injection: a Guru event whose bytes contain this text aborts the process
   * (native abort) once its in-flight marker is stored, to prove the crash-loop breaker
   * (docs/kafka.md#crash-loop-breaker). Unset by default; refused when NODE_ENV=production.
   */
  FAULT_ABORT_ON_MESSAGE_CONTAINING: z.string().optional().transform((v) => (v === undefined || v === '' ? undefined : v)),
  /** Partitions of guru.transactions.v1 worked on at once per instance. */
  MAPPING_CONCURRENCY: env.positiveInt(6),
  /**
   * Guru event fetches: the broker answers once it has this many bytes (an event is ~2–5 KB) or
   * after KAFKA_FETCH_MAX_WAIT_MS, so a steady stream does not cost a fetch request per event.
   */
  KAFKA_FETCH_MIN_BYTES: env.positiveInt(16384),
  KAFKA_FETCH_MAX_WAIT_MS: env.positiveInt(20),
  /** How often sales waiting for their guarantee period are checked for due invoices. */
  INVOICE_DUE_POLL_MS: env.positiveInt(60000),
  /**
   * How often the outbox relay looks for messages a release or re-map committed and that are not
   * published yet (each commit also asks for a pass at once; this is the retry after a failure).
   */
  MAPPING_OUTBOX_POLL_MS: env.positiveInt(1000),
  LOG_LEVEL: env.logLevel(),
}).superRefine((c, ctx) => {
  checkOpsHttpToken(c, ctx);
  checkKafkaSecurity(c, ctx);
  if (c.FAULT_ABORT_ON_MESSAGE_CONTAINING !== undefined && c.NODE_ENV === 'production') {
    ctx.addIssue({ code: 'custom', path: ['FAULT_ABORT_ON_MESSAGE_CONTAINING'], message: 'is a test-only fault switch and refused when NODE_ENV=production' });
  }
});

export type MappingServiceConfig = z.infer<typeof MappingServiceConfigSchema>;

export function loadMappingServiceConfig(source: Record<string, string | undefined> = process.env): MappingServiceConfig {
  return loadConfig('mapping-service', MappingServiceConfigSchema as unknown as z.ZodObject<z.ZodRawShape>, source) as MappingServiceConfig;
}
