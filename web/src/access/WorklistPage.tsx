import './access.css';
import { Alert, ButtonLink, FormLabel, Heading, Paragraph, Select, SelectOption } from '@utrecht/component-library-react';
import { useState, type MouseEvent } from 'react';
import { api } from '../api';
import type { Landscape, SessionUser, WorklistRow } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { navigate, newCasePath } from '../router';
import { useResource } from '../useResource';
import { AccessGuard } from './AccessGuard';
import { isOverdue } from './caseFormat';
import { CheckboxField } from './form';
import { WorklistTable } from './WorklistTable';

/** Areas (local teams) that serve the user's municipality. */
export const userAreas = (landscape: Landscape, user: SessionUser) =>
  landscape.areas.filter((a) => user.municipalityCode !== null && a.municipalityCodes.includes(user.municipalityCode) && a.kind !== 'centrale-intake');

function Counts({ rows }: { rows: WorklistRow[] }) {
  const stats = [
    [rows.length, rows.length === 1 ? 'open casus' : 'open casussen'],
    [rows.filter((r) => r.signals.length > 0).length, 'met signalen'],
    [rows.filter((r) => r.due !== null && isOverdue(r.due, r.dueAt)).length, 'termijn verstreken'],
    [rows.filter((r) => r.crisis).length, 'crisis'],
  ] as const;
  return (
    <ul className="rk-stats" aria-label="Samenvatting van de werklijst" data-testid="worklist-counts">
      {stats.map(([n, label]) => (
        <li key={label}>
          <strong>{n}</strong> {label}
        </li>
      ))}
    </ul>
  );
}

function Worklist({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const [areaId, setAreaId] = useState('');
  const [onlyWithSignals, setOnlyWithSignals] = useState(false);
  const list = useResource((signal) => api.worklist(regionId, { areaId: areaId || undefined, onlyWithSignals }, signal), [regionId, areaId, onlyWithSignals, user.username]);
  const areas = userAreas(landscape, user);
  const openNew = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    navigate(newCasePath(regionId));
  };

  return (
    <>
      <div className="rk-titlebar rk-titlebar--actions">
        <div>
          <p className="rk-pretitle">{landscape.region.name}</p>
          <Heading level={1}>Werklijst</Heading>
          <Paragraph appearance="lead" className="rk-validity">
            Open casussen van {user.municipalityName ? `gemeente ${user.municipalityName}` : 'uw organisatie'}, vroegste termijn eerst.
          </Paragraph>
        </div>
        {user.role === 'toegang' && (
          <ButtonLink href={newCasePath(regionId)} appearance="primary-action-button" onClick={openNew} data-testid="new-case-button">
            Nieuwe hulpvraag
          </ButtonLink>
        )}
      </div>

      <form className="rk-filters" aria-label="Filters van de werklijst" onSubmit={(e) => e.preventDefault()}>
        {areas.length > 1 && (
          <div className="rk-field">
            <FormLabel htmlFor="worklist-area">Gebied</FormLabel>
            <Select id="worklist-area" value={areaId} onChange={(e) => setAreaId(e.target.value)}>
              <SelectOption value="">Alle gebieden</SelectOption>
              {areas.map((a) => (
                <SelectOption key={a.id} value={a.id}>
                  {a.name}
                </SelectOption>
              ))}
            </Select>
          </div>
        )}
        <CheckboxField id="worklist-only-signals" label="Alleen casussen met signalen of aflopende toewijzingen" checked={onlyWithSignals} onChange={setOnlyWithSignals} />
      </form>

      {list.state === 'loading' && <Paragraph aria-busy="true">Werklijst wordt geladen…</Paragraph>}
      {list.state === 'error' && <ProblemAlert error={list.error} />}
      {list.state === 'ready' && (
        <section aria-labelledby="worklist-heading" className="rk-section rk-section--tight">
          <Heading level={2} id="worklist-heading" className="rk-visually-hidden">
            Casussen
          </Heading>
          <Counts rows={list.data.rows} />
          {list.data.rows.length === 0 ? (
            <Alert type="info" className="rk-alert">
              <Paragraph>
                {areaId || onlyWithSignals ? 'Geen open casussen die aan de filters voldoen.' : 'Er zijn geen open casussen.'}
                {user.role === 'toegang' && ' Registreer een nieuwe hulpvraag met de knop hierboven.'}
              </Paragraph>
            </Alert>
          ) : (
            <WorklistTable rows={list.data.rows} landscape={landscape} />
          )}
        </section>
      )}
    </>
  );
}

export default function WorklistPage({ landscape, user }: { landscape: Landscape; user: SessionUser | null | undefined }) {
  return (
    <AccessGuard user={user} regionId={landscape.region.id} regionName={landscape.region.name} title="Werklijst">
      {(u) => <Worklist landscape={landscape} user={u} />}
    </AccessGuard>
  );
}
