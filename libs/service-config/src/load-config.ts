import { z } from 'zod';

/** Raised at start-up when environment variables are missing or wrong; lists every bad one. */
export class ConfigError extends Error {
  constructor(readonly service: string, readonly problems: string[]) {
    super(`${service}: invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against a service's schema once, at start-up, and returns one typed, frozen
 * configuration object. Defaults in the schemas work on a developer machine as set up by the
 * project's scripts. Messages name the variable, never its value (values may be secrets).
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      service,
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return Object.freeze(result.data);
}

/** Shared building blocks for service schemas. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  brokers: () =>
    z
      .string()
      .default('127.0.0.1:19092')
      .transform((v) => v.split(',').map((b) => b.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[^:]+:\d+$/, 'each broker must be host:port')).min(1)),
  databaseUrl: () => z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').default('postgres://postgres@127.0.0.1:5432/guru_vhsys'),
  url: (fallback: string) => z.string().url().default(fallback),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * KAFKA_TOPIC_PREFIX: put in front of every topic name (`prefixedTopics` in @gv/contracts);
   * empty in production, set by isolated test stacks and staging runs.
   */
  topicPrefix: () => z.string().trim().regex(/^[A-Za-z0-9._-]*$/, "may hold only letters, digits, '.', '_' and '-'").default(''),
};
