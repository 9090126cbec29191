/**
 * Issue #14 point 3: the national set's own funding assumptions (src/demo/national.ts
 * NATIONAL_FUNDING_ASSUMPTIONS) at a tiny scale, one synthetic copy of each base region:
 * - a Toewijzing of P x Q care runs at most to the end of the calendar year (allocationPeriod 'year');
 * - P x Q care is declared per calendar week within the month (linePeriod 'week').
 *
 * Hand calculation with today 2026-11-22: three history years start 2023-01-01 (NATIONAL_HISTORY_YEARS,
 * within every base's demo years); the last declarable month is 2026-10. A trajectory from
 * 2021-06-15 to 2024-03-10 gets the allocations 2023-01-01..2023-12-31 and 2024-01-01..2024-03-10; an
 * open one from 2025-05-01 gets 2025-05-01..2025-12-31 and 2026-01-01..(open).
 * March 2025 starts on a Saturday and has 31 days: its Monday-to-Sunday pieces are 1-2, 3-9, 10-16,
 * 17-23, 24-30 and 31, six lines. Residential care (unit 14, 7 etmalen a week, delivered every day)
 * that runs the whole month is declared as 2 + 7 + 7 + 7 + 7 + 1 = 31 etmalen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { generateNational, nationalBases, type NationalResult } from '../../src/demo/national.js';
import { NATIONAL_FUNDING_ASSUMPTIONS } from '../../src/demo/national-assumptions.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let result: NationalResult;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await s.database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: TODAY });
  // The year and week rules alone: the changes of the Omvang, combined care, diagnostiek before
  // dagbehandeling and ambulant aftercare (more allocations per trajectory) are tested in
  // national-pieces.test.ts.
  result = await generateNational(s.database, {
    today: TODAY,
    scale: 0.005,
    regions: nationalBases(TODAY).length,
    funding: true,
    omvangWijziging: null,
    gecombineerdeZorg: null,
    diagnostiekVooraf: null,
    ambulanteNazorg: null,
    jeugdhulpBijMaatregel: null,
    // Three years for every copy (the hand calculation's 2023-01-01); Holland Rijnland's 2021 is tested in national-pieces.test.ts.
    historieDemojaren: false,
  });
}, 900_000);

afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

/** The calendar-year pieces of a trajectory within the history (the rule of the aanname, written out). */
function yearPieces(start: string, end: string | null): [string, string | null][] {
  const out: [string, string | null][] = [];
  for (let year = Math.max(Number(start.slice(0, 4)), 2023); ; year++) {
    const from = start > `${year}-01-01` ? start : `${year}-01-01`;
    if (end !== null && from > end) break;
    if (year >= 2026 || (end !== null && end <= `${year}-12-31`)) {
      out.push([from, end]);
      break;
    }
    out.push([from, `${year}-12-31`]);
  }
  return out;
}

describe('national set: allocations per calendar year, P x Q lines per week', () => {
  it('the defaults are the national assumptions, each with its aanname', () => {
    expect(NATIONAL_FUNDING_ASSUMPTIONS.allocationPeriod.waarde).toBe('year');
    expect(NATIONAL_FUNDING_ASSUMPTIONS.linePeriod.waarde).toBe('week');
    for (const a of Object.values(NATIONAL_FUNDING_ASSUMPTIONS)) expect(a.aanname.length).toBeGreaterThan(40);
    expect(result.totals.allocations).toBeGreaterThan(0);
  });

  it('the worked examples of the yearly rule', () => {
    expect(yearPieces('2021-06-15', '2024-03-10')).toEqual([
      ['2023-01-01', '2023-12-31'],
      ['2024-01-01', '2024-03-10'],
    ]);
    expect(yearPieces('2025-05-01', null)).toEqual([
      ['2025-05-01', '2025-12-31'],
      ['2026-01-01', null],
    ]);
  });

  it('every P x Q trajectory has one allocation per calendar year it runs within the history', async () => {
    const list = await rows<{ trajectory_id: number; start: string; end: string | null; pieces: [string, string | null][] }>(sql`
      select t.id as trajectory_id, to_char(t.start_date, 'YYYY-MM-DD') as start, to_char(t.end_date, 'YYYY-MM-DD') as end,
        json_agg(json_build_array(to_char(a.ingangsdatum, 'YYYY-MM-DD'), to_char(a.einddatum, 'YYYY-MM-DD')) order by a.ingangsdatum) as pieces
      from allocations a join trajectories t on t.id = a.trajectory_id
      where a.region_id like 'nl%' and a.frequentie = '2'
      group by t.id`);
    expect(list.length).toBeGreaterThan(20);
    let multi = 0;
    for (const t of list) {
      expect(t.pieces, `trajectory ${t.trajectory_id}`).toEqual(yearPieces(t.start, t.end));
      if (t.pieces.length > 1) multi++;
    }
    // Trajectories that run over a new year exist at this scale (median durations of months to years).
    expect(multi).toBeGreaterThan(0);
  });

  it('every P x Q line lies within one Monday-to-Sunday week of one month and within its allocation', async () => {
    const [bad] = await rows<{ n: number; total: number }>(sql`
      select count(*) filter (where date_trunc('week', l.begindatum) <> date_trunc('week', l.einddatum)
          or date_trunc('month', l.begindatum) <> date_trunc('month', l.einddatum)
          or l.begindatum < a.ingangsdatum or (a.einddatum is not null and l.einddatum > a.einddatum))::int as n,
        count(*)::int as total
      from declaration_lines l join allocations a on a.region_id = l.region_id and a.toewijzing_nummer = l.toewijzing_nummer
      where l.region_id like 'nl%' and a.frequentie = '2'`);
    expect(bad!.total).toBeGreaterThan(100);
    expect(bad!.n).toBe(0);
  });

  it('residential care over all of March 2025: six lines (1-2, 3-9, 10-16, 17-23, 24-30, 31) of together 31 etmalen', async () => {
    const list = await rows<{ nummer: number; pieces: string[]; volume: number; approved: boolean }>(sql`
      select a.toewijzing_nummer as nummer,
        array_agg(to_char(l.begindatum, 'DD') || '-' || to_char(l.einddatum, 'DD') order by l.begindatum) as pieces,
        sum(l.volume)::int as volume, bool_and(l.approved) as approved
      from allocations a join declaration_lines l on l.region_id = a.region_id and l.toewijzing_nummer = a.toewijzing_nummer
      where a.region_id like 'nl%' and a.eenheid = '14' and a.frequentie = '2' and a.volume = 7
        and a.ingangsdatum <= '2025-03-01' and (a.einddatum is null or a.einddatum >= '2025-03-31')
        and l.debet_credit = 'D' and l.referentie_nummer ~ '^[0-9]+D[0-9]{8}$' and l.begindatum between '2025-03-01' and '2025-03-31'
      group by a.toewijzing_nummer`);
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) {
      expect(a.pieces, `allocation ${a.nummer}`).toEqual(['01-02', '03-09', '10-16', '17-23', '24-30', '31-31']);
      // An over-declared line (rejected, sent again the month after) declares one unit more than allowed.
      if (a.approved) expect(a.volume).toBe(31);
    }
  });
});
