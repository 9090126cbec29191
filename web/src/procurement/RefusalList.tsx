import type { Refusal } from './procurementApi';
import { SourceRef } from '../components/SourceRef';

/** The rules that refused a command or would refuse an award: rule id, message and its source. */
export function RefusalList({ violations, testId = 'refusal-list' }: { violations: Refusal[] | undefined; testId?: string }) {
  if (!violations || violations.length === 0) return null;
  return (
    <ul className="rk-proc-refusals" data-testid={testId}>
      {violations.map((v, i) => (
        <li key={`${v.ruleId}-${i}`}>
          <span className="rk-code">{v.ruleId}</span> {v.message}
          {v.source && (
            <>
              {' '}
              <SourceRef source={v.source} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
