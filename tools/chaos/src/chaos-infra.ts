import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@gv/testing';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, path.basename(path.resolve(__dirname, '../../..')) === 'dist' ? '../../../..' : '../../..');

/**
 * The run's own Kafka broker (deploy/kafka/kafka.sh on other ports, data under .chaos/), so
 * restarting it disturbs no one: the shared broker on 19092 is never touched.
 */
export class ChaosBroker {
  private constructor(readonly port: number, private readonly env: NodeJS.ProcessEnv, readonly dataDir: string) {}

  static async start(port: number | null, controllerPort: number | null): Promise<ChaosBroker> {
    const p = port ?? (await freePort());
    const c = controllerPort ?? (await freePort());
    const dataDir = path.join(ROOT, '.chaos', `kafka-${p}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const broker = new ChaosBroker(p, { ...process.env, KAFKA_PORT: String(p), KAFKA_CONTROLLER_PORT: String(c), KAFKA_DATA_DIR: dataDir }, dataDir);
    if (await broker.script('status').then(() => true, () => false)) throw new Error(`port ${p} already has a broker; the chaos run needs its own`);
    await broker.script('start');
    return broker;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** Clean stop then start on the same data (kafka.sh waits until it answers and the topics exist). */
  async restart(): Promise<void> {
    await this.script('stop');
    await this.script('start');
  }

  async stop(removeData: boolean): Promise<void> {
    await this.script('stop').catch(() => undefined);
    if (removeData) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async script(command: 'start' | 'stop' | 'status'): Promise<void> {
    await run('bash', [path.join(ROOT, 'deploy/kafka/kafka.sh'), command], { env: this.env, cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  }
}

/** The run's own PostgreSQL database on the given server, created empty. */
export class ChaosDatabase {
  constructor(private readonly serverUrl: string, readonly name: string) {}

  get url(): string {
    return `${this.serverUrl}/${this.name}`;
  }

  async recreate(): Promise<void> {
    await this.onServer(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${this.name}"`);
    });
  }

  async drop(): Promise<void> {
    await this.onServer((c) => c.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`));
  }

  /** pg_terminate_backend on every connection to the run's database (they are all the services'). Returns how many. */
  async terminateBackends(): Promise<number> {
    return this.onServer(async (c) => {
      const { rows } = await c.query<{ n: string }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> 'chaos-harness'`,
        [this.name],
      );
      return Number(rows[0]?.n ?? 0);
    });
  }

  /** One query on the run's database, on a connection of its own (a backend termination cannot reach it mid-poll for long). */
  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url, application_name: 'chaos-harness' });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  private async onServer<T>(work: (c: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: `${this.serverUrl}/postgres` });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}
