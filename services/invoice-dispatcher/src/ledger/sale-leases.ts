import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PreparedStatements } from '@gv/db';
import { errorFields, Logger } from '@gv/telemetry';

export interface SaleLeaseOptions {
  /** How long a lease lasts without being renewed, on the database's clock. */
  ttlMs: number;
  /** The longest one Vhsys call can take (the client's hard deadline, connect to last byte). */
  callTimeoutMs: number;
  /** Slack for the time between the renewal's answer and the call's start, and for clock rates. */
  safetyMs?: number;
  /** Heartbeat period renewing every held lease (default ttlMs / 3). */
  renewEveryMs?: number;
}

/** The lease of a sale is no longer this holder's: no Vhsys write may start under it. */
export class LeaseLostError extends Error {
  constructor(readonly leaseName: string, detail: string) {
    super(`lease of ${leaseName} lost: ${detail}`);
    this.name = 'LeaseLostError';
  }
}

/** A held lease of one sale, and of the further names (a customer) taken under the same token. */
export interface SaleLease {
  /** The fencing token: larger than every earlier holder's of the same names. */
  readonly token: string;
  /** Takes a further name (e.g. a customer document) under this lease; false when another holds it. */
  tryAlso(name: string): Promise<boolean>;
  /**
   * Before every Vhsys write: renews the lease so that it outlasts the write (the call's timeout
   * plus a safety margin) and throws LeaseLostError when it is no longer this holder's, or when
   * the renewal answered too late to be sure of that.
   */
  beforeWrite(): Promise<void>;
  release(): Promise<void>;
}

/** Busy: another holder has the sale; `retryInMs` is when to look again. */
export interface LeaseBusy {
  retryInMs: number;
}

/**
 * Takes the lease of `$1` (and `$2` when given and free) for holder `$3`, lasting `$4` ms. A row
 * whose lease expired is taken over with a new token. Both names get the sale's token.
 */
const ACQUIRE = `WITH "sale" AS (
  INSERT INTO "sale_lease" AS "l" ("name", "holder", "token", "expires_at")
  VALUES ($1, $3, nextval('sale_lease_token'), now() + $4 * interval '1 millisecond')
  ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "token" = EXCLUDED."token", "expires_at" = EXCLUDED."expires_at"
    WHERE "l"."expires_at" <= now()
  RETURNING "token"
), "also" AS (
  INSERT INTO "sale_lease" AS "l" ("name", "holder", "token", "expires_at")
  SELECT $2, $3, "sale"."token", now() + $4 * interval '1 millisecond' FROM "sale" WHERE $2::text IS NOT NULL
  ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "token" = EXCLUDED."token", "expires_at" = EXCLUDED."expires_at"
    WHERE "l"."expires_at" <= now()
  RETURNING "name"
)
SELECT (SELECT "token"::text FROM "sale") AS "token", EXISTS (SELECT 1 FROM "also") AS "also",
  (SELECT extract(epoch FROM "expires_at" - now()) * 1000 FROM "sale_lease" WHERE "name" = $1) AS "remaining_ms"`;

/** A further name under an existing token ($2), for holder $3, lasting $4 ms. */
const ACQUIRE_ALSO = `INSERT INTO "sale_lease" AS "l" ("name", "holder", "token", "expires_at")
VALUES ($1, $3, $2::bigint, now() + $4 * interval '1 millisecond')
ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "token" = EXCLUDED."token", "expires_at" = EXCLUDED."expires_at"
  WHERE "l"."expires_at" <= now()
RETURNING "name"`;

/** Extends the names `$1` held under token `$2` by `$3` ms, if they are still held; returns those. */
const RENEW = `UPDATE "sale_lease" SET "expires_at" = now() + $3 * interval '1 millisecond'
WHERE "name" = ANY($1::text[]) AND "token" = $2::bigint AND "expires_at" > now()
RETURNING "name"`;

/** Heartbeat: every lease of this process at once ($1 names, $2 their tokens). */
const RENEW_ALL = `UPDATE "sale_lease" AS "l" SET "expires_at" = now() + $3 * interval '1 millisecond'
FROM unnest($1::text[], $2::bigint[]) AS "h" ("name", "token")
WHERE "l"."name" = "h"."name" AND "l"."token" = "h"."token" AND "l"."expires_at" > now()
RETURNING "l"."name"`;

const RELEASE = `DELETE FROM "sale_lease" WHERE "name" = ANY($1::text[]) AND "token" = $2::bigint`;

/** Leases of crashed holders nobody took over (their sales finished elsewhere or were abandoned). */
const PRUNE = `DELETE FROM "sale_lease" WHERE "expires_at" < now() - interval '1 hour'`;

interface HeldEntry {
  saleName: string;
  token: string;
  names: string[];
  lost: string | null;
}

/**
 * Serialises work per sale (and per customer being created) across consumers and instances with
 * leases in PostgreSQL (`sale_lease`): a row per held name with its holder, a fencing token from
 * one sequence and an expiry on the database's clock. Unlike a session advisory lock it pins no
 * connection while Vhsys is called, and the death of a connection (failover, proxy, a terminated
 * backend) does not silently hand the sale to someone else while this holder keeps writing:
 *
 * - every Vhsys write is preceded by `beforeWrite`, which extends the lease to at least the call's
 *   timeout plus a margin, or refuses the write once the lease is lost. The client aborts a call
 *   at its timeout, so no write of an earlier holder can still be in flight when a later one takes
 *   over (the lease only changes hands after it expired);
 * - a heartbeat renews every held lease, so reads and waits between writes keep it too;
 * - a crashed holder's lease expires after `ttlMs`, and the sale is taken over then: nothing leaks
 *   for longer than that, and a failed release costs at most that delay.
 *
 * See docs/dispatcher.md#sale-lease.
 */
