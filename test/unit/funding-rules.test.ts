/**
 * Funding rules as pure calculations, each citing its seed: lump-sum and availability schedules
 * (exact cents), the efficiency discount, result-based shares, the forecast, the Holland Rijnland
 * budget framework 2021-2024 with its printed totals, efficiency cut and indexation, risk
 * equalisation, the ventiel, and the demo's JW323 messages valid under all iJw rules.
 */
import { describe, expect, it } from 'vitest';
import {
  contractComponentSchedule,
  resultSharesFor,
  scheduleComponents,
  type ScheduleComponent,
  type ScheduleContract,
} from '../../src/app/funding/schedules.js';
import { allocatedVolume, forecastYear, monthsAfter, runRate, volumeValue } from '../../src/app/funding/spend.js';
import { maskBsnsInXml } from '../../src/app/funding/declarations.js';
import {
  careBudget,
  careBudgetBeforeIndexation,
  frameworkParameters,
  frameworkTable,
  riskEqualisationYears,
  ventielYears,
} from '../../src/domain/funding/framework.js';
import { ParameterSet } from '../../src/domain/funding/parameters.js';
import { loadDemoParameters } from '../../src/app/profiles/demo-parameters.js';
import { buildDeclaration, demoTariff, type DemoLine, type PlanAllocation } from '../../src/demo/funding.js';
import { afterEfficiencyCut, indexed, resultPayments } from '../../src/domain/funding/models.js';
import { validateMessage } from '../../src/ijw/validate.js';
import { makeProfile, realProfile } from './helpers.js';

const segment = (regio: string, id: string) => {
  const s = realProfile(regio).segmenten.find((x) => x.id === id);
  if (!s) throw new Error(`no segment ${id} in ${regio}`);
  return s;
};
const contract = (over: Partial<ScheduleContract> = {}): ScheduleContract => ({
  id: 1,
  providerId: 1,
  segmentId: 'slt',
  lotId: 'p1',
  startDate: '2027-01-01',
  endDate: '2031-12-31',
  status: 'gegund',
  ...over,
});
const lumpsum: ScheduleComponent = { model: 'taakgericht', description: 'lumpsum', aanvullend: null, bron: { seed: '003', sectie: '5.3.5' } };
const sum = (xs: { amountCents: number }[]) => xs.reduce((a, x) => a + x.amountCents, 0);
/** Index rates for the tests (hand-chosen, not a region's). */
const RATES = [
  { validFrom: '2019-01-01', value: 0.02 },
  { validFrom: '2023-01-01', value: 0.06 },
  { validFrom: '2024-01-01', value: 0.05 },
  { validFrom: '2025-01-01', value: 0.04 },
  { validFrom: '2026-01-01', value: 0.03 },
  { validFrom: '2027-01-01', value: 0.025 },
];
const withDemo = (regio: string) => new ParameterSet(realProfile(regio).parameters, loadDemoParameters(regio).parameters);

