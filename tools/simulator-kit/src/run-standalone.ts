/**
 * What a simulator's main.ts does once it listens: print where (never a token), stop on
 * SIGINT/SIGTERM, and report the address to a parent process (a benchmark, the demo).
 */
export function runStandalone(name: string, simulator: { url: string; adminUrl: string; port: number; close(): Promise<void> }, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ msg: `${name} listening`, url: simulator.url, adminUrl: simulator.adminUrl, port: simulator.port, ...extra })}\n`);
  const stop = (): void => {
    simulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.send) process.send({ type: 'ready', url: simulator.url, adminUrl: simulator.adminUrl, port: simulator.port });
}
