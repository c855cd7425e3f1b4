import type { Kafka } from 'kafkajs';
import { deadLetterTopic } from '@gv/contracts';
import { KafkaPublisher } from '@gv/kafka';
import {
  DeadLetter, replayHeaders, replayTarget, replayedFromValue, ReplaySelector, selectDeadLetters,
} from './dead-letters';
import { isCompactedTopic, listDeadLetterTopics, readDeadLetters, topicExists } from './dlq-reader';
import { journalKeyOf, ReplayJournal, ReplayRecord } from './replay-journal';

/**
 * The two dead-letter operations as data, shared by the ops command (which prints them) and
 * config-service's Operações API (which returns them as JSON): list what is in the dead-letter
 * topics with each letter's replay state, and replay selected letters exactly once each through
 * the replay journal (dead-letters.ts has the rules).
 */

/** Where the replay journal lives, and who is replaying (recorded in it). */
export interface ReplayJournalLocation {
  databaseUrl: string;
  schema: string;
  /** pg application_name of the journal's connection. */
  applicationName?: string;
}

export interface ListedDeadLetter {
  dlqTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  accountId: string | null;
  saleId: string | null;
  reason: string | null;
  field: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumerGroup: string | null;
  failedAt: string | null;
  /** Set when this dead letter is a replay that failed again: the dead letter it replayed. */
  replayOf: string | null;
  valueBytes: number;
  /** Replay state from the journal: null = never replayed; 'unknown' when the journal is unreachable. */
  replay: { state: 'claimed' | 'published'; replays: number; at: string; by: string; target: string } | 'unknown' | null;
}

export interface DeadLetterListing {
  /** Every dead-letter topic read, with how many letters it holds (before `limit`). */
  topics: { dlqTopic: string; total: number }[];
  /** The newest `limit` letters of each topic (of `account` only, when given), oldest first. */
  letters: ListedDeadLetter[];
  /** Why the journal could not be read (replay states are then 'unknown'), or null. */
  journalProblem: string | null;
}

export interface ListDeadLettersOptions {
  /**
   * One consumer group's topic (it must exist), several groups' topics (those that exist), or null
   * for every dead-letter topic on the broker.
   */
  group: string | string[] | null;
  account: string | null;
  /** Newest letters kept per topic. */
  limit: number;
  journal: ReplayJournalLocation;
}

const iso = (d: Date | null | undefined): string => (d ? d.toISOString() : '-');

export async function listDeadLetters(kafka: Kafka, options: ListDeadLettersOptions): Promise<DeadLetterListing> {
  let topics: string[];
  if (typeof options.group === 'string') {
    const topic = deadLetterTopic(options.group);
    if (!(await topicExists(kafka, topic))) throw new Error(`no dead-letter topic ${topic} on the broker`);
    topics = [topic];
  } else if (options.group) {
    const existing = new Set(await listDeadLetterTopics(kafka));
    topics = options.group.map(deadLetterTopic).filter((t) => existing.has(t));
  } else {
    topics = await listDeadLetterTopics(kafka);
  }
  if (topics.length === 0) return { topics: [], letters: [], journalProblem: null };
  let letters = await readDeadLetters(kafka, topics);
  if (options.account) letters = letters.filter((l) => l.accountId === options.account);
  const byTopic = new Map<string, DeadLetter[]>(topics.map((t) => [t, []]));
  for (const l of letters) byTopic.get(l.dlqTopic)?.push(l);
  const counted = [...byTopic.entries()].map(([dlqTopic, list]) => ({ dlqTopic, total: list.length }));
  letters = [...byTopic.values()].flatMap((list) => list.slice(-options.limit));

  let journal: Map<string, ReplayRecord> | null = null;
  let journalProblem: string | null = null;
  try {
    const j = await ReplayJournal.open(options.journal.databaseUrl, options.journal.schema, options.journal.applicationName);
    try {
      journal = await j.lookup(letters);
    } finally {
      await j.close();
    }
  } catch (error) {
    journalProblem = (error as Error).message;
  }

  return {
    topics: counted,
    journalProblem,
    letters: letters.map((l): ListedDeadLetter => {
      const record = journal?.get(journalKeyOf(l));
      return {
        dlqTopic: l.dlqTopic,
        partition: l.partition,
        offset: l.offset,
        key: l.key,
        accountId: l.accountId,
        saleId: l.saleId,
        reason: l.reason,
        field: l.field,
        originalTopic: l.originalTopic,
        originalPartition: l.originalPartition,
        originalOffset: l.originalOffset,
        consumerGroup: l.consumerGroup,
        failedAt: l.failedAt,
        replayOf: l.replayOf,
        valueBytes: l.value?.length ?? 0,
        replay: journal === null
          ? 'unknown'
          : record
            ? { state: record.state, replays: record.replays, at: iso(record.publishedAt ?? record.claimedAt), by: record.replayedBy, target: record.targetTopic }
            : null,
      };
    }),
  };
}

