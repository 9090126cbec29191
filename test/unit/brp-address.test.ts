/** The BRP address of a family (src/domain/people/address.ts): iJw field formats and the Dutch postcode. */
import { describe, expect, it } from 'vitest';
import { validateBrpAdres } from '../../src/domain/people/address.js';

const ok = { straat: 'Ginnekenweg', huisnummer: 12, postcode: '4818 ja', woonplaats: 'Breda' };

describe('validateBrpAdres', () => {
  it('normalises a valid address: postcode without space in capitals, whitespace collapsed, house number from text', () => {
    expect(validateBrpAdres(ok)).toEqual({ adres: { straat: 'Ginnekenweg', huisnummer: 12, postcode: '4818JA', woonplaats: 'Breda' } });
    expect(validateBrpAdres({ ...ok, straat: '  Nieuwe   Boschstraat ', huisnummer: ' 7 ' as unknown as number })).toEqual({
      adres: { straat: 'Nieuwe Boschstraat', huisnummer: 7, postcode: '4818JA', woonplaats: 'Breda' },
    });
  });
  it.each([
    ['postcode', { postcode: '0818JA' }],
    ['postcode', { postcode: '4818J' }],
    ['postcode', { postcode: '4818SS' }],
    ['huisnummer', { huisnummer: 0 }],
    ['huisnummer', { huisnummer: 100000 }],
    ['huisnummer', { huisnummer: '12a' as unknown as number }],
    ['straat', { straat: ' ' }],
    ['straat', { straat: 'Burgemeester van Sonsbeeckpark' }], // 30 characters: the BRP keeps 24
    ['woonplaats', { woonplaats: '' }],
  ])('refuses a wrong %s (%j) with a Dutch message for that field only', (field, over) => {
    const r = validateBrpAdres({ ...ok, ...over });
    expect('errors' in r && Object.keys(r.errors)).toEqual([field]);
  });
});
