/**
 * The deterministic replay of the scenario engine (engine.ts): shifts between segments, funding
 * model, growth, indexation and efficiency cut, ceilings, over every trajectory of the base.
 */
import { afterEfficiencyCut, indexed, monthlySchedule, resultPayments, type Dated } from '../funding/models.js';
import { caseloadPayments, type CaseloadAllocation } from '../funding/caseload.js';
import { type Bekostigingsmodel, type Scenario, type Wijziging } from './scenario.js';
import { apportion, percentileSorted } from './stats.js';
import type { BaseTrajectory, BaseData, CeilingExceedance } from './engine-model.js';
import { FIX, VOL, RES, FULL, COMPS, type Cells, emptyCells } from './cells.js';

// ------------------------------------------------------------------------------------------------
// Shifts (pure, exported for the conservation property)

export interface Part {
  seg: number;
  /** Providers that take this part, with their shares (sum 1). */
  provs: [number, number][];
  /** Share of the trajectory's volume (the parts' shares sum to 1). */
  share: number;
  /** Efficiency discount on this part's money. */
  discount: number;
}

type ShiftRule = Extract<Wijziging, { soort: 'verschuiving' }>;

/** The parts a trajectory splits into under the first matching shift rule of its segment. */
export function partsOf(
  t: Pick<BaseTrajectory, 'seg' | 'prov' | 'cat'>,
  rules: readonly { from: number; to: number; rule: ShiftRule; targetProvs: [number, number][] | null }[],
): Part[] {
  const r = rules.find((x) => x.from === t.seg && (!x.rule.productcategorieen || x.rule.productcategorieen.includes(t.cat)));
  if (!r || r.rule.aandeel === 0) return [{ seg: t.seg, provs: [[t.prov, 1]], share: 1, discount: 0 }];
  const parts: Part[] = [];
  if (r.rule.aandeel < 1) parts.push({ seg: t.seg, provs: [[t.prov, 1]], share: 1 - r.rule.aandeel, discount: 0 });
  parts.push({ seg: r.to, provs: r.targetProvs ?? [[t.prov, 1]], share: r.rule.aandeel, discount: r.rule.efficiencykorting });
  return parts;
}

/** Volume (base cents before any discount, and client-months) per segment after the shifts: the totals equal the base's. */
export function segmentVolumes(base: BaseData, sc: Scenario): { cents: number[]; clientMonths: number[] } {
  const rules = shiftRules(base, sc, providerShares(base));
  const cents = base.segments.map(() => 0);
  const clientMonths = base.segments.map(() => 0);
  for (const t of base.trajectories) {
    let sum = 0;
    for (let i = 0; i < t.cents.length; i++) sum += t.cents[i]!;
    for (const part of partsOf(t, rules)) {
      cents[part.seg]! += sum * part.share;
      clientMonths[part.seg]! += t.months.length * part.share;
    }
  }
  return { cents, clientMonths };
}

/** Each segment's providers with their historical share (lines plus schedules) over the base. */
function providerShares(base: BaseData): Map<number, [number, number][]> {
  const bySeg = new Map<number, Map<number, number>>();
  const add = (s: number, p: number, c: number) => {
    const m = bySeg.get(s) ?? bySeg.set(s, new Map()).get(s)!;
    m.set(p, (m.get(p) ?? 0) + c);
  };
  for (const t of base.trajectories) for (let i = 0; i < t.cents.length; i++) add(t.seg, t.prov, t.cents[i]!);
  for (const s of base.schedules) add(s.seg, s.prov, s.cents);
  const out = new Map<number, [number, number][]>();
  for (const [s, m] of bySeg) {
    const pos = [...m].filter(([, c]) => c > 0);
    const sum = pos.reduce((a, [, c]) => a + c, 0);
    if (sum > 0)
      out.set(
        s,
        pos.sort((a, b) => a[0] - b[0]).map(([p, c]) => [p, c / sum]),
      );
  }
  return out;
}

function shiftRules(base: BaseData, sc: Scenario, shares: Map<number, [number, number][]>) {
  const segIdx = new Map(base.segments.map((s, i) => [s.id, i]));
  const provIdx = new Map(base.providers.map((p, i) => [p.agb, i]));
  return sc.wijzigingen
    .filter((w): w is ShiftRule => w.soort === 'verschuiving')
    .map((rule) => {
      const to = segIdx.get(rule.naar)!;
      const targetProvs: [number, number][] | null = rule.naarAanbieder !== undefined ? [[provIdx.get(rule.naarAanbieder)!, 1]] : (shares.get(to) ?? null);
      return { from: segIdx.get(rule.van)!, to, rule, targetProvs };
    });
}

