import type { Landscape } from '../api-types';
import { SourceRef } from '../components/SourceRef';
import { formatKeyFigure } from '../format';

/** Key figures (kengetallen) of the region as compact tiles, each with year, segment and source. */
export function KeyFigures({ landscape }: { landscape: Landscape }) {
  const segmentName = new Map(landscape.segments.map((s) => [s.id, s.name]));
  return (
    <dl className="rk-figures">
      {landscape.keyFigures.map((k) => (
        <div key={k.id} className="rk-figure">
          <dt className="rk-figure__label">
            {k.description}
            {(k.year !== undefined || k.segmentId) && (
              <span className="rk-figure__context">{[k.segmentId && (segmentName.get(k.segmentId) ?? k.segmentId), k.year].filter(Boolean).join(' · ')}</span>
            )}
          </dt>
          <dd className="rk-figure__value">{formatKeyFigure(k)}</dd>
          <dd className="rk-figure__source">
            <SourceRef source={k.source} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
