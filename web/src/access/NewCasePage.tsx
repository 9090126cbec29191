import './access.css';
import { Button, ButtonGroup, Fieldset, FieldsetLegend, Heading, Paragraph, Select, SelectOption, Textarea, Textbox } from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { EXTERNE_VERWIJZERS } from '../../../src/domain/access/case';
import { validateBrpAdres } from '../../../src/domain/people/address';
import { guardBirthDate } from '../../../src/domain/access/input-guards';
import { isValidBsn } from '../../../src/domain/people/bsn';
import { ApiError, api } from '../api';
import type { Landscape, SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { AppLink, casePath, navigate, worklistPath } from '../router';
import { AccessGuard } from './AccessGuard';
import { todayIso } from './caseFormat';
import { kaderLabel, verwijzerLabel } from './accessLabels';
import { CheckboxField, describe, ErrorSummary, Field, type Errors } from './form';
import { userAreas } from './WorklistPage';

const EMPTY = {
  bsn: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  gender: '',
  areaId: '',
  hulpvraag: '',
  regievoerder: '',
  straat: '',
  huisnummer: '',
  huisletter: '',
  toevoeging: '',
  postcode: '',
  woonplaats: '',
  verwijzer: '',
  segmentId: '',
  viaGebied: '',
  verwijsdatum: '',
  kader: 'vrijwillig',
};
type Values = typeof EMPTY;

const ADDRESS_FIELDS = {
  straat: 'case-straat',
  huisnummer: 'case-huisnummer',
  huisletter: 'case-huisletter',
  toevoeging: 'case-toevoeging',
  postcode: 'case-postcode',
  woonplaats: 'case-woonplaats',
} as const;

/** The server's field names (problem `errors[].field`) and the form's field ids: its guard's message goes beside the field. */
const SERVER_FIELDS: Record<string, string> = {
  'youth.birthDate': 'case-birth-date',
  'youth.bsn': 'case-bsn',
  'verwijzing.datum': 'case-verwijsdatum',
  ...Object.fromEntries(Object.entries(ADDRESS_FIELDS).map(([k, id]) => [`adres.${k}`, id])),
};

function validate(v: Values, needsArea: boolean, referral: boolean, careAgeLimit: number | undefined): Errors {
  const e: Errors = {};
  const bsn = v.bsn.replace(/\s/g, '');
  if (!bsn) e['case-bsn'] = 'Vul het burgerservicenummer (BSN) in.';
  else if (!/^\d{9}$/.test(bsn)) e['case-bsn'] = 'Het BSN bestaat uit 9 cijfers.';
  else if (!isValidBsn(bsn)) e['case-bsn'] = 'Dit BSN is niet geldig (het voldoet niet aan de elfproef). Controleer het nummer.';
  if (!v.birthDate) e['case-birth-date'] = 'Vul de geboortedatum in.';
  else if (careAgeLimit !== undefined) {
    // The region's age limit as the server reads it (its rules, else the Jeugdwet's law file).
    const age = guardBirthDate(v.birthDate, todayIso(), [], careAgeLimit);
    if (age.length > 0) e['case-birth-date'] = age[0]!.message;
  }
  if (!v.givenName.trim()) e['case-given-name'] = 'Vul de voornaam van de jeugdige in.';
  if (!v.familyName.trim()) e['case-family-name'] = 'Vul de achternaam van de jeugdige in.';
  if (!v.gender) e['case-gender'] = 'Kies het geslacht.';
  if (needsArea && !v.areaId) e['case-area'] = 'Kies het gebied (lokaal team) van de jeugdige.';
  const adres = validateBrpAdres({
    straat: v.straat,
    huisnummer: v.huisnummer,
    huisletter: v.huisletter,
    toevoeging: v.toevoeging,
    postcode: v.postcode,
    woonplaats: v.woonplaats,
  });
  if ('errors' in adres) for (const [k, message] of Object.entries(adres.errors)) e[ADDRESS_FIELDS[k as keyof typeof ADDRESS_FIELDS]] = message;
  if (!v.hulpvraag.trim()) e['case-hulpvraag'] = 'Beschrijf de hulpvraag.';
  else if (v.hulpvraag.length > 2000) e['case-hulpvraag'] = 'De hulpvraag is langer dan 2000 tekens.';
  if (referral) {
    if (!v.verwijzer) e['case-verwijzer'] = 'Kies de externe verwijzer.';
    if (!v.segmentId) e['case-segment'] = 'Kies het taakgebied of segment waarnaar verwezen is.';
    if (!v.verwijsdatum) e['case-verwijsdatum'] = 'Vul de datum van de verwijzing in.';
    else if (v.verwijsdatum > todayIso()) e['case-verwijsdatum'] = 'De datum van de verwijzing ligt in de toekomst.';
  }
  return e;
}

function NewCaseForm({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const areas = userAreas(landscape, user);
  const [v, setV] = useState<Values>({ ...EMPTY, areaId: areas.length === 1 ? areas[0]!.id : '' });
  const [crisis, setCrisis] = useState(false);
  const [referral, setReferral] = useState(false);
  const intakeAreas = landscape.areas.filter((a) => a.kind === 'centrale-intake');
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setV((old) => ({ ...old, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(v, areas.length > 0, referral, landscape.careAgeLimit);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await api.createCase(regionId, {
        youth: {
          bsn: v.bsn.replace(/\s/g, ''),
          givenName: v.givenName.trim(),
          familyName: v.familyName.trim(),
          birthDate: v.birthDate,
          gender: v.gender as '0' | '1' | '2',
        },
        areaId: v.areaId || undefined,
        hulpvraag: v.hulpvraag.trim(),
        crisis,
        regievoerder: v.regievoerder.trim() || undefined,
        adres: {
          straat: v.straat.trim(),
          huisnummer: Number(v.huisnummer.trim()),
          ...(v.huisletter.trim() ? { huisletter: v.huisletter.trim() } : {}),
          ...(v.toevoeging.trim() ? { toevoeging: v.toevoeging.trim() } : {}),
          postcode: v.postcode.trim(),
          woonplaats: v.woonplaats.trim(),
        },
        ...(referral
          ? {
              verwijzing: {
                datum: v.verwijsdatum,
                verwijzer: v.verwijzer,
                segmentId: v.segmentId,
                kader: v.kader === 'gedwongen' ? 'gedwongen' : 'vrijwillig',
                ...(v.viaGebied ? { viaGebied: v.viaGebied } : {}),
              },
            }
          : {}),
      });
      navigate(casePath(regionId, created.id));
    } catch (err) {
      const fields = err instanceof ApiError ? (err.problem.errors ?? []).filter((f) => SERVER_FIELDS[f.field]) : [];
      if (fields.length > 0) setErrors(Object.fromEntries(fields.map((f) => [SERVER_FIELDS[f.field]!, f.message])));
      else setProblem(err instanceof ApiError ? err : new ApiError({ title: 'Registreren mislukt', status: 0, detail: String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="rk-titlebar">
        <p className="rk-pretitle">Werklijst · {user.municipalityName ? `gemeente ${user.municipalityName}` : landscape.region.name}</p>
        <Heading level={1}>Nieuwe hulpvraag</Heading>
        <Paragraph appearance="lead" className="rk-validity">
          Registreer de hulpvraag van een jeugdige. Leg alleen procesinformatie vast, geen medische gegevens.
        </Paragraph>
      </div>
      <form className="rk-form rk-panel" noValidate onSubmit={submit} data-testid="new-case-form" aria-labelledby="new-case-title">
        <Heading level={2} id="new-case-title" className="rk-visually-hidden">
          Gegevens van de hulpvraag
        </Heading>
        <ErrorSummary errors={errors} />
        {problem && <ProblemAlert error={problem} />}
        <Fieldset className="rk-fieldset rk-fieldset--section">
          <FieldsetLegend>Jeugdige</FieldsetLegend>
          <div className="rk-form-grid rk-form-grid--2">
            <Field id="case-bsn" label="Burgerservicenummer (BSN)" description="9 cijfers; wordt gecontroleerd met de elfproef." error={errors['case-bsn']}>
              <Textbox
                {...describe('case-bsn', { description: true, error: errors['case-bsn'] })}
                inputMode="numeric"
                autoComplete="off"
                maxLength={11}
                value={v.bsn}
                onChange={set('bsn')}
                invalid={!!errors['case-bsn']}
                className="rk-input--short"
              />
            </Field>
            <Field id="case-birth-date" label="Geboortedatum" error={errors['case-birth-date']}>
              <Textbox
                {...describe('case-birth-date', { error: errors['case-birth-date'] })}
                type="date"
                max={todayIso()}
                value={v.birthDate}
                onChange={set('birthDate')}
                invalid={!!errors['case-birth-date']}
                className="rk-input--short"
              />
            </Field>
            <Field id="case-given-name" label="Voornaam" error={errors['case-given-name']}>
              <Textbox
                {...describe('case-given-name', { error: errors['case-given-name'] })}
                autoComplete="off"
                value={v.givenName}
                onChange={set('givenName')}
                invalid={!!errors['case-given-name']}
              />
            </Field>
            <Field id="case-family-name" label="Achternaam" error={errors['case-family-name']}>
              <Textbox
                {...describe('case-family-name', { error: errors['case-family-name'] })}
                autoComplete="off"
                value={v.familyName}
                onChange={set('familyName')}
                invalid={!!errors['case-family-name']}
              />
            </Field>
            <Field id="case-gender" label="Geslacht" error={errors['case-gender']}>
              <Select
                {...describe('case-gender', { error: errors['case-gender'] })}
                value={v.gender}
                onChange={set('gender')}
                invalid={!!errors['case-gender']}
              >
                <SelectOption value="">Kies…</SelectOption>
                <SelectOption value="2">Vrouw</SelectOption>
                <SelectOption value="1">Man</SelectOption>
                <SelectOption value="0">Onbekend</SelectOption>
              </Select>
            </Field>
          </div>
        </Fieldset>
        <Fieldset className="rk-fieldset rk-fieldset--section">
          <FieldsetLegend>BRP-adres van het gezin</FieldsetLegend>
          <Paragraph className="rk-muted">Het adres zoals de BRP het registreert; een toewijzingsbericht (JW301) aan de aanbieder vraagt dit adres.</Paragraph>
          <div className="rk-form-grid rk-form-grid--2">
            <Field id="case-straat" label="Straat" description="Zoals in de BRP, hoogstens 24 tekens." error={errors['case-straat']}>
              <Textbox
                {...describe('case-straat', { description: true, error: errors['case-straat'] })}
                autoComplete="off"
                value={v.straat}
                onChange={set('straat')}
                invalid={!!errors['case-straat']}
              />
            </Field>
            <Field id="case-huisnummer" label="Huisnummer" error={errors['case-huisnummer']}>
              <Textbox
                {...describe('case-huisnummer', { error: errors['case-huisnummer'] })}
                inputMode="numeric"
                autoComplete="off"
                maxLength={5}
                value={v.huisnummer}
                onChange={set('huisnummer')}
                invalid={!!errors['case-huisnummer']}
                className="rk-input--short"
              />
            </Field>
            <Field id="case-huisletter" label="Huisletter (optioneel)" description="Eén letter, bijvoorbeeld A." error={errors['case-huisletter']}>
              <Textbox
                {...describe('case-huisletter', { description: true, error: errors['case-huisletter'] })}
                autoComplete="off"
                value={v.huisletter}
                onChange={set('huisletter')}
                invalid={!!errors['case-huisletter']}
                className="rk-input--short"
              />
            </Field>
            <Field
              id="case-toevoeging"
              label="Toevoeging (optioneel)"
              description="Hoogstens 4 tekens, bijvoorbeeld 2hg of bis."
              error={errors['case-toevoeging']}
            >
              <Textbox
                {...describe('case-toevoeging', { description: true, error: errors['case-toevoeging'] })}
                autoComplete="off"
                value={v.toevoeging}
                onChange={set('toevoeging')}
                invalid={!!errors['case-toevoeging']}
                className="rk-input--short"
              />
            </Field>
            <Field id="case-postcode" label="Postcode" error={errors['case-postcode']}>
              <Textbox
                {...describe('case-postcode', { error: errors['case-postcode'] })}
                autoComplete="off"
                maxLength={7}
                value={v.postcode}
                onChange={set('postcode')}
                invalid={!!errors['case-postcode']}
                className="rk-input--short"
              />
            </Field>
            <Field id="case-woonplaats" label="Woonplaats" error={errors['case-woonplaats']}>
              <Textbox
                {...describe('case-woonplaats', { error: errors['case-woonplaats'] })}
                autoComplete="off"
                value={v.woonplaats}
                onChange={set('woonplaats')}
                invalid={!!errors['case-woonplaats']}
              />
            </Field>
          </div>
        </Fieldset>
        <Fieldset className="rk-fieldset rk-fieldset--section">
          <FieldsetLegend>Aanmelding</FieldsetLegend>
          {areas.length > 0 && (
            <Field id="case-area" label="Gebied (lokaal team)" error={errors['case-area']}>
              <Select {...describe('case-area', { error: errors['case-area'] })} value={v.areaId} onChange={set('areaId')} invalid={!!errors['case-area']}>
                <SelectOption value="">Kies een gebied…</SelectOption>
                {areas.map((a) => (
                  <SelectOption key={a.id} value={a.id}>
                    {a.name}
                  </SelectOption>
                ))}
              </Select>
            </Field>
          )}
          <Field id="case-hulpvraag" label="Hulpvraag" description="Kort en feitelijk, maximaal 2000 tekens." error={errors['case-hulpvraag']}>
            <Textarea
              {...describe('case-hulpvraag', { description: true, error: errors['case-hulpvraag'] })}
              rows={4}
              maxLength={2000}
              value={v.hulpvraag}
              onChange={set('hulpvraag')}
              invalid={!!errors['case-hulpvraag']}
            />
          </Field>
          <CheckboxField
            id="case-crisis"
            label="Crisis: onmiddellijke bedreiging van de jeugdige"
            description="Start de crisistermijn van de regio (bijvoorbeeld een interventie binnen 24 uur)."
            checked={crisis}
            onChange={setCrisis}
          />
          <Field
            id="case-regievoerder"
            label="Regievoerder (optioneel)"
            description="Naam van het vaste aanspreekpunt in het lokale team. U kunt dit ook later vastleggen."
          >
            <Textbox {...describe('case-regievoerder', { description: true })} autoComplete="off" value={v.regievoerder} onChange={set('regievoerder')} />
          </Field>
        </Fieldset>
        <Fieldset className="rk-fieldset rk-fieldset--section">
          <FieldsetLegend>Verwijzing</FieldsetLegend>
          <CheckboxField
            id="case-extern"
            label="Verwezen door een externe verwijzer"
            description="Huisarts, jeugdarts, gecertificeerde instelling, medisch specialist of rechter: de verwijzing wordt direct vastgelegd, zonder triage door het lokale team. De regio kan zo'n verwijzing signaleren volgens haar protocol."
            checked={referral}
            onChange={setReferral}
          />
          {referral && (
            <div className="rk-form-grid rk-form-grid--2">
              <Field id="case-verwijzer" label="Verwijzer (iJw COD327)" error={errors['case-verwijzer']}>
                <Select
                  {...describe('case-verwijzer', { error: errors['case-verwijzer'] })}
                  value={v.verwijzer}
                  onChange={set('verwijzer')}
                  invalid={!!errors['case-verwijzer']}
                >
                  <SelectOption value="">Kies…</SelectOption>
                  {EXTERNE_VERWIJZERS.map((code) => (
                    <SelectOption key={code} value={code}>
                      {code} {verwijzerLabel(code)}
                    </SelectOption>
                  ))}
                </Select>
              </Field>
              <Field id="case-verwijsdatum" label="Datum verwijzing" error={errors['case-verwijsdatum']}>
                <Textbox
                  {...describe('case-verwijsdatum', { error: errors['case-verwijsdatum'] })}
                  type="date"
                  max={todayIso()}
                  value={v.verwijsdatum}
                  onChange={set('verwijsdatum')}
                  invalid={!!errors['case-verwijsdatum']}
                  className="rk-input--short"
                />
              </Field>
              <Field id="case-segment" label="Verwezen naar (taakgebied of segment)" error={errors['case-segment']}>
                <Select
                  {...describe('case-segment', { error: errors['case-segment'] })}
                  value={v.segmentId}
                  onChange={set('segmentId')}
                  invalid={!!errors['case-segment']}
                >
                  <SelectOption value="">Kies…</SelectOption>
                  {landscape.segments.map((seg) => (
                    <SelectOption key={seg.id} value={seg.id}>
                      {seg.name}
                    </SelectOption>
                  ))}
                </Select>
              </Field>
              <Field id="case-kader" label="Kader">
                <Select id="case-kader" value={v.kader} onChange={set('kader')}>
                  <SelectOption value="vrijwillig">{kaderLabel('vrijwillig')}</SelectOption>
                  <SelectOption value="gedwongen">{kaderLabel('gedwongen')}</SelectOption>
                </Select>
              </Field>
              {intakeAreas.length > 0 && (
                <Field id="case-via" label="Via (optioneel)">
                  <Select id="case-via" value={v.viaGebied} onChange={set('viaGebied')}>
                    <SelectOption value="">Niet via een ander gebied</SelectOption>
                    {intakeAreas.map((a) => (
                      <SelectOption key={a.id} value={a.id}>
                        {a.name}
                      </SelectOption>
                    ))}
                  </Select>
                </Field>
              )}
            </div>
          )}
        </Fieldset>
        <ButtonGroup className="rk-form-actions">
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy}>
            Hulpvraag registreren
          </Button>
          <AppLink href={worklistPath(regionId)}>Annuleren</AppLink>
        </ButtonGroup>
      </form>
    </>
  );
}

export default function NewCasePage({ landscape, user }: { landscape: Landscape; user: SessionUser | null | undefined }) {
  return (
    <AccessGuard user={user} regionId={landscape.region.id} regionName={landscape.region.name} title="Nieuwe hulpvraag">
      {(u) =>
        u.role === 'toegang' ? (
          <NewCaseForm landscape={landscape} user={u} />
        ) : (
          <>
            <div className="rk-titlebar">
              <Heading level={1}>Nieuwe hulpvraag</Heading>
            </div>
            <ProblemAlert
              type="info"
              error={
                new ApiError({
                  title: 'Alleen het lokale team registreert hulpvragen',
                  status: 403,
                  detail: 'Als medewerker van de gemeente beschikt en wijst u toe vanuit de casus.',
                })
              }
            />
          </>
        )
      }
    </AccessGuard>
  );
}
