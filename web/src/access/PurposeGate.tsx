import { Button, Heading, Paragraph, Select, SelectOption, Textarea } from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { AppLink, worklistPath } from '../router';
import { containsBsnLikeNumber } from '../../../src/domain/audit/purposes';
import { PURPOSES } from './accessLabels';
import { describe, ErrorSummary, Field, type Errors } from './form';

/**
 * Before a case is opened the reader chooses why (doel van inzage, NEN 7513): nothing is
 * preselected and nothing is read until a purpose is chosen.
 */
export function PurposeGate({ caseId, regionId, onChoose }: { caseId: number; regionId: string; onChoose: (purpose: string, toelichting: string) => void }) {
  const [purpose, setPurpose] = useState('');
  const [toelichting, setToelichting] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Errors = {};
    if (!purpose) next['purpose-choice'] = 'Kies het doel van deze inzage.';
    if (purpose === 'overig' && !toelichting.trim()) next['purpose-toelichting'] = 'Licht het doel toe.';
    if (containsBsnLikeNumber(toelichting)) next['purpose-toelichting'] = 'De toelichting mag geen BSN of ander persoonsnummer bevatten.';
    if (toelichting.length > 500) next['purpose-toelichting'] = 'De toelichting is langer dan 500 tekens.';
    setErrors(next);
    if (Object.keys(next).length === 0) onChoose(purpose, toelichting.trim());
  };
  return (
    <section className="rk-panel rk-purpose-gate" aria-labelledby="purpose-gate-heading" data-testid="purpose-gate">
      <Heading level={1} id="purpose-gate-heading">
        Casus {caseId} openen
      </Heading>
      <Paragraph>Elke inzage in een casus wordt vastgelegd: wie, welke casus, wanneer en waarom. Kies eerst het doel van deze inzage.</Paragraph>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <Field id="purpose-choice" label="Doel van inzage" error={errors['purpose-choice']}>
          <Select {...describe('purpose-choice', { error: errors['purpose-choice'] })} value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            <SelectOption value="">Kies een doel</SelectOption>
            {PURPOSES.map(([code, label]) => (
              <SelectOption key={code} value={code}>
                {label}
              </SelectOption>
            ))}
          </Select>
        </Field>
        <Field
          id="purpose-toelichting"
          label="Toelichting (verplicht bij ‘anders’)"
          description="Geen BSN of andere persoonsnummers."
          error={errors['purpose-toelichting']}
        >
          <Textarea
            {...describe('purpose-toelichting', { description: true, error: errors['purpose-toelichting'] })}
            rows={2}
            maxLength={500}
            value={toelichting}
            onChange={(e) => setToelichting(e.target.value)}
          />
        </Field>
        <div className="rk-actions">
          <Button type="submit" appearance="primary-action-button">
            Casus openen
          </Button>
        </div>
      </form>
      <Paragraph>
        Terug naar de <AppLink href={worklistPath(regionId)}>werklijst</AppLink>.
      </Paragraph>
    </section>
  );
}
