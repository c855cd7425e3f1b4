import { accessSync, constants } from 'fs';
import { z } from 'zod';
import { ConfigError } from './load-config';

/** How a Kafka client talks to the brokers (the names of Kafka's own `security.protocol`). */
export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

export const KAFKA_SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/**
 * The validated Kafka security settings of one client (`kafkaSecurityOptions` in @gv/kafka turns
 * them into kafkajs `ssl`/`sasl`). Files are paths, read when the client is created. `password`
 * is a secret: never log this object.
 */
export interface KafkaSecuritySettings {
  protocol: KafkaSecurityProtocol;
  /** Present for SASL_PLAINTEXT and SASL_SSL. */
  sasl: { mechanism: KafkaSaslMechanism; username: string; password?: string; passwordFile?: string } | null;
  /** Present for SSL and SASL_SSL: CA bundle (PEM; the system's CAs when unset) and the optional client certificate. */
  tls: { caFile?: string; certFile?: string; keyFile?: string } | null;
}

const optionalText = () => z.string().optional().transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * The Kafka security variables, to spread into a service's (or tool's) environment schema.
 * `defaultUsername` is the principal this program authenticates as unless KAFKA_SASL_USERNAME
 * says otherwise (docs/kafka.md#principals). Cross-variable rules: `checkKafkaSecurity`.
 */
export function kafkaSecurityEnv(defaultUsername: string) {
  return {
    /** PLAINTEXT (development default) | SSL | SASL_PLAINTEXT | SASL_SSL. */
    KAFKA_SECURITY_PROTOCOL: z.enum(KAFKA_SECURITY_PROTOCOLS).default('PLAINTEXT'),
    KAFKA_SASL_MECHANISM: z.enum(KAFKA_SASL_MECHANISMS).default('SCRAM-SHA-512'),
    KAFKA_SASL_USERNAME: z.string().trim().min(1).default(defaultUsername),
    /** Secret. Or KAFKA_SASL_PASSWORD_FILE (a file holding it, e.g. a mounted secret); not both. */
    KAFKA_SASL_PASSWORD: optionalText(),
    KAFKA_SASL_PASSWORD_FILE: optionalText(),
    /** PEM CA bundle the brokers' certificates are checked against (default: the system's CAs). */
    KAFKA_TLS_CA_FILE: optionalText(),
    /** Client certificate and key (PEM), for brokers that require mutual TLS; both or neither. */
    KAFKA_TLS_CERT_FILE: optionalText(),
    KAFKA_TLS_KEY_FILE: optionalText(),
    /**
     * With NODE_ENV=production, PLAINTEXT and SASL_PLAINTEXT are refused unless this is true (for
     * a network that encrypts below Kafka, e.g. a service mesh's mutual TLS).
     */
    KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((v) => v === 'true' || v === '1'),
  };
}

type KafkaSecurityEnv = { [K in keyof ReturnType<typeof kafkaSecurityEnv>]: z.infer<ReturnType<typeof kafkaSecurityEnv>[K]> } & { NODE_ENV?: string };

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The rules between the variables, for a schema's superRefine. Messages name the variable, never
 * its value (a password, or a path that says more than it should).
 */
export function checkKafkaSecurity(c: KafkaSecurityEnv, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const protocol = c.KAFKA_SECURITY_PROTOCOL;
  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  if (c.NODE_ENV === 'production' && !usesTls && !c.KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION) {
    issue('KAFKA_SECURITY_PROTOCOL', 'must be SSL or SASL_SSL when NODE_ENV=production (traffic and credentials would cross the network unencrypted); set KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION=true only if the network encrypts it below Kafka');
  }
  if (usesSasl) {
    if (c.KAFKA_SASL_PASSWORD === undefined && c.KAFKA_SASL_PASSWORD_FILE === undefined) {
      issue('KAFKA_SASL_PASSWORD', `is required with KAFKA_SECURITY_PROTOCOL=${protocol} (or KAFKA_SASL_PASSWORD_FILE)`);
    }
    if (c.KAFKA_SASL_PASSWORD !== undefined && c.KAFKA_SASL_PASSWORD_FILE !== undefined) {
      issue('KAFKA_SASL_PASSWORD_FILE', 'must not be set together with KAFKA_SASL_PASSWORD');
    }
    if (c.KAFKA_SASL_PASSWORD_FILE !== undefined && !readable(c.KAFKA_SASL_PASSWORD_FILE)) issue('KAFKA_SASL_PASSWORD_FILE', 'is not a readable file');
  } else {
    for (const name of ['KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const) {
      if (c[name] !== undefined) issue(name, `is set but KAFKA_SECURITY_PROTOCOL=${protocol} does not authenticate with SASL (use SASL_SSL)`);
    }
  }
  for (const name of ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE'] as const) {
    const file = c[name];
    if (file === undefined) continue;
    if (!usesTls) issue(name, `is set but KAFKA_SECURITY_PROTOCOL=${protocol} does not use TLS (use SSL or SASL_SSL)`);
    else if (!readable(file)) issue(name, 'is not a readable file');
  }
  if ((c.KAFKA_TLS_CERT_FILE === undefined) !== (c.KAFKA_TLS_KEY_FILE === undefined)) {
    issue(c.KAFKA_TLS_CERT_FILE === undefined ? 'KAFKA_TLS_CERT_FILE' : 'KAFKA_TLS_KEY_FILE', 'is required with the other one of KAFKA_TLS_CERT_FILE/KAFKA_TLS_KEY_FILE (mutual TLS needs both)');
  }
}

/** The settings object of a validated environment (after `checkKafkaSecurity` passed). */
export function kafkaSecuritySettings(c: KafkaSecurityEnv): KafkaSecuritySettings {
  const protocol = c.KAFKA_SECURITY_PROTOCOL;
  const usesSasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
  const usesTls = protocol === 'SSL' || protocol === 'SASL_SSL';
  return {
    protocol,
    sasl: usesSasl
      ? {
          mechanism: c.KAFKA_SASL_MECHANISM,
          username: c.KAFKA_SASL_USERNAME,
          ...(c.KAFKA_SASL_PASSWORD !== undefined ? { password: c.KAFKA_SASL_PASSWORD } : {}),
          ...(c.KAFKA_SASL_PASSWORD_FILE !== undefined ? { passwordFile: c.KAFKA_SASL_PASSWORD_FILE } : {}),
        }
      : null,
    tls: usesTls
      ? {
          ...(c.KAFKA_TLS_CA_FILE !== undefined ? { caFile: c.KAFKA_TLS_CA_FILE } : {}),
          ...(c.KAFKA_TLS_CERT_FILE !== undefined ? { certFile: c.KAFKA_TLS_CERT_FILE } : {}),
          ...(c.KAFKA_TLS_KEY_FILE !== undefined ? { keyFile: c.KAFKA_TLS_KEY_FILE } : {}),
        }
      : null,
  };
}

/**
 * For tools and scripts without a schema of their own (ops, the sale generator, the stack,
 * create-topics): validates the Kafka security variables of `source` at start-up, throwing a
 * ConfigError that names every bad variable.
 */
export function loadKafkaSecurity(program: string, defaultUsername: string, source: Record<string, string | undefined> = process.env): KafkaSecuritySettings {
  const schema = z.object({ NODE_ENV: z.string().default('development'), ...kafkaSecurityEnv(defaultUsername) }).superRefine(checkKafkaSecurity);
  const result = schema.safeParse(source);
  if (!result.success) throw new ConfigError(program, result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return kafkaSecuritySettings(result.data);
}

/** The principal each program authenticates as by default (KAFKA_SASL_USERNAME overrides it). */
export const KAFKA_PRINCIPALS = {
  guruProducer: 'guru-producer',
  mappingService: 'mapping-service',
  invoiceDispatcher: 'invoice-dispatcher',
  configService: 'config-service',
  ops: 'ops',
  /** Topic creation, ACLs, the local stack's set-up: a super user of the local broker, never a service's. */
  admin: 'admin',
} as const;
