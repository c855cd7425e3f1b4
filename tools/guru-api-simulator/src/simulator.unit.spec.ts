import { decodeCursor, encodeCursor } from './api/cursor';
import { QueryRefusal, readListQuery } from './api/list-query';
import { toRestForm } from './api/rest-form';
import { normaliseFaultConfig } from './faults/fault-config';
import { FaultPicker } from './faults/fault-picker';
import { RateLimitWindow } from './faults/rate-limit-window';

function refusal(query: string): [string, string] {
  try {
    readListQuery(new URLSearchParams(query));
  } catch (error) {
    if (error instanceof QueryRefusal) return [error.parameter, error.message];
    throw error;
  }
  throw new Error('accepted');
}

describe('readListQuery', () => {
  it('reads ranges, filters (name[] and comma lists), page size and cursor', () => {
    const cursor = encodeCursor({ direction: 'next', orderedAtMs: 1767236400000, id: 't-1' });
    expect(readListQuery(new URLSearchParams(`confirmed_at_ini=2026-01-01&confirmed_at_end=2026-06-29&transaction_status[]=approved&transaction_status[]=completed&payment_types=pix,billet&product_id=P1&per_page=100&cursor=${cursor}`))).toEqual({
      ranges: [{ field: 'confirmed_at', ini: '2026-01-01', end: '2026-06-29' }],
      contactId: null, invoiceId: null, subscriptionId: null, productId: 'P1',
      statuses: ['approved', 'completed'], paymentTypes: ['pix', 'billet'], marketplaces: null,
      perPage: 100, cursor: { direction: 'next', orderedAtMs: 1767236400000, id: 't-1' },
    });
    expect(readListQuery(new URLSearchParams('subscription_id=sub_1'))).toMatchObject({ ranges: [], subscriptionId: 'sub_1', perPage: 50 });
  });

  it('refuses with the parameter Guru would name', () => {
    expect(refusal('product_id=1')).toEqual(['ordered_at_ini', expect.stringMatching(/^A date range is required: ordered_at_ini and ordered_at_end/)]);
    expect(refusal('ordered_at_ini=2026-01-01')).toEqual(['ordered_at_end', 'The ordered_at_end field is required when ordered_at_ini is present.']);
    expect(refusal('cancelled_at_ini=2026-01-01&cancelled_at_end=2026-06-30')).toEqual(['cancelled_at_end', 'The range from cancelled_at_ini to cancelled_at_end must not exceed 180 days (got 181, both days included).']);
    expect(refusal('ordered_at_ini=2026-02-30&ordered_at_end=2026-03-01')).toEqual(['ordered_at_ini', 'The ordered_at_ini field must match the format Y-m-d.']);
    expect(refusal('ordered_at_ini=2026-03-02&ordered_at_end=2026-03-01')).toEqual(['ordered_at_end', 'The ordered_at_end field must be a date after or equal to ordered_at_ini.']);
    expect(refusal('contact_id=c&per_page=101')).toEqual(['per_page', 'The per_page field must be an integer between 1 and 100.']);
    expect(refusal('contact_id=c&per_page=0')).toEqual(['per_page', 'The per_page field must be an integer between 1 and 100.']);
    expect(refusal('contact_id=c&cursor=abc')).toEqual(['cursor', 'The cursor is invalid.']);
  });
});

describe('cursor', () => {
  it('round-trips and refuses anything else', () => {
    const position = { direction: 'previous' as const, orderedAtMs: 1767236400000, id: 'a b' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor(Buffer.from('{"d":"x","o":1,"i":"a"}').toString('base64url'))).toBeNull();
    expect(decodeCursor('a/b')).toBeNull();
  });
});

describe('toRestForm', () => {
  it('gives dates in Unix seconds and the tracking block as trackings', () => {
    expect(toRestForm({ id: 't', dates: { ordered_at: '2026-03-01T12:00:00Z', canceled_at: null }, subscription: { started_at: '2026-03-01T12:00:00Z', name: 'x' }, source: { utm_source: 'ig' } })).toEqual({
      id: 't', dates: { ordered_at: 1772366400, canceled_at: null }, subscription: { started_at: 1772366400, name: 'x' }, trackings: { utm_source: 'ig' },
    });
  });
});

describe('RateLimitWindow', () => {
  it('counts down, refuses until the window ends, then refills', () => {
    const window = new RateLimitWindow();
    const settings = { limit: 2, windowMs: 60_000 };
    expect(window.take(1_000, settings)).toEqual({ limit: 2, remaining: 1, resetAtSeconds: 61, retryAfterSeconds: null });
    expect(window.take(2_000, settings)).toEqual({ limit: 2, remaining: 0, resetAtSeconds: 61, retryAfterSeconds: null });
    expect(window.take(30_500, settings)).toEqual({ limit: 2, remaining: 0, resetAtSeconds: 61, retryAfterSeconds: 31 });
    expect(window.take(30_600, settings, false)).toEqual({ limit: 2, remaining: 0, resetAtSeconds: 61, retryAfterSeconds: null });
    expect(window.take(61_000, settings)).toEqual({ limit: 2, remaining: 1, resetAtSeconds: 121, retryAfterSeconds: null });
  });
});

describe('faults', () => {
  it('plays the script first, then the seeded rates; refuses typos', () => {
    const picker = new FaultPicker();
    picker.replace(normaliseFaultConfig({ script: ['reset', 'serverError'], rates: { responseLost: 1 } }));
    expect([picker.pick(), picker.pick(), picker.pick()]).toEqual(['reset', 'serverError', 'responseLost']);
    const draws = (seed: number) => {
      const p = new FaultPicker();
      p.replace(normaliseFaultConfig({ seed, rates: { serverError: 0.5 } }));
      return Array.from({ length: 40 }, () => p.pick());
    };
    expect(draws(9)).toEqual(draws(9));
    expect(draws(9).filter((f) => f === 'serverError').length).toBeGreaterThan(5);
    expect(() => normaliseFaultConfig({ rates: { hang: 1 } } as never)).toThrow('unknown fault kind "hang"');
    expect(() => normaliseFaultConfig({ script: ['boom'] } as never)).toThrow('faults.script[0]: unknown fault kind "boom"');
    expect(() => normaliseFaultConfig({ latency: 5 } as never)).toThrow('unknown fault option "latency"');
  });
});
