/**
 * Calendar dates (dates.ts): ISO YYYY-MM-DD without time zone, as iJw dates are calendar dates
 * (DESIGN.md "Dates as calendar dates (no time zone) per iJw").
 */
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, ageOn, daysBetween, dutchDate, isCalendarDate, maxDate, minDate } from '../../src/domain/dates.js';

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2027-01-01', '1999-12-31'])('%s is a calendar date', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '2024-1-01', '2024-01-01T00:00', '01-01-2024', ''])('%j is not', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );
});

describe('addDays / daysBetween', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2024-01-01', 0)).toBe('2024-01-01');
  });
  it('is not shifted by daylight saving time (last Sunday of March / October)', () => {
    expect(addDays('2024-03-30', 1)).toBe('2024-03-31');
    expect(addDays('2024-03-31', 1)).toBe('2024-04-01');
    expect(addDays('2024-10-27', 1)).toBe('2024-10-28');
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysBetween('2024-10-26', '2024-10-28')).toBe(2);
  });
  it('daysBetween counts days, negative backwards, 366 in a leap year', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2025-01-10', '2025-01-01')).toBe(-9);
  });
  it('addDays and daysBetween are inverse', () => {
    for (const n of [-400, -1, 0, 1, 59, 365, 1000]) expect(daysBetween('2024-02-29', addDays('2024-02-29', n))).toBe(n);
  });
  it('rejects what is not a calendar date', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow('not a calendar date: 2024-02-30');
    expect(() => daysBetween('2024-01-01', 'morgen')).toThrow(/not a calendar date/);
  });
});

describe('addMonths / addYears (contract terms, seed 003 §5.3.1 "vijf jaar met twee verlengingsopties van één jaar")', () => {
  it('clips the day to the target month: 31 Jan + 1 month = 28/29 Feb', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-03-31', 1)).toBe('2024-04-30');
  });
  it('handles negative months and year boundaries', () => {
    expect(addMonths('2024-01-31', -2)).toBe('2023-11-30');
    expect(addMonths('2024-01-15', -1)).toBe('2023-12-15');
    expect(addMonths('2024-11-15', 2)).toBe('2025-01-15');
    expect(addMonths('2024-05-15', -17)).toBe('2022-12-15');
  });
  it('a 5-year contract from 1 Jan 2027 ends 31 Dec 2031; each extension adds a year', () => {
    const end = addDays(addYears('2027-01-01', 5), -1);
    expect(end).toBe('2031-12-31');
    expect(addDays(addYears(addDays(end, 1), 1), -1)).toBe('2032-12-31');
  });
  it('29 Feb + 1 year = 28 Feb; + 4 years = 29 Feb', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
  });
  it('addMonths rejects a non-calendar date like addDays does', () => {
    expect(() => addMonths('2024-02-30', 1)).toThrow(/not a calendar date/);
  });
});

describe('ageOn (seed 003 §3.1.3: "Zodra een jeugdige 16 jaar wordt"; 18-/18+ signals)', () => {
  it('a youth turns 16 on the birthday, not the day before', () => {
    expect(ageOn('2010-05-15', '2026-05-14')).toBe(15);
    expect(ageOn('2010-05-15', '2026-05-15')).toBe(16);
  });
  it('counts whole years across month boundaries', () => {
    expect(ageOn('2008-12-31', '2026-12-30')).toBe(17);
    expect(ageOn('2008-12-31', '2026-12-31')).toBe(18);
    expect(ageOn('2008-01-01', '2026-06-30')).toBe(18);
    expect(ageOn('2026-06-30', '2026-06-30')).toBe(0);
  });
  it('born on 29 February: not yet a year older on 28 February of a common year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('dutchDate (the calendar date in Europe/Amsterdam)', () => {
  it('summer time: 22:30 UTC on 30 June is 1 July in the Netherlands', () => {
    expect(dutchDate(new Date('2024-06-30T22:30:00Z'))).toBe('2024-07-01');
    expect(dutchDate(new Date('2024-06-30T21:59:59Z'))).toBe('2024-06-30');
  });
  it('winter time: New Year starts at 23:00 UTC', () => {
    expect(dutchDate(new Date('2024-12-31T22:59:59Z'))).toBe('2024-12-31');
    expect(dutchDate(new Date('2024-12-31T23:00:00Z'))).toBe('2025-01-01');
  });
});

describe('minDate / maxDate', () => {
  it('compare ISO dates', () => {
    expect(minDate('2026-12-31', '2027-01-01')).toBe('2026-12-31');
    expect(maxDate('2026-12-31', '2027-01-01')).toBe('2027-01-01');
    expect(minDate('2026-01-01', '2026-01-01')).toBe('2026-01-01');
  });
});
