/**
 * The scenario engine (impactanalyse), pure and deterministic for a given seed.
 *
 * One deterministic replay goes over every trajectory (an allocation's settled lines, per month) of
 * the base and applies the scenario's changes in a fixed order: shifts between segments (with the
 * efficiency discount), the funding model of the segment the care lands in, volume growth,
 * indexation and efficiency cut, ceilings. The funding models use the same calculators as
 * settlement and the payment schedules (src/domain/funding: resultPayments, caseloadPayments,
 * monthlySchedule, indexed, afterEfficiencyCut): one definition.
 *
 * The replay accumulates cells (year x segment x provider x municipality) in four components:
 * fixed (schedules, lump sums, availability), volume (scales with volume), result paid and result
 * at full goal attainment. Monte Carlo runs vary the aggregates of that replay per segment and year
 * (volume growth, goal attainment) instead of replaying every trajectory again, so 1,000 runs cost
 * about as much as one replay.
 *
 * Money: trajectory cents are multiplied as fractions and rounded to the cent once per cell; the
 * no-change replay only adds integer cents, so it equals the actual spend to the cent.
 */

import { describeChange, type Scenario } from './scenario.js';
import { normalSource, percentileSorted } from './stats.js';
import type { BaseData, Totals, SimulationOptions, ProviderChange, ScenarioResult } from './engine-model.js';
import { munKey, baseTotals, FIX, VOL, RES, totalsOf } from './cells.js';
import { replay, type Replay } from './replay.js';

export type { BaseTrajectory, BaseData, Totals, SimulationOptions, CeilingExceedance, ProviderChange, ScenarioResult } from './engine-model.js';
export { baseTotals } from './cells.js';
export { partsOf, replay, segmentVolumes, type Part } from './replay.js';

// ------------------------------------------------------------------------------------------------
// Checking a scenario against the base

/** Problems (Dutch) of a scenario that refers to segments or providers the region does not have. */
export function checkScenario(base: BaseData, sc: Scenario): string[] {
  const segs = new Set(base.segments.map((s) => s.id));
  const agbs = new Set(base.providers.map((p) => p.agb));
  const out: string[] = [];
  const seg = (id: string, where: string) => {
    if (!segs.has(id)) out.push(`scenario "${sc.id}": ${where}: segment "${id}" bestaat niet in deze regio`);
  };
  sc.wijzigingen.forEach((w, i) => {
    const where = `wijziging ${i + 1} (${w.soort})`;
    switch (w.soort) {
      case 'bekostiging':
        seg(w.segment, where);
        break;
      case 'plafond':
        if (w.segment) seg(w.segment, where);
        if (w.aanbieder && !agbs.has(w.aanbieder)) out.push(`scenario "${sc.id}": ${where}: aanbieder met AGB ${w.aanbieder} is niet bekend in deze regio`);
        break;
      case 'verschuiving':
        seg(w.van, where);
        seg(w.naar, where);
        if (w.naarAanbieder && !agbs.has(w.naarAanbieder))
          out.push(`scenario "${sc.id}": ${where}: aanbieder met AGB ${w.naarAanbieder} is niet bekend in deze regio`);
        break;
      case 'volumegroei':
        if (w.segment !== 'alle') seg(w.segment, where);
        break;
      case 'indexatie':
      case 'efficiencykorting':
        for (const p of w.perJaar ?? [])
          if (!base.years.includes(p.jaar))
            out.push(`scenario "${sc.id}": ${where}: jaar ${p.jaar} ligt niet in de basisperiode (${base.years[0]}-${base.years[base.years.length - 1]})`);
        break;
    }
  });
  return out;
}

// ------------------------------------------------------------------------------------------------
// Monte Carlo over the replay's aggregates

export function monteCarlo(
  r: Pick<Replay, 'segYear' | 'growth'>,
  years: number[],
  S: number,
  opts: { runs: number; seed: number; spread: { volumegroei: number; doelbereik: number }; onProgress?: ((done: number, total: number) => void) | undefined },
) {
  const Y = years.length;
  const normal = normalSource(opts.seed);
  const totals = new Float64Array(opts.runs);
  const perYear = Array.from({ length: Y }, () => new Float64Array(opts.runs));
  const r0 = Array.from({ length: S }, (_, s) => {
    let res = 0;
    let full = 0;
    for (let k = 0; k < Y; k++) {
      res += r.segYear[k * S + s]!.res;
      full += r.segYear[k * S + s]!.full;
    }
    return full > 0 ? res / full : 0;
  });
  const step = Math.max(1, Math.floor(opts.runs / 100));
  for (let run = 0; run < opts.runs; run++) {
    let total = 0;
    for (let s = 0; s < S; s++) {
      const mu = r.growth[s]!;
      const g = Math.max(-0.99, mu + opts.spread.volumegroei * normal());
      const rate = Math.min(1, Math.max(0, r0[s]! + opts.spread.doelbereik * normal()));
      const ratio = (1 + g) / (1 + mu);
      let gfac = 1;
      for (let k = 0; k < Y; k++) {
        gfac *= ratio;
        const sy = r.segYear[k * S + s]!;
        const det = sy.fixed + sy.vol + sy.res;
        if (det === 0 && sy.full === 0) continue;
        const raw = sy.fixed + (sy.vol + sy.full * rate) * gfac;
        let v = det !== 0 ? (sy.capped * raw) / det : raw;
        if (sy.cap !== null) v = Math.min(v, sy.cap);
        total += v;
        perYear[k]![run]! += v;
      }
    }
    totals[run] = total;
    if (opts.onProgress && (run + 1) % step === 0) opts.onProgress(run + 1, opts.runs);
  }
  totals.sort();
  const pct = (a: Float64Array) => ({
    p10: Math.round(percentileSorted(a, 10)),
    p50: Math.round(percentileSorted(a, 50)),
    p90: Math.round(percentileSorted(a, 90)),
  });
  return { percentiles: pct(totals), fan: perYear.map((a, k) => ({ year: years[k]!, ...pct(a.sort()) })) };
}

