/**
 * Issue #14 point 3: the national set's pieces of care with their own Toewijzing
 * (src/demo/national.ts nationalCarePieces, NATIONAL_FUNDING_ASSUMPTIONS omvangWijziging and
 * gecombineerdeZorg), by hand from the parameters.
 *
 * iJw IV066: "Indien de omvang bij andere frequenties dan Totaal binnen geldigheidsduur toewijzing
 * gewijzigd wordt, betekent dat dat de bestaande toewijzing wordt ingetrokken en een nieuwe
 * toewijzing wordt verzonden met als Ingangsdatum de datum waarop de gewijzigde omvang ingaat."
 *
 * Hand calculation, changes every 3 months exactly (vanafMaanden = totMaanden = 3): a trajectory
 * from 2024-01-10 to 2025-02-01 changes on 2024-04-10, 2024-07-10, 2024-10-10 and 2025-01-10 (the
 * next, 2025-04-10, is after its end): five allocations, the first four ended the day before the
 * next starts with RedenWijziging 05. With today 2024-08-01 only the changes up to today: three
 * (2024-01-10..2024-04-09, 2024-04-10..2024-07-09, 2024-07-10..2025-02-01). A volume of 4 hours a
 * week changes by a quarter, 1 hour; of 1 hour by at least 1 hour and never below 1, so upwards;
 * of 240 minutes by 60.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NATIONAL_FUNDING_ASSUMPTIONS, nationalCarePieces, type NationalCombinedCare } from '../../src/demo/national.js';
import type { DemoCarePiece } from '../../src/demo/funding-plan.js';
import { ROOT } from './helpers.js';

const every3 = { vanafMaanden: 3, totMaanden: 3 };
const pxq = (id: number, volume: number, eenheid = '04', start = '2024-01-10', end: string | null = '2025-02-01') => ({
  id,
  kind: 'pxq' as const,
  categorie: '45',
  start,
  end,
  omvang: { volume, eenheid, frequentie: '2' },
});
const spans = (p: DemoCarePiece[] | undefined) => (p ?? []).map((x) => [x.start, x.end, x.redenWijziging ?? null]);

describe('a change of the Omvang ends the allocation and a new one follows (IV066)', () => {
  it('every 3 months: five allocations, the first four ended the day before the next with reden 05', () => {
    const pieces = nationalCarePieces('2026-11-22', every3, null)(pxq(7, 4));
    expect(spans(pieces)).toEqual([
      ['2024-01-10', '2024-04-09', '05'],
      ['2024-04-10', '2024-07-09', '05'],
      ['2024-07-10', '2024-10-09', '05'],
      ['2024-10-10', '2025-01-09', '05'],
      ['2025-01-10', '2025-02-01', null],
    ]);
    expect(pieces![0]!.volume).toBe(4);
    // Each change is a quarter of 4 hours: one hour up or down.
    for (let k = 1; k < pieces!.length; k++) expect(Math.abs(pieces![k]!.volume! - pieces![k - 1]!.volume!)).toBe(1);
  });

  it('no change after today: with today 2024-08-01 three allocations, the last to the trajectory end', () => {
    expect(spans(nationalCarePieces('2024-08-01', every3, null)(pxq(7, 4)))).toEqual([
      ['2024-01-10', '2024-04-09', '05'],
      ['2024-04-10', '2024-07-09', '05'],
      ['2024-07-10', '2025-02-01', null],
    ]);
  });

  it('an open trajectory: the last allocation stays open', () => {
    const pieces = nationalCarePieces('2024-08-01', every3, null)(pxq(7, 4, '04', '2024-01-10', null));
    expect(pieces!.at(-1)).toMatchObject({ start: '2024-07-10', end: null });
  });

  it('one hour a week never goes below one hour: it goes up by one', () => {
    const pieces = nationalCarePieces('2026-11-22', every3, null)(pxq(11, 1));
    expect(pieces![1]!.volume).toBe(2);
  });

  it('240 minutes a week change by 60', () => {
    const pieces = nationalCarePieces('2026-11-22', every3, null)(pxq(7, 240, '01'));
    expect(Math.abs(pieces![1]!.volume! - 240)).toBe(60);
  });

  it('changes come after 3 to 6 months with the default parameters', () => {
    const change = NATIONAL_FUNDING_ASSUMPTIONS.omvangWijziging.waarde!;
    expect(change).toEqual({ vanafMaanden: 3, totMaanden: 6 });
    const seen = new Set<number>();
    for (let id = 1; id <= 200; id++) {
      const pieces = nationalCarePieces('2026-11-22', change, null)(pxq(id, 3, '04', '2023-01-01', '2025-12-31'))!;
      for (const [k, p] of pieces.slice(0, -1).entries()) {
        // The next allocation starts the day after this one ends, on the same day of a later month (the 1st here).
        const next = pieces[k + 1]!.start;
        expect(next.slice(8)).toBe('01');
        const months = Number(next.slice(0, 4)) * 12 + Number(next.slice(5, 7)) - (Number(p.start.slice(0, 4)) * 12 + Number(p.start.slice(5, 7)));
        expect(months).toBeGreaterThanOrEqual(3);
        expect(months).toBeLessThanOrEqual(6);
        seen.add(months);
      }
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('no change for residential care (an etmaal a day), output (Totaal) or result-based care', () => {
    const pieces = nationalCarePieces('2026-11-22', every3, null);
    expect(pieces(pxq(7, 7, '14'))).toBeUndefined();
    expect(pieces({ ...pxq(7, 1), omvang: { volume: 1, eenheid: '82', frequentie: '6' }, kind: 'output' })).toBeUndefined();
    expect(pieces({ ...pxq(7, 1), omvang: { volume: 1, eenheid: '82', frequentie: '6' }, kind: 'result' })).toBeUndefined();
  });
});

describe('combined care: a second product beside the trajectory, its own allocation', () => {
  const always: NationalCombinedCare = { bij: '41', naast: '42', aandeel: 1, aanname: 'test', bron: { seed: '003', sectie: '6.2', citaat: 'x' } };
  it('share 1: every trajectory of the category gets the product beside it over its whole period; other categories none', () => {
    const pieces = nationalCarePieces('2026-11-22', null, [always]);
    expect(pieces({ ...pxq(7, 3, '16'), categorie: '41' })).toEqual([
      { start: '2024-01-10', end: '2025-02-01' },
      { start: '2024-01-10', end: '2025-02-01', categorie: '42' },
    ]);
    expect(pieces(pxq(7, 3))).toBeUndefined();
  });

  it('share 0: none; share 0.4 of 1,000 trajectories: 400 +- 50 (fixed per trajectory)', () => {
    expect(nationalCarePieces('2026-11-22', null, [{ ...always, aandeel: 0 }])({ ...pxq(7, 3, '16'), categorie: '41' })).toBeUndefined();
    const share = nationalCarePieces('2026-11-22', null, [{ ...always, aandeel: 0.4 }]);
    let n = 0;
    for (let id = 1; id <= 1000; id++) if (share({ ...pxq(id, 3, '16'), categorie: '41' })) n++;
    expect(n).toBeGreaterThan(350);
    expect(n).toBeLessThan(450);
    const again = nationalCarePieces('2026-11-22', null, [{ ...always, aandeel: 0.4 }]);
    for (let id = 1; id <= 50; id++) expect(again({ ...pxq(id, 3, '16'), categorie: '41' })).toEqual(share({ ...pxq(id, 3, '16'), categorie: '41' }));
  });
});

describe('every national assumption has its aanname, and its citaat is literal seed text', () => {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const seed = (n: string) => {
    const files: Record<string, string> = { '002': '002_3b070b910de59e61.txt', '003': '003_753b968547ba64f9.txt', '004': '004_ffb746a625feb933.txt' };
    return norm(readFileSync(join(ROOT, '..', 'shared', 'seeds', basename(files[n]!)), 'utf8'));
  };
  const sources: { seed: string; citaat: string }[] = [
    NATIONAL_FUNDING_ASSUMPTIONS.resultPerYear.bron,
    NATIONAL_FUNDING_ASSUMPTIONS.omvangWijziging.bron,
    ...(NATIONAL_FUNDING_ASSUMPTIONS.gecombineerdeZorg.waarde ?? []).map((c) => c.bron),
  ];
  it('aanname texts', () => {
    for (const a of Object.values(NATIONAL_FUNDING_ASSUMPTIONS)) expect(a.aanname.length).toBeGreaterThan(40);
    for (const c of NATIONAL_FUNDING_ASSUMPTIONS.gecombineerdeZorg.waarde ?? []) expect(c.aanname.length).toBeGreaterThan(40);
  });
  it.each(sources.map((b) => [b.seed, b.citaat] as const))('seed %s: %s', (n, citaat) => {
    expect(seed(n)).toContain(norm(citaat));
  });
});
