import pino from 'pino';
import type { Kafka } from 'kafkajs';
import { createKafka } from '@gv/kafka';
import { createLogger, Logger } from '@gv/telemetry';
import type { OpsEnvironment } from './env';

/** What every command gets: settings, a Kafka client (created on first use) and an output sink. */
export interface OpsContext {
  env: OpsEnvironment;
  kafka(): Kafka;
  /** Result lines (stdout). */
  out(line: string): void;
  /** Progress and warnings (stderr), kept out of --json output. */
  note(line: string): void;
  logger: Logger;
}

export function createOpsContext(env: OpsEnvironment, io: { out?: (line: string) => void; note?: (line: string) => void; logLevel?: string } = {}): OpsContext {
  // kafkajs and library logs go to stderr so stdout stays parseable.
  const logger = createLogger('ops-cli', io.logLevel ?? process.env.LOG_LEVEL ?? 'error', pino.destination({ fd: 2, sync: true }));
  let kafka: Kafka | null = null;
  return {
    env,
    logger,
    kafka: () => (kafka ??= createKafka({ brokers: env.kafkaBrokers, clientId: 'ops-cli', logger, security: env.kafkaSecurity })),
    out: io.out ?? ((line) => process.stdout.write(`${line}\n`)),
    note: io.note ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}
