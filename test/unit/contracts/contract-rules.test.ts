/**
 * Contract rules (src/domain/contracts): term and extension options, the notice period for changes,
 * market concentration and development partner selection, dialogue and action lifecycles,
 * consortium composition. Each test names the rule and the seed it comes from.
 */
import { describe, expect, it } from 'vitest';
import { exerciseExtension, termView, statusOn } from '../../../src/domain/contracts/term.js';
import { changeState, checkChange, earliestEffective, latestAnnouncement, withdrawRefusal } from '../../../src/domain/contracts/changes.js';
import { concentration, selectDevelopmentPartners, SelectionError, type OntwikkelpartnersRegel } from '../../../src/domain/contracts/market.js';
import {
  actionTransition,
  cycleFor,
  dialogueTransition,
  holdRefusal,
  IllegalDialogueTransition,
  isOverdue,
  scheduleDates,
} from '../../../src/domain/contracts/dialogues.js';
import { checkConsortium, checkConsortiumChange } from '../../../src/domain/contracts/consortium.js';
import { addDays } from '../../../src/domain/dates.js';
import type { Regel } from '../../../src/domain/landscape/profile-schema.js';
import { realProfile } from '../helpers.js';

const bron004 = {
  seed: '004' as const,
  sectie: '4 Uitwerking inkoop per segment - Planning',
  citaat: 'de gemeenten wijzigingen in de overeenkomsten zes maanden vooraf moeten aankondigen',
};
const zesMaanden: Regel = { id: 'contractwijziging-zes-maanden-vooraf', type: 'wijzigingstermijn', soort: 'blokkerend', maanden: 6, bron: bron004 };

describe('looptijd 5+1+1 (seed 003 §5.3.1: vijf jaar met twee verlengingsopties van één jaar)', () => {
  const slt = { startDate: '2027-01-01', endDate: '2031-12-31', extensionYears: [1, 1], extensionsUsed: 0 };
  it('term view: original end 2031-12-31, two options left, at most until 2033-12-31, label 5+1+1', () => {
    expect(termView(slt)).toEqual({
      startDate: '2027-01-01',
      endDate: '2031-12-31',
      originalEndDate: '2031-12-31',
      maximumEndDate: '2033-12-31',
      extensionsUsed: 0,
      remainingOptions: [1, 1],
      label: '5+1+1',
    });
  });
  it('exercising the first option moves the end one year; the view keeps the original end', () => {
    const r = exerciseExtension(slt, '2031-06-30');
    expect(r).toEqual({ ok: true, optionYears: 1, fromEndDate: '2031-12-31', newEndDate: '2032-12-31', extensionsUsed: 1 });
    const after = { ...slt, endDate: '2032-12-31', extensionsUsed: 1 };
    expect(termView(after)).toMatchObject({ originalEndDate: '2031-12-31', remainingOptions: [1], maximumEndDate: '2033-12-31', label: '5+1+1' });
  });
  it('refused when no option is left', () => {
    expect(exerciseExtension({ ...slt, endDate: '2033-12-31', extensionsUsed: 2 }, '2033-01-01')).toMatchObject({ ok: false, reason: 'geen-opties' });
    expect(exerciseExtension({ ...slt, extensionYears: [] }, '2028-01-01')).toMatchObject({ ok: false, reason: 'geen-opties' });
  });
  it('refused after the end date; allowed on the last day', () => {
    expect(exerciseExtension(slt, '2032-01-01')).toMatchObject({ ok: false, reason: 'na-einde' });
    expect(exerciseExtension(slt, '2031-12-31')).toMatchObject({ ok: true, newEndDate: '2032-12-31' });
  });
  it('2+1+1 (seed 003 §6.3.1) ending on 29 February keeps the day before the anniversary', () => {
    const t = { startDate: '2026-03-01', endDate: '2028-02-29', extensionYears: [1, 1], extensionsUsed: 0 };
    expect(termView(t).label).toBe('2+1+1');
    expect(exerciseExtension(t, '2028-01-01')).toMatchObject({ ok: true, newEndDate: '2029-02-28' });
  });
  it('status from the dates', () => {
    expect(statusOn(slt, '2026-11-22')).toBe('gegund');
    expect(statusOn(slt, '2027-01-01')).toBe('lopend');
    expect(statusOn(slt, '2032-01-01')).toBe('afgelopen');
  });
});

