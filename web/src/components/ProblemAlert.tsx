import { Alert, Paragraph, Strong, UnorderedList, UnorderedListItem } from '@utrecht/component-library-react';
import type { ApiError } from '../api';
import { withoutRuleId } from '../access/caseFormat';
import { fieldLabel } from '../labels';

/**
 * Shows an API problem as an NL Design System alert: the title, then the field messages with the
 * field's Dutch name (a form guard or schema error) or the refusing rules' messages, else the detail; rule ids stay off screen.
 */
export function ProblemAlert({ error, type = 'error' }: { error: ApiError; type?: 'error' | 'warning' | 'info' }) {
  const { title, detail, errors, rules } = error.problem;
  const items = errors?.length
    ? errors.map((e) => {
        const label = fieldLabel(e.field);
        return label ? `${label}: ${e.message}` : e.message.charAt(0).toUpperCase() + e.message.slice(1);
      })
    : rules?.length
      ? rules.map((r) => withoutRuleId(r.message))
      : [];
  return (
    <Alert type={type} role={type === 'error' ? 'alert' : 'status'} className="rk-alert">
      <Paragraph>
        <Strong>{title}</Strong>
      </Paragraph>
      {items.length > 0 ? (
        <UnorderedList>
          {items.map((m) => (
            <UnorderedListItem key={m}>{m}</UnorderedListItem>
          ))}
        </UnorderedList>
      ) : (
        detail && detail !== title && <Paragraph>{withoutRuleId(detail)}</Paragraph>
      )}
    </Alert>
  );
}
