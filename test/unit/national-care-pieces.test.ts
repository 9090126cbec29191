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
import { nationalCarePieces } from '../../src/demo/national.js';
import { NATIONAL_FUNDING_ASSUMPTIONS, type NationalCombinedCare } from '../../src/demo/national-assumptions.js';
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

/*
 * Diagnostiek before dagbehandeling (seed 004 §4.3 Toegangsmanagement: "Voorafgaand aan
 * dagbehandeling, wordt bij de jeugdige een diagnostiektraject ingezet"), 6 weeks, by hand: a
 * dagbehandeling trajectory from 2024-01-10 to 2025-02-01 starts with diagnostiek 2024-01-10 ..
 * 2024-02-20 (42 days: 21 to 31 January, 20 in February); the dagbehandeling follows from
 * 2024-02-21. It must then run at least 6 weeks, to 2024-02-21 + 41 days = 2024-04-02 (8 days to 29
 * February, 31 in March, 2 in April): a trajectory that ends on 2024-04-01 keeps one allocation.
 */
describe('diagnostiek before dagbehandeling: its own product and allocation, then the dagbehandeling', () => {
  const diag = { bij: '41', weken: 6, productcode: '41DIA' };
  const dag = (id: number, end: string | null = '2025-02-01') => ({ ...pxq(id, 3, '16', '2024-01-10', end), categorie: '41' });

  it('6 weeks: 2024-01-10..2024-02-20 diagnostiek (41DIA), 2024-02-21..2025-02-01 dagbehandeling', () => {
    expect(nationalCarePieces('2026-11-22', null, null, diag)(dag(7))).toEqual([
      { start: '2024-01-10', end: '2024-02-20', productcode: '41DIA' },
      { start: '2024-02-21', end: '2025-02-01' },
    ]);
  });

  it('only when the dagbehandeling after it runs at least 6 weeks: to 2024-04-02 yes, to 2024-04-01 no', () => {
    const pieces = nationalCarePieces('2026-11-22', null, null, diag);
    expect(pieces(dag(7, '2024-04-02'))).toHaveLength(2);
    expect(pieces(dag(7, '2024-04-01'))).toBeUndefined();
    // Open: counted to today.
    expect(nationalCarePieces('2024-04-02', null, null, diag)(dag(7, null))).toEqual([
      { start: '2024-01-10', end: '2024-02-20', productcode: '41DIA' },
      { start: '2024-02-21', end: null },
    ]);
    expect(nationalCarePieces('2024-04-01', null, null, diag)(dag(7, null))).toBeUndefined();
  });

  it('only dagbehandeling (41) of P x Q care; other categories and funding kinds none', () => {
    const pieces = nationalCarePieces('2026-11-22', null, null, diag);
    expect(pieces(pxq(7, 3))).toBeUndefined();
    expect(pieces({ ...dag(7), kind: 'result', omvang: { volume: 1, eenheid: '82', frequentie: '6' } })).toBeUndefined();
  });

  it('changes of the Omvang (every 3 months) and vervoer beside it count from the dagbehandeling, not the diagnostiek', () => {
    const vervoer: NationalCombinedCare = { bij: '41', naast: '42', aandeel: 1, aanname: 'test', bron: { seed: '003', sectie: '6.2', citaat: 'x' } };
    const pieces = nationalCarePieces('2026-11-22', every3, [vervoer], diag)(dag(7));
    expect(spans(pieces)).toEqual([
      ['2024-01-10', '2024-02-20', null],
      ['2024-02-21', '2024-05-20', '05'],
      ['2024-05-21', '2024-08-20', '05'],
      ['2024-08-21', '2024-11-20', '05'],
      ['2024-11-21', '2025-02-01', null],
      ['2024-02-21', '2025-02-01', null],
    ]);
    expect(pieces!.at(-1)!.categorie).toBe('42');
  });
});

/*
 * Ambulant aftercare after behandeling met verblijf (seed 003 §8.2 "Onderdeel van de opdracht is ook
 * de ambulante nazorg"), 8 weeks, by hand: a stay from 2024-01-10 to 2025-02-01 ends with aftercare
 * 2024-12-08 .. 2025-02-01 (56 days: 24 in December, 31 in January, 1 in February); the stay's
 * allocation ends 2024-12-07. The stay before it must last at least 8 weeks: a trajectory of 112 days
 * (2024-01-10 .. 2024-04-30: aftercare from 2024-03-06, the stay 2024-01-10 .. 2024-03-05 is 56 days)
 * gets it, one of 111 days (to 2024-04-29) not.
 */
