import { normaliseFaultConfig } from './fault-config';
import { FaultPicker } from './fault-picker';
import { RateLimitWindow } from './rate-limit-window';

describe('fault config', () => {
  it('fills defaults and rejects typos and impossible rates', () => {
    expect(normaliseFaultConfig({ rates: { serverError: 0.5 } })).toMatchObject({ rates: { serverError: 0.5, reset: 0 }, rateLimitPerWindow: 10000 });
    expect(() => normaliseFaultConfig({ rates: { servererror: 1 } } as never)).toThrow('unknown fault kind "servererror"');
    expect(() => normaliseFaultConfig({ latency: 5 } as never)).toThrow('unknown fault option "latency"');
    expect(() => normaliseFaultConfig({ rates: { serverError: 0.6, reset: 0.6 } })).toThrow('sum to at most 1');
  });
});

describe('FaultPicker', () => {
  it('is deterministic for a seed', () => {
    const config = normaliseFaultConfig({ seed: 42, rates: { serverError: 0.3, reset: 0.3 } });
    const draw = () => {
      const picker = new FaultPicker(config);
      return Array.from({ length: 50 }, () => picker.pick('GET', '/pedidos'));
    };
    const first = draw();
    expect(draw()).toEqual(first);
    expect(first.filter((f) => f === 'serverError').length).toBeGreaterThan(5);
    expect(first.filter((f) => f === null).length).toBeGreaterThan(5);
  });
  it('only injects into matching requests', () => {
    const picker = new FaultPicker(normaliseFaultConfig({ rates: { responseLost: 1 }, match: { methods: ['POST'], routes: ['/pedidos'] } }));
    expect(picker.pick('GET', '/pedidos')).toBeNull();
    expect(picker.pick('POST', '/pedidos/{id_ped}/produtos')).toBeNull();
    expect(picker.pick('POST', '/pedidos')).toBe('responseLost');
  });
});

describe('RateLimitWindow', () => {
  it('counts down and asks to wait until the window ends', () => {
    const window = new RateLimitWindow();
    expect(window.take(1000, 2, 60_000)).toEqual({ limit: 2, remaining: 1, retryAfterSeconds: null });
    expect(window.take(2000, 2, 60_000)).toEqual({ limit: 2, remaining: 0, retryAfterSeconds: null });
    expect(window.take(31_000, 2, 60_000)).toEqual({ limit: 2, remaining: 0, retryAfterSeconds: 30 });
    expect(window.take(61_000, 2, 60_000)).toEqual({ limit: 2, remaining: 1, retryAfterSeconds: null });
  });
});