describe('wijzigingstermijn (seed 004 §4 Planning: zes maanden vooraf aankondigen)', () => {
  it('wijzigingstermijn: seed 004 Planning — announced 2021-07-01 for 2022-01-01 is accepted', () => {
    const r = checkChange({ kind: 'tarief', announcedOn: '2021-07-01', effectiveOn: '2022-01-01' }, [zesMaanden], '2021-07-01');
    expect(r.refusals).toEqual([]);
    expect(r.notice).toMatchObject({
      ruleId: 'contractwijziging-zes-maanden-vooraf',
      months: 6,
      earliestEffective: '2022-01-01',
      latestAnnouncement: '2021-07-01',
    });
  });
  it('wijzigingstermijn: seed 004 Planning — announced 2021-07-02 for 2022-01-01 is refused, naming the rule and its source', () => {
    const r = checkChange({ kind: 'tarief', announcedOn: '2021-07-02', effectiveOn: '2022-01-01' }, [zesMaanden], '2021-07-02');
    expect(r.refusals).toHaveLength(1);
    expect(r.refusals[0]).toMatchObject({ ruleId: 'contractwijziging-zes-maanden-vooraf', source: { seed: '004', section: bron004.sectie } });
    expect(r.refusals[0]!.message).toContain('6 maanden vooraf');
    expect(r.refusals[0]!.message).toContain('uiterlijk op 01-07-2021');
  });
  it('month arithmetic: a period from the 31st ends with a shorter month, so the earliest effective date is the 1st of the next month', () => {
    expect(earliestEffective('2021-08-31', 6)).toBe('2022-03-01');
    expect(earliestEffective('2023-08-29', 6)).toBe('2024-02-29'); // leap year has the 29th
    expect(earliestEffective('2022-08-29', 6)).toBe('2023-03-01');
    expect(latestAnnouncement('2022-02-28', 6)).toBe('2021-08-28');
    expect(latestAnnouncement('2022-08-31', 6)).toBe('2022-02-28');
  });
  it('month arithmetic: "announced <= effective - N months" and "effective >= earliestEffective(announced)" agree on every day of 2021-2024', () => {
    for (let a = '2021-01-01'; a <= '2024-12-31'; a = addDays(a, 1)) {
      const earliest = earliestEffective(a, 6);
      // the day before the earliest is refused, the earliest itself accepted
      expect(a <= latestAnnouncement(earliest, 6), a).toBe(true);
      expect(a <= latestAnnouncement(addDays(earliest, -1), 6), a).toBe(false);
    }
  });
  it('without a wijzigingstermijn in the profile (seed 003 names none) only the date rules apply', () => {
    const r = checkChange({ kind: 'overig', announcedOn: '2026-11-22', effectiveOn: '2026-12-01' }, [], '2026-11-22');
    expect(r).toEqual({ refusals: [], notice: null });
  });
  it('date rules: effective after announcement, announcement not in the future, effective within the contract term', () => {
    const ids = (r: ReturnType<typeof checkChange>) => r.refusals.map((x) => x.ruleId);
    expect(ids(checkChange({ kind: 'tarief', announcedOn: '2026-11-22', effectiveOn: '2026-11-22' }, [], '2026-11-22'))).toEqual(['ingang-na-aankondiging']);
    expect(ids(checkChange({ kind: 'tarief', announcedOn: '2026-11-23', effectiveOn: '2027-06-01' }, [], '2026-11-22'))).toEqual(['aankondiging-in-toekomst']);
    expect(ids(checkChange({ kind: 'tarief', announcedOn: '2026-01-01', effectiveOn: '2027-06-01', contractEndDate: '2026-12-31' }, [], '2026-11-22'))).toEqual(
      ['ingang-binnen-looptijd'],
    );
    expect(
      ids(checkChange({ kind: 'looptijd', announcedOn: '2026-01-01', effectiveOn: '2027-06-01', contractEndDate: '2026-12-31' }, [], '2026-11-22')),
    ).toEqual([]);
  });
  it('a change is announced, then in force on its effective date; withdrawal only before that', () => {
    const c = { status: 'aangekondigd', effectiveOn: '2022-01-01' };
    expect(changeState(c, '2021-12-31')).toBe('aangekondigd');
    expect(changeState(c, '2022-01-01')).toBe('van-kracht');
    expect(withdrawRefusal(c, '2021-12-31')).toBeNull();
    expect(withdrawRefusal(c, '2022-01-01')).toMatch(/in werking getreden/);
    expect(withdrawRefusal({ ...c, status: 'ingetrokken' }, '2021-09-01')).toMatch(/al ingetrokken/);
    expect(changeState({ ...c, status: 'ingetrokken' }, '2022-06-01')).toBe('ingetrokken');
  });
  it('the Holland Rijnland profile carries the rule as typed data: wijzigingstermijn of 6 months, blocking', () => {
    const rule = realProfile('holland-rijnland').regels.find((r) => r.type === 'wijzigingstermijn');
    expect(rule).toMatchObject({ id: 'contractwijziging-zes-maanden-vooraf', maanden: 6, soort: 'blokkerend', bron: { seed: '004' } });
  });
});

