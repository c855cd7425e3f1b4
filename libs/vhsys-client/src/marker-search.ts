import { isLastPage, ListResult, PageRequest, VHSYS_LIMIT_MAX } from './paging';

/**
 * Searching a Vhsys list for the row that carries a marker, resumably and without skipping rows.
 *
 * Vhsys has no marker filter and no keyset paging: a list can be narrowed to `data_modificacao ≥`
 * a time and `lixeira=Nao`, ordered by its primary key (`order=id_ped&sort=Asc`, the one order
 * found reliable) and read 250 rows at a time by `offset`. Plain offset paging loses rows: when a
 * row before the offset leaves the list between two pages (moved to the lixeira), every later row
 * moves up one place and the row at the page boundary is never read. So here:
 *
 * - consecutive pages overlap by one row (the next page starts at the last row read), and a page
 *   is only used when its smallest key is at or below `lastKey`, the highest key examined: then no
 *   unread row can sit before it. Otherwise rows left the list before the offset, and the search
 *   steps back a page and reads again;
 * - rows with keys up to `lastKey` were examined already and are skipped (this also drops a row
 *   Vhsys repeats within a page);
 * - so every row that stays in the list and has a key up to `lastKey` has been examined, the first
 *   match is the oldest, and the search stops there. Rows that enter the list while it runs (an
 *   old order modified now) may be missed; the marked row is in the list from its write on.
 *
 * A call reads at most `pageBudget` pages and, when they run out, says where it stopped; the next
 * call resumes from there, however many rows were changed, added or removed in between.
 */

/** Where a marker search stopped; plain JSON, so it can be stored and resumed from later. */
export interface MarkerSearchPosition {
  /** Offset of the next page to read. */
  offset: number;
  /** The highest key examined (null before the first page). */
  lastKey: number | null;
}

export type MarkerSearchResult<T> =
  /** `row` is the oldest row carrying the marker. */
  | { outcome: 'found'; row: T; pagesRead: number }
  /** The whole list was read and no row carries the marker. */
  | { outcome: 'absent'; pagesRead: number }
  /** The page budget ran out first: search again with `resumeFrom`. */
  | { outcome: 'unfinished'; resumeFrom: MarkerSearchPosition; pagesRead: number };

/** The list being searched, ordered by `keyOf` ascending (the primary key). */
export interface MarkerSearchList<T> {
  fetchPage(page: Required<PageRequest>): Promise<ListResult<T>>;
  keyOf(row: T): number;
  matches(row: T): boolean;
}

const START: MarkerSearchPosition = { offset: 0, lastKey: null };

/** True for a value that is a position (read back from storage, where anything may be). */
export function isMarkerSearchPosition(value: unknown): value is MarkerSearchPosition {
  if (!value || typeof value !== 'object') return false;
  const { offset, lastKey } = value as Record<string, unknown>;
  return Number.isSafeInteger(offset) && (offset as number) >= 0 && (lastKey === null || Number.isSafeInteger(lastKey));
}

/** Reads up to `pageBudget` pages of `list` from `from` (the start when null). */
export async function searchList<T>(list: MarkerSearchList<T>, from: MarkerSearchPosition | null, pageBudget: number): Promise<MarkerSearchResult<T>> {
  if (!Number.isSafeInteger(pageBudget) || pageBudget < 1) throw new RangeError(`pageBudget must be a positive integer, not ${pageBudget}`);
  let { offset, lastKey } = from ?? START;
  for (let pagesRead = 1; pagesRead <= pageBudget; pagesRead += 1) {
    const { rows, paging } = await list.fetchPage({ limit: VHSYS_LIMIT_MAX, offset });
    const keys = rows.map((row) => list.keyOf(row));
    if (offset > 0 && (rows.length === 0 || Math.min(...keys) > (lastKey ?? -Infinity))) {
      // Rows before `offset` left the list since the last page: unread rows may now sit in front
      // of this one. Step back a page (keeping the one-row overlap) and read again.
      offset = Math.max(0, offset - (VHSYS_LIMIT_MAX - 1));
      continue;
    }
    const unseen = rows.filter((_, i) => lastKey === null || keys[i]! > lastKey);
    const match = unseen.filter((row) => list.matches(row)).sort((a, b) => list.keyOf(a) - list.keyOf(b))[0];
    if (match !== undefined) return { outcome: 'found', row: match, pagesRead };
    if (rows.length === 0 || isLastPage(paging, rows.length, VHSYS_LIMIT_MAX)) return { outcome: 'absent', pagesRead };
    lastKey = Math.max(lastKey ?? -Infinity, ...keys);
    offset += rows.length - 1;
  }
  return { outcome: 'unfinished', resumeFrom: { offset, lastKey }, pagesRead: pageBudget };
}

/** The same result with the found row mapped (e.g. to a caller's own record type). */
export function mapMarkerSearchResult<T, U>(result: MarkerSearchResult<T>, map: (row: T) => U): MarkerSearchResult<U> {
  return result.outcome === 'found' ? { outcome: 'found', row: map(result.row), pagesRead: result.pagesRead } : result;
}