export class SaleLeases {
  /** This process's holder id (host, pid, and a random part so a restarted pid is a new holder). */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly held = new Set<HeldEntry>();
  private readonly safetyMs: number;
  private timer: NodeJS.Timeout | null = null;
  private beats = 0;

  constructor(private readonly sql: PreparedStatements, private readonly options: SaleLeaseOptions, private readonly logger?: Logger) {
    this.safetyMs = options.safetyMs ?? 5000;
    if (options.ttlMs < options.callTimeoutMs + 2 * this.safetyMs) {
      throw new Error(`the sale lease (${options.ttlMs} ms) must outlast a Vhsys call (${options.callTimeoutMs} ms) by at least ${2 * this.safetyMs} ms`);
    }
  }

  /** Starts the heartbeat (idempotent). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.heartbeat(), this.options.renewEveryMs ?? Math.floor(this.options.ttlMs / 3));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Leases held right now by this process (tests, metrics). */
  get heldCount(): number {
    return this.held.size;
  }

  /**
   * The lease of `key`, or `{ retryInMs }` when another consumer or instance holds it. `also`: a
   * further name the reconciliation will most likely want (the customer's, for a sale without a
   * customer yet), taken in the same statement once the sale's is; not held if busy.
   */
  async tryAcquire(key: string, options: { also?: string } = {}): Promise<SaleLease | LeaseBusy> {
    const saleName = `sale:${key}`;
    const [row] = await this.sql.rows<{ token: string | null; also: boolean; remaining_ms: number | null }>(
      ACQUIRE, [saleName, options.also ?? null, this.holder, this.options.ttlMs],
    );
    if (!row?.token) return { retryInMs: this.busyRetryDelay(Number(row?.remaining_ms ?? 0)) };
    const entry: HeldEntry = { saleName, token: row.token, names: [saleName], lost: null };
    if (row.also && options.also) entry.names.push(options.also);
    this.held.add(entry);
    return {
      token: entry.token,
      tryAlso: (name) => this.tryAlso(entry, name),
      beforeWrite: () => this.beforeWrite(entry),
      release: () => this.release(entry),
    };
  }

  /**
   * A holder that is alive renews at least every `renewEveryMs`, so a lease with less left than
   * `ttl − renewEvery` (minus slack) missed a beat: its holder is probably gone, and the sale is
   * looked at again when the lease expires. Otherwise the holder is working: look again shortly.
   */
  private busyRetryDelay(remainingMs: number): number {
    const renewEvery = this.options.renewEveryMs ?? Math.floor(this.options.ttlMs / 3);
    const jitter = Math.round(Math.random() * 400);
    if (remainingMs < this.options.ttlMs - renewEvery - 2000) return Math.max(0, Math.ceil(remainingMs)) + 100 + jitter;
    return 300 + jitter;
  }

  private async tryAlso(entry: HeldEntry, name: string): Promise<boolean> {
    if (entry.names.includes(name)) return true;
    const rows = await this.sql.rows(ACQUIRE_ALSO, [name, entry.token, this.holder, this.options.ttlMs]);
    if (rows.length === 0) return false;
    entry.names.push(name);
    return true;
  }

  private async beforeWrite(entry: HeldEntry): Promise<void> {
    if (entry.lost) throw new LeaseLostError(entry.saleName, entry.lost);
    const asked = performance.now();
    const renewed = await this.sql.rows<{ name: string }>(RENEW, [entry.names, entry.token, this.options.ttlMs]);
    const tookMs = performance.now() - asked;
    if (!renewed.some((r) => r.name === entry.saleName)) {
      entry.lost = 'expired or taken over by another holder';
      throw new LeaseLostError(entry.saleName, entry.lost);
    }
    // The lease now runs until (the statement's start) + ttl; the call must end before that even
    // if the answer took long to come back.
    if (tookMs + this.options.callTimeoutMs + this.safetyMs > this.options.ttlMs) {
      throw new LeaseLostError(entry.saleName, `the renewal took ${Math.round(tookMs)} ms; too late to cover a ${this.options.callTimeoutMs} ms call`);
    }
  }

  private async release(entry: HeldEntry): Promise<void> {
    this.held.delete(entry);
    // If this fails, the lease expires after ttlMs: the sale waits at most that long.
    await this.sql.rows(RELEASE, [entry.names, entry.token]);
  }

  private async heartbeat(): Promise<void> {
    const entries = [...this.held].filter((e) => !e.lost);
    try {
      this.beats += 1;
      if (this.beats % 20 === 0) await this.sql.rows(PRUNE, []);
      if (entries.length === 0) return;
      const names = entries.flatMap((e) => e.names);
      const tokens = entries.flatMap((e) => e.names.map(() => e.token));
      const renewed = new Set((await this.sql.rows<{ name: string }>(RENEW_ALL, [names, tokens, this.options.ttlMs])).map((r) => r.name));
      for (const entry of entries) {
        if (!renewed.has(entry.saleName) && this.held.has(entry)) {
          entry.lost = 'not renewed in time';
          this.logger?.warn({ lease: entry.saleName, token: entry.token }, 'sale lease lost; its next Vhsys write is refused');
        }
      }
    } catch (error) {
      // The next beat, or the next write's renewal, tries again; the lease still has time left.
      this.logger?.warn({ ...errorFields(error) }, 'renewing the sale leases failed');
    }
  }
}

export function isLeaseBusy(result: SaleLease | LeaseBusy): result is LeaseBusy {
  return (result as SaleLease).token === undefined;
}
