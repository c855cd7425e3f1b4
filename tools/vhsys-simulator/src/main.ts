/**
 * Standalone simulator: `npm run simulator`
 * (node -r ./tools/scripts/register.js tools/vhsys-simulator/src/main.ts).
 *
 * Environment:
 *   VHSYS_SIMULATOR_PORT           default 18080
 *   VHSYS_SIMULATOR_HOST           default 127.0.0.1
 *   VHSYS_SIMULATOR_ACCOUNTS_FILE  optional JSON file with an array of AccountSeed
 *   VHSYS_SIMULATOR_HANG_MAX_MS    default 60000
 * Accounts can also be created at run time with POST /__admin/accounts.
 */
import { readFileSync } from 'node:fs';
import { runStandalone } from '@gv/simulator-kit';
import { startVhsysSimulator } from './simulator-server';
import type { AccountSeed } from './state/account-seed';

async function main(): Promise<void> {
  const accountsFile = process.env.VHSYS_SIMULATOR_ACCOUNTS_FILE;
  const accounts = accountsFile ? (JSON.parse(readFileSync(accountsFile, 'utf8')) as AccountSeed[]) : [];
  const simulator = await startVhsysSimulator({
    port: Number(process.env.VHSYS_SIMULATOR_PORT ?? 18080),
    host: process.env.VHSYS_SIMULATOR_HOST ?? '127.0.0.1',
    hangMaxMs: Number(process.env.VHSYS_SIMULATOR_HANG_MAX_MS ?? 60_000),
    accounts,
  });
  // Token values are never printed; only how many accounts were seeded.
  runStandalone('vhsys-simulator', simulator, { accounts: accounts.length });
}

main().catch((error: unknown) => {
  process.stderr.write(`vhsys-simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
