/**
 * Changing and withdrawing an allocation (src/domain/access/allocation-change.ts) as the iJw 3.2
 * rules allow it: same ToewijzingNummer for an end date, budget or total volume (OP033x1, IV066),
 * removal with reden 13 (CS335, OP362, TR385), a new allocation for another extent (OP257, IV093),
 * consultation on the municipality's initiative (OP033x1, OP186, OP299), and no change that makes
 * delivered or declared care unlawful (UP031, OP345). Every refusal leaves the case as it was.
 */
import { describe, expect, it } from 'vitest';
import { needsNewAllocation, wijzigToewijzing, type AllocationChange } from '../../src/domain/access/allocation-change.js';
import { IllegalTransition, newCase, transitions, type CaseState, type Toewijzing } from '../../src/domain/access/case.js';

const AT = '2026-11-22T09:00:00.000Z';
const SEG = 'specialistische-ambulante-behandeling';
const weekly = { volume: 3, eenheid: '04', frequentie: '2' };
const total = { volume: 40, eenheid: '04', frequentie: '6' };

function caseWith(t: Partial<Toewijzing> = {}, status: CaseState['status'] = 'toegewezen'): CaseState {
  const base = newCase({ hulpvraag: 'Angstklachten', aangemeldOp: '2026-11-01T09:00:00.000Z', crisis: false, geboortedatum: '2012-03-04' });
  const toewijzing: Toewijzing = {
    nummer: 100001,
    beschikkingId: 1,
    segmentId: SEG,
    providerId: 7,
    productCategorie: '54',
    productCode: '54A01',
    ingangsdatum: '2026-12-01',
    einddatum: '2027-05-31',
    omvang: weekly,
    status: 'toegewezen',
    ...t,
  };
  return Object.freeze({
    ...base,
    status,
    verwijzingen: [{ id: 1, datum: '2026-11-10', verwijzer: '01', segmentId: SEG, kader: 'vrijwillig' }],
    beschikkingen: [
      { id: 1, datum: '2026-11-12', verwijzingId: 1, segmentId: SEG, ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'gemeente' },
      { id: 2, datum: '2026-11-20', verwijzingId: 1, segmentId: SEG, ingangsdatum: '2027-06-01', einddatum: '2027-12-31', besluitDoor: 'gemeente' },
    ],
    toewijzingen: [toewijzing],
  }) as CaseState;
}
const change = (over: Partial<AllocationChange>): AllocationChange => ({
  nummer: 100001,
  redenWijziging: '05',
  initiatief: 'gemeente',
  afgestemdMetAanbieder: true,
  ...over,
});
function refused(s: CaseState, c: AllocationChange, opts: Parameters<typeof wijzigToewijzing>[2] = { at: AT }): string {
  const before = structuredClone(s);
  try {
    wijzigToewijzing(s, c, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(IllegalTransition);
    expect(s).toEqual(before);
    return (e as Error).message;
  }
  throw new Error('the change was not refused');
}

describe('same ToewijzingNummer: end date, budget, total volume (OP033x1, OP380, IV066)', () => {
  it('intrekken: a shorter end date keeps the number and carries the reason and the moment (IV099, IV013)', () => {
    const r = wijzigToewijzing(caseWith(), change({ einddatum: '2027-02-28' }), { at: AT });
    expect(r.created).toBeUndefined();
    expect(r.changed).toMatchObject({
      nummer: 100001,
      einddatum: '2027-02-28',
      omvang: weekly,
      redenWijziging: '05',
      vastgesteldOp: AT,
      status: 'toegewezen',
      beschikkingId: 1,
    });
    expect(r.state.status).toBe('toegewezen');
  });
  it('oprekken: a longer end date moves the allocation to the decision that continues it; without one it is refused', () => {
    const r = wijzigToewijzing(caseWith(), change({ einddatum: '2027-09-30', redenWijziging: '04' }), { at: AT });
    expect(r.changed).toMatchObject({ einddatum: '2027-09-30', beschikkingId: 2, redenWijziging: '04' });
    expect(refused(caseWith(), change({ einddatum: '2028-03-31', redenWijziging: '04' }))).toMatch(/leg eerst een beschikking vast/);
  });
  it('a total volume (frequentie 6) changes in place; so does a budget', () => {
    const s = caseWith({ omvang: total });
    expect(needsNewAllocation(s, change({ omvang: { ...total, volume: 60 } }))).toBe(false);
    expect(wijzigToewijzing(s, change({ omvang: { ...total, volume: 60 } }), { at: AT }).changed.omvang).toEqual({ ...total, volume: 60 });
    const budget = caseWith({ productCode: undefined, omvang: undefined, budgetCents: 500_000 });
    expect(wijzigToewijzing(budget, change({ budgetCents: 650_000 }), { at: AT }).changed).toMatchObject({ budgetCents: 650_000, nummer: 100001 });
  });
});

describe('another extent: a new allocation from the change date (OP257, IV093)', () => {
  it('3 → 5 hours a week from 1 March: the current one ends 28 February, a new number runs from 1 March without a reason', () => {
    const s = caseWith({ status: 'gestart', startdatum: '2026-12-01' }, 'in-zorg');
    const c = change({ omvang: { ...weekly, volume: 5 }, wijzigingsdatum: '2027-03-01' });
    expect(needsNewAllocation(s, c)).toBe(true);
    const r = wijzigToewijzing(s, c, { at: AT, nieuwNummer: 100050 });
    expect(r.changed).toMatchObject({ nummer: 100001, einddatum: '2027-02-28', omvang: weekly, redenWijziging: '05', status: 'gestart' });
    expect(r.created).toMatchObject({
      nummer: 100050,
      ingangsdatum: '2027-03-01',
      einddatum: '2027-05-31',
      omvang: { ...weekly, volume: 5 },
      status: 'toegewezen',
      productCode: '54A01',
      providerId: 7,
    });
    expect(r.created!.redenWijziging).toBeUndefined();
    expect(r.state.toewijzingen.map((t) => t.nummer)).toEqual([100001, 100050]);
    expect(r.state.status).toBe('in-zorg');
  });
  it('over the whole period of an allocation not yet started: the current one is removed (13) and replaced', () => {
    const r = wijzigToewijzing(caseWith(), change({ omvang: { ...weekly, volume: 5 } }), { at: AT, nieuwNummer: 100051 });
    expect(r.changed).toMatchObject({ status: 'ingetrokken', redenWijziging: '13', einddatum: '2026-12-01' });
    expect(r.created).toMatchObject({ nummer: 100051, ingangsdatum: '2026-12-01' });
  });
  it('refused: over the whole period once care started, or a change date before the start of delivery', () => {
    const started = caseWith({ status: 'gestart', startdatum: '2026-12-10' }, 'in-zorg');
    expect(refused(started, change({ omvang: { ...weekly, volume: 5 } }), { at: AT, nieuwNummer: 1 })).toMatch(/kies een wijzigingsdatum na 2026-12-10/);
    expect(refused(started, change({ omvang: { ...weekly, volume: 5 }, wijzigingsdatum: '2026-12-05' }), { at: AT, nieuwNummer: 1 })).toMatch(
      /op zijn vroegst de dag erna/,
    );
  });
});

describe('removal with reden 13 (CS335, OP362, TR385)', () => {
  it('sets the end date to the start date and the status ingetrokken; the case goes back to beschikt when nothing is left', () => {
    const r = wijzigToewijzing(caseWith(), change({ redenWijziging: '13', einddatum: '2026-12-01', afgestemdMetAanbieder: undefined }), { at: AT });
    expect(r.changed).toMatchObject({ status: 'ingetrokken', einddatum: '2026-12-01', redenWijziging: '13' });
    expect(r.state.status).toBe('beschikt');
  });
  it('refused: another end date, a started allocation, declared lines, or a second time', () => {
    expect(refused(caseWith(), change({ redenWijziging: '13', einddatum: '2026-12-31' }))).toMatch(/CS335/);
    expect(refused(caseWith({ status: 'gestart', startdatum: '2026-12-01' }, 'in-zorg'), change({ redenWijziging: '13', einddatum: '2026-12-01' }))).toMatch(
      /OP362/,
    );
    expect(
      refused(caseWith(), change({ redenWijziging: '13', einddatum: '2026-12-01' }), {
        at: AT,
        declared: { totEnMet: '2026-12-31', volume: 12, bedragCents: 90_000 },
      }),
    ).toMatch(/TR385/);
    const removed = wijzigToewijzing(caseWith(), change({ redenWijziging: '13', einddatum: '2026-12-01' }), { at: AT }).state;
    expect(refused(removed, change({ einddatum: '2027-01-31' }))).toMatch(/verwijderd/);
  });
});

describe('refusals that keep delivered and declared care lawful, and the consultation rule', () => {
  it('the municipality’s own change needs the provider consulted (OP033x1); a JW317 change (reden 12, initiative provider) does not', () => {
    expect(refused(caseWith(), change({ einddatum: '2027-02-28', afgestemdMetAanbieder: false }))).toMatch(/OP033x1/);
    expect(
      wijzigToewijzing(caseWith(), { nummer: 100001, redenWijziging: '12', initiatief: 'aanbieder', einddatum: '2027-02-28' }, { at: AT }).changed
        .redenWijziging,
    ).toBe('12');
    expect(refused(caseWith(), change({ redenWijziging: '12', einddatum: '2027-02-28' }))).toMatch(/verzoek om wijziging/);
    expect(refused(caseWith(), { nummer: 100001, redenWijziging: '05', initiatief: 'aanbieder', einddatum: '2027-02-28' })).toMatch(/IV093/);
  });
  it('no reason outside JZ002 (01 is withdrawn), no change without a difference', () => {
    expect(refused(caseWith(), change({ redenWijziging: '01', einddatum: '2027-02-28' }))).toMatch(/JZ002/);
    expect(refused(caseWith(), change({ redenWijziging: '99', einddatum: '2027-02-28' }))).toMatch(/JZ002/);
    expect(refused(caseWith(), change({ einddatum: '2027-05-31' }))).toMatch(/verandert niets/);
  });
  it('the end stays on or after the start of delivery, the stop date and the last declared day; budget and total volume not below what was declared', () => {
    expect(refused(caseWith({ status: 'gestart', startdatum: '2027-01-15' }, 'in-zorg'), change({ einddatum: '2027-01-10' }))).toMatch(/gestart op 2027-01-15/);
    expect(refused(caseWith({ status: 'gestopt', startdatum: '2026-12-01', stopdatum: '2027-02-20' }), change({ einddatum: '2027-02-10' }))).toMatch(
      /geleverd tot 2027-02-20/,
    );
    expect(
      wijzigToewijzing(
        caseWith({ status: 'gestopt', startdatum: '2026-12-01', stopdatum: '2027-02-20' }),
        change({ redenWijziging: '14', einddatum: '2027-02-20' }),
        { at: AT },
      ).changed.einddatum,
    ).toBe('2027-02-20');
    const declared = { totEnMet: '2027-01-31', volume: 30, bedragCents: 400_000 };
    expect(refused(caseWith(), change({ einddatum: '2027-01-15' }), { at: AT, declared })).toMatch(/UP031/);
    expect(refused(caseWith({ omvang: total }), change({ omvang: { ...total, volume: 20 } }), { at: AT, declared })).toMatch(/UP031/);
    expect(
      refused(caseWith({ productCode: undefined, omvang: undefined, budgetCents: 500_000 }), change({ budgetCents: 300_000 }), { at: AT, declared }),
    ).toMatch(/OP299/);
  });
  it('the variant decides what may change: no extent on a budget allocation, no budget on a specific one', () => {
    expect(refused(caseWith({ productCode: undefined, omvang: undefined, budgetCents: 500_000 }), change({ omvang: weekly }))).toMatch(/specifieke toewijzing/);
    expect(refused(caseWith(), change({ budgetCents: 100 }))).toMatch(/geen budget/);
  });
  it('a closed case: ending is possible, extending is not', () => {
    const closed = caseWith({ status: 'gestopt', startdatum: '2026-12-01', stopdatum: '2027-01-31' }, 'afgesloten');
    expect(wijzigToewijzing(closed, change({ redenWijziging: '14', einddatum: '2027-01-31' }), { at: AT }).state.status).toBe('afgesloten');
    expect(refused(closed, change({ redenWijziging: '04', einddatum: '2027-09-30' }))).toMatch(/afgesloten/);
  });
});

describe('spoedhulp transition (seed 003 §8.2): recorded per phase of a placement', () => {
  it('records a phase; "tijdens" needs a started placement, "voor" lies on or before its start', () => {
    const s = caseWith({ segmentId: 'verblijf-crisis', productCategorie: '43', productCode: undefined, omvang: undefined });
    expect(transitions.spoedhulp(s, 100001, 'voor', '2026-11-25').toewijzingen[0]!.spoedhulp).toEqual({ voor: '2026-11-25' });
    expect(() => transitions.spoedhulp(s, 100001, 'tijdens', '2026-12-02')).toThrow(/nog niet gestart/);
    const started = caseWith({ status: 'gestart', startdatum: '2026-12-01' }, 'in-zorg');
    expect(() => transitions.spoedhulp(started, 100001, 'voor', '2026-12-05')).toThrow(/uiterlijk op de start/);
    expect(transitions.spoedhulp(started, 100001, 'tijdens', '2026-12-01').toewijzingen[0]!.spoedhulp).toEqual({ tijdens: '2026-12-01' });
    expect(() => transitions.spoedhulp(started, 100009, 'na', '2027-06-01')).toThrow(IllegalTransition);
  });
});
