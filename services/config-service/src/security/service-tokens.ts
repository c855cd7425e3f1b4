import { createHash, timingSafeEqual } from 'crypto';

/**
 * Bearer service tokens from configuration (ADMIN_API_TOKENS, INTERNAL_API_TOKENS). Tokens are kept
 * only as SHA-256 digests and compared in constant time; parse errors name the entry, never a value.
 *
 * Formats (both variables):
 *   compact  `name:token:acct1|acct2,other:token2:*`   (admin; internal entries have no accounts part)
 *            `name:token:*:operator`                  (admin: an operator, see below)
 *   JSON     `[{"name":"admin-backend","token":"...","accounts":["*"]}]`, `"roles":["operator"]` for an operator
 * `*` grants every account. An operator (admin tokens only) may also use the Operações routes
 * (dead letters, paused accounts, lag, outbox: every account's data), so it must have `*`. Tokens must be 16+ visible ASCII characters without `:` `,` in the
 * compact form (use JSON for anything else).
 */
export interface ServiceTokenEntry {
  name: string;
  token: string;
  /** '*' or the account ids this token may act on. */
  accounts: '*' | string[];
  /** May use the Operações routes (admin tokens with every account only). */
  operator: boolean;
}

export interface Principal {
  name: string;
  accounts: '*' | ReadonlySet<string>;
  operator: boolean;
}

export const SERVICE_TOKEN_ROLES = ['operator'] as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const TOKEN = /^[\x21-\x7e]{16,512}$/;

export function parseServiceTokens(value: string, options: { withAccounts: boolean }): { entries: ServiceTokenEntry[]; problems: string[] } {
  const problems: string[] = [];
  const entries: ServiceTokenEntry[] = [];
  const raw = value.trim();
  let candidates: { name?: unknown; token?: unknown; accounts?: unknown; roles?: unknown }[] = [];
  if (raw.startsWith('[')) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (!Array.isArray(parsed)) throw new Error('not an array');
      candidates = parsed as typeof candidates;
    } catch {
      return { entries, problems: ['is not a valid JSON array of {name, token, accounts}'] };
    }
  } else {
    candidates = raw.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
      const pieces = part.split(':');
      if (options.withAccounts) {
        if (pieces.length !== 3 && pieces.length !== 4) return { name: pieces[0], token: undefined, accounts: undefined };
        return {
          name: pieces[0],
          token: pieces[1],
          accounts: pieces[2] === '*' ? ['*'] : pieces[2]!.split('|').filter(Boolean),
          roles: pieces.length === 4 ? pieces[3]!.split('|').filter(Boolean) : [],
        };
      }
      if (pieces.length !== 2) return { name: pieces[0], token: undefined };
      return { name: pieces[0], token: pieces[1] };
    });
  }
  if (candidates.length === 0) problems.push('has no entries');
  const seenTokens = new Set<string>();
  candidates.forEach((candidate, index) => {
    const label = `entry ${index + 1}`;
    const name = typeof candidate.name === 'string' ? candidate.name : '';
    if (!NAME.test(name)) {
      problems.push(`${label}: name must be 1-64 letters, digits, '_', '.', '-'`);
      return;
    }
    if (typeof candidate.token !== 'string' || !TOKEN.test(candidate.token)) {
      problems.push(`${label} (${name}): token must be 16-512 visible ASCII characters` + (options.withAccounts ? ' (compact form: name:token:accounts)' : ' (compact form: name:token)'));
      return;
    }
    if (seenTokens.has(candidate.token)) {
      problems.push(`${label} (${name}): token repeats another entry's token`);
      return;
    }
    seenTokens.add(candidate.token);
    let accounts: '*' | string[] = '*';
    if (options.withAccounts) {
      const list = candidate.accounts;
      if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === 'string' && a.length > 0)) {
        problems.push(`${label} (${name}): accounts must list account ids or '*'`);
        return;
      }
      accounts = list.includes('*') ? '*' : (list as string[]);
    }
    const roles = candidate.roles ?? [];
    if (!Array.isArray(roles) || !roles.every((r) => (SERVICE_TOKEN_ROLES as readonly unknown[]).includes(r))) {
      problems.push(`${label} (${name}): roles may only be ${SERVICE_TOKEN_ROLES.map((r) => `'${r}'`).join(', ')}`);
      return;
    }
    const operator = roles.includes('operator');
    if (operator && !options.withAccounts) {
      problems.push(`${label} (${name}): only admin tokens can be operators`);
      return;
    }
    if (operator && accounts !== '*') {
      problems.push(`${label} (${name}): an operator sees every account's dead letters and pauses, so its accounts must be '*'`);
      return;
    }
    entries.push({ name, token: candidate.token, accounts, operator });
  });
  return { entries, problems };
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export class ServiceTokens {
  private readonly entries: { digest: Buffer; principal: Principal }[];

  constructor(entries: ServiceTokenEntry[]) {
    this.entries = entries.map((e) => ({
      digest: digest(e.token),
      principal: { name: e.name, accounts: e.accounts === '*' ? '*' : new Set(e.accounts), operator: e.operator },
    }));
  }

  /** The principal of `Bearer <token>` (header value or gRPC metadata), or null. */
  authenticate(authorization: string | undefined | null): Principal | null {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return null;
    const candidate = digest(match[1]!);
    let found: Principal | null = null;
    // Compare against every entry so timing says nothing about which one matched.
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, candidate)) found = entry.principal;
    }
    return found;
  }
}

export function mayAccess(principal: Principal, accountId: string): boolean {
  return principal.accounts === '*' || principal.accounts.has(accountId);
}
