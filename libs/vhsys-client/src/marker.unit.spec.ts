import { containsMarker, isOneToken, markerTokens } from './marker';

describe('containsMarker', () => {
  it('finds the marker as a whole token only', () => {
    expect(containsMarker('Venda Guru [gv:tx-123] aprovada', 'gv:tx-123')).toBe(true);
    expect(containsMarker('gv:tx-123', 'gv:tx-123')).toBe(true);
    expect(containsMarker('gv:tx-1234', 'gv:tx-123')).toBe(false);
    expect(containsMarker('xgv:tx-123', 'gv:tx-123')).toBe(false);
    expect(containsMarker('gv:tx-1234 e gv:tx-123.', 'gv:tx-123')).toBe(false);
    expect(containsMarker('gv:tx-1234 e gv:tx-123 ok', 'gv:tx-123')).toBe(true);
    expect(containsMarker('anything', '')).toBe(false);
  });
});

describe('markerTokens', () => {
  it('splits a text into its maximal runs of token characters', () => {
    expect(markerTokens('Guru: guru:tx-1\nVenda [gv:tx-123] ok.')).toEqual(['Guru:', 'guru:tx-1', 'Venda', 'gv:tx-123', 'ok.']);
    expect(markerTokens('')).toEqual([]);
    expect(markerTokens('  ')).toEqual([]);
  });

  it('holds a one-token marker exactly when containsMarker finds it', () => {
    const texts = ['Guru: gv:tx-123', 'gv:tx-1234 e gv:tx-123.', 'gv:tx-1234 e gv:tx-123 ok', 'xgv:tx-123', '[gv:tx-123]', 'gv:tx-12', ''];
    const markers = ['gv:tx-123', 'gv:tx-1234', 'gv:tx-12', 'Guru:'];
    for (const text of texts) {
      for (const marker of markers) {
        expect([text, marker, markerTokens(text).includes(marker)]).toEqual([text, marker, containsMarker(text, marker)]);
      }
    }
  });

  it('tells one-token markers from the others', () => {
    expect(isOneToken('guru:sha256:0a1b')).toBe(true);
    expect(isOneToken('guru:tx 1')).toBe(false);
    expect(isOneToken('guru:tx/1')).toBe(false);
    expect(isOneToken('')).toBe(false);
  });
});
