/**
 * The allowed-commands list the API returns with every case (src/domain/access/commands.ts):
 * it agrees with the transitions of src/domain/access/case.ts in every status (a command is listed
 * exactly when some input makes its transition succeed), and with the roles. Also the external
 * referral before triage (COD327 02/03/04/05/08).
 */
import { describe, expect, it } from 'vitest';
import { allowedCommands, stateAllows, type CommandType } from '../../src/domain/access/commands.js';
import { EXTERNE_VERWIJZERS, IllegalTransition, newCase, transitions, type CaseState, type CaseStatus } from '../../src/domain/access/case.js';

const SEG = 'specialistische-ambulante-behandeling';
const triage = { datum: '2026-11-05', uitkomsten: ['niet-vrij-toegankelijk' as const], complexiteit: 'meervoudig' as const, domeinoverstijgend: false };
const mdo = { datum: '2026-11-08', deelnemers: ['lokaal-team', 'specialistische-jeugdhulp'], overeenstemming: true, afweging: 'Ambulant' };
const verwijzing = (verwijzer: string) => ({ datum: '2026-11-10', verwijzer, segmentId: SEG, kader: 'vrijwillig' as const });
const beschikking = { datum: '2026-11-12', verwijzingId: 1, segmentId: SEG, ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'gemeente' };
const toewijzing = (nummer: number) => ({
  nummer,
  beschikkingId: 1,
  segmentId: SEG,
  providerId: 7,
  productCategorie: '54',
  ingangsdatum: '2026-12-01',
  einddatum: '2027-05-31',
});

function states(): Record<CaseStatus, CaseState> {
  const aangemeld = newCase({
    hulpvraag: 'Zorgen',
    aangemeldOp: '2026-11-02T09:00:00.000Z',
    crisis: false,
    geboortedatum: '2013-02-01',
    regievoerder: 'r.jansen',
  });
  const verheldering = transitions.verheldering(aangemeld);
  const getrieerd = transitions.triage(verheldering, triage);
  const verwezen = transitions.verwijzing(transitions.mdo(getrieerd, mdo), verwijzing('01'));
  const beschikt = transitions.beschikking(verwezen, beschikking);
  const toegewezen = transitions.toewijzing(beschikt, toewijzing(100001));
  const inZorg = transitions.start(toegewezen, 100001, '2026-12-01');
  const tijdelijk = transitions.stop(inZorg, 100001, '2027-01-10', '20');
  const ended = transitions.stop(inZorg, 100001, '2027-03-01', '31');
  const nazorg = transitions.afsluiten(ended, { waakvlam: true });
  const afgesloten = transitions.nazorgBeeindigen(nazorg);
  return { aangemeld, verheldering, getrieerd, verwezen, beschikt, toegewezen, 'in-zorg': inZorg, 'tijdelijk-gestopt': tijdelijk, nazorg, afgesloten };
}
const S = states();

/** Representative inputs per command: the command is possible when one of them passes its transition. */
const TRIES: Partial<Record<CommandType, ((s: CaseState) => CaseState)[]>> = {
  verheldering: [(s) => transitions.verheldering(s)],
  triage: [(s) => transitions.triage(s, triage)],
  mdo: [(s) => transitions.mdo(s, mdo)],
  analyse: [(s) => transitions.analyse(s, { verklarendeAnalyse: true, ambulanteAlternatieven: 'x', diagnostiekAfgerond: true })],
  verwijzing: [(s) => transitions.verwijzing(s, verwijzing('01')), (s) => transitions.verwijzing(s, verwijzing('02'))],
  beschikking: [(s) => transitions.beschikking(s, beschikking)],
  toewijzing: [(s) => transitions.toewijzing(s, toewijzing(100002))],
  start: [(s) => transitions.start(s, 100001, '2027-03-01')],
  stop: [(s) => transitions.stop(s, 100001, '2027-03-01', '31')],
  regie: [(s) => transitions.regie(s, { procesregisseur: 'p' })],
  afsluiten: [(s) => transitions.afsluiten(s, { waakvlam: false })],
  'nazorg-beeindigen': [(s) => transitions.nazorgBeeindigen(s)],
};
const possible = (s: CaseState, tries: ((s: CaseState) => CaseState)[]) =>
  tries.some((f) => {
    try {
      f(s);
      return true;
    } catch (e) {
      if (!(e instanceof IllegalTransition)) throw e;
      return false;
    }
  });

describe('allowedCommands agrees with the transitions', () => {
  for (const [status, s] of Object.entries(S)) {
    it(`status ${status}: a command is listed exactly when its transition is possible`, () => {
      for (const [command, tries] of Object.entries(TRIES)) expect([command, stateAllows(s, command as CommandType)]).toEqual([command, possible(s, tries!)]);
    });
  }
});

describe('allowedCommands by role', () => {
  it('the local team triages, refers and closes; the municipality decides and allocates; the provider starts and stops', () => {
    expect(allowedCommands(S.aangemeld, 'toegang')).toEqual(['verheldering', 'triage', 'verwijzing', 'regie', 'signaal-afgehandeld', 'afsluiten']);
    expect(allowedCommands(S.aangemeld, 'gemeente')).toEqual([]);
    expect(allowedCommands(S.verwezen, 'gemeente')).toEqual(['beschikking']);
    expect(allowedCommands(S.toegewezen, 'gemeente')).toEqual(['beschikking', 'toewijzing', 'toewijzing-wijzigen', 'start']);
    expect(allowedCommands(S['in-zorg'], 'aanbieder')).toEqual(['stop', 'spoedhulp']);
    expect(allowedCommands(S.toegewezen, 'aanbieder')).toEqual(['start', 'overbrugging', 'spoedhulp']);
    expect(allowedCommands(S.afgesloten, 'toegang')).toEqual([]);
    expect(allowedCommands(S.nazorg, 'toegang')).toEqual(['spoedhulp', 'regie', 'signaal-afgehandeld', 'afsluiten', 'nazorg-beeindigen']);
    expect(allowedCommands(S.toegewezen, 'contractmanager')).toEqual([]);
  });
});

describe('external referral before triage (COD327: huisarts, jeugdarts, GI, medisch specialist, rechter)', () => {
  it.each(EXTERNE_VERWIJZERS)('verwijzer %s refers a new or clarifying case directly: verwezen, without triage', (code) => {
    for (const s of [S.aangemeld, S.verheldering]) {
      const next = transitions.verwijzing(s, verwijzing(code));
      expect(next.status).toBe('verwezen');
      expect(next.triage).toBeUndefined();
      expect(next.verwijzingen).toEqual([{ id: 1, ...verwijzing(code) }]);
    }
  });
  it.each(['01', '06'])('verwijzer %s (the municipality itself, or no referrer) still needs the triage first', (code) => {
    expect(() => transitions.verwijzing(S.aangemeld, verwijzing(code))).toThrow(/volgt op de triage/);
  });
  it('after triage without non-freely-accessible care only an external referrer refers; a closed case not at all', () => {
    const noCare = transitions.triage(S.aangemeld, { ...triage, uitkomsten: ['hulp-lokaal-team'] });
    expect(() => transitions.verwijzing(noCare, verwijzing('01'))).toThrow(IllegalTransition);
    expect(transitions.verwijzing(noCare, verwijzing('02')).status).toBe('verwezen');
    expect(() => transitions.verwijzing(S.afgesloten, verwijzing('02'))).toThrow(/afgesloten/);
  });
});
