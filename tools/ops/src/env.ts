import { KAFKA_PRINCIPALS, KafkaSecuritySettings, loadKafkaSecurity } from '@gv/service-config';

/** The ops command's settings, from the environment (defaults work on a developer machine). */
export interface OpsEnvironment {
  kafkaBrokers: string[];
  /** TLS and SASL (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_TLS_*); principal `ops` by default. */
  kafkaSecurity: KafkaSecuritySettings;
  databaseUrl: string;
  opsSchema: string;
  dispatcherSchema: string;
  configSchema: string;
  mappingSchema: string;
  configServiceUrl: string;
  adminToken: string | null;
  user: string;
  /** Prefix of the services' topics (their KAFKA_TOPIC_PREFIX; empty in production). */
  topicPrefix: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function opsEnvironment(env: Record<string, string | undefined> = process.env): OpsEnvironment {
  const opsSchema = env.OPS_SCHEMA?.trim() || 'ops';
  const dispatcherSchema = env.DISPATCHER_DB_SCHEMA?.trim() || 'invoice_dispatcher';
  const configSchema = env.CONFIG_DB_SCHEMA?.trim() || 'config_service';
  const mappingSchema = env.MAPPING_DB_SCHEMA?.trim() || 'mapping_service';
  for (const [name, value] of [['OPS_SCHEMA', opsSchema], ['DISPATCHER_DB_SCHEMA', dispatcherSchema], ['CONFIG_DB_SCHEMA', configSchema], ['MAPPING_DB_SCHEMA', mappingSchema]] as const) {
    if (!IDENTIFIER.test(value)) throw new Error(`${name} must be a lowercase identifier`);
  }
  return {
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((b) => b.trim()).filter(Boolean),
    kafkaSecurity: loadKafkaSecurity('ops', KAFKA_PRINCIPALS.ops, env),
    databaseUrl: env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/guru_vhsys',
    opsSchema,
    dispatcherSchema,
    configSchema,
    mappingSchema,
    configServiceUrl: (env.CONFIG_SERVICE_URL?.trim() || 'http://127.0.0.1:3001').replace(/\/+$/, ''),
    adminToken: env.CONFIG_SERVICE_ADMIN_TOKEN?.trim() || env.ADMIN_TOKEN?.trim() || null,
    user: env.OPS_USER?.trim() || env.USER?.trim() || 'unknown',
    topicPrefix: env.KAFKA_TOPIC_PREFIX?.trim() ?? '',
  };
}

export { checkIdentifier } from '@gv/operations';
