import { createContext, useContext } from 'react';
import type { Landscape, Source } from '../api-types';

/** The source documents of the region on screen, so a reference can show the document title. */
export const SourcesContext = createContext<Landscape['region']['sources']>({});

const label = (s: Source) => {
  const doc = /^\d+$/.test(s.seed) ? s.seed : s.seed.toUpperCase();
  const section = /^\d/.test(s.section) ? `§${s.section}` : s.section;
  return `bron: ${doc} ${section}`;
};

/**
 * "bron: 003 §5.3.3". With a quote it opens (details/summary) to show the quoted text, so the
 * citation is reachable by keyboard and screen reader, not only as a hover tooltip.
 */
export function SourceRef({ source }: { source: Source | undefined }) {
  const sources = useContext(SourcesContext);
  if (!source) return null;
  const title = sources[source.seed]?.title;
  const tooltip = [title, source.quote && `“${source.quote}”`].filter(Boolean).join(': ');
  if (!source.quote) {
    return (
      <span className="rk-source" title={tooltip || undefined}>
        {label(source)}
      </span>
    );
  }
  return (
    <details className="rk-source rk-source--quote">
      <summary title={tooltip}>{label(source)}</summary>
      <blockquote className="rk-source__quote">
        <p>“{source.quote}”</p>
        {title && (
          <footer>
            {title}, {source.section}
          </footer>
        )}
      </blockquote>
    </details>
  );
}
