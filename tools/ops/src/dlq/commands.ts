import { deadLetterTopic } from '@gv/contracts';
import { KafkaPublisher } from '@gv/kafka';
import type { OpsContext } from '../context';
import { isoOrDash, table, truncate } from '../format';
import {
  DeadLetter, replayHeaders, replayTarget, replayedFromValue, ReplaySelector, selectDeadLetters,
} from './dead-letters';
import { isCompactedTopic, listDeadLetterTopics, readDeadLetters, topicExists } from './dlq-reader';
import { journalKeyOf, ReplayJournal, ReplayRecord } from './replay-journal';

export interface DlqListOptions {
  group: string | null;
  account: string | null;
  limit: number;
  wide?: boolean;
  json?: boolean;
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

/** `dlq list`: dead letters of one group or all, newest `limit` per topic. */
export async function dlqList(ctx: OpsContext, options: DlqListOptions): Promise<ListedDeadLetter[]> {
  const kafka = ctx.kafka();
  let topics: string[];
  if (options.group) {
    const topic = deadLetterTopic(options.group);
    if (!(await topicExists(kafka, topic))) throw new Error(`no dead-letter topic ${topic} on the broker`);
    topics = [topic];
  } else {
    topics = await listDeadLetterTopics(kafka);
  }
  let letters = await readDeadLetters(kafka, topics);
  if (options.account) letters = letters.filter((l) => l.accountId === options.account);
  const byTopic = new Map<string, DeadLetter[]>();
  for (const l of letters) byTopic.set(l.dlqTopic, [...(byTopic.get(l.dlqTopic) ?? []), l]);
  letters = [...byTopic.values()].flatMap((list) => list.slice(-options.limit));

  let journal: Map<string, ReplayRecord> | null = null;
  try {
    const j = await ReplayJournal.open(ctx.env.databaseUrl, ctx.env.opsSchema);
    try {
      journal = await j.lookup(letters);
    } finally {
      await j.close();
    }
  } catch (error) {
    ctx.note(`warning: replay journal unavailable (${(error as Error).message}); replay state not shown`);
  }

  const listed = letters.map((l): ListedDeadLetter => {
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
          ? { state: record.state, replays: record.replays, at: isoOrDash(record.publishedAt ?? record.claimedAt), by: record.replayedBy, target: record.targetTopic }
          : null,
    };
  });

  if (options.json) {
    ctx.out(JSON.stringify(listed, null, 2));
    return listed;
  }
  if (topics.length === 0) {
    ctx.out('no dead-letter topics on the broker');
    return listed;
  }
  for (const topic of topics) {
    const rows = listed.filter((l) => l.dlqTopic === topic);
    ctx.out(`${topic}: ${rows.length === 0 ? 'empty' : `${rows.length} dead letter(s)${options.account ? ` of account ${options.account}` : ''}`}`);
    if (rows.length === 0) continue;
    ctx.out(table(
      ['OFFSET', 'FAILED AT', 'KEY', 'ORIGIN', 'FIELD', 'NOTE', 'REPLAYED', 'REASON'],
      rows.map((l) => [
        l.partition === 0 ? l.offset : `${l.partition}/${l.offset}`,
        l.failedAt,
        l.key,
        l.originalTopic ? `${l.originalTopic}[${l.originalPartition ?? '?'}]@${l.originalOffset ?? '?'}` : '',
        l.field,
        l.replayOf ? `replay of ${l.replayOf}` : '',
        l.replay === 'unknown' ? '?' : l.replay === null ? 'no' : l.replay.state === 'published' ? `yes ${l.replay.at}${l.replay.replays > 1 ? ` (${l.replay.replays}x)` : ''}` : `IN DOUBT since ${l.replay.at}`,
        options.wide ? l.reason : truncate(l.reason, 90),
      ]),
    ));
    ctx.out('');
  }
  return listed;
}

export interface DlqReplayOptions {
  group: string;
  selector: ReplaySelector;
  to?: string | null;
  dryRun?: boolean;
  force?: boolean;
  json?: boolean;
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
  /** Offsets asked for with --offset that are not in the topic. */
  notFound: string[];
  ok: boolean;
}

/** `dlq replay`: re-publishes the selected dead letters once each (see dead-letters.ts for the rules). */
export async function dlqReplay(ctx: OpsContext, options: DlqReplayOptions): Promise<ReplayReport> {
  const kafka = ctx.kafka();
  const dlqTopic = deadLetterTopic(options.group);
  if (!(await topicExists(kafka, dlqTopic))) throw new Error(`no dead-letter topic ${dlqTopic} on the broker`);
  const all = await readDeadLetters(kafka, [dlqTopic]);
  const selected = selectDeadLetters(all, options.selector);
  const notFound = options.selector.kind === 'offset'
    ? options.selector.offsets.filter((o) => !selected.some((l) => l.offset === o))
    : [];

  const journal = await ReplayJournal.open(ctx.env.databaseUrl, ctx.env.opsSchema);
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
          line.detail = previous ? `journal: ${previous.state} ${isoOrDash(previous.publishedAt ?? previous.claimedAt)} by ${previous.replayedBy}` : null;
          continue;
        }
        const claim = await journal.claim(letter, target, ctx.env.user, options.force ?? false);
        if (!claim.claimed) {
          const e = claim.existing;
          line.outcome = e.state === 'published' ? 'skipped_already_replayed' : 'skipped_in_doubt';
          line.detail = e.state === 'published'
            ? `already replayed to ${e.targetTopic} at ${isoOrDash(e.publishedAt)} by ${e.replayedBy}; --force to replay again`
            : `a replay was claimed at ${isoOrDash(e.claimedAt)} by ${e.replayedBy} and never confirmed; check ${e.targetTopic}, then --force`;
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
  const report: ReplayReport = { dlqTopic, lines, notFound, ok };
  if (options.json) {
    ctx.out(JSON.stringify(report, null, 2));
    return report;
  }
  if (lines.length === 0) ctx.out(`${dlqTopic}: nothing selected`);
  else {
    ctx.out(table(['OFFSET', 'KEY', 'TARGET', 'OUTCOME', 'DETAIL'], lines.map((l) => [l.offset, l.key, l.target, l.outcome, l.detail])));
  }
  for (const o of notFound) ctx.out(`offset ${o}: not in ${dlqTopic}`);
  const count = (o: ReplayOutcome) => lines.filter((l) => l.outcome === o).length;
  ctx.out(options.dryRun
    ? `dry run: ${count('would_replay')} would be replayed, ${count('skipped_already_replayed') + count('skipped_in_doubt')} skipped, ${count('refused')} refused`
    : `${count('replayed')} replayed, ${count('skipped_already_replayed')} already replayed, ${count('skipped_in_doubt')} in doubt, ${count('refused')} refused, ${count('failed')} failed`);
  return report;
}

/** Why replaying into `topic` is refused, or null when it is fine. */
async function refusal(kafka: ReturnType<OpsContext['kafka']>, topic: string): Promise<string | null> {
  if (!(await topicExists(kafka, topic))) return `topic ${topic} does not exist`;
  if (await isCompactedTopic(kafka, topic)) {
    return `${topic} is compacted: an old value replayed there would replace newer ones (settings snapshots: use "config republish")`;
  }
  return null;
}
