/**
 * The yearly ceiling that applies to contracts, with spend to date against it. Reads the funding
 * spend report's figures (src/app/funding/spend.ts ceilingSpend: ceilings per provider, seed 004
 * §3.1/§3.3, and per segment, seed 003 §6.3.5, with the spend of the year, from the read model
 * spend_monthly) rather than querying declarations again;
 * which level applies is profile data (`bekostiging.plafond.niveau`, domain/contracts/ceilings.ts).
 * The funding report's tenancy holds: a provider sees its own provider ceiling, a municipality and
 * the local team see no ceilings from the funding data (only a contract's own ceiling_cents).
 */
import type { Db } from '../../db/database.js';
import type { UserScope } from '../../domain/access/roles.js';
import { applicableCeilings, type AppliedCeiling, type CeilingFigures } from '../../domain/contracts/ceilings.js';
import { isOpen, type RegionProfile } from '../../domain/landscape/profile-schema.js';
import { source, type Source } from '../../domain/landscape/landscape.js';
import { ceilingSpend } from '../funding/ceiling-spend.js';
import { Forbidden } from '../errors.js';

export type { AppliedCeiling };

function plafondOf(profile: RegionProfile, segmentId: string) {
  const seg = profile.segmenten.find((s) => s.id === segmentId);
  if (!seg || isOpen(seg.bekostiging)) return undefined;
  const p = seg.bekostiging.plafond;
  return p && !isOpen(p) ? { niveau: p.niveau, source: source(p.bron) } : undefined;
}

/** Ceilings of the year of `today` per contract id. */
export async function contractCeilings(
  db: Db,
  user: UserScope,
  regionId: string,
  profile: RegionProfile,
  rows: readonly { id: number; providerId: number; segmentId: string; ceilingCents: number | null }[],
  today: string,
): Promise<Map<number, AppliedCeiling[]>> {
  const year = Number(today.slice(0, 4));
  const out = new Map<number, AppliedCeiling[]>();
  if (rows.length === 0) return out;
  let byProvider = new Map<string, CeilingFigures>();
  let bySegment = new Map<string, CeilingFigures>();
  try {
    // The spend report's figures for the rows with a ceiling, without its committed amounts (not
    // shown here): cheap to compute again after a declaration (issue #14).
    ({ byProvider, bySegment } = await ceilingSpend(db, user, regionId, { year, asOf: today }));
  } catch (e) {
    // Roles without a funding view (the local team) see only the contracts' own ceilings.
    if (!(e instanceof Forbidden)) throw e;
  }
  // A provider ceiling covers all the provider's care (settlement counts every approved line): its rule is the segment with niveau aanbieder.
  const providerRule = profile.segmenten.map((s) => plafondOf(profile, s.id)).find((p) => p?.niveau === 'aanbieder');
  const providerRuleSource: Source | undefined = providerRule?.source;
  for (const c of rows) {
    const plafond = plafondOf(profile, c.segmentId);
    const provider = byProvider.get(String(c.providerId));
    const segment = bySegment.get(c.segmentId);
    out.set(
      c.id,
      applicableCeilings({
        year,
        contractCeilingCents: c.ceilingCents,
        ...(plafond ? { plafond } : {}),
        ...(provider ? { provider } : {}),
        ...(segment ? { segment } : {}),
        ...(providerRuleSource ? { providerRuleSource } : {}),
      }),
    );
  }
  return out;
}
