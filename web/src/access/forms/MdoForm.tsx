import { Textarea, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { escalationSteps, mdoParticipants, participantLabel, requiredParticipants } from '../accessLabels';
import { todayIso } from '../caseFormat';
import { CheckboxGroup, describe, Field, RadioGroup, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

/** MDO (multidisciplinair overleg): date, participants, agreement, weighing and, without agreement, the escalation step. */
export function MdoForm({ view, submit, busy, onCancel }: FormProps) {
  const [datum, setDatum] = useState(todayIso());
  const [deelnemers, setDeelnemers] = useState<string[]>(['lokaal-team']);
  const [overeenstemming, setOvereenstemming] = useState('');
  const [afweging, setAfweging] = useState('');
  const [escalatiestap, setEscalatiestap] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const required = requiredParticipants(view);
  const steps = escalationSteps(view);

  const onSubmit = () => {
    const e: Errors = {};
    if (!datum) e['mdo-datum'] = 'Vul de datum van het MDO in.';
    else if (datum > todayIso()) e['mdo-datum'] = 'Het MDO ligt in de toekomst; leg het vast nadat het is gehouden.';
    if (deelnemers.length < 2) e['mdo-deelnemers'] = 'Een MDO heeft ten minste twee deelnemers.';
    if (!overeenstemming) e['mdo-overeenstemming'] = 'Geef aan of het MDO tot overeenstemming kwam.';
    const missing = [...new Set((view.mdoVereist ?? []).filter((r) => r.blocking).flatMap((r) => r.deelnemers))].filter((d) => !deelnemers.includes(d));
    if (overeenstemming === 'ja' && missing.length > 0 && !e['mdo-deelnemers']) {
      e['mdo-deelnemers'] =
        `De regio vereist voor deze casus ook ${missing.length === 1 ? 'deze deelnemer' : 'deze deelnemers'} aan het MDO: ${missing.map(participantLabel).join(', ')}.`;
    }
    if (afweging.length > 2000) e['mdo-afweging'] = 'De afweging is langer dan 2000 tekens.';
    if (!check(e, setErrors)) return;
    const agreed = overeenstemming === 'ja';
    void submit({
      type: 'mdo',
      mdo: {
        datum,
        deelnemers,
        overeenstemming: agreed,
        afweging: afweging.trim(),
        ...(!agreed && escalatiestap.trim() ? { escalatiestap: escalatiestap.trim() } : {}),
      },
    });
  };

  return (
    <ActionForm
      id="form-mdo"
      title="MDO vastleggen"
      intro="Leg de uitkomst van het multidisciplinair overleg vast, zonder medische inhoud."
      errors={errors}
      busy={busy}
      submitLabel="MDO vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Field id="mdo-datum" label="Datum van het MDO" error={errors['mdo-datum']}>
        <Textbox
          {...describe('mdo-datum', { error: errors['mdo-datum'] })}
          type="date"
          max={todayIso()}
          value={datum}
          onChange={(e) => setDatum(e.target.value)}
          className="rk-input--short"
          invalid={!!errors['mdo-datum']}
        />
      </Field>
      <CheckboxGroup
        id="mdo-deelnemers"
        legend="Deelnemers"
        description={required.size > 0 ? 'Deelnemers die een regel van de regio voor deze casus vraagt, zijn gemarkeerd.' : undefined}
        error={errors['mdo-deelnemers']}
        options={mdoParticipants(view).map((d) => ({ value: d, label: participantLabel(d), hint: required.has(d) ? 'vereist door de regio' : undefined }))}
        values={deelnemers}
        onChange={setDeelnemers}
      />
      <RadioGroup
        id="mdo-overeenstemming"
        legend="Kwam het MDO tot overeenstemming?"
        error={errors['mdo-overeenstemming']}
        options={[
          { value: 'ja', label: 'Ja, er is overeenstemming' },
          { value: 'nee', label: 'Nee, geen overeenstemming' },
        ]}
        value={overeenstemming}
        onChange={setOvereenstemming}
      />
      <Field
        id="mdo-afweging"
        label="Afweging"
        description="In een paar woorden: welke taakgebieden worden ingezet en waarom (uniform afwegingskader)."
        error={errors['mdo-afweging']}
      >
        <Textarea
          {...describe('mdo-afweging', { description: true, error: errors['mdo-afweging'] })}
          rows={3}
          maxLength={2000}
          value={afweging}
          onChange={(e) => setAfweging(e.target.value)}
          invalid={!!errors['mdo-afweging']}
        />
      </Field>
      {overeenstemming === 'nee' && (
        <Field
          id="mdo-escalatiestap"
          label="Escalatiestap (optioneel)"
          description={`De stap op de escalatieladder die is gezet${steps.length > 0 ? ` (regio: ${steps.join(' → ')})` : ''}. Zonder stap komt er een signaal op de werklijst.`}
        >
          <Textbox
            {...describe('mdo-escalatiestap', { description: true })}
            maxLength={200}
            value={escalatiestap}
            onChange={(e) => setEscalatiestap(e.target.value)}
          />
        </Field>
      )}
    </ActionForm>
  );
}
