import type { Landscape } from '../api-types';

type Area = Landscape['areas'][number];
type Municipality = Landscape['municipalities'][number];

export const TILE = { width: 164, height: 64, gap: 8 };
const PAD = 12;
const LINE = 18;
const CLUSTER_GAP = 16;
const MAX_WIDTH = 1000;
const MAX_COLUMNS = 2;

export interface Tile {
  area: Area;
  x: number;
  y: number;
}
export interface Cluster {
  /** Municipalities joined by areas that span them (e.g. Drimmelen + Geertruidenberg). */
  municipalities: { code: string; name: string }[];
  subregion?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  headerLines: string[];
  tiles: Tile[];
}
export interface AreaLayout {
  width: number;
  height: number;
  clusters: Cluster[];
}

/** Groups municipalities that share an area (union-find), keeping profile order. */
function groupMunicipalities(municipalities: Municipality[], areas: Area[]): string[][] {
  const codes = [...new Set([...municipalities.map((m) => m.code), ...areas.flatMap((a) => a.municipalityCodes)])];
  const parent = new Map(codes.map((c) => [c, c]));
  const find = (c: string): string => (parent.get(c) === c ? c : find(parent.get(c)!));
  for (const a of areas) for (const c of a.municipalityCodes.slice(1)) parent.set(find(c), find(a.municipalityCodes[0]!));
  const groups = new Map<string, string[]>();
  for (const c of codes) groups.set(find(c), [...(groups.get(find(c)) ?? []), c]);
  return [...groups.values()];
}

/**
 * Lays out every area as a tile inside a box per municipality group; boxes flow left to right
 * and wrap at MAX_WIDTH. Municipalities without an area still get a box (with no tiles).
 */
export function layoutAreas(municipalities: Municipality[], areas: Area[], subregionName: (id: string) => string | undefined): AreaLayout {
  const byCode = new Map(municipalities.map((m) => [m.code, m]));
  const clusters: Cluster[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const codes of groupMunicipalities(municipalities, areas)) {
    const own = areas.filter((a) => a.municipalityCodes.some((c) => codes.includes(c)));
    const columns = Math.max(1, Math.min(MAX_COLUMNS, own.length));
    const rows = Math.ceil(own.length / columns);
    const subregionId = byCode.get(codes[0]!)?.subregion;
    const subregion = subregionId ? subregionName(subregionId) : undefined;
    const headerLines = [...(subregion ? [subregion] : []), ...codes.map((c) => byCode.get(c)?.name ?? c)];
    const header = PAD + headerLines.length * LINE + 4;
    const w = PAD * 2 + columns * TILE.width + (columns - 1) * TILE.gap;
    const body = rows > 0 ? rows * (TILE.height + TILE.gap) - TILE.gap : LINE;
    const h = header + body + PAD;
    if (x > 0 && x + w > MAX_WIDTH) {
      x = 0;
      y += rowHeight + CLUSTER_GAP;
      rowHeight = 0;
    }
    clusters.push({
      municipalities: codes.map((c) => ({ code: c, name: byCode.get(c)?.name ?? c })),
      subregion,
      x,
      y,
      width: w,
      height: h,
      headerLines,
      tiles: own.map((area, i) => ({
        area,
        x: x + PAD + (i % columns) * (TILE.width + TILE.gap),
        y: y + header + Math.floor(i / columns) * (TILE.height + TILE.gap),
      })),
    });
    x += w + CLUSTER_GAP;
    width = Math.max(width, x - CLUSTER_GAP);
    rowHeight = Math.max(rowHeight, h);
  }
  return { width, height: y + rowHeight, clusters };
}

/** Splits a label into lines of at most `max` characters, breaking between words. */
export function wrapText(text: string, max: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, max - 1)}…`;
  return kept;
}
