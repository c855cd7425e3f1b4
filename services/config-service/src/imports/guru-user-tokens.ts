/**
 * Where the imports find the seller's Guru User Token (the REST API's, not the webhook's account
 * token). The lead wires the sealed token of the settings here; until then the development source
 * below reads GURU_API_DEV_USER_TOKENS. A token is never logged, returned or put on Kafka.
 */
export interface GuruUserTokens {
  /** The account's user token, or null when none is set. */
  userTokenFor(accountId: string): Promise<string | null>;
}

export const GURU_USER_TOKENS = Symbol('GURU_USER_TOKENS');

/** GURU_API_DEV_USER_TOKENS, already parsed and refused in production by the config. */
export class DevelopmentGuruUserTokens implements GuruUserTokens {
  constructor(private readonly tokens: ReadonlyMap<string, string>) {}

  async userTokenFor(accountId: string): Promise<string | null> {
    return this.tokens.get(accountId) ?? null;
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
