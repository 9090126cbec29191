/**
 * The scenario engine's cost cells (year x segment x provider x municipality, four components)
 * and the base totals: the actual spend, settled lines plus paid schedules.
 */

import type { BaseData, Totals } from './engine-model.js';

// ------------------------------------------------------------------------------------------------
// Base totals (the actual spend: settled lines plus paid schedules)

const REGIONAL = 'regionaal';

export function munKey(base: BaseData, m: number): string {
  return m < base.municipalities.length ? base.municipalities[m]!.code : REGIONAL;
}

export function baseTotals(base: BaseData): Totals {
  const c = emptyCells(base);
  for (const t of base.trajectories) {
    for (let i = 0; i < t.months.length; i++) c.add(Math.floor(t.months[i]! / 12), t.seg, t.prov, t.mun, VOL, t.cents[i]!);
  }
  for (const s of base.schedules) c.add(Math.floor(s.month / 12), s.seg, s.prov, base.municipalities.length, FIX, s.cents);
  return totalsOf(base, c);
}

// ------------------------------------------------------------------------------------------------
// Cells

export const FIX = 0;
export const VOL = 1;
export const RES = 2;
export const FULL = 3;
export const COMPS = 4;

export interface Cells {
  Y: number;
  S: number;
  P: number;
  M: number;
  data: Float64Array;
  idx(y: number, s: number, p: number, m: number, comp: number): number;
  add(y: number, s: number, p: number, m: number, comp: number, cents: number): void;
}

export function emptyCells(base: BaseData): Cells {
  const Y = base.years.length;
  const S = base.segments.length;
  // One extra provider column: the pool of care that goes to a segment's providers by their historical share.
  const P = base.providers.length + 1;
  const M = base.municipalities.length + 1;
  const data = new Float64Array(Y * S * P * M * COMPS);
  const idx = (y: number, s: number, p: number, m: number, comp: number) => (((y * S + s) * P + p) * M + m) * COMPS + comp;
  return {
    Y,
    S,
    P,
    M,
    data,
    idx,
    add(y, s, p, m, comp, cents) {
      if (y < 0 || y >= Y) return;
      data[idx(y, s, p, m, comp)]! += cents;
    },
  };
}

export function totalsOf(base: BaseData, c: Cells): Totals {
  const byYear: Record<string, number> = {};
  const byMunicipality: Record<string, number> = {};
  const bySegment: Record<string, number> = {};
  const byProvider: Record<string, number> = {};
  let total = 0;
  for (let y = 0; y < c.Y; y++)
    for (let s = 0; s < c.S; s++)
      for (let p = 0; p < c.P - 1; p++)
        for (let m = 0; m < c.M; m++) {
          const i = c.idx(y, s, p, m, 0);
          const v = c.data[i + FIX]! + c.data[i + VOL]! + c.data[i + RES]!;
          if (v === 0) continue;
          total += v;
          const yk = String(base.years[y]);
          byYear[yk] = (byYear[yk] ?? 0) + v;
          const mk = munKey(base, m);
          byMunicipality[mk] = (byMunicipality[mk] ?? 0) + v;
          const sk = base.segments[s]!.id;
          bySegment[sk] = (bySegment[sk] ?? 0) + v;
          const pk = String(base.providers[p]!.id);
          byProvider[pk] = (byProvider[pk] ?? 0) + v;
        }
  return { totalCents: total, byYear, byMunicipality, bySegment, byProvider };
}
