import { Button } from '@utrecht/component-library-react';
import type { RuleHit } from '../api-types';
import { severityLabel } from '../labels';
import { formatDue, isOverdue, splitRuleMessage } from './caseFormat';

/** Severity tag: blocking rules in red, signals in orange; the text is always there (not colour alone). */
export function SeverityTag({ severity }: { severity: RuleHit['severity'] }) {
  return <span className={`rk-tag rk-tag--${severity}`}>{severityLabel(severity)}</span>;
}

/** "Uiterlijk 22-11-2026"; a passed due moment in bold red with "Termijn verstreken". `short` shows only the date. */
export function DueDate({ due, dueAt, short = false }: { due: string; dueAt?: string | null; short?: boolean }) {
  const overdue = isOverdue(due, dueAt);
  return (
    <span className={overdue ? 'rk-due rk-due--overdue' : 'rk-due'} data-due={due}>
      {!short && (overdue ? 'Termijn verstreken: ' : 'Uiterlijk ')}
      <time dateTime={dueAt ?? due}>{formatDue(due, dueAt)}</time>
      {short && overdue && <span className="rk-due__note">verstreken</span>}
    </span>
  );
}

interface Props {
  signals: RuleHit[];
  /** Compact (worklist): text, rule id and due date; full (case page): also the quoted source. */
  compact?: boolean;
  /** When given, each signal gets a button to mark it handled. */
  onHandled?: (ruleId: string) => void;
  busy?: boolean;
}

/** Signals of a case (region rules with severity, message naming the rule, due date). */
export function SignalList({ signals, compact = false, onHandled, busy }: Props) {
  return (
    <ul className={compact ? 'rk-signals rk-signals--compact' : 'rk-signals'}>
      {signals.map((s) => {
        const { text, reference } = splitRuleMessage(s.message);
        return (
          <li key={`${s.ruleId}-${s.due ?? ''}-${text}`} className={`rk-signal rk-signal--${s.severity}`} data-rule-id={s.ruleId}>
            <div className="rk-signal__head">
              <SeverityTag severity={s.severity} />
              {s.due && <DueDate due={s.due} dueAt={s.dueAt} />}
            </div>
            <p className="rk-signal__text">{text}</p>
            {!compact && reference && <p className="rk-signal__ref">{reference}</p>}
            {onHandled && (
              <Button type="button" appearance="subtle-button" className="rk-signal__action" disabled={busy} onClick={() => onHandled(s.ruleId)}>
                Markeer als afgehandeld
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
