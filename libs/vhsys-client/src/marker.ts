/**
 * Markers are how an unknown write outcome is resolved: the dispatcher writes one into
 * `referencia_pedido` / `obs_pedido` (and `obs_pedido` of notas), then searches for it. Matching is
 * exact on `referencia_pedido` and token-bounded inside free text, so "gv:12" never matches "gv:123".
 */
const TOKEN_CHAR = /[A-Za-z0-9_\-:.#]/;
const NON_TOKEN_RUN = /[^A-Za-z0-9_\-:.#]+/;
const ONE_TOKEN = /^[A-Za-z0-9_\-:.#]+$/;

export function containsMarker(text: string, marker: string): boolean {
  if (marker === '') return false;
  let from = 0;
  for (;;) {
    const at = text.indexOf(marker, from);
    if (at === -1) return false;
    const before = at === 0 ? '' : text[at - 1];
    const after = text[at + marker.length] ?? '';
    if (!TOKEN_CHAR.test(before) && !TOKEN_CHAR.test(after)) return true;
    from = at + 1;
  }
}

/**
 * The maximal runs of token characters in `text`. For a marker that is one token
 * (`isOneToken`), `containsMarker(text, marker)` holds exactly when the marker is one of these:
 * how a caller indexes many texts by marker instead of scanning each text for each marker.
 */
export function markerTokens(text: string): string[] {
  return text.split(NON_TOKEN_RUN).filter((t) => t !== '');
}

/** Whether the marker is made of token characters only (then `markerTokens` can find it). */
export function isOneToken(marker: string): boolean {
  return ONE_TOKEN.test(marker);
}
