/**
 * Issue #14 point 3: the national set's allocations beyond one per trajectory, at a tiny scale (one
 * synthetic copy of each base region), each by its stated assumption (src/demo/national.ts
 * NATIONAL_FUNDING_ASSUMPTIONS), and used by the settlement:
 * - omvangWijziging: a P x Q allocation per hour, dagdeel, minuut or rit ends when its Omvang
 *   changes (RedenWijziging 05) and the next starts the day after with the volume a quarter (at
 *   least 1) up or down (iJw IV066), 3 to 6 months later;
 * - gecombineerdeZorg: vervoer (42) and thuisondersteuning (45) beside dagbehandeling (41),
 *   behandeling (54) beside ambulante begeleiding (45), each its own allocation over the trajectory;
 * - resultPerYear: result-based care gets an allocation per calendar year it runs (seed 002
 *   "Stabilisatie ... Doorlopend");
 * - diagnostiekVooraf: a dagbehandeling trajectory (41) starts with 6 weeks of diagnostiek, its own
 *   product (41DIA), when the dagbehandeling then runs at least 6 weeks more (seed 004 §4.3);
 * - ambulanteNazorg: a stay (43) that ended by today after at least 8 weeks ends with 8 weeks of
 *   ambulant care (45) of its segment (seed 003 §8.2);
 * - jeugdhulpBijMaatregel: 75% of the maatregelen (jeugdbescherming 48, jeugdreclassering 47) get
 *   ambulant care (45) of another segment with another provider, its own allocation over the
 *   maatregel (seed 004 §2.1: the GI refers to jeugdhulp);
 * - historieDemojaren: Holland Rijnland's copies are declared from 2021 (its demo years; seed 004
 *   §6.1 financial framework 2021-2024), the others from 2023.
 *
 * Hand calculation with today 2026-11-22: the history starts 2023-01-01 (three years, within the
 * demo years of Haaglanden, Hart van Brabant and WBO) or 2021-01-01 (Holland Rijnland); the last
 * declarable month is 2026-10. A piece of care is cut at every 31 December before 2026
 * (allocationPeriod 'year'), so the allocations of one product of a trajectory tile [max(start,
 * history start), end] without gap or overlap, each cut at a year end or at a change; diagnostiek
 * covers [start, start + 41 days] and the dagbehandeling [start + 42 days, end]; aftercare
 * [end - 55 days, end] and the stay [start, end - 56 days].
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { generateNational, nationalBases, type NationalResult } from '../../src/demo/national.js';
import { addDays } from '../../src/domain/dates.js';
import { hash } from '../../src/demo/funding-assumptions.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let result: NationalResult;
let without: NationalResult;
const rows = async <T>(q: ReturnType<typeof sql>) => ((await s.database.db.execute(q)) as unknown as { rows: T[] }).rows;

interface Alloc {
  region_id: string;
  trajectory_id: number;
  t_start: string;
  t_end: string | null;
  t_cat: string;
  cat: string;
  code: string;
  start: string;
  end: string | null;
  volume: number;
  eenheid: string;
  frequentie: string;
  reden: string | null;
  lines: number;
}
let list: Alloc[];
let stays: Alloc[];
interface Maatregel {
  trajectory_id: number;
  region_id: string;
  t_start: string;
  t_end: string | null;
  t_segment: string;
  t_provider: number;
  t_youth: number;
}
interface Beside {
  trajectory_id: number;
  region_id: string;
  segment_id: string;
  provider_id: number;
  youth_id: number;
  cat: string;
  start: string;
  end: string | null;
  frequentie: string;
  contract_ok: number;
  lines: number;
}
let maatregelen: Maatregel[];
let beside: Beside[];
let besideWithout: number;
let contractsOfCopies: { region_id: string; segment_id: string; provider_id: number }[];

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: TODAY });
  const n = nationalBases(TODAY).length;
  result = await generateNational(s.database, { today: TODAY, scale: 0.005, regions: n, funding: true });
  list = await rows<Alloc>(sql`
    select a.region_id, a.trajectory_id, to_char(t.start_date, 'YYYY-MM-DD') as t_start, to_char(t.end_date, 'YYYY-MM-DD') as t_end, t.product_category as t_cat,
      a.product_categorie as cat, a.product_code as code, to_char(a.ingangsdatum, 'YYYY-MM-DD') as start, to_char(a.einddatum, 'YYYY-MM-DD') as end,
      a.volume, a.eenheid, a.frequentie, a.reden_wijziging as reden,
      (select count(*)::int from declaration_lines l where l.region_id = a.region_id and l.toewijzing_nummer = a.toewijzing_nummer) as lines
    from allocations a join trajectories t on t.id = a.trajectory_id
    where a.region_id like 'nl%'
      -- Caseload care (paid per caseload, one allocation per trajectory, not declared) is not one of these assumptions.
      and not exists (select 1 from payment_schedule p where p.region_id = a.region_id and p.segment_id = a.segment_id and p.model = 'caseload')
    order by a.trajectory_id, a.product_code, a.ingangsdatum`);
  // The same copies again with the assumptions off, as their own regions (the first n are there already).
  without = await generateNational(s.database, {
    today: TODAY,
    scale: 0.005,
    regions: 2 * n,
    funding: true,
    resultPerYear: false,
    omvangWijziging: null,
    gecombineerdeZorg: null,
    diagnostiekVooraf: null,
    ambulanteNazorg: null,
    jeugdhulpBijMaatregel: null,
    historieDemojaren: false,
  });
  // Stays (43) are few (Holland Rijnland's behandeling met verblijf: about one at 0.005): the same copies
  // once more at 0.04 for the aftercare, all assumptions at their defaults.
  const more = await generateNational(s.database, { today: TODAY, scale: 0.04, regions: 3 * n, funding: true });
  stays = await rows<Alloc>(sql`
    select a.region_id, a.trajectory_id, to_char(t.start_date, 'YYYY-MM-DD') as t_start, to_char(t.end_date, 'YYYY-MM-DD') as t_end,
      t.product_category as t_cat, a.product_categorie as cat, a.product_code as code, to_char(a.ingangsdatum, 'YYYY-MM-DD') as start,
      to_char(a.einddatum, 'YYYY-MM-DD') as end, a.volume, a.eenheid, a.frequentie, a.reden_wijziging as reden,
      (select count(*)::int from declaration_lines l where l.region_id = a.region_id and l.toewijzing_nummer = a.toewijzing_nummer) as lines
    from allocations a join trajectories t on t.id = a.trajectory_id
    where a.region_id = any(${sql.param(more.regions.slice(2 * n))}::text[]) and t.product_category = '43'
    order by a.trajectory_id, a.product_code, a.ingangsdatum`);
  // The maatregelen (jeugdbescherming 48, jeugdreclassering 47: Holland Rijnland's veiligheid) of the same copies, with the jeugdhulp beside them.
  maatregelen = await rows<Maatregel>(sql`
    select t.id as trajectory_id, t.region_id, to_char(t.start_date, 'YYYY-MM-DD') as t_start, to_char(t.end_date, 'YYYY-MM-DD') as t_end,
      t.segment_id as t_segment, t.provider_id as t_provider, t.youth_id as t_youth
    from trajectories t where t.region_id = any(${sql.param(more.regions.slice(2 * n))}::text[]) and t.product_category in ('47', '48')
    order by t.id`);
  beside = await rows<Beside>(sql`
    select a.trajectory_id, a.region_id, a.segment_id, a.provider_id, a.youth_id, a.product_categorie as cat, to_char(a.ingangsdatum, 'YYYY-MM-DD') as start,
      to_char(a.einddatum, 'YYYY-MM-DD') as end, a.frequentie,
      (select count(*)::int from contracts c where c.id = a.contract_id and c.provider_id = a.provider_id and c.segment_id = a.segment_id) as contract_ok,
      (select count(*)::int from declaration_lines l where l.region_id = a.region_id and l.toewijzing_nummer = a.toewijzing_nummer) as lines
    from allocations a join trajectories t on t.id = a.trajectory_id
    where a.region_id = any(${sql.param(more.regions.slice(2 * n))}::text[]) and t.product_category in ('47', '48') and a.product_categorie = '45'
    order by a.trajectory_id, a.ingangsdatum`);
  contractsOfCopies = await rows<{ region_id: string; segment_id: string; provider_id: number }>(sql`
    select distinct region_id, segment_id, provider_id from contracts where region_id = any(${sql.param(more.regions.slice(2 * n))}::text[])`);
  const [c] = await rows<{ n: number }>(sql`
    select count(*)::int as n from allocations a join trajectories t on t.id = a.trajectory_id
    where a.region_id = any(${sql.param(without.regions.slice(n))}::text[]) and t.product_category in ('47', '48') and a.product_categorie = '45'`);
  besideWithout = c!.n;
}, 1_200_000);

afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

/** Start of a copy's declared history: Holland Rijnland's demo years from 2021 (historieDemojaren), the others 2023. */
const historyStart = (regionId: string) => (regionId.endsWith('-holland-rijnland') ? '2021-01-01' : '2023-01-01');
const days = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
/** Diagnostiek (6 weeks) before dagbehandeling when the dagbehandeling then runs at least 6 weeks more: 84 days in all (to its end or today). */
const withDiagnostiek = (a: Alloc) => a.t_cat === '41' && days(a.t_start, a.t_end ?? TODAY) >= 83;
/** Aftercare (8 weeks) after a stay that ended by today and lasted at least 8 weeks before it: 112 days in all. */
const withNazorg = (a: Alloc) => a.t_cat === '43' && a.t_end !== null && a.t_end <= TODAY && days(a.t_start, a.t_end) >= 111;
/** The span a product of a trajectory covers, by the assumptions (before the history is cut off). */
const span = (a: Alloc): [string, string | null] => {
  if (a.code === '41DIA') return [a.t_start, addDays(a.t_start, 41)];
  if (withDiagnostiek(a)) return [addDays(a.t_start, 42), a.t_end];
  if (withNazorg(a)) return a.cat === '45' ? [addDays(a.t_end!, -55), a.t_end] : [a.t_start, addDays(a.t_end!, -56)];
  return [a.t_start, a.t_end];
};

