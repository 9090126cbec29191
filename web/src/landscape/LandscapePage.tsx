import '../styles/landscape.css';
import { Heading, Paragraph } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import type { Landscape } from '../api-types';
import { formatDate } from '../format';
import { AreaDiagram } from './AreaDiagram';
import { KeyFigures } from './KeyFigures';
import { regionLots } from './lots';
import { OpenQuestionList } from './OpenQuestionList';
import { ProductTranslation } from './ProductTranslation';
import { RuleList } from './RuleList';
import { SegmentCard } from './SegmentCard';

function Section({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="rk-section" aria-labelledby={id}>
      <Heading level={2} id={id}>
        {title}
      </Heading>
      {intro && <Paragraph className="rk-section__intro">{intro}</Paragraph>}
      {children}
    </section>
  );
}

/** The landscape of one region: key figures, areas and lots, and a card per segment or task area. */
export function LandscapePage({ landscape }: { landscape: Landscape }) {
  const { region, segments } = landscape;
  const lots = regionLots(landscape);
  const providerCount = new Set(segments.flatMap((s) => s.providers.map((p) => p.id))).size;
  const stats = [
    [landscape.municipalities.length, 'gemeenten'],
    [landscape.areas.length, 'gebieden'],
    [segments.length, segments.every((s) => s.kind === 'taakgebied') ? 'taakgebieden' : 'segmenten'],
    [lots.length, 'percelen'],
    // Without a login the contract register is not shown: no count rather than a count of zero.
    ...(landscape.registerHidden ? [] : ([[providerCount, 'gecontracteerde aanbieders']] as const)),
  ] as const;

  return (
    <>
      <div className="rk-titlebar">
        <p className="rk-pretitle">Regiolandschap</p>
        <Heading level={1}>{region.name}</Heading>
        <Paragraph appearance="lead" className="rk-validity">
          Profiel geldig vanaf <time dateTime={region.validFrom}>{formatDate(region.validFrom)}</time>
        </Paragraph>
        {region.description && <Paragraph>{region.description}</Paragraph>}
        <ul className="rk-stats" aria-label="Omvang van het profiel">
          {stats.map(([n, label]) => (
            <li key={label}>
              <strong>{n}</strong> {label}
            </li>
          ))}
        </ul>
      </div>

      {segments.length > 1 && (
        <nav className="rk-toc" aria-label="Taakgebieden en segmenten">
          <span className="rk-toc__label">Direct naar:</span>
          <ul>
            {segments.map((s) => (
              <li key={s.id}>
                <a href={`#segment-${s.id}`}>{s.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {landscape.keyFigures.length > 0 && (
        <Section id="kengetallen" title="Kengetallen">
          <KeyFigures landscape={landscape} />
        </Section>
      )}

      <Section
        id="gebieden"
        title="Gebieden en percelen"
        intro="Elk gebied (lokaal team of toegangsteam) per gemeente; de kleur en de tekst in het vlak geven het perceel aan."
      >
        <AreaDiagram landscape={landscape} lots={lots} />
      </Section>

      <Section id="segmenten" title={segments.every((s) => s.kind === 'taakgebied') ? 'Taakgebieden' : 'Taakgebieden en segmenten'}>
        <div className="rk-cards">
          {segments.map((s) => (
            <SegmentCard key={s.id} segment={s} landscape={landscape} lots={lots} />
          ))}
        </div>
      </Section>

      {(landscape.rules.length > 0 || landscape.openQuestions.length > 0) && (
        <Section id="regio-regels" title="Regionale regels en open vragen">
          {landscape.rules.length > 0 && <RuleList rules={landscape.rules} headingId="regio-regels-lijst" level={3} />}
          {landscape.openQuestions.length > 0 && <OpenQuestionList questions={landscape.openQuestions} headingId="regio-open-vragen" level={3} />}
        </Section>
      )}

      {landscape.productTranslation.length > 0 && (
        <Section id="productvertaling" title="Productvertaling" intro="Hoe de huidige producten overgaan naar de nieuwe taakgebieden en segmenten.">
          <ProductTranslation landscape={landscape} />
        </Section>
      )}
    </>
  );
}
