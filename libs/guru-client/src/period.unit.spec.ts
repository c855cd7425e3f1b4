import fc from 'fast-check';
import { brasiliaDayStart, formatZonedInstant, GuruFilterError, parseZonedInstant, periodToGuruDays, splitPeriod } from './period';

const DAY = 86_400_000;

describe('parseZonedInstant', () => {
  it('reads the instant and the zone as written', () => {
    expect(parseZonedInstant('2026-01-01T00:00:00-03:00', 'from')).toEqual({ epochMs: Date.parse('2026-01-01T03:00:00Z'), zone: '-03:00', offsetMinutes: -180 });
    expect(parseZonedInstant('2026-01-01T10:20:30.5Z', 'from')).toEqual({ epochMs: Date.parse('2026-01-01T10:20:30.500Z'), zone: 'Z', offsetMinutes: 0 });
    expect(parseZonedInstant('2026-01-01T05:30:00+05:30', 'from').epochMs).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('refuses a time without a zone, an impossible date and one outside 2000–2100, naming the field', () => {
    expect(() => parseZonedInstant('2026-01-01T00:00:00', 'period.from')).toThrow('period.from: expected an ISO 8601 date-time with a time zone (Z or ±HH:MM)');
    expect(() => parseZonedInstant('2026-01-01', 'period.to')).toThrow(GuruFilterError);
    expect(() => parseZonedInstant('2026-02-30T00:00:00Z', 'period.to')).toThrow('period.to: 2026-02-30T00:00:00Z is not a real date-time');
    expect(() => parseZonedInstant('1999-12-31T23:59:59Z', 'period.to')).toThrow('outside 2000-01-01 to 2100-01-01');
    expect(() => parseZonedInstant('2026-01-01T00:00:00+15:00', 'period.to')).toThrow('time zone +15:00 does not exist');
    expect(() => parseZonedInstant(20260101, 'period.to')).toThrow('period.to: expected an ISO 8601 date-time');
  });
});

describe('formatZonedInstant', () => {
  it('writes the instant in the given zone, milliseconds only when there are some', () => {
    expect(formatZonedInstant(Date.parse('2026-01-01T03:00:00Z'), '-03:00', -180)).toBe('2026-01-01T00:00:00-03:00');
    expect(formatZonedInstant(Date.parse('2026-01-01T03:00:00.007Z'), 'Z', 0)).toBe('2026-01-01T03:00:00.007Z');
  });
});

describe('splitPeriod', () => {
  it('splits a year of Brasília days into 180-day windows', () => {
    expect(splitPeriod('2026-01-01T00:00:00-03:00', '2027-01-01T00:00:00-03:00')).toEqual([
      { from: '2026-01-01T00:00:00-03:00', to: '2026-06-30T00:00:00-03:00' },
      { from: '2026-06-30T00:00:00-03:00', to: '2026-12-27T00:00:00-03:00' },
      { from: '2026-12-27T00:00:00-03:00', to: '2027-01-01T00:00:00-03:00' },
    ]);
  });

  it('keeps a period of exactly maxDays whole, and returns `to` as given', () => {
    expect(splitPeriod('2026-01-01T00:00:00-03:00', '2026-01-11T03:00:00Z', 10)).toEqual([{ from: '2026-01-01T00:00:00-03:00', to: '2026-01-11T03:00:00Z' }]);
    expect(splitPeriod('2026-01-01T00:00:00Z', '2026-01-03T12:00:00Z', 1)).toEqual([
      { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
      { from: '2026-01-02T00:00:00Z', to: '2026-01-03T00:00:00Z' },
      { from: '2026-01-03T00:00:00Z', to: '2026-01-03T12:00:00Z' },
    ]);
  });

  it('refuses an empty or reversed period and a bad maxDays', () => {
    expect(() => splitPeriod('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z')).toThrow('period.to: 2026-01-01T00:00:00Z must be after period.from 2026-01-02T00:00:00Z');
    expect(() => splitPeriod('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toThrow('must be after');
    expect(() => splitPeriod('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 0)).toThrow('maxDays: expected an integer from 1 to 36600, got 0');
  });

  const zones = fc.constantFrom(['Z', 0], ['-03:00', -180], ['+00:00', 0], ['+05:30', 330], ['-02:00', -120], ['+14:00', 840]);
  const instant = fc.integer({ min: Date.parse('2001-01-01T00:00:00Z'), max: Date.parse('2090-01-01T00:00:00Z') });

  it('covers the period exactly, without gap or overlap, each window at most maxDays, in the start zone', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 3 * 365 * DAY }), zones, zones, fc.integer({ min: 1, max: 200 }), (startMs, lengthMs, [fromZone, fromOffset], [toZone, toOffset], maxDays) => {
        const from = formatZonedInstant(startMs, fromZone as string, fromOffset as number);
        const to = formatZonedInstant(startMs + lengthMs, toZone as string, toOffset as number);
        const windows = splitPeriod(from, to, maxDays);
        expect(windows[0].from).toBe(from);
        expect(windows[windows.length - 1].to).toBe(to);
        let covered = 0;
        windows.forEach((window, i) => {
          const span = Date.parse(window.to) - Date.parse(window.from);
          expect(span).toBeGreaterThan(0);
          expect(span).toBeLessThanOrEqual(maxDays * DAY);
          covered += span;
          if (i > 0) expect(window.from).toBe(windows[i - 1].to);
          if (i > 0) expect(window.from.endsWith(fromZone as string)).toBe(true);
        });
        expect(covered).toBe(lengthMs);
        // Only the last window may be shorter than maxDays: no needless extra request.
        expect(windows.length).toBe(Math.ceil(lengthMs / (maxDays * DAY)));
      }),
      { numRuns: 120 },
    );
  });

  it('gives windows that Guru accepts when the period is made of whole Brasília days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 1, max: 2_000 }), (startDay, days) => {
        const start = new Date(Date.parse('2001-01-01T03:00:00Z') + startDay * DAY).toISOString().slice(0, 10);
        const end = new Date(Date.parse('2001-01-01T03:00:00Z') + (startDay + days) * DAY).toISOString().slice(0, 10);
        const windows = splitPeriod(brasiliaDayStart(start), brasiliaDayStart(end));
        const guruDays = windows.map((w) => periodToGuruDays(w));
        expect(guruDays[0].ini).toBe(start);
        // Consecutive windows: each Guru range starts the day after the previous one ends.
        for (let i = 1; i < guruDays.length; i += 1) {
          expect(Date.parse(guruDays[i].ini) - Date.parse(guruDays[i - 1].end)).toBe(DAY);
        }
        expect(Date.parse(end) - Date.parse(guruDays[guruDays.length - 1].end)).toBe(DAY);
      }),
      { numRuns: 200 },
    );
  });
});

