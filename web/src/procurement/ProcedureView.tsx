import { Alert, Heading, Link, Paragraph } from '@utrecht/component-library-react';
import type { Landscape, SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { SourceRef } from '../components/SourceRef';
import { AppLink, contractPath, procurementPath, providerPath } from '../router';
import { ApplicationsPanel } from './ApplicationsPanel';
import { AwardPanel, BidderNoticePanel, RankingTable } from './AwardPanel';
import { ProcedureActions } from './ProcedureActions';
import { ACTION_LABELS, dateNl, percent, procurementApi, SOORT_LABELS, type ProcedureDetail, type Refusal } from './procurementApi';
import { RefusalList } from './RefusalList';
import { useProcedure } from './useProcedure';

function Phases({ d }: { d: ProcedureDetail }) {
  return (
    <ol className="rk-proc-phases" aria-label="Fasen van de procedure" data-testid="procedure-phases">
      {d.phases.map((p) => (
        <li
          key={p.status}
          className={`rk-proc-phases__item${p.reached ? ' is-reached' : ''}${p.current ? ' is-current' : ''}`}
          aria-current={p.current ? 'step' : undefined}
        >
          {p.label}
        </li>
      ))}
    </ol>
  );
}

function SetUp({ d }: { d: ProcedureDetail }) {
  const c = d.config;
  return (
    <section className="rk-proc-section" aria-labelledby="proc-setup">
      <Heading level={2} id="proc-setup">
        Inrichting
      </Heading>
      <dl className="rk-proc-facts rk-proc-facts--wide">
        <div>
          <dt>Soort</dt>
          <dd>{SOORT_LABELS[d.soort] ?? d.soort}</dd>
        </div>
        <div>
          <dt>Contract</dt>
          <dd>
            {c.contractType}
            {c.looptijd ? `, ${dateNl(c.looptijd.startDate)} t/m ${dateNl(c.looptijd.endDate)}` : ', looptijd nog open'}
            {c.looptijd && c.looptijd.extensionYears.length > 0 && `, verlengingsopties ${c.looptijd.extensionYears.map((y) => `${y} jaar`).join(' + ')}`}{' '}
            <SourceRef source={c.looptijd?.source} />
          </dd>
        </div>
        {d.lots.length > 0 && (
          <div>
            <dt>Percelen</dt>
            <dd>{d.lots.map((l) => `${l.id}: ${l.name}`).join('; ')}</dd>
          </div>
        )}
        {c.emvi && (
          <div>
            <dt>EMVI-criteria</dt>
            <dd>{c.emvi.criteria.map((x) => `${x.naam} ${x.gewicht}%`).join(' · ')}</dd>
          </div>
        )}
        {c.geschiktheidseisen.length > 0 && (
          <div>
            <dt>Geschiktheidseisen</dt>
            <dd>
              <ul className="rk-proc-list">
                {c.geschiktheidseisen.map((e) => (
                  <li key={e.id}>
                    {e.omschrijving} <SourceRef source={e.source} />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {c.plan && (
          <div>
            <dt>Plan</dt>
            <dd>
              Minimumscore {c.plan.minimumScore ?? 'nog niet vastgesteld'} op een schaal tot {c.plan.schaalMax} <SourceRef source={c.plan.source} />
            </dd>
          </div>
        )}
        {c.voorwaarden.length > 0 && (
          <div>
            <dt>Contractvoorwaarden</dt>
            <dd>
              {c.voorwaarden.map((v) => (
                <span key={v.id}>
                  {v.omschrijving} <SourceRef source={v.source} />
                </span>
              ))}
            </dd>
          </div>
        )}
        {d.soort !== 'sas-dialoog' && d.soort !== 'subsidie' && (
          <div>
            <dt>Tussentijdse toetreding</dt>
            <dd>{d.entryOpen ? 'Open' : 'Gesloten'}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function Awards({ d }: { d: ProcedureDetail }) {
  if (d.awards.length === 0) return null;
  return (
    <section className="rk-proc-section" aria-labelledby="proc-awards" data-testid="awards">
      <Heading level={2} id="proc-awards">
        Gunning
      </Heading>
      <ul className="rk-proc-list">
        {d.awards.map((a) => (
          <li key={`${a.lotId}-${a.applicationId}`}>
            <strong>{a.lotId ? `Perceel ${a.lotId}` : 'Taakgebied'}</strong>: <AppLink href={providerPath(d.regionId, a.providerId)}>{a.providerName}</AppLink>
            {a.emviScore !== null && ` (EMVI ${percent(a.emviScore)})`}, gegund op {dateNl(a.awardedOn)}
            {a.contractId !== null && (
              <>
                {' — '}
                <AppLink href={contractPath(d.regionId, a.contractId)}>contract {a.contractId}</AppLink>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Timeline({ d }: { d: ProcedureDetail }) {
  return (
    <section className="rk-proc-section" aria-labelledby="proc-timeline" data-testid="timeline">
      <Heading level={2} id="proc-timeline">
        Tijdlijn
      </Heading>
      <ol className="rk-proc-timeline">
        {[...d.events].reverse().map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>
              {new Date(e.at).toLocaleString('nl-NL', {
                day: '2-digit',
                month: '2-digit',
                year: 'numeric',
                hour: '2-digit',
                minute: '2-digit',
                timeZone: 'Europe/Amsterdam',
              })}
            </time>{' '}
            <strong>{ACTION_LABELS[e.action] ?? e.action}</strong> door {e.byUser}
            {e.reason && <span className="rk-proc-sub"> — {e.reason}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One procedure: phases, set-up, next step, applications with checks and scores, ranking, the award screen, timeline and exports. */
export default function ProcedureView({
  landscape,
  user,
  procedureId,
}: {
  landscape: Landscape;
  user: SessionUser | null;
  procedureId?: number;
  contractId?: number;
  providerId?: number;
}) {
  const regionId = landscape.region.id;
  const { loaded, d, error, run } = useProcedure(regionId, procedureId!, user?.username);
  if (!user) {
    return (
      <Alert type="info" className="rk-alert">
        <Paragraph>Log in om de procedure te zien.</Paragraph>
      </Alert>
    );
  }
  if (loaded.state === 'error') return <ProblemAlert error={loaded.error} />;
  if (!d) return <Paragraph aria-busy="true">Procedure wordt geladen…</Paragraph>;
  const violations = (error?.problem as { violations?: Refusal[] } | undefined)?.violations;
  const awardOpen = d.mayChange && ((d.soort === 'sas-dialoog' && d.status === 'gunning') || (d.soort === 'subsidie' && d.status === 'beoordeling'));
  return (
    <div className="rk-proc-detail" data-testid="procedure-detail">
      <Paragraph>
        <AppLink href={procurementPath(regionId)}>← Alle procedures</AppLink>
      </Paragraph>
      <Heading level={2} className="rk-proc-title">
        {d.name}
      </Heading>
      <Paragraph className="rk-proc-sub">
        {d.segmentName} · {SOORT_LABELS[d.soort] ?? d.soort} · fase <strong data-testid="procedure-status">{d.statusLabel}</strong>
        {d.awardedOn && ` · gegund op ${dateNl(d.awardedOn)}`}
      </Paragraph>
      <Phases d={d} />
      {error && (
        <div data-testid="command-error">
          <ProblemAlert error={error} />
          <RefusalList violations={violations} />
        </div>
      )}
      <ProcedureActions key={d.version} d={d} run={run} />
      {awardOpen && <AwardPanel d={d} run={run} />}
      <BidderNoticePanel d={d} />
      <RankingTable d={d} />
      <Awards d={d} />
      <ApplicationsPanel d={d} landscape={landscape} user={user} run={run} />
      <SetUp d={d} />
      {d.mayChange || user.role !== 'aanbieder' ? (
        <Paragraph className="rk-proc-exports" data-testid="exports">
          Uitkomst exporteren: <Link href={procurementApi.exportUrl(regionId, d.id, 'xlsx')}>Excel (XLSX)</Link> ·{' '}
          <Link href={procurementApi.exportUrl(regionId, d.id, 'pdf')}>PDF</Link>
        </Paragraph>
      ) : null}
      <Timeline d={d} />
    </div>
  );
}
