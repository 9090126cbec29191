import { Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { CheckboxField, describe, Field, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

/** Close the case, with a standby contact (waakvlam) or without. */
export function AfsluitenForm({ submit, busy, onCancel }: FormProps) {
  const [waakvlam, setWaakvlam] = useState(true);
  const [contactpersoon, setContactpersoon] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const onSubmit = () => {
    const e: Errors = {};
    if (contactpersoon.length > 200) e['afsluiten-contact'] = 'De naam is langer dan 200 tekens.';
    if (check(e, setErrors))
      void submit({ type: 'afsluiten', waakvlam, ...(waakvlam && contactpersoon.trim() ? { contactpersoon: contactpersoon.trim() } : {}) });
  };

  return (
    <ActionForm
      id="form-afsluiten"
      title="Casus afsluiten"
      intro="Alle zorg moet gestopt zijn. Met een waakvlam blijft een contactpersoon bereikbaar (nazorg)."
      errors={errors}
      busy={busy}
      submitLabel="Casus afsluiten"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <CheckboxField
        id="afsluiten-waakvlam"
        label="Afsluiten met waakvlam (nazorg)"
        description="Het gezin houdt een vast contactpersoon die het kan benaderen."
        checked={waakvlam}
        onChange={setWaakvlam}
      />
      {waakvlam && (
        <Field id="afsluiten-contact" label="Contactpersoon (optioneel)" error={errors['afsluiten-contact']}>
          <Textbox
            {...describe('afsluiten-contact', { error: errors['afsluiten-contact'] })}
            maxLength={200}
            value={contactpersoon}
            onChange={(e) => setContactpersoon(e.target.value)}
          />
        </Field>
      )}
    </ActionForm>
  );
}
