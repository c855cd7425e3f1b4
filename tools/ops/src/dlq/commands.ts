import {
  listDeadLetters, ListedDeadLetter, replayDeadLetters, ReplayOutcome, ReplayReport, ReplaySelector,
} from '@gv/operations';
import type { OpsContext } from '../context';
import { table, truncate } from '../format';

export interface DlqListOptions {
  group: string | null;
  account: string | null;
  limit: number;
  wide?: boolean;
  json?: boolean;
}

/** `dlq list`: dead letters of one group or all, newest `limit` per topic (@gv/operations reads them). */
export async function dlqList(ctx: OpsContext, options: DlqListOptions): Promise<ListedDeadLetter[]> {
  const listing = await listDeadLetters(ctx.kafka(), {
    group: options.group,
    account: options.account,
    limit: options.limit,
    journal: { databaseUrl: ctx.env.databaseUrl, schema: ctx.env.opsSchema },
  });
  if (listing.journalProblem) ctx.note(`warning: replay journal unavailable (${listing.journalProblem}); replay state not shown`);
  const listed = listing.letters;
  if (options.json) {
    ctx.out(JSON.stringify(listed, null, 2));
    return listed;
  }
  if (listing.topics.length === 0) {
    ctx.out('no dead-letter topics on the broker');
    return listed;
  }
  for (const { dlqTopic: topic } of listing.topics) {
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

/** `dlq replay`: re-publishes the selected dead letters once each (@gv/operations dead-letters.ts has the rules). */
export async function dlqReplay(ctx: OpsContext, options: DlqReplayOptions): Promise<ReplayReport> {
  const report = await replayDeadLetters(ctx.kafka(), {
    group: options.group,
    selector: options.selector,
    to: options.to,
    dryRun: options.dryRun,
    force: options.force,
    by: ctx.env.user,
    journal: { databaseUrl: ctx.env.databaseUrl, schema: ctx.env.opsSchema },
  });
  if (options.json) {
    ctx.out(JSON.stringify(report, null, 2));
    return report;
  }
  const { dlqTopic, lines, notFound } = report;
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
