/**
 * Market concentration per segment and the selection of development partners (ontwikkelpartners).
 *
 * Concentration: turnover per provider (integer cents), shares, the top-5 share (seed 004 reports
 * it per segment, e.g. §4.2 "Vijf aanbieders realiseren 85% van de omzet in het segment Wonen"),
 * the Herfindahl-Hirschman index (sum of squared percentage shares, 0..10,000) and the Pareto
 * curve (cumulative share of turnover against the share of providers, largest first).
 *
 * Development partners (seed 004 §3.2 c): "Een objectief criterium is bijvoorbeeld een
 * omzetdrempel ... Op dit moment gebruiken de gemeenten een Pareto-analyse van het zorglandschap".
 * The profile rule `ontwikkelpartners` says which: `pareto` (the smallest set of largest providers
 * that together reach `paretoAandeel` of the turnover) or `omzetdrempel` (every provider at or above
 * the threshold). Pure.
 */
import type { Regel } from '../landscape/profile-schema.js';
import { source, type Source } from '../landscape/landscape.js';

export interface Turnover {
  providerId: number;
  name: string;
  cents: number;
}

export interface Concentration {
  totalCents: number;
  providerCount: number;
  /** Largest first (ties by provider id); share is a fraction 0..1. */
  providers: (Turnover & { share: number; cumulativeShare: number; rank: number })[];
  top5Share: number;
  /** Herfindahl-Hirschman index on percentage shares: 10,000 for a monopoly. */
  hhi: number;
  /** Pareto curve from (0, 0): x = share of providers, y = cumulative share of turnover. */
  pareto: { x: number; y: number }[];
}

/** Concentration of the positive turnovers (providers without turnover do not count as market parties). */
export function concentration(turnover: readonly Turnover[]): Concentration {
  const rows = turnover.filter((t) => t.cents > 0).sort((a, b) => b.cents - a.cents || a.providerId - b.providerId);
  const total = rows.reduce((a, t) => a + t.cents, 0);
  let cumulative = 0;
  const providers = rows.map((t, i) => {
    cumulative += t.cents;
    return { ...t, share: total === 0 ? 0 : t.cents / total, cumulativeShare: total === 0 ? 0 : cumulative / total, rank: i + 1 };
  });
  const top5 = providers.slice(0, 5).reduce((a, p) => a + p.cents, 0);
  const hhi = providers.reduce((a, p) => a + (p.share * 100) ** 2, 0);
  const pareto = [{ x: 0, y: 0 }, ...providers.map((p, i) => ({ x: (i + 1) / providers.length, y: p.cumulativeShare }))];
  return { totalCents: total, providerCount: providers.length, providers, top5Share: total === 0 ? 0 : top5 / total, hhi: Math.round(hhi), pareto };
}

export type OntwikkelpartnersRegel = Extract<Regel, { type: 'ontwikkelpartners' }>;

export interface PartnerSelection {
  ruleId: string;
  method: 'pareto' | 'omzetdrempel';
  /** The parameter used, and whether it came from the profile or was supplied as an assumption. */
  parameter: { paretoAandeel?: number; omzetdrempelCents?: number; from: 'profiel' | 'aanname' };
  partners: number[];
  regular: number[];
  /** Share of the turnover the partners hold. */
  partnerShare: number;
  rationale: string;
  source: Source;
}

export class SelectionError extends Error {}

const pct = (f: number) => `${(f * 100).toLocaleString('nl-NL', { maximumFractionDigits: 1 })}%`;
const euro = (cents: number) => `€ ${Math.round(cents / 100).toLocaleString('nl-NL')}`;

/**
 * Applies the `ontwikkelpartners` rule to a segment's turnover. The profile's parameter wins; when
 * the profile leaves it out (seed 004 names no figure) the caller must supply one, and the
 * rationale says it is an assumption.
 */
export function selectDevelopmentPartners(
  rule: OntwikkelpartnersRegel,
  turnover: readonly Turnover[],
  opts: { paretoAandeel?: number; omzetdrempelCents?: number; segmentName: string; period: string },
): PartnerSelection {
  const c = concentration(turnover);
  if (c.totalCents === 0)
    throw new SelectionError(`geen omzet in ${opts.segmentName} (${opts.period}): zonder omzetgegevens kan het criterium niet worden toegepast`);
  const inMarket = c.providers;
  const zero = turnover.filter((t) => t.cents <= 0).map((t) => t.providerId);
  let partners: number[];
  let parameter: PartnerSelection['parameter'];
  let how: string;
  if (rule.methode === 'pareto') {
    const share = rule.paretoAandeel ?? opts.paretoAandeel;
    if (share === undefined) throw new SelectionError(`regel ${rule.id}: het profiel noemt geen Pareto-aandeel; geef het aandeel op (een aanname)`);
    if (!(share > 0 && share <= 1)) throw new SelectionError(`het Pareto-aandeel moet tussen 0 en 1 liggen, niet ${share}`);
    parameter = { paretoAandeel: share, from: rule.paretoAandeel !== undefined ? 'profiel' : 'aanname' };
    const n = inMarket.findIndex((p) => p.cumulativeShare >= share - 1e-12) + 1;
    partners = inMarket.slice(0, n).map((p) => p.providerId);
    const reached = inMarket[n - 1]!.cumulativeShare;
    how = `Pareto-analyse: de ${n} grootste van ${c.providerCount} aanbieders realiseren samen ${pct(reached)} van de omzet (${euro(c.totalCents)}) in ${opts.segmentName} over ${opts.period}; de grens is ${pct(share)} van de omzet${parameter.from === 'aanname' ? ' (aanname: het brondocument noemt geen percentage)' : ''}.`;
  } else {
    const threshold = rule.omzetdrempelCents ?? opts.omzetdrempelCents;
    if (threshold === undefined) throw new SelectionError(`regel ${rule.id}: het profiel noemt geen omzetdrempel; geef de drempel op (een aanname)`);
    if (!Number.isInteger(threshold) || threshold <= 0) throw new SelectionError('de omzetdrempel is een positief bedrag in centen');
    parameter = { omzetdrempelCents: threshold, from: rule.omzetdrempelCents !== undefined ? 'profiel' : 'aanname' };
    partners = inMarket.filter((p) => p.cents >= threshold).map((p) => p.providerId);
    const share = inMarket.filter((p) => p.cents >= threshold).reduce((a, p) => a + p.share, 0);
    how = `Omzetdrempel: ${partners.length} van ${c.providerCount} aanbieders hebben in ${opts.segmentName} over ${opts.period} een omzet van ten minste ${euro(threshold)}${parameter.from === 'aanname' ? ' (aanname: de seed noemt geen bedrag)' : ''}; samen ${pct(share)} van de omzet.`;
  }
  const set = new Set(partners);
  const partnerShare = inMarket.filter((p) => set.has(p.providerId)).reduce((a, p) => a + p.share, 0);
  return {
    ruleId: rule.id,
    method: rule.methode,
    parameter,
    partners,
    regular: [...inMarket.filter((p) => !set.has(p.providerId)).map((p) => p.providerId), ...zero],
    partnerShare,
    rationale: `${how} Volgens de regel van het profiel (bron ${rule.bron.seed} §${rule.bron.sectie.replace(/^§/, '')}).`,
    source: source(rule.bron),
  };
}
