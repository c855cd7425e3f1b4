import { toBrasiliaDate } from '@gv/brazil';

/**
 * Periods of Guru's transaction listing. A period is half-open, [from, to), between two instants
 * written in ISO 8601 with their time zone (`Z` or `±HH:MM`): "2026-01-01T00:00:00-03:00".
 *
 * Guru filters whole days (`ordered_at_ini` / `ordered_at_end`, `YYYY-MM-DD`, both ends included)
 * and refuses a range longer than 180 days. Guru is a Brazilian platform and the days are taken
 * as Brasília days (UTC−03:00, docs/guru-api.md#assumptions), so a period sent to Guru must start
 * and end at a Brasília midnight: anything else would silently widen it to whole days.
 */

/** The longest range Guru accepts in one request, in days. */
export const GURU_MAX_PERIOD_DAYS = 180;

const DAY_MS = 86_400_000;
const BRASILIA_OFFSET_MS = -3 * 60 * 60 * 1000;
/** Plausible instants only: nothing before Guru existed, nothing absurdly far ahead. */
const EARLIEST_MS = Date.parse('2000-01-01T00:00:00Z');
const LATEST_MS = Date.parse('2100-01-01T00:00:00Z');

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:\d{2})$/;

export interface GuruPeriod {
  /** First instant included, ISO 8601 with its time zone. */
  from: string;
  /** First instant excluded, ISO 8601 with its time zone. */
  to: string;
}

/** An instant read from text, with the time zone it was written in. */
export interface ZonedInstant {
  epochMs: number;
  /** As written: "Z" or "±HH:MM". */
  zone: string;
  /** Minutes east of UTC (−180 for "-03:00"). */
  offsetMinutes: number;
}

/** A bad period or filter value; `field` names it as the caller wrote it (e.g. "period.to"). */
export class GuruFilterError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'GuruFilterError';
  }
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Reads an ISO 8601 instant that carries its time zone; throws GuruFilterError naming `field`. */
export function parseZonedInstant(text: unknown, field: string): ZonedInstant {
  if (typeof text !== 'string') throw new GuruFilterError(field, 'expected an ISO 8601 date-time with a time zone, e.g. 2026-01-01T00:00:00-03:00');
  if (text.length > 40) throw new GuruFilterError(field, `${text.length} characters, too long for a date-time`);
  const match = INSTANT.exec(text);
  if (!match) {
    throw new GuruFilterError(field, `expected an ISO 8601 date-time with a time zone (Z or ±HH:MM), e.g. 2026-01-01T00:00:00-03:00; got ${JSON.stringify(text)}`);
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (Math.abs(offsetMinutes) > 14 * 60 || Number(zone.slice(4, 6)) > 59) throw new GuruFilterError(field, `time zone ${zone} does not exist`);
  const localMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number((fraction ?? '0').padEnd(3, '0')));
  const check = new Date(localMs);
  // Date.UTC rolls 2026-02-30 over to March: a round trip catches impossible dates and times.
  if (check.getUTCDate() !== Number(day) || check.getUTCHours() !== Number(hour) || check.getUTCMinutes() !== Number(minute) || check.getUTCSeconds() !== Number(second)) {
    throw new GuruFilterError(field, `${text} is not a real date-time`);
  }
  const epochMs = localMs - offsetMinutes * 60_000;
  if (!(epochMs >= EARLIEST_MS && epochMs < LATEST_MS)) throw new GuruFilterError(field, `${text} is outside 2000-01-01 to 2100-01-01`);
  return { epochMs, zone, offsetMinutes };
}

/** Writes an instant in a given time zone: `YYYY-MM-DDTHH:MM:SS[.mmm]` + the zone as written. */
export function formatZonedInstant(epochMs: number, zone: string, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const millis = local.getUTCMilliseconds();
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${millis === 0 ? '' : `.${pad(millis, 3)}`}`;
  return `${date}T${time}${zone}`;
}

/** Reads both ends of a period and checks from < to. */
export function parsePeriod(period: GuruPeriod, field = 'period'): { from: ZonedInstant; to: ZonedInstant } {
  if (typeof period !== 'object' || period === null) throw new GuruFilterError(field, 'expected { from, to }');
  const from = parseZonedInstant(period.from, `${field}.from`);
  const to = parseZonedInstant(period.to, `${field}.to`);
  if (to.epochMs <= from.epochMs) throw new GuruFilterError(`${field}.to`, `${period.to} must be after ${field}.from ${period.from}`);
  return { from, to };
}

/**
 * Splits [from, to) into consecutive windows of at most `maxDays` days each: the first starts at
 * `from` and the last ends at `to` (both as given), each window ends where the next starts, and
 * the boundaries in between are written in `from`'s time zone. Pure.
 */
export function splitPeriod(from: string, to: string, maxDays: number = GURU_MAX_PERIOD_DAYS): GuruPeriod[] {
  if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > 36_600) throw new GuruFilterError('maxDays', `expected an integer from 1 to 36600, got ${maxDays}`);
  const { from: start, to: end } = parsePeriod({ from, to });
  const stepMs = maxDays * DAY_MS;
  const windows: GuruPeriod[] = [];
  let cursorMs = start.epochMs;
  let cursorText = from;
  while (end.epochMs - cursorMs > stepMs) {
    const nextMs = cursorMs + stepMs;
    const nextText = formatZonedInstant(nextMs, start.zone, start.offsetMinutes);
    windows.push({ from: cursorText, to: nextText });
    cursorMs = nextMs;
    cursorText = nextText;
  }
  windows.push({ from: cursorText, to });
  return windows;
}

function isBrasiliaMidnight(epochMs: number): boolean {
  return (((epochMs + BRASILIA_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS === 0;
}

/** The Brasília midnight that starts a calendar day: "2026-01-01" → "2026-01-01T00:00:00-03:00". */
export function brasiliaDayStart(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new GuruFilterError('date', `expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const text = `${date}T00:00:00-03:00`;
  parseZonedInstant(text, 'date');
  return text;
}

/**
 * The `_ini` / `_end` dates Guru expects for a period of whole Brasília days, at most
 * `GURU_MAX_PERIOD_DAYS` long: [2026-01-01T00:00-03:00, 2026-01-03T00:00-03:00) →
 * { ini: "2026-01-01", end: "2026-01-02" } (Guru's end day is included).
 */
export function periodToGuruDays(period: GuruPeriod, field = 'period'): { ini: string; end: string } {
  const { from, to } = parsePeriod(period, field);
  if (!isBrasiliaMidnight(from.epochMs)) throw new GuruFilterError(`${field}.from`, `${period.from} is not a Brasília midnight (00:00 at UTC−03:00); Guru filters whole days`);
  if (!isBrasiliaMidnight(to.epochMs)) throw new GuruFilterError(`${field}.to`, `${period.to} is not a Brasília midnight (00:00 at UTC−03:00); Guru filters whole days`);
  const days = (to.epochMs - from.epochMs) / DAY_MS;
  if (days > GURU_MAX_PERIOD_DAYS) {
    throw new GuruFilterError(field, `${days} days, above Guru's limit of ${GURU_MAX_PERIOD_DAYS} per request (split it with splitPeriod)`);
  }
  return { ini: toBrasiliaDate(new Date(from.epochMs)), end: toBrasiliaDate(new Date(to.epochMs - 1)) };
}
