/**
 * Who sees and changes contracts (issue #6): contract managers (and functional management) change
 * contracts, changes, dialogues and provider tiers; a provider user sees only its own contracts,
 * dialogues and provider page; the other roles of the region read; users of another region see
 * nothing. Errors shared by the contract use cases live here too.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { providers } from '../../db/schema.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import type { RuleRefusal } from '../../domain/contracts/changes.js';
import type { Regel, RegionProfile } from '../../domain/landscape/profile-schema.js';
import { AppError, Forbidden, NotFound } from '../errors.js';
import { loadedAtOf } from '../landscape.js';
import { keptPerDataVersion } from '../funding/kept.js';

export type ContractScope = { kind: 'region'; mayChange: boolean } | { kind: 'provider'; providerId: number; mayChange: false };

export async function contractScope(db: Db, user: UserScope, regionId: string): Promise<ContractScope> {
  // The region exists when its profile has a load time (read with the data versions in a read request: request-reads.ts).
  if (!(await loadedAtOf(db, regionId))) throw new NotFound(`regio "${regionId}" bestaat niet`);
  const scope = dataScope(user, regionId);
  if (scope.kind === 'none') throw new Forbidden(`uw account hoort bij een andere regio dan ${regionId}`);
  if (scope.kind === 'provider') {
    // Kept per version of the region's data (providers are kind 'region', migration 0027): known in a read request.
    const known = await keptPerDataVersion(
      db,
      regionId,
      ['region'],
      ['provider-in-region', scope.providerId],
      () =>
        db
          .select({ id: providers.id })
          .from(providers)
          .where(and(eq(providers.id, scope.providerId), eq(providers.regionId, regionId)))
          .then((rows) => rows.length > 0),
      { small: true },
    );
    if (!known) throw new Forbidden('uw aanbieder is in deze regio niet bekend');
    return { kind: 'provider', providerId: scope.providerId, mayChange: false };
  }
  return { kind: 'region', mayChange: user.role === 'contractmanager' || user.role === 'beheer' };
}

/** The scope of a user who wants to change something: only contractmanager and beheer. */
export async function changeScope(db: Db, user: UserScope, regionId: string): Promise<void> {
  const s = await contractScope(db, user, regionId);
  if (!s.mayChange)
    throw new Forbidden(
      `alleen een contractmanager (of functioneel beheer) mag contracten, wijzigingen, dialogen en aanbiederstatus wijzigen; u bent ${user.role}`,
    );
}

/** A rule of the region refused the request (422); `rules` name each rule and its source. */
export class ContractRuleRefused extends AppError {
  constructor(readonly refusals: RuleRefusal[]) {
    super(
      422,
      'Geweigerd door een regel van de regio',
      refusals
        .map((r) =>
          r.source ? `${r.message} (regel ${r.ruleId}, bron ${r.source.seed} §${r.source.section.replace(/^§/, '')})` : `${r.message} (regel ${r.ruleId})`,
        )
        .join(' | '),
      { rules: refusals },
    );
  }
}

/** The transition is not allowed in the current state (409, nothing changed). */
export class ContractConflict extends AppError {
  constructor(detail: string) {
    super(409, 'Conflict', detail);
  }
}

/** The region's rules that apply to a segment: the region-wide ones and the segment's own. */
export function rulesFor(profile: RegionProfile, segmentId: string): Regel[] {
  const seg = profile.segmenten.find((s) => s.id === segmentId);
  return [...profile.regels, ...(seg?.regels ?? [])];
}

export function segmentName(profile: RegionProfile, segmentId: string): string {
  return profile.segmenten.find((s) => s.id === segmentId)?.naam ?? segmentId;
}
