/**
 * Brasília calendar dates.
 *
 * America/Sao_Paulo has had no daylight saving time since 2019 (Decreto 9.772/2019), so Brasília
 * time is a fixed UTC−03:00 here. Instants before 2019 that fell in a former DST period are off by
 * one hour, which only matters within an hour of midnight of those old dates.
 */

export const BRASILIA_UTC_OFFSET = '-03:00';
const OFFSET_MS = -3 * 60 * 60 * 1000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function toInstant(value: Date | string): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`invalid instant ${JSON.stringify(value)}`);
  return date;
}

/** The Brasília calendar date (`YYYY-MM-DD`) of an instant: 2024-03-01T02:30:00Z → "2024-02-29". */
export function toBrasiliaDate(instant: Date | string): string {
  const shifted = new Date(toInstant(instant).getTime() + OFFSET_MS);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1, 2)}-${pad(shifted.getUTCDate(), 2)}`;
}

/** An instant as Brasília wall time `YYYY-MM-DD HH:MM:SS` (the zone-less form Vhsys timestamps use). */
export function toBrasiliaDateTime(instant: Date | string): string {
  const shifted = new Date(toInstant(instant).getTime() + OFFSET_MS);
  const time = `${pad(shifted.getUTCHours(), 2)}:${pad(shifted.getUTCMinutes(), 2)}:${pad(shifted.getUTCSeconds(), 2)}`;
  return `${toBrasiliaDate(instant)} ${time}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month1to12: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month1to12 - 1];
}

function parseDateOnly(date: string): { year: number; month: number; day: number } {
  const match = DATE_ONLY.exec(date);
  if (!match) throw new Error(`expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw new Error(`invalid date ${date}`);
  return { year, month, day };
}

/**
 * Adds calendar months to a `YYYY-MM-DD` date, clamping the day to the end of the target month:
 * 2024-01-31 + 1 → 2024-02-29, 2023-01-31 + 1 → 2023-02-28, 2024-03-31 + 1 → 2024-04-30.
 */
export function addMonthsClamped(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new Error('months must be an integer');
  const { year, month, day } = parseDateOnly(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(targetDay, 2)}`;
}

/**
 * `count` monthly due dates: the first on `firstDate`, the n-th `n − 1` months later. Every date is
 * computed from `firstDate` (not from the previous one), so a sale on the 31st stays on the 31st in
 * long months: 01-31, 02-29, 03-31, 04-30, …
 */
export function monthlyDueDates(firstDate: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
  return Array.from({ length: count }, (_, i) => addMonthsClamped(firstDate, i));
}
