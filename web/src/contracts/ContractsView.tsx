import { ListBar, ListPager } from '../components/DataTable';
import { ProviderList } from './ProviderList';
import {
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
import { useRef, useState, type FormEvent } from 'react';
import type { Landscape, SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDay, formatEuroWhole } from '../funding/money';
import { AppLink, contractPath, providerPath } from '../router';
import { useResource } from '../useResource';
import { Badge, CEILING_LABEL, ceilingSpend, ceilingTone, ContractGuard, localToday, STATE_LABEL, termText } from './common';
import { SegmentChangesSection } from './SegmentChanges';
import { contractsApi, type ContractSummary } from './contractsApi';
import { DialogueOverviewSection } from './DialogueOverview';
import './contracts.css';

const STATE_TONE = { gegund: 'neutral', lopend: 'ok', afgelopen: 'rejected' } as const;

/** A contract as users name it: provider, segment and perceel. */
export const contractName = (c: { providerName: string; segmentName: string; lotId: string | null }) =>
  `${c.providerName} · ${c.segmentName}${c.lotId ? ` · perceel ${c.lotId}` : ''}`;

/** Running contracts that end within a year from today get an expiry warning. */
const endsWithinYear = (endDate: string) => {
  const today = localToday();
  const inAYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return endDate >= today && endDate <= inAYear;
};

function ContractTable({ rows, regionId }: { rows: ContractSummary[]; regionId: string }) {
  const ceilings = rows.some((c) => c.ceilings.length > 0);
  const year = rows.flatMap((c) => c.ceilings)[0]?.year;
  return (
    <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
      <Table className="rk-table rk-fin-table" data-testid="contracts-table">
        <TableCaption className="rk-visually-hidden">Contracten per taakgebied en aanbieder</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Contract</TableHeaderCell>
            <TableHeaderCell scope="col">Aanbieder</TableHeaderCell>
            <TableHeaderCell scope="col">Taakgebied / segment</TableHeaderCell>
            <TableHeaderCell scope="col">Looptijd</TableHeaderCell>
            <TableHeaderCell scope="col">Verlenging</TableHeaderCell>
            {ceilings && (
              <TableHeaderCell scope="col" className="rk-num">
                Plafond {year} en besteding
              </TableHeaderCell>
            )}
            <TableHeaderCell scope="col">Status</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((c) => (
            <TableRow key={c.id} data-testid={`contract-row-${c.id}`}>
              <TableHeaderCell scope="row">
                <AppLink href={contractPath(regionId, c.id)}>{contractName(c)}</AppLink>
                <span className="rk-fin-sub">
                  contract {c.id}
                  {c.contractType ? ` · ${c.contractType}` : ''}
                </span>
                {c.state === 'lopend' && endsWithinYear(c.endDate) && (
                  <span className="rk-fin-sub" data-testid={`contract-expiry-${c.id}`}>
                    <Badge tone="rejected">Loopt af op {formatDay(c.endDate)}</Badge>
                  </span>
                )}
                {c.ceilings.some((x) => ceilingTone(x)) && (
                  <span className="rk-fin-sub" data-testid={`contract-ceiling-warning-${c.id}`}>
                    <Badge tone="rejected">
                      {c.ceilings.some((x) => ceilingTone(x) === 'over') ? 'Plafond overschreden' : 'Plafond wordt naar verwachting overschreden'}
                    </Badge>
                  </span>
                )}
              </TableHeaderCell>
              <TableCell>
                <AppLink href={providerPath(regionId, c.providerId)}>{c.providerName}</AppLink>
                <span className="rk-fin-sub">AGB {c.agbCode}</span>
              </TableCell>
              <TableCell>
                {c.segmentName}
                {c.lotId && <span className="rk-fin-sub">perceel {c.lotId}</span>}
              </TableCell>
              <TableCell className="rk-nowrap">
                {formatDay(c.startDate)} t/m {formatDay(c.endDate)}
                <span className="rk-fin-sub">{termText(c.term.label)}</span>
              </TableCell>
              <TableCell>
                {c.term.remainingOptions.length > 0
                  ? `${c.term.remainingOptions.length === 1 ? '1 optie' : `${c.term.remainingOptions.length} opties`}, tot ${formatDay(c.term.maximumEndDate)}`
                  : 'Geen'}
              </TableCell>
              {ceilings && (
                <TableCell className="rk-num" data-testid={`contract-ceiling-${c.id}`}>
                  {c.ceilings.length === 0
                    ? '—'
                    : c.ceilings.map((x) => (
                        <span key={x.level} className={`rk-con-ceiling${ceilingTone(x) ? ` rk-con-ceiling--${ceilingTone(x)}` : ''}`}>
                          {formatEuroWhole(x.ceilingCents)}{' '}
                          <span className="rk-fin-sub">
                            {CEILING_LABEL[x.level]}, {ceilingSpend(x)}
                          </span>
                        </span>
                      ))}
                </TableCell>
              )}
              <TableCell>
                <Badge tone={STATE_TONE[c.state]}>{STATE_LABEL[c.state]}</Badge>
                {c.pendingChanges > 0 && <span className="rk-fin-sub">{c.pendingChanges} wijziging(en) aangekondigd</span>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

const CONTRACT_PAGE = 25;

function List({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const [segmentId, setSegmentId] = useState('');
  const [status, setStatus] = useState('lopend');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [version, setVersion] = useState(0);
  const [offset, setOffset] = useState(0);
  const filter = { segmentId: segmentId || undefined, status: status || undefined, q: q || undefined };
  const res = useResource(
    (signal) => contractsApi.list(regionId, { ...filter, limit: CONTRACT_PAGE, offset }, signal),
    [regionId, segmentId, status, q, offset, user.username, version],
  );
  // A new filter starts at the first page.
  const filterKey = `${segmentId}|${status}|${q}`;
  const lastFilter = useRef(filterKey);
  if (lastFilter.current !== filterKey) {
    lastFilter.current = filterKey;
    if (offset !== 0) setOffset(0);
  }
  // After a segment-wide change the list reloads; the page (and the form's message) stays while it loads.
  const key = `${segmentId}|${status}|${q}|${offset}`;
  const last = useRef<{ key: string; res: typeof res } | null>(null);
  if (res.state !== 'loading') last.current = { key, res };
  const list = res.state === 'loading' && last.current?.key === key ? last.current.res : res;
  const search = (e: FormEvent) => {
    e.preventDefault();
    setQ(text.trim());
  };
  return (
    <section className="rk-section rk-section--first" aria-labelledby="contracts-heading">
      <Heading level={2} id="contracts-heading">
        Contracten
      </Heading>
      {user.role === 'aanbieder' && <Paragraph>U ziet de contracten van uw eigen organisatie ({user.providerName ?? 'aanbieder'}).</Paragraph>}
      <form className="rk-fin-controls rk-con-filters" onSubmit={search} role="search" aria-label="Contracten filteren">
        <div className="rk-field">
          <FormLabel htmlFor="contracts-segment">Taakgebied</FormLabel>
          <Select id="contracts-segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)} data-testid="contracts-segment">
            <SelectOption value="">Alle</SelectOption>
            {landscape.segments.map((s) => (
              <SelectOption key={s.id} value={s.id}>
                {s.name}
              </SelectOption>
            ))}
          </Select>
        </div>
        <div className="rk-field">
          <FormLabel htmlFor="contracts-status">Status</FormLabel>
          <Select id="contracts-status" value={status} onChange={(e) => setStatus(e.target.value)} data-testid="contracts-status">
            <SelectOption value="">Alle</SelectOption>
            <SelectOption value="lopend">Lopend</SelectOption>
            <SelectOption value="gegund">Gegund, nog niet gestart</SelectOption>
            <SelectOption value="afgelopen">Afgelopen</SelectOption>
          </Select>
        </div>
        <div className="rk-field">
          <FormLabel htmlFor="contracts-q">Aanbieder (naam of AGB)</FormLabel>
          <Textbox id="contracts-q" value={text} onChange={(e) => setText(e.target.value)} data-testid="contracts-q" />
        </div>
        <Button type="submit" appearance="secondary-action-button">
          Zoeken
        </Button>
      </form>
      {list.state === 'loading' && <Paragraph aria-busy="true">Contracten worden geladen…</Paragraph>}
      {list.state === 'error' && <ProblemAlert error={list.error} />}
      {list.state === 'ready' && (
        <>
          <Paragraph className="rk-fin-count" data-testid="contracts-count">
            {list.data.total === 0 ? 'Geen contracten gevonden met deze filters.' : `${list.data.total} contract${list.data.total === 1 ? '' : 'en'}.`}
          </Paragraph>
          <ListBar
            total={list.data.total}
            offset={offset}
            page={CONTRACT_PAGE}
            noun={['contract', 'contracten']}
            q={q}
            exportUrl={(f) => contractsApi.exportUrl(regionId, filter, f)}
            testId="contracts"
          />
          {list.data.rows.length > 0 && <ContractTable rows={list.data.rows} regionId={regionId} />}
          <ListPager total={list.data.total} offset={offset} page={CONTRACT_PAGE} onOffset={setOffset} label="Pagina's met contracten" testId="contracts" />
          {list.data.segment && list.data.segment.id === segmentId && (
            <SegmentChangesSection
              regionId={regionId}
              segment={list.data.segment}
              mayChange={list.data.mayChange}
              today={localToday()}
              onChanged={() => setVersion((v) => v + 1)}
            />
          )}
          {!segmentId && list.data.mayChange && (
            <Paragraph className="rk-fin-hint">Kies een taakgebied om een wijziging voor alle contracten in dat taakgebied aan te kondigen.</Paragraph>
          )}
        </>
      )}
      <ProviderList regionId={regionId} username={user.username} />
      <DialogueOverviewSection regionId={regionId} username={user.username} />
    </section>
  );
}

/** Contracts of the region (a provider: its own), filterable by task area, status and provider. */
export default function ContractsView({ landscape, user }: { landscape: Landscape; user: SessionUser | null; contractId?: number; providerId?: number }) {
  return (
    <ContractGuard user={user} regionId={landscape.region.id}>
      {(u) => <List landscape={landscape} user={u} />}
    </ContractGuard>
  );
}