export interface ReplayDeadLettersOptions {
  group: string;
  selector: ReplaySelector;
  /** Target topic instead of the letter's own (replayTarget). */
  to?: string | null;
  dryRun?: boolean;
  /** Replay again what the journal shows as replayed or in doubt. */
  force?: boolean;
  /** Who replays (the journal's replayed_by). */
  by: string;
  journal: ReplayJournalLocation;
}

export type ReplayOutcome =
  | 'replayed'
  | 'would_replay'
  | 'skipped_already_replayed'
  | 'skipped_in_doubt'
  | 'refused'
  | 'failed';

export interface ReplayLine {
  dlqTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  accountId: string | null;
  target: string | null;
  outcome: ReplayOutcome;
  detail: string | null;
}

export interface ReplayReport {
  dlqTopic: string;
  lines: ReplayLine[];
  /** Offsets asked for by an offset selector that are not in the topic. */
  notFound: string[];
  ok: boolean;
}

/** Re-publishes the selected dead letters, once each unless `force` (the journal claims each before publishing). */
export async function replayDeadLetters(kafka: Kafka, options: ReplayDeadLettersOptions): Promise<ReplayReport> {
  const dlqTopic = deadLetterTopic(options.group);
  if (!(await topicExists(kafka, dlqTopic))) throw new Error(`no dead-letter topic ${dlqTopic} on the broker`);
  const all = await readDeadLetters(kafka, [dlqTopic]);
  const selected = selectDeadLetters(all, options.selector);
  const notFound = options.selector.kind === 'offset'
    ? options.selector.offsets.filter((o) => !selected.some((l) => l.offset === o))
    : [];

  const journal = await ReplayJournal.open(options.journal.databaseUrl, options.journal.schema, options.journal.applicationName);
  const publisher = options.dryRun ? null : new KafkaPublisher(kafka);
  const targets = new Map<string, string | null>();
  const lines: ReplayLine[] = [];
  try {
    await publisher?.connect();
    const known = await journal.lookup(selected);
    for (const letter of selected) {
      const line: ReplayLine = {
        dlqTopic, partition: letter.partition, offset: letter.offset, key: letter.key, accountId: letter.accountId,
        target: null, outcome: 'failed', detail: null,
      };
      lines.push(line);
      try {
        const target = replayTarget(letter, options.to);
        line.target = target;
        if (!targets.has(target)) targets.set(target, await refusal(kafka, target));
        const refused = targets.get(target);
        if (refused) {
          line.outcome = 'refused';
          line.detail = refused;
          continue;
        }
        const previous = known.get(journalKeyOf(letter));
        if (options.dryRun) {
          line.outcome = previous && !options.force ? (previous.state === 'published' ? 'skipped_already_replayed' : 'skipped_in_doubt') : 'would_replay';
          line.detail = previous ? `journal: ${previous.state} ${iso(previous.publishedAt ?? previous.claimedAt)} by ${previous.replayedBy}` : null;
          continue;
        }
        const claim = await journal.claim(letter, target, options.by, options.force ?? false);
        if (!claim.claimed) {
          const e = claim.existing;
          line.outcome = e.state === 'published' ? 'skipped_already_replayed' : 'skipped_in_doubt';
          line.detail = e.state === 'published'
            ? `already replayed to ${e.targetTopic} at ${iso(e.publishedAt)} by ${e.replayedBy}; replay with force (ops: --force) to replay again`
            : `a replay was claimed at ${iso(e.claimedAt)} by ${e.replayedBy} and never confirmed; check ${e.targetTopic}, then replay with force (ops: --force)`;
          continue;
        }
        try {
          await publisher!.publishRaw(target, [{ key: letter.key, value: letter.value, headers: replayHeaders(letter, target) }]);
        } catch (error) {
          await journal.release(letter, claim.previous).catch(() => undefined);
          throw error;
        }
        await journal.markPublished(letter);
        line.outcome = 'replayed';
        line.detail = `${replayedFromValue(letter)} → ${target}`;
      } catch (error) {
        line.outcome = 'failed';
        line.detail = (error as Error).message;
      }
    }
  } finally {
    await publisher?.disconnect().catch(() => undefined);
    await journal.close();
  }
  const ok = notFound.length === 0 && lines.every((l) => l.outcome === 'replayed' || l.outcome === 'would_replay' || l.outcome === 'skipped_already_replayed');
  return { dlqTopic, lines, notFound, ok };
}

/** Why replaying into `topic` is refused, or null when it is fine. */
async function refusal(kafka: Kafka, topic: string): Promise<string | null> {
  if (!(await topicExists(kafka, topic))) return `topic ${topic} does not exist`;
  if (await isCompactedTopic(kafka, topic)) {
    return `${topic} is compacted: an old value replayed there would replace newer ones (settings snapshots: use "config republish")`;
  }
  return null;
}
