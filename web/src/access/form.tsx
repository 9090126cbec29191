/**
 * Small accessible form building blocks on NL Design System components: a labelled field with
 * description and error message, a checkbox group in a fieldset with legend, and the error summary
 * that lists every error with a link to its field (NL Design System / GOV.UK pattern).
 */
import {
  Alert,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  RadioButton,
} from '@utrecht/component-library-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Field id -> Dutch error message. The order of insertion is the order in the summary. */
export type Errors = Record<string, string>;

/** aria attributes that tie an input to its description and error message. */
export function describe(id: string, opts: { description?: boolean; error?: string }) {
  const ids = [opts.description && `${id}-description`, opts.error && `${id}-error`].filter(Boolean).join(' ');
  return { id, 'aria-describedby': ids || undefined, 'aria-invalid': opts.error ? true : undefined };
}

export function Field({
  id,
  label,
  description,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <FormField invalid={!!error} className="rk-form-field">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {description && (
        <FormFieldDescription id={`${id}-description`} className="utrecht-form-field__description">
          {description}
        </FormFieldDescription>
      )}
      {error && (
        <FormFieldErrorMessage id={`${id}-error`} className="utrecht-form-field__error-message">
          {error}
        </FormFieldErrorMessage>
      )}
      <div className="utrecht-form-field__input">{children}</div>
    </FormField>
  );
}

/** A single checkbox with its label (for yes/no questions). */
export function CheckboxField({
  id,
  label,
  description,
  checked,
  onChange,
}: {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <FormField type="checkbox" className="rk-form-field">
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <FormLabel htmlFor={id} type="checkbox" checked={checked}>
          <Checkbox
            {...describe(id, { description: !!description })}
            className="utrecht-form-field__input"
            checked={checked}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
        </FormLabel>
      </div>
      {description && (
        <FormFieldDescription id={`${id}-description`} className="utrecht-form-field__description">
          {description}
        </FormFieldDescription>
      )}
    </FormField>
  );
}

interface ChoiceGroupProps {
  id: string;
  legend: ReactNode;
  description?: ReactNode;
  error?: string;
  options: { value: string; label: ReactNode; hint?: ReactNode }[];
}

/** Checkboxes in a fieldset with a legend; the first box carries the group's id (error summary target). */
export function CheckboxGroup({
  id,
  legend,
  description,
  error,
  options,
  values,
  onChange,
}: ChoiceGroupProps & { values: string[]; onChange: (v: string[]) => void }) {
  const toggle = (value: string, on: boolean) => onChange(on ? [...values, value] : values.filter((v) => v !== value));
  return (
    <ChoiceFieldset id={id} legend={legend} description={description} error={error}>
      {options.map((o, i) => (
        <div className="rk-choice" key={o.value}>
          <FormLabel htmlFor={i === 0 ? id : `${id}-${o.value}`} type="checkbox" checked={values.includes(o.value)}>
            <Checkbox
              id={i === 0 ? id : `${id}-${o.value}`}
              name={id}
              value={o.value}
              invalid={!!error}
              checked={values.includes(o.value)}
              onChange={(e) => toggle(o.value, e.target.checked)}
            />
            <span>
              {o.label}
              {o.hint && <span className="rk-choice__hint">{o.hint}</span>}
            </span>
          </FormLabel>
        </div>
      ))}
    </ChoiceFieldset>
  );
}

export function RadioGroup({ id, legend, description, error, options, value, onChange }: ChoiceGroupProps & { value: string; onChange: (v: string) => void }) {
  return (
    <ChoiceFieldset id={id} legend={legend} description={description} error={error}>
      {options.map((o, i) => (
        <div className="rk-choice" key={o.value}>
          <FormLabel htmlFor={i === 0 ? id : `${id}-${o.value}`} type="radio" checked={value === o.value}>
            <RadioButton
              id={i === 0 ? id : `${id}-${o.value}`}
              name={id}
              value={o.value}
              invalid={!!error}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </FormLabel>
        </div>
      ))}
    </ChoiceFieldset>
  );
}

function ChoiceFieldset({
  id,
  legend,
  description,
  error,
  children,
}: {
  id: string;
  legend: ReactNode;
  description?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  const describedBy = [description && `${id}-description`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <Fieldset className="rk-fieldset" invalid={!!error} aria-describedby={describedBy}>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {description && (
        <FormFieldDescription id={`${id}-description`} className="rk-fieldset__description">
          {description}
        </FormFieldDescription>
      )}
      {error && <FormFieldErrorMessage id={`${id}-error`}>{error}</FormFieldErrorMessage>}
      <div className="rk-choices">{children}</div>
    </Fieldset>
  );
}

/** Lists the form's errors with links to the fields; takes focus when shown so it is announced. */
export function ErrorSummary({ errors }: { errors: Errors }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const entries = Object.entries(errors);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
  }, [errors]);
  if (entries.length === 0) return null;
  const jump = (id: string) => {
    const el = document.getElementById(id);
    el?.focus();
    el?.scrollIntoView({ block: 'center' });
  };
  return (
    <Alert type="error" className="rk-alert rk-error-summary" ref={ref} tabIndex={-1} aria-labelledby={titleId} data-testid="error-summary">
      <Heading level={3} id={titleId}>
        {entries.length === 1 ? 'Er is 1 fout in het formulier' : `Er zijn ${entries.length} fouten in het formulier`}
      </Heading>
      <Paragraph>Pas de volgende gegevens aan:</Paragraph>
      <ul>
        {entries.map(([id, message]) => (
          <li key={id}>
            <a
              href={`#${id}`}
              onClick={(e) => {
                e.preventDefault();
                jump(id);
              }}
            >
              {message}
            </a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