describe('lump sum (taakgericht), seed 003 §5.3.5: a monthly schedule per contract', () => {
  it('a full year is paid in twelve monthly parts that add up exactly to the yearly amount', () => {
    const items = contractComponentSchedule(contract(), lumpsum, { from: '2027-01-01', to: '2027-12-31', yearlyCents: () => 4_300_000_007 });
    expect(items).toHaveLength(12);
    expect(sum(items)).toBe(4_300_000_007);
    const amounts = items.map((i) => i.amountCents);
    expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
    expect(items[0]).toMatchObject({ period: '2027-01-01', dueDate: '2027-01-01' });
  });

  it('each year of the term gets its own (indexed) amount; a term starting in July pays 6/12 of its first year', () => {
    const yearly = (y: number) => indexed(1_200_000, 2027, y, RATES);
    const items = contractComponentSchedule(contract({ startDate: '2027-07-01' }), lumpsum, {
      from: '2020-01-01',
      to: '2029-12-31',
      yearlyCents: (_c, _k, y) => yearly(y),
    });
    const inYear = (y: number) => sum(items.filter((i) => i.period.startsWith(String(y))));
    expect(inYear(2027)).toBe(600_000);
    expect(inYear(2028)).toBe(yearly(2028));
    expect(inYear(2029)).toBe(yearly(2029));
    expect(items).toHaveLength(30);
  });

  it('the efficiency discount on the SGGZ share lowers every year by the discount, still exact to the cent (seed 003 §5.3.5 "efficiëntiekorting")', () => {
    const items = contractComponentSchedule(contract(), lumpsum, { from: '2027-01-01', to: '2028-12-31', yearlyCents: () => 1_000_001, discount: () => 0.03 });
    expect(sum(items.filter((i) => i.period.startsWith('2027')))).toBe(Math.round(1_000_001 * 0.97));
    expect(sum(items.filter((i) => i.period.startsWith('2028')))).toBe(Math.round(1_000_001 * 0.97));
    expect(() => contractComponentSchedule(contract(), lumpsum, { from: '2027-01-01', yearlyCents: () => 1, discount: () => 1 })).toThrow(/discount/);
  });

  it('nothing is scheduled outside the contract term or the requested window, or for a year without an amount', () => {
    const items = contractComponentSchedule(contract({ startDate: '2025-03-15', endDate: '2026-02-10' }), lumpsum, {
      from: '2025-06-01',
      yearlyCents: (_c, _k, y) => (y === 2025 ? 1_200 : undefined),
    });
    expect(items.map((i) => i.period)).toEqual(['2025-06-01', '2025-07-01', '2025-08-01', '2025-09-01', '2025-10-01', '2025-11-01', '2025-12-01']);
    expect(sum(items)).toBe(700);
  });

  it('the schedule components follow the profile: WBO SLT a lump sum (003 §5.3.5), dagbesteding a lump sum plus a task budget for consultation (003 §6.2)', () => {
    expect(scheduleComponents(segment('wbo', 'slt')).map((c) => [c.model, c.description])).toEqual([['taakgericht', 'lumpsum']]);
    expect(scheduleComponents(segment('wbo', 'dagbesteding-dagbehandeling')).map((c) => c.model)).toEqual(['taakgericht', 'taakgericht']);
    expect(scheduleComponents(segment('wbo', 'specialistische-ambulante-behandeling'))).toEqual([]);
  });
});

describe('availability funding (beschikbaarheid), seed 004 §4.1 and §4.6: a fixed component per contract beside P x Q', () => {
  it('Holland Rijnland treatment with stay has one availability component (coordination, Centrale Intake) and crisis two (subsidy at the start, availability later)', () => {
    const bmv = scheduleComponents(segment('holland-rijnland', 'behandeling-met-verblijf'));
    expect(bmv).toMatchObject([{ model: 'beschikbaarheid', aanvullend: 0, bron: { seed: '004', sectie: '4.1 Bekostigingsmodel' } }]);
    expect(bmv[0]!.omschrijving).toMatch(/Centrale Intake/);
    expect(scheduleComponents(segment('holland-rijnland', 'crisis')).map((c) => c.model)).toEqual(['beschikbaarheid', 'beschikbaarheid']);
    expect(scheduleComponents(segment('holland-rijnland', 'ambulante-jeugdhulp'))).toEqual([]);
  });

  it('the availability component is paid monthly and adds up exactly to its yearly amount', () => {
    const component = scheduleComponents(segment('holland-rijnland', 'behandeling-met-verblijf'))[0]!;
    const items = contractComponentSchedule(contract({ segmentId: 'behandeling-met-verblijf', startDate: '2021-01-01', endDate: '2030-12-31' }), component, {
      from: '2022-01-01',
      to: '2022-12-31',
      yearlyCents: () => 9_876_543,
    });
    expect(items).toHaveLength(12);
    expect(sum(items)).toBe(9_876_543);
  });
});

