/**
 * The compact store of a declaration's lines (src/app/funding/line-store.ts) gives back exactly
 * the lines that went in: every field of the Line (optional ones absent or present), the location
 * and the findings of the line, in order, across any slice boundaries and buffer growth.
 */
import { describe, expect, it } from 'vitest';
import { CompactLines, type CollectedLine } from '../../src/app/funding/line-store.js';

function sample(i: number): CollectedLine {
  return {
    line: {
      referentieNummer: `REF-${i}-${'x'.repeat(i % 17)}${i % 5 === 0 ? 'é' : ''}`,
      ...(i % 3 === 0 ? { vorigReferentieNummer: `VORIG-${i}` } : {}),
      toewijzingNummer: 100_000_000 + i,
      bsn: String(999_990_000 + (i % 7)),
      productCategorie: i % 2 ? '45' : '54',
      productCode: `4${i % 4}A01`,
      begindatum: i % 2 ? '2025-12-01' : '2026-01-01',
      einddatum: i % 2 ? '2025-12-31' : '2026-01-31',
      volume: (i % 9) + 1,
      eenheid: i % 2 ? '04' : '14',
      ...(i % 4 === 1 ? {} : { tariefCents: 1000 + i }),
      bedragCents: 5000 + i * 3,
      debetCredit: i % 6 === 0 ? 'C' : 'D',
    },
    location: `/Bericht/Declaratie/Clienten/Client[${Math.floor(i / 7) + 1}]/Prestaties/Prestatie[${(i % 7) + 1}]`,
    findings: i % 11 === 0 ? [{ layer: 'TR', code: 'TR314', retourcode: '8021', path: `/Bericht/x[${i}]`, text: 'regel' }] : [],
  };
}

describe('CompactLines', () => {
  it('returns every line as it was pushed, in slices across the growth of its buffers', () => {
    const store = new CompactLines();
    const n = 5_003; // more than the initial 1,024 rows and 64 KB of text
    for (let i = 0; i < n; i++) store.push(sample(i));
    expect(store.length).toBe(n);
    const back: CollectedLine[] = [];
    for (let i = 0; i < n; i += 997) back.push(...store.slice(i, i + 997));
    expect(back).toHaveLength(n);
    for (let i = 0; i < n; i++) expect(back[i]).toEqual(sample(i));
    expect(store.toewijzingNummer(4_321)).toBe(100_004_321);
    expect(store.begindatum(4_321)).toBe('2025-12-01');
  });

  it('keeps an absent ProductTarief and VorigReferentieNummer absent (not undefined-valued keys)', () => {
    const store = new CompactLines();
    store.push(sample(1));
    const [back] = store.slice(0, 1);
    expect('tariefCents' in back!.line).toBe(false);
    expect('vorigReferentieNummer' in back!.line).toBe(false);
    expect(store.slice(1, 5)).toEqual([]);
  });
});
