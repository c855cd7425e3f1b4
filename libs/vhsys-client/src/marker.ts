/**
 * Markers are how an unknown write outcome is resolved: the dispatcher writes one into
 * `referencia_pedido` / `obs_pedido` (and `obs_pedido` of notas), then searches for it. Matching is
 * exact on `referencia_pedido` and token-bounded inside free text, so "gv:12" never matches "gv:123".
 */
const TOKEN_CHAR = /[A-Za-z0-9_\-:.#]/;

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