describe('result-based payment, seed 002 "een deel van de betaling afhankelijk te maken van de mate waarin het doel bereikt is"', () => {
  const b = segment('haaglanden', 'b-laagcomplexe-hulp');
  it('Haaglanden leaves the advance share open (openVraag): no silent default; the demo states it as aanname', () => {
    expect(() => resultSharesFor(b, new ParameterSet(realProfile('haaglanden').parameters), '2025-03-01')).toThrow(/open/);
    expect(resultSharesFor(b, withDemo('haaglanden'), '2025-03-01')).toMatchObject({
      voorschotAandeel: 0.75,
      naDoelrealisatieAandeel: 0.25,
      aanname: expect.stringMatching(/Aanname \(demo\)/),
    });
  });

  it('a share written in the profile is used with its citation, and it is dated', () => {
    const profile = makeProfile((r) => {
      r.segmenten[0].bekostiging = { variant: 'resultaatgericht', bron: { seed: '002', sectie: 'Voorstel voor resultaatsturing' } };
      r.parameters = [
        {
          id: 'voorschotaandeel',
          segment: r.segmenten[0].id,
          omschrijving: 'voorschot',
          eenheid: 'procent',
          waarden: [
            {
              vanaf: '2020-01-01',
              waarde: '60 %',
              bron: { seed: '002', sectie: 'Voorstel voor resultaatsturing', citaat: 'deels voorfinancieren en deels achteraf.' },
            },
            {
              vanaf: '2024-01-01',
              waarde: '50 %',
              bron: { seed: '002', sectie: 'Voorstel voor resultaatsturing', citaat: 'deels voorfinancieren en deels achteraf.' },
            },
          ],
        },
      ];
    });
    const params = new ParameterSet(profile.parameters);
    expect(resultSharesFor(profile.segmenten[0]!, params, '2023-12-31')).toMatchObject({
      voorschotAandeel: 0.6,
      naDoelrealisatieAandeel: 0.4,
      bron: { seed: '002' },
    });
    expect(resultSharesFor(profile.segmenten[0]!, params, '2024-01-01').voorschotAandeel).toBe(0.5);
  });

  it('the after-goal part is paid in proportion to the degree of goal attainment (hand computed)', () => {
    // Price EUR 3,450.00, 75% up front: advance 2,587.50, after-goal part 862.50; 60% attained pays 517.50.
    expect(resultPayments(345_000, 0.75, 60)).toEqual({ advanceCents: 258_750, afterGoalCents: 86_250, payableAfterGoalCents: 51_750 });
    // 100% pays the whole after-goal part, 0% nothing, and nothing before a degree is recorded.
    expect(resultPayments(345_000, 0.75, 100).payableAfterGoalCents).toBe(86_250);
    expect(resultPayments(345_000, 0.75, 0).payableAfterGoalCents).toBe(0);
    expect(resultPayments(345_000, 0.75, undefined).payableAfterGoalCents).toBe(0);
    // A degree of 33% of 1 cent after-goal rounds to 0; 50% of 3 cents rounds to 2 (half up).
    expect(resultPayments(4, 0.75, 33).payableAfterGoalCents).toBe(0);
    expect(resultPayments(12, 0.75, 50).payableAfterGoalCents).toBe(2);
    for (const price of [1, 99, 345_001, 1_000_000]) {
      const r = resultPayments(price, 0.8, 70);
      expect(r.advanceCents + r.afterGoalCents).toBe(price);
    }
    expect(() => resultPayments(100, 0.8, 101)).toThrow(/between 0 and 100/);
  });
});

describe('forecast to year end: run rate of the last three declared months plus scheduled payments not yet due', () => {
  const declared = new Map<string, number>([
    ...Array.from({ length: 7 }, (_, i) => [`2026-0${i + 1}`, 100_000] as [string, number]),
    ['2026-08', 120_000],
    ['2026-09', 130_000],
    ['2026-10', 140_000],
  ]);
  const scheduled = new Map([
    ['2026-10', { dueCents: 5_000, futureCents: 0 }],
    ['2026-11', { dueCents: 5_000, futureCents: 0 }],
    ['2026-12', { dueCents: 0, futureCents: 5_000 }],
  ]);

  it('extrapolates the run rate over the months not declared and adds the schedule items', () => {
    const f = forecastYear({ year: 2026, declared, scheduled, declaredThrough: '2026-10' });
    expect(f.runRateCents).toBe(130_000);
    expect(f.spentCents).toBe(7 * 100_000 + 120_000 + 130_000 + 140_000 + 10_000);
    expect(f.forecastCents).toBe(f.spentCents + 2 * 130_000 + 5_000);
    expect(f.monthly).toHaveLength(12);
    expect(f.monthly[11]!.cumulativeCents).toBe(f.spentCents);
    expect(f.monthly[11]!.forecastCumulativeCents).toBe(f.forecastCents);
    expect(f.monthly[9]!.forecastCumulativeCents).toBe(f.monthly[9]!.cumulativeCents);
  });

  it('a past year forecasts what was spent; a future year twelve months at the run rate', () => {
    expect(forecastYear({ year: 2025, declared: new Map([['2025-05', 7]]), scheduled: new Map(), declaredThrough: '2026-10' })).toMatchObject({
      spentCents: 7,
      forecastCents: 7,
    });
    expect(forecastYear({ year: 2027, declared, scheduled: new Map(), declaredThrough: '2026-10' }).forecastCents).toBe(12 * 130_000);
    expect(runRate(declared, null)).toBe(0);
    expect(monthsAfter('2026-10', 2026)).toEqual(['2026-11', '2026-12']);
    expect(monthsAfter('2025-12', 2026)).toHaveLength(12);
  });

  it('allocated volume per WMO757 frequency (committed): per day, per week, per month pro rata, total remaining', () => {
    expect(allocatedVolume({ volume: 2, frequentie: '1' }, '2026-11-01', '2026-11-30')).toBe(60);
    expect(allocatedVolume({ volume: 7, frequentie: '2' }, '2026-12-01', '2026-12-31')).toBeCloseTo(31);
    expect(allocatedVolume({ volume: 10, frequentie: '4' }, '2026-11-01', '2026-12-31')).toBeCloseTo(20);
    expect(allocatedVolume({ volume: 10, frequentie: '4' }, '2026-11-16', '2026-11-30')).toBeCloseTo(5);
    expect(allocatedVolume({ volume: 1, frequentie: '6' }, '2026-11-01', '2026-12-31', 1)).toBe(1);
    expect(allocatedVolume({ volume: 1, frequentie: '6' }, '2026-11-01', '2026-12-31', 0)).toBe(0);
    expect(volumeValue(90, '01', { cents: 6_000, eenheid: '04' })).toBe(9_000);
  });
});

