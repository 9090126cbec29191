/**
 * Award constraints of a segment or task area: the number of contract partners and the lot rules
 * of its profile. Used when a procedure is awarded and by the demo generator, so a generated
 * region can never hold contracts its own profile forbids.
 */
import { isOpen, type SegmentProfile } from './profile-schema.js';
import { source, type Source } from './landscape.js';

export interface Award {
  providerId: number;
  lotId: string | null;
}

export interface AwardViolation {
  ruleId: string;
  message: string;
  source?: Source;
}

/**
 * Checks a set of awards against the segment's rules. With `complete` the minimum number of
 * partners is checked as well (an award still in progress may have fewer).
 */
export function checkAwards(segment: SegmentProfile, awards: readonly Award[], opts: { complete?: boolean } = {}): AwardViolation[] {
  const out: AwardViolation[] = [];
  const lotIds = new Set(segment.percelen.map((l) => l.id));
  const byLot = new Map<string, Set<number>>();
  for (const a of awards) {
    if (a.lotId !== null) {
      if (!lotIds.has(a.lotId)) {
        out.push({ ruleId: 'unknown-lot', message: `perceel "${a.lotId}" does not exist in ${segment.naam}` });
        continue;
      }
      byLot.set(a.lotId, new Set([...(byLot.get(a.lotId) ?? []), a.providerId]));
    } else if (segment.percelen.length > 0) {
      out.push({ ruleId: 'lot-required', message: `${segment.naam} is divided into percelen: every award names its perceel` });
    }
  }

  const partners = new Set(awards.map((a) => a.providerId));
  const ap = segment.aantalPartners;
  if (isPartnershipSegment(segment)) {
    // A partnership segment contracts one samenwerkingsverband; its partner count is the number of members (checkPartnership).
    if (partners.size > 1)
      out.push({
        ruleId: 'een-samenwerkingsverband',
        message: `${segment.naam} is contracted as one partnership (samenwerkingsverband), ${partners.size} parties awarded`,
        ...(isOpen(segment.procedure) ? {} : { source: source(segment.procedure.bron) }),
      });
    if (opts.complete && partners.size === 0)
      out.push({ ruleId: 'een-samenwerkingsverband', message: `${segment.naam} needs its partnership (samenwerkingsverband), none awarded` });
  } else if (!isOpen(ap)) {
    if (ap.max !== undefined && ap.max !== null && partners.size > ap.max) {
      out.push({
        ruleId: 'aantal-partners-max',
        message: `${segment.naam} allows at most ${ap.max} contract partners, ${partners.size} awarded`,
        source: source(ap.bron),
      });
    }
    if (opts.complete && ap.min !== undefined && partners.size < ap.min) {
      out.push({
        ruleId: 'aantal-partners-min',
        message: `${segment.naam} needs at least ${ap.min} contract partners, ${partners.size} awarded`,
        source: source(ap.bron),
      });
    }
  }

  for (const rule of segment.regels) {
    if (rule.type === 'partners-per-perceel') {
      for (const [lotId, ps] of byLot) {
        if (ps.size > rule.max) {
          out.push({ ruleId: rule.id, message: `perceel "${lotId}" may go to at most ${rule.max} party, ${ps.size} awarded`, source: source(rule.bron) });
        }
      }
    } else if (rule.type === 'percelen-verschillend') {
      const owner = new Map<number, string>();
      for (const lotId of rule.percelen) {
        for (const providerId of byLot.get(lotId) ?? []) {
          const other = owner.get(providerId);
          if (other !== undefined && other !== lotId) {
            out.push({
              ruleId: rule.id,
              message: `percelen "${other}" and "${lotId}" must be awarded to different parties, both went to provider ${providerId}`,
              source: source(rule.bron),
            });
          }
          owner.set(providerId, lotId);
        }
      }
    }
  }
  return out;
}

/** Whether a segment is procured as one partnership of providers (procedure soort `samenwerkingsverband`, seeds 000 and 001). */
export function isPartnershipSegment(segment: SegmentProfile): boolean {
  return !isOpen(segment.procedure) && segment.procedure.soort === 'samenwerkingsverband';
}

/**
 * The members of a partnership (penvoerder included) against the segment's partner count, e.g.
 * seed 000 "4—8 aanbieders in samenwerkingsverband" (aantalPartners min 4, max 8; the source is the
 * profile's). A count the profile leaves open is not checked. Messages are Dutch (shown as is).
 */
export function checkPartnership(segment: SegmentProfile, members: number, partnershipName = 'het samenwerkingsverband'): AwardViolation[] {
  const ap = segment.aantalPartners;
  if (isOpen(ap)) return [];
  const out: AwardViolation[] = [];
  if (ap.min !== undefined && members < ap.min)
    out.push({
      ruleId: 'samenwerkingsverband-leden-min',
      message: `${partnershipName} telt ${members} aanbieder(s); ${segment.naam} vraagt een samenwerkingsverband van minstens ${ap.min}`,
      source: source(ap.bron),
    });
  if (ap.max !== undefined && ap.max !== null && members > ap.max)
    out.push({
      ruleId: 'samenwerkingsverband-leden-max',
      message: `${partnershipName} telt ${members} aanbieders; ${segment.naam} staat een samenwerkingsverband van ten hoogste ${ap.max} toe`,
      source: source(ap.bron),
    });
  return out;
}
