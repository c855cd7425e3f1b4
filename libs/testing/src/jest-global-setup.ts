/**
 * Integration tests need Kafka and PostgreSQL. When KAFKA_BROKERS and DATABASE_URL are set
 * (CI, this machine via tools/scripts/test.sh), they are used as they are. Otherwise, where a
 * Docker engine exists, both are started with testcontainers for this run.
 */
import { execFileSync } from 'child_process';
import path from 'path';

// Jest does not apply moduleNameMapper to global setup files, so this file imports no `@gv/*`
// alias: topics are created by the same script kafka.sh uses.
const ROOT = path.resolve(__dirname, '../../..');

type Stoppable = { stop(): Promise<unknown> };
const started: Stoppable[] = [];

export default async function globalSetup(): Promise<void> {
  if (!process.env.KAFKA_BROKERS || !process.env.DATABASE_URL) {
    await startWithTestcontainers();
  }
  execFileSync(process.execPath, ['-r', path.join(ROOT, 'tools/scripts/register.js'), path.join(ROOT, 'deploy/kafka/create-topics.ts')], {
    env: process.env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  (globalThis as { __GV_CONTAINERS__?: Stoppable[] }).__GV_CONTAINERS__ = started;
}

async function startWithTestcontainers(): Promise<void> {
  let containers: typeof import('testcontainers');
  try {
    containers = await import('testcontainers');
    await containers.getContainerRuntimeClient();
  } catch (error) {
    throw new Error(
      'Integration tests need KAFKA_BROKERS and DATABASE_URL, or a Docker engine for testcontainers. ' +
        'Run them with `npm test` (which starts Kafka from Maven Central jars and uses the local PostgreSQL). ' +
        `Docker: ${(error as Error).message}`,
    );
  }
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  if (!process.env.KAFKA_BROKERS) {
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    started.push(kafka);
    process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  }
  if (!process.env.DATABASE_URL) {
    const pg = await new PostgreSqlContainer('postgres:15').start();
    started.push(pg);
    process.env.DATABASE_URL = pg.getConnectionUri();
  }
}
