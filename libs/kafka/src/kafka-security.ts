import { readFileSync } from 'fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaSecuritySettings } from '@gv/service-config';

/** The kafkajs `ssl` and `sasl` options of validated settings (files are read here, once per client). */
export function kafkaSecurityOptions(security: KafkaSecuritySettings | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  if (!security || security.protocol === 'PLAINTEXT') return {};
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.tls) {
    const { caFile, certFile, keyFile } = security.tls;
    options.ssl = caFile || certFile
      ? {
          ...(caFile ? { ca: [readFileSync(caFile, 'utf8')] } : {}),
          ...(certFile && keyFile ? { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') } : {}),
        }
      : true;
  }
  if (security.sasl) {
    const { mechanism, username } = security.sasl;
    const password = security.sasl.password ?? readFileSync(security.sasl.passwordFile!, 'utf8').trim();
    const kafkajsMechanism = ({ 'SCRAM-SHA-512': 'scram-sha-512', 'SCRAM-SHA-256': 'scram-sha-256', PLAIN: 'plain' } as const)[mechanism];
    options.sasl = { mechanism: kafkajsMechanism, username, password } as SASLOptions;
  }
  return options;
}

/** Raised instead of kafkajs's error when the broker refuses this client's SASL credentials. */
export class KafkaAuthenticationError extends Error {
  constructor(readonly username: string, readonly mechanism: string) {
    super(`Kafka refused the SASL credentials of user ${username} (${mechanism}): check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE), and that the user exists on the brokers with this mechanism`);
    this.name = 'KafkaAuthenticationError';
  }
}

/** Raised instead of a TLS error of the connection to the brokers (certificate not trusted, wrong host name). */
export class KafkaTlsError extends Error {
  constructor(readonly code: string, detail: string) {
    super(`TLS connection to Kafka failed (${code}: ${detail}): check KAFKA_TLS_CA_FILE and that the brokers' certificates name the host in KAFKA_BROKERS`);
    this.name = 'KafkaTlsError';
  }
}

const TLS_CODES = /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|ERR_SSL_.*)$/;

/**
 * A start-up error in words an operator acts on: a refused SASL login (kafkajs does not retry it)
 * or a TLS failure becomes an error naming the user and mechanism, or the TLS problem, never the
 * password. Anything else is returned unchanged.
 */
export function explainKafkaError(error: unknown, security: KafkaSecuritySettings | undefined): unknown {
  const chain: any[] = [];
  for (let e: any = error; e && chain.length < 10; e = e.cause ?? e.originalError) chain.push(e);
  if (security?.sasl && chain.some((e) => e?.name === 'KafkaJSSASLAuthenticationError')) {
    return new KafkaAuthenticationError(security.sasl.username, security.sasl.mechanism);
  }
  const tls = chain.find((e) => typeof e?.code === 'string' && TLS_CODES.test(e.code));
  if (security?.tls && tls) return new KafkaTlsError(tls.code, String(tls.message));
  return error;
}
