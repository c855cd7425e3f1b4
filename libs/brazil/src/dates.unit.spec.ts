import { addMonthsClamped, BRASILIA_UTC_OFFSET, daysInMonth, monthlyDueDates, toBrasiliaDate, toBrasiliaDateTime } from './dates';

describe('Brasília dates (fixed UTC−03:00)', () => {
  it('uses the fixed offset', () => {
    expect(BRASILIA_UTC_OFFSET).toBe('-03:00');
  });

  it('turns instants into Brasília calendar dates', () => {
    expect(toBrasiliaDate('2026-03-10T14:03:00Z')).toBe('2026-03-10');
    expect(toBrasiliaDate('2026-03-11T02:59:59Z')).toBe('2026-03-10');
    expect(toBrasiliaDate('2026-03-11T03:00:00Z')).toBe('2026-03-11');
    expect(toBrasiliaDate('2024-03-01T02:30:00Z')).toBe('2024-02-29');
    expect(toBrasiliaDate('2026-01-01T01:00:00Z')).toBe('2025-12-31');
    expect(toBrasiliaDate(new Date('2026-03-10T23:00:00-03:00'))).toBe('2026-03-10');
    expect(toBrasiliaDateTime('2026-03-10T14:03:09Z')).toBe('2026-03-10 11:03:09');
  });

  it('rejects invalid instants', () => {
    expect(() => toBrasiliaDate('yesterday')).toThrow('invalid instant');
  });
});

describe('monthly due dates', () => {
  it('clamps to the end of shorter months', () => {
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonthsClamped('2024-03-31', 1)).toBe('2024-04-30');
    expect(addMonthsClamped('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonthsClamped('2026-03-10', 0)).toBe('2026-03-10');
    expect(addMonthsClamped('2026-03-10', -3)).toBe('2025-12-10');
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('computes every date from the first one, so the 31st comes back in long months', () => {
    expect(monthlyDueDates('2026-01-31', 6)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    expect(monthlyDueDates('2027-11-30', 4)).toEqual(['2027-11-30', '2027-12-30', '2028-01-30', '2028-02-29']);
  });

  it('rejects bad input', () => {
    expect(() => addMonthsClamped('2026-02-30', 1)).toThrow('invalid date');
    expect(() => addMonthsClamped('10/03/2026', 1)).toThrow('expected YYYY-MM-DD');
    expect(() => monthlyDueDates('2026-01-01', 0)).toThrow('positive');
  });
});