describe('budget framework, seed 004 §6.1: the Holland Rijnland financial framework 2021-2024', () => {
  const hr = realProfile('holland-rijnland');
  const table = frameworkTable(hr)!;

  it('reproduces the table per municipality and line, and every printed total within the printed rounding', () => {
    expect(table.jaren).toEqual([2021, 2022, 2023, 2024]);
    expect(table.municipalities).toHaveLength(9);
    expect(table.checks).toHaveLength(12 * 4); // 9 municipalities, 2 subregions, the region; 4 years
    expect(table.allWithinRounding).toBe(true);
    for (const c of table.checks) expect(Math.abs(c.differenceCents)).toBeLessThanOrEqual(c.toleranceCents);
    const leiden = table.municipalities.find((m) => m.code === '0546')!;
    expect(leiden.totals['2021']).toBe(2_657_600_000); // "Totale beschikbare budget 26.576.000"
    expect(leiden.lines.map((l) => l.line)).toEqual(['toegang', 'veiligheid', 'zin', 'pgb', 'begrotingswijzigingen', 'best-case']);
    const regio = table.checks.find((c) => c.niveau === 'regio' && c.year === 2024)!;
    expect(regio.printedCents).toBe(7_875_100_000);
    expect(Math.abs(regio.sumCents - regio.printedCents)).toBeLessThanOrEqual(regio.toleranceCents);
  });

  it('a post changed by more than the rounding is reported', () => {
    const broken = makeProfile();
    broken.financieelKader = structuredClone(hr.financieelKader);
    broken.gemeenten = hr.gemeenten;
    broken.deelregios = hr.deelregios;
    broken.financieelKader!.posten[0]!.bedragen['2021'] = broken.financieelKader!.posten[0]!.bedragen['2021']! + 10_000_000; // EUR 100,000: more than the rounding of every total it is part of
    const t = frameworkTable(broken)!;
    expect(t.allWithinRounding).toBe(false);
    expect(t.checks.filter((c) => !c.withinRounding).map((c) => `${c.niveau}:${c.id ?? ''}:${c.year}`)).toEqual([
      'gemeente:0546:2021',
      'deelregio:leidse-regio:2021',
      'regio::2021',
    ]);
  });

  it('efficiency cut (seed 004 §6 "1% per jaar") after the framework years, indexation with dated rates (parameter)', () => {
    const params = frameworkParameters(hr, new ParameterSet(hr.parameters));
    expect(params.efficiencyCut.rates).toEqual([{ validFrom: '2021-01-01', value: 0.01 }]);
    // The citation is the sentence about the cut itself, not the one about indexation.
    expect(params.efficiencyCut.bron).toMatchObject({ seed: '004', sectie: expect.stringMatching(/^6/), citaat: 'een efficiencykorting van 1% per jaar toe' });
    // The profile leaves indexation open (seed 004 §6): no rate, said so; the demo states its rates as aanname.
    expect(params.indexation.rates).toEqual([]);
    expect(params.indexation.toelichting).toMatch(/open/);
    expect(frameworkParameters(hr, withDemo('holland-rijnland')).indexation.aanname).toMatch(/Indexatie \(demo\)/);
    expect(params.riskEqualisation).toMatchObject({ basisYears: 3, bron: { seed: '004' } });
    expect(params.careLines.lines).toEqual(['zin', 'veiligheid']);
    const leiden2024 = 1_840_800_000 + 232_800_000;
    expect(careBudgetBeforeIndexation(hr, '0546', 2024, params)).toBe(leiden2024);
    expect(careBudgetBeforeIndexation(hr, '0546', 2026, params)).toBe(afterEfficiencyCut(leiden2024, 2024, 2026, params.efficiencyCut.rates));
    expect(careBudgetBeforeIndexation(hr, '0546', 2026, params)).toBe(Math.round(leiden2024 * 0.99 * 0.99));
    expect(careBudgetBeforeIndexation(hr, '0546', 2020, params)).toBeUndefined();
    // The amounts are "niet vooraf geïndexeerd": indexation applies from the price level (2020) with the given rates.
    const flat = { ...params, indexation: { rates: [{ validFrom: '2021-01-01', value: 0.02 }] } };
    expect(careBudget(hr, '0546', 2022, flat)).toBe(Math.round((1_861_600_000 + 232_800_000) * 1.02 * 1.02));
    expect(careBudget(hr, '0546', 2022, { ...params, indexation: { rates: [] } })).toBe(1_861_600_000 + 232_800_000);
  });

  it('a region without a framework has none (WBO), but has its ventiel (seed 003 §10.4) on the SLT term 2027-2031', () => {
    const wbo = realProfile('wbo');
    expect(frameworkTable(wbo)).toBeNull();
    // The profile names the ventiel and leaves its size open; the demo assumes 5% of the lump sum.
    expect(frameworkParameters(wbo, new ParameterSet(wbo.parameters)).ventiel).toMatchObject({
      segmentId: 'slt',
      termYears: 5,
      aanname: expect.stringMatching(/open/),
    });
    expect(frameworkParameters(wbo, new ParameterSet(wbo.parameters)).ventiel!.firstYearShare).toBeUndefined();
    const params = frameworkParameters(wbo, withDemo('wbo'));
    expect(params.ventiel).toMatchObject({ segmentId: 'slt', startYear: 2027, termYears: 5, firstYearShare: 0.05, bron: { seed: '003', sectie: '10.4' } });
    expect(params.ventiel!.aanname).toMatch(/Aanname/);
    expect(params.riskEqualisation).toBeUndefined();
  });
});