describe('market concentration (seed 004 §4.2: vijf aanbieders realiseren 85% van de omzet)', () => {
  const t = (ids: number[], cents: number[]) => ids.map((id, i) => ({ providerId: id, name: `A${id}`, cents: cents[i]! }));
  it('shares, top-5 share, HHI and the Pareto curve, largest first; providers without turnover left out', () => {
    const c = concentration(t([1, 2, 3, 4, 5, 6, 7], [10_00, 50_00, 20_00, 5_00, 5_00, 10_00, 0]));
    expect(c.totalCents).toBe(100_00);
    expect(c.providerCount).toBe(6);
    expect(c.providers.map((p) => p.providerId)).toEqual([2, 3, 1, 6, 4, 5]);
    expect(c.top5Share).toBeCloseTo(0.95);
    expect(c.hhi).toBe(50 ** 2 + 20 ** 2 + 10 ** 2 + 10 ** 2 + 5 ** 2 + 5 ** 2);
    expect(c.pareto[0]).toEqual({ x: 0, y: 0 });
    expect(c.pareto.at(-1)).toEqual({ x: 1, y: 1 });
    expect(c.pareto[1]).toEqual({ x: 1 / 6, y: 0.5 });
  });
  it('a monopoly has HHI 10,000; an empty market has no shares', () => {
    expect(concentration(t([1], [5])).hhi).toBe(10_000);
    expect(concentration([])).toMatchObject({ totalCents: 0, providerCount: 0, top5Share: 0, hhi: 0 });
  });
});

describe('ontwikkelpartners (seed 004 §3.2 c: objectief criterium, omzetdrempel of Pareto-analyse)', () => {
  const bron = { seed: '004' as const, sectie: '3.2 c. Selectie van ontwikkelpartners', citaat: 'Op dit moment gebruiken de gemeenten een Pareto-analyse' };
  const pareto: OntwikkelpartnersRegel = { id: 'ontwikkelpartners-objectief-criterium', type: 'ontwikkelpartners', soort: 'signaal', methode: 'pareto', bron };
  const market = [
    { providerId: 1, name: 'Groot', cents: 500_00 },
    { providerId: 2, name: 'Middel', cents: 300_00 },
    { providerId: 3, name: 'Klein', cents: 150_00 },
    { providerId: 4, name: 'Kleinst', cents: 50_00 },
    { providerId: 5, name: 'Zonder omzet', cents: 0 },
  ];
  const opts = { segmentName: 'Wonen', period: '2025' };
  it('ontwikkelpartners pareto: the smallest set of largest providers reaching 80% (exactly reached by two)', () => {
    const s = selectDevelopmentPartners(pareto, market, { ...opts, paretoAandeel: 0.8 });
    expect(s.partners).toEqual([1, 2]);
    expect(s.regular).toEqual([3, 4, 5]);
    expect(s.partnerShare).toBeCloseTo(0.8);
    expect(s.parameter).toEqual({ paretoAandeel: 0.8, from: 'aanname' });
    expect(s.rationale).toContain('Pareto-analyse: de 2 grootste van 4 aanbieders');
    expect(s.rationale).toContain('aanname');
    expect(s.rationale).toContain('bron 004 §3.2 c');
    expect(s.rationale).not.toContain('seed');
  });
  it('ontwikkelpartners pareto: 81% needs a third provider', () => {
    expect(selectDevelopmentPartners(pareto, market, { ...opts, paretoAandeel: 0.81 }).partners).toEqual([1, 2, 3]);
  });
  it('ontwikkelpartners pareto: the profile’s own share wins over the supplied assumption', () => {
    const s = selectDevelopmentPartners({ ...pareto, paretoAandeel: 0.5 }, market, { ...opts, paretoAandeel: 0.95 });
    expect(s.partners).toEqual([1]);
    expect(s.parameter.from).toBe('profiel');
  });
  it('ontwikkelpartners pareto: without a share from profile or caller the rule cannot be applied', () => {
    expect(() => selectDevelopmentPartners(pareto, market, opts)).toThrow(SelectionError);
  });
  it('ontwikkelpartners omzetdrempel: every provider at or above the threshold', () => {
    const s = selectDevelopmentPartners({ ...pareto, methode: 'omzetdrempel' }, market, { ...opts, omzetdrempelCents: 150_00 });
    expect(s.partners).toEqual([1, 2, 3]);
    expect(s.rationale).toContain('Omzetdrempel: 3 van 4 aanbieders');
  });
  it('no turnover: refused with a reason (the market view says there is no funding data)', () => {
    expect(() =>
      selectDevelopmentPartners(
        pareto,
        market.map((m) => ({ ...m, cents: 0 })),
        { ...opts, paretoAandeel: 0.8 },
      ),
    ).toThrow(/geen omzet/);
  });
  it('the Holland Rijnland profile says pareto and leaves the share out (seed 004 names no figure)', () => {
    const rule = realProfile('holland-rijnland').regels.find((r) => r.type === 'ontwikkelpartners');
    expect(rule).toMatchObject({ id: 'ontwikkelpartners-objectief-criterium', methode: 'pareto' });
    expect(rule).not.toHaveProperty('paretoAandeel');
  });
});

