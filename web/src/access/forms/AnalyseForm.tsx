import { Textarea } from '@utrecht/component-library-react';
import { useState } from 'react';
import { CheckboxField, describe, Field, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

/** Analysis before out-of-home care or specialist care: explanatory analysis, ambulant alternatives, diagnostics. */
export function AnalyseForm({ view, submit, busy, onCancel }: FormProps) {
  const previous = view.state.analyse;
  const [verklarendeAnalyse, setVerklarendeAnalyse] = useState(previous?.verklarendeAnalyse ?? false);
  const [ambulanteAlternatieven, setAlternatieven] = useState(previous?.ambulanteAlternatieven ?? '');
  const [diagnostiekAfgerond, setDiagnostiek] = useState(previous?.diagnostiekAfgerond ?? false);
  const [errors, setErrors] = useState<Errors>({});

  const onSubmit = () => {
    const e: Errors = {};
    if (ambulanteAlternatieven.length > 2000) e['analyse-alternatieven'] = 'De toelichting is langer dan 2000 tekens.';
    if (check(e, setErrors)) void submit({ type: 'analyse', verklarendeAnalyse, ambulanteAlternatieven: ambulanteAlternatieven.trim(), diagnostiekAfgerond });
  };

  return (
    <ActionForm
      id="form-analyse"
      title="Analyse vastleggen"
      intro="Nodig voordat een uithuisplaatsing of bepaalde specialistische hulp wordt ingezet."
      errors={errors}
      busy={busy}
      submitLabel="Analyse vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <CheckboxField id="analyse-verklarend" label="Verklarende analyse is gemaakt" checked={verklarendeAnalyse} onChange={setVerklarendeAnalyse} />
      <Field
        id="analyse-alternatieven"
        label="Overwogen ambulante alternatieven"
        description="Welke ambulante hulp is overwogen of geprobeerd (geen medische inhoud)."
        error={errors['analyse-alternatieven']}
      >
        <Textarea
          {...describe('analyse-alternatieven', { description: true, error: errors['analyse-alternatieven'] })}
          rows={3}
          maxLength={2000}
          value={ambulanteAlternatieven}
          onChange={(e) => setAlternatieven(e.target.value)}
        />
      </Field>
      <CheckboxField id="analyse-diagnostiek" label="Diagnostiektraject is afgerond" checked={diagnostiekAfgerond} onChange={setDiagnostiek} />
    </ActionForm>
  );
}
