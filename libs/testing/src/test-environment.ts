import { randomUUID } from 'crypto';

/**
 * Where integration tests find the real infrastructure. CI and this machine set KAFKA_BROKERS
 * and DATABASE_URL (tools/scripts/test.sh starts the broker from Maven Central jars and uses the
 * local PostgreSQL); elsewhere the jest global setup starts both with testcontainers.
 */
export interface TestEnvironment {
  kafkaBrokers: string[];
  databaseUrl: string;
}

export function testEnvironment(): TestEnvironment {
  const brokers = process.env.KAFKA_BROKERS;
  const databaseUrl = process.env.DATABASE_URL;
  if (!brokers || !databaseUrl) {
    throw new Error('KAFKA_BROKERS and DATABASE_URL must be set for integration tests (the jest global setup sets them)');
  }
  return { kafkaBrokers: brokers.split(','), databaseUrl };
}

/** A short unique name for test-owned accounts, schemas and consumer groups. */
export function uniqueId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