describe('dialoogcyclus (seed 003 §10.2 sturings- en verantwoordingsdialoog; seed 004 contractgesprekken)', () => {
  it('dialogue lifecycle: gepland -> gehouden | geannuleerd; nothing after', () => {
    expect(dialogueTransition('gepland', 'gehouden')).toBe('gehouden');
    expect(dialogueTransition('gepland', 'geannuleerd')).toBe('geannuleerd');
    expect(() => dialogueTransition('gehouden', 'geannuleerd')).toThrow(IllegalDialogueTransition);
    expect(() => dialogueTransition('geannuleerd', 'gehouden')).toThrow(IllegalDialogueTransition);
  });
  it('holding: only a planned dialogue, and not on a future date', () => {
    expect(holdRefusal({ status: 'gepland' }, '2026-11-22', '2026-11-22')).toBeNull();
    expect(holdRefusal({ status: 'gepland' }, '2026-11-23', '2026-11-22')).toMatch(/toekomst/);
    expect(holdRefusal({ status: 'gehouden' }, '2026-11-20', '2026-11-22')).toMatch(/gehouden/);
  });
  it('action lifecycle: open -> afgerond | vervallen; overdue when open after the due date', () => {
    expect(actionTransition('open', 'afgerond')).toBe('afgerond');
    expect(() => actionTransition('afgerond', 'vervallen')).toThrow(IllegalDialogueTransition);
    expect(isOverdue({ status: 'open', dueOn: '2026-11-21' }, '2026-11-22')).toBe(true);
    expect(isOverdue({ status: 'open', dueOn: '2026-11-22' }, '2026-11-22')).toBe(false);
    expect(isOverdue({ status: 'afgerond', dueOn: '2026-01-01' }, '2026-11-22')).toBe(false);
  });
  it('schedule: every quarter from the contract start, from a given date on', () => {
    expect(scheduleDates('2027-01-01', 'kwartaal', '2027-05-01', 3)).toEqual(['2027-07-01', '2027-10-01', '2028-01-01']);
    expect(scheduleDates('2027-01-31', 'maand', '2027-01-31', 2)).toEqual(['2027-01-31', '2027-02-28']);
  });
  it('WBO asks for sturings- and verantwoordingsdialogen (seed 003 §10.2); Holland Rijnland for contract talks and ontwikkeltafels (seed 004)', () => {
    const wbo = realProfile('wbo');
    const wboKinds = [...wbo.regels, ...wbo.segmenten.flatMap((s) => s.regels)]
      .filter((r) => r.type === 'dialoogcyclus')
      .flatMap((r) => cycleFor([r]).map((d) => d.soort));
    expect(new Set(wboKinds)).toEqual(new Set(['sturingsdialoog', 'verantwoordingsdialoog']));
    const hr = realProfile('holland-rijnland');
    const hrRules = [...hr.regels, ...hr.segmenten.flatMap((s) => s.regels)];
    const hrKinds = new Set(cycleFor(hrRules).map((d) => d.soort));
    expect(hrKinds).toEqual(new Set(['contractgesprek', 'ontwikkeltafel']));
    // seed 004 §4.1: "contractgesprekken die ieder kwartaal met jeugdhulpaanbieders worden gevoerd"
    const s1 = hr.segmenten.find((s) => s.id === 'behandeling-met-verblijf')!;
    expect(cycleFor(s1.regels, 'contract')).toEqual([expect.objectContaining({ soort: 'contractgesprek', frequentie: 'kwartaal' })]);
  });
});