// ------------------------------------------------------------------------------------------------
// A scenario, end to end

export function simulateScenario(base: BaseData, sc: Scenario, opts: SimulationOptions, baseT: Totals = baseTotals(base)): ScenarioResult {
  const names = (id: string) => base.segments.find((s) => s.id === id)?.name ?? id;
  const r = replay(base, sc);
  const totals = totalsOf(base, r.cells);

  // Per municipality and year (municipality burden).
  const byMunicipalityYear: Record<string, Record<string, number>> = {};
  const c = r.cells;
  for (let k = 0; k < c.Y; k++)
    for (let s = 0; s < c.S; s++)
      for (let p = 0; p < c.P; p++)
        for (let m = 0; m < c.M; m++) {
          const i = c.idx(k, s, p, m, 0);
          const v = c.data[i + FIX]! + c.data[i + VOL]! + c.data[i + RES]!;
          if (v === 0) continue;
          const mk = munKey(base, m);
          const row = byMunicipalityYear[mk] ?? (byMunicipalityYear[mk] = {});
          row[String(base.years[k])] = (row[String(base.years[k])] ?? 0) + v;
        }

  // Provider revenue change against the actual base.
  const providerChanges: ProviderChange[] = base.providers
    .map((p) => {
      const b = baseT.byProvider[String(p.id)] ?? 0;
      const s = totals.byProvider[String(p.id)] ?? 0;
      return { providerId: p.id, name: p.name, baseCents: b, scenarioCents: s, changeCents: s - b, changeShare: b !== 0 ? (s - b) / b : null };
    })
    .filter((x) => x.baseCents !== 0 || x.scenarioCents !== 0)
    .sort((a, b) => a.changeCents - b.changeCents || a.providerId - b.providerId);
  const providersBelowThreshold = providerChanges.filter((x) => x.baseCents > 0 && x.scenarioCents < opts.viability * x.baseCents).length;
  const edges = [-Infinity, -0.5, -0.2, -0.1, -0.02, 0.02, 0.1, 0.2, 0.5, Infinity];
  const distribution = edges.slice(0, -1).map((from, i) => ({
    from,
    to: edges[i + 1]!,
    count: providerChanges.filter((x) => x.changeShare !== null && x.changeShare >= from && x.changeShare < edges[i + 1]!).length,
  }));

  // Waterfall: replay the changes one by one (cumulative), so each step's effect is visible.
  const waterfall: { label: string; cents: number }[] = [{ label: 'Werkelijke uitgaven basisperiode', cents: baseT.totalCents }];
  let prev = baseT.totalCents;
  const order = opts.waterfall === false ? [] : sc.wijzigingen;
  for (let i = 0; i < order.length; i++) {
    const partial = i === order.length - 1 ? totals.totalCents : totalsOf(base, replay(base, { ...sc, wijzigingen: order.slice(0, i + 1) }).cells).totalCents;
    waterfall.push({ label: describeChange(order[i]!, names), cents: partial - prev });
    prev = partial;
  }
  if (order.length === 0 && totals.totalCents !== baseT.totalCents)
    waterfall.push({ label: opts.waterfall === false ? 'Alle wijzigingen samen' : 'Verschil herberekening', cents: totals.totalCents - baseT.totalCents });
  waterfall.push({ label: `Scenario: ${sc.naam}`, cents: totals.totalCents });

  let percentiles: ScenarioResult['percentiles'] = null;
  let fan: ScenarioResult['details']['fan'] = null;
  if (opts.runs > 0) {
    const spread = { volumegroei: sc.spreiding?.volumegroei ?? opts.spread.volumegroei, doelbereik: sc.spreiding?.doelbereik ?? opts.spread.doelbereik };
    const mc = monteCarlo(r, base.years, base.segments.length, { runs: opts.runs, seed: opts.seed, spread, onProgress: opts.onProgress });
    percentiles = mc.percentiles;
    fan = mc.fan;
  }
  return {
    id: sc.id,
    name: sc.naam,
    ...totals,
    providersBelowThreshold,
    ceilingExceedances: r.exceedances,
    percentiles,
    details: {
      byMunicipalityYear,
      providerChanges,
      winners: providerChanges.filter((x) => x.changeCents > 0).length,
      losers: providerChanges.filter((x) => x.changeCents < 0).length,
      distribution,
      waterfall,
      fan,
      notes: r.notes,
    },
  };
}
