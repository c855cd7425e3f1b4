/**
 * Crash-loop breaker (docs/kafka.md#crash-loop-breaker): the last line of defence against a
 * message that kills its consumer process by something no try/catch sees (out of memory, a native
 * abort). Input bounds stop the known cases; this stops the unknown ones.
 *
 * Before a handler runs, the runner records the message as *in flight in this process* in a
 * durable store shared by every instance of the consumer group (PostgreSQL: `PgCrashGuard` in
 * `@gv/db`). When a partition is next taken over, a message still marked in flight by a process
 * that is gone was in flight when that process died: one crash is counted for it. A message with
 * one crash is handled alone (nothing else in flight in the process), so a further crash is
 * attributed to it and to no bystander. After it killed two processes while handled alone (three
 * crashes in all) it is dead-lettered with reason `crashed_consumer` instead of being handed to a
 * fourth process. Two, not one: a process killed from outside (`kill -9`, an eviction) while a
 * suspect happened to run alone must not dead-letter a healthy message, and with many messages in
 * flight every process death makes suspects of all of them (the chaos suite found three sales
 * dead-lettered that way by the 2-crash rule).
 */

/** A message as the breaker tracks it; `crashes` is what is known about it so far. */
export interface InflightMessage {
  topic: string;
  partition: number;
  offset: string;
  crashes: number;
}

/** What a partition takeover found. */
export interface Takeover {
  /** offset → crashes, for every message of the partition that crashed at least once. */
  crashes: Map<string, number>;
  /** Offsets whose crash this takeover counted (they were in flight in a process that is gone). */
  counted: string[];
}

/** The durable store of in-flight markers, shared by every instance of a consumer group. */
export interface CrashGuard {
  /**
   * Called once per partition after an assignment, with the first offset fetched. Forgets markers
   * below it (those messages are committed), counts one crash for every marker at or above it left
   * by a process that is gone, and returns the crash count of each message at or above it that
   * has crashed at least once.
   */
  takeOver(groupId: string, topic: string, partition: number, firstOffset: string): Promise<Takeover>;
  /** Marks the message in flight in this process; resolves once the marker is stored. */
  started(groupId: string, message: InflightMessage): Promise<void>;
  /**
   * The message is no longer in flight here (handled, dead-lettered, or to be retried). With
   * `now` the marker is removed before this resolves; otherwise it rides on a later write (a crash
   * in between makes it a harmless suspect, handled alone once).
   */
  finished(groupId: string, message: InflightMessage, now: boolean): Promise<void>;
}

/** The reason (`x-dlq-reason`) of a message dead-lettered by the breaker. */
export const CRASHED_CONSUMER_REASON = 'crashed_consumer';

/** Crashes after which a message is dead-lettered rather than handed to another process. */
export const CRASHES_BEFORE_DEAD_LETTER = 3;

/** What the runner does with a message given its crash count. */
export function crashVerdict(crashes: number): 'normal' | 'alone' | 'dead_letter' {
  if (crashes >= CRASHES_BEFORE_DEAD_LETTER) return 'dead_letter';
  return crashes >= 1 ? 'alone' : 'normal';
}

/**
 * A shared/exclusive async lock, first come first served: ordinary messages hold it shared (any
 * number at once), a suspect holds it exclusive (alone in the process). A waiting exclusive
 * request holds back later shared ones, so a suspect is never starved by a busy stream.
 */
export class SharedExclusiveLock {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: Array<{ exclusive: boolean; grant: () => void }> = [];

  /** Holders now: for tests and logs. */
  get holders(): { shared: number; exclusive: boolean; waiting: number } {
    return { shared: this.shared, exclusive: this.exclusive, waiting: this.waiting.length };
  }

  /** Resolves with the release function once granted. */
  acquire(exclusive: boolean): Promise<() => void> {
    if (this.waiting.length === 0 && this.compatible(exclusive)) return Promise.resolve(this.take(exclusive));
    return new Promise((resolve) => {
      this.waiting.push({ exclusive, grant: () => resolve(this.take(exclusive)) });
    });
  }

  private compatible(exclusive: boolean): boolean {
    return exclusive ? !this.exclusive && this.shared === 0 : !this.exclusive;
  }

  private take(exclusive: boolean): () => void {
    if (exclusive) this.exclusive = true;
    else this.shared += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.exclusive = false;
      else this.shared -= 1;
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.compatible(this.waiting[0]!.exclusive)) {
      const next = this.waiting.shift()!;
      // take() runs synchronously inside grant, so the next compatibility check sees it.
      next.grant();
    }
  }
}
