import { FaultPicker } from '../faults/fault-picker';
import { RateLimitWindow, type RateLimitSettings } from '../faults/rate-limit-window';
import { RequestLog } from './request-log';

/** Bound on the transactions of one account, so a runaway seed cannot exhaust memory. */
export const MAX_TRANSACTIONS_PER_ACCOUNT = 200_000;
const MAX_ID_LENGTH = 191;

export type TransactionBody = Record<string, unknown>;

/** One Guru account: its users' tokens, its transactions (webhook form), its budget and faults. */
export class GuruAccount {
  readonly transactions = new Map<string, TransactionBody>();
  readonly faults = new FaultPicker();
  readonly rateWindow = new RateLimitWindow();
  readonly requestLog = new RequestLog();
  /** "token index + URL" of the requests being answered, to refuse identical simultaneous ones. */
  readonly inFlight = new Set<string>();

  constructor(
    readonly accountId: string,
    readonly userTokens: string[],
    readonly accountToken: string,
    public rateLimit: RateLimitSettings,
  ) {}

  /** Stores transactions as given (created or replaced by id); all are checked before any is stored. */
  putTransactions(bodies: unknown[]): string[] {
    const checked = bodies.map((body, i) => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`transactions[${i}] must be an object`);
      const { id, status } = body as TransactionBody;
      if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) throw new Error(`transactions[${i}].id must be a string of 1 to ${MAX_ID_LENGTH} characters`);
      if (typeof status !== 'string' || status === '') throw new Error(`transactions[${i}].status must be a non-empty string`);
      return structuredClone(body as TransactionBody);
    });
    const newIds = new Set(checked.map((b) => b.id as string).filter((id) => !this.transactions.has(id)));
    if (this.transactions.size + newIds.size > MAX_TRANSACTIONS_PER_ACCOUNT) throw new Error(`an account holds at most ${MAX_TRANSACTIONS_PER_ACCOUNT} transactions`);
    for (const body of checked) this.transactions.set(body.id as string, body);
    return checked.map((b) => b.id as string);
  }
}