describe('periodToGuruDays', () => {
  it('gives the first and the last (included) Brasília day', () => {
    expect(periodToGuruDays({ from: '2026-01-01T00:00:00-03:00', to: '2026-01-03T00:00:00-03:00' })).toEqual({ ini: '2026-01-01', end: '2026-01-02' });
    // The same instants written in UTC.
    expect(periodToGuruDays({ from: '2026-01-01T03:00:00Z', to: '2026-01-02T03:00:00Z' })).toEqual({ ini: '2026-01-01', end: '2026-01-01' });
    expect(periodToGuruDays({ from: '2026-01-01T00:00:00-03:00', to: '2026-06-30T00:00:00-03:00' })).toEqual({ ini: '2026-01-01', end: '2026-06-29' });
  });

  it('refuses more than 180 days and ends that are not Brasília midnights', () => {
    expect(() => periodToGuruDays({ from: '2026-01-01T00:00:00-03:00', to: '2026-07-01T00:00:00-03:00' })).toThrow(
      "period: 181 days, above Guru's limit of 180 per request (split it with splitPeriod)",
    );
    expect(() => periodToGuruDays({ from: '2026-01-01T00:00:00Z', to: '2026-01-02T03:00:00Z' })).toThrow(
      'period.from: 2026-01-01T00:00:00Z is not a Brasília midnight (00:00 at UTC−03:00); Guru filters whole days',
    );
    expect(() => periodToGuruDays({ from: '2026-01-01T03:00:00Z', to: '2026-01-02T12:00:00-03:00' })).toThrow('period.to: 2026-01-02T12:00:00-03:00 is not a Brasília midnight');
  });
});

describe('brasiliaDayStart', () => {
  it('writes the midnight of the day at UTC−03:00', () => {
    expect(brasiliaDayStart('2026-02-28')).toBe('2026-02-28T00:00:00-03:00');
    expect(() => brasiliaDayStart('2026-02-29')).toThrow('date: 2026-02-29T00:00:00-03:00 is not a real date-time');
  });
});
