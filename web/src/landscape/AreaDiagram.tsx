import { Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState } from 'react';
import type { Landscape } from '../api-types';
import { areaKindLabel } from '../labels';
import { layoutAreas, LINE, PAD, TILE, wrapText } from './areaLayout';
import type { LotInfo } from './lots';

const NO_LOT = { fill: '#ffffff', stroke: '#666666', text: '#1a1a1a' };
const INITIAL_WIDTH = 1000;

/** The content width of an element, following resizes (so the diagram re-flows instead of shrinking). */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(INITIAL_WIDTH);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * Every area (SLT, JGT, wijkteam ...) as a tile, grouped by municipality and coloured by lot.
 * The lot is also written in the tile, so colour is never the only cue.
 */
export function AreaDiagram({ landscape, lots }: { landscape: Landscape; lots: LotInfo[] }) {
  const [canvas, canvasWidth] = useWidth<HTMLDivElement>();
  const lotById = new Map(lots.map((l) => [l.id, l]));
  const subregions = new Map(landscape.subregions.map((s) => [s.id, s.name]));
  const lotIndex = new Map(lots.map((l, i) => [l.id, i]));
  const lotRank = (a: Landscape['areas'][number]) => Math.min(...a.lotIds.map((id) => lotIndex.get(id) ?? lots.length), lots.length);
  const layout = layoutAreas(landscape.municipalities, landscape.areas, (id) => subregions.get(id), lotRank, canvasWidth - 4);
  const usedLots = lots.filter((l) => landscape.areas.some((a) => a.lotIds.includes(l.id)));
  const unassigned = landscape.areas.some((a) => !a.lotIds.some((id) => lotById.has(id)));
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const summary =
    `${count(landscape.areas.length, 'gebied', 'gebieden')} in ${count(landscape.municipalities.length, 'gemeente', 'gemeenten')}` +
    (usedLots.length ? `, verdeeld over ${usedLots.length} percelen.` : ', zonder perceelindeling.');

  return (
    <figure className="rk-diagram" data-testid="area-diagram">
      <div className="rk-diagram__canvas" ref={canvas}>
        {layout.clusters.length > 0 && (
          <svg
            viewBox={`-2 -2 ${layout.width + 4} ${layout.height + 4}`}
            width={layout.width + 4}
            role="img"
            aria-labelledby="area-diagram-title area-diagram-desc"
          >
            <title id="area-diagram-title">Gebieden per gemeente</title>
            <desc id="area-diagram-desc">{summary}</desc>
            {layout.clusters.map((c) => (
              <g key={c.key}>
                <rect x={c.x} y={c.y} width={c.width} height={c.height} rx={6} className="rk-diagram__cluster" />
                {[...(c.caption ? [c.caption] : []), ...c.headerLines].map((line, i) => (
                  <text
                    key={i}
                    x={c.x + PAD}
                    y={c.y + PAD + (i + 1) * LINE - 4}
                    className={c.caption && i === 0 ? 'rk-diagram__subregion' : 'rk-diagram__municipality'}
                  >
                    {line}
                  </text>
                ))}
                {c.tiles.length === 0 && (
                  <text x={c.x + PAD} y={c.y + c.height - PAD - 4} className="rk-diagram__empty">
                    Geen gebied vastgelegd
                  </text>
                )}
                {c.tiles.map(({ area, x, y }) => {
                  const areaLots = area.lotIds.map((id) => lotById.get(id)).filter((l): l is LotInfo => l !== undefined);
                  const colour = areaLots[0] ? { fill: areaLots[0].colour, stroke: areaLots[0].colour, text: '#ffffff' } : NO_LOT;
                  const caption = areaLots.length ? areaLots.map((l) => l.short).join(', ') : 'Geen perceel';
                  return (
                    <g key={area.id} data-area-id={area.id}>
                      <title>{`${area.name} (${areaKindLabel(area.kind)}) — ${areaLots.map((l) => l.name).join(', ') || 'geen perceel'}`}</title>
                      <rect x={x} y={y} width={TILE.width} height={layout.tileHeight} rx={4} fill={colour.fill} stroke={colour.stroke} strokeWidth={1.5} />
                      {wrapText(area.name, TILE.nameChars, TILE.maxNameLines).map((line, i) => (
                        <text key={i} x={x + 10} y={y + 20 + i * 17} fill={colour.text} className="rk-diagram__area">
                          {line}
                        </text>
                      ))}
                      <text x={x + 10} y={y + layout.tileHeight - 9} fill={colour.text} className="rk-diagram__lot">
                        {caption}
                      </text>
                    </g>
                  );
                })}
              </g>
            ))}
          </svg>
        )}
      </div>
      <figcaption className="rk-diagram__legend">
        {usedLots.length === 0 && <Paragraph className="rk-muted">{summary} Gebieden zijn niet aan percelen gekoppeld.</Paragraph>}
        {usedLots.length > 0 && (
          <ul className="rk-legend">
            {usedLots.map((l) => (
              <li key={l.id}>
                <span className="rk-legend__swatch" style={{ background: l.colour }} aria-hidden="true" />
                <span>
                  <strong>{l.short}</strong>: {l.name} <span className="rk-muted">({l.segmentName})</span>
                </span>
              </li>
            ))}
            {unassigned && (
              <li>
                <span className="rk-legend__swatch rk-legend__swatch--none" aria-hidden="true" />
                <span>Geen perceel</span>
              </li>
            )}
          </ul>
        )}
      </figcaption>
    </figure>
  );
}
