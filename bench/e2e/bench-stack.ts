import path from 'node:path';
import { Client } from 'pg';
import { prefixedTopicSpecs } from '@gv/contracts';
import { ensureTopics } from '@gv/kafka';
import { RunningStack, ServiceName, startStack } from '@gv/stack';
import { SimulatorAdmin } from '@gv/vhsys-simulator';
import type { BenchOptions } from './options';
import { localKafka, ServiceProcess } from '@gv/testing';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * The dispatcher's settings the benchmark changes. Its per-account token bucket (2 requests/s,
 * burst 5, made for real Vhsys's quota) would make every sale of ~10 calls wait 2.5 s or more and
 * bounce through the retry topic, so it is lifted: the benchmark measures the pipeline, with the
 * simulator's own window off as well. The limiter's lateness guard goes with it: it keeps a late
 * request from bunching with the next slots of a real quota, and with the limit lifted it has no
 * quota to protect; left at 50 ms it turned a loaded machine's event-loop lag into thousands of
 * missed slots and local retries (docs/performance.md, 2026-12-05). The burst is wide enough
 * (1000 s of the lifted rate) for the jitter allowance and the lifted guard to fit in it
 * (VHSYS_RATE_LIMIT_JITTER_MS's start-up check). Everything else is the service's default.
 */
export const DISPATCHER_BENCH_ENV: Record<string, string> = {
  VHSYS_RATE_LIMIT_PER_SECOND: '1000000',
  VHSYS_RATE_LIMIT_BURST: '1000000000',
  VHSYS_RATE_LIMIT_MAX_LATENESS_MS: '60000',
};

export interface BenchStack {
  iso: string;
  stack: RunningStack;
  admin: SimulatorAdmin;
  /** Every service process, including extra instances, by label. */
  processes: Map<string, ServiceProcess>;
  addInstance(name: 'mapping-service' | 'invoice-dispatcher'): Promise<string>;
  stop(): Promise<void>;
}

export const schemaOf = (iso: string, name: string) => `${name}_${iso}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');

/** Drops the run's schemas (ledger, parked sales, settings) so runs leave nothing behind. */
export async function dropSchemas(databaseUrl: string, iso: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const name of ['config_service', 'mapping_service', 'invoice_dispatcher']) {
      await client.query(`DROP SCHEMA IF EXISTS "${schemaOf(iso, name)}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

/**
 * A fresh stack (tools/stack: simulator, config-service, mapping-service, invoice-dispatcher, each
 * its own Node process) with its own consumer groups and schemas.
 */
export async function startBenchStack(options: BenchOptions, iso: string, serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {}, otlpEndpoint?: string): Promise<BenchStack> {
  // The stack's own topics (<iso>.guru.transactions.v1, …; tools/stack creates and deletes them).
  // BENCH_PARTITIONS: the sale topics are created here first, with more partitions.
  const topicPrefix = `${iso}.`;
  const ownTopics: string[] = [];
  if (options.partitions > 0) {
    const kafka = localKafka('bench-topics', options.kafkaBrokers);
    const specs = prefixedTopicSpecs(topicPrefix).map((t) => (t.compacted ? t : { ...t, partitions: options.partitions }));
    ownTopics.push(...(await ensureTopics(kafka, specs)));
  }
  const env: Partial<Record<ServiceName, Record<string, string>>> = { ...serviceEnv };
  for (const [name, extra] of Object.entries(options.serviceEnv)) env[name as ServiceName] = { ...env[name as ServiceName], ...extra };
  if (options.cpuProfileDir) {
    // V8 CPU profiles of the measured windows (BENCH_CPU_PROF=<dir>): see bench/tools/cpu-profile-preload.js.
    for (const name of ['vhsys-simulator', 'config-service', 'mapping-service', 'invoice-dispatcher'] as ServiceName[]) {
      env[name] = {
        ...env[name],
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(ROOT, 'bench/tools/cpu-profile-preload.js')}`.trim(),
        BENCH_CPU_PROF_DIR: path.resolve(options.cpuProfileDir, iso, name),
      };
    }
  }
  const stack = await startStack({
    kafkaBrokers: options.kafkaBrokers,
    databaseUrl: options.databaseUrl,
    isolation: iso,
    topicPrefix,
    otlpEndpoint,
    env: {
      ...env,
      'invoice-dispatcher': { ...DISPATCHER_BENCH_ENV, ...env['invoice-dispatcher'] },
    },
  });
  const processes = new Map<string, ServiceProcess>(Object.entries(stack.processes));
  const admin = new SimulatorAdmin(stack.simulatorAdminUrl);
  return {
    iso,
    stack,
    admin,
    processes,
    // A second instance of a service, configured like the stack's (same schema and groups).
    async addInstance(name) {
      const n = [...processes.keys()].filter((k) => k.startsWith(name)).length + 1;
      const label = `${name}#${n}`;
      const extraEnv: Record<string, string> = options.cpuProfileDir ? { BENCH_CPU_PROF_DIR: path.resolve(options.cpuProfileDir, iso, label) } : {};
      const added = await stack.addInstance(name, extraEnv);
      processes.set(added.label, added.process);
      return added.label;
    },
    async stop() {
      await stack.stop();
      // Its topics are gone (tools/stack, and the ones created here); its consumer groups too.
      const admin = localKafka('bench-topics', options.kafkaBrokers).admin();
      await admin.connect();
      try {
        if (ownTopics.length > 0) await admin.deleteTopics({ topics: ownTopics }).catch(() => undefined);
        const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(`${iso}-`));
        if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
      } finally {
        await admin.disconnect();
      }
      await dropSchemas(options.databaseUrl, iso).catch(() => undefined);
    },
  };
}

