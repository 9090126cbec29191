import {
  Alert,
  Button,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textbox,
} from '@utrecht/component-library-react';
import { useMemo, useState } from 'react';
import type { ScenarioFileSummary, SimulationReport } from '../../../src/app/simulation/run';
import type { ScenarioFileInput } from '../../../src/domain/simulation/scenario';
import { ApiError, request } from '../api';
import type { Landscape, SessionUser } from '../api-types';
import { EChart } from '../components/EChart';
import { ProblemAlert } from '../components/ProblemAlert';
import { useResource } from '../useResource';
import { Figures } from './controls';
import { FundingProblem, Loading } from './FundingGuard';
import { formatEuroWhole, formatPercent } from './money';
import { fanOption, municipalityOption, providerShiftOption, waterfallOption } from './scenarioCharts';

const SIM_ROLES = ['controller', 'beleid', 'contractmanager'];
type ScenarioInput = ScenarioFileInput['scenarios'][number];
type Change = NonNullable<ScenarioInput['wijzigingen']>[number];

const path = (regionId: string, rest = '') => `/regions/${encodeURIComponent(regionId)}/scenarios${rest}`;

/** What the builder offers (Dutch labels for the change kinds). */
const KINDS = [
  { value: 'trajectprijs', label: 'Trajectprijs (percentiel van de historische kosten)' },
  { value: 'lumpsum', label: 'Lumpsum per gebied (naar inwonertal)' },
  { value: 'resultaat', label: 'Resultaatbekostiging (voorschot en doelbereik)' },
  { value: 'caseload', label: 'Caseloadbekostiging (kostenneutraal)' },
  { value: 'beschikbaarheid', label: 'Beschikbaarheidsbekostiging (deel vast)' },
  { value: 'verschuiving', label: 'Deel verschuiven naar een ander segment' },
  { value: 'plafond', label: 'Budgetplafond (deel van de werkelijke uitgaven)' },
  { value: 'volumegroei', label: 'Volumegroei per jaar' },
] as const;
type Kind = (typeof KINDS)[number]['value'];

function buildChange(kind: Kind, segment: string, target: string, a: number, b: number): Change {
  switch (kind) {
    case 'trajectprijs':
      return { soort: 'bekostiging', segment, naar: { model: 'trajectprijs', percentiel: Math.round(a) } };
    case 'lumpsum':
      return { soort: 'bekostiging', segment, naar: { model: 'lumpsum', verdeling: 'inwoners', korting: b / 100 } };
    case 'resultaat':
      return { soort: 'bekostiging', segment, naar: { model: 'resultaat', voorschot: a / 100, doelbereik: b / 100 } };
    case 'caseload':
      return { soort: 'bekostiging', segment, naar: { model: 'caseload' } };
    case 'beschikbaarheid':
      return { soort: 'bekostiging', segment, naar: { model: 'beschikbaarheid', aandeel: a / 100 } };
    case 'verschuiving':
      return { soort: 'verschuiving', van: segment, naar: target, aandeel: a / 100, efficiencykorting: b / 100 };
    case 'plafond':
      return { soort: 'plafond', segment, aandeelVanBasis: a / 100, beleid: 'afwijzen' };
    case 'volumegroei':
      return { soort: 'volumegroei', segment, percentagePerJaar: a / 100 };
  }
}

/** The two number fields of a change kind: label and default (percentages as whole numbers). */
const FIELDS: Record<Kind, [string, number] | [string, number, string, number]> = {
  trajectprijs: ['Percentiel', 50],
  lumpsum: ['Korting op de lumpsum (%)', 0],
  resultaat: ['Voorschot (%)', 60, 'Doelbereik (%)', 80],
  caseload: ['', 0],
  beschikbaarheid: ['Deel vast (%)', 30],
  verschuiving: ['Deel dat verschuift (%)', 60, 'Efficiëntiekorting (%)', 10],
  plafond: ['Plafond als deel van de werkelijke uitgaven (%)', 95],
  volumegroei: ['Groei per jaar (%)', 3],
};

/** The range of each number field as the scenario file allows it (src/domain/simulation/scenario.ts), in the form's units. */
const RANGES: Record<Kind, [[number, number], [number, number]?]> = {
  trajectprijs: [[1, 99]],
  lumpsum: [[0, 100]],
  resultaat: [
    [0, 100],
    [0, 100],
  ],
  caseload: [[0, 0]],
  beschikbaarheid: [[0, 100]],
  verschuiving: [
    [0, 100],
    [0, 100],
  ],
  plafond: [[0, 500]],
  volumegroei: [[-50, 100]],
};

