/**
 * Who sees what (issue #10 item 5): the pure visibility rules per resource and the route-level
 * decision of the authorisation matrix.
 */
import { describe, expect, it } from 'vitest';
import { caseStateForProvider, landscapeVisibility, procedureVisibility } from '../../src/domain/access/visibility.js';
import { AUTHZ_MATRIX, decide, fieldVisible, routeKey } from '../../src/api/authz-matrix.js';
import { newCase, type CaseState } from '../../src/domain/access/case.js';
import { ROLES } from '../../src/domain/access/roles.js';

describe('procedures: bids, prices, scores and rankings only for procurement roles', () => {
  it('contractmanager and beheer see everything', () => {
    for (const role of ['contractmanager', 'beheer'] as const)
      expect(procedureVisibility({ role, providerId: null })).toEqual({
        applications: 'alle',
        bids: true,
        ranking: true,
        awards: 'alle',
        awardScores: true,
        export: true,
      });
  });
  it('a bidder sees its own application and scores, no ranking, no export', () => {
    expect(procedureVisibility({ role: 'aanbieder', providerId: 7 })).toEqual({
      applications: 'eigen',
      bids: true,
      ranking: false,
      awards: 'eigen',
      awardScores: true,
      export: false,
    });
  });
  it('every other role sees no application, bid or ranking', () => {
    for (const role of ROLES.filter((r) => !['contractmanager', 'beheer', 'aanbieder'].includes(r))) {
      const v = procedureVisibility({ role, providerId: null });
      expect(v, role).toMatchObject({ applications: 'geen', bids: false, ranking: false, awardScores: false, export: false });
    }
  });
});

describe('a case as a provider sees it', () => {
  const state: CaseState = {
    ...newCase({
      hulpvraag: 'Melding Veilig Thuis',
      aangemeldOp: '2026-11-01T09:00:00Z',
      crisis: false,
      geboortedatum: '2012-01-01',
      regievoerder: 'J. de Vries',
    }),
    status: 'toegewezen',
    triage: { datum: '2026-11-02', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'meervoudig', domeinoverstijgend: false },
    mdos: [{ datum: '2026-11-03', deelnemers: ['slt'], overeenstemming: true, afweging: 'vertrouwelijk' }],
    verwijzingen: [{ id: 1, datum: '2026-11-04', verwijzer: '01', segmentId: 's', kader: 'vrijwillig' }],
    beschikkingen: [
      { id: 1, datum: '2026-11-05', verwijzingId: 1, segmentId: 's', ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'slt' },
      { id: 2, datum: '2026-11-05', verwijzingId: 1, segmentId: 's', ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'slt' },
    ],
    toewijzingen: [
      { nummer: 10, beschikkingId: 1, segmentId: 's', providerId: 1, productCategorie: '54', ingangsdatum: '2026-12-01', einddatum: '2027-05-31' },
      { nummer: 11, beschikkingId: 2, segmentId: 's', providerId: 2, productCategorie: '54', ingangsdatum: '2026-12-01', einddatum: '2027-05-31' },
    ],
  } as CaseState;
  it('only its own allocations and the decisions they rest on; no help question, triage, MDO or referrals', () => {
    const v = caseStateForProvider(state, 1);
    expect(v.toewijzingen.map((t) => t.nummer)).toEqual([10]);
    expect(v.beschikkingen.map((b) => b.id)).toEqual([1]);
    for (const k of ['hulpvraag', 'triage', 'mdos', 'analyse', 'verwijzingen', 'nazorg']) expect(k in v, k).toBe(false);
    expect(v.regievoerder).toBe('J. de Vries');
    expect(v.geboortedatum).toBe('2012-01-01');
  });
});

describe('landscape: the contract register only for logged-in roles that work with it', () => {
  it('anonymous and the privacy officer: none; a provider: its own; others: all', () => {
    expect(landscapeVisibility(null)).toEqual({ register: 'geen' });
    expect(landscapeVisibility({ role: 'privacy', providerId: null })).toEqual({ register: 'geen' });
    expect(landscapeVisibility({ role: 'aanbieder', providerId: 3 })).toEqual({ register: 'eigen', providerId: 3 });
    expect(landscapeVisibility({ role: 'gemeente', providerId: null })).toEqual({ register: 'alle' });
  });
});

describe('route-level decision of the matrix', () => {
  const rule = AUTHZ_MATRIX['GET /regions/{id}/procedures/{pid}'];
  it('maps a Fastify route onto its matrix key', () => {
    expect(routeKey('get', '/api/v1/regions/:id/procedures/:pid')).toBe('GET /regions/{id}/procedures/{pid}');
  });
  it('401 without login, 403 for a role not listed, 404 for another region, allowed otherwise', () => {
    expect(decide(rule, null, { path: 'wbo' })).toMatchObject({ allow: false, status: 401 });
    expect(decide(rule, { role: 'toegang', regionId: 'wbo' }, { path: 'wbo' })).toMatchObject({ allow: false, status: 403 });
    expect(decide(rule, { role: 'contractmanager', regionId: 'holland-rijnland' }, { path: 'wbo' })).toMatchObject({ allow: false, status: 404 });
    expect(decide(rule, { role: 'contractmanager', regionId: 'wbo' }, { path: 'wbo' })).toEqual({ allow: true });
    expect(decide(rule, { role: 'beheer', regionId: null }, { path: 'wbo' })).toEqual({ allow: true });
  });
  it('a route missing from the matrix is refused for everybody', () => {
    expect(decide(undefined, { role: 'beheer', regionId: null }, {})).toMatchObject({ allow: false, status: 403 });
  });
  it('the bid fields of a procedure: procurement roles and the bidder only', () => {
    expect(ROLES.filter((r) => fieldVisible(rule!, 'inschrijvingen', r))).toEqual(['aanbieder', 'contractmanager', 'beheer']);
    expect(fieldVisible(rule!, 'inschrijvingen', 'anoniem')).toBe(false);
  });
});
