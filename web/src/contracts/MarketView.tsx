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
import { ApiError } from '../api';
import type { Landscape, SessionUser } from '../api-types';
import { EChart } from '../components/EChart';
import { ProblemAlert } from '../components/ProblemAlert';
import { Figures } from '../funding/controls';
import { formatEuroWhole, formatPercent } from '../funding/money';
import { AppLink, providerPath } from '../router';
import { useResource } from '../useResource';
import { ContractGuard, longDate, RefusalAlert, sourceText, TIER_LABEL } from './common';
import { contractsApi, type MarketView as Market, type SegmentMarket, type TierResult } from './contractsApi';
import { paretoOption } from './marketChart';
import './contracts.css';

function Selection({ regionId, market, seg, onRecorded }: { regionId: string; market: Market; seg: SegmentMarket; onRecorded: (r: TierResult) => void }) {
  const rule = seg.rule;
  const fromProfile = rule?.paretoAandeel !== undefined;
  const proposed = rule?.paretoAandeel ?? market.assumption?.paretoAandeel;
  const [share, setShare] = useState(proposed === undefined ? '' : String(Math.round(proposed * 100)));
  const [threshold, setThreshold] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!rule) return <Paragraph>Het regioprofiel heeft geen regel voor ontwikkelpartners in dit segment.</Paragraph>;
  const apply = async () => {
    // The form asks a percentage and euros; the API takes a fraction and cents: checked here, in the form's own terms.
    const wrong =
      rule.methode === 'pareto' && !fromProfile && !(Number(share) > 0 && Number(share) <= 100 && share.trim() !== '')
        ? { field: 'paretoAandeel', message: 'vul een percentage in van meer dan 0 tot en met 100' }
        : rule.methode === 'omzetdrempel' && rule.omzetdrempelCents === undefined && !(Number(threshold) >= 0.01)
          ? { field: 'omzetdrempelCents', message: 'vul een bedrag in euro in van ten minste € 0,01' }
          : null;
    if (wrong) {
      setError(new ApiError({ title: 'Ongeldige invoer', status: 400, detail: wrong.message, errors: [wrong] }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body =
        rule.methode === 'pareto'
          ? { segmentId: seg.segmentId, year: market.year, ...(fromProfile ? {} : { paretoAandeel: Number(share) / 100 }) }
          : {
              segmentId: seg.segmentId,
              year: market.year,
              ...(rule.omzetdrempelCents !== undefined ? {} : { omzetdrempelCents: Math.round(Number(threshold) * 100) }),
            };
      onRecorded(await contractsApi.tiers(regionId, body));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="rk-con-form" data-testid="partner-selection">
      <Heading level={3}>Ontwikkelpartners selecteren</Heading>
      <Paragraph>
        Regel van de regio ({sourceText(rule.source)}):{' '}
        {rule.methode === 'pareto'
          ? 'Pareto-analyse — de kleinste groep grootste aanbieders die samen het aandeel van de omzet halen.'
          : 'omzetdrempel — aanbieders met ten minste de drempel aan omzet.'}
      </Paragraph>
      {rule.methode === 'pareto' && !fromProfile && (
        <>
          {market.assumption && <Paragraph className="rk-fin-assumption">{market.assumption.text}</Paragraph>}
          <div className="rk-field rk-field--inline">
            <FormLabel htmlFor="pareto-share">Aandeel van de omzet (%)</FormLabel>
            <Textbox
              id="pareto-share"
              type="number"
              min={1}
              max={100}
              value={share}
              onChange={(e) => setShare(e.target.value)}
              className="rk-con-short"
              data-testid="pareto-share"
            />
          </div>
        </>
      )}
      {rule.methode === 'omzetdrempel' && rule.omzetdrempelCents === undefined && (
        <div className="rk-field rk-field--inline">
          <FormLabel htmlFor="threshold">Omzetdrempel (€, aanname)</FormLabel>
          <Textbox id="threshold" type="number" min={1} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
        </div>
      )}
      {market.mayChange ? (
        <Button appearance="primary-action-button" disabled={busy || !seg.hasData} onClick={() => void apply()} data-testid="apply-rule">
          Regel toepassen en vastleggen
        </Button>
      ) : (
        <Paragraph className="rk-fin-hint">Alleen de contractmanager legt ontwikkelpartners vast.</Paragraph>
      )}
      {error && <RefusalAlert error={error} />}
    </div>
  );
}

function SegmentDetail({ regionId, market, seg }: { regionId: string; market: Market; seg: SegmentMarket }) {
  const [result, setResult] = useState<TierResult | null>(null);
  const partners = useMemo(
    () => new Set(result ? result.partners : seg.tiers.filter((t) => t.tier === 'ontwikkelpartner').map((t) => t.providerId)),
    [result, seg],
  );
  const share = result?.parameter.paretoAandeel ?? seg.rule?.paretoAandeel ?? market.assumption?.paretoAandeel ?? 0;
  const option = useMemo(() => paretoOption(seg.concentration, { share, partners }), [seg, share, partners]);
  const tierOf = (id: number) => (result ? (partners.has(id) ? 'ontwikkelpartner' : 'regulier') : seg.tiers.find((t) => t.providerId === id)?.tier);
  if (!seg.hasData) {
    return (
      <Alert type="info" className="rk-alert" data-testid="market-no-data">
        <Paragraph>{seg.note}</Paragraph>
        {seg.reportedTop5 && (
          <Paragraph>
            De seed noemt voor dit segment een top-5-aandeel van {formatPercent(seg.reportedTop5.share)} ({sourceText(seg.reportedTop5.source)}).
          </Paragraph>
        )}
      </Alert>
    );
  }
  const c = seg.concentration;
  return (
    <>
      <Figures
        items={[
          { label: `Omzet ${market.year}`, value: formatEuroWhole(c.totalCents), note: `${c.providerCount} aanbieders met omzet` },
          {
            label: 'Top-5-aandeel',
            value: formatPercent(c.top5Share),
            note: seg.reportedTop5
              ? `Volgens het inkoopdocument: ${formatPercent(seg.reportedTop5.share)} (${sourceText(seg.reportedTop5.source)})`
              : 'Het inkoopdocument noemt geen top-5-aandeel',
          },
          {
            label: 'HHI',
            value: c.hhi.toLocaleString('nl-NL'),
            note: c.hhi > 2500 ? 'Sterk geconcentreerd (> 2.500)' : c.hhi > 1500 ? 'Matig geconcentreerd (1.500–2.500)' : 'Weinig geconcentreerd (< 1.500)',
          },
          {
            label: 'Ontwikkelpartners',
            value: String(partners.size),
            note:
              partners.size > 0
                ? `${formatPercent(c.providers.filter((p) => partners.has(p.providerId)).reduce((a, p) => a + p.share, 0))} van de omzet`
                : 'Nog niet vastgelegd',
          },
        ]}
      />
      <EChart option={option} label={`Pareto-diagram ${seg.segmentName} ${market.year}: aandeel en cumulatief aandeel per aanbieder`} height={380} />
      {result && (
        <Alert type="ok" className="rk-alert" data-testid="selection-rationale">
          <Paragraph>
            <strong>{result.partners.length} ontwikkelpartners vastgelegd</strong> ({result.recorded} aanbieders ingedeeld).
          </Paragraph>
          <Paragraph>{result.rationale}</Paragraph>
        </Alert>
      )}
      <Selection regionId={regionId} market={market} seg={seg} onRecorded={setResult} />
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table rk-fin-table rk-fin-table--compact" data-testid="market-table">
          <TableCaption>
            Omzet per aanbieder in {seg.segmentName}, {market.year}
          </TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">#</TableHeaderCell>
              <TableHeaderCell scope="col">Aanbieder</TableHeaderCell>
              <TableHeaderCell scope="col" className="rk-num">
                Omzet
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rk-num">
                Aandeel
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="rk-num">
                Cumulatief
              </TableHeaderCell>
              <TableHeaderCell scope="col">Positie</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {c.providers.map((p) => (
              <TableRow key={p.providerId}>
                <TableCell>{p.rank}</TableCell>
                <TableCell>
                  <AppLink href={providerPath(regionId, p.providerId)}>{p.name}</AppLink>
                </TableCell>
                <TableCell className="rk-num">{formatEuroWhole(p.cents)}</TableCell>
                <TableCell className="rk-num">{formatPercent(p.share)}</TableCell>
                <TableCell className="rk-num">{formatPercent(p.cumulativeShare)}</TableCell>
                <TableCell>{tierOf(p.providerId) ? TIER_LABEL[tierOf(p.providerId)!] : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </>
  );
}

function Page({ landscape, user }: { landscape: Landscape; user: SessionUser }) {
  const regionId = landscape.region.id;
  const [year, setYear] = useState<number | undefined>(undefined);
  const [segmentId, setSegmentId] = useState<string | undefined>(undefined);
  const res = useResource((signal) => contractsApi.market(regionId, year, signal), [regionId, year, user.username]);
  if (user.role === 'aanbieder' || user.role === 'toegang' || user.role === 'gemeente') {
    return (
      <Alert type="warning" className="rk-alert">
        <Paragraph>Het marktbeeld vergelijkt aanbieders en is er alleen voor de regionale rollen (contractmanager, controller, beleidsadviseur).</Paragraph>
      </Alert>
    );
  }
  if (res.state === 'loading') return <Paragraph aria-busy="true">Marktbeeld wordt geladen…</Paragraph>;
  if (res.state === 'error') return <ProblemAlert error={res.error} />;
  const market = res.data;
  const withData = market.segments.filter((s) => s.hasData);
  const current = market.segments.find((s) => s.segmentId === segmentId) ?? withData[0] ?? market.segments[0];
  return (
    <section className="rk-section rk-section--first" aria-labelledby="market-heading" data-testid="market-view">
      <Heading level={2} id="market-heading">
        Marktconcentratie per taakgebied
      </Heading>
      <Paragraph>
        Omzet = goedgekeurde declaratieregels en betaalde termijnen (lumpsum, beschikbaarheid) in {market.year}, stand {longDate(market.asOf)}.
        {withData.length === 0 && ' Voor deze regio zijn nog geen bekostigingsgegevens (declaraties en bevoorschotting) vastgelegd.'}
      </Paragraph>
      <div className="rk-fin-controls">
        <div className="rk-field">
          <FormLabel htmlFor="market-segment">Taakgebied</FormLabel>
          <Select id="market-segment" value={current?.segmentId ?? ''} onChange={(e) => setSegmentId(e.target.value)} data-testid="market-segment">
            {market.segments.map((s) => (
              <SelectOption key={s.segmentId} value={s.segmentId}>
                {s.segmentName}
                {s.hasData ? '' : ' (geen gegevens)'}
              </SelectOption>
            ))}
          </Select>
        </div>
        <div className="rk-field">
          <FormLabel htmlFor="market-year">Jaar</FormLabel>
          <Select id="market-year" value={String(market.year)} onChange={(e) => setYear(Number(e.target.value))}>
            {(market.years.length > 0 ? market.years : [market.year]).map((y) => (
              <SelectOption key={y} value={String(y)}>
                {y}
              </SelectOption>
            ))}
          </Select>
        </div>
      </div>
      <Paragraph>
        <a href={`/api/v1/regions/${encodeURIComponent(regionId)}/market.xlsx?year=${market.year}`} download data-testid="market-xlsx">
          Marktbeeld {market.year} downloaden (Excel)
        </a>
      </Paragraph>
      {current && <SegmentDetail key={`${current.segmentId}-${market.year}`} regionId={regionId} market={market} seg={current} />}
    </section>
  );
}

/** Market view: turnover concentration per segment (Pareto chart, top-5 share, HHI) and development partner selection. */
export default function MarketView({ landscape, user }: { landscape: Landscape; user: SessionUser | null; contractId?: number; providerId?: number }) {
  return (
    <ContractGuard user={user} regionId={landscape.region.id}>
      {(u) => <Page landscape={landscape} user={u} />}
    </ContractGuard>
  );
}