/** Why a number field's value cannot go into the scenario (Dutch), or null. */
function outOfRange(label: string, value: number, [min, max]: [number, number], whole: boolean): string | null {
  if (!Number.isFinite(value)) return `${label}: vul een getal in`;
  if (whole && !Number.isInteger(value)) return `${label}: vul een heel getal in`;
  if (value < min || value > max) return `${label}: vul een getal in van ${min} tot en met ${max}`;
  return null;
}

function Builder({ landscape, onAdd }: { landscape: Landscape; onAdd: (s: ScenarioInput) => void }) {
  const segments = landscape.segments;
  const [name, setName] = useState('Eigen scenario');
  const [kind, setKind] = useState<Kind>('trajectprijs');
  const [segment, setSegment] = useState(segments[0]?.id ?? '');
  const [target, setTarget] = useState(segments[1]?.id ?? segments[0]?.id ?? '');
  const [a, setA] = useState(50);
  const [b, setB] = useState(0);
  const [changes, setChanges] = useState<{ change: Change; text: string }[]>([]);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const fields = FIELDS[kind];
  const segName = (id: string) => segments.find((s) => s.id === id)?.name ?? id;
  const chooseKind = (k: Kind) => {
    setKind(k);
    setA(FIELDS[k][1]);
    setB(FIELDS[k][3] ?? 0);
  };
  const describe = () =>
    `${KINDS.find((k) => k.value === kind)!.label.replace(/ \(.*/, '')}: ${segName(segment)}${kind === 'verschuiving' ? ` naar ${segName(target)}` : ''}${fields[0] ? `, ${fields[0].toLowerCase()} ${a}` : ''}${fields[2] ? `, ${fields[2].toLowerCase()} ${b}` : ''}`;
  return (
    <form className="rk-fin-controls rk-sim-builder" aria-labelledby="sim-builder" onSubmit={(e) => e.preventDefault()} data-testid="scenario-builder">
      <Heading level={3} id="sim-builder">
        Zelf een scenario samenstellen
      </Heading>
      <div className="rk-field">
        <FormLabel htmlFor="sim-name">Naam</FormLabel>
        <Textbox id="sim-name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="rk-field">
        <FormLabel htmlFor="sim-kind">Wijziging</FormLabel>
        <Select id="sim-kind" value={kind} onChange={(e) => chooseKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <SelectOption key={k.value} value={k.value}>
              {k.label}
            </SelectOption>
          ))}
        </Select>
      </div>
      <div className="rk-field">
        <FormLabel htmlFor="sim-segment">{kind === 'verschuiving' ? 'Van segment' : 'Segment'}</FormLabel>
        <Select id="sim-segment" value={segment} onChange={(e) => setSegment(e.target.value)}>
          {segments.map((s) => (
            <SelectOption key={s.id} value={s.id}>
              {s.name}
            </SelectOption>
          ))}
        </Select>
      </div>
      {kind === 'verschuiving' && (
        <div className="rk-field">
          <FormLabel htmlFor="sim-target">Naar segment</FormLabel>
          <Select id="sim-target" value={target} onChange={(e) => setTarget(e.target.value)}>
            {segments.map((s) => (
              <SelectOption key={s.id} value={s.id}>
                {s.name}
              </SelectOption>
            ))}
          </Select>
        </div>
      )}
      {fields[0] && (
        <div className="rk-field">
          <FormLabel htmlFor="sim-a">{fields[0]}</FormLabel>
          <Textbox id="sim-a" type="number" inputMode="decimal" className="rk-input--short" value={String(a)} onChange={(e) => setA(Number(e.target.value))} />
        </div>
      )}
      {fields[2] && (
        <div className="rk-field">
          <FormLabel htmlFor="sim-b">{fields[2]}</FormLabel>
          <Textbox id="sim-b" type="number" inputMode="decimal" className="rk-input--short" value={String(b)} onChange={(e) => setB(Number(e.target.value))} />
        </div>
      )}
      <Button
        type="button"
        appearance="secondary-action-button"
        onClick={() => {
          const wrong = [
            fields[0] ? outOfRange(fields[0], a, RANGES[kind][0], kind === 'trajectprijs') : null,
            fields[2] && RANGES[kind][1] ? outOfRange(fields[2], b, RANGES[kind][1], false) : null,
          ].filter((m): m is string => m !== null);
          setFieldError(wrong.length > 0 ? wrong.join('; ') : null);
          if (wrong.length === 0) setChanges([...changes, { change: buildChange(kind, segment, target, a, b), text: describe() }]);
        }}
        data-testid="scenario-add-change"
      >
        Wijziging toevoegen
      </Button>
      {fieldError && (
        <Paragraph className="rk-field-error" role="alert" data-testid="scenario-change-error">
          {fieldError}
        </Paragraph>
      )}
      {changes.length > 0 && (
        <ol className="rk-sim-changes" aria-label="Wijzigingen van dit scenario">
          {changes.map((c, i) => (
            <li key={i}>{c.text}</li>
          ))}
        </ol>
      )}
      <Button
        type="button"
        appearance="primary-action-button"
        disabled={changes.length === 0 || name.trim() === ''}
        onClick={() => {
          const id = `eigen-${Date.now().toString(36)}`;
          onAdd({ id, naam: name.trim(), wijzigingen: changes.map((c) => c.change) });
          setChanges([]);
        }}
        data-testid="scenario-add"
      >
        Scenario toevoegen aan de vergelijking
      </Button>
    </form>
  );
}

