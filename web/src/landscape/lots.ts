import type { Landscape } from '../api-types';

/** Colours for lots; dark enough for white text (contrast >= 4.5:1). */
const LOT_COLOURS = ['#1c4181', '#a3165f', '#2b6a1f', '#8a4600', '#5b2a9d', '#006580', '#7a1f1f', '#3d4a5c'];

export interface LotInfo {
  id: string;
  name: string;
  segmentName: string;
  /** Short label for tight spaces, e.g. "Perceel 2". */
  short: string;
  colour: string;
}

/** All lots of the region in profile order, each with a stable colour and short label. */
export function regionLots(landscape: Landscape): LotInfo[] {
  return landscape.segments
    .flatMap((s) => s.lots.map((l) => ({ id: l.id, name: l.name, segmentName: s.name })))
    .map((l, i) => ({ ...l, short: `Perceel ${i + 1}`, colour: LOT_COLOURS[i % LOT_COLOURS.length]! }));
}
