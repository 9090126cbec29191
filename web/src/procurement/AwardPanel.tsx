import {
  Alert,
  Button,
  Checkbox,
  FormField,
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
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import { ApiError } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useEffect, useMemo, useState } from 'react';
import { SourceRef } from '../components/SourceRef';
import { dateNl, percent, procurementApi, type ProcedureDetail, type ProposedAward, type Refusal } from './procurementApi';
import { RefusalList } from './RefusalList';
import type { Run } from './useProcedure';

const NO_LOT = '-';

/** EMVI ranking per perceel (regional roles only). */
export function RankingTable({ d }: { d: ProcedureDetail }) {
  if (!d.ranking) return null;
  const names = new Map(d.applications.map((a) => [a.id, a.providerName]));
  const entries = Object.entries(d.ranking).filter(([, list]) => list.length > 0);
  if (entries.length === 0) return null;
  return (
    <section className="rk-proc-section" aria-labelledby="proc-ranking" data-testid="ranking">
      <Heading level={2} id="proc-ranking">
        Rangschikking (EMVI) per perceel
      </Heading>
      <Paragraph className="rk-proc-sub">
        {d.config.emvi!.criteria.map((c) => `${c.naam} ${c.gewicht}%`).join(' · ')}. Kwaliteit op schaal 0–{d.config.emvi!.schaalMax}; prijs ten opzichte van de
        laagste prijs in het perceel. Bij gelijke stand: hogere kwaliteit, dan lagere prijs, dan eerdere indiening.
      </Paragraph>
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table">
          <TableCaption className="rk-visually-hidden">Rangschikking per perceel</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Perceel</TableHeaderCell>
              <TableHeaderCell scope="col">Rang</TableHeaderCell>
              <TableHeaderCell scope="col">Inschrijver</TableHeaderCell>
              <TableHeaderCell scope="col">Totaal</TableHeaderCell>
              <TableHeaderCell scope="col">Kwaliteit</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.flatMap(([lot, list]) =>
              list.map((r) => (
                <TableRow key={`${lot}-${r.applicationId}`}>
                  <TableCell>{lot}</TableCell>
                  <TableCell>{r.rank}</TableCell>
                  <TableCell>{names.get(r.applicationId)}</TableCell>
                  <TableCell>{percent(r.total)}</TableCell>
                  <TableCell>{percent(r.quality)}</TableCell>
                </TableRow>
              )),
            )}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

type Violations = { title: string; violations: Refusal[]; detail?: string } | null;

/** Runs a command of the award panel; its refusal is shown in the panel itself (not at the top of the page). */
function useAwardRun(run: Run, setRefusal: (r: Violations) => void) {
  return (command: () => Promise<ProcedureDetail>) =>
    run(async () => {
      setRefusal(null);
      try {
        return await command();
      } catch (e) {
        if (e instanceof ApiError) {
          const v = (e.problem as { violations?: Refusal[] }).violations ?? [];
          setRefusal({ title: e.problem.title, violations: v, detail: v.length === 0 ? e.problem.detail : undefined });
          e.handled = true;
        }
        throw e;
      }
    });
}

function PanelRefusal({ refusal, what }: { refusal: Violations; what: string }) {
  if (!refusal) return null;
  return (
    <Alert type="error" role="alert" className="rk-alert" data-testid="award-refusal">
      <Paragraph>
        <strong>{refusal.title}</strong>: {what} is niet vastgelegd.{refusal.detail ? ` ${refusal.detail}` : ''}
      </Paragraph>
      <RefusalList violations={refusal.violations} testId="award-refusal-list" />
    </Alert>
  );
}

const lotLabel = (d: ProcedureDetail, lotId: string | null) =>
  lotId === null ? 'Hele taakgebied' : `${lotId}: ${d.lots.find((l) => l.id === lotId)?.name ?? lotId}`;

/**
 * The award screen. Step 1, voornemen tot gunning: a party per perceel (rank 1 preselected), the lot
 * constraints checked live by the API, a written reason for each perceel not going to rank 1, and
 * a confirmation. Step 2, the standstill: suspend on an objection, resume, withdraw the intention,
 * and after the standstill the definitive award (with a confirmation).
 */
export function AwardPanel({ d, run }: { d: ProcedureDetail; run: Run }) {
  return d.intention ? <StandstillPanel d={d} run={run} /> : <IntentionForm d={d} run={run} />;
}

function IntentionForm({ d, run }: { d: ProcedureDetail; run: Run }) {
  const eligible = d.applications.filter((a) => (d.soort === 'subsidie' ? a.status === 'ingediend' : a.status === 'ingeschreven'));
  const lots = d.lots.length > 0 ? d.lots.map((l) => ({ id: l.id, name: l.name })) : [{ id: NO_LOT, name: 'Hele taakgebied' }];
  // Rank 1 of each perceel is the starting choice; when the ranking changes (new scores), the choice starts over.
  const rankingKey = JSON.stringify(Object.fromEntries(Object.entries(d.ranking ?? {}).map(([k, v]) => [k, v.map((r) => r.applicationId)])));
  const initial = useMemo(() => {
    const pick: Record<string, number | ''> = {};
    for (const l of lots) pick[l.id] = d.ranking?.[l.id]?.[0]?.applicationId ?? '';
    return pick;
  }, [d.id, rankingKey]);
  const [pick, setPick] = useState<Record<string, number | ''>>(initial);
  useEffect(() => setPick(initial), [initial]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [grants, setGrants] = useState<number[]>([]);
  const [violations, setViolations] = useState<Refusal[] | null>(null);
  const [refusal, setRefusal] = useState<Violations>(null);
  const [confirming, setConfirming] = useState(false);
  const [tried, setTried] = useState(false);
  const awardRun = useAwardRun(run, setRefusal);
  const proposed: ProposedAward[] =
    d.soort === 'subsidie'
      ? grants.map((applicationId) => ({ applicationId, lotId: null }))
      : lots
          .filter((l) => pick[l.id] !== '' && pick[l.id] !== undefined)
          .map((l) => ({ applicationId: pick[l.id] as number, lotId: l.id === NO_LOT ? null : l.id }));
  const key = JSON.stringify(proposed);
  useEffect(() => {
    const c = new AbortController();
    procurementApi.awardCheck(d.regionId, d.id, proposed, c.signal).then(
      (r) => setViolations(r.violations),
      () => undefined,
    );
    return () => c.abort();
  }, [key, d.version]);
  const violated = new Set((violations ?? []).map((v) => v.ruleId));
  const ruleState = (ruleId: string) => (ruleId === 'aantalPartners' ? [...violated].some((x) => x.startsWith('aantal-partners')) : violated.has(ruleId));
  const rankOf = (lotId: string, appId: number) => d.ranking?.[lotId]?.find((r) => r.applicationId === appId);
  const offRank = (lotId: string) => {
    const first = d.ranking?.[lotId]?.[0];
    const chosen = pick[lotId];
    return !!first && chosen !== '' && chosen !== undefined && chosen !== first.applicationId;
  };
  const reasonError = (lotId: string) =>
    tried && offRank(lotId) && (reasons[lotId] ?? '').trim().length < 10
      ? 'Geef een schriftelijke motivering (minstens 10 tekens): de gekozen partij is niet de nummer 1 van de rangorde.'
      : null;
  const missingReason = lots.find((l) => offRank(l.id) && (reasons[l.id] ?? '').trim().length < 10);
  const nameOf = (id: number) => d.applications.find((a) => a.id === id)?.providerName ?? `aanmelding ${id}`;
  const announce = () =>
    awardRun(() =>
      procurementApi.intention(
        d.regionId,
        d.id,
        d.version,
        proposed,
        lots.filter((l) => offRank(l.id)).map((l) => ({ lotId: l.id === NO_LOT ? null : l.id, reason: (reasons[l.id] ?? '').trim() })),
      ),
    );
  return (
    <section className="rk-proc-panel rk-proc-award" aria-labelledby="proc-award" data-testid="award-panel">
      <Heading level={2} id="proc-award">
        {d.soort === 'subsidie' ? 'Voornemen tot subsidieverlening' : 'Voornemen tot gunning per perceel'}
      </Heading>
      <Paragraph className="rk-proc-sub">
        {d.soort === 'subsidie'
          ? 'Kies de aanvragers aan wie u subsidie wilt verlenen.'
          : 'Alleen partijen uit de dialoogfase die hebben ingeschreven op het perceel komen in aanmerking.'}{' '}
        Na het voornemen loopt eerst de opschortende termijn; daarna volgt de definitieve gunning.
      </Paragraph>
      {d.soort === 'subsidie' ? (
        <fieldset className="rk-proc-lots">
          <legend>Aanvragers</legend>
          {eligible.map((a) => (
            <label key={a.id} className="rk-proc-lot">
              <Checkbox checked={grants.includes(a.id)} onChange={(e) => setGrants(e.target.checked ? [...grants, a.id] : grants.filter((x) => x !== a.id))} />{' '}
              {a.providerName}
            </label>
          ))}
        </fieldset>
      ) : (
        <div className="rk-proc-award-lots">
          {lots.map((l) => {
            const options = eligible.filter((a) => l.id === NO_LOT || a.lotIds.includes(l.id));
            const err = reasonError(l.id);
            return (
              <div key={l.id} className="rk-proc-form">
                <FormField>
                  <FormLabel htmlFor={`award-${l.id}`}>{l.id === NO_LOT ? l.name : `${l.id}: ${l.name}`}</FormLabel>
                  <Select
                    id={`award-${l.id}`}
                    data-testid={`award-select-${l.id}`}
                    value={String(pick[l.id] ?? '')}
                    onChange={(e) => setPick({ ...pick, [l.id]: e.target.value === '' ? '' : Number(e.target.value) })}
                  >
                    <SelectOption value="">— geen partij —</SelectOption>
                    {d.applications
                      .filter((a) => options.includes(a) || a.id === pick[l.id])
                      .map((a) => {
                        const r = rankOf(l.id, a.id);
                        return (
                          <SelectOption key={a.id} value={String(a.id)}>
                            {a.providerName}
                            {r ? ` (rang ${r.rank}, ${percent(r.total)})` : ''}
                          </SelectOption>
                        );
                      })}
                  </Select>
                </FormField>
                {offRank(l.id) && (
                  <FormField className="rk-proc-grow" invalid={!!err}>
                    <FormLabel htmlFor={`award-reason-${l.id}`}>Motivering: waarom niet de nummer 1 ({nameOf(d.ranking![l.id]![0]!.applicationId)})?</FormLabel>
                    <Textarea
                      id={`award-reason-${l.id}`}
                      data-testid={`award-reason-${l.id}`}
                      rows={2}
                      value={reasons[l.id] ?? ''}
                      invalid={!!err}
                      aria-describedby={err ? `award-reason-${l.id}-error` : undefined}
                      onChange={(e) => setReasons({ ...reasons, [l.id]: e.target.value })}
                    />
                    {err && (
                      <p className="rk-field-error" id={`award-reason-${l.id}-error`} data-testid={`award-reason-error-${l.id}`}>
                        {err}
                      </p>
                    )}
                  </FormField>
                )}
              </div>
            );
          })}
        </div>
      )}
      <div className="rk-proc-rules" data-testid="award-checks" aria-live="polite">
        <Heading level={3}>Toets op de perceelregels</Heading>
        <ul>
          {d.lotRules.map((r) => (
            <li key={r.ruleId} className={violations === null ? '' : ruleState(r.ruleId) ? 'rk-proc-rule--fail' : 'rk-proc-rule--ok'}>
              <span aria-hidden="true">{violations === null ? '…' : ruleState(r.ruleId) ? '✗' : '✓'}</span> {r.description} <SourceRef source={r.source} />
            </li>
          ))}
        </ul>
        {!refusal && violations && violations.length > 0 && (
          <>
            <Paragraph className="rk-proc-sub">Dit voornemen zou worden geweigerd:</Paragraph>
            <RefusalList violations={violations} testId="award-live-violations" />
          </>
        )}
      </div>
      <PanelRefusal refusal={refusal} what="het voornemen" />
      <Button
        appearance="primary-action-button"
        data-testid="award-submit"
        onClick={() => {
          setTried(true);
          if (missingReason) {
            document.getElementById(`award-reason-${missingReason.id}`)?.focus();
            return;
          }
          setConfirming(true);
        }}
      >
        {d.soort === 'subsidie' ? 'Voornemen tot verlening bekendmaken…' : 'Voornemen tot gunning bekendmaken…'}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={d.soort === 'subsidie' ? 'Voornemen tot subsidieverlening bekendmaken?' : 'Voornemen tot gunning bekendmaken?'}
        confirmLabel="Ja, voornemen bekendmaken"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void announce();
        }}
        testId="confirm-intention"
      >
        <Paragraph>
          Elke inschrijver krijgt zijn eigen scores en rang te zien, en de naam en scores van de gekozen partij. Daarna loopt de opschortende termijn; pas
          daarna kunt u definitief gunnen.
        </Paragraph>
        <ul className="rk-proc-list">
          {proposed.map((p) => (
            <li key={`${p.lotId}-${p.applicationId}`}>
              {lotLabel(d, p.lotId)}: <strong>{nameOf(p.applicationId)}</strong>
              {p.lotId && rankOf(p.lotId, p.applicationId) ? ` (rang ${rankOf(p.lotId, p.applicationId)!.rank})` : ''}
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </section>
  );
}

const STATE_LABEL: Record<string, string> = { lopend: 'loopt', opgeschort: 'opgeschort (bezwaar)', verstreken: 'verstreken' };

function StandstillPanel({ d, run }: { d: ProcedureDetail; run: Run }) {
  const i = d.intention!;
  const [refusal, setRefusal] = useState<Violations>(null);
  const awardRun = useAwardRun(run, setRefusal);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<null | 'gunnen' | 'intrekken'>(null);
  const needReason = (f: () => void) => {
    if (reason.trim().length < 10) {
      setReasonError('Vul een reden in van minstens 10 tekens.');
      document.getElementById('intention-reason')?.focus();
      return;
    }
    setReasonError(null);
    f();
  };
  return (
    <section className="rk-proc-panel rk-proc-award" aria-labelledby="proc-award" data-testid="standstill-panel">
      <Heading level={2} id="proc-award">
        Voornemen tot gunning en opschortende termijn
      </Heading>
      <dl className="rk-proc-facts">
        <div>
          <dt>Voornemen bekendgemaakt</dt>
          <dd>{dateNl(i.announcedOn)}</dd>
        </div>
        <div>
          <dt>Opschortende termijn</dt>
          <dd data-testid="standstill-state">
            {i.standstillDays} kalenderdagen, tot en met {dateNl(i.standstillEndsOn)}: {STATE_LABEL[i.state] ?? i.state}
            {i.suspendedOn && ` sinds ${dateNl(i.suspendedOn)} (${i.suspendedReason ?? ''})`}
          </dd>
        </div>
        <div>
          <dt>Definitief gunnen</dt>
          <dd>{i.firstAwardDay ? `vanaf ${dateNl(i.firstAwardDay)}` : 'niet zolang de termijn is opgeschort'}</dd>
        </div>
      </dl>
      <Heading level={3}>Beoogde gunning</Heading>
      <ul className="rk-proc-list" data-testid="intention-awards">
        {i.awards.map((a) => {
          const why = i.reasons.find((r) => r.lotId === a.lotId);
          return (
            <li key={`${a.lotId}-${a.applicationId}`}>
              {lotLabel(d, a.lotId)}: <strong>{a.providerName}</strong>
              {a.rank !== null ? ` (rang ${a.rank})` : ''}
              {why && <span className="rk-proc-sub"> — motivering: {why.reason}</span>}
            </li>
          );
        })}
      </ul>
      <PanelRefusal refusal={refusal} what="de stap" />
      <div className="rk-proc-form">
        <FormField className="rk-proc-grow" invalid={!!reasonError}>
          <FormLabel htmlFor="intention-reason">Reden (bij opschorten of intrekken)</FormLabel>
          <Textbox
            id="intention-reason"
            value={reason}
            invalid={!!reasonError}
            aria-describedby={reasonError ? 'intention-reason-error' : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {reasonError && (
            <p className="rk-field-error" id="intention-reason-error">
              {reasonError}
            </p>
          )}
        </FormField>
        {i.suspendedOn ? (
          <Button
            appearance="secondary-action-button"
            data-testid="standstill-resume"
            onClick={() => void awardRun(() => procurementApi.intentionAction(d.regionId, d.id, d.version, { type: 'hervatten' }))}
          >
            Termijn hervatten
          </Button>
        ) : (
          i.state === 'lopend' && (
            <Button
              appearance="secondary-action-button"
              data-testid="standstill-suspend"
              onClick={() =>
                needReason(() => void awardRun(() => procurementApi.intentionAction(d.regionId, d.id, d.version, { type: 'opschorten', reden: reason.trim() })))
              }
            >
              Termijn opschorten (bezwaar)
            </Button>
          )
        )}
        <Button appearance="secondary-action-button" data-testid="intention-withdraw" onClick={() => needReason(() => setConfirm('intrekken'))}>
          Voornemen intrekken…
        </Button>
      </div>
      <Button appearance="primary-action-button" data-testid="award-definitive" onClick={() => setConfirm('gunnen')}>
        {d.soort === 'subsidie' ? 'Subsidie definitief verlenen…' : 'Definitief gunnen…'}
      </Button>
      <ConfirmDialog
        open={confirm === 'gunnen'}
        title={d.soort === 'subsidie' ? 'Subsidie definitief verlenen?' : 'Definitief gunnen?'}
        confirmLabel={d.soort === 'subsidie' ? 'Ja, definitief verlenen' : 'Ja, definitief gunnen'}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          void awardRun(() => procurementApi.award(d.regionId, d.id, d.version));
        }}
        testId="confirm-award"
      >
        <Paragraph>De contracten worden aangemaakt volgens het voornemen van {dateNl(i.announcedOn)}. Dit kan niet ongedaan worden gemaakt.</Paragraph>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'intrekken'}
        title="Voornemen tot gunning intrekken?"
        confirmLabel="Ja, voornemen intrekken"
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          setConfirm(null);
          void awardRun(() => procurementApi.intentionAction(d.regionId, d.id, d.version, { type: 'intrekken', reden: reason.trim() }));
        }}
        testId="confirm-withdraw-intention"
      >
        <Paragraph>De procedure blijft in de gunningsfase; u kunt daarna een nieuw voornemen bekendmaken. De reden komt in de tijdlijn.</Paragraph>
      </ConfirmDialog>
    </section>
  );
}

