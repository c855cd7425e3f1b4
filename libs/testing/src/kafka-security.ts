import { join } from 'path';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { AclGrant, createAcls, kafkaSecurityOptions, productAcls } from '@gv/kafka';
import { KAFKA_PRINCIPALS, KafkaSecuritySettings, loadKafkaSecurity } from '@gv/service-config';

/**
 * Tests, the local stack, the demo and the benchmarks against a secured broker (docs/kafka.md,
 * "Running the stack secured"): their own clients authenticate with the KAFKA_SECURITY_PROTOCOL,
 * KAFKA_SASL_* and KAFKA_TLS_* variables of this process (the admin principal by default: they
 * create topics and ACLs), and every service they start gets its OWN principal, whose password
 * is in KAFKA_PRINCIPAL_PASSWORDS_DIR/<principal>.password (the directory `kafka.sh` writes).
 * Unset variables: plaintext, as before.
 */
export function localKafkaSecurity(source: Record<string, string | undefined> = process.env): KafkaSecuritySettings {
  return loadKafkaSecurity('local Kafka client', KAFKA_PRINCIPALS.admin, source);
}

/**
 * A kafkajs client of this process (tests, the stack's set-up) with its security settings;
 * `envOverrides` on top of them, e.g. `kafkaPrincipalEnv('guru-producer')` to act as Guru.
 */
export function localKafka(clientId: string, brokers: string[], envOverrides: Record<string, string | undefined> = {}, extra: Partial<KafkaConfig> = {}): Kafka {
  const security = localKafkaSecurity({ ...process.env, ...envOverrides });
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, ...kafkaSecurityOptions(security), ...extra });
}

/**
 * The Kafka security variables of a program started by a test or the stack, authenticating as
 * `principal`; `{}` against a plaintext broker. Explicit (not inherited) so that a service never
 * runs with this process's admin identity by accident.
 */
export function kafkaPrincipalEnv(principal: string, source: Record<string, string | undefined> = process.env): Record<string, string> {
  const security = localKafkaSecurity(source);
  if (security.protocol === 'PLAINTEXT') return {};
  const env: Record<string, string> = { KAFKA_SECURITY_PROTOCOL: security.protocol };
  if (security.tls?.caFile) env.KAFKA_TLS_CA_FILE = security.tls.caFile;
  if (security.sasl) {
    const dir = source.KAFKA_PRINCIPAL_PASSWORDS_DIR?.trim();
    if (!dir) throw new Error('KAFKA_PRINCIPAL_PASSWORDS_DIR: is required with a SASL KAFKA_SECURITY_PROTOCOL (the directory of <principal>.password files kafka.sh writes)');
    Object.assign(env, {
      KAFKA_SASL_MECHANISM: security.sasl.mechanism,
      KAFKA_SASL_USERNAME: principal,
      KAFKA_SASL_PASSWORD_FILE: join(dir, `${principal}.password`),
      KAFKA_SASL_PASSWORD: '',
    });
  }
  return env;
}

/**
 * This process's own Kafka security variables (the admin's in a secured run), for a service a
 * test starts in-process from an explicit environment and that needs no principal of its own.
 * Tests that prove least privilege use `kafkaPrincipalEnv` instead.
 */
export function ownKafkaSecurityEnv(source: Record<string, string | undefined> = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((e): e is [string, string] => /^KAFKA_(SECURITY_PROTOCOL|SASL_|TLS_)/.test(e[0]) && e[1] !== undefined),
  );
}

/**
 * On a broker with SASL (and so an authorizer), grants the product's ACLs for an isolated
 * deployment's topic and group prefixes (`productAcls`), as this process's admin principal, and
 * returns them so they can be deleted afterwards; nothing on a plaintext broker. ACLs that do not
 * depend on the prefixes (ops' `deadletter.*`) are the broker's own (deploy/kafka/acls.ts): they
 * are neither granted nor returned, so deleting an isolated set never removes a shared one.
 */
export async function grantIsolatedAcls(kafka: Kafka, prefixes: { topicPrefix: string; groupPrefix: string }): Promise<AclGrant[]> {
  if (!localKafkaSecurity().sasl) return [];
  const key = (g: AclGrant) => `${g.principal}|${g.operation}|${g.resource}|${g.pattern}|${g.name}`;
  const shared = new Set(productAcls().map(key));
  const grants = productAcls(prefixes).filter((g) => !shared.has(key(g)));
  await createAcls(kafka, grants);
  return grants;
}
