/**
 * Roles and tenancy scope. A user's scope decides which rows its queries may return:
 * a municipality user (toegang, gemeente) sees its own municipality's residents, a provider
 * user (aanbieder) its own clients and contracts, regional roles aggregate over the region
 * (DESIGN.md "Data principles": tenancy enforced in the query layer).
 */
export const ROLES = ['toegang', 'gemeente', 'aanbieder', 'contractmanager', 'controller', 'beleid', 'beheer', 'privacy'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  toegang: 'Lokaal team (toegang)',
  gemeente: 'Gemeente (beschikken en toewijzen)',
  aanbieder: 'Aanbieder',
  contractmanager: 'Contractmanager / inkoper',
  controller: 'Controller',
  beleid: 'Beleidsadviseur',
  beheer: 'Functioneel beheer',
  privacy: 'Functionaris gegevensbescherming',
};

export interface UserScope {
  userId: number;
  username: string;
  role: Role;
  /** null = every region (beheer only). */
  regionId: string | null;
  municipalityCode: string | null;
  providerId: number | null;
}

export type DataScope =
  | { kind: 'none' }
  | { kind: 'region'; regionId: string | null }
  | { kind: 'municipality'; regionId: string; municipalityCode: string }
  | { kind: 'provider'; regionId: string; providerId: number };

/** Which scope a role must carry: the rule every user record is validated against. */
export function requiredScope(role: Role): 'municipality' | 'provider' | 'region' | 'all' {
  switch (role) {
    case 'toegang':
    case 'gemeente':
      return 'municipality';
    case 'aanbieder':
      return 'provider';
    case 'beheer':
      return 'all';
    default:
      return 'region';
  }
}

/** Validates a user's scope against its role; returns a problem or null. */
export function scopeProblem(u: Omit<UserScope, 'userId' | 'username'>): string | null {
  const need = requiredScope(u.role);
  if (need !== 'all' && !u.regionId) return `role ${u.role} needs a region`;
  if (need === 'municipality' && !u.municipalityCode) return `role ${u.role} needs a municipality`;
  if (need === 'provider' && u.providerId === null) return `role ${u.role} needs a provider`;
  if (need !== 'municipality' && u.municipalityCode) return `role ${u.role} is not scoped to a municipality`;
  if (need !== 'provider' && u.providerId !== null) return `role ${u.role} is not scoped to a provider`;
  return null;
}

/** The rows of `regionId` that a user may see. Users of another region see nothing. */
export function dataScope(u: UserScope, regionId: string): DataScope {
  if (u.regionId !== null && u.regionId !== regionId) return { kind: 'none' };
  switch (requiredScope(u.role)) {
    case 'municipality':
      return { kind: 'municipality', regionId, municipalityCode: u.municipalityCode! };
    case 'provider':
      return { kind: 'provider', regionId, providerId: u.providerId! };
    case 'all':
      return { kind: 'region', regionId: null };
    default:
      return { kind: 'region', regionId };
  }
}

/** Roles that may open a single youth's personal data (process information only). */
export function mayReadPersonalData(role: Role): boolean {
  return role === 'toegang' || role === 'gemeente' || role === 'aanbieder';
}
