import type { AccountQuirks } from '../state/account-quirks';
import type { SimNao } from '../state/records';
import { filterTimestamp } from '../wire/brasilia-time';
import type { ApiReply } from './api-context';
import { refused, successList } from './replies';

type Row = Record<string, unknown>;

/** `limit_max` of every list; larger limits are capped. */
export const LIMIT_MAX = 250;

/**
 * Orders, pages and wraps rendered rows like Vhsys lists do: `paging.total_count` is the rows in this
 * page, `total` all matching rows, `limit` what was asked (0 when absent, as in the spec example), and
 * an empty page is a 403 "Nenhum … encontrado!" rather than an empty array.
 */
export function listPage(rows: Row[], query: URLSearchParams, emptyMessage: string): ApiReply {
  const ordered = applyOrder(rows, query);
  const askedLimit = Number.parseInt(query.get('limit') ?? '', 10);
  const limit = Number.isFinite(askedLimit) && askedLimit > 0 ? Math.min(askedLimit, LIMIT_MAX) : 0;
  const askedOffset = Number.parseInt(query.get('offset') ?? '', 10);
  const offset = Number.isFinite(askedOffset) && askedOffset > 0 ? askedOffset : 0;
  const page = ordered.slice(offset, offset + (limit || LIMIT_MAX));
  if (page.length === 0) return refused(emptyMessage);
  return successList(page, { total_count: page.length, total: rows.length, offset, limit, limit_max: LIMIT_MAX });
}

function applyOrder(rows: Row[], query: URLSearchParams): Row[] {
  const field = query.get('order');
  if (!field || rows.length === 0 || !(field in rows[0])) return rows;
  const descending = (query.get('sort') ?? 'Asc').toLowerCase() === 'desc';
  const sorted = [...rows].sort((a, b) => compareValues(a[field], b[field]));
  return descending ? sorted.reverse() : sorted;
}

function compareValues(a: unknown, b: unknown): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/** `lixeira=Sim|Nao` filters; absent, soft-deleted rows are included unless the quirk says otherwise. */
export function lixeiraMatches(value: SimNao, query: URLSearchParams, quirks: AccountQuirks): boolean {
  const wanted = query.get('lixeira');
  if (wanted === 'Sim' || wanted === 'Nao') return value === wanted;
  return quirks.listsIncludeLixeira || value === 'Nao';
}

/** `data_<x>=…` means "on or after" (a bare date counts from midnight); unreadable values are ignored. */
export function onOrAfter(timestamp: string, query: URLSearchParams, param: string): boolean {
  const raw = query.get(param);
  if (!raw) return true;
  const since = filterTimestamp(raw);
  return since === null || timestamp >= since;
}

export function containsIgnoringCase(haystack: string, needle: string | null): boolean {
  return needle === null || needle === '' || haystack.toLowerCase().includes(needle.toLowerCase());
}

/** Path ids are numbers; anything else resolves to nothing. */
export function pathId(value: string | undefined): number | null {
  if (!value || !/^\d+$/.test(value)) return null;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : null;
}
