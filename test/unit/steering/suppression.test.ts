/**
 * Small-cell suppression of the public results page (issue #12: "cells with n below the profile's
 * minimum are suppressed, also when differences of published totals would reveal them").
 */
import { describe, expect, it } from 'vitest';
import { revealsSmallCell, suppressGroup, type Cell } from '../../../src/domain/steering/suppression.js';

const cells = (...ns: number[]): Cell[] => ns.map((n, i) => ({ key: String.fromCharCode(97 + i), n }));

describe('suppressGroup', () => {
  it('one small cell: a second (the smallest other) is suppressed, so total minus the rest does not give it', () => {
    const g = suppressGroup(cells(3, 20, 30), 10);
    expect([...g.suppressed].sort()).toEqual(['a', 'b']);
    expect(g.totalSuppressed).toBe(false);
    // Without the secondary suppression 53 - 20 - 30 = 3 would be revealed.
    expect(revealsSmallCell(cells(3, 20, 30), new Set(['a']), true, 10)).toBe(true);
    expect(revealsSmallCell(cells(3, 20, 30), g.suppressed, true, 10)).toBe(false);
  });
  it('two small cells whose sum is still small: a third is added (their sum 3 + 4 = 7 would be a small count)', () => {
    const g = suppressGroup(cells(3, 4, 50, 60), 10);
    expect([...g.suppressed].sort()).toEqual(['a', 'b', 'c']);
    expect(revealsSmallCell(cells(3, 4, 50, 60), new Set(['a', 'b']), true, 10)).toBe(true);
  });
  it('nothing small: nothing suppressed; a small total is withheld', () => {
    expect(suppressGroup(cells(10, 25), 10).suppressed.size).toBe(0);
    expect(suppressGroup(cells(3, 4), 10).totalSuppressed).toBe(true);
  });
  it('a group whose own total is withheld elsewhere hides at least one cell', () => {
    expect(suppressGroup(cells(12, 40), 10, { mustSuppressOne: true }).suppressed.size).toBe(2);
  });
  it('property: over many groups no published cell is small and no difference reveals one', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 2000; t++) {
      const cs = cells(...Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 30)));
      const g = suppressGroup(cs, 10);
      expect(revealsSmallCell(cs, g.suppressed, !g.totalSuppressed, 10), JSON.stringify(cs)).toBe(false);
    }
  });
});
