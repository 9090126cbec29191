import { DataBadge, Heading, Paragraph } from '@utrecht/component-library-react';
import type { Landscape, SegmentView } from '../api-types';
import { SourceRef } from '../components/SourceRef';
import { fundingVariantLabel, segmentKindLabel } from '../labels';
import { LotList } from './LotList';
import type { LotInfo } from './lots';
import { OpenQuestionList } from './OpenQuestionList';
import { ProductsTable } from './ProductsTable';
import { ProvidersTable } from './ProvidersTable';
import { RuleList } from './RuleList';
import { SegmentFacts } from './SegmentFacts';

/** One segment or task area (taakgebied): how it is funded, bought and contracted. */
export function SegmentCard({ segment, landscape, lots }: { segment: SegmentView; landscape: Landscape; lots: LotInfo[] }) {
  const titleId = `segment-${segment.id}-title`;
  const variant = segment.funding.variant ?? 'open';
  return (
    <section className="rk-card" id={`segment-${segment.id}`} data-testid={`segment-${segment.id}`} aria-labelledby={titleId}>
      <header className="rk-card__header">
        <div>
          <p className="rk-card__kind">{segmentKindLabel(segment.kind)}</p>
          <Heading level={3} id={titleId}>
            {segment.name}
          </Heading>
        </div>
        <DataBadge className={`rk-badge rk-badge--${variant}`}>{fundingVariantLabel(segment.funding.variant)}</DataBadge>
      </header>
      {(segment.description || segment.targetGroup) && (
        <div className="rk-card__intro">
          {segment.description && <Paragraph>{segment.description}</Paragraph>}
          {segment.targetGroup && (
            <Paragraph>
              <strong>Doelgroep:</strong> {segment.targetGroup}
            </Paragraph>
          )}
        </div>
      )}
      <SegmentFacts segment={segment} />
      <p className="rk-card__source">
        Vastgelegd in het regioprofiel <SourceRef source={segment.source} />
      </p>
      {segment.lots.length > 0 && <LotList segment={segment} landscape={landscape} lots={lots} />}
      {segment.products.length > 0 && <ProductsTable segment={segment} />}
      {segment.rules.length > 0 && <RuleList rules={segment.rules} headingId={`rules-${segment.id}`} />}
      {segment.openQuestions.length > 0 && <OpenQuestionList questions={segment.openQuestions} headingId={`open-${segment.id}`} />}
      <ProvidersTable segment={segment} lots={lots} />
    </section>
  );
}
