import './access.css';
import { Alert, Button, ButtonLink, FormLabel, Heading, Paragraph, Select, SelectOption, Textbox } from '@utrecht/component-library-react';
import type { SortingState } from '@tanstack/react-table';
import { useState, type MouseEvent } from 'react';
import { api } from '../api';
import type { Landscape, SessionUser } from '../api-types';
import { ListBar, ListPager } from '../components/DataTable';
import { ProblemAlert } from '../components/ProblemAlert';
import { navigate, newCasePath } from '../router';
import { useResource } from '../useResource';
import { AccessGuard } from './AccessGuard';
import { CheckboxField } from './form';
import { sortParam, WorklistTable } from './WorklistTable';

/** Areas (local teams) that serve the user's municipality. */
export const userAreas = (landscape: Landscape, user: SessionUser) =>
  landscape.areas.filter((a) => user.municipalityCode !== null && a.municipalityCodes.includes(user.municipalityCode) && a.kind !== 'centrale-intake');

const PAGE = 25;

function Worklist({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const [areaId, setAreaId] = useState('');
  const [onlyWithSignals, setOnlyWithSignals] = useState(false);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'due', desc: false }]);
  const [offset, setOffset] = useState(0);
  const filter = { areaId: areaId || undefined, onlyWithSignals, q: q || undefined, sort: sortParam(sorting) };
  const list = useResource(
    (signal) => api.worklist(regionId, { ...filter, limit: PAGE, offset }, signal),
    [regionId, areaId, onlyWithSignals, q, JSON.stringify(sorting), offset, user.username],
  );
  const areas = userAreas(landscape, user);
  const openNew = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    navigate(newCasePath(regionId));
  };
  const reset = () => setOffset(0);
  const total = list.state === 'ready' ? list.data.total : 0;

  return (
    <>
      <div className="rk-titlebar rk-titlebar--actions">
        <div>
          <p className="rk-pretitle">{landscape.region.name}</p>
          <Heading level={1}>Werklijst</Heading>
          <Paragraph appearance="lead" className="rk-validity">
            Open casussen van {user.municipalityName ? `gemeente ${user.municipalityName}` : 'uw organisatie'}.
          </Paragraph>
        </div>
        {user.role === 'toegang' && (
          <ButtonLink href={newCasePath(regionId)} appearance="primary-action-button" onClick={openNew} data-testid="new-case-button">
            Nieuwe hulpvraag
          </ButtonLink>
        )}
      </div>

      <form
        className="rk-filters"
        role="search"
        aria-label="Zoeken en filteren in de werklijst"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(typed.trim());
          reset();
        }}
      >
        <div className="rk-field">
          <FormLabel htmlFor="worklist-q">Zoek op naam of casusnummer</FormLabel>
          <div className="rk-search">
            <Textbox id="worklist-q" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="worklist-search" autoComplete="off" />
            <Button type="submit" appearance="secondary-action-button" data-testid="worklist-search-button">
              Zoeken
            </Button>
          </div>
        </div>
        {areas.length > 1 && (
          <div className="rk-field">
            <FormLabel htmlFor="worklist-area">Gebied</FormLabel>
            <Select
              id="worklist-area"
              value={areaId}
              onChange={(e) => {
                setAreaId(e.target.value);
                reset();
              }}
            >
              <SelectOption value="">Alle gebieden</SelectOption>
              {areas.map((a) => (
                <SelectOption key={a.id} value={a.id}>
                  {a.name}
                </SelectOption>
              ))}
            </Select>
          </div>
        )}
        <CheckboxField
          id="worklist-only-signals"
          label="Alleen casussen met signalen of aflopende toewijzingen"
          checked={onlyWithSignals}
          onChange={(v) => {
            setOnlyWithSignals(v);
            reset();
          }}
        />
      </form>

      {list.state === 'loading' && <Paragraph aria-busy="true">Werklijst wordt geladen…</Paragraph>}
      {list.state === 'error' && <ProblemAlert error={list.error} />}
      {list.state === 'ready' && (
        <section aria-labelledby="worklist-heading" className="rk-section rk-section--tight">
          <Heading level={2} id="worklist-heading" className="rk-visually-hidden">
            Casussen
          </Heading>
          <ListBar
            total={total}
            offset={offset}
            page={PAGE}
            noun={['open casus', 'open casussen']}
            q={q}
            exportUrl={(f) => api.worklistExportUrl(regionId, filter, f)}
            testId="worklist"
          />
          {list.data.rows.length === 0 ? (
            <Alert type="info" className="rk-alert">
              <Paragraph>
                {areaId || onlyWithSignals || q ? 'Geen open casussen die aan de zoekopdracht of filters voldoen.' : 'Er zijn geen open casussen.'}
                {user.role === 'toegang' && !q && ' Registreer een nieuwe hulpvraag met de knop hierboven.'}
              </Paragraph>
            </Alert>
          ) : (
            <WorklistTable
              rows={list.data.rows}
              landscape={landscape}
              sorting={sorting}
              onSortingChange={(s) => {
                setSorting(s);
                reset();
              }}
            />
          )}
          <ListPager total={total} offset={offset} page={PAGE} onOffset={setOffset} label="Pagina’s van de werklijst" testId="worklist" />
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
