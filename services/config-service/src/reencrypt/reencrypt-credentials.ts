import { Client } from 'pg';
import type { Logger } from '@gv/telemetry';
import type { ConfigServiceConfig } from '../config-service.config';
import { SecretBox, SecretBoxError } from '../security/secret-box';
import { aad } from '../settings/settings-service';
import { SEALED_WITH_OTHER_KEY } from '../settings/settings-store';

export interface ReencryptOptions {
  /** Accounts selected per batch (each then moved in its own short transaction). */
  batchSize: number;
  /** Stop after this many batches (a partial run; the next run resumes). Unset: until done. */
  maxBatches?: number;
}

export interface ReencryptReport {
  activeKeyId: string;
  /** Accounts whose tokens (Vhsys pair, Guru API token, or both) this run moved to the active key. */
  moved: number;
  batches: number;
  /** Accounts sealed with a key that is not configured (or that does not authenticate): left as they are. */
  unreadable: { accountId: string; keyId: string }[];
  /** Accounts still sealed with another key when the run ended (unreadable ones included). */
  remaining: number;
}

/**
 * Moves every account's sealed tokens (the Vhsys pair and the Guru API user token) to the active key (CONFIG_ENCRYPTION_ACTIVE_KEY), so an
 * old key can be removed. Safe to run at any time, while the service runs, from several places at
 * once, and again after an interruption:
 *
 * - Each account is moved in its own short transaction that locks its row (`FOR UPDATE`, the lock
 *   every save of config-service takes too) and re-reads it: a row a save or another run already
 *   moved is left alone, and a save waits for the move (or the move for the save) instead of one
 *   overwriting the other.
 * - Only rows whose key id is not the active one are selected, so a second run moves nothing and an
 *   interrupted run resumes where it stopped. One pass walks the account ids in order (keyset
 *   pagination), so an unreadable row is reported once, not retried forever.
 * - The tokens are decrypted and sealed again in memory only. Nothing else changes: not the
 *   credentials version, not the settings version, no outbox row, no Kafka message, no audit entry
 *   (the tokens are the same), and logs carry counts and account ids, never a token.
 */
export async function reencryptCredentials(config: ConfigServiceConfig, options: ReencryptOptions, logger: Logger): Promise<ReencryptReport> {
  const box = new SecretBox(config.CONFIG_ENCRYPTION_KEYS, config.CONFIG_ENCRYPTION_ACTIVE_KEY);
  const table = `"${config.DB_SCHEMA}".integration`;
  const active = box.activeKeyId;
  const report: ReencryptReport = { activeKeyId: active, moved: 0, batches: 0, unreadable: [], remaining: 0 };
  const client = new Client({ connectionString: config.DATABASE_URL, application_name: 'config-service-reencrypt' });
  await client.connect();
  try {
    let cursor = '';
    while (options.maxBatches === undefined || report.batches < options.maxBatches) {
      const batch = (await client.query<{ account_id: string }>(
        `SELECT account_id FROM ${table}
          WHERE ${SEALED_WITH_OTHER_KEY} AND account_id > $2
          ORDER BY account_id LIMIT $3`,
        [active, cursor, options.batchSize],
      )).rows;
      if (batch.length === 0) break;
      report.batches += 1;
      let movedInBatch = 0;
      for (const { account_id: accountId } of batch) {
        const outcome = await moveOne(client, table, box, accountId);
        if (outcome === 'moved') movedInBatch += 1;
        else if (outcome !== 'already') report.unreadable.push({ accountId, keyId: outcome.keyId });
      }
      report.moved += movedInBatch;
      cursor = batch[batch.length - 1]!.account_id;
      logger.info({ batch: report.batches, moved: movedInBatch, activeKeyId: active }, 're-encryption batch done');
    }
    report.remaining = (await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${SEALED_WITH_OTHER_KEY}`,
      [active],
    )).rows[0]!.n;
  } finally {
    await client.end();
  }
  for (const row of report.unreadable) logger.error(row, 'tokens sealed with a key that is not configured (or do not authenticate); left as they are');
  logger.info({ moved: report.moved, batches: report.batches, remaining: report.remaining, activeKeyId: active }, 're-encryption finished');
  return report;
}

interface SealedRow {
  access_token_sealed: string | null;
  secret_access_token_sealed: string | null;
  credentials_key_id: string | null;
  guru_token_sealed: string | null;
  guru_token_key_id: string | null;
}

/**
 * One account, in its own transaction: re-read under the row lock, open each token sealed with
 * another key, seal it with the active one. The Vhsys pair and the Guru token carry their own key
 * id and move independently; if either does not open, nothing of the account is written.
 */
async function moveOne(client: Client, table: string, box: SecretBox, accountId: string): Promise<'moved' | 'already' | { keyId: string }> {
  await client.query('BEGIN');
  try {
    const row = (await client.query<SealedRow>(
      `SELECT access_token_sealed, secret_access_token_sealed, credentials_key_id, guru_token_sealed, guru_token_key_id FROM ${table} WHERE account_id = $1 FOR UPDATE`,
      [accountId],
    )).rows[0];
    const stale = (keyId: string | null) => keyId !== null && keyId !== box.activeKeyId;
    const movePair = !!row && !!row.access_token_sealed && !!row.secret_access_token_sealed && stale(row.credentials_key_id);
    const moveGuru = !!row && !!row.guru_token_sealed && stale(row.guru_token_key_id);
    if (!row || (!movePair && !moveGuru)) {
      await client.query('COMMIT');
      return 'already';
    }
    const reseal = (sealed: string, field: Parameters<typeof aad>[1]) => box.seal(box.open(sealed, aad(accountId, field)), aad(accountId, field));
    let pair: [string, string] | null = null;
    let guru: string | null = null;
    try {
      if (movePair) pair = [reseal(row.access_token_sealed!, 'access_token'), reseal(row.secret_access_token_sealed!, 'secret_access_token')];
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      await client.query('ROLLBACK');
      return { keyId: row.credentials_key_id! };
    }
    try {
      if (moveGuru) guru = reseal(row.guru_token_sealed!, 'guru_token');
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      await client.query('ROLLBACK');
      return { keyId: row.guru_token_key_id! };
    }
    if (pair) {
      await client.query(
        `UPDATE ${table} SET access_token_sealed = $2, secret_access_token_sealed = $3, credentials_key_id = $4 WHERE account_id = $1`,
        [accountId, pair[0], pair[1], box.activeKeyId],
      );
    }
    if (guru !== null) {
      await client.query(`UPDATE ${table} SET guru_token_sealed = $2, guru_token_key_id = $3 WHERE account_id = $1`, [accountId, guru, box.activeKeyId]);
    }
    await client.query('COMMIT');
    return 'moved';
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
