/** Dutch money input (issue #13): thousands separators and cents kept; expected cents by hand. */
import { describe, expect, it } from 'vitest';
import { parseEuroInput } from '../../src/domain/money.js';

describe('parseEuroInput', () => {
  it('reads Dutch notation with thousands separators and a decimal comma', () => {
    expect(parseEuroInput('12.345,67')).toBe(1_234_567);
    expect(parseEuroInput('€ 12.345,67')).toBe(1_234_567);
    expect(parseEuroInput('1.234.567,8')).toBe(123_456_780);
    expect(parseEuroInput('12345,67')).toBe(1_234_567);
    expect(parseEuroInput('12.345')).toBe(1_234_500);
    expect(parseEuroInput('0,05')).toBe(5);
  });
  it('still reads a decimal point with one or two decimals', () => {
    expect(parseEuroInput('1250.50')).toBe(125_050);
    expect(parseEuroInput('1250')).toBe(125_000);
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '12,345,67', '1.23,4', '12,345', '-5', '1.2345', '12.34.5']) expect(parseEuroInput(bad), bad).toBeNull();
  });
});
