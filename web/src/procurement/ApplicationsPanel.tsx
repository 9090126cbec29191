import { Button, Checkbox, FormField, FormLabel, Heading, Paragraph, Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import type { Landscape, SessionUser } from '../api-types';
import { AppLink, contractPath } from '../router';
import { ApiError } from '../api';
import {
  APPLICATION_STATUS,
  euro,
  percent,
  procurementApi,
  scoreFieldError,
  type ApplicationView,
  type Check,
  type ProcedureDetail,
  type Refusal,
} from './procurementApi';
import { RefusalList } from './RefusalList';
import { parseEuroInput } from '../../../src/domain/money';
import type { Run } from './useProcedure';

const OPEN_HOUSE = new Set(['open-house', 'bestuurlijk-aanbesteden']);
const APPLY_PHASES: Record<string, string[]> = {
  'sas-dialoog': ['selectie'],
  'open-house': ['instroomronde', 'doorlopend'],
  'bestuurlijk-aanbesteden': ['instroomronde', 'doorlopend'],
  subsidie: ['aanvraag'],
  samenwerkingsverband: ['aanvraag'],
};

function Checklist({ d, a, run }: { d: ProcedureDetail; a: ApplicationView; run: Run }) {
  const [checks, setChecks] = useState<Check[]>(
    d.config.geschiktheidseisen.map((e) => a.checks.find((c) => c.eisId === e.id) ?? { eisId: e.id, voldaan: false, bewijs: '' }),
  );
  const set = (i: number, patch: Partial<Check>) => setChecks(checks.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <fieldset className="rk-proc-checklist">
      <legend>Geschiktheidseisen (met bewijs)</legend>
      {d.config.geschiktheidseisen.map((e, i) => (
        <div key={e.id} className="rk-proc-check">
          <Checkbox id={`chk-${a.id}-${e.id}`} checked={checks[i]!.voldaan} onChange={(ev) => set(i, { voldaan: ev.target.checked })} />
          <FormLabel htmlFor={`chk-${a.id}-${e.id}`}>
            {e.omschrijving} <span className="rk-code">{e.regelId}</span>
          </FormLabel>
          <Textbox
            aria-label={`Bewijs: ${e.omschrijving}`}
            placeholder="Bewijs (document, kenmerk)"
            value={checks[i]!.bewijs ?? ''}
            onChange={(ev) => set(i, { bewijs: ev.target.value })}
          />
        </div>
      ))}
      <Button appearance="secondary-action-button" onClick={() => run(() => procurementApi.checks(d.regionId, d.id, a.id, a.version, checks))}>
        Toetsing opslaan
      </Button>
    </fieldset>
  );
}

function Assess({ d, a, run }: { d: ProcedureDetail; a: ApplicationView; run: Run }) {
  const [reason, setReason] = useState('');
  const [plan, setPlan] = useState(a.planScore?.toString() ?? '');
  const [price, setPrice] = useState('');
  const [priceError, setPriceError] = useState<string | null>(null);
  const [scores, setScores] = useState<Record<string, string>>(Object.fromEntries(Object.entries(a.scores).map(([k, v]) => [k, String(v)])));
  const quality = d.config.emvi?.criteria.filter((c) => c.soort === 'kwaliteit') ?? [];
  // Errors beside the fields: the form's own check once the user tried to save, and the server's 422 per field.
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const fieldError = (field: string): string | null => {
    if (serverErrors[field]) return serverErrors[field]!;
    if (!touched) return null;
    if (field === 'planScore') return d.config.plan ? scoreFieldError(plan, d.config.plan.schaalMax, true) : null;
    const id = field.replace(/^scores\./, '');
    return d.config.emvi ? scoreFieldError(scores[id] ?? '', d.config.emvi.schaalMax) : null;
  };
  const submit = (body: { planScore?: string | null; scores?: Record<string, string> }) =>
    run(async () => {
      try {
        return await procurementApi.scores(d.regionId, d.id, a.id, a.version, body);
      } catch (e) {
        const v = e instanceof ApiError ? (e.problem as { violations?: Refusal[] }).violations : undefined;
        if (e instanceof ApiError && v?.some((x) => x.field)) {
          setServerErrors(Object.fromEntries(v.filter((x) => x.field).map((x) => [x.field!, x.message])));
          e.handled = true;
        }
        throw e;
      }
    });
  const decide = (decision: 'selecteren' | 'afwijzen' | 'toelaten') =>
    run(() => procurementApi.decide(d.regionId, d.id, a.id, a.version, decision, reason.trim() || undefined));
  const openHouse = OPEN_HOUSE.has(d.soort) && ['instroomronde', 'doorlopend'].includes(d.status) && a.status === 'ingediend';
  const selection = d.soort === 'sas-dialoog' && d.status === 'selectie';
  const tender = d.soort === 'sas-dialoog' && d.status === 'gunning' && a.status === 'geselecteerd';
  const scoring = d.soort === 'sas-dialoog' && d.status === 'gunning' && a.status === 'ingeschreven' && d.mayChange;
  const subsidy = d.soort === 'subsidie' && ['aanvraag', 'beoordeling'].includes(d.status) && a.status === 'ingediend' && d.mayChange;
  if (!openHouse && !selection && !tender && !scoring && !subsidy) return null;
  return (
    <div className="rk-proc-assess" data-testid={`assess-${a.id}`}>
      {openHouse && d.mayChange && <Checklist d={d} a={a} run={run} />}
      {openHouse && d.mayChange && d.config.plan && (
        <div className="rk-proc-form">
          <FormField invalid={!!fieldError('planScore')}>
            <FormLabel htmlFor={`plan-${a.id}`}>
              Planscore (0–{d.config.plan.schaalMax}, minimum {d.config.plan.minimumScore ?? 'niet vastgesteld'})
            </FormLabel>
            <Textbox
              id={`plan-${a.id}`}
              inputMode="numeric"
              value={plan}
              invalid={!!fieldError('planScore')}
              aria-describedby={fieldError('planScore') ? `plan-${a.id}-error` : undefined}
              onChange={(e) => {
                setPlan(e.target.value);
                setServerErrors({});
              }}
            />
            {fieldError('planScore') && (
              <p className="rk-field-error" id={`plan-${a.id}-error`} data-testid={`plan-error-${a.id}`}>
                {fieldError('planScore')}
              </p>
            )}
          </FormField>
          <Button
            appearance="secondary-action-button"
            onClick={() => {
              setTouched(true);
              if (scoreFieldError(plan, d.config.plan!.schaalMax, true)) return;
              void submit({ planScore: plan.trim() === '' ? null : plan.trim() });
            }}
          >
            Planscore opslaan
          </Button>
        </div>
      )}
      {openHouse && a.admission && a.admission.length > 0 && (
        <>
          <Paragraph className="rk-proc-sub">Nog niet toe te laten:</Paragraph>
          <RefusalList violations={a.admission} testId={`admission-${a.id}`} />
        </>
      )}
      {tender && (
        <div className="rk-proc-form">
          <FormField>
            <FormLabel htmlFor={`price-${a.id}`}>Inschrijvingsprijs (euro per jaar)</FormLabel>
            <Textbox
              id={`price-${a.id}`}
              inputMode="decimal"
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              invalid={!!priceError}
              aria-describedby={priceError ? `price-${a.id}-error` : undefined}
              aria-invalid={priceError ? true : undefined}
            />
            {priceError && (
              <p className="rk-field-error" id={`price-${a.id}-error`} data-testid={`price-error-${a.id}`}>
                {priceError}
              </p>
            )}
          </FormField>
          <Button
            appearance="secondary-action-button"
            onClick={() => {
              const cents = parseEuroInput(price);
              if (cents === null || cents === 0) return setPriceError('Vul de prijs in euro in, bijvoorbeeld 12.345,67.');
              setPriceError(null);
              void run(() => procurementApi.tender(d.regionId, d.id, a.id, a.version, cents));
            }}
          >
            Inschrijving indienen
          </Button>
        </div>
      )}
      {scoring && (
        <div className="rk-proc-form" data-testid={`score-form-${a.id}`}>
          {quality.map((c) => {
            const err = fieldError(`scores.${c.id}`);
            const id = `score-${a.id}-${c.id}`;
            return (
              <FormField key={c.id} invalid={!!err}>
                <FormLabel htmlFor={id}>
                  {c.naam} ({c.gewicht}%, 0–{d.config.emvi!.schaalMax})
                </FormLabel>
                <Textbox
                  id={id}
                  inputMode="decimal"
                  value={scores[c.id] ?? ''}
                  invalid={!!err}
                  aria-describedby={err ? `${id}-error` : undefined}
                  onChange={(e) => {
                    setScores({ ...scores, [c.id]: e.target.value });
                    setServerErrors({});
                  }}
                />
                {err && (
                  <p className="rk-field-error" id={`${id}-error`} data-testid={`${id}-error`}>
                    {err}
                  </p>
                )}
              </FormField>
            );
          })}
          <Button
            appearance="secondary-action-button"
            data-testid={`score-submit-${a.id}`}
            onClick={() => {
              setTouched(true);
              const bad = quality.find((c) => scoreFieldError(scores[c.id] ?? '', d.config.emvi!.schaalMax));
              if (bad) {
                document.getElementById(`score-${a.id}-${bad.id}`)?.focus();
                return;
              }
              void submit({
                scores: Object.fromEntries(
                  Object.entries(scores)
                    .filter(([, v]) => v.trim() !== '')
                    .map(([k, v]) => [k, v.trim()]),
                ),
              });
            }}
          >
            Scores opslaan
          </Button>
        </div>
      )}
      {d.mayChange && (selection || openHouse || subsidy) && (
        <div className="rk-proc-form">
          <FormField className="rk-proc-grow">
            <FormLabel htmlFor={`reason-${a.id}`}>Reden (verplicht bij afwijzen)</FormLabel>
            <Textbox id={`reason-${a.id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </FormField>
          {selection && (
            <Button appearance="primary-action-button" onClick={() => decide('selecteren')} data-testid={`select-${a.id}`}>
              Selecteren
            </Button>
          )}
          {openHouse && (
            <Button appearance="primary-action-button" onClick={() => decide('toelaten')} data-testid={`admit-${a.id}`}>
              Toelaten
            </Button>
          )}
          <Button appearance="secondary-action-button" onClick={() => decide('afwijzen')} data-testid={`reject-${a.id}`}>
            Afwijzen
          </Button>
        </div>
      )}
    </div>
  );
}

function Register({ d, landscape, user, run }: { d: ProcedureDetail; landscape: Landscape; user: SessionUser; run: Run }) {
  const providers = [...new Map(landscape.segments.flatMap((s) => s.providers.map((p) => [p.id, p.name] as const))).entries()].sort((x, y) =>
    x[1].localeCompare(y[1], 'nl'),
  );
  const own = user.role === 'aanbieder';
  const [providerId, setProviderId] = useState<number | ''>(providers[0]?.[0] ?? '');
  const [lots, setLots] = useState<string[]>([]);
  const [member, setMember] = useState('');
  const [kind, setKind] = useState('institutionele-sociale-basis');
  if (!(APPLY_PHASES[d.soort] ?? []).includes(d.status) || (!own && !d.mayChange)) return null;
  if (d.status === 'doorlopend' && !d.entryOpen && !d.mayChange) return null;
  return (
    <div className="rk-proc-panel" data-testid="register-application">
      <Heading level={3}>{own ? 'Aanmelden' : 'Aanmelding registreren namens een aanbieder'}</Heading>
      <div className="rk-proc-form">
        {!own && (
          <FormField>
            <FormLabel htmlFor="reg-provider">Aanbieder (penvoerder)</FormLabel>
            <Select id="reg-provider" value={String(providerId)} onChange={(e) => setProviderId(Number(e.target.value))}>
              {providers.map(([id, name]) => (
                <SelectOption key={id} value={String(id)}>
                  {name}
                </SelectOption>
              ))}
            </Select>
          </FormField>
        )}
        {d.lots.length > 0 && (
          <fieldset className="rk-proc-lots">
            <legend>Percelen</legend>
            {d.lots.map((l) => (
              <label key={l.id} className="rk-proc-lot">
                <Checkbox checked={lots.includes(l.id)} onChange={(e) => setLots(e.target.checked ? [...lots, l.id] : lots.filter((x) => x !== l.id))} /> {l.id}
                : {l.name}
              </label>
            ))}
          </fieldset>
        )}
        <FormField>
          <FormLabel htmlFor="reg-member">Lid samenwerkingsverband (optioneel)</FormLabel>
          <Textbox id="reg-member" value={member} onChange={(e) => setMember(e.target.value)} />
        </FormField>
        <FormField>
          <FormLabel htmlFor="reg-kind">Soort lid</FormLabel>
          <Select id="reg-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <SelectOption value="institutionele-sociale-basis">Institutionele sociale basis</SelectOption>
            <SelectOption value="jeugdhulpaanbieder">Jeugdhulpaanbieder</SelectOption>
          </Select>
        </FormField>
        <Button
          appearance="primary-action-button"
          onClick={() =>
            run(() =>
              procurementApi.apply(d.regionId, d.id, {
                ...(own ? {} : { providerId: Number(providerId) }),
                ...(d.lots.length ? { lotIds: lots } : {}),
                ...(member.trim() ? { members: [{ name: member.trim(), kind, role: 'lid' as const }] } : {}),
              }),
            )
          }
        >
          {own ? 'Aanmelding indienen' : 'Aanmelding registreren'}
        </Button>
      </div>
    </div>
  );
}

/** Applications with their consortium, checks, scores and the decisions the phase allows. */
export function ApplicationsPanel({ d, landscape, user, run }: { d: ProcedureDetail; landscape: Landscape; user: SessionUser; run: Run }) {
  const eisen = d.config.geschiktheidseisen.length;
  return (
    <section className="rk-proc-section" aria-labelledby="proc-apps" data-testid="applications">
      <Heading level={2} id="proc-apps">
        {d.soort === 'sas-dialoog' ? 'Aanmeldingen en inschrijvingen' : d.soort === 'subsidie' ? 'Subsidieaanvragen' : 'Toelatingsverzoeken'} (
        {d.applications.length})
      </Heading>
      {!d.mayChange && <Paragraph className="rk-proc-sub">U ziet alleen uw eigen aanmelding; scores van anderen zijn niet zichtbaar.</Paragraph>}
      {d.applications.length === 0 && <Paragraph className="rk-proc-empty">Nog geen aanmeldingen.</Paragraph>}
      <ol className="rk-proc-apps">
        {d.applications.map((a) => (
          <li key={a.id} className="rk-proc-app" data-testid={`application-${a.id}`}>
            <div className="rk-proc-app__head">
              <strong>{a.providerName}</strong>
              <span className={`rk-proc-status rk-proc-status--${a.status}`}>{APPLICATION_STATUS[a.status] ?? a.status}</span>
              {a.lotIds.length > 0 && <span className="rk-proc-sub">percelen {a.lotIds.join(', ')}</span>}
            </div>
            <dl className="rk-proc-facts">
              <div>
                <dt>Samenwerkingsverband</dt>
                <dd>{a.members.map((m) => `${m.name} (${m.kind.replace(/-/g, ' ')}${m.role === 'penvoerder' ? ', penvoerder' : ''})`).join('; ')}</dd>
              </div>
              {eisen > 0 && (
                <div>
                  <dt>Geschiktheidseisen</dt>
                  <dd>
                    {a.checks.filter((c) => c.voldaan && c.bewijs).length} van {eisen} aangetoond
                  </dd>
                </div>
              )}
              {d.config.plan && (
                <div>
                  <dt>Planscore</dt>
                  <dd>{a.planScore ?? '—'}</dd>
                </div>
              )}
              {a.priceCents !== null && (
                <div>
                  <dt>Prijs</dt>
                  <dd>{euro(a.priceCents)}</dd>
                </div>
              )}
              {Object.keys(a.scores).length > 0 && (
                <div>
                  <dt>Kwaliteitsscores</dt>
                  <dd>
                    {Object.entries(a.scores)
                      .map(([k, v]) => `${d.config.emvi?.criteria.find((c) => c.id === k)?.naam ?? k}: ${v}`)
                      .join('; ')}
                  </dd>
                </div>
              )}
              {a.emviTotal !== null && (
                <div>
                  <dt>EMVI (alle inschrijvingen)</dt>
                  <dd>{percent(a.emviTotal)}</dd>
                </div>
              )}
              {a.contractIds.length > 0 && (
                <div>
                  <dt>Contract</dt>
                  <dd>
                    {a.contractIds.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ', '}
                        <AppLink href={contractPath(d.regionId, id)}>contract {id}</AppLink>
                      </span>
                    ))}
                  </dd>
                </div>
              )}
              {a.decisionReason && (
                <div>
                  <dt>Reden besluit</dt>
                  <dd>{a.decisionReason}</dd>
                </div>
              )}
            </dl>
            <Assess key={a.version} d={d} a={a} run={run} />
          </li>
        ))}
      </ol>
      <Register d={d} landscape={landscape} user={user} run={run} />
    </section>
  );
}
