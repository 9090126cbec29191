/**
 * Form guards of the access process (issue #13), pure: expected values by hand from the rules.
 * Jeugdwet art. 1.1 (jeugdige under 18, verlengde jeugdhulp to 23); Holland Rijnland's
 * zorg-einde-leeftijd (seed 004 §4.2: 18, pleegzorg/gezinshuis 21, verlenging tot 23); WBO's
 * mdo-verplicht (seed 003 §5.2).
 */
import { describe, expect, it } from 'vitest';
import { guardBirthDate, guardDecision, guardMdo, guardReferral, highestCareAge } from '../../src/domain/access/input-guards.js';
import { newCase, type CaseState } from '../../src/domain/access/case.js';
import type { Regel } from '../../src/domain/landscape/profile-schema.js';

const bron = { seed: '004', sectie: '4.2' };
const hr = {
  id: 'hr-einde',
  type: 'zorg-einde-leeftijd',
  leeftijd: 18,
  uitzonderingen: [{ segmenten: ['wonen'], leeftijd: 21 }],
  verlengingTot: 23,
  soort: 'signaal',
  bron,
} as unknown as Regel;
const mdo = {
  id: 'wbo-mdo',
  type: 'mdo-verplicht',
  complexiteit: ['complex', 'hoogcomplex'],
  deelnemers: ['specialistische-jeugdhulp', 'verblijf-crisis', 'sociale-basis'],
  soort: 'blokkerend',
  bron: { seed: '003', sectie: '5.2' },
} as unknown as Regel;

describe('age of a jeugdige', () => {
  it('the highest care age: the extension of the rule, else 21 from an exception, else the Jeugdwet 23', () => {
    expect(highestCareAge([hr], 23)).toBe(23);
    expect(highestCareAge([{ ...hr, verlengingTot: undefined } as unknown as Regel], 23)).toBe(21);
    expect(highestCareAge([], 23)).toBe(23);
  });
  it('refuses 76 years and 23 years; accepts the day before the 23rd birthday', () => {
    expect(guardBirthDate('1950-05-01', '2026-11-22', [hr], 23)[0]!.message).toContain('76 jaar');
    expect(guardBirthDate('2003-11-22', '2026-11-22', [], 23)).toHaveLength(1);
    expect(guardBirthDate('2003-11-23', '2026-11-22', [], 23)).toEqual([]);
    expect(guardBirthDate('2026-11-23', '2026-11-22', [], 23)[0]!.message).toBe('De geboortedatum (23-11-2026) ligt in de toekomst.');
  });
});

describe('referral and decision dates', () => {
  const s: CaseState = {
    ...newCase({ hulpvraag: 'x', aangemeldOp: '2026-11-01T09:00:00Z', crisis: false, geboortedatum: '2014-01-01' }),
    status: 'verwezen',
    verwijzingen: [{ id: 1, datum: '2026-11-20', verwijzer: '01', segmentId: 'a', kader: 'vrijwillig' }],
  };
  it('a referral today passes, tomorrow not', () => {
    expect(guardReferral({ datum: '2026-11-22' }, '2026-11-22')).toEqual([]);
    expect(guardReferral({ datum: '2026-11-23' }, '2026-11-22')[0]!.field).toBe('verwijzing.datum');
  });
  it('a decision on the day of its referral passes, the day before not', () => {
    expect(guardDecision(s, { verwijzingId: 1, ingangsdatum: '2026-11-20' })).toEqual([]);
    expect(guardDecision(s, { verwijzingId: 1, ingangsdatum: '2026-11-19' })[0]!.field).toBe('beschikking.ingangsdatum');
  });
});

describe('required MDO participants (seed 003 §5.2)', () => {
  const base = newCase({ hulpvraag: 'x', aangemeldOp: '2026-11-01T09:00:00Z', crisis: false, geboortedatum: '2014-01-01' });
  const complex: CaseState = {
    ...base,
    status: 'getrieerd',
    triage: { datum: '2026-11-02', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'complex', domeinoverstijgend: false },
  };
  const m = (deelnemers: string[], overeenstemming = true) => ({ datum: '2026-11-10', deelnemers, overeenstemming, afweging: '' });
  it('names the missing participants in Dutch; passes with all three; no agreement or a simple case is not refused', () => {
    expect(guardMdo([mdo], complex, m(['lokaal-team', 'sociale-basis']))[0]!.message).toBe(
      'De regio vereist bij complexe problematiek ook deze deelnemers aan het MDO: Specialistische en locatiegebonden jeugdhulp, Verblijf met behandeling en crisiszorg.',
    );
    expect(guardMdo([mdo], complex, m(['specialistische-jeugdhulp', 'verblijf-crisis', 'sociale-basis']))).toEqual([]);
    expect(guardMdo([mdo], complex, m(['lokaal-team', 'sociale-basis'], false))).toEqual([]);
    expect(guardMdo([mdo], { ...complex, triage: { ...complex.triage!, complexiteit: 'enkelvoudig' } }, m(['lokaal-team', 'sociale-basis']))).toEqual([]);
  });
});
