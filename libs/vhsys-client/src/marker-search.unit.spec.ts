import fc from 'fast-check';
import { isMarkerSearchPosition, MarkerSearchPosition, MarkerSearchResult, searchList } from './marker-search';

interface Row {
  id: number;
  marked: boolean;
}

/**
 * A Vhsys list in memory, ordered by id, read 250 rows at a time like `GET /pedidos?order=id_ped`.
 * `beforeRead` runs before every page (the n-th read) so a test can change the list mid-search;
 * `reads` keeps the offset of every page asked for.
 */
class PagedList {
  readonly reads: number[] = [];
  beforeRead: (read: number, list: PagedList) => void = () => undefined;

  constructor(public rows: Row[]) {}

  static of(count: number, markedAt: number[] = []): PagedList {
    return new PagedList(Array.from({ length: count }, (_, i) => ({ id: 1000 + i, marked: markedAt.includes(i) })));
  }

  /** Moves the rows at these original indexes (ids 1000 + index) out of the list (to the lixeira). */
  remove(originalIndexes: number[]): void {
    const gone = new Set(originalIndexes.map((i) => 1000 + i));
    this.rows = this.rows.filter((r) => !gone.has(r.id));
  }

  search(from: MarkerSearchPosition | null, pageBudget: number): Promise<MarkerSearchResult<Row>> {
    return searchList({
      fetchPage: async ({ limit, offset }) => {
        this.beforeRead(this.reads.length, this);
        this.reads.push(offset);
        const page = this.rows.slice(offset, offset + limit);
        return { rows: page, paging: { totalCount: page.length, total: this.rows.length, offset, limit, limitMax: 250 } };
      },
      keyOf: (row) => row.id,
      matches: (row) => row.marked,
    }, from, pageBudget);
  }
}

describe('searchList', () => {
  it('reads pages of 250 that overlap by one row and stops at the first match', async () => {
    const list = PagedList.of(1000, [700, 800]);
    expect(await list.search(null, 40)).toEqual({ outcome: 'found', row: { id: 1700, marked: true }, pagesRead: 3 });
    expect(list.reads).toEqual([0, 249, 498]);
  });

  it('answers absent only after the last page', async () => {
    const list = PagedList.of(600);
    expect(await list.search(null, 40)).toEqual({ outcome: 'absent', pagesRead: 3 });
    expect(list.reads).toEqual([0, 249, 498]);
    const empty = PagedList.of(0);
    expect(await empty.search(null, 40)).toEqual({ outcome: 'absent', pagesRead: 1 });
  });

  it('does not miss the marked row when rows before the offset move to the lixeira between two pages', async () => {
    const list = PagedList.of(600, [252]);
    // After page 1 (rows 0–249), five of its rows leave: rows 250–254 move up to 245–249, before
    // the next offset. Page 2 then starts above the last key read, so the search steps back.
    list.beforeRead = (read, l) => (read === 1 ? l.remove([10, 11, 12, 13, 14]) : undefined);
    expect(await list.search(null, 40)).toEqual({ outcome: 'found', row: { id: 1252, marked: true }, pagesRead: 3 });
    expect(list.reads).toEqual([0, 249, 0]);
  });

  it('steps back as far as needed when many rows left, then goes on from the last key read', async () => {
    const list = PagedList.of(2000, [1000]);
    list.beforeRead = (read, l) => (read === 2 ? l.remove(Array.from({ length: 400 }, (_, i) => 50 + i)) : undefined);
    expect(await list.search(null, 40)).toEqual({ outcome: 'found', row: { id: 2000, marked: true }, pagesRead: 7 });
    expect(list.reads).toEqual([0, 249, 498, 249, 0, 249, 498]);
  });

  it('steps back from an empty page past the shrunken end', async () => {
    const list = PagedList.of(300, [280]);
    list.beforeRead = (read, l) => (read === 1 ? l.remove(Array.from({ length: 200 }, (_, i) => i)) : undefined);
    expect(await list.search(null, 40)).toEqual({ outcome: 'found', row: { id: 1280, marked: true }, pagesRead: 3 });
    expect(list.reads).toEqual([0, 249, 0]);
  });

  it('stops after pageBudget pages and resumes where it stopped', async () => {
    const list = PagedList.of(1200, [1100]);
    const first = await list.search(null, 2);
    expect(first).toEqual({ outcome: 'unfinished', resumeFrom: { offset: 498, lastKey: 1498 }, pagesRead: 2 });
    const second = await list.search(first.outcome === 'unfinished' ? first.resumeFrom : null, 2);
    expect(second).toEqual({ outcome: 'unfinished', resumeFrom: { offset: 996, lastKey: 1996 }, pagesRead: 2 });
    const third = await list.search(second.outcome === 'unfinished' ? second.resumeFrom : null, 2);
    expect(third).toEqual({ outcome: 'found', row: { id: 2100, marked: true }, pagesRead: 1 });
    expect(list.reads).toEqual([0, 249, 498, 747, 996]);
  });

  it('refuses a budget that is not a positive integer', async () => {
    await expect(PagedList.of(1).search(null, 0)).rejects.toThrow('pageBudget must be a positive integer, not 0');
  });

  it('recognises a stored position', () => {
    expect(isMarkerSearchPosition({ offset: 498, lastKey: 1498 })).toBe(true);
    expect(isMarkerSearchPosition({ offset: 0, lastKey: null })).toBe(true);
    expect(isMarkerSearchPosition({ offset: -1, lastKey: null })).toBe(false);
    expect(isMarkerSearchPosition({ offset: 1.5, lastKey: 3 })).toBe(false);
    expect(isMarkerSearchPosition({ offset: 3 })).toBe(false);
    expect(isMarkerSearchPosition(null)).toBe(false);
  });

  it('finds the marked row whatever rows leave or join the list between pages and calls (property)', async () => {
    const change = fc.record({
      // Rows leaving: positions in the list as it is then (the marked row never leaves).
      leave: fc.array(fc.nat(), { maxLength: 300 }),
      // Rows joining (an old order modified now): new ids anywhere, never marked.
      join: fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1500 }),
        fc.option(fc.nat(), { nil: null }),
        fc.array(change, { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
        async (count, markedPick, changes, budgets) => {
          const markedIndex = markedPick === null || count === 0 ? null : markedPick % count;
          const list = new PagedList(Array.from({ length: count }, (_, i) => ({ id: 10_000 + i * 3, marked: i === markedIndex })));
          list.beforeRead = (read, l) => {
            const c = changes[read];
            if (!c) return;
            for (const pick of c.leave) {
              if (l.rows.length === 0) break;
              const at = pick % l.rows.length;
              if (!l.rows[at]!.marked) l.rows.splice(at, 1);
            }
            const byId = new Map(l.rows.map((r) => [r.id, r]));
            for (const id of c.join) if (!byId.has(id * 3 + 2)) byId.set(id * 3 + 2, { id: id * 3 + 2, marked: false });
            l.rows = [...byId.values()].sort((a, b) => a.id - b.id);
          };
          // The search runs as a chain of calls with small budgets, each resuming the last.
          let result: MarkerSearchResult<Row> = await list.search(null, budgets[0]!);
          for (let call = 1; result.outcome === 'unfinished'; call += 1) {
            if (call > 1000) throw new Error('the search does not end');
            result = await list.search(result.resumeFrom, budgets[call % budgets.length]!);
          }
          if (markedIndex === null) expect(result.outcome).toBe('absent');
          else expect(result).toMatchObject({ outcome: 'found', row: { id: 10_000 + markedIndex * 3 } });
        },
      ),
      { numRuns: 300 },
    );
  });
});
