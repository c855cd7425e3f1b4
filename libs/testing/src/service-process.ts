import { ChildProcess, spawn } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../../..');

export interface ServiceProcessOptions {
  /** Entry file relative to the repository root, e.g. services/mapping-service/src/main.ts. */
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
    this.child = spawn(process.execPath, ['-r', path.join(ROOT, 'tools/scripts/register.js'), path.join(ROOT, this.options.entry)], {
      cwd: ROOT,
      env: { ...process.env, ...this.options.env },
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
