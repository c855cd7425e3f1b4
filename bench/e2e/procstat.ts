import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds (null when it is gone). */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces: fields after the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** VmRSS and VmHWM (peak RSS since the process started) in MiB. */
export function processMemory(pid: number): { rssMiB: number; hwmMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Every PostgreSQL server process (the shared server: other users' backends are included). */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim().startsWith('postgres')) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** Machine-wide busy and total jiffies (all CPUs), from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export interface CpuWindow {
  /** CPU seconds per labelled process over the window. */
  perProcess: Record<string, number>;
  postgresSeconds: number;
  /** Share of all cores busy over the window (0–1), every process on the machine included. */
  machineBusy: number;
  seconds: number;
}

/** Measures CPU use of the labelled processes (and PostgreSQL, and the machine) between start() and stop(). */
export class CpuMeter {
  private before = new Map<string, number>();
  private pgBefore = new Map<number, number>();
  private machineBefore = machineCpu();
  private startedAt = performance.now();

  /** With `profile`, SIGWINCH is sent (not SIGUSR2: NestJS's enableShutdownHooks() stops the app on it) to the services at start and stop (bench/tools/cpu-profile-preload.js). */
  constructor(private readonly pids: () => Map<string, number | null>, private readonly profile = false) {}

  private signalProfilers(): void {
    if (!this.profile) return;
    for (const [label, pid] of this.pids()) {
      if (pid !== null && !label.startsWith('kafka')) {
        try {
          process.kill(pid, 'SIGWINCH');
        } catch {
          /* gone */
        }
      }
    }
  }

  start(): void {
    this.signalProfilers();
    this.before = new Map();
    for (const [label, pid] of this.pids()) {
      const cpu = pid === null ? null : processCpuSeconds(pid);
      if (cpu !== null) this.before.set(label, cpu);
    }
    this.pgBefore = new Map(postgresPids().map((pid) => [pid, processCpuSeconds(pid) ?? 0]));
    this.machineBefore = machineCpu();
    this.startedAt = performance.now();
  }

  stop(): CpuWindow {
    this.signalProfilers();
    const perProcess: Record<string, number> = {};
    for (const [label, pid] of this.pids()) {
      const cpu = pid === null ? null : processCpuSeconds(pid);
      const before = this.before.get(label);
      if (cpu !== null && before !== undefined) perProcess[label] = cpu - before;
    }
    // Per process: backends that ended during the window are missed, new ones count from zero.
    let pg = 0;
    for (const pid of postgresPids()) {
      const now = processCpuSeconds(pid);
      if (now !== null) pg += now - (this.pgBefore.get(pid) ?? 0);
    }
    const machine = machineCpu();
    return {
      perProcess,
      postgresSeconds: Math.max(0, pg),
      machineBusy: (machine.busy - this.machineBefore.busy) / Math.max(1, machine.total - this.machineBefore.total),
      seconds: (performance.now() - this.startedAt) / 1000,
    };
  }
}

/** Samples VmRSS of the labelled processes; reports the highest sample and the kernel's VmHWM. */
export class MemorySampler {
  private readonly peaks = new Map<string, { maxRssMiB: number; hwmMiB: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pids: () => Map<string, number | null>, private readonly intervalMs = 250) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): Record<string, { maxRssMiB: number; hwmMiB: number }> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return Object.fromEntries(this.peaks);
  }

  private sample(): void {
    for (const [label, pid] of this.pids()) {
      if (pid === null) continue;
      const mem = processMemory(pid);
      if (!mem) continue;
      const peak = this.peaks.get(label) ?? { maxRssMiB: 0, hwmMiB: 0 };
      peak.maxRssMiB = Math.max(peak.maxRssMiB, mem.rssMiB);
      peak.hwmMiB = Math.max(peak.hwmMiB, mem.hwmMiB);
      this.peaks.set(label, peak);
    }
  }
}

export interface DbCounters {
  commits: number;
  rollbacks: number;
  inserted: number;
  updated: number;
  deleted: number;
  returned: number;
}

/** Transaction and row counters of the benchmark's own database (pg_stat_database). */
export async function dbCounters(databaseUrl: string): Promise<DbCounters | null> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query(
      `SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned FROM pg_stat_database WHERE datname = current_database()`,
    );
    const r = rows[0];
    return r
      ? { commits: Number(r.xact_commit), rollbacks: Number(r.xact_rollback), inserted: Number(r.tup_inserted), updated: Number(r.tup_updated), deleted: Number(r.tup_deleted), returned: Number(r.tup_returned) }
      : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function perSale(before: DbCounters | null, after: DbCounters | null, sales: number): Record<string, number> | null {
  if (!before || !after || sales === 0) return null;
  return Object.fromEntries((Object.keys(after) as Array<keyof DbCounters>).map((k) => [k, (after[k] - before[k]) / sales]));
}
