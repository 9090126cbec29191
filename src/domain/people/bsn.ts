/**
 * Burgerservicenummer (BSN) rules. Source: iJw reference `elfproef.md` (the 11-check used by
 * rule TR for LDT_BurgerServicenummer): (9d1+8d2+7d3+6d4+5d5+4d6+3d7+2d8-1d9) mod 11 = 0.
 */

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2, -1] as const;

/**
 * True when `bsn` is 9 digits and passes the 11-check alone (elfproef.md). This is the iJw check
 * CS002 ("De waarde moet voldoen aan de 11-proef"): 000000000 passes it arithmetically, and the
 * official validation accepts it.
 */
export function passesElfproef(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += WEIGHTS[i]! * Number(bsn[i]);
  return sum % 11 === 0;
}

/** True when `bsn` is 9 digits, not all zero, and passes the 11-check (the application's own BSN check). */
export function isValidBsn(bsn: string): boolean {
  return bsn !== '000000000' && passesElfproef(bsn);
}

/** The official test BSN range (elfproef.md): numbers in it that pass the 11-check are test BSNs. */
export const TEST_BSN_FIRST = 999_900_006;
export const TEST_BSN_LAST = 999_999_990;

export function isTestBsn(bsn: string): boolean {
  const n = Number(bsn);
  return isValidBsn(bsn) && n >= TEST_BSN_FIRST && n <= TEST_BSN_LAST;
}

/**
 * Valid synthetic BSNs, counting down from the top of the test range. The test range holds
 * about 9,090 valid numbers; a larger demo population continues below it (still 11-check
 * valid, marked synthetic in the data, never to be used outside a demo).
 */
export function* syntheticBsns(): Generator<string> {
  for (let n = TEST_BSN_LAST; n >= 100_000_000; n--) {
    const s = String(n);
    if (isValidBsn(s)) yield s;
  }
}

/** Masks a BSN for display: only the last three digits stay visible. */
export function maskBsn(bsn: string): string {
  return `******${bsn.slice(-3)}`;
}
