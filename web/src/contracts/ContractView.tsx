import { PrintButton } from '../components/PrintButton';
import { Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useRef, useState } from 'react';
import type { Landscape, SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { Figures } from '../funding/controls';
import { formatDay, formatEuro, formatEuroWhole } from '../funding/money';
import { AppLink, contractsPath, procedurePath, providerPath } from '../router';
import { useResource } from '../useResource';
import { AnnounceChange, ChangesTable, ExtensionButton, Members } from './ChangeForms';
import { Badge, CEILING_LABEL, ceilingSpend, ceilingTone, ContractGuard, localToday, longDate, SourceLine, STATE_LABEL, termText } from './common';
import { contractsApi, type ContractDetail, type TimelineEvent } from './contractsApi';
import { DialoguePanel } from './DialoguePanel';
import './contracts.css';

const KIND_LABEL: Record<TimelineEvent['kind'], string> = {
  procedure: 'Procedure',
  gunning: 'Gunning',
  start: 'Start',
  wijziging: 'Wijziging',
  verlenging: 'Verlenging',
  dialoog: 'Dialoog',
  einde: 'Einde',
};

export { localToday };

const capitalize = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function Timeline({ events, regionId, today }: { events: TimelineEvent[]; regionId: string; today: string }) {
  return (
    <ol className="rk-con-timeline" data-testid="contract-timeline">
      {events.map((e, i) => (
        <li key={i} className={`rk-con-timeline__item rk-con-timeline__item--${e.kind}${e.date > today ? ' rk-con-timeline__item--future' : ''}`}>
          <span className="rk-con-timeline__date">{formatDay(e.date)}</span>
          <span className="rk-con-timeline__kind">{KIND_LABEL[e.kind]}</span>
          <span className="rk-con-timeline__title">
            {e.ref?.type === 'procedure' ? <AppLink href={procedurePath(regionId, e.ref.id)}>{e.title}</AppLink> : e.title}
            {e.detail && <span className="rk-fin-sub">{e.detail}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Detail({ c, regionId, today, version, reload }: { c: ContractDetail; regionId: string; today: string; version: number; reload: () => void }) {
  return (
    <>
      <div className="rk-fin-detail-head">
        <Heading level={2} data-testid="contract-heading">
          {c.providerName} · {c.segmentName}
          {c.lotId ? ` · perceel ${c.lotId}` : ''} <span className="rk-fin-sub">(contract {c.id})</span>
        </Heading>
        <Paragraph>
          <AppLink href={providerPath(regionId, c.providerId)}>Aanbiederpagina</AppLink> · {c.segmentName}
          {c.lotId && ` · perceel ${c.lotId}`}
          {c.contractType && ` · ${c.contractType}`} ·{' '}
          <Badge tone={c.state === 'lopend' ? 'ok' : c.state === 'afgelopen' ? 'rejected' : 'neutral'}>{STATE_LABEL[c.state]}</Badge>
        </Paragraph>
        <PrintButton what="Contract" />
        {c.procedure && (
          <Paragraph>
            Voortgekomen uit <AppLink href={procedurePath(regionId, c.procedure.id)}>{c.procedure.name}</AppLink>
            {c.award && `, gegund op ${longDate(c.award.awardedOn)}`}.
          </Paragraph>
        )}
      </div>
      <Figures
        items={[
          { label: 'Looptijd', value: termText(c.term.label), note: `${formatDay(c.startDate)} t/m ${formatDay(c.endDate)}` },
          {
            label: 'Oorspronkelijk einde',
            value: formatDay(c.term.originalEndDate),
            note: c.term.extensionsUsed > 0 ? `${c.term.extensionsUsed} verlenging(en) gelicht` : 'Nog niet verlengd',
          },
          {
            label: 'Uiterlijk einde',
            value: formatDay(c.term.maximumEndDate),
            note:
              c.term.remainingOptions.length === 0
                ? 'geen verlengingsopties meer'
                : c.term.remainingOptions.length === 1
                  ? 'nog 1 verlengingsoptie'
                  : `nog ${c.term.remainingOptions.length} verlengingsopties`,
          },
          ...c.ceilings.map((x) => {
            const tone = ceilingTone(x);
            return {
              label: `Plafond ${x.year} (${CEILING_LABEL[x.level]})`,
              value: formatEuroWhole(x.ceilingCents),
              note: `${capitalize(ceilingSpend(x))}${x.forecastCents !== null ? `; prognose jaareinde ${formatEuroWhole(x.forecastCents)}` : ''}`,
              ...(tone ? { tone } : {}),
            };
          }),
        ]}
      />
      {c.ceilings.length > 0 && (
        <ul className="rk-con-ceiling-notes" data-testid="contract-ceilings">
          {c.ceilings.map((x) => (
            <li key={x.level}>
              {x.level === 'aanbieder' &&
                'Het plafond per aanbieder geldt voor alle zorg van de aanbieder in de regio; de besteding is die van de aanbieder in dat jaar.'}
              {x.level === 'segment' && `Het plafond geldt voor het hele taakgebied ${c.segmentName}; de besteding is die van alle aanbieders samen.`}
              {x.level === 'contract' && 'Plafond zoals vastgelegd in het contract; er is geen plafond voor dit jaar in de bekostigingsgegevens.'}
              {x.source && (
                <>
                  {' '}
                  <SourceLine source={x.source} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      <section className="rk-section" aria-labelledby="timeline-heading">
        <Heading level={2} id="timeline-heading">
          Tijdlijn
        </Heading>
        <Timeline events={c.timeline} regionId={regionId} today={today} />
      </section>

      <section className="rk-section" aria-labelledby="changes-heading">
        <Heading level={2} id="changes-heading">
          Wijzigingen en verlenging
        </Heading>
        <ChangesTable regionId={regionId} contract={c} onChanged={reload} />
        {c.mayChange && (
          <div className="rk-con-columns">
            <AnnounceChange regionId={regionId} contract={c} today={today} onChanged={reload} />
            <ExtensionButton regionId={regionId} contract={c} onChanged={reload} />
          </div>
        )}
      </section>

      <section className="rk-section" aria-labelledby="dialogues-heading">
        <Heading level={2} id="dialogues-heading">
          Sturings- en verantwoordingsdialogen
        </Heading>
        <DialoguePanel regionId={regionId} contract={c} today={today} version={version} onChanged={reload} />
      </section>

      <section className="rk-section" aria-labelledby="terms-heading">
        <Heading level={2} id="terms-heading">
          Voorwaarden, producten en tarieven
        </Heading>
        {c.conditions.length > 0 ? (
          <ul>
            {c.conditions.map((v) => (
              <li key={v.id}>
                {v.omschrijving} {v.bron && <SourceLine source={v.bron} />}
              </li>
            ))}
          </ul>
        ) : (
          <Paragraph>Geen bijzondere contractvoorwaarden vastgelegd.</Paragraph>
        )}
        {c.products.length > 0 && (
          <ul className="rk-con-products">
            {c.products.map((p, i) => (
              <li key={i}>
                {p.naam}{' '}
                <span className="rk-fin-sub">
                  categorie {p.categorie}
                  {p.bekostiging ? `, ${p.bekostiging}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
        {c.tariffs.length > 0 ? (
          <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
            <Table className="rk-table rk-fin-table rk-fin-table--compact" data-testid="tariffs-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Productcategorie</TableHeaderCell>
                  <TableHeaderCell scope="col">Productcode</TableHeaderCell>
                  <TableHeaderCell scope="col">Eenheid</TableHeaderCell>
                  <TableHeaderCell scope="col">Geldig vanaf</TableHeaderCell>
                  <TableHeaderCell scope="col" className="rk-num">
                    Tarief
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {c.tariffs.map((t, i) => (
                  <TableRow key={i}>
                    <TableCell>{t.productCategorie}</TableCell>
                    <TableCell>{t.productCode ?? '—'}</TableCell>
                    <TableCell>{t.eenheid}</TableCell>
                    <TableCell>{formatDay(t.validFrom)}</TableCell>
                    <TableCell className="rk-num">{formatEuro(t.priceCents)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : (
          <Paragraph>Geen tarieven vastgelegd (taakgericht contract of nog geen bekostigingsgegevens).</Paragraph>
        )}
      </section>

      <section className="rk-section" aria-labelledby="members-heading">
        <Heading level={2} id="members-heading">
          Samenwerkingsverband en onderaannemers
        </Heading>
        <Members regionId={regionId} contract={c} onChanged={reload} />
      </section>
    </>
  );
}

function Page({ regionId, contractId, user }: { regionId: string; contractId: number; user: SessionUser }) {
  const [version, setVersion] = useState(0);
  const today = localToday();
  const res = useResource((signal) => contractsApi.get(regionId, contractId, signal), [regionId, contractId, version, user.username]);
  // After a change the contract is reloaded; the page (and the forms' messages) stays while it loads.
  const last = useRef<ContractDetail | null>(null);
  if (res.state === 'ready') last.current = res.data;
  const shown = res.state === 'ready' ? res.data : res.state === 'loading' ? last.current : null;
  return (
    <div data-testid="contract-page">
      <Paragraph className="rk-fin-back">
        <AppLink href={contractsPath(regionId)}>← Alle contracten</AppLink>
      </Paragraph>
      {res.state === 'loading' && !shown && <Paragraph aria-busy="true">Contract wordt geladen…</Paragraph>}
      {res.state === 'error' && <ProblemAlert error={res.error} />}
      {shown && <Detail c={shown} regionId={regionId} today={today} version={version} reload={() => setVersion((v) => v + 1)} />}
    </div>
  );
}

/** One contract: term, timeline (procedure, award, changes, dialogues), changes and extension, dialogues, conditions, tariffs, members. */
export default function ContractView({
  landscape,
  user,
  contractId,
}: {
  landscape: Landscape;
  user: SessionUser | null;
  contractId?: number;
  providerId?: number;
}) {
  if (contractId === undefined) return null;
  return (
    <ContractGuard user={user} regionId={landscape.region.id}>
      {(u) => <Page regionId={landscape.region.id} contractId={contractId} user={u} />}
    </ContractGuard>
  );
}
