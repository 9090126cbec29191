import { guardDecision } from '../../../../src/domain/access/input-guards';
import { Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { formatShortDate } from '../../format';
import { decisionMakers, segmentName } from '../accessLabels';
import { addDays, addYears, todayIso } from '../caseFormat';
import { CheckboxField, describe, Field, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

/** Decision (beschikking) by the municipality on a referral: period, who decided, extension assessed. */
export function BeschikkingForm({ landscape, view, submit, busy, onCancel }: FormProps) {
  const { verwijzingen, beschikkingen } = view.state;
  const open = verwijzingen.filter((v) => !beschikkingen.some((b) => b.verwijzingId === v.id));
  const [verwijzingId, setVerwijzingId] = useState(String((open.at(-1) ?? verwijzingen.at(-1))?.id ?? ''));
  const [ingangsdatum, setIngang] = useState(todayIso());
  const [einddatum, setEind] = useState(addDays(addYears(todayIso(), 1), -1));
  const [besluitDoor, setBesluitDoor] = useState('gemeente');
  const [verlengingBeoordeeld, setVerlenging] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const verwijzing = verwijzingen.find((v) => String(v.id) === verwijzingId);

  const onSubmit = () => {
    const e: Errors = {};
    if (!verwijzing) e['beschikking-verwijzing'] = 'Kies de verwijzing waarop u beschikt.';
    if (!ingangsdatum) e['beschikking-ingang'] = 'Vul de ingangsdatum in.';
    else if (verwijzing) for (const g of guardDecision(view.state, { verwijzingId: verwijzing.id, ingangsdatum })) e['beschikking-ingang'] = g.message;
    if (!einddatum) e['beschikking-eind'] = 'Vul de einddatum in.';
    else if (ingangsdatum && einddatum < ingangsdatum) e['beschikking-eind'] = 'De einddatum ligt voor de ingangsdatum.';
    if (!check(e, setErrors) || !verwijzing) return;
    void submit({
      type: 'beschikking',
      beschikking: {
        verwijzingId: verwijzing.id,
        segmentId: verwijzing.segmentId,
        ingangsdatum,
        einddatum,
        besluitDoor,
        ...(verlengingBeoordeeld ? { verlengingBeoordeeld } : {}),
      },
    });
  };

  return (
    <ActionForm
      id="form-beschikking"
      title="Beschikking afgeven"
      intro="De gemeente neemt het formele besluit over niet vrij toegankelijke jeugdhulp."
      errors={errors}
      busy={busy}
      submitLabel="Beschikking vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Field id="beschikking-verwijzing" label="Verwijzing" error={errors['beschikking-verwijzing']}>
        <Select
          {...describe('beschikking-verwijzing', { error: errors['beschikking-verwijzing'] })}
          value={verwijzingId}
          onChange={(e) => setVerwijzingId(e.target.value)}
          invalid={!!errors['beschikking-verwijzing']}
        >
          {verwijzingen.map((v) => (
            <SelectOption key={v.id} value={String(v.id)}>
              Verwijzing {v.id}: {segmentName(landscape, v.segmentId)} ({formatShortDate(v.datum)})
            </SelectOption>
          ))}
        </Select>
      </Field>
      <div className="rk-form-grid">
        <Field id="beschikking-ingang" label="Ingangsdatum" error={errors['beschikking-ingang']}>
          <Textbox
            {...describe('beschikking-ingang', { error: errors['beschikking-ingang'] })}
            type="date"
            min={verwijzing?.datum}
            value={ingangsdatum}
            onChange={(e) => setIngang(e.target.value)}
            className="rk-input--short"
            invalid={!!errors['beschikking-ingang']}
          />
        </Field>
        <Field id="beschikking-eind" label="Einddatum" error={errors['beschikking-eind']}>
          <Textbox
            {...describe('beschikking-eind', { error: errors['beschikking-eind'] })}
            type="date"
            min={ingangsdatum}
            value={einddatum}
            onChange={(e) => setEind(e.target.value)}
            className="rk-input--short"
            invalid={!!errors['beschikking-eind']}
          />
        </Field>
      </div>
      <Field
        id="beschikking-besluit-door"
        label="Besluit genomen door"
        description="Sommige regio’s laten het besluit over verblijfszorg aan het lokale team na het MDO."
      >
        <Select {...describe('beschikking-besluit-door', { description: true })} value={besluitDoor} onChange={(e) => setBesluitDoor(e.target.value)}>
          {decisionMakers(landscape).map(([code, label]) => (
            <SelectOption key={code} value={code}>
              {label}
            </SelectOption>
          ))}
        </Select>
      </Field>
      <CheckboxField
        id="beschikking-verlenging"
        label="Verlenging na de leeftijdsgrens is beoordeeld"
        description="Alleen aanvinken als na beoordeling hulp na de reguliere eindleeftijd (bijvoorbeeld 18 jaar) nodig is."
        checked={verlengingBeoordeeld}
        onChange={setVerlenging}
      />
    </ActionForm>
  );
}
