import { Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { formatShortDate } from '../../format';
import { providerName } from '../accessLabels';
import { todayIso } from '../caseFormat';
import { describe, Field, RadioGroup, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

/** Start the clarification of a new help request (vraagverheldering). */
export function VerhelderingForm({ submit, busy, onCancel }: FormProps) {
  return (
    <ActionForm
      id="form-verheldering"
      title="Vraagverheldering starten"
      intro="Het lokale team verheldert de hulpvraag met de jeugdige en het gezin; daarna volgt de triage."
      errors={{}}
      busy={busy}
      submitLabel="Vraagverheldering starten"
      onSubmit={() => void submit({ type: 'verheldering' })}
      onCancel={onCancel}
    >
      {null}
    </ActionForm>
  );
}

/** End the standby contact of a case in aftercare. */
export function NazorgForm({ submit, busy, onCancel }: FormProps) {
  return (
    <ActionForm
      id="form-nazorg"
      title="Nazorg beëindigen"
      intro="Het waakvlamcontact stopt en de casus wordt afgesloten."
      errors={{}}
      busy={busy}
      submitLabel="Nazorg beëindigen"
      onSubmit={() => void submit({ type: 'nazorg-beeindigen' })}
      onCancel={onCancel}
    >
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
    <ActionForm
      id="form-overbrugging"
      title="Overbruggingszorg vastleggen"
      intro="Voor een jeugdige die wacht op de start van de toegewezen zorg."
      errors={errors}
      busy={busy}
      submitLabel="Overbrugging vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
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

const FASEN: [fase: 'voor' | 'tijdens' | 'na', label: string][] = [
  ['voor', 'Vóór de plaatsing, om die te voorkomen'],
  ['tijdens', 'Tijdens de plaatsing'],
  ['na', 'Na de plaatsing'],
];

/** Record ambulatory emergency help (ambulante spoedhulp) around a crisis or stay placement (seed 003 §8.2). */
export function SpoedhulpForm({ landscape, view, submit, busy, onCancel }: FormProps) {
  const placements = view.state.toewijzingen.filter((t) => t.status !== 'ingetrokken');
  const [nummer, setNummer] = useState(String(placements[0]?.nummer ?? ''));
  const t = placements.find((x) => String(x.nummer) === nummer);
  const [fase, setFase] = useState<'voor' | 'tijdens' | 'na'>(t?.startdatum ? 'tijdens' : 'voor');
  const [datum, setDatum] = useState(todayIso());
  const [errors, setErrors] = useState<Errors>({});
  const onSubmit = () => {
    const e: Errors = {};
    if (!t) e['spoedhulp-nummer'] = 'Kies de plaatsing.';
    if (!datum) e['spoedhulp-datum'] = 'Vul de datum in.';
    else if (fase === 'tijdens' && !t?.startdatum) e['spoedhulp-fase'] = 'De plaatsing is nog niet gestart: kies “vóór de plaatsing”.';
    if (check(e, setErrors)) void submit({ type: 'spoedhulp', nummer: Number(nummer), fase, datum });
  };
  return (
    <ActionForm
      id="form-spoedhulp"
      title="Ambulante spoedhulp vastleggen"
      intro="Ambulante spoedhulp voorkomt crisis- en verblijfszorg en beperkt een plaatsing tot een minimum (vóór, tijdens en na de plaatsing)."
      errors={errors}
      busy={busy}
      submitLabel="Spoedhulp vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Field id="spoedhulp-nummer" label="Plaatsing (toewijzing)" error={errors['spoedhulp-nummer']}>
        <Select {...describe('spoedhulp-nummer', { error: errors['spoedhulp-nummer'] })} value={nummer} onChange={(e) => setNummer(e.target.value)}>
          {placements.map((x) => (
            <SelectOption key={x.nummer} value={String(x.nummer)}>
              Toewijzing {x.nummer}: {providerName(landscape, x.providerId)}, vanaf {formatShortDate(x.ingangsdatum)}
            </SelectOption>
          ))}
        </Select>
      </Field>
      <RadioGroup
        id="spoedhulp-fase"
        legend="Wanneer"
        error={errors['spoedhulp-fase']}
        options={FASEN.map(([value, label]) => ({ value, label }))}
        value={fase}
        onChange={(v) => setFase(v as 'voor' | 'tijdens' | 'na')}
      />
      <Field id="spoedhulp-datum" label="Datum" error={errors['spoedhulp-datum']}>
        <Textbox
          {...describe('spoedhulp-datum', { error: errors['spoedhulp-datum'] })}
          type="date"
          value={datum}
          onChange={(e) => setDatum(e.target.value)}
          className="rk-input--short"
          invalid={!!errors['spoedhulp-datum']}
        />
      </Field>
    </ActionForm>
  );
}
