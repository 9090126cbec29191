import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useMemo } from 'react';
import type { Landscape, SessionUser } from '../api-types';
import { EChart } from '../components/EChart';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDay, formatEuroAxis, formatEuroWhole } from '../funding/money';
import { AppLink, contractPath, contractsPath, procedurePath } from '../router';
import { useResource } from '../useResource';
import { Badge, ContractGuard, longDate, STATE_LABEL, TIER_LABEL, termText } from './common';
import { contractsApi, type ProviderPage } from './contractsApi';
import { DialogueOverview } from './DialogueOverview';
import './contracts.css';

const PALETTE = ['#1c4181', '#b35c00', '#2e7d32', '#6a1b9a', '#00695c', '#8d6e00', '#ad1457'];

function turnoverOption(p: ProviderPage) {
  const years = [...new Set(p.turnover.map((t) => t.year))].sort();
  const segments = [...new Set(p.turnover.map((t) => t.segmentName))];
  return {
    textStyle: { fontFamily: '"Noto Sans Variable", Arial, sans-serif', color: '#1a1a1a' },
    legend: { bottom: 0, left: 0 },
    grid: { left: 16, right: 16, top: 16, bottom: 48, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatEuroWhole(v) },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatEuroAxis(v) } },
    series: segments.map((s, i) => ({
      name: s,
      type: 'bar',
      stack: 'omzet',
      color: PALETTE[i % PALETTE.length],
      barMaxWidth: 40,
      data: years.map((y) => p.turnover.filter((t) => t.year === y && t.segmentName === s).reduce((a, t) => a + t.cents, 0)),
    })),
  };
}

function Detail({ p, regionId, username }: { p: ProviderPage; regionId: string; username: string }) {
  const option = useMemo(() => turnoverOption(p), [p]);
  return (
    <>
      <Heading level={2} data-testid="provider-heading">
        {p.name}
      </Heading>
      <Paragraph>
        AGB {p.agbCode} · {p.kind}
        {p.tiers.map((t) => (
          <span key={t.segmentId}>
            {' '}
            · <Badge tone={t.tier === 'ontwikkelpartner' ? 'ok' : 'neutral'}>{TIER_LABEL[t.tier] ?? t.tier}</Badge> in {t.segmentName}
          </span>
        ))}
      </Paragraph>

      <section className="rk-section" aria-labelledby="provider-contracts">
        <Heading level={3} id="provider-contracts">
          Contracten
        </Heading>
        {p.contracts.length === 0 ? (
          <Paragraph>Geen contracten in deze regio.</Paragraph>
        ) : (
          <ul className="rk-con-list">
            {p.contracts.map((c) => (
              <li key={c.id}>
                <AppLink href={contractPath(regionId, c.id)}>Contract {c.id}</AppLink> — {c.segmentName}
                {c.lotId && `, perceel ${c.lotId}`}, {formatDay(c.startDate)} t/m {formatDay(c.endDate)} ({termText(c.term)}){' '}
                <Badge tone={c.state === 'lopend' ? 'ok' : c.state === 'afgelopen' ? 'rejected' : 'neutral'}>{STATE_LABEL[c.state] ?? c.state}</Badge>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="rk-section" aria-labelledby="provider-turnover">
        <Heading level={3} id="provider-turnover">
          Omzet per taakgebied en jaar
        </Heading>
        {!p.hasFundingData ? (
          <Paragraph>Geen bekostigingsgegevens: er zijn voor deze aanbieder geen goedgekeurde declaratieregels of betaalde termijnen.</Paragraph>
        ) : (
          <>
            <EChart option={option} label={`Omzet van ${p.name} per jaar, gestapeld per taakgebied`} height={260} />
            <Table className="rk-table rk-fin-table rk-fin-table--compact">
              <TableCaption className="rk-visually-hidden">Omzet per taakgebied en jaar</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Taakgebied</TableHeaderCell>
                  <TableHeaderCell scope="col">Jaar</TableHeaderCell>
                  <TableHeaderCell scope="col" className="rk-num">
                    Omzet
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {p.turnover.map((t) => (
                  <TableRow key={`${t.segmentId}-${t.year}`}>
                    <TableCell>{t.segmentName}</TableCell>
                    <TableCell>{t.year}</TableCell>
                    <TableCell className="rk-num">{formatEuroWhole(t.cents)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </section>

      {p.tiers.length > 0 && (
        <section className="rk-section" aria-labelledby="provider-tiers">
          <Heading level={3} id="provider-tiers">
            Positie: ontwikkelpartner of regulier
          </Heading>
          {p.tiers.map((t) => (
            <Paragraph key={t.segmentId} data-testid="provider-tier">
              <strong>
                {TIER_LABEL[t.tier] ?? t.tier} in {t.segmentName}
              </strong>{' '}
              (vastgelegd {longDate(t.decidedOn)}, methode {t.method}). {t.rationale}
            </Paragraph>
          ))}
        </section>
      )}

      <section className="rk-section" aria-labelledby="provider-dialogues">
        <Heading level={3} id="provider-dialogues">
          Dialogen en acties
        </Heading>
        <DialogueOverview regionId={regionId} username={username} providerId={p.id} />
      </section>

      <section className="rk-section" aria-labelledby="provider-applications">
        <Heading level={3} id="provider-applications">
          Aanmeldingen en inschrijvingen
        </Heading>
        {p.applications.length === 0 ? (
          <Paragraph>Geen aanmeldingen in procedures.</Paragraph>
        ) : (
          <ul className="rk-con-list">
            {p.applications.map((a) => (
              <li key={a.id}>
                <AppLink href={procedurePath(regionId, a.procedureId)}>{a.procedureName}</AppLink> — {a.status}, ingediend {formatDay(a.submittedOn)}
                {a.decidedOn && `, besluit ${formatDay(a.decidedOn)}`}
                {a.lotIds.length > 0 && ` (percelen ${a.lotIds.join(', ')})`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Page({ regionId, providerId, user }: { regionId: string; providerId: number; user: SessionUser }) {
  const res = useResource((signal) => contractsApi.provider(regionId, providerId, signal), [regionId, providerId, user.username]);
  return (
    <div data-testid="provider-page">
      <Paragraph className="rk-fin-back">
        <AppLink href={contractsPath(regionId)}>← Alle contracten</AppLink>
      </Paragraph>
      {res.state === 'loading' && <Paragraph aria-busy="true">Aanbieder wordt geladen…</Paragraph>}
      {res.state === 'error' && <ProblemAlert error={res.error} />}
      {res.state === 'ready' && <Detail p={res.data} regionId={regionId} username={user.username} />}
    </div>
  );
}

/** Provider page: contracts, turnover per segment and year, tier and applications (a provider sees only its own). */
export default function ProviderView({
  landscape,
  user,
  providerId,
}: {
  landscape: Landscape;
  user: SessionUser | null;
  contractId?: number;
  providerId?: number;
}) {
  if (providerId === undefined) return null;
  return (
    <ContractGuard user={user} regionId={landscape.region.id}>
      {(u) => <Page regionId={landscape.region.id} providerId={providerId} user={u} />}
    </ContractGuard>
  );
}
