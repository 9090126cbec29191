import { Select, SelectOption } from '@utrecht/component-library-react';
import { useState } from 'react';
import { formatShortDate } from '../../format';
import { providerName } from '../accessLabels';
import { describe, Field, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

/** Start the clarification of a new help request (vraagverheldering). */
export function VerhelderingForm({ submit, busy, onCancel }: FormProps) {
  return (
    <ActionForm id="form-verheldering" title="Vraagverheldering starten" intro="Het lokale team verheldert de hulpvraag met de jeugdige en het gezin; daarna volgt de triage." errors={{}} busy={busy} submitLabel="Vraagverheldering starten" onSubmit={() => void submit({ type: 'verheldering' })} onCancel={onCancel}>
      {null}
    </ActionForm>
  );
}

/** End the standby contact of a case in aftercare. */
export function NazorgForm({ submit, busy, onCancel }: FormProps) {
  return (
    <ActionForm id="form-nazorg" title="Nazorg beëindigen" intro="Het waakvlamcontact stopt en de casus wordt afgesloten." errors={{}} busy={busy} submitLabel="Nazorg beëindigen" onSubmit={() => void submit({ type: 'nazorg-beeindigen' })} onCancel={onCancel}>
      {null}
    </ActionForm>
  );
}

/** Allocations that wait for a start without bridging care. */
export const waitingAllocations = (view: FormProps['view']) => view.state.toewijzingen.filter((t) => t.status === 'toegewezen' && !t.overbrugging);

/** Record bridging care (overbruggingszorg) while an allocation waits for its start. */
export function OverbruggingForm({ landscape, view, submit, busy, onCancel }: FormProps) {
  const waiting = waitingAllocations(view);
  const [nummer, setNummer] = useState(String(waiting[0]?.nummer ?? ''));
  const [errors, setErrors] = useState<Errors>({});
  const onSubmit = () => {
    if (check(nummer ? {} : { 'overbrugging-nummer': 'Kies de toewijzing.' }, setErrors)) void submit({ type: 'overbrugging', nummer: Number(nummer) });
  };
  return (
    <ActionForm id="form-overbrugging" title="Overbruggingszorg vastleggen" intro="Voor een jeugdige die wacht op de start van de toegewezen zorg." errors={errors} busy={busy} submitLabel="Overbrugging vastleggen" onSubmit={onSubmit} onCancel={onCancel}>
      <Field id="overbrugging-nummer" label="Toewijzing" error={errors['overbrugging-nummer']}>
        <Select {...describe('overbrugging-nummer', { error: errors['overbrugging-nummer'] })} value={nummer} onChange={(e) => setNummer(e.target.value)}>
          {waiting.map((t) => (
            <SelectOption key={t.nummer} value={String(t.nummer)}>
              Toewijzing {t.nummer}: {providerName(landscape, t.providerId)}, vanaf {formatShortDate(t.ingangsdatum)}
            </SelectOption>
          ))}
        </Select>
      </Field>
    </ActionForm>
  );
}