// ------------------------------------------------------------------------------------------------
// The deterministic replay

export interface Replay {
  cells: Cells;
  /** Scenario ceilings and the database's, per year, with what applied. */
  exceedances: CeilingExceedance[];
  /** Per (year, segment): capped total after ceilings (for Monte Carlo scaling). */
  segYear: { fixed: number; vol: number; res: number; full: number; capped: number; cap: number | null }[];
  /** Mean volume growth per segment used. */
  growth: number[];
  notes: string[];
}

function fundingRules(base: BaseData, sc: Scenario): { seg: number; cats?: string[] | undefined; model: Bekostigingsmodel }[] {
  const segIdx = new Map(base.segments.map((s, i) => [s.id, i]));
  return sc.wijzigingen.flatMap((w) => (w.soort === 'bekostiging' ? [{ seg: segIdx.get(w.segment)!, cats: w.productcategorieen, model: w.naar }] : []));
}

const monthKey = (firstYear: number, m: number) => `${firstYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

export function replay(base: BaseData, sc: Scenario): Replay {
  const c = emptyCells(base);
  const notes: string[] = [];
  const { Y } = c;
  const REG = base.municipalities.length;
  const POOL = base.providers.length;
  const y0 = base.years[0]!;
  const firstMonth = `${y0}-01`;
  const lastMonth = `${base.years[Y - 1]}-12`;
  const segIdx = new Map(base.segments.map((s, i) => [s.id, i]));
  const shares = providerShares(base);
  const rules = shiftRules(base, sc, shares);
  const funding = fundingRules(base, sc);
  const modelFor = (seg: number, cat: string): Bekostigingsmodel | undefined => {
    let found: Bekostigingsmodel | undefined;
    for (const f of funding) if (f.seg === seg && (!f.cats || f.cats.includes(cat))) found = f.model;
    return found;
  };

  // Volume growth per segment: (1 + g)^(k + 1) in year k of the base (every year grows on the actual).
  const growth = base.segments.map(() => 0);
  for (const w of sc.wijzigingen)
    if (w.soort === 'volumegroei')
      for (let s = 0; s < growth.length; s++) if (w.segment === 'alle' || segIdx.get(w.segment) === s) growth[s]! += w.percentagePerJaar;
  const gf = (k: number, s: number) => (growth[s] === 0 ? 1 : Math.pow(1 + growth[s]!, k + 1));

  // Historical statistics of the original trajectories (before any change).
  const trajTotals = new Map<number, number[]>(); // segment -> cost per trajectory (for trajectory prices)
  const goalSum = base.segments.map(() => ({ sum: 0, n: 0 }));
  let goalAll = { sum: 0, n: 0 };
  for (const t of base.trajectories) {
    let sum = 0;
    for (let i = 0; i < t.cents.length; i++) sum += t.cents[i]!;
    if (sum > 0) (trajTotals.get(t.seg) ?? trajTotals.set(t.seg, []).get(t.seg)!).push(sum);
    if (t.goal !== null) {
      goalSum[t.seg]!.sum += t.goal;
      goalSum[t.seg]!.n++;
      goalAll = { sum: goalAll.sum + t.goal, n: goalAll.n + 1 };
    }
  }
  const priceCache = new Map<string, number | null>();
  const trajectoryPrice = (seg: number, pct: number): number | null => {
    const key = `${seg}|${pct}`;
    if (!priceCache.has(key)) {
      const list = trajTotals.get(seg);
      priceCache.set(key, list && list.length > 0 ? percentileSorted(Float64Array.from(list).sort(), pct) : null);
    }
    return priceCache.get(key)!;
  };
  const measuredGoal = (seg: number): number => {
    const g = goalSum[seg]!;
    if (g.n > 0) return g.sum / g.n;
    if (goalAll.n > 0) return goalAll.sum / goalAll.n;
    return 1;
  };
  if (funding.some((f) => f.model.model === 'resultaat' && f.model.doelbereik === 'gemeten') && goalAll.n === 0)
    notes.push('Er zijn geen gemeten doelrealisaties in de basis; voor "doelbereik zoals gemeten" is 100% gerekend.');

  // Pots filled during the pass and paid afterwards.
  const lumpPot = new Map<number, { years: number[]; byMun: Map<number, number[]>; byProv: Map<number, number> }>();
  const availPot = new Map<string, number[]>(); // `${seg}|${prov}` -> per year
  const caseloadGroups = new Map<string, { seg: number; prov: number; mun: number; mult: number; allocs: CaseloadAllocation[]; cents: number }>();

  for (const t of base.trajectories) {
    const parts = partsOf(t, rules);
    let total = 0;
    for (let i = 0; i < t.cents.length; i++) total += t.cents[i]!;
    for (const part of parts) {
      const mult = part.share * (1 - part.discount);
      if (mult === 0) continue;
      const model = modelFor(part.seg, t.cat);
      // Care that goes to the segment's providers by historical share is booked in the pool and spread once afterwards.
      const targets: [number, number][] = part.provs.length === 1 ? part.provs : [[POOL, 1]];
      for (const [prov, provShare] of targets) {
        const m0 = mult * provShare;
        switch (model?.model) {
          case undefined: {
            for (let i = 0; i < t.months.length; i++) {
              const k = Math.floor(t.months[i]! / 12);
              c.add(k, part.seg, prov, t.mun, VOL, t.cents[i]! * m0 * gf(k, part.seg));
            }
            break;
          }
          case 'trajectprijs': {
            const price = trajectoryPrice(part.seg, model.percentiel);
            const factor = price !== null && total > 0 ? price / total : 1;
            for (let i = 0; i < t.months.length; i++) {
              const k = Math.floor(t.months[i]! / 12);
              c.add(k, part.seg, prov, t.mun, VOL, t.cents[i]! * m0 * factor * gf(k, part.seg));
            }
            break;
          }
          case 'resultaat': {
            const rounded = Math.round(total);
            const advanceShare = rounded > 0 ? resultPayments(rounded, model.voorschot, 100).advanceCents / rounded : model.voorschot;
            const rate = model.doelbereik === 'gemeten' ? (t.goal ?? measuredGoal(part.seg)) : model.doelbereik;
            for (let i = 0; i < t.months.length; i++) {
              const k = Math.floor(t.months[i]! / 12);
              const v = t.cents[i]! * m0 * gf(k, part.seg);
              c.add(k, part.seg, prov, t.mun, VOL, v * advanceShare);
              c.add(k, part.seg, prov, t.mun, RES, v * (1 - advanceShare) * rate);
              c.add(k, part.seg, prov, t.mun, FULL, v * (1 - advanceShare));
            }
            break;
          }
          case 'caseload': {
            const key = `${part.seg}|${prov}|${t.mun}|${m0}`;
            const g = caseloadGroups.get(key) ?? caseloadGroups.set(key, { seg: part.seg, prov, mun: t.mun, mult: m0, allocs: [], cents: 0 }).get(key)!;
            const start = t.months.length > 0 ? `${monthKey(y0, t.months[0]!)}-01` : `${firstMonth}-01`;
            g.allocs.push({ clientKey: String(t.client), ingangsdatum: t.start || start, einddatum: t.end });
            g.cents += total * m0;
            break;
          }
          case 'lumpsum': {
            const pot =
              lumpPot.get(part.seg) ?? lumpPot.set(part.seg, { years: new Array<number>(Y).fill(0), byMun: new Map(), byProv: new Map() }).get(part.seg)!;
            const byMun = pot.byMun.get(t.mun) ?? pot.byMun.set(t.mun, new Array<number>(Y).fill(0)).get(t.mun)!;
            for (let i = 0; i < t.months.length; i++) {
              const k = Math.floor(t.months[i]! / 12);
              if (k < 0 || k >= Y) continue;
              pot.years[k]! += t.cents[i]! * m0;
              byMun[k]! += t.cents[i]! * m0;
            }
            if (prov !== POOL) pot.byProv.set(prov, (pot.byProv.get(prov) ?? 0) + total * m0);
            break;
          }
          case 'beschikbaarheid': {
            const key = `${part.seg}|${prov}`;
            const pot = availPot.get(key) ?? availPot.set(key, new Array<number>(Y).fill(0)).get(key)!;
            for (let i = 0; i < t.months.length; i++) {
              const k = Math.floor(t.months[i]! / 12);
              if (k < 0 || k >= Y) continue;
              pot[k]! += t.cents[i]! * m0 * model.aandeel;
              c.add(k, part.seg, prov, t.mun, VOL, t.cents[i]! * m0 * (1 - model.aandeel) * gf(k, part.seg));
            }
            break;
          }
        }
      }
    }
  }

  // Existing schedules stay as they are (fixed, regional).
  for (const s of base.schedules) c.add(Math.floor(s.month / 12), s.seg, s.prov, REG, FIX, s.cents);

  // Caseload: clients per provider and month x the price per client per month (seed 001).
  for (const seg of new Set([...caseloadGroups.values()].map((g) => g.seg))) {
    const groups = [...caseloadGroups.values()].filter((g) => g.seg === seg);
    const given = funding
      .filter((f) => f.seg === seg && f.model.model === 'caseload')
      .map((f) => f.model)
      .pop() as Extract<Bekostigingsmodel, { model: 'caseload' }> | undefined;
    // The calculator counts the clients per provider and month once; the payment is clients x price.
    const counted = groups.map((g) => caseloadPayments(g.allocs, [{ validFrom: `${firstMonth}-01`, value: 0 }], firstMonth, lastMonth));
    let price: number;
    if (given?.prijsPerClientPerMaand !== undefined) price = Math.round(given.prijsPerClientPerMaand * 100);
    else {
      // Cost neutral: the historical spend of the care over the client-months it served.
      let clientMonths = 0;
      let cents = 0;
      groups.forEach((g, gi) => {
        cents += g.cents;
        for (const m of counted[gi]!) clientMonths += m.clients * g.mult;
      });
      price = clientMonths > 0 ? Math.round(cents / clientMonths) : 0;
      notes.push(
        `Caseload ${base.segments[seg]!.name}: kostenneutrale prijs € ${(price / 100).toFixed(2).replace('.', ',')} per cliënt per maand (historische uitgaven / cliëntmaanden).`,
      );
    }
    groups.forEach((g, gi) => {
      counted[gi]!.forEach((m, i) => {
        const k = Math.floor(i / 12);
        c.add(k, g.seg, g.prov, g.mun, VOL, m.clients * price * g.mult * gf(k, g.seg));
      });
    });
  }

  // Lump sums: the pot per year minus the discount, per provider (the segment's historical share,
  // or where the care came from), per municipality by population or by where the care was used.
  for (const [seg, pot] of lumpPot) {
    const model = funding
      .filter((f) => f.seg === seg && f.model.model === 'lumpsum')
      .map((f) => f.model)
      .pop() as Extract<Bekostigingsmodel, { model: 'lumpsum' }>;
    const provs = shares.get(seg) ?? [...pot.byProv].map(([p, v]) => [p, v] as [number, number]);
    const provWeights = provs.map(([, w]) => w);
    const inhabitants = base.municipalities.map((m) => m.inhabitants ?? 0);
    const byPopulation = model.verdeling === 'inwoners' && inhabitants.some((x) => x > 0);
    if (model.verdeling === 'inwoners' && !byPopulation)
      notes.push(`Lumpsum ${base.segments[seg]!.name}: geen inwonertallen bekend, verdeeld naar historisch aandeel.`);
    for (let k = 0; k < Y; k++) {
      const potYear = Math.round(pot.years[k]!);
      const perProv = apportion(potYear, provWeights);
      provs.forEach(([prov], pi) => {
        const schedule = monthlySchedule({
          yearlyCents: () => perProv[pi]!,
          startDate: `${base.years[k]}-01-01`,
          endDate: `${base.years[k]}-12-31`,
          discount: model.korting,
        });
        const yearCents = schedule.reduce((a, s) => a + s.amountCents, 0);
        const munWeights = byPopulation ? [...inhabitants, 0] : Array.from({ length: REG + 1 }, (_, m) => pot.byMun.get(m)?.[k] ?? 0);
        apportion(yearCents, munWeights).forEach((cents, m) => {
          if (cents !== 0) c.add(k, seg, prov, m, FIX, cents);
        });
      });
    }
  }

  // Availability: the fixed share per provider and year as a monthly schedule (seed 004 §4.1).
  for (const [key, perYear] of availPot) {
    const [seg, prov] = key.split('|').map(Number) as [number, number];
    for (let k = 0; k < Y; k++) {
      const schedule = monthlySchedule({ yearlyCents: () => Math.round(perYear[k]!), startDate: `${base.years[k]}-01-01`, endDate: `${base.years[k]}-12-31` });
      c.add(
        k,
        seg,
        prov,
        REG,
        FIX,
        schedule.reduce((a, s) => a + s.amountCents, 0),
      );
    }
  }

  // The pool: spread over each segment's providers by their historical share.
  for (let k = 0; k < Y; k++)
    for (let s = 0; s < c.S; s++) {
      const provs = shares.get(s);
      for (let m = 0; m < c.M; m++) {
        const i = c.idx(k, s, POOL, m, 0);
        for (let comp = 0; comp < COMPS; comp++) {
          const v = c.data[i + comp]!;
          if (v === 0) continue;
          c.data[i + comp] = 0;
          if (!provs) throw new Error(`pool without providers in segment ${base.segments[s]!.id}`);
          for (const [p, w] of provs) c.data[c.idx(k, s, p, m, comp)]! += v * w;
        }
      }
    }

  // Round every cell to the cent once, then indexation and efficiency cut per year.
  const dated = (soort: 'indexatie' | 'efficiencykorting'): Dated<number> =>
    sc.wijzigingen.flatMap((w) =>
      w.soort !== soort
        ? []
        : w.perJaar
          ? w.perJaar.map((p) => ({ validFrom: `${p.jaar}-01-01`, value: p.percentage }))
          : [{ validFrom: `${y0}-01-01`, value: w.elkJaar! }],
    );
  const rates = dated('indexatie');
  const cuts = dated('efficiencykorting');
  const d = c.data;
  const perYear = c.S * c.P * c.M * COMPS;
  for (let k = 0; k < Y; k++) {
    const year = base.years[k]!;
    for (let i = k * perYear; i < (k + 1) * perYear; i++) {
      if (d[i] === 0) continue;
      let v = Math.round(d[i]!);
      if (rates.length > 0) v = indexed(v, y0 - 1, year, rates);
      if (cuts.length > 0) v = afterEfficiencyCut(v, y0 - 1, year, cuts);
      d[i] = v;
    }
  }

  // Per (year, segment) components before ceilings.
  const segYear = Array.from({ length: Y * c.S }, () => ({ fixed: 0, vol: 0, res: 0, full: 0, capped: 0, cap: null as number | null }));
  const sumComponents = () => {
    for (const sy of segYear) Object.assign(sy, { fixed: 0, vol: 0, res: 0, full: 0 });
    for (let k = 0; k < Y; k++)
      for (let s = 0; s < c.S; s++) {
        const sy = segYear[k * c.S + s]!;
        for (let p = 0; p < c.P; p++)
          for (let m = 0; m < c.M; m++) {
            const i = c.idx(k, s, p, m, 0);
            sy.fixed += d[i + FIX]!;
            sy.vol += d[i + VOL]!;
            sy.res += d[i + RES]!;
            sy.full += d[i + FULL]!;
          }
      }
  };
  sumComponents();
  const uncapped = segYear.map((sy) => ({ ...sy }));

  // Ceilings: the scenario's (applied with their policy) and the database's (reported).
  const exceedances: CeilingExceedance[] = [];
  const actual = baseTotalsBy(base);
  const provIdx = new Map(base.providers.map((p, i) => [p.agb, i]));
  type Ceil = { year: number; k: number; seg: number | null; prov: number | null; cents: number; beleid: 'afwijzen' | 'signaleren' };
  const ceilingsList: Ceil[] = [];
  for (const w of sc.wijzigingen) {
    if (w.soort !== 'plafond') continue;
    const seg = w.segment !== undefined ? segIdx.get(w.segment)! : null;
    const prov = w.aanbieder !== undefined ? provIdx.get(w.aanbieder)! : null;
    for (let k = 0; k < Y; k++) {
      const cents = w.bedragPerJaar !== undefined ? Math.round(w.bedragPerJaar * 100) : Math.round(w.aandeelVanBasis! * actual(k, seg, prov));
      ceilingsList.push({ year: base.years[k]!, k, seg, prov, cents, beleid: w.beleid });
    }
  }
  for (const ce of base.ceilings) {
    const k = base.years.indexOf(ce.year);
    if (k < 0 || ceilingsList.some((x) => x.k === k && x.seg === ce.seg && x.prov === ce.prov)) continue;
    ceilingsList.push({ year: ce.year, k, seg: ce.seg, prov: ce.prov, cents: ce.cents, beleid: 'signaleren' });
  }
  for (const ce of ceilingsList) {
    let amount = 0;
    let variable = 0;
    const cellsOf: number[] = [];
    for (let s = 0; s < c.S; s++) {
      if (ce.seg !== null && s !== ce.seg) continue;
      for (let p = 0; p < c.P; p++) {
        if (ce.prov !== null && p !== ce.prov) continue;
        for (let m = 0; m < c.M; m++) {
          const i = c.idx(ce.k, s, p, m, 0);
          amount += d[i + FIX]! + d[i + VOL]! + d[i + RES]!;
          variable += d[i + VOL]! + d[i + RES]!;
          cellsOf.push(i);
        }
      }
    }
    // A rejecting segment ceiling also bounds the Monte Carlo runs, whether or not the replay reaches it.
    if (ce.beleid === 'afwijzen' && ce.seg !== null && ce.prov === null) {
      const sy = segYear[ce.k * c.S + ce.seg]!;
      sy.cap = sy.cap === null ? ce.cents : Math.min(sy.cap, ce.cents);
    }
    if (amount <= ce.cents) continue;
    const segName = ce.seg !== null ? base.segments[ce.seg]!.name : '';
    const provName = ce.prov !== null ? base.providers[ce.prov]!.name : '';
    exceedances.push({
      soort: ce.prov !== null ? 'aanbieder' : 'segment',
      key: [ce.seg !== null ? base.segments[ce.seg]!.id : null, ce.prov !== null ? String(base.providers[ce.prov]!.id) : null].filter(Boolean).join('/'),
      naam: [segName, provName].filter(Boolean).join(' - '),
      year: ce.year,
      limitCents: ce.cents,
      amountCents: amount,
      overCents: amount - ce.cents,
      beleid: ce.beleid,
    });
    if (ce.beleid === 'afwijzen' && variable > 0) {
      // The excess is not paid: the variable part (volume, results) is cut back to the ceiling.
      const factor = Math.max(0, 1 - (amount - ce.cents) / variable);
      for (const i of cellsOf) {
        d[i + VOL] = Math.floor(d[i + VOL]! * factor);
        d[i + RES] = Math.floor(d[i + RES]! * factor);
      }
    }
  }
  sumComponents();
  segYear.forEach((sy, i) => {
    sy.capped = sy.fixed + sy.vol + sy.res;
    Object.assign(sy, { fixed: uncapped[i]!.fixed, vol: uncapped[i]!.vol, res: uncapped[i]!.res, full: uncapped[i]!.full });
  });

  // Budget framework per municipality and year (reported).
  for (const b of base.budgets) {
    const k = base.years.indexOf(b.year);
    if (k < 0) continue;
    let amount = 0;
    for (let s = 0; s < c.S; s++)
      for (let p = 0; p < c.P; p++) {
        const i = c.idx(k, s, p, b.mun, 0);
        amount += d[i + FIX]! + d[i + VOL]! + d[i + RES]!;
      }
    if (amount > b.cents) {
      const mu = base.municipalities[b.mun]!;
      exceedances.push({
        soort: 'budget',
        key: mu.code,
        naam: mu.name,
        year: b.year,
        limitCents: b.cents,
        amountCents: amount,
        overCents: amount - b.cents,
        beleid: 'signaleren',
      });
    }
  }
  return { cells: c, exceedances, segYear, growth, notes };
}

/** Actual spend (lines + schedules) of the base per year and segment and/or provider. */
function baseTotalsBy(base: BaseData): (k: number, seg: number | null, prov: number | null) => number {
  const cache = new Map<string, number>();
  let built: Cells | undefined;
  const cells = () => {
    if (built) return built;
    const c = emptyCells(base);
    for (const t of base.trajectories) for (let i = 0; i < t.months.length; i++) c.add(Math.floor(t.months[i]! / 12), t.seg, t.prov, t.mun, VOL, t.cents[i]!);
    for (const s of base.schedules) c.add(Math.floor(s.month / 12), s.seg, s.prov, base.municipalities.length, FIX, s.cents);
    return (built = c);
  };
  return (k, seg, prov) => {
    const c = cells();
    const key = `${k}|${seg}|${prov}`;
    if (!cache.has(key)) {
      let v = 0;
      for (let s = 0; s < c.S; s++) {
        if (seg !== null && s !== seg) continue;
        for (let p = 0; p < c.P; p++) {
          if (prov !== null && p !== prov) continue;
          for (let m = 0; m < c.M; m++) {
            const i = c.idx(k, s, p, m, 0);
            v += c.data[i + FIX]! + c.data[i + VOL]!;
          }
        }
      }
      cache.set(key, v);
    }
    return cache.get(key)!;
  };
}