describe('risk equalisation, seed 004 §6: the regional total shared by the actual use of the three previous years', () => {
  const realised = new Map([
    [
      '0546',
      new Map([
        [2021, 3_000_001],
        [2022, 3_100_000],
        [2023, 2_900_000],
        [2024, 3_300_000],
      ]),
    ],
    [
      '0547',
      new Map([
        [2021, 500_000],
        [2022, 700_003],
        [2023, 600_000],
        [2024, 640_000],
      ]),
    ],
    [
      '0638',
      new Map([
        [2021, 100_000],
        [2022, 0],
        [2023, 150_007],
        [2024, 90_000],
      ]),
    ],
  ]);
  const rows = riskEqualisationYears({
    years: [2023, 2024, 2025],
    realised,
    regionalTotal: (y) => (y === 2025 ? 1_000_000_003 : 999_999_999),
    ownBudget: (code) => (code === '0546' ? 800_000_000 : 100_000_000),
    names: new Map([['0546', 'Leiden']]),
    lastCompleteYear: 2024,
    basisYears: 3,
  });

  it('contributions add up exactly to the regional total, in proportion to the realisation of the three previous years', () => {
    expect(rows.map((r) => r.year)).toEqual([2024, 2025]); // 2023 lacks three previous years
    for (const r of rows) {
      expect(r.contributions.reduce((a, c) => a + c.contributionCents, 0)).toBe(r.regionalTotalCents);
      expect(r.contributions.reduce((a, c) => a + c.share, 0)).toBeCloseTo(1, 12);
      for (const c of r.contributions) expect(Math.abs(c.contributionCents - c.share * r.regionalTotalCents)).toBeLessThan(1);
    }
    const leiden = rows[0]!.contributions.find((c) => c.code === '0546')!;
    expect(leiden).toMatchObject({ name: 'Leiden', realisedCents: 3_000_001 + 3_100_000 + 2_900_000, ownBudgetCents: 800_000_000 });
    expect(leiden.differenceCents).toBe(leiden.contributionCents - 800_000_000);
    expect(rows[0]!.basisJaren).toEqual([2021, 2022, 2023]);
    expect(rows.every((r) => r.complete)).toBe(true);
  });
});

