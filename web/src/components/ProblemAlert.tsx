import { Alert, Paragraph, Strong } from '@utrecht/component-library-react';
import type { ApiError } from '../api';

/** Shows an API problem (title and detail) as an NL Design System alert. */
export function ProblemAlert({ error, type = 'error' }: { error: ApiError; type?: 'error' | 'warning' | 'info' }) {
  const { title, detail } = error.problem;
  return (
    <Alert type={type} role={type === 'error' ? 'alert' : 'status'} className="rk-alert">
      <Paragraph>
        <Strong>{title}</Strong>
      </Paragraph>
      {detail && detail !== title && <Paragraph>{detail}</Paragraph>}
    </Alert>
  );
}
