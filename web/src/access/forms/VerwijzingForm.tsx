import { guardReferral } from '../../../../src/domain/access/input-guards';
import { Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { referralAllowed } from '../../../../src/domain/access/commands';
import { areaName, kaderLabel, VERWIJZERS } from '../accessLabels';
import { todayIso } from '../caseFormat';
import { describe, Field, RadioGroup, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

/** Areas a referral can go through: the areas serving the case's municipality and any central intake. */
function viaAreas(landscape: FormProps['landscape'], municipalityCode: string) {
  return landscape.areas.filter((a) => a.kind === 'centrale-intake' || a.municipalityCodes.includes(municipalityCode));
}

/** The area a segment's verwijzing-via-gebied rule requires, if any. */
function requiredVia(landscape: FormProps['landscape'], segmentId: string): string | null {
  const rule = landscape.segments.find((s) => s.id === segmentId)?.rules.find((r) => r.type === 'verwijzing-via-gebied' && typeof r.via === 'string');
  return rule ? String(rule.via) : null;
}

/** Referral (verwijzing) to a segment or task area, with the COD327 referrer and the legal frame. */
export function VerwijzingForm({ landscape, view, submit, busy, onCancel }: FormProps) {
  // Before a triage that concluded non-freely-accessible care only an external referrer (huisarts, jeugdarts, GI...) refers.
  const referrers = VERWIJZERS.filter(([code]) => referralAllowed(view.state, code));
  const externalOnly = !referrers.some(([code]) => code === '01');
  const [datum, setDatum] = useState(todayIso());
  const [verwijzer, setVerwijzer] = useState(referrers[0]?.[0] ?? '01');
  const [segmentId, setSegmentId] = useState('');
  const [viaGebied, setViaGebied] = useState('');
  const [kader, setKader] = useState<'vrijwillig' | 'gedwongen'>('vrijwillig');
  const [errors, setErrors] = useState<Errors>({});
  const areas = viaAreas(landscape, view.municipalityCode);
  const via = segmentId ? requiredVia(landscape, segmentId) : null;

  const onSubmit = () => {
    const e: Errors = {};
    if (!datum) e['verwijzing-datum'] = 'Vul de datum van de verwijzing in.';
    else for (const g of guardReferral({ datum }, todayIso())) e['verwijzing-datum'] = g.message;
    if (!segmentId) e['verwijzing-segment'] = 'Kies het taakgebied of segment waarnaar u verwijst.';
    if (check(e, setErrors)) void submit({ type: 'verwijzing', verwijzing: { datum, verwijzer, segmentId, kader, ...(viaGebied ? { viaGebied } : {}) } });
  };

  return (
    <ActionForm
      id="form-verwijzing"
      title="Verwijzing vastleggen"
      errors={errors}
      busy={busy}
      submitLabel="Verwijzing vastleggen"
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <div className="rk-form-grid">
        <Field id="verwijzing-datum" label="Datum verwijzing" error={errors['verwijzing-datum']}>
          <Textbox
            {...describe('verwijzing-datum', { error: errors['verwijzing-datum'] })}
            type="date"
            max={todayIso()}
            value={datum}
            onChange={(e) => setDatum(e.target.value)}
            className="rk-input--short"
            invalid={!!errors['verwijzing-datum']}
          />
        </Field>
        <Field
          id="verwijzing-verwijzer"
          label="Verwijzer (iJw COD327)"
          description={externalOnly ? 'Zonder triage met toeleiding legt u alleen de verwijzing van een externe verwijzer vast.' : undefined}
        >
          <Select {...describe('verwijzing-verwijzer', { description: externalOnly })} value={verwijzer} onChange={(e) => setVerwijzer(e.target.value)}>
            {referrers.map(([code, label]) => (
              <SelectOption key={code} value={code}>
                {code} {label}
              </SelectOption>
            ))}
          </Select>
        </Field>
      </div>
      <Field id="verwijzing-segment" label="Taakgebied of segment" error={errors['verwijzing-segment']}>
        <Select
          {...describe('verwijzing-segment', { error: errors['verwijzing-segment'] })}
          value={segmentId}
          onChange={(e) => setSegmentId(e.target.value)}
          invalid={!!errors['verwijzing-segment']}
        >
          <SelectOption value="">Kies…</SelectOption>
          {landscape.segments.map((s) => (
            <SelectOption key={s.id} value={s.id}>
              {s.name}
            </SelectOption>
          ))}
        </Select>
      </Field>
      <Field
        id="verwijzing-via"
        label="Via gebied (optioneel)"
        description={
          via
            ? `Voor dit segment loopt een verwijzing volgens de regio via ${areaName(landscape, via)}.`
            : 'Alleen invullen als de verwijzing via een ander gebied loopt, zoals een centrale intake.'
        }
      >
        <Select {...describe('verwijzing-via', { description: true })} value={viaGebied} onChange={(e) => setViaGebied(e.target.value)}>
          <SelectOption value="">Niet via een ander gebied</SelectOption>
          {areas.map((a) => (
            <SelectOption key={a.id} value={a.id}>
              {a.name}
            </SelectOption>
          ))}
        </Select>
      </Field>
      <RadioGroup
        id="verwijzing-kader"
        legend="Kader"
        options={(['vrijwillig', 'gedwongen'] as const).map((k) => ({ value: k, label: kaderLabel(k) }))}
        value={kader}
        onChange={(v) => setKader(v as 'vrijwillig' | 'gedwongen')}
      />
    </ActionForm>
  );
}