describe('ventiel, seed 003 §10.4 "extra budget beschikbaar (ventiel, afbouw gedurende looptijd)"', () => {
  it('declines linearly over the contract term to zero after it', () => {
    const years = ventielYears(2_150_000_00, 2027, 5);
    expect(years.map((y) => y.year)).toEqual([2027, 2028, 2029, 2030, 2031, 2032]);
    expect(years.map((y) => y.cents)).toEqual([215_000_000, 172_000_000, 129_000_000, 86_000_000, 43_000_000, 0]);
    for (let i = 1; i < years.length; i++) expect(years[i]!.cents).toBeLessThan(years[i - 1]!.cents);
  });
});

describe('the demo declarations are real JW323 messages, valid under all rules (XSD, TR, CD, CS)', () => {
  const alloc = (over: Partial<PlanAllocation>): PlanAllocation => ({
    trajectoryId: 1,
    youthId: 1,
    bsn: '999900006',
    providerId: 7,
    agb: '98100259',
    contractId: 1,
    segmentId: 'ambulante-jeugdhulp',
    municipalityCode: '0546',
    kind: 'pxq',
    categorie: '45',
    code: '45D01',
    start: '2025-01-10',
    end: null,
    omvang: { volume: 3, eenheid: '04', frequentie: '2' },
    nummer: 100_123,
    ...over,
  });
  it('debits of two clients, a credit of an earlier line with its corrected debit, and an output line (eenheid 82)', () => {
    const a = alloc({});
    const b = alloc({
      bsn: '999900018',
      nummer: 100_124,
      categorie: '54',
      code: '54D04',
      omvang: { volume: 1, eenheid: '82', frequentie: '6' },
      end: '2026-09-20',
    });
    const t = demoTariff(7, '45', '04', 2026, RATES);
    const lines: DemoLine[] = [
      { ref: '100123D202609', a, begin: '2026-09-01', end: '2026-09-30', volume: 11, tarief: t, dc: 'D' },
      { ref: '100123C202608', vorig: '100123D202608', a, begin: '2026-08-01', end: '2026-08-31', volume: 12, tarief: t, dc: 'C' },
      { ref: '100123K202608', a, begin: '2026-08-01', end: '2026-08-31', volume: 11, tarief: t, dc: 'D' },
      { ref: '100124D202609', a: b, begin: '2026-09-01', end: '2026-09-20', volume: 1, tarief: demoTariff(7, '54', '82', 2026, RATES), dc: 'D' },
    ];
    const xml = buildDeclaration({ agb: '98100259', municipalityCode: '0546', month: '2026-09', sendDate: '2026-10-01', lines });
    const verdict = validateMessage(xml, { today: '2026-10-01' });
    expect(verdict.findings).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(verdict.message).toBe('JW323');
    expect(xml).toContain(`<ijw:TotaalBedrag>${11 * t - 12 * t + 11 * t + demoTariff(7, '54', '82', 2026, RATES)}</ijw:TotaalBedrag>`);
  });

  it('tariffs are indexed yearly with the assumed rates and stable per provider', () => {
    expect(demoTariff(7, '45', '04', 2025, RATES)).toBe(indexed(demoTariff(7, '45', '04', 2024, RATES), 2024, 2025, RATES));
    expect(demoTariff(7, '45', '04', 2023, RATES)).toBeLessThan(demoTariff(7, '45', '04', 2024, RATES));
    expect(demoTariff(7, '45', '04', 2026, RATES)).toBe(demoTariff(7, '45', '04', 2026, RATES));
  });

  it('BSNs in an answer are masked for regional roles', () => {
    expect(maskBsnsInXml('<jw325:Bsn>999900006</jw325:Bsn><Bsn>999900018</Bsn>')).toBe('<jw325:Bsn>******006</jw325:Bsn><Bsn>******018</Bsn>');
  });
});
