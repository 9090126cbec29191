/**
 * The shipped scenario files (profiles/<regio>/scenarios/*.yaml): valid against the schema, every
 * segment they name exists in the region's profile, and every seed citation is literal seed text
 * (whitespace of the PDF text normalised to one space).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioFiles, shippedScenarioFiles, parseScenarioYaml } from '../../src/app/simulation/run.js';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { realProfile, ROOT } from './helpers.js';
import { checkScenario, simulateScenario, type BaseData } from '../../src/domain/simulation/engine.js';

const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const HAVE_SEEDS = existsSync(SEEDS);
const seedText = (seed: string) => {
  const f = readdirSync(SEEDS).find((x) => x.startsWith(`${seed}_`))!;
  return readFileSync(join(SEEDS, f), 'utf8').replace(/\s+/g, ' ');
};
const norm = (s: string) => s.replace(/\s+/g, ' ');

const REGIONS = ['wbo', 'holland-rijnland', 'haaglanden', 'regio-2021', 'hart-van-brabant'];

describe('shipped scenario files', () => {
  for (const region of REGIONS) {
    it(`${region}: valid, with a no-change scenario, naming only the profile's segments`, () => {
      const files = shippedScenarioFiles(region);
      expect(files.length).toBeGreaterThan(0);
      const segs = new Set(realProfile(region).segmenten.map((s) => s.id));
      for (const { definition } of files) {
        expect(definition.regio).toBe(region);
        expect(definition.scenarios.some((s) => s.wijzigingen.length === 0)).toBe(true);
        for (const sc of definition.scenarios)
          for (const w of sc.wijzigingen) {
            const named =
              w.soort === 'bekostiging' ? [w.segment] : w.soort === 'verschuiving' ? [w.van, w.naar] : w.soort === 'plafond' && w.segment ? [w.segment] : [];
            for (const id of named) expect(segs.has(id), `${sc.id}: ${id}`).toBe(true);
          }
      }
    });
  }
  it.skipIf(!HAVE_SEEDS)('every citation is literal seed text', () => {
    let n = 0;
    for (const region of REGIONS)
      for (const { definition } of shippedScenarioFiles(region))
        for (const sc of definition.scenarios)
          for (const b of [sc.bron, ...sc.wijzigingen.map((w) => w.bron)]) {
            if (!b?.citaat) continue;
            n++;
            expect(seedText(b.seed), `${region}/${sc.id}`).toContain(norm(b.citaat));
          }
    expect(n).toBeGreaterThanOrEqual(8);
  });
  it('profiles check: every shipped file ok; a broken copy is named with its problem', () => {
    const real = checkScenarioFiles(join(ROOT, 'profiles'));
    expect(real.problems).toEqual([]);
    for (const region of REGIONS)
      expect(
        real.ok.some((f) => f.file.split(/[/\\]/).slice(-3, -2)[0] === region),
        region,
      ).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'rk-scen-'));
    try {
      cpSync(join(ROOT, 'profiles', 'wbo', 'scenarios'), join(dir, 'wbo', 'scenarios'), { recursive: true });
      writeFileSync(join(dir, 'wbo', 'scenarios', 'kapot.yaml'), 'regio: wbo\nbasis: { jaren: [2025] }\n');
      writeFileSync(
        join(dir, 'wbo', 'scenarios', 'andere-regio.yaml'),
        readFileSync(join(ROOT, 'profiles', 'haaglanden', 'scenarios', 'resultaatbekostiging.yaml'), 'utf8'),
      );
      const r = checkScenarioFiles(dir);
      expect(r.ok).toHaveLength(1);
      expect(r.problems).toEqual([
        expect.stringMatching(/andere-regio\.yaml: regio "haaglanden" hoort bij de map "wbo"/),
        expect.stringMatching(/kapot\.yaml klopt niet: .*levensvatbaarheidsdrempel/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a bad file gives Dutch problems with their path', () => {
    expect(() => parseScenarioYaml('regio: wbo\nbasis: { jaren: [2025] }\nscenarios: []\n')).toThrow(/levensvatbaarheidsdrempel/);
    expect(() => parseScenarioYaml('regio: [')).toThrow(/geen geldige YAML/);
  });
  it('out of range: the problem in Dutch with its path, never zod\'s English ("Too big")', () => {
    // Holland Rijnland's shipped scenario with the beschikbaarheid share at 150% and a trajectprijs percentile of 150 (allowed 1-99).
    const text = readFileSync(join(ROOT, 'profiles', 'holland-rijnland', 'scenarios', 'plafonds-en-beschikbaarheid-wonen.yaml'), 'utf8').replace(
      'naar: { model: beschikbaarheid, aandeel: 0.3 }',
      'naar: { model: trajectprijs, percentiel: 150 }',
    );
    expect(text).toContain('percentiel: 150');
    let message = '';
    try {
      parseScenarioYaml(text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/naar\.percentiel: moet 99 of minder zijn/);
    expect(message).not.toMatch(/Too big|expected|Invalid/);
  });
});

describe('the seed scenarios of the regions without a demo population, on fixtures', () => {
  /** Two trajectories per segment of the profile: EUR 100 a month for 3 months, goal attainment 50%. */
  function fixture(region: string): BaseData {
    const segs = realProfile(region).segmenten.map((s) => ({ id: s.id, name: s.naam }));
    return {
      years: [2025],
      segments: segs,
      providers: [{ id: 1, agb: '10000001', name: 'Aanbieder' }],
      municipalities: [{ code: '0001', name: 'Gemeente', inhabitants: 1000 }],
      trajectories: segs.flatMap((_, seg) =>
        [0, 1].map((j) => ({
          seg,
          prov: 0,
          mun: 0,
          cat: '45',
          client: seg * 10 + j,
          start: '2025-01-01',
          end: '2025-03-31',
          goal: 0.5,
          months: [0, 1, 2],
          cents: [10000, 10000, 10000],
        })),
      ),
      schedules: [],
      ceilings: [],
      budgets: [],
    };
  }
  const run = (region: string, id: string) => {
    const file = shippedScenarioFiles(region)[0]!.definition;
    const sc = file.scenarios.find((s) => s.id === id)!;
    const base = fixture(region);
    expect(checkScenario(base, sc)).toEqual([]);
    return { base, r: simulateScenario(base, sc, { spread: { volumegroei: 0, doelbereik: 0 }, runs: 0, seed: 1, viability: 0.8 }) };
  };
  it('haaglanden (seed 002): 70% upfront and the measured 50% goal attainment pay 0.7 + 0.3 x 0.5 = 85% of segments B and C', () => {
    const { r } = run('haaglanden', 'resultaatbekostiging');
    expect(r.bySegment['b-laagcomplexe-hulp']).toBe(51000); // 2 x 300 x 0.85
    expect(r.bySegment['c-hoogcomplexe-hulp']).toBe(51000);
    expect(r.bySegment['a-basishulp']).toBe(60000);
  });
  it('regio-2021 (seed 001): caseload at the cost-neutral price pays the same for ambulant help', () => {
    const { r } = run('regio-2021', 'caseload-ambulant');
    // 2 clients x 3 months = 6 client-months; 60000 / 6 = 10000 cents per client-month.
    expect(r.bySegment['ambulante-hulp']).toBe(60000);
    expect(r.details.notes.join(' ')).toMatch(/€ 100,00 per cliënt per maand/);
  });
  it("holland-rijnland (seed 004): the efficiency cut of 1% a year lowers every year; availability keeps Wonen's money", () => {
    const hr = fixture('holland-rijnland');
    const file = shippedScenarioFiles('holland-rijnland')[0]!.definition;
    const two: BaseData = { ...hr, years: [2024, 2025], trajectories: hr.trajectories.map((t) => ({ ...t, months: [0, 12], cents: [10000, 10000] })) };
    const opts = { spread: { volumegroei: 0, doelbereik: 0 }, runs: 0, seed: 1, viability: 0.8 };
    const r = simulateScenario(
      two,
      file.scenarios.find((s) => s.id === 'plafonds-per-segment')!,
      opts,
    );
    const n = two.trajectories.length;
    // Per cell (segment, year) 2 x EUR 100 = 20000 cents; x 0.99 in the first year and x 0.9801 in the second.
    expect(r.byYear).toEqual({ '2024': (n / 2) * 19800, '2025': (n / 2) * 19602 });
    const w = simulateScenario(
      two,
      file.scenarios.find((s) => s.id === 'beschikbaarheid-wonen')!,
      opts,
    );
    expect(w.bySegment.wonen).toBe(40000);
    expect(w.byMunicipality.regionaal).toBe(12000); // 30% of Wonen fixed per provider
  });
});
