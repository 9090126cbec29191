import { Alert, Heading, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef } from 'react';
import type { RuleHit } from '../api-types';
import { splitRuleMessage } from './caseFormat';
import type { Outcome } from './useCommand';

const ERROR_TITLES: Record<number, string> = {
  400: 'De gegevens zijn niet geldig',
  403: 'U bent niet bevoegd voor deze actie',
  404: 'Casus niet gevonden',
  409: 'Deze actie is nu niet mogelijk',
};

function RuleMessages({ rules }: { rules: RuleHit[] }) {
  return (
    <ul className="rk-rule-messages">
      {rules.map((r) => {
        const { text, reference } = splitRuleMessage(r.message);
        return (
          <li key={`${r.ruleId}-${text}`} data-rule-id={r.ruleId}>
            <strong>{text}</strong>
            {reference && <span className="rk-rule-messages__ref"> ({reference})</span>}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The result of the last action, shown next to the form: refused by blocking region rules (each
 * rule's message, naming the rule and quoting its source), another error, or done with the signals
 * that came with it as warnings. Takes focus so screen readers announce it.
 */
export function CommandOutcome({ outcome }: { outcome: Outcome }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [outcome]);

  if (outcome.kind === 'blocked') {
    return (
      <div ref={ref} tabIndex={-1} className="rk-outcome" data-testid="command-blocked">
        <Alert type="error" role="alert" className="rk-alert">
          <Heading level={3}>
            {outcome.label}: geweigerd door {outcome.rules.length === 1 ? 'een regel' : `${outcome.rules.length} regels`} van de regio
          </Heading>
          <RuleMessages rules={outcome.rules} />
          <Paragraph>
            Er is niets vastgelegd. Voldoe eerst aan {outcome.rules.length === 1 ? 'deze regel' : 'deze regels'} en probeer het daarna opnieuw.
          </Paragraph>
        </Alert>
      </div>
    );
  }
  if (outcome.kind === 'error') {
    const { status, title, detail } = outcome.error.problem;
    return (
      <div ref={ref} tabIndex={-1} className="rk-outcome" data-testid="command-error">
        <Alert type="error" role="alert" className="rk-alert">
          <Heading level={3}>
            {outcome.label}: {ERROR_TITLES[status] ?? title}
          </Heading>
          {detail && <Paragraph>{detail}</Paragraph>}
          {status === 409 && <Paragraph>Ververs de casus als iemand anders hem intussen heeft gewijzigd.</Paragraph>}
        </Alert>
      </div>
    );
  }
  return (
    <div ref={ref} tabIndex={-1} className="rk-outcome" data-testid="command-done">
      <Alert type="ok" role="status" className="rk-alert">
        <Paragraph>
          <strong>{outcome.label}: vastgelegd.</strong> De casus is bijgewerkt.
        </Paragraph>
        {outcome.note && <Paragraph data-testid="command-note">{outcome.note}</Paragraph>}
      </Alert>
      {outcome.hits.length > 0 && (
        <Alert type="warning" role="status" className="rk-alert" data-testid="command-signals">
          <Heading level={3}>Let op: {outcome.hits.length === 1 ? 'signaal' : 'signalen'} bij deze actie</Heading>
          <RuleMessages rules={outcome.hits} />
        </Alert>
      )}
    </div>
  );
}
