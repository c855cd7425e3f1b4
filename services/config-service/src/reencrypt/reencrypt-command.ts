import { createLogger } from '@gv/telemetry';
import { loadConfigServiceConfig } from '../config-service.config';
import { reencryptCredentials } from './reencrypt-credentials';

export const REENCRYPT_USAGE = `usage: config-service reencrypt [--batch-size N] [--max-batches N]
  Moves every account's sealed Vhsys tokens to CONFIG_ENCRYPTION_ACTIVE_KEY. Reads the service's own
  environment (DATABASE_URL, DB_SCHEMA, CONFIG_ENCRYPTION_KEYS, CONFIG_ENCRYPTION_ACTIVE_KEY, ...).
  --batch-size   accounts selected per batch (default 100; each is moved in its own transaction)
  --max-batches  stop after N batches (run again to resume); default: until every account is done
`;

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

/**
 * `config-service reencrypt`: runs reencryptCredentials with the service's configuration, prints
 * the report as one JSON line on stdout, and returns the exit code: 0 when every account is on
 * the active key, 1 when some could not be read (their key is gone), 2 on a usage error.
 */
export async function runReencryptCommand(args: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let batchSize = 100;
  let maxBatches: number | undefined;
  try {
    for (let i = 0; i < args.length; i += 2) {
      if (args[i] === '--batch-size') batchSize = positiveInt('--batch-size', args[i + 1]);
      else if (args[i] === '--max-batches') maxBatches = positiveInt('--max-batches', args[i + 1]);
      else throw new Error(`unknown option ${args[i]}`);
    }
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n${REENCRYPT_USAGE}`);
    return 2;
  }
  const config = loadConfigServiceConfig(env);
  // Logs go to stderr so stdout carries only the report.
  const logger = createLogger('config-service', config.LOG_LEVEL, process.stderr);
  const report = await reencryptCredentials(config, { batchSize, maxBatches }, logger);
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return report.unreadable.length > 0 ? 1 : 0;
}
