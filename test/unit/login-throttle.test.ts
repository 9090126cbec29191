/**
 * Login throttling rule (issue #10 "Trust", item 4: "after 5 failures for one account from one
 * address within 15 minutes: 429 with Retry-After, the delay doubling up to 15 minutes; after 100
 * failures from one address in 15 minutes, that address is throttled for every account").
 * Expected values are hand-calculated from those numbers (first wait 60 s).
 */
import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../../src/domain/access/login-throttle.js';

const T = Date.UTC(2026, 10, 22, 12, 0, 0);
const times = (n: number, lastAt = T, step = 1000) => Array.from({ length: n }, (_, i) => lastAt - (n - 1 - i) * step);

describe('login throttle', () => {
  it('4 failures: no wait', () => {
    expect(retryAfterSeconds({ account: times(4), address: times(4) }, T)).toBeNull();
  });
  it('5 failures: 60 s from the last one', () => {
    expect(retryAfterSeconds({ account: times(5), address: times(5) }, T)).toBe(60);
    expect(retryAfterSeconds({ account: times(5), address: times(5) }, T + 45_000)).toBe(15);
    expect(retryAfterSeconds({ account: times(5), address: times(5) }, T + 60_000)).toBeNull();
  });
  it('the wait doubles: 6 failures 120 s, 7 failures 240 s, 9 failures 960 s capped at 900 s', () => {
    expect(retryAfterSeconds({ account: times(6), address: times(6) }, T)).toBe(120);
    expect(retryAfterSeconds({ account: times(7), address: times(7) }, T)).toBe(240);
    expect(retryAfterSeconds({ account: times(9), address: times(9) }, T)).toBe(900);
    expect(retryAfterSeconds({ account: times(30), address: times(30) }, T)).toBe(900);
  });
  it('failures older than 15 minutes do not count', () => {
    const old = times(5, T - 15 * 60_000);
    expect(retryAfterSeconds({ account: old, address: old }, T)).toBeNull();
  });
  it('100 failures from one address (other accounts): the address waits until the 100th latest leaves the window', () => {
    // 100 failures one second apart, the last at T: the oldest at T - 99 s leaves the window at T - 99 s + 15 min.
    expect(retryAfterSeconds({ account: [], address: times(100) }, T)).toBe(15 * 60 - 99);
    expect(retryAfterSeconds({ account: [], address: times(99) }, T)).toBeNull();
  });
});