/** What a bidder is told about the intention: its own scores and rank, and the chosen party with its quality scores. */
export function BidderNoticePanel({ d }: { d: ProcedureDetail }) {
  const n = d.bidderNotice;
  if (!n) return null;
  const crit = (id: string) => d.config.emvi?.criteria.find((c) => c.id === id)?.naam ?? id;
  const scores = (s: Record<string, number>) =>
    Object.entries(s)
      .map(([k, v]) => `${crit(k)}: ${v.toLocaleString('nl-NL')}`)
      .join('; ') || '—';
  return (
    <section className="rk-proc-section" aria-labelledby="proc-notice" data-testid="bidder-notice">
      <Heading level={2} id="proc-notice">
        Voornemen tot gunning
      </Heading>
      <Paragraph>
        Bekendgemaakt op {dateNl(n.announcedOn)}. De opschortende termijn loopt tot en met {dateNl(n.standstillEndsOn)} ({STATE_LABEL[n.state] ?? n.state}); tot
        dan kunt u bezwaar maken bij de contractmanager.
      </Paragraph>
      <ul className="rk-proc-list">
        {n.lots.map((l) => (
          <li key={l.lotId ?? '-'}>
            <strong>{l.lotId ? `Perceel ${l.lotId}${l.lotName ? `: ${l.lotName}` : ''}` : 'Opdracht'}</strong>:{' '}
            {l.chosen
              ? 'u bent de beoogde partij.'
              : `beoogd is ${l.winner?.providerName ?? 'geen partij'} (kwaliteit: ${l.winner ? scores(l.winner.scores) : '—'}).`}{' '}
            Uw rang: {l.ownRank ?? '—'} van {l.ranked}; uw kwaliteitsscores: {scores(l.ownScores)}.
          </li>
        ))}
      </ul>
    </section>
  );
}
