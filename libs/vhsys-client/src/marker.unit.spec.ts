import { containsMarker } from './marker';

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
