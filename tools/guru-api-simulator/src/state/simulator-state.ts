import { createHash } from 'node:crypto';
import { normaliseFaultConfig, type FaultConfig, type FaultConfigInput } from '../faults/fault-config';
import { normaliseRateLimit, type RateLimitSettings } from '../faults/rate-limit-window';
import { checkAccountSeed, type GuruAccountSeed } from './account-seed';
import { generateTransactions, type GenerateTransactionsRequest } from './generate-transactions';
import { GuruAccount } from './guru-account';
import type { RequestLogEntry } from './request-log';

/** All accounts of one simulator, the token index and the clock. */
export class GuruSimulatorState {
  private readonly accounts = new Map<string, GuruAccount>();
  private readonly byToken = new Map<string, { account: GuruAccount; tokenIndex: number }>();
  /** Requests refused for a missing or unknown token (they belong to no account). */
  authFailures = 0;

  constructor(readonly defaultRateLimit: RateLimitSettings, readonly clock: () => Date = () => new Date()) {}

  /** Creates the account, or replaces it (fresh data) when the id exists. A token may belong to one account only. */
  createAccount(input: unknown): GuruAccount {
    const seed: GuruAccountSeed = checkAccountSeed(input);
    for (const token of seed.userTokens) {
      const owner = this.byToken.get(token);
      if (owner && owner.account.accountId !== seed.accountId) throw new Error('a user token of this account already belongs to another account');
    }
    this.deleteAccount(seed.accountId);
    const accountToken = seed.accountToken ?? createHash('sha1').update(`guru-simulator:${seed.accountId}`).digest('hex');
    const account = new GuruAccount(seed.accountId, [...seed.userTokens], accountToken, normaliseRateLimit(seed.rateLimit, this.defaultRateLimit));
    if (seed.faults) account.faults.replace(normaliseFaultConfig(seed.faults));
    if (seed.transactions) account.putTransactions(seed.transactions);
    this.accounts.set(account.accountId, account);
    seed.userTokens.forEach((token, tokenIndex) => this.byToken.set(token, { account, tokenIndex }));
    return account;
  }

  deleteAccount(accountId: string): boolean {
    const account = this.accounts.get(accountId);
    if (!account) return false;
    for (const token of account.userTokens) this.byToken.delete(token);
    return this.accounts.delete(accountId);
  }

  reset(): void {
    this.accounts.clear();
    this.byToken.clear();
    this.authFailures = 0;
  }

  getAccount(accountId: string): GuruAccount | undefined {
    return this.accounts.get(accountId);
  }

  requireAccount(accountId: string): GuruAccount {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error('unknown account');
    return account;
  }

  /** The account a user token belongs to, or null. */
  authenticate(token: string | undefined): { account: GuruAccount; tokenIndex: number } | null {
    if (!token) return null;
    return this.byToken.get(token) ?? null;
  }

  putTransactions(accountId: string, bodies: unknown): string[] {
    if (!Array.isArray(bodies)) throw new Error('the body must be {"transactions": [webhook bodies]}');
    return this.requireAccount(accountId).putTransactions(bodies);
  }

  generateTransactions(accountId: string, request: GenerateTransactionsRequest): string[] {
    const account = this.requireAccount(accountId);
    const bodies = generateTransactions(request, account.accountId, account.accountToken);
    const ids = bodies.map((b) => b.id as string);
    if (new Set(ids).size !== ids.length || ids.some((id) => account.transactions.has(id))) {
      throw new Error('generated ids collide with existing transactions: use another seed');
    }
    return account.putTransactions(bodies);
  }

  setFaults(accountId: string, input: FaultConfigInput): FaultConfig {
    const config = normaliseFaultConfig(input);
    this.requireAccount(accountId).faults.replace(config);
    return config;
  }

  setRateLimit(accountId: string, input: Partial<RateLimitSettings>): RateLimitSettings {
    const account = this.requireAccount(accountId);
    account.rateLimit = normaliseRateLimit(input, account.rateLimit);
    account.rateWindow.reset();
    return account.rateLimit;
  }

  requestLog(accountId: string): { entries: RequestLogEntry[]; dropped: number } {
    return this.requireAccount(accountId).requestLog.list();
  }

  /** Empties the request log and starts a fresh rate-limit window. */
  resetRequests(accountId: string): void {
    const account = this.requireAccount(accountId);
    account.requestLog.clear();
    account.rateWindow.reset();
  }
}
