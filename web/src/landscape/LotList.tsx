import { Heading } from '@utrecht/component-library-react';
import type { Landscape, SegmentView } from '../api-types';
import { SourceRef } from '../components/SourceRef';
import type { LotInfo } from './lots';

/** The lots of a segment with the areas (or municipalities) they cover and how many contracts they have. */
export function LotList({ segment, landscape, lots }: { segment: SegmentView; landscape: Landscape; lots: LotInfo[] }) {
  const areaName = new Map(landscape.areas.map((a) => [a.id, a.name]));
  const municipalityName = new Map(landscape.municipalities.map((m) => [m.code, m.name]));
  const info = new Map(lots.map((l) => [l.id, l]));
  return (
    <section className="rk-subsection" aria-labelledby={`lots-${segment.id}`}>
      <Heading level={4} id={`lots-${segment.id}`}>
        Percelen ({segment.lots.length})
      </Heading>
      <ul className="rk-lots">
        {segment.lots.map((lot) => {
          const colour = info.get(lot.id)?.colour;
          return (
            <li key={lot.id} className="rk-lot" data-testid={`lot-${lot.id}`} style={colour ? { borderInlineStartColor: colour } : undefined}>
              <p className="rk-lot__name">
                <strong>{lot.name}</strong>
                {info.get(lot.id) && <span className="rk-muted"> · {info.get(lot.id)!.short}</span>}
              </p>
              {lot.description && <p className="rk-note">{lot.description}</p>}
              <p className="rk-lot__areas">
                {lot.areaIds.length > 0 ? 'Gebieden: ' : 'Gemeenten: '}
                {lot.areaIds.length > 0
                  ? lot.areaIds.map((id) => areaName.get(id) ?? id).join(', ')
                  : lot.municipalityCodes.map((c) => municipalityName.get(c) ?? c).join(', ') || 'niet vastgelegd'}
              </p>
              <p className="rk-lot__meta">
                {lot.contracts.length === 0
                  ? 'Nog niet gegund'
                  : `${lot.contracts.length} contract${lot.contracts.length === 1 ? '' : 'en'}: ${[...new Set(lot.contracts.map((c) => c.providerName))].join(', ')}`}{' '}
                <SourceRef source={lot.source} />
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
