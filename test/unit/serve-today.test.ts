import { describe, expect, it } from 'vitest';
import { shiftedClock } from '../../src/cli/serve.js';

describe('serve --today: a clock that starts on the given date and keeps ticking', () => {
  it('starts on the date, keeps the time of day and ticks', async () => {
    const clock = shiftedClock('2026-11-22');
    const a = clock();
    expect(a.toISOString().slice(0, 10)).toBe('2026-11-22');
    const real = new Date();
    expect(a.getUTCHours()).toBe(real.getUTCHours());
    await new Promise((r) => setTimeout(r, 20));
    expect(clock().getTime()).toBeGreaterThan(a.getTime());
  });

  it('without --today it is the real clock', () => {
    expect(Math.abs(shiftedClock(undefined)().getTime() - Date.now())).toBeLessThan(1000);
  });

  it.each(['2026-02-30', '22-11-2026', 'morgen', '2026-13-01'])('refuses %s with a Dutch message', (d) => {
    expect(() => shiftedClock(d)).toThrow(/bestaande datum JJJJ-MM-DD/);
  });
});
