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
import type { EmviCriterion, ProcedureConfig } from './config.js';
import type { Source } from '../landscape/landscape.js';
import type { Refusal } from './sources.js';

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

/**
 * Reads a score as typed: a number, or text with a decimal comma or point ("7", "7,5"). Anything
 * else (e.g. "abc", "") is not a score: null.
 */
export function readScore(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (!/^\d{1,3}([.,]\d{1,2})?$/.test(t)) return null;
  return Number(t.replace(',', '.'));
}

/**
 * Validates the quality scores an evaluator enters for one tender, per field: each must be a
 * number in the scale 0..schaalMax of a quality criterion of the procedure. Returns the scores
 * read as numbers, or the problems with the field they belong to.
 */
export function scoreProblems(criteria: readonly EmviCriterion[], schaalMax: number, scores: Record<string, unknown>, source?: Source): Refusal[] {
  return readScores(criteria, schaalMax, scores, source).problems;
}

/** `source` is the region's cited EMVI sentence (profile data), cited by every problem. */
export function readScores(
  criteria: readonly EmviCriterion[],
  schaalMax: number,
  scores: Record<string, unknown>,
  source?: Source,
): { scores: Record<string, number>; problems: Refusal[] } {
  const out: Refusal[] = [];
  const read: Record<string, number> = {};
  const quality = new Map(criteria.filter((c) => c.soort === 'kwaliteit').map((c) => [c.id, c]));
  for (const [id, raw] of Object.entries(scores)) {
    const c = quality.get(id);
    const field = `scores.${id}`;
    if (!c) {
      out.push({ ruleId: 'emvi-criteria', message: `"${id}" is geen kwaliteitscriterium van deze procedure`, source, field });
      continue;
    }
    const v = readScore(raw);
    if (v === null)
      out.push({
        ruleId: 'emvi-criteria',
        message: `${c.naam}: "${String(raw)}" is geen getal; vul een score van 0 tot en met ${schaalMax} in`,
        source,
        field,
      });
    else if (v < 0 || v > schaalMax)
      out.push({ ruleId: 'emvi-criteria', message: `${c.naam}: de score ligt tussen 0 en ${schaalMax} (ingevuld: ${String(raw)})`, source, field });
    else read[id] = v;
  }
  return { scores: read, problems: out };
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
    return {
      applicationId: t.applicationId,
      providerId: t.providerId,
      total: complete ? Math.round(total + 1e-9) : null,
      quality: complete ? Math.round(quality + 1e-9) : null,
      perCriterion,
      missing,
    };
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

/** The EMVI ranking per perceel of a procedure's tenders ("-" for a segment without lots); null without EMVI. */
export function rankingOf(cfg: Pick<ProcedureConfig, 'emvi' | 'percelen'>, tenders: readonly Tender[]): Record<string, RankedTender[]> | null {
  if (!cfg.emvi) return null;
  const out: Record<string, RankedTender[]> = {};
  for (const lot of cfg.percelen.length > 0 ? cfg.percelen : [null]) out[lot ?? '-'] = rankLot(cfg.emvi.criteria, cfg.emvi.schaalMax, tenders, lot);
  return out;
}
