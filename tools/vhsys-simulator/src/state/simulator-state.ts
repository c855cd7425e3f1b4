import { normaliseFaultConfig, FaultConfig, FaultConfigInput } from '../faults/fault-config';
import { brasiliaTimestamp } from '../wire/brasilia-time';
import type { AccountSeed, ProdutoSeed } from './account-seed';
import { AccountSnapshot, snapshotAccount } from './account-snapshot';
import { IdSequences } from './id-sequences';
import { emptyCounters } from './request-counters';
import type { RequestLogEntry } from './request-log';
import { VhsysAccount } from './vhsys-account';

/** All accounts of one simulator, plus the shared id sequences and clock. */
export class SimulatorState {
  readonly ids = new IdSequences();
  private readonly accounts = new Map<string, VhsysAccount>();
  /** Requests refused for unknown tokens, which belong to no account. */
  authFailures = 0;

  constructor(readonly clock: () => Date = () => new Date()) {}

  nowText(): string {
    return brasiliaTimestamp(this.clock());
  }

  /** Creates the account, or replaces it (fresh data) when the access token already exists. */
  createAccount(seed: AccountSeed): VhsysAccount {
    const account = new VhsysAccount(seed, this.ids, this.nowText());
    this.accounts.set(account.accessToken, account);
    return account;
  }

  deleteAccount(accessToken: string): boolean {
    return this.accounts.delete(accessToken);
  }

  reset(): void {
    this.accounts.clear();
    this.authFailures = 0;
  }

  getAccount(accessToken: string): VhsysAccount | undefined {
    return this.accounts.get(accessToken);
  }

  /**
   * The account both tokens identify (the pair identifies the company), or null. Its
   * `tokensRejected` flag is the caller's to check: a rejected account still owns the request.
   */
  authenticate(accessToken: string | undefined, secretAccessToken: string | undefined): VhsysAccount | null {
    if (!accessToken || !secretAccessToken) return null;
    const account = this.accounts.get(accessToken);
    return account && account.secretAccessToken === secretAccessToken ? account : null;
  }

  /** Refuses (true) or accepts again (false) the account's tokens. */
  setTokensRejected(accessToken: string, rejected: boolean): void {
    this.requireAccount(accessToken).tokensRejected = rejected;
  }

  setFaults(accessToken: string, input: FaultConfigInput): FaultConfig {
    const account = this.requireAccount(accessToken);
    const config = normaliseFaultConfig(input);
    account.faults.replace(config);
    return config;
  }

  /** Creates or replaces one produto of the account (the rest of its data is untouched). */
  putProduto(accessToken: string, idProduto: number, produto: Omit<ProdutoSeed, 'idProduto'>): { idProduto: number; created: boolean } {
    return this.requireAccount(accessToken).putProduto({ ...produto, idProduto }, this.ids, this.nowText());
  }

  /** Removes one produto from the account (as if deleted in Vhsys); false when it had none with that id. */
  deleteProduto(accessToken: string, idProduto: number): boolean {
    return this.requireAccount(accessToken).produtos.delete(idProduto);
  }

  /** Zeroes the counters and empties the request log. */
  resetCounters(accessToken: string): void {
    const account = this.requireAccount(accessToken);
    account.counters = emptyCounters();
    account.requestLog.clear();
  }

  requestLog(accessToken: string): { entries: RequestLogEntry[]; dropped: number } {
    return this.requireAccount(accessToken).requestLog.list();
  }

  snapshot(accessToken: string): AccountSnapshot {
    return snapshotAccount(this.requireAccount(accessToken));
  }

  accessTokens(): string[] {
    return [...this.accounts.keys()];
  }

  private requireAccount(accessToken: string): VhsysAccount {
    const account = this.accounts.get(accessToken);
    if (!account) throw new Error('unknown account');
    return account;
  }
}
