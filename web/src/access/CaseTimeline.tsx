import { Heading, Paragraph } from '@utrecht/component-library-react';
import type { CaseDetail } from '../api-types';
import { eventLabel } from './accessLabels';
import { formatDateTime } from './caseFormat';

/** The case's timeline, newest first, each event with its moment, kind, text and who recorded it. */
export function CaseTimeline({ events }: { events: CaseDetail['events'] }) {
  const newestFirst = [...events].reverse();
  return (
    <section className="rk-panel rk-timeline" aria-labelledby="timeline-heading" data-testid="case-timeline">
      <Heading level={2} id="timeline-heading">
        Verloop
      </Heading>
      <Paragraph className="rk-muted rk-timeline__intro">Nieuwste gebeurtenis bovenaan.</Paragraph>
      {events.length === 0 ? (
        <Paragraph className="rk-muted">Nog geen gebeurtenissen.</Paragraph>
      ) : (
        <ol className="rk-timeline__list" reversed>
          {newestFirst.map((e, i) => (
            <li key={`${e.at}-${i}`} className={`rk-timeline__item rk-timeline__item--${e.type}`} data-event-type={e.type}>
              <p className="rk-timeline__when">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </p>
              <p className="rk-timeline__what">
                <strong>{eventLabel(e.type)}</strong>
              </p>
              <p className="rk-timeline__text">{e.text}</p>
              <p className="rk-timeline__by">door {e.by}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
