import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import path from 'path';

// The repository root, from libs/testing/src or from its compiled copy in dist/libs/testing/src.
const ROOT = path.resolve(__dirname, path.basename(path.resolve(__dirname, '../../..')) === 'dist' ? '../../../..' : '../../..');
const DIST = path.join(ROOT, 'dist');
const SOURCE_DIRS = ['libs', 'services', 'tools'];

// What tools/scripts/build.js puts in dist/: TypeScript, .proto files, and the console's static files.
const CONSOLE_SRC = path.join('services', 'console', 'src') + path.sep;
function isBuiltSource(file: string): boolean {
  if (file.endsWith('.spec.ts')) return false;
  if (file.endsWith('.ts') || file.endsWith('.proto')) return true;
  return path.relative(ROOT, file).startsWith(CONSOLE_SRC) && /\.(html|js|css|svg)$/.test(file);
}

function newestSourceAfter(dir: string, since: number): boolean {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test' && newestSourceAfter(file, since)) return true;
    } else if (isBuiltSource(file) && fs.statSync(file).mtimeMs > since) {
      return true;
    }
  }
  return false;
}

/**
 * The command line that runs an entry (a .ts path relative to the repository root): its compiled
 * copy `node dist/<entry>.js` when `npm run build` (tools/scripts/build.js) produced it and no
 * source changed since (no transpiler in the process, as in production), otherwise the sources
 * through `-r tools/scripts/register.js`. GV_RUN_FROM=source or =dist forces one of the two.
 */
export function entryCommand(entry: string): string[] {
  const source = path.join(ROOT, entry);
  const compiled = path.join(DIST, entry.replace(/\.ts$/, '.js'));
  const mode = process.env.GV_RUN_FROM ?? 'auto';
  if (mode === 'dist') return [compiled];
  if (mode !== 'source' && fs.existsSync(compiled)) {
    try {
      const { startedAt } = JSON.parse(fs.readFileSync(path.join(DIST, '.build-stamp'), 'utf8')) as { startedAt: number };
      const stale =
        fs.statSync(path.join(ROOT, 'tsconfig.base.json')).mtimeMs > startedAt ||
        SOURCE_DIRS.some((d) => newestSourceAfter(path.join(ROOT, d), startedAt));
      if (!stale) return [compiled];
    } catch {
      /* no stamp (interrupted build): run the sources */
    }
  }
  return ['-r', path.join(ROOT, 'tools/scripts/register.js'), source];
}

/**
 * V8 flags every service (an entry under services/) runs with, the same as the `CMD` of its
 * Dockerfile. `--max-old-space-size=256` caps the old generation at 256 MiB: besides the hard
 * limit (the services' live heap is 40-75 MiB, see docs/performance.md#memory), a cap this small
 * makes V8 collect when the old generation reaches about 1.3× the live heap instead of up to 4×
 * (its default on a machine with this much memory), which is what kept the dispatcher's RSS at
 * 380+ MiB while draining a backlog. A NODE_OPTIONS in the process's env that sets
 * `--max-old-space-size` itself replaces it (benchmark experiments: BENCH_SERVICE_ENV).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-old-space-size=256'];

/** The V8 flags for `entry` run with `env` (see SERVICE_NODE_FLAGS); tools get none. */
export function serviceNodeFlags(entry: string, env: Record<string, string | undefined>): string[] {
  if (!entry.startsWith('services/')) return [];
  const nodeOptions = (env.NODE_OPTIONS ?? '').replace(/_/g, '-');
  return SERVICE_NODE_FLAGS.filter((flag) => !nodeOptions.includes(flag.split('=')[0]!));
}

export interface ServiceProcessOptions {
  /**
   * Entry file relative to the repository root, e.g. services/mapping-service/src/main.ts; runs
   * from dist/ when built and up to date (see entryCommand).
   */
  entry: string;
  env: Record<string, string>;
  /** URL that answers 200 once the service is ready. */
  readyUrl?: string;
  name: string;
}

/**
 * Runs one service as its own Node process (as in production), capturing its output so a test
 * can inspect log lines, and stops or kills it on demand.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];

  constructor(private readonly options: ServiceProcessOptions) {}

  async start(timeoutMs = 60000): Promise<void> {
    const env = { ...process.env, ...this.options.env };
    this.child = spawn(process.execPath, [...serviceNodeFlags(this.options.entry, env), ...entryCommand(this.options.entry)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => this.output.push(d.toString('utf8')));
    this.child.stderr!.on('data', (d: Buffer) => this.output.push(d.toString('utf8')));
    if (!this.options.readyUrl) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) {
        throw new Error(`${this.options.name} exited with ${this.child.exitCode}:\n${this.output.join('').slice(-4000)}`);
      }
      try {
        const res = await fetch(this.options.readyUrl);
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`${this.options.name} not ready after ${timeoutMs} ms:\n${this.output.join('').slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Graceful stop (SIGTERM), waiting for exit. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** Abrupt crash (SIGKILL): nothing gets to clean up. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Resolves with how the process ended (exit code or signal) once it has; rejects after timeoutMs. */
  async exited(timeoutMs = 60000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child) throw new Error(`${this.options.name} was never started`);
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${this.options.name} still running after ${timeoutMs} ms`)), timeoutMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return { code: child.exitCode, signal: child.signalCode };
  }

  get log(): string {
    return this.output.join('');
  }

  /** OS process id of the running child (benchmarks sample its memory), or null when not running. */
  get pid(): number | null {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return null;
    return child.pid ?? null;
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(sig);
    });
  }
}
