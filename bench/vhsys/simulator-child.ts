import { fork } from 'node:child_process';
import path from 'node:path';

export interface ChildSimulator {
  url: string;
  adminUrl: string;
  pid: number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');

/**
 * Starts tools/vhsys-simulator/src/main.ts in its own process (own event loop, like the real
 * server is to the client) on a random port, and waits for its "ready" message.
 */
export function startChildSimulator(): Promise<ChildSimulator> {
  const child = fork(path.join(ROOT, 'tools/vhsys-simulator/src/main.ts'), [], {
    execArgv: ['-r', path.join(ROOT, 'tools/scripts/register.js')],
    env: { ...process.env, VHSYS_SIMULATOR_PORT: '0' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulator child did not start in 30 s')), 30_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator child exited early (${code})`)));
    child.on('message', (message: { type?: string; url?: string; adminUrl?: string }) => {
      if (message.type !== 'ready' || !message.url || !message.adminUrl) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        url: message.url,
        adminUrl: message.adminUrl,
        pid: child.pid ?? -1,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
