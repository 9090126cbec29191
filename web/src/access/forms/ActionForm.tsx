import { Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import type { FormEvent, ReactNode } from 'react';
import { ErrorSummary, type Errors } from '../form';

export interface ActionFormProps {
  /** Disables the buttons while a command runs. */
  busy: boolean;
  onCancel: () => void;
}

/** The frame of every action form: heading, error summary, fields, submit and cancel. */
export function ActionForm({
  id,
  title,
  intro,
  errors,
  busy,
  submitLabel,
  onSubmit,
  onCancel,
  children,
}: ActionFormProps & {
  id: string;
  title: string;
  intro?: ReactNode;
  errors: Errors;
  submitLabel: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form id={id} className="rk-form rk-action-form" noValidate onSubmit={submit} aria-labelledby={`${id}-title`} data-testid={id}>
      <Heading level={3} id={`${id}-title`}>
        {title}
      </Heading>
      {intro && <Paragraph className="rk-muted">{intro}</Paragraph>}
      <ErrorSummary errors={errors} />
      {children}
      <ButtonGroup className="rk-form-actions">
        <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
          {submitLabel}
        </Button>
        <Button type="button" appearance="subtle-button" onClick={onCancel} disabled={busy}>
          Annuleren
        </Button>
      </ButtonGroup>
    </form>
  );
}

/** Collects errors; returns true when there are none (the caller then sends the command). */
export function check(errors: Errors, setErrors: (e: Errors) => void): boolean {
  setErrors(errors);
  return Object.keys(errors).length === 0;
}