/** The allocations of each trajectory and product, in order. */
const byProduct = () => {
  const m = new Map<string, Alloc[]>();
  for (const a of list) {
    const k = `${a.trajectory_id}|${a.code}`;
    m.set(k, [...(m.get(k) ?? []), a]);
  }
  return [...m.values()];
};

describe('national set: more allocations per trajectory, each by a stated assumption', () => {
  it('the totals are what the database holds, and the assumptions add allocations against the same population', async () => {
    const [c] = await rows<{ n: number }>(sql`select count(*)::int as n from allocations where region_id = any(${sql.param(without.regions)}::text[])`);
    expect(result.totals.allocations + without.totals.allocations).toBe(c!.n);
    expect(list.length).toBeLessThanOrEqual(result.totals.allocations);
    // The second run's copies are the first run's population (the same seeds: copy k and k + n share their base, not their seed), so compare per trajectory.
    expect(result.totals.allocations / result.totals.trajectories).toBeGreaterThan((1.3 * without.totals.allocations) / without.totals.trajectories);
  });

  it('the allocations of one product of a trajectory tile its span from the history start: no gap, no overlap, cut at a year end or a change (05)', () => {
    let changes = 0;
    for (const pieces of byProduct()) {
      const first = pieces[0]!;
      const [from, to] = span(first);
      const h = historyStart(first.region_id);
      expect(first.start, `trajectory ${first.trajectory_id} ${first.code}`).toBe(from > h ? from : h);
      expect(pieces.at(-1)!.end, `trajectory ${first.trajectory_id} ${first.code}`).toBe(to);
      for (let k = 0; k + 1 < pieces.length; k++) {
        const [a, b] = [pieces[k]!, pieces[k + 1]!];
        expect(b.start, `trajectory ${a.trajectory_id} ${a.code}`).toBe(addDays(a.end!, 1));
        if (a.reden === '05') {
          changes++;
          // IV066: the Omvang changed by a quarter (at least 1), never below 1.
          expect(Math.abs(b.volume - a.volume)).toBe(Math.max(1, Math.round(a.volume / 4)));
          expect(b.volume).toBeGreaterThanOrEqual(1);
          expect(['04', '16', '01', '84']).toContain(a.eenheid);
        } else {
          expect(a.reden).toBeNull();
          expect(a.end!.slice(5)).toBe('12-31');
          expect(b.volume).toBe(a.volume);
        }
      }
    }
    expect(changes).toBeGreaterThan(20);
  });

  it('a change comes 3 to 6 months after the allocation (or the trajectory) started, and not after today', () => {
    for (const pieces of byProduct()) {
      // Changes before the history have no allocation: the first change seen is then counted from an unknown date.
      const from = span(pieces[0]!)[0];
      let since: string | null = from >= historyStart(pieces[0]!.region_id) ? from : null;
      for (const a of pieces) {
        if (a.reden !== '05') continue;
        const next = addDays(a.end!, 1);
        expect(next <= TODAY).toBe(true);
        if (since === null) {
          since = next;
          continue;
        }
        const months = Number(next.slice(0, 4)) * 12 + Number(next.slice(5, 7)) - (Number(since.slice(0, 4)) * 12 + Number(since.slice(5, 7)));
        expect(months, `trajectory ${a.trajectory_id} from ${since} to ${next}`).toBeGreaterThanOrEqual(3);
        expect(months).toBeLessThanOrEqual(6);
        since = next;
      }
    }
  });

  it('combined care: only 42 and 45 beside 41 and 54 beside 45 (and 45 after 43), over the trajectory; 54 beside about 25% of the 45 trajectories', () => {
    const beside = list.filter((a) => a.cat !== a.t_cat);
    expect(beside.length).toBeGreaterThan(10);
    const pairs = new Set(beside.map((a) => `${a.t_cat}+${a.cat}`));
    for (const p of pairs) expect(['41+42', '41+45', '45+54', '43+45', '47+45', '48+45']).toContain(p);
    expect(pairs).toContain('45+54');
    // Dagbehandeling trajectories (P x Q) that run in the history, and those with vervoer beside them.
    const dag = new Set(list.filter((a) => a.t_cat === '41' && a.cat === '41' && a.frequentie === '2' && a.code !== '41DIA').map((a) => a.trajectory_id));
    const vervoer = new Set(list.filter((a) => a.t_cat === '41' && a.cat === '42').map((a) => a.trajectory_id));
    expect(dag.size).toBeGreaterThan(0);
    for (const t of vervoer) expect(dag.has(t)).toBe(true);
    // Ambulant trajectories (45, P x Q or result-based) and those with a behandeling (54) beside them.
    const ambulant = new Set(list.filter((a) => a.t_cat === '45' && a.cat === '45').map((a) => a.trajectory_id));
    const behandeling = new Set(list.filter((a) => a.t_cat === '45' && a.cat === '54').map((a) => a.trajectory_id));
    expect(ambulant.size).toBeGreaterThan(80);
    for (const t of behandeling) expect(ambulant.has(t)).toBe(true);
    // 0.25 within the binomial spread (3 standard deviations).
    const sd = Math.sqrt((0.25 * 0.75) / ambulant.size);
    expect(behandeling.size / ambulant.size).toBeGreaterThan(0.25 - 3 * sd);
    expect(behandeling.size / ambulant.size).toBeLessThan(0.25 + 3 * sd);
    // Over the trajectory: the product beside starts with the trajectory's own (after diagnostiek; or the history) and ends with it.
    for (const pieces of byProduct().filter((p) => p[0]!.cat !== p[0]!.t_cat && p[0]!.t_cat !== '43')) {
      const first = pieces[0]!;
      const from = first.t_cat === '41' && withDiagnostiek(first) ? addDays(first.t_start, 42) : first.t_start;
      const h = historyStart(first.region_id);
      expect(first.start).toBe(from > h ? from : h);
      expect(pieces.at(-1)!.end).toBe(first.t_end);
    }
  });

  it('diagnostiek before dagbehandeling: exactly the dagbehandeling trajectories of 84 days or more (to today) have it, 6 weeks, its own code', () => {
    const dag = list.filter((a) => a.t_cat === '41' && a.cat === '41' && a.frequentie === '2');
    const expected = new Set(
      dag.filter((a) => withDiagnostiek(a) && addDays(a.t_start, 41) >= historyStart(a.region_id)).map((a) => `${a.region_id}|${a.trajectory_id}`),
    );
    const diag = dag.filter((a) => a.code === '41DIA');
    expect(new Set(diag.map((a) => `${a.region_id}|${a.trajectory_id}`))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(3);
    for (const a of diag) {
      // One piece (6 weeks fit in one year unless they cross a year end: then two), never a change of the Omvang.
      expect(a.reden).toBeNull();
      expect(a.end! <= addDays(a.t_start, 41)).toBe(true);
    }
    // Its own product code, different from the dagbehandeling's of the same trajectory.
    for (const a of diag) expect(dag.some((b) => b.trajectory_id === a.trajectory_id && b.code !== '41DIA')).toBe(true);
  });

  it('ambulant aftercare (copies at 0.04): exactly the stays (43) that ended by today after 112 days or more end with 8 weeks of 45, declared', () => {
    const own = stays.filter((a) => a.cat === '43');
    const expected = new Set(own.filter((a) => withNazorg(a) && a.t_end! >= historyStart(a.region_id)).map((a) => a.trajectory_id));
    const nazorg = stays.filter((a) => a.cat === '45');
    expect(new Set(nazorg.map((a) => a.trajectory_id))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(2);
    for (const a of nazorg) expect(a.frequentie).toBe('2');
    // The stay and its aftercare tile the trajectory from the history start (cut at year ends).
    for (const t of expected) {
      const pieces = stays.filter((a) => a.trajectory_id === t);
      for (const code of new Set(pieces.map((a) => a.code))) {
        const p = pieces.filter((a) => a.code === code);
        const [from, to] = span(p[0]!);
        const h = historyStart(p[0]!.region_id);
        expect(p[0]!.start).toBe(from > h ? from : h);
        expect(p.at(-1)!.end).toBe(to);
      }
    }
    // The settlement declares them: the aftercare allocations of 31 days or more in the declared history have lines.
    const declared = nazorg.filter((a) => a.start <= '2026-09-30' && daysIn(a.start, a.end!) >= 31);
    expect(declared.length).toBeGreaterThan(0);
    for (const a of declared) expect(a.lines, `aftercare of trajectory ${a.trajectory_id} from ${a.start}`).toBeGreaterThan(0);
  });

  it('jeugdhulp beside a maatregel (copies at 0.04): exactly the maatregelen of the share (75%) in the history, 45 of another segment and provider, over the maatregel', () => {
    // The aanname's rule written out: a maatregel in the history (ending on or after its start) whose hash of the trajectory id falls in the share.
    const inHistory = maatregelen.filter((m) => m.t_end === null || m.t_end >= historyStart(m.region_id));
    const expected = new Set(inHistory.filter((m) => hash('maatregel', m.trajectory_id) % 1000 < 750).map((m) => m.trajectory_id));
    expect(new Set(beside.map((b) => b.trajectory_id))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(3);
    expect(expected.size).toBeLessThan(inHistory.length);
    expect(besideWithout).toBe(0);
    for (const t of expected) {
      const m = maatregelen.find((x) => x.trajectory_id === t)!;
      const pieces = beside.filter((b) => b.trajectory_id === t);
      for (const b of pieces) {
        // Another segment and provider (the region's ambulant segment, a contracted provider), the same youth, P x Q per week.
        expect(b.segment_id).not.toBe(m.t_segment);
        expect(b.provider_id).not.toBe(m.t_provider);
        expect(b.contract_ok).toBe(1);
        expect(b.youth_id).toBe(m.t_youth);
        expect(b.frequentie).toBe('2');
      }
      // Over the maatregel from the history start, cut at year ends.
      const h = historyStart(m.region_id);
      expect(pieces[0]!.start).toBe(m.t_start > h ? m.t_start : h);
      expect(pieces.at(-1)!.end).toBe(m.t_end);
      for (let k = 0; k + 1 < pieces.length; k++) {
        expect(pieces[k]!.end!.slice(5)).toBe('12-31');
        expect(pieces[k + 1]!.start).toBe(addDays(pieces[k]!.end!, 1));
      }
    }
    // One segment for all (Holland Rijnland's ambulante jeugdhulp: the most trajectories of 45), and the settlement declares them.
    expect(new Set(beside.map((b) => b.segment_id)).size).toBe(1);
    // Some maatregelen are with a provider that is contracted in that segment too: their jeugdhulp still goes to another provider.
    const segment = beside[0]!.segment_id;
    const alsoThere = [...expected].filter((t) => {
      const m = maatregelen.find((x) => x.trajectory_id === t)!;
      return contractsOfCopies.some((c) => c.region_id === m.region_id && c.segment_id === segment && c.provider_id === m.t_provider);
    });
    expect(alsoThere.length).toBeGreaterThan(0);
    const declared = beside.filter((a) => a.start <= '2026-09-30' && daysIn(a.start, a.end ?? '2026-10-31') >= 31);
    expect(declared.length).toBeGreaterThan(3);
    for (const a of declared) expect(a.lines, `jeugdhulp beside maatregel ${a.trajectory_id} from ${a.start}`).toBeGreaterThan(0);
  });

  it('history years: Holland Rijnland from 2021 (its financial framework 2021-2024), the other copies from 2023, allocations and lines', async () => {
    const firsts = await rows<{ region_id: string; a: string; l: string }>(sql`
      select a.region_id, to_char(min(a.ingangsdatum), 'YYYY-MM-DD') as a,
        (select to_char(min(l.begindatum), 'YYYY-MM') from declaration_lines l where l.region_id = a.region_id) as l
      from allocations a where a.region_id = any(${sql.param(result.regions)}::text[]) group by a.region_id`);
    const hr = firsts.filter((f) => f.region_id.endsWith('-holland-rijnland'));
    expect(hr.length).toBe(1);
    expect(hr[0]).toMatchObject({ a: '2021-01-01', l: '2021-01' });
    for (const f of firsts.filter((x) => !x.region_id.endsWith('-holland-rijnland'))) expect(f.a).toBe('2023-01-01');
  });

  it('result-based care: an allocation per calendar year it runs (2023-2026)', () => {
    let multi = 0;
    for (const pieces of byProduct().filter((p) => p[0]!.frequentie === '6')) {
      const first = pieces[0]!;
      const years =
        Number((first.t_end ?? TODAY).slice(0, 4)) - Math.max(Number(historyStart(first.region_id).slice(0, 4)), Number(first.t_start.slice(0, 4))) + 1;
      expect(pieces.length, `trajectory ${first.trajectory_id}`).toBe(years);
      if (years > 1) multi++;
    }
    expect(multi).toBeGreaterThan(10);
  });

  it('the settlement uses them: every P x Q allocation of at least 31 days in the declared history has lines, changed and combined ones too', () => {
    const declared = list.filter(
      (a) => a.frequentie === '2' && a.start <= '2026-09-30' && (a.end === null || a.end >= a.start) && daysIn(a.start, a.end ?? '2026-10-31') >= 31,
    );
    expect(declared.length).toBeGreaterThan(100);
    for (const a of declared) expect(a.lines, `allocation of trajectory ${a.trajectory_id} ${a.code} from ${a.start}`).toBeGreaterThan(0);
    expect(declared.filter((a) => a.reden === '05').length).toBeGreaterThan(10);
    expect(declared.filter((a) => a.cat !== a.t_cat).length).toBeGreaterThan(10);
  });

  it('the settlement rejects no line of them except the demo over-declarations (9321)', async () => {
    const codes = await rows<{ code: string; n: number }>(sql`
      select c as code, count(*)::int as n from declaration_lines, unnest(codes) c where region_id like 'nl%' and not approved group by 1`);
    for (const c of codes) expect(c.code).toBe('9321');
  });

  it('every result-based allocation from 2023 has its advance (voorschot) scheduled', async () => {
    const [m] = await rows<{ missing: number; total: number }>(sql`
      select count(*) filter (where not exists (select 1 from payment_schedule p where p.region_id = a.region_id
          and p.description = 'voorschot toewijzing ' || a.toewijzing_nummer))::int as missing, count(*)::int as total
      from allocations a where a.region_id like 'nl%' and a.frequentie = '6' and a.ingangsdatum >= '2023-01-01'
        and a.segment_id in (select segment_id from payment_schedule where model = 'resultaatgericht')`);
    expect(m!.total).toBeGreaterThan(50);
    expect(m!.missing).toBe(0);
  });
});

const daysIn = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