function ComparisonTable({ r }: { r: SimulationReport }) {
  const years = Object.keys(r.base.byYear).sort();
  const segs = Object.keys(r.labels.segments).filter((k) => r.base.bySegment[k] !== undefined || r.scenarios.some((s) => s.bySegment[k] !== undefined));
  const row = (label: string, base: string, values: string[], key: string) => (
    <TableRow key={key}>
      <TableHeaderCell scope="row">{label}</TableHeaderCell>
      <TableCell>{base}</TableCell>
      {values.map((v, i) => (
        <TableCell key={i}>{v}</TableCell>
      ))}
    </TableRow>
  );
  const diff = (c: number) => `${c > 0 ? '+' : ''}${formatEuroWhole(c)}`;
  return (
    <div className="rk-table-scroll" tabIndex={0} role="region" aria-label="Vergelijkingstabel (schuift horizontaal)">
      <Table className="rk-table rk-table--numeric rk-fin-table" data-testid="scenario-table">
        <TableCaption className="rk-fin-caption">
          Werkelijke uitgaven {r.period.from.slice(0, 4)}
          {years.length > 1 ? `-${years[years.length - 1]}` : ''} naast de scenario's
        </TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Onderdeel</TableHeaderCell>
            <TableHeaderCell scope="col">Werkelijk</TableHeaderCell>
            {r.scenarios.map((s) => (
              <TableHeaderCell scope="col" key={s.id}>
                {s.name}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {row(
            'Totaal',
            formatEuroWhole(r.base.totalCents),
            r.scenarios.map((s) => formatEuroWhole(s.totalCents)),
            'total',
          )}
          {row(
            'Verschil met werkelijk',
            '',
            r.scenarios.map((s) => diff(s.totalCents - r.base.totalCents)),
            'diff',
          )}
          {r.runs > 0 &&
            row(
              'Bandbreedte P10 - P90',
              '',
              r.scenarios.map((s) => (s.percentiles ? `${formatEuroWhole(s.percentiles.p10)} - ${formatEuroWhole(s.percentiles.p90)}` : '')),
              'p',
            )}
          {years.length > 1 &&
            years.map((y) =>
              row(
                `Jaar ${y}`,
                formatEuroWhole(r.base.byYear[y] ?? 0),
                r.scenarios.map((s) => formatEuroWhole(s.byYear[y] ?? 0)),
                `y${y}`,
              ),
            )}
          {segs.map((k) =>
            row(
              r.labels.segments[k] ?? k,
              formatEuroWhole(r.base.bySegment[k] ?? 0),
              r.scenarios.map((s) => formatEuroWhole(s.bySegment[k] ?? 0)),
              `s${k}`,
            ),
          )}
          {row(
            'Aanbieders erop vooruit / achteruit',
            '',
            r.scenarios.map((s) => `${s.details.winners} / ${s.details.losers}`),
            'wl',
          )}
          {row(
            `Aanbieders onder ${formatPercent(r.viabilityThreshold)} van hun omzet`,
            '',
            r.scenarios.map((s) => String(s.providersBelowThreshold)),
            'below',
          )}
          {row(
            'Plafondoverschrijdingen',
            '',
            r.scenarios.map((s) => String(s.ceilingExceedances.filter((e) => e.soort !== 'budget').length)),
            'ceil',
          )}
          {row(
            'Gemeenten boven budget (jaren)',
            '',
            r.scenarios.map((s) => String(s.ceilingExceedances.filter((e) => e.soort === 'budget').length)),
            'budget',
          )}
        </TableBody>
      </Table>
    </div>
  );
}

function Results({ r }: { r: SimulationReport }) {
  const [focus, setFocus] = useState(r.scenarios.find((s) => s.details.waterfall.length > 2)?.id ?? r.scenarios[0]!.id);
  const chosen = r.scenarios.find((s) => s.id === focus) ?? r.scenarios[0]!;
  const waterfall = useMemo(() => waterfallOption(chosen), [chosen]);
  const shift = useMemo(() => providerShiftOption(r, r.scenarios), [r]);
  const muni = useMemo(() => municipalityOption(r, r.scenarios), [r]);
  const fan = useMemo(() => fanOption(r, r.scenarios), [r]);
  const notes = r.scenarios.flatMap((s) => s.details.notes.map((n) => `${s.name}: ${n}`));
  return (
    <div data-testid="scenario-results">
      <Figures
        items={[
          {
            label: 'Werkelijke uitgaven',
            value: formatEuroWhole(r.base.totalCents),
            note: `${r.period.from.slice(0, 4)} t/m ${r.period.to.slice(0, 4)}: gedeclareerd en betaald volgens schema`,
          },
          ...r.scenarios.map((s) => ({
            label: s.name,
            value: formatEuroWhole(s.totalCents),
            note: s.percentiles ? `P10 ${formatEuroWhole(s.percentiles.p10)} · P90 ${formatEuroWhole(s.percentiles.p90)}` : undefined,
          })),
        ]}
      />
      <section className="rk-section" aria-labelledby="sim-compare">
        <Heading level={2} id="sim-compare">
          Vergelijking
        </Heading>
        <ComparisonTable r={r} />
      </section>
      <section className="rk-section" aria-labelledby="sim-waterfall">
        <Heading level={2} id="sim-waterfall">
          Opbouw van het verschil
        </Heading>
        <div className="rk-field">
          <FormLabel htmlFor="sim-focus">Scenario</FormLabel>
          <Select id="sim-focus" value={chosen.id} onChange={(e) => setFocus(e.target.value)}>
            {r.scenarios.map((s) => (
              <SelectOption key={s.id} value={s.id}>
                {s.name}
              </SelectOption>
            ))}
          </Select>
        </div>
        <EChart option={waterfall} height={340} label={`Watervaldiagram van de werkelijke uitgaven naar scenario ${chosen.name}, wijziging voor wijziging.`} />
        <ol className="rk-sim-steps">
          {chosen.details.waterfall.map((s, i) => (
            <li key={i}>
              {s.label}:{' '}
              <strong>
                {i === 0 || i === chosen.details.waterfall.length - 1 ? formatEuroWhole(s.cents) : `${s.cents > 0 ? '+' : ''}${formatEuroWhole(s.cents)}`}
              </strong>
            </li>
          ))}
        </ol>
      </section>
      <section className="rk-section" aria-labelledby="sim-providers">
        <Heading level={2} id="sim-providers">
          Verschuiving van omzet tussen aanbieders
        </Heading>
        <Paragraph className="rk-section__intro">De aanbieders met de grootste verandering in omzet ten opzichte van de werkelijke uitgaven.</Paragraph>
        <EChart option={shift} height={420} label="Staafdiagram: verandering van de omzet per aanbieder per scenario." />
      </section>
      <section className="rk-section" aria-labelledby="sim-municipalities">
        <Heading level={2} id="sim-municipalities">
          Lasten per gemeente
        </Heading>
        <EChart option={muni} height={360} label="Staafdiagram: uitgaven per gemeente, werkelijk en per scenario." />
      </section>
      {r.runs > 0 && (
        <section className="rk-section" aria-labelledby="sim-fan">
          <Heading level={2} id="sim-fan">
            Spreiding (kansberekening)
          </Heading>
          <Paragraph className="rk-section__intro">
            {r.runs} doorrekeningen met wisselende volumegroei en doelbereik: de band loopt van P10 tot P90, de lijn is de P50.
          </Paragraph>
          <EChart option={fan} height={340} label="Waaierdiagram: de bandbreedte P10 tot P90 en de P50 per jaar per scenario." />
        </section>
      )}
      {notes.length > 0 && (
        <ul className="rk-fin-notes" aria-label="Toelichting">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

async function downloadXlsx(regionId: string, body: unknown): Promise<void> {
  const res = await fetch(`/api/v1${path(regionId, '/run.xlsx')}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new ApiError({ title: 'Downloaden mislukt', status: res.status, detail: 'Het Excelbestand kon niet worden gemaakt.' });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `scenariovergelijking-${regionId}.xlsx`;
  a.click();
  URL.revokeObjectURL(url);
}

/** Scenario's: choose a shipped or stored scenario file, add own scenarios, run and compare. */
export function ScenariosView({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const files = useResource((signal) => request<{ files: ScenarioFileSummary[] }>('GET', path(regionId), undefined, signal), [regionId, user.username]);
  const [chosenRef, setChosenRef] = useState<string | null>(null);
  const [extra, setExtra] = useState<ScenarioInput[]>([]);
  const [runs, setRuns] = useState(500);
  const [result, setResult] = useState<SimulationReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  if (!SIM_ROLES.includes(user.role)) {
    return (
      <Alert type="warning" className="rk-alert" data-testid="scenario-role-required">
        <Paragraph>
          <strong>Scenario's zijn er voor de controller, de beleidsadviseur en de contractmanager van de regio.</strong>
        </Paragraph>
        <Paragraph>
          Demo: log in als <span className="rk-code">controller.{regionId}</span> met wachtwoord <span className="rk-code">demo</span>.
        </Paragraph>
      </Alert>
    );
  }
  if (files.state === 'loading') return <Loading what="Scenario's" />;
  if (files.state === 'error') return <FundingProblem error={files.error} regionId={regionId} />;
  const list = files.data.files;
  if (list.length === 0) return <Paragraph>Voor deze regio zijn nog geen scenariobestanden.</Paragraph>;
  const current = list.find((f) => f.ref === chosenRef) ?? list[0]!;
  const definition = { ...current.definition, scenarios: [...current.definition.scenarios, ...extra] };
  const body = () => ({ file: definition, runs });

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await request<SimulationReport>('POST', path(regionId, '/run'), body()));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setError(null);
    try {
      const { id } = await request<{ id: number }>('POST', path(regionId), { name: `${current.name} met eigen scenario's`, definition });
      setSaved(String(id));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(e) }));
    }
  };

  return (
    <>
      <form className="rk-fin-controls" aria-label="Scenario's kiezen en doorrekenen" onSubmit={(e) => (e.preventDefault(), void run())}>
        <div className="rk-field">
          <FormLabel htmlFor="sim-file">Scenariobestand</FormLabel>
          <Select
            id="sim-file"
            value={current.ref}
            onChange={(e) => {
              setChosenRef(e.target.value);
              setExtra([]);
              setResult(null);
            }}
            data-testid="scenario-file"
          >
            {list.map((f) => (
              <SelectOption key={`${f.source}:${f.ref}`} value={f.ref}>
                {f.name} ({f.source === 'meegeleverd' ? 'meegeleverd' : 'opgeslagen'}, {f.scenarios.length} scenario's)
              </SelectOption>
            ))}
          </Select>
        </div>
        <div className="rk-field">
          <FormLabel htmlFor="sim-runs">Aantal kansberekeningen</FormLabel>
          <Textbox
            id="sim-runs"
            type="number"
            inputMode="numeric"
            className="rk-input--short"
            min={0}
            max={10000}
            value={String(runs)}
            onChange={(e) => setRuns(Math.max(0, Math.min(10000, Math.round(Number(e.target.value) || 0))))}
          />
        </div>
        <Button type="submit" appearance="primary-action-button" disabled={busy} data-testid="scenario-run">
          {busy ? 'Bezig met doorrekenen…' : 'Doorrekenen'}
        </Button>
        {result && (
          <Button type="button" appearance="secondary-action-button" onClick={() => void downloadXlsx(regionId, body()).catch((e: ApiError) => setError(e))}>
            Vergelijking downloaden (Excel)
          </Button>
        )}
        {extra.length > 0 && (
          <Button type="button" appearance="secondary-action-button" onClick={() => void save()} data-testid="scenario-save">
            Scenariobestand opslaan
          </Button>
        )}
      </form>
      <ul className="rk-sim-list" aria-label="Scenario's in de vergelijking">
        {definition.scenarios.map((s) => (
          <li key={s.id}>
            <strong>{s.naam}</strong>
            {s.toelichting ? `: ${s.toelichting}` : ''}
          </li>
        ))}
      </ul>
      {saved && (
        <Paragraph data-testid="scenario-saved">
          Opgeslagen. <a href={`/api/v1${path(regionId, `/${saved}/export`)}`}>Download het scenariobestand (YAML)</a>.
        </Paragraph>
      )}
      <Builder landscape={landscape} onAdd={(s) => (setExtra([...extra, s]), setResult(null))} />
      {error && <ProblemAlert error={error} type="error" />}
      {busy && <Loading what="De doorrekening" />}
      {result && !busy && <Results r={result} />}
    </>
  );
}
