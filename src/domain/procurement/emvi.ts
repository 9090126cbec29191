/**
 * EMVI (economisch meest voordelige inschrijving, best price-quality ratio; seed 003 §5.3.2 "Na de
 * dialoogfase gunt Regio WBO Jeugd de opdracht op basis van EMVI"). Criteria and weights are the
 * procedure's configuration (weights sum to 100). A quality criterion scores score / schaalMax of
 * its weight; the price criterion scores lowest price / own price of its weight (the lowest price
 * among the ranked tenders gets the full weight). Totals are basis points of the maximum
 * (0..10000), rounded once at the end.
 *
 * Ranking per perceel, highest total first. Tie-break (deterministic, in this order): the higher
 * quality subtotal; the lower price; the earlier submission date; the lower application id.
 */
import type { EmviCriterion } from './config.js';
import { SOURCES, type Refusal } from './sources.js';

export interface Tender {
  applicationId: number;
  providerId: number;
  lotIds: readonly string[];
  submittedOn: string;
  priceCents: number | null;
  /** Quality scores per criterion id (0..schaalMax). */
  scores: Record<string, number>;
}

export interface EmviResult {
  applicationId: number;
  providerId: number;
  /** 0..10000 basis points of the maximum; null when a score or the price is missing. */
  total: number | null;
  quality: number | null;
  perCriterion: Record<string, number | null>;
  missing: string[];
}

export interface RankedTender extends EmviResult {
  rank: number;
}

/** Validates the quality scores an evaluator enters for one tender. */
export function scoreProblems(criteria: readonly EmviCriterion[], schaalMax: number, scores: Record<string, number>): Refusal[] {
  const out: Refusal[] = [];
  const quality = new Set(criteria.filter((c) => c.soort === 'kwaliteit').map((c) => c.id));
  for (const [id, v] of Object.entries(scores)) {
    if (!quality.has(id)) out.push({ ruleId: 'emvi-criteria', message: `"${id}" is geen kwaliteitscriterium van deze procedure`, source: SOURCES.sasEmvi });
    else if (!Number.isFinite(v) || v < 0 || v > schaalMax) out.push({ ruleId: 'emvi-criteria', message: `de score voor "${id}" ligt tussen 0 en ${schaalMax}`, source: SOURCES.sasEmvi });
  }
  return out;
}

/** EMVI scores of a set of tenders (the price part is relative to the lowest price among them). */
export function scoreTenders(criteria: readonly EmviCriterion[], schaalMax: number, tenders: readonly Tender[]): EmviResult[] {
  const prices = tenders.map((t) => t.priceCents).filter((p): p is number => p !== null && p > 0);
  const lowest = prices.length > 0 ? Math.min(...prices) : null;
  return tenders.map((t) => {
    const perCriterion: Record<string, number | null> = {};
    const missing: string[] = [];
    let total = 0;
    let quality = 0;
    for (const c of criteria) {
      let fraction: number | null;
      if (c.soort === 'prijs') fraction = t.priceCents !== null && t.priceCents > 0 && lowest !== null ? lowest / t.priceCents : null;
      else fraction = t.scores[c.id] !== undefined ? t.scores[c.id]! / schaalMax : null;
      if (fraction === null) {
        missing.push(c.id);
        perCriterion[c.id] = null;
        continue;
      }
      const points = c.gewicht * 100 * fraction;
      perCriterion[c.id] = Math.round(points);
      total += points;
      if (c.soort === 'kwaliteit') quality += points;
    }
    const complete = missing.length === 0;
    return { applicationId: t.applicationId, providerId: t.providerId, total: complete ? Math.round(total + 1e-9) : null, quality: complete ? Math.round(quality + 1e-9) : null, perCriterion, missing };
  });
}

/** Ranks the complete tenders of one perceel (lotId null: a segment without lots). */
export function rankLot(criteria: readonly EmviCriterion[], schaalMax: number, tenders: readonly Tender[], lotId: string | null): RankedTender[] {
  const inLot = tenders.filter((t) => lotId === null || t.lotIds.includes(lotId));
  const scored = scoreTenders(criteria, schaalMax, inLot);
  const byId = new Map(inLot.map((t) => [t.applicationId, t]));
  const complete = scored.filter((s) => s.total !== null);
  complete.sort((a, b) => {
    const ta = byId.get(a.applicationId)!;
    const tb = byId.get(b.applicationId)!;
    return (
      b.total! - a.total! ||
      b.quality! - a.quality! ||
      (ta.priceCents ?? Number.MAX_SAFE_INTEGER) - (tb.priceCents ?? Number.MAX_SAFE_INTEGER) ||
      ta.submittedOn.localeCompare(tb.submittedOn) ||
      a.applicationId - b.applicationId
    );
  });
  return complete.map((s, i) => ({ ...s, rank: i + 1 }));
}
