import { Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { REDEN_OP_VERZOEK, REDEN_VERWIJDERD, REDENEN_WIJZIGING } from '../../../../src/domain/access/allocation-change';
import type { AllocationChangeBody } from '../../api-types';
import { formatShortDate } from '../../format';
import { providerName } from '../accessLabels';
import { parseEuroCents } from '../caseFormat';
import { CheckboxField, describe, Field, RadioGroup, type Errors } from '../form';
import { ActionForm, check } from './ActionForm';
import type { FormProps } from './types';

type Soort = 'einddatum' | 'omvang' | 'budget' | 'verwijderen';

/** JZ002 reasons the municipality chooses itself: not 12 (a provider's request) nor 13 (removal has its own choice). */
const REDENEN = Object.entries(REDENEN_WIJZIGING).filter(([code]) => code !== REDEN_OP_VERZOEK && code !== REDEN_VERWIJDERD);

/**
 * Change or withdraw an allocation on the municipality's initiative (iJw OP033x1): another end date
 * (shorter or longer), another volume or budget, or removal of an allocation that was sent by
 * mistake and has not started (reden 13). The provider receives a new JW301 with the same
 * ToewijzingNummer and the reason; another weekly volume ends the allocation and starts a new one.
 */
export function ToewijzingWijzigenForm({ landscape, view, changeAllocation, busy, onCancel }: FormProps) {
  const live = view.state.toewijzingen.filter((t) => t.status !== 'ingetrokken');
  const [nummer, setNummer] = useState(String(live[0]?.nummer ?? ''));
  const t = live.find((x) => String(x.nummer) === nummer);
  const soorten: [Soort, string][] = [
    ['einddatum', 'Andere einddatum (intrekken of verlengen)'],
    ...(t?.omvang ? ([['omvang', 'Ander volume']] as [Soort, string][]) : []),
    ...(t && !t.omvang ? ([['budget', 'Ander budget']] as [Soort, string][]) : []),
    ...(t && !t.startdatum ? ([['verwijderen', 'Verwijderen: ten onrechte verstuurd, nog niet gestart (reden 13)']] as [Soort, string][]) : []),
  ];
  const [soort, setSoort] = useState<Soort>('einddatum');
  const [einddatum, setEinddatum] = useState(t?.einddatum ?? '');
  const [volume, setVolume] = useState(String(t?.omvang?.volume ?? ''));
  const [wijzigingsdatum, setWijzigingsdatum] = useState('');
  const [budget, setBudget] = useState('');
  const [reden, setReden] = useState('');
  const [afgestemd, setAfgestemd] = useState(false);
  const [errors, setErrors] = useState<Errors>({});

  const chooseAllocation = (value: string) => {
    const next = live.find((x) => String(x.nummer) === value);
    setNummer(value);
    setSoort('einddatum');
    setEinddatum(next?.einddatum ?? '');
    setVolume(String(next?.omvang?.volume ?? ''));
  };

  const onSubmit = () => {
    const e: Errors = {};
    if (!t) e['wijzigen-nummer'] = 'Kies de toewijzing.';
    if (soort !== 'verwijderen') {
      if (!reden) e['wijzigen-reden'] = 'Kies de reden van de wijziging (JZ002).';
      if (!afgestemd)
        e['wijzigen-afgestemd'] =
          'Een wijziging op initiatief van de gemeente gebeurt alleen in overleg met de aanbieder (OP033x1). Bevestig dat dit is afgestemd.';
    }
    if (soort === 'einddatum') {
      if (!einddatum) e['wijzigen-einddatum'] = 'Vul de nieuwe einddatum in.';
      else if (t && einddatum < t.ingangsdatum) e['wijzigen-einddatum'] = `De einddatum ligt op of na de ingangsdatum ${formatShortDate(t.ingangsdatum)}.`;
      else if (t && einddatum === t.einddatum) e['wijzigen-einddatum'] = 'Dit is de huidige einddatum.';
    }
    if (soort === 'omvang' && !/^[1-9]\d{0,4}$/.test(volume.trim())) e['wijzigen-volume'] = 'Vul het volume in als heel getal, bijvoorbeeld 4.';
    const cents = soort === 'budget' ? parseEuroCents(budget) : undefined;
    if (soort === 'budget' && cents === null) e['wijzigen-budget'] = 'Vul het budget in hele euro’s of met centen in, bijvoorbeeld 1250 of 1250,50.';
    if (!check(e, setErrors) || !t) return;
    const body: AllocationChangeBody =
      soort === 'verwijderen'
        ? { redenWijziging: REDEN_VERWIJDERD, einddatum: t.ingangsdatum }
        : {
            redenWijziging: reden,
            afgestemdMetAanbieder: true,
            ...(soort === 'einddatum' ? { einddatum } : {}),
            ...(soort === 'omvang' && t.omvang ? { omvang: { ...t.omvang, volume: Number(volume) }, ...(wijzigingsdatum ? { wijzigingsdatum } : {}) } : {}),
            ...(soort === 'budget' && cents !== null && cents !== undefined ? { budgetCents: cents } : {}),
          };
    void changeAllocation(t.nummer, body);
  };

  return (
    <ActionForm
      id="form-toewijzing-wijzigen"
      title="Toewijzing wijzigen of intrekken"
      intro="De aanbieder krijgt een nieuw toewijzingsbericht (JW301) met hetzelfde toewijzingsnummer en de reden van de wijziging. Een ander volume per week of maand geeft een nieuwe toewijzing vanaf de wijzigingsdatum."
      errors={errors}
      busy={busy}
      submitLabel={soort === 'verwijderen' ? 'Toewijzing verwijderen' : 'Wijziging vastleggen en versturen'}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <Field id="wijzigen-nummer" label="Toewijzing" error={errors['wijzigen-nummer']}>
        <Select {...describe('wijzigen-nummer', { error: errors['wijzigen-nummer'] })} value={nummer} onChange={(ev) => chooseAllocation(ev.target.value)}>
          {live.map((x) => (
            <SelectOption key={x.nummer} value={String(x.nummer)}>
              Toewijzing {x.nummer}: {providerName(landscape, x.providerId)}, {formatShortDate(x.ingangsdatum)} t/m {formatShortDate(x.einddatum)}
            </SelectOption>
          ))}
        </Select>
      </Field>
      <RadioGroup
        id="wijzigen-soort"
        legend="Wat verandert er?"
        options={soorten.map(([value, label]) => ({ value, label }))}
        value={soort}
        onChange={(v) => setSoort(v as Soort)}
      />
      {soort === 'einddatum' && (
        <Field
          id="wijzigen-einddatum"
          label="Nieuwe einddatum"
          description={t ? `Nu ${formatShortDate(t.einddatum)}. Eerder is intrekken, later is verlengen (binnen een beschikking).` : undefined}
          error={errors['wijzigen-einddatum']}
        >
          <Textbox
            {...describe('wijzigen-einddatum', { description: !!t, error: errors['wijzigen-einddatum'] })}
            type="date"
            min={t?.ingangsdatum}
            value={einddatum}
            onChange={(ev) => setEinddatum(ev.target.value)}
            className="rk-input--short"
            invalid={!!errors['wijzigen-einddatum']}
          />
        </Field>
      )}
      {soort === 'omvang' && t?.omvang && (
        <div className="rk-form-grid">
          <Field
            id="wijzigen-volume"
            label="Nieuw volume"
            description={`Nu ${t.omvang.volume} (eenheid ${t.omvang.eenheid}, frequentie ${t.omvang.frequentie}).`}
            error={errors['wijzigen-volume']}
          >
            <Textbox
              {...describe('wijzigen-volume', { description: true, error: errors['wijzigen-volume'] })}
              inputMode="numeric"
              value={volume}
              onChange={(ev) => setVolume(ev.target.value)}
              className="rk-input--short"
              invalid={!!errors['wijzigen-volume']}
            />
          </Field>
          {t.omvang.frequentie !== '6' && (
            <Field id="wijzigen-vanaf" label="Gaat in op" description="De huidige toewijzing eindigt de dag ervoor.">
              <Textbox
                {...describe('wijzigen-vanaf', { description: true })}
                type="date"
                min={t.ingangsdatum}
                max={t.einddatum}
                value={wijzigingsdatum}
                onChange={(ev) => setWijzigingsdatum(ev.target.value)}
                className="rk-input--short"
              />
            </Field>
          )}
        </div>
      )}
      {soort === 'budget' && (
        <Field id="wijzigen-budget" label="Nieuw budget in euro" error={errors['wijzigen-budget']}>
          <Textbox
            {...describe('wijzigen-budget', { error: errors['wijzigen-budget'] })}
            inputMode="decimal"
            value={budget}
            onChange={(ev) => setBudget(ev.target.value)}
            className="rk-input--short"
            invalid={!!errors['wijzigen-budget']}
          />
        </Field>
      )}
      {soort !== 'verwijderen' && (
        <>
          <Field id="wijzigen-reden" label="Reden van de wijziging (JZ002)" error={errors['wijzigen-reden']}>
            <Select
              {...describe('wijzigen-reden', { error: errors['wijzigen-reden'] })}
              value={reden}
              onChange={(ev) => setReden(ev.target.value)}
              invalid={!!errors['wijzigen-reden']}
            >
              <SelectOption value="">Kies een reden…</SelectOption>
              {REDENEN.map(([code, label]) => (
                <SelectOption key={code} value={code}>
                  {code} {label}
                </SelectOption>
              ))}
            </Select>
          </Field>
          <CheckboxField
            id="wijzigen-afgestemd"
            label="Afgestemd met de aanbieder"
            description="Bij volume of budget: met instemming van de aanbieder (iJw OP033x1, OP299)."
            checked={afgestemd}
            onChange={setAfgestemd}
          />
        </>
      )}
    </ActionForm>
  );
}
