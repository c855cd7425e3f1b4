import { Kafka, logLevel, LogEntry } from 'kafkajs';
import type { KafkaSecuritySettings } from '@gv/service-config';
import type { Logger } from '@gv/telemetry';
import { kafkaSecurityOptions } from './kafka-security';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** TLS and SASL (`loadKafkaSecurity` / `kafkaSecuritySettings` in @gv/service-config); plaintext when absent. */
  security?: KafkaSecuritySettings;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own logs go through the service's JSON logger. */
export function createKafka({ brokers, clientId, logger, security }: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    ...kafkaSecurityOptions(security),
    connectionTimeout: 5000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const level = LEVELS[entry.level] ?? 'info';
      const { message, ...rest } = entry.log;
      logger[level]({ kafka: { namespace: entry.namespace, ...rest } }, `kafkajs: ${message}`);
    },
  });
}
