import type { FaultConfigInput } from '../faults/fault-config';
import type { RateLimitSettings } from '../faults/rate-limit-window';

/** A Guru account of the simulator (POST /__admin/accounts). */
export interface GuruAccountSeed {
  /** Names the account in the admin API (tokens never appear in admin URLs). */
  accountId: string;
  /** User Tokens of the account's users: each authenticates the REST API (`Authorization: Bearer`). */
  userTokens: string[];
  /** The Account Token (40 characters) of the webhooks' `api_token`; generated bodies carry it. Default: derived from accountId. */
  accountToken?: string;
  /** Default: the simulator's (Guru's 360 per 60 s unless started otherwise). */
  rateLimit?: Partial<RateLimitSettings>;
  faults?: FaultConfigInput;
  /** Transactions in the webhook form, stored as given. */
  transactions?: Array<Record<string, unknown>>;
}

const ID = /^[A-Za-z0-9._-]{1,64}$/;
const TOKEN = /^[\x21-\x7e]{8,256}$/;

export function checkAccountSeed(seed: unknown): GuruAccountSeed {
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) throw new Error('the account must be an object');
  const s = seed as Partial<GuruAccountSeed>;
  if (typeof s.accountId !== 'string' || !ID.test(s.accountId)) throw new Error('accountId must be 1–64 characters of A-Z a-z 0-9 . _ -');
  if (!Array.isArray(s.userTokens) || s.userTokens.length === 0 || s.userTokens.length > 20) throw new Error('userTokens must be an array of 1 to 20 tokens');
  s.userTokens.forEach((token, i) => {
    if (typeof token !== 'string' || !TOKEN.test(token)) throw new Error(`userTokens[${i}] must be 8–256 printable characters without spaces`);
  });
  if (s.accountToken !== undefined && (typeof s.accountToken !== 'string' || !/^[A-Za-z0-9]{40}$/.test(s.accountToken))) {
    throw new Error('accountToken must be 40 letters or digits');
  }
  return s as GuruAccountSeed;
}
