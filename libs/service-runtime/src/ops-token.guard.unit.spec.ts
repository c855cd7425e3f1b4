import { opsTokenAccepts } from './ops-token.guard';

describe('opsTokenAccepts', () => {
  it('wants exactly Bearer <OPS_HTTP_TOKEN> when a token is configured', () => {
    const token = 'ops-token-0123456789';
    expect(opsTokenAccepts(token, `Bearer ${token}`)).toBe(true);
    expect([undefined, '', token, `bearer ${token}`, `Bearer ${token}x`, `Bearer ${token.slice(1)}`, 'Bearer '].map((h) => opsTokenAccepts(token, h))).toEqual([
      false, false, false, false, false, false, false,
    ]);
  });

  it('lets everyone through without a token (the server is then bound to loopback)', () => {
    expect(opsTokenAccepts(null, undefined)).toBe(true);
  });
});
