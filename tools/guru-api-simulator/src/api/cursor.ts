/**
 * Opaque cursors: base64url of the position in the listing's order, (ordered_at, id), and the
 * direction. Filters are not in the cursor: as with Guru (and Laravel's cursor paginator), the
 * client sends the same filters with every page.
 */
export interface CursorPosition {
  /** 'next': rows after the position; 'previous': rows before it. */
  direction: 'next' | 'previous';
  /** `dates.ordered_at` of the row, epoch milliseconds. */
  orderedAtMs: number;
  id: string;
}

const MAX_CURSOR_LENGTH = 1024;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ d: position.direction === 'next' ? 'n' : 'p', o: position.orderedAtMs, i: position.id }), 'utf8').toString('base64url');
}

/** The position, or null for anything that is not one of our cursors. */
export function decodeCursor(text: string): CursorPosition | null {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { d, o, i } = parsed as { d?: unknown; o?: unknown; i?: unknown };
  if ((d !== 'n' && d !== 'p') || typeof o !== 'number' || !Number.isSafeInteger(o) || typeof i !== 'string' || i.length === 0 || i.length > 191) return null;
  return { direction: d === 'n' ? 'next' : 'previous', orderedAtMs: o, id: i };
}
