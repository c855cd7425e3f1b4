/**
 * Standalone Guru API simulator: `npm run guru-simulator`
 * (node -r ./tools/scripts/register.js tools/guru-api-simulator/src/main.ts).
 *
 * Environment:
 *   GURU_SIMULATOR_PORT           default 18090
 *   GURU_SIMULATOR_HOST           default 127.0.0.1
 *   GURU_SIMULATOR_ACCOUNTS_FILE  optional JSON file with an array of GuruAccountSeed
 *   GURU_SIMULATOR_RATE_LIMIT     requests per window per account, default 360 (Guru's)
 *   GURU_SIMULATOR_WINDOW_MS      window length, default 60000 (Guru's minute)
 * Accounts can also be created at run time with POST /__admin/accounts.
 */
import { readFileSync } from 'node:fs';
import { runStandalone } from '@gv/simulator-kit';
import { startGuruApiSimulator } from './simulator-server';
import type { GuruAccountSeed } from './state/account-seed';

function integerEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

async function main(): Promise<void> {
  const accountsFile = process.env.GURU_SIMULATOR_ACCOUNTS_FILE;
  const accounts = accountsFile ? (JSON.parse(readFileSync(accountsFile, 'utf8')) as GuruAccountSeed[]) : [];
  const simulator = await startGuruApiSimulator({
    port: integerEnv('GURU_SIMULATOR_PORT', 18090),
    host: process.env.GURU_SIMULATOR_HOST ?? '127.0.0.1',
    rateLimit: { limit: integerEnv('GURU_SIMULATOR_RATE_LIMIT', 360), windowMs: integerEnv('GURU_SIMULATOR_WINDOW_MS', 60_000) },
    accounts,
  });
  // Token values are never printed; only how many accounts were seeded.
  runStandalone('guru-api-simulator', simulator, { accounts: accounts.length });
}

main().catch((error: unknown) => {
  process.stderr.write(`guru-api-simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
