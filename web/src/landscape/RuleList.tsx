import { Heading } from '@utrecht/component-library-react';
import type { SegmentView } from '../api-types';
import { SourceRef } from '../components/SourceRef';
import { ruleTypeLabel, severityLabel } from '../labels';

/** "centrale-intake" -> "Centrale intake" (dashes between digits stay: "16-5"). */
const topic = (slug: string) => {
  const text = slug.replace(/(?<=\D)-|-(?=\D)/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Region model rules (blocking or signal), each with its source. */
export function RuleList({ rules, headingId, level = 4 }: { rules: SegmentView['rules']; headingId: string; level?: number }) {
  return (
    <section className="rk-subsection" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        Regels ({rules.length})
      </Heading>
      <ul className="rk-rules">
        {rules.map((r) => (
          <li key={r.id} className="rk-rule">
            <span className={`rk-tag rk-tag--${r.severity === 'blocking' ? 'blocking' : 'signal'}`}>{severityLabel(r.severity)}</span>
            <span className="rk-rule__body">
              <strong>{typeof r.onderwerp === 'string' ? topic(r.onderwerp) : ruleTypeLabel(r.type)}</strong>
              {r.description && <>: {r.description}</>} <SourceRef source={r.source} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