describe('ambulant aftercare after behandeling met verblijf: the ambulant product of the segment, its own allocation', () => {
  const nazorg = { bij: '43', naast: '45', weken: 8 };
  const stay = (id: number, end: string | null = '2025-02-01') => ({ ...pxq(id, 7, '14', '2024-01-10', end), categorie: '43' });

  it('8 weeks: the stay to 2024-12-07, aftercare (45) 2024-12-08..2025-02-01', () => {
    expect(nationalCarePieces('2026-11-22', null, null, null, nazorg)(stay(7))).toEqual([
      { start: '2024-01-10', end: '2024-12-07' },
      { start: '2024-12-08', end: '2025-02-01', categorie: '45' },
    ]);
  });

  it('only when the stay before it lasted at least 8 weeks: 112 days yes, 111 no', () => {
    const pieces = nationalCarePieces('2026-11-22', null, null, null, nazorg);
    expect(pieces(stay(7, '2024-04-30'))).toEqual([
      { start: '2024-01-10', end: '2024-03-05' },
      { start: '2024-03-06', end: '2024-04-30', categorie: '45' },
    ]);
    expect(pieces(stay(7, '2024-04-29'))).toBeUndefined();
  });

  it('only a stay that has ended by today; not other categories or funding kinds', () => {
    expect(nationalCarePieces('2025-01-31', null, null, null, nazorg)(stay(7))).toBeUndefined();
    expect(nationalCarePieces('2025-02-01', null, null, null, nazorg)(stay(7))).toHaveLength(2);
    expect(nationalCarePieces('2026-11-22', null, null, null, nazorg)(stay(7, null))).toBeUndefined();
    expect(nationalCarePieces('2026-11-22', null, null, null, nazorg)({ ...stay(7), categorie: '44' })).toBeUndefined();
    expect(nationalCarePieces('2026-11-22', null, null, null, nazorg)({ ...stay(7), kind: 'result' })).toBeUndefined();
  });

  it('the defaults: 6 weeks diagnostiek (41DIA) before 41, 8 weeks of 45 after 43', () => {
    expect(NATIONAL_FUNDING_ASSUMPTIONS.diagnostiekVooraf.waarde).toEqual({ bij: '41', weken: 6, productcode: '41DIA' });
    expect(NATIONAL_FUNDING_ASSUMPTIONS.ambulanteNazorg.waarde).toEqual({ bij: '43', naast: '45', weken: 8 });
    // iJw RS012: a product code has at most 5 positions.
    expect(NATIONAL_FUNDING_ASSUMPTIONS.diagnostiekVooraf.waarde!.productcode.length).toBeLessThanOrEqual(5);
  });
});

describe('jeugdhulp beside a maatregel: ambulant care of another segment, its own allocation over the maatregel', () => {
  const maatregel = (aandeel: number) => ({ bij: ['47', '48'], naast: '45', aandeel });
  const jb = (id: number, categorie = '48') => ({ ...pxq(id, 7, '14', '2024-01-10', '2025-02-01'), categorie });

  it('share 1: every jeugdbescherming (48) and jeugdreclassering (47) trajectory gets 45 of another segment over its whole span', () => {
    const pieces = nationalCarePieces('2026-11-22', null, null, null, null, maatregel(1));
    for (const c of ['47', '48'])
      expect(pieces(jb(3, c))).toEqual([
        { start: '2024-01-10', end: '2025-02-01' },
        { start: '2024-01-10', end: '2025-02-01', categorie: '45', elders: true },
      ]);
    expect(pieces({ ...jb(3), end: null })![1]).toEqual({ start: '2024-01-10', end: null, categorie: '45', elders: true });
    // Other categories none.
    expect(pieces(jb(3, '45'))).toBeUndefined();
    expect(pieces(jb(3, '43'))).toBeUndefined();
  });

  it('share 0: none; share 0.75 of 1,000 maatregelen: 750 +- 55 (fixed per trajectory)', () => {
    expect(nationalCarePieces('2026-11-22', null, null, null, null, maatregel(0))(jb(3))).toBeUndefined();
    const pieces = nationalCarePieces('2026-11-22', null, null, null, null, maatregel(0.75));
    let n = 0;
    for (let id = 1; id <= 1000; id++) if (pieces(jb(id)) !== undefined) n++;
    // 3 standard deviations of the binomial: sqrt(1000 x 0.75 x 0.25) = 13.7.
    expect(n).toBeGreaterThan(750 - 55);
    expect(n).toBeLessThan(750 + 55);
    for (let id = 1; id <= 20; id++) expect(pieces(jb(id))).toEqual(pieces(jb(id)));
  });

  it('the default: 75% of 47 and 48, with 45', () => {
    expect(NATIONAL_FUNDING_ASSUMPTIONS.jeugdhulpBijMaatregel.waarde).toEqual({ bij: ['47', '48'], naast: '45', aandeel: 0.75 });
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
    NATIONAL_FUNDING_ASSUMPTIONS.diagnostiekVooraf.bron,
    NATIONAL_FUNDING_ASSUMPTIONS.ambulanteNazorg.bron,
    NATIONAL_FUNDING_ASSUMPTIONS.historieDemojaren.bron,
    NATIONAL_FUNDING_ASSUMPTIONS.jeugdhulpBijMaatregel.bron,
    // Quoted inside the aanname of jeugdhulpBijMaatregel.
    { seed: '004', citaat: 'Bij jeugdigen in het gedwongen kader voert de GI de procesregie.' },
    // Quoted inside the aanname of ambulanteNazorg.
    {
      seed: '004',
      citaat:
        'waar mogelijk wordt (intensieve) ambulante begeleiding ingezet in plaats van behandeling met verblijf of als vervolg op behandeling met verblijf',
    },
  ];
  it('aanname texts', () => {
    for (const a of Object.values(NATIONAL_FUNDING_ASSUMPTIONS)) expect(a.aanname.length).toBeGreaterThan(40);
    for (const c of NATIONAL_FUNDING_ASSUMPTIONS.gecombineerdeZorg.waarde ?? []) expect(c.aanname.length).toBeGreaterThan(40);
  });
  it.each(sources.map((b) => [b.seed, b.citaat] as const))('seed %s: %s', (n, citaat) => {
    expect(seed(n)).toContain(norm(citaat));
  });
});
