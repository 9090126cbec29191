import { Checkbox, FormField, FormLabel } from '@utrecht/component-library-react';

/** A single labelled checkbox (NL Design System form field). */
export function CheckboxField({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <FormField type="checkbox" className="rk-fin-checkbox">
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <FormLabel htmlFor={id} type="checkbox" checked={checked}>
          <Checkbox id={id} className="utrecht-form-field__input" checked={checked} onChange={(e) => onChange(e.target.checked)} />
          {label}
        </FormLabel>
      </div>
    </FormField>
  );
}