describe('consortium-samenstelling (seed 003 §5.2: een partij binnen de sociale basis en een jeugdhulpaanbieder)', () => {
  const rule = realProfile('wbo').segmenten.find((s) => s.id === 'slt')!.regels;
  it('a consortium with both kinds passes; subcontractors do not count', () => {
    expect(
      checkConsortium(rule, [
        { name: 'A', kind: 'institutionele-sociale-basis', role: 'penvoerder' },
        { name: 'B', kind: 'jeugdhulpaanbieder', role: 'lid' },
      ]),
    ).toEqual([]);
  });
  it('a consortium without a youth-care provider is refused, naming wbo-slt-consortium and seed 003 §5.2', () => {
    const r = checkConsortium(rule, [
      { name: 'A', kind: 'institutionele-sociale-basis', role: 'penvoerder' },
      { name: 'B', kind: 'jeugdhulpaanbieder', role: 'onderaannemer' },
    ]);
    expect(r).toEqual([expect.objectContaining({ ruleId: 'wbo-slt-consortium', source: expect.objectContaining({ seed: '003', section: '5.2' }) })]);
    expect(r[0]!.message).toContain('jeugdhulpaanbieder');
  });
  it('one lead party (penvoerder) only; no members is no consortium', () => {
    expect(
      checkConsortium(rule, [
        { name: 'A', kind: 'institutionele-sociale-basis', role: 'penvoerder' },
        { name: 'B', kind: 'jeugdhulpaanbieder', role: 'penvoerder' },
      ]).map((x) => x.ruleId),
    ).toEqual(['een-penvoerder']);
    expect(checkConsortium(rule, [])).toEqual([]);
  });
  const isb = { name: 'Welzijn', kind: 'institutionele-sociale-basis', role: 'lid' };
  const jh = { name: 'Jeugdhulp', kind: 'jeugdhulpaanbieder', role: 'lid' };
  const holder = { name: 'Houder', kind: 'sociale-basis', role: 'penvoerder' };
  it('consortium-samenstelling on change: adding a party to a consortium being formed is allowed and says what is missing', () => {
    const r = checkConsortiumChange(rule, [], [holder, isb]);
    expect(r.refusals).toEqual([]);
    expect(r.incomplete).toEqual([{ ruleId: 'wbo-slt-consortium', missing: ['jeugdhulpaanbieder'] }]);
  });
  it('consortium-samenstelling on change: removing the last institutional social-base party is refused', () => {
    const r = checkConsortiumChange(rule, [holder, isb, jh], [holder, jh]);
    expect(r.refusals.map((x) => x.ruleId)).toEqual(['wbo-slt-consortium']);
    expect(r.refusals[0]!.message).toContain('institutionele-sociale-basis');
    expect(checkConsortiumChange(rule, [holder, isb, jh], [holder, isb, jh, { ...jh, name: 'Onder', role: 'onderaannemer' }]).refusals).toEqual([]);
  });
});

describe('term label of a transition contract (no whole years)', () => {
  it('reads in months, not as a date range', () => {
    expect(termView({ startDate: '2018-09-01', endDate: '2020-12-31', extensionYears: [], extensionsUsed: 0 }).label).toBe('28 maanden');
    expect(termView({ startDate: '2025-06-02', endDate: '2028-12-31', extensionYears: [], extensionsUsed: 0 }).label).toBe('42 maanden en 30 dagen');
  });
});
