/**
 * Vhsys prints timestamps as Brasília wall-clock time without a zone. Brasília has had a fixed
 * UTC−03:00 offset since daylight saving ended in 2019, so a constant offset is exact.
 */
const BRASILIA_OFFSET_MS = 3 * 60 * 60 * 1000;

/** "YYYY-MM-DD HH:MM:SS" in Brasília time. */
export function brasiliaTimestamp(instant: Date): string {
  return new Date(instant.getTime() - BRASILIA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** "YYYY-MM-DD" in Brasília time. */
export function brasiliaDate(instant: Date): string {
  return brasiliaTimestamp(instant).slice(0, 10);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export function isDateOnly(value: unknown): value is string {
  return typeof value === 'string' && DATE_ONLY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/**
 * The `data_modificacao` filter value as a comparable timestamp: a full timestamp as is, a bare date
 * as its midnight. Anything else is null (the real API ignores what it cannot read).
 */
export function filterTimestamp(value: string): string | null {
  if (TIMESTAMP.test(value)) return value;
  if (DATE_ONLY.test(value)) return `${value} 00:00:00`;
  return null;
}
