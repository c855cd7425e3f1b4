import { kafkaSecuritySettings, KafkaSecuritySettings } from '@gv/service-config';
import type { ConfigServiceConfig } from '../config-service.config';

/**
 * The Kafka login of the Operações routes: config-service's protocol and TLS, with the `ops`
 * principal's SASL user (OPERATIONS_KAFKA_SASL_*), so reading dead letters, replaying them and
 * reading group offsets never needs rights on config-service's own principal. Returns the reason
 * instead when the broker wants SASL and no password for that user is configured.
 */
export function operationsKafkaSecurity(config: ConfigServiceConfig): KafkaSecuritySettings | { unavailable: string } {
  const own = kafkaSecuritySettings(config);
  if (!own.sasl) return own;
  const password = config.OPERATIONS_KAFKA_SASL_PASSWORD;
  const passwordFile = config.OPERATIONS_KAFKA_SASL_PASSWORD_FILE;
  if (password === undefined && passwordFile === undefined) {
    return { unavailable: `OPERATIONS_KAFKA_SASL_PASSWORD (or _FILE) is not set: the Operações routes log in to Kafka as ${config.OPERATIONS_KAFKA_SASL_USERNAME}` };
  }
  return {
    ...own,
    sasl: {
      mechanism: own.sasl.mechanism,
      username: config.OPERATIONS_KAFKA_SASL_USERNAME,
      ...(password !== undefined ? { password } : {}),
      ...(passwordFile !== undefined ? { passwordFile } : {}),
    },
  };
}
