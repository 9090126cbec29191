import { Heading } from '@utrecht/component-library-react';
import type { Open } from '../api-types';
import { SourceRef } from '../components/SourceRef';

/** What the source documents leave open, written down rather than invented. */
export function OpenQuestionList({ questions, headingId, level = 4 }: { questions: Open[]; headingId: string; level?: number }) {
  return (
    <section className="rk-subsection" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        Open vragen ({questions.length})
      </Heading>
      <ul className="rk-open-list">
        {questions.map((q, i) => (
          <li key={i}>
            {q.openQuestion} <SourceRef source={q.source} />
          </li>
        ))}
      </ul>
    </section>
  );
}
