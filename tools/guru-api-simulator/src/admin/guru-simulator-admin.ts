import { adminJsonCall } from '@gv/simulator-kit';
import type { Dispatcher } from 'undici';
import type { FaultConfig, FaultConfigInput } from '../faults/fault-config';
import type { RateLimitSettings } from '../faults/rate-limit-window';
import type { GuruAccountSeed } from '../state/account-seed';
import type { GenerateTransactionsRequest } from '../state/generate-transactions';
import type { RequestLogEntry } from '../state/request-log';

/** Typed client of the Guru simulator's /__admin endpoints, for tests, the demo and benchmarks. */
export class GuruSimulatorAdmin {
  /** `adminUrl` as returned by startGuruApiSimulator, e.g. http://127.0.0.1:18090/__admin. */
  constructor(private readonly adminUrl: string, private readonly dispatcher?: Dispatcher) {}

  async health(): Promise<boolean> {
    return (await this.call<{ ok: boolean }>('GET', '/health')).ok;
  }

  /** Creates the account, or replaces it with fresh data when the accountId exists. */
  async createAccount(seed: GuruAccountSeed): Promise<{ accountId: string; accountToken: string; transactions: number }> {
    return this.call('POST', '/accounts', seed);
  }

  async deleteAccount(accountId: string): Promise<void> {
    await this.call('DELETE', this.account(accountId));
  }

  /** Stores transactions (webhook form) as given, created or replaced by id. Returns their ids in order. */
  async putTransactions(accountId: string, transactions: Array<Record<string, unknown>>): Promise<string[]> {
    return (await this.call<{ ids: string[] }>('PUT', `${this.account(accountId)}/transactions`, { transactions })).ids;
  }

  /** Generates realistic sales with the Guru sale generator (see GenerateTransactionsRequest). Returns their ids. */
  async generateTransactions(accountId: string, generate: GenerateTransactionsRequest): Promise<string[]> {
    return (await this.call<{ ids: string[] }>('POST', `${this.account(accountId)}/transactions/generate`, generate)).ids;
  }

  async transactionIds(accountId: string): Promise<string[]> {
    return (await this.call<{ ids: string[] }>('GET', `${this.account(accountId)}/transactions`)).ids;
  }

  async deleteTransaction(accountId: string, id: string): Promise<void> {
    await this.call('DELETE', `${this.account(accountId)}/transactions/${encodeURIComponent(id)}`);
  }

  async setFaults(accountId: string, faults: FaultConfigInput): Promise<FaultConfig> {
    return this.call('PUT', `${this.account(accountId)}/faults`, faults);
  }

  async clearFaults(accountId: string): Promise<FaultConfig> {
    return this.setFaults(accountId, {});
  }

  /** Changes the account's budget (tests use a small one) and starts a fresh window. */
  async setRateLimit(accountId: string, rateLimit: Partial<RateLimitSettings>): Promise<RateLimitSettings> {
    return this.call('PUT', `${this.account(accountId)}/rate-limit`, rateLimit);
  }

  /** The account's API requests in arrival order (bounded; `dropped` counts the oldest discarded). */
  async requestLog(accountId: string): Promise<{ entries: RequestLogEntry[]; dropped: number }> {
    return this.call('GET', `${this.account(accountId)}/requests`);
  }

  /** Empties the request log and starts a fresh rate-limit window. */
  async resetRequests(accountId: string): Promise<void> {
    await this.call('POST', `${this.account(accountId)}/requests/reset`);
  }

  async resetAll(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private account(accountId: string): string {
    return `/accounts/${encodeURIComponent(accountId)}`;
  }

  private call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return adminJsonCall<T>('Guru simulator admin', `${this.adminUrl}${path}`, method, path, body, this.dispatcher);
  }
}
