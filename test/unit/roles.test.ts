/**
 * Roles and tenancy scope (roles.ts). DESIGN.md "Data principles": a municipality sees its
 * residents, a provider its own clients and contracts, a contract manager aggregates; enforced
 * in the query layer. DESIGN.md "Users and what they do" lists the roles.
 */
import { describe, expect, it } from 'vitest';
import { dataScope, mayReadPersonalData, requiredScope, ROLE_LABELS, ROLES, scopeProblem, type Role, type UserScope } from '../../src/domain/access/roles.js';

const EXPECTED: Record<Role, ReturnType<typeof requiredScope>> = {
  toegang: 'municipality',
  gemeente: 'municipality',
  aanbieder: 'provider',
  contractmanager: 'region',
  controller: 'region',
  beleid: 'region',
  beheer: 'all',
  // Functionaris gegevensbescherming: reads the region's audit trail (issue #10).
  privacy: 'region',
};

/** A user record with exactly the scope its role needs. */
function validUser(role: Role, regionId: string | null = 'wbo'): UserScope {
  const need = requiredScope(role);
  return {
    userId: 1,
    username: `${role}.wbo`,
    role,
    regionId: need === 'all' ? null : regionId,
    municipalityCode: need === 'municipality' ? '0758' : null,
    providerId: need === 'provider' ? 42 : null,
  };
}

describe('requiredScope: every role', () => {
  it('covers exactly the roles DESIGN.md names, each with a Dutch label', () => {
    expect([...ROLES].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const r of ROLES) expect(ROLE_LABELS[r].length).toBeGreaterThan(0);
  });
  it.each(ROLES.map((r) => [r, EXPECTED[r]]))('%s needs scope %s', (role, scope) => {
    expect(requiredScope(role as Role)).toBe(scope);
  });
});

describe('scopeProblem: a user record is validated against its role', () => {
  it.each([...ROLES])('a correctly scoped %s has no problem', (role) => {
    expect(scopeProblem(validUser(role))).toBeNull();
  });
  it.each([
    [{ role: 'toegang', regionId: null, municipalityCode: '0758', providerId: null }, 'role toegang needs a region'],
    [{ role: 'gemeente', regionId: 'wbo', municipalityCode: null, providerId: null }, 'role gemeente needs a municipality'],
    [{ role: 'aanbieder', regionId: 'wbo', municipalityCode: null, providerId: null }, 'role aanbieder needs a provider'],
    [{ role: 'contractmanager', regionId: null, municipalityCode: null, providerId: null }, 'role contractmanager needs a region'],
    [{ role: 'contractmanager', regionId: 'wbo', municipalityCode: '0758', providerId: null }, 'role contractmanager is not scoped to a municipality'],
    [{ role: 'controller', regionId: 'wbo', municipalityCode: null, providerId: 42 }, 'role controller is not scoped to a provider'],
    [{ role: 'gemeente', regionId: 'wbo', municipalityCode: '0758', providerId: 42 }, 'role gemeente is not scoped to a provider'],
    [{ role: 'aanbieder', regionId: 'wbo', municipalityCode: '0758', providerId: 42 }, 'role aanbieder is not scoped to a municipality'],
    [{ role: 'beheer', regionId: null, municipalityCode: '0758', providerId: null }, 'role beheer is not scoped to a municipality'],
    [{ role: 'beheer', regionId: null, municipalityCode: null, providerId: 1 }, 'role beheer is not scoped to a provider'],
  ] as const)('%j -> %s', (u, message) => {
    expect(scopeProblem(u)).toBe(message);
  });
  it('beheer needs no region (it may see every region)', () => {
    expect(scopeProblem({ role: 'beheer', regionId: null, municipalityCode: null, providerId: null })).toBeNull();
  });
});

describe('dataScope: the rows of a region a user may see', () => {
  it('a municipality user sees its own municipality of its own region', () => {
    expect(dataScope(validUser('toegang'), 'wbo')).toEqual({ kind: 'municipality', regionId: 'wbo', municipalityCode: '0758' });
    expect(dataScope(validUser('gemeente'), 'wbo')).toEqual({ kind: 'municipality', regionId: 'wbo', municipalityCode: '0758' });
  });
  it('a provider user sees its own clients and contracts', () => {
    expect(dataScope(validUser('aanbieder'), 'wbo')).toEqual({ kind: 'provider', regionId: 'wbo', providerId: 42 });
  });
  it.each(['contractmanager', 'controller', 'beleid'] as const)('%s aggregates over its own region', (role) => {
    expect(dataScope(validUser(role), 'wbo')).toEqual({ kind: 'region', regionId: 'wbo' });
  });
  it('beheer (no region) sees every region', () => {
    expect(dataScope(validUser('beheer'), 'wbo')).toEqual({ kind: 'region', regionId: null });
    expect(dataScope(validUser('beheer'), 'holland-rijnland')).toEqual({ kind: 'region', regionId: null });
  });
  it.each(ROLES.filter((r) => r !== 'beheer'))('%s of another region sees nothing', (role) => {
    expect(dataScope(validUser(role, 'holland-rijnland'), 'wbo')).toEqual({ kind: 'none' });
  });
  it('a beheer user bound to one region sees nothing of another region', () => {
    expect(dataScope({ ...validUser('beheer'), regionId: 'holland-rijnland' }, 'wbo')).toEqual({ kind: 'none' });
  });
});

describe('mayReadPersonalData (DESIGN.md: process information, every read audit-logged)', () => {
  it.each([...ROLES])('%s', (role) => {
    expect(mayReadPersonalData(role)).toBe(['toegang', 'gemeente', 'aanbieder'].includes(role));
  });
});
