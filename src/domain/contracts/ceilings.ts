/**
 * Which yearly ceiling applies to a contract (budgetplafond). The profile says at which level a
 * segment's ceiling is set (`bekostiging.plafond.niveau`):
 *
 * - `aanbieder`: one ceiling per provider over all its care in the region (seed 004 §3.1: "De
 *   totale inzet die een aanbieder mag leveren in de regio wordt nu begrensd door een
 *   budgetplafond per aanbieder"); spend is the provider's spend in the region;
 * - `segment` / `perceel`: one ceiling for the segment or part (seed 003 §6.3.5: "Voor het
 *   betreffende onderdeel wordt een budgetplafond ingericht, welke jaarlijks bijgesteld wordt");
 *   spend is the whole segment's spend, shared by every contract in it;
 * - `aanbieder-segment`, or no level in the profile: whatever the ceilings table holds for the
 *   provider and for the segment is shown, as the profile does not single one out.
 *
 * When no ceiling of the year is recorded, the contract's own `ceiling_cents` is the fallback
 * (spend unknown: the funding report has no spend per provider within a segment). Pure.
 */
import type { Source } from '../landscape/landscape.js';

export type CeilingLevel = 'aanbieder' | 'segment' | 'contract';

export interface CeilingFigures {
  ceilingCents: number;
  spentCents: number;
  forecastCents: number;
}

export interface AppliedCeiling {
  level: CeilingLevel;
  year: number;
  ceilingCents: number;
  /** Spend to date in the year against this ceiling (null when not known for this level). */
  spentCents: number | null;
  forecastCents: number | null;
  /** spent / ceiling (null without spend). */
  usedShare: number | null;
  /** The profile's ceiling rule (seed and section), when the profile names the level. */
  source?: Source;
}

export interface CeilingInput {
  year: number;
  /** The segment's plafond level from the profile, with its source; undefined when the profile has none (or leaves it open). */
  plafond?: { niveau: 'aanbieder' | 'segment' | 'perceel' | 'aanbieder-segment'; source: Source };
  /** The provider ceiling of the year with the provider's spend, when recorded. */
  provider?: CeilingFigures;
  /** The segment ceiling of the year with the segment's spend, when recorded. */
  segment?: CeilingFigures;
  /** contracts.ceiling_cents */
  contractCeilingCents: number | null;
  /** The provider-ceiling rule of another segment (settlement counts a provider ceiling over all the provider's care). */
  providerRuleSource?: Source;
}

const applied = (level: CeilingLevel, year: number, f: CeilingFigures, source?: Source): AppliedCeiling => ({
  level,
  year,
  ceilingCents: f.ceilingCents,
  spentCents: f.spentCents,
  forecastCents: f.forecastCents,
  usedShare: f.ceilingCents > 0 ? f.spentCents / f.ceilingCents : null,
  ...(source ? { source } : {}),
});

export function applicableCeilings(input: CeilingInput): AppliedCeiling[] {
  const out: AppliedCeiling[] = [];
  const niveau = input.plafond?.niveau;
  const ownSource = input.plafond?.source;
  const wantProvider = niveau === undefined || niveau === 'aanbieder' || niveau === 'aanbieder-segment';
  const wantSegment = niveau === undefined || niveau === 'segment' || niveau === 'perceel' || niveau === 'aanbieder-segment';
  if (wantProvider && input.provider) out.push(applied('aanbieder', input.year, input.provider, niveau === 'aanbieder' ? ownSource : input.providerRuleSource));
  if (wantSegment && input.segment)
    out.push(applied('segment', input.year, input.segment, niveau === 'segment' || niveau === 'perceel' ? ownSource : undefined));
  if (out.length === 0 && input.contractCeilingCents !== null) {
    out.push({ level: 'contract', year: input.year, ceilingCents: input.contractCeilingCents, spentCents: null, forecastCents: null, usedShare: null });
  }
  return out;
}
