/**
 * BSN rules (bsn.ts). Source: iJw reference elfproef.md (../shared/reference/ijw-3.2/elfproef.md):
 * (9d1+8d2+7d3+6d4+5d5+4d6+3d7+2d8-1d9) mod 11 = 0; test BSNs 999900006 t/m 999999990.
 */
import { describe, expect, it } from 'vitest';
import { isTestBsn, isValidBsn, maskBsn, syntheticBsns, TEST_BSN_FIRST, TEST_BSN_LAST } from '../../src/domain/people/bsn.js';

describe('elfproef.md: the 11-check', () => {
  it('elfproef.md example: 123456782 is valid (9+16+21+24+25+24+21+16-2 = 154 = 14 x 11)', () => {
    expect(isValidBsn('123456782')).toBe(true);
  });
  it.each(['111222333', '999999990', '999900006'])('%s passes the 11-check', (bsn) => {
    expect(isValidBsn(bsn)).toBe(true);
  });
  it('elfproef.md: the last digit weighs -1: 123456789 (sum 147, rest 4) is invalid', () => {
    expect(isValidBsn('123456789')).toBe(false);
  });
  it('every single-digit change of a valid BSN is detected', () => {
    const valid = '123456782';
    for (let i = 0; i < 9; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        expect(isValidBsn(changed), changed).toBe(false);
      }
    }
  });
  it.each([
    ['', 'empty'],
    ['12345678', '8 digits'],
    ['1234567820', '10 digits'],
    ['12345678a', 'a letter'],
    ['1234 5678', 'a space'],
    [' 123456782', 'leading space'],
    ['123456782\n', 'trailing newline'],
    ['12345678-2', 'a dash'],
    ['+23456782', 'a sign'],
    ['１２３４５６７８２', 'full-width digits'],
  ])('%j (%s) is invalid', (bsn) => {
    expect(isValidBsn(bsn)).toBe(false);
  });
  it('000000000 is invalid although its sum (0) is divisible by 11', () => {
    expect(isValidBsn('000000000')).toBe(false);
  });
});

describe('elfproef.md: test BSN range 999900006 t/m 999999990', () => {
  it('the bounds are the ones the reference names, and both pass the 11-check', () => {
    expect(TEST_BSN_FIRST).toBe(999_900_006);
    expect(TEST_BSN_LAST).toBe(999_999_990);
    expect(isTestBsn(String(TEST_BSN_FIRST))).toBe(true);
    expect(isTestBsn(String(TEST_BSN_LAST))).toBe(true);
  });
  it('a valid BSN outside the range is no test BSN; an invalid number inside it neither', () => {
    expect(isTestBsn('123456782')).toBe(false);
    expect(isTestBsn('999900005')).toBe(false);
    expect(isValidBsn('999999988')).toBe(false);
    expect(isTestBsn('999999988')).toBe(false);
    expect(isTestBsn('999999989')).toBe(true);
  });
});

describe('syntheticBsns (demo population)', () => {
  const first = (n: number) => {
    const out: string[] = [];
    for (const b of syntheticBsns()) {
      out.push(b);
      if (out.length === n) break;
    }
    return out;
  };
  const bsns = first(20_000);
  it('starts at the top of the test range', () => {
    expect(bsns[0]).toBe('999999990');
  });
  it('the first 20,000 are valid, unique, 9 digits and strictly decreasing', () => {
    expect(bsns).toHaveLength(20_000);
    expect(new Set(bsns).size).toBe(20_000);
    for (let i = 0; i < bsns.length; i++) {
      expect(bsns[i]).toMatch(/^\d{9}$/);
      if (!isValidBsn(bsns[i]!)) throw new Error(`invalid synthetic BSN ${bsns[i]}`);
      if (i > 0 && Number(bsns[i]) >= Number(bsns[i - 1])) throw new Error(`not decreasing at ${i}`);
    }
  });
  it('uses every valid test BSN before leaving the test range', () => {
    let inRange = 0;
    for (let n = TEST_BSN_FIRST; n <= TEST_BSN_LAST; n++) if (isValidBsn(String(n))) inRange++;
    expect(inRange).toBeGreaterThan(9_000);
    expect(bsns.slice(0, inRange).every(isTestBsn)).toBe(true);
    expect(isTestBsn(bsns[inRange]!)).toBe(false);
  });
  it('two generators give the same sequence (deterministic)', () => {
    expect(first(50)).toEqual(bsns.slice(0, 50));
  });
});

describe('maskBsn (DESIGN.md: BSN never shown in full)', () => {
  it('keeps only the last three digits', () => {
    expect(maskBsn('123456782')).toBe('******782');
    expect(maskBsn('999999990')).toBe('******990');
  });
  it('the mask never contains the first six digits', () => {
    for (const b of ['123456782', '111222333']) {
      expect(maskBsn(b)).not.toContain(b.slice(0, 6));
      expect(maskBsn(b)).toHaveLength(9);
    }
  });
});
