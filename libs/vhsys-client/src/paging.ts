/**
 * Vhsys list paging. From a real capture: `total_count` = rows in this page, `total` = all matching
 * rows, `limit_max` = 250. There is no `page` field.
 */
export interface Paging {
  totalCount: number;
  total: number;
  offset: number;
  limit: number;
  limitMax: number;
}

export interface ListResult<T> {
  rows: T[];
  paging: Paging;
}

export const VHSYS_LIMIT_MAX = 250;

export interface PageRequest {
  /** 1–250; larger values are capped by Vhsys. */
  limit?: number;
  offset?: number;
}

function int(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

/** Reads `paging`; sub-resource lists have none, so it is derived from the rows then. */
export function readPaging(raw: unknown, rowCount: number, asked: PageRequest): Paging {
  const p = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    totalCount: int(p.total_count, rowCount),
    total: int(p.total, (asked.offset ?? 0) + rowCount),
    offset: int(p.offset, asked.offset ?? 0),
    limit: int(p.limit, asked.limit ?? 0),
    limitMax: int(p.limit_max, VHSYS_LIMIT_MAX),
  };
}

/** The paging of an empty answer (Vhsys answers 403 "Nenhum … encontrado!" instead of []). */
export function emptyPaging(asked: PageRequest): Paging {
  return { totalCount: 0, total: 0, offset: asked.offset ?? 0, limit: asked.limit ?? 0, limitMax: VHSYS_LIMIT_MAX };
}

/** Stop when a page came back short or the offset passed the total (rigel's and CRM-MFD's rule). */
export function isLastPage(paging: Paging, rowCount: number, pageSize: number): boolean {
  return rowCount < pageSize || paging.offset + rowCount >= paging.total;
}
