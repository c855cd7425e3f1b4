import { MetricSample, parsePrometheusText, sampleValue } from '@gv/telemetry';

/** One second of a window, from the services' /metrics (counters as increases over that second). */
export interface TimelineSecond {
  /** Seconds into the window at the end of this second. */
  atS: number;
  /** Longest event loop delay of each service over the second, ms (null: no scrape answered). */
  loopMaxMs: Record<string, number | null>;
  /** Dispatcher: messages its consumers finished (handled, dead-lettered) on the main and the retry topic. */
  mainMessages: number;
  retryMessages: number;
  /** Dispatcher: sales handed off by a full account, messages fair intake held back, and of those the ones that waited for their account's room. */
  handoffs: number;
  paced: number;
  waitedForRoom: number;
  /** Dispatcher: sales reconciling at the end of the second. */
  reconciling: number | null;
}

export interface TimelineTarget {
  label: string;
  metricsUrl: string;
}

/** Which target is the dispatcher, and its two input topics. */
export interface DispatcherTopics {
  label: string;
  mainTopic: string;
  retryTopic: string;
}

interface Scrape {
  at: number;
  text: string | null;
}

/**
 * Scrapes the services' /metrics once a second while `work` runs, and turns the dispatcher's
 * counters into per-second increases: where in a window the event loops stalled and what the
 * dispatcher was doing then (the flood benchmark's first seconds after a burst are its tail). Each
 * scrape also resets the event loop delay histograms (libs/telemetry), so nothing else may scrape
 * these services meanwhile.
 */
export async function withTimeline<T>(targets: TimelineTarget[], dispatcher: DispatcherTopics, work: () => Promise<T>): Promise<{ value: T; timeline: TimelineSecond[] }> {
  const scrapes = new Map<string, Scrape[]>(targets.map((t) => [t.label, []]));
  const scrapeAll = () => Promise.all(targets.map(async (t) => {
    const text = await fetch(t.metricsUrl, { signal: AbortSignal.timeout(900) }).then((r) => r.text(), () => null);
    scrapes.get(t.label)!.push({ at: Date.now(), text });
  }));
  await scrapeAll(); // the window's starting point (and the delay histograms reset)
  const started = Date.now();
  let running = true;
  const sampler = (async () => {
    let next = started + 1000;
    while (running) {
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      next += 1000;
      await scrapeAll();
    }
  })();
  try {
    const value = await work();
    return { value, timeline: timelineOf(scrapes, dispatcher, started) };
  } finally {
    running = false;
    await sampler;
  }
}

function timelineOf(scrapes: Map<string, Scrape[]>, topics: DispatcherTopics, started: number): TimelineSecond[] {
  // Each scrape parsed once: a scrape is the "after" of one second and the "before" of the next.
  const parsedScrapes = new Map([...scrapes].map(([label, list]) => [label, list.map((s) => (s.text === null ? null : parsePrometheusText(s.text)))]));
  const dispatcher = scrapes.get(topics.label) ?? [];
  const dispatcherSamples = parsedScrapes.get(topics.label) ?? [];
  const seconds: TimelineSecond[] = [];
  for (let i = 1; i < dispatcher.length; i += 1) {
    const before = dispatcherSamples[i - 1] ?? null;
    const after = dispatcherSamples[i] ?? null;
    // Increase over the second of the counters matching one of `wheres` (0 when a scrape failed).
    const delta = (name: string, ...wheres: Record<string, string>[]) => {
      if (!before || !after) return 0;
      const total = (samples: MetricSample[]) => wheres.reduce((sum, where) => sum + sampleValue(samples, name, where), 0);
      return Math.max(0, total(after) - total(before));
    };
    const finished = (topic: string) => delta('kafka_messages_total', ...FINISHED.map((outcome) => ({ topic, outcome })));
    const loopMaxMs: Record<string, number | null> = {};
    for (const [label, list] of parsedScrapes) {
      const samples = list[i] ?? null;
      loopMaxMs[label] = samples ? Math.round(sampleValue(samples, 'nodejs_eventloop_delay_max_seconds') * 1000) : null;
    }
    seconds.push({
      atS: Math.round((dispatcher[i]!.at - started) / 100) / 10,
      loopMaxMs,
      mainMessages: finished(topics.mainTopic),
      retryMessages: finished(topics.retryTopic),
      handoffs: delta('dispatcher_account_handoffs_total', {}),
      paced: delta('kafka_messages_total', { outcome: 'paced' }),
      waitedForRoom: delta('kafka_messages_total', { outcome: 'waited_for_room' }),
      reconciling: after ? sampleValue(after, 'dispatcher_sales_reconciling') : null,
    });
  }
  return seconds;
}

/** The outcomes of kafka_messages_total that finish a message. */
const FINISHED = ['processed', 'dead_lettered'];

/** One line per second: `t s: loops a/b/c ms, main m, retry r, handoffs h, paced p, waited w, reconciling n`. */
export function describeTimeline(timeline: TimelineSecond[]): string {
  return timeline.map((s) => `${s.atS}s: loop max ${Object.entries(s.loopMaxMs).map(([l, v]) => `${l} ${v ?? '?'}`).join('/')} ms, ` +
    `main ${s.mainMessages}, retry ${s.retryMessages}, handoffs ${s.handoffs}, paced ${s.paced}, waited ${s.waitedForRoom}, reconciling ${s.reconciling ?? '?'}`).join('; ');
}
