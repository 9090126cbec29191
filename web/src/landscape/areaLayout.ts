import type { Landscape } from '../api-types';

type Area = Landscape['areas'][number];
type Municipality = Landscape['municipalities'][number];

export const TILE = { width: 164, gap: 8, nameChars: 20, maxNameLines: 3 };
export const PAD = 12;
export const LINE = 18;
const CLUSTER_GAP = 16;
/** Width of a box with `n` tile columns. */
const boxWidth = (n: number) => PAD * 2 + n * TILE.width + (n - 1) * TILE.gap;

interface Tile {
  area: Area;
  x: number;
  y: number;
}
interface Cluster {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Optional subregion caption, then the municipality names (wrapped). */
  caption?: string;
  headerLines: string[];
  tiles: Tile[];
}
export interface AreaLayout {
  width: number;
  height: number;
  /** Same for all tiles: room for the longest wrapped area name plus the lot caption. */
  tileHeight: number;
  clusters: Cluster[];
}

/** Groups municipalities that share an area (union-find), keeping profile order. */
function groupMunicipalities(codes: string[], areas: Area[]): string[][] {
  const parent = new Map(codes.map((c) => [c, c]));
  const find = (c: string): string => (parent.get(c) === c ? c : find(parent.get(c)!));
  for (const a of areas) for (const c of a.municipalityCodes.slice(1)) parent.set(find(c), find(a.municipalityCodes[0]!));
  const groups = new Map<string, string[]>();
  for (const c of codes) groups.set(find(c), [...(groups.get(find(c)) ?? []), c]);
  return [...groups.values()];
}

/** Splits a label into lines of at most `max` characters, breaking between words. */
export function wrapText(text: string, max: number, maxLines: number): string[] {
  const lines: string[] = [];
  // Long words break after a hyphen ("(Drimmelen-" "Geertruidenberg)"), and hard at `max` as a last resort.
  const words = text
    .split(/\s+/)
    .flatMap((w) => (w.length > max ? w.split(/(?<=-)/) : [w]))
    .flatMap((w) => (w.length > max ? (w.match(new RegExp(`.{1,${max}}`, 'g')) ?? [w]) : [w]));
  for (const word of words) {
    const last = lines[lines.length - 1];
    const joined = last === undefined ? word : last.endsWith('-') ? last + word : `${last} ${word}`;
    if (last !== undefined && joined.length <= max) lines[lines.length - 1] = joined;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, max - 1)}…`;
  return kept;
}

interface Group {
  key: string;
  caption?: string;
  title: string;
  areas: Area[];
  columns: number;
}

/**
 * Lays out every area as a tile inside a box per group of municipalities; boxes flow left to
 * right and wrap at `maxWidth` (two tile columns per box when that fits). Areas that cover the
 * whole region (e.g. a central intake) go into one "Hele regio" box at the end, so they do not
 * merge all municipalities into one box. `lotRank` keeps areas of the same lot together.
 */
export function layoutAreas(
  municipalities: Municipality[],
  areas: Area[],
  subregionName: (id: string) => string | undefined,
  lotRank: (area: Area) => number,
  maxWidth: number,
): AreaLayout {
  const maxColumns = maxWidth >= boxWidth(2) ? 2 : 1;
  const byCode = new Map(municipalities.map((m) => [m.code, m]));
  const codes = [...new Set([...municipalities.map((m) => m.code), ...areas.flatMap((a) => a.municipalityCodes)])];
  const regionWide = (a: Area) => codes.length > 1 && codes.every((c) => a.municipalityCodes.includes(c));
  const local = areas.filter((a) => !regionWide(a));
  const wide = areas.filter(regionWide);
  const byRank = (x: Area, y: Area) => lotRank(x) - lotRank(y);
  const nameLines = Math.max(1, ...areas.map((a) => wrapText(a.name, TILE.nameChars, TILE.maxNameLines).length));
  const tileHeight = 14 + nameLines * 17 + 22;

  const groups: Group[] = groupMunicipalities(codes, local).map((group) => {
    const own = local.filter((a) => a.municipalityCodes.some((c) => group.includes(c))).sort(byRank);
    const subregionId = byCode.get(group[0]!)?.subregion;
    return {
      key: group.join('-'),
      caption: subregionId ? subregionName(subregionId) : undefined,
      title: group.map((c) => byCode.get(c)?.name ?? c).join(', '),
      areas: own,
      columns: Math.max(1, Math.min(maxColumns, own.length)),
    };
  });
  const rank = (g: Group) => Math.min(...g.areas.map(lotRank), Number.MAX_SAFE_INTEGER);
  groups.sort((a, b) => rank(a) - rank(b));
  if (wide.length > 0) {
    const columns = Math.max(1, Math.min(wide.length, Math.floor((maxWidth - 2 * PAD + TILE.gap) / (TILE.width + TILE.gap))));
    groups.push({ key: 'regio', title: 'Hele regio (alle gemeenten)', areas: wide.sort(byRank), columns });
  }

  const clusters: Cluster[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const g of groups) {
    const w = boxWidth(g.columns);
    const headerLines = wrapText(g.title, Math.floor((w - 2 * PAD) / 8), 4);
    const header = PAD + ((g.caption ? 1 : 0) + headerLines.length) * LINE + 4;
    const rows = Math.ceil(g.areas.length / g.columns);
    const body = rows > 0 ? rows * (tileHeight + TILE.gap) - TILE.gap : LINE;
    const h = header + body + PAD;
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      y += rowHeight + CLUSTER_GAP;
      rowHeight = 0;
    }
    clusters.push({
      key: g.key,
      x,
      y,
      width: w,
      height: h,
      caption: g.caption,
      headerLines,
      tiles: g.areas.map((area, i) => ({
        area,
        x: x + PAD + (i % g.columns) * (TILE.width + TILE.gap),
        y: y + header + Math.floor(i / g.columns) * (tileHeight + TILE.gap),
      })),
    });
    x += w + CLUSTER_GAP;
    width = Math.max(width, x - CLUSTER_GAP);
    rowHeight = Math.max(rowHeight, h);
  }
  return { width, height: y + rowHeight, tileHeight, clusters };
}
