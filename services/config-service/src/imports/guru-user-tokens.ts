import { ServiceError } from '../settings/errors';
import type { SettingsService } from '../settings/settings-service';

/**
 * Where the imports find the seller's Guru User Token (the REST API's, not the webhook's account
 * token): the sealed token of the account's settings (API do Guru, PUT …/vhsys-integration/guru-api).
 * A token is never logged, returned or put on Kafka.
 */
export interface GuruUserTokens {
  /** The account's user token, or null when none is set. */
  userTokenFor(accountId: string): Promise<string | null>;
}

export const GURU_USER_TOKENS = Symbol('GURU_USER_TOKENS');

/**
 * The sealed token of the settings, unsealed for the import (SettingsService.getGuruUserToken);
 * for an account without one, GURU_API_DEV_USER_TOKENS (development and tests only: the config
 * refuses it in production), so local runs and tests can skip Guru's check of a saved token.
 */
export class SettingsGuruUserTokens implements GuruUserTokens {
  constructor(private readonly settings: Pick<SettingsService, 'getGuruUserToken'>, private readonly development: ReadonlyMap<string, string>) {}

  async userTokenFor(accountId: string): Promise<string | null> {
    try {
      return await this.settings.getGuruUserToken('imports', accountId);
    } catch (error) {
      if (error instanceof ServiceError && (error.code === 'guru_token_not_set' || error.code === 'not_found')) return this.development.get(accountId) ?? null;
      throw error;
    }
  }
}

/** Reads `{"accountId": "token", …}`; problems never quote a token. */
export function parseDevUserTokens(text: string | undefined): { tokens: Map<string, string>; problem: string | null } {
  const tokens = new Map<string, string>();
  if (text === undefined || text.trim() === '') return { tokens, problem: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { tokens, problem: 'GURU_API_DEV_USER_TOKENS: must be JSON {"<accountId>": "<user token>"}' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { tokens, problem: 'GURU_API_DEV_USER_TOKENS: must be a JSON object {"<accountId>": "<user token>"}' };
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > 1000) return { tokens, problem: 'GURU_API_DEV_USER_TOKENS: more than 1000 accounts' };
  for (const [accountId, token] of entries) {
    if (typeof token !== 'string' || token.trim() === '' || token.length > 512 || /\s/.test(token)) {
      return { tokens: new Map(), problem: `GURU_API_DEV_USER_TOKENS: the token of account ${accountId.slice(0, 64)} is not a token (1-512 characters, no spaces)` };
    }
    tokens.set(accountId, token);
  }
  return { tokens, problem: null };
}
