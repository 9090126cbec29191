import { Select, SelectOption } from '@utrecht/component-library-react';
import { useState } from 'react';
import { COMPLEXITEIT, complexityLabel, TRIAGE_UITKOMSTEN } from '../accessLabels';
import { CheckboxField, CheckboxGroup, describe, Field, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { Complexiteit } from '../../api-types';
import type { FormProps } from './types';

/** Triage: outcome(s) of the help request (seed 003 §5.1), complexity and cross-domain problems. */
export function TriageForm({ view, submit, busy, onCancel }: FormProps) {
  const previous = view.state.triage;
  const [uitkomsten, setUitkomsten] = useState<string[]>(previous?.uitkomsten ?? []);
  const [complexiteit, setComplexiteit] = useState<Complexiteit | ''>(previous?.complexiteit ?? '');
  const [domeinoverstijgend, setDomeinoverstijgend] = useState(previous?.domeinoverstijgend ?? false);
  const [errors, setErrors] = useState<Errors>({});

  const onSubmit = () => {
    const e: Errors = {};
    if (uitkomsten.length === 0) e['triage-uitkomsten'] = 'Kies ten minste één uitkomst van de triage.';
    else if (uitkomsten.includes('geen-jeugdhulp') && uitkomsten.length > 1)
      e['triage-uitkomsten'] = '“Geen jeugdhulp nodig” kan niet samen met een andere uitkomst.';
    if (!complexiteit) e['triage-complexiteit'] = 'Kies de complexiteit van de problematiek.';
    if (check(e, setErrors) && complexiteit) void submit({ type: 'triage', uitkomsten, complexiteit, domeinoverstijgend });
  };

  return (
    <ActionForm
      id="form-triage"
      title={previous ? 'Triage opnieuw vastleggen' : 'Triage vastleggen'}
      errors={errors}
      busy={busy}
      submitLabel="Triage vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <CheckboxGroup
        id="triage-uitkomsten"
        legend="Uitkomst van de triage"
        description="Meer uitkomsten tegelijk is mogelijk (een combinatie)."
        error={errors['triage-uitkomsten']}
        options={Object.entries(TRIAGE_UITKOMSTEN).map(([value, label]) => ({ value, label }))}
        values={uitkomsten}
        onChange={setUitkomsten}
      />
      <Field id="triage-complexiteit" label="Complexiteit" error={errors['triage-complexiteit']}>
        <Select
          {...describe('triage-complexiteit', { error: errors['triage-complexiteit'] })}
          value={complexiteit}
          onChange={(e) => setComplexiteit(COMPLEXITEIT.find((c) => c === e.target.value) ?? '')}
          invalid={!!errors['triage-complexiteit']}
        >
          <SelectOption value="">Kies…</SelectOption>
          {COMPLEXITEIT.map((c) => (
            <SelectOption key={c} value={c}>
              {complexityLabel(c)}
            </SelectOption>
          ))}
        </Select>
      </Field>
      <CheckboxField
        id="triage-domeinoverstijgend"
        label="Domeinoverstijgende problematiek"
        description="Bijvoorbeeld ook schulden, wonen of werk: het gemeentelijk sociaal domein neemt dan deel aan het MDO."
        checked={domeinoverstijgend}
        onChange={setDomeinoverstijgend}
      />
    </ActionForm>
  );
}
