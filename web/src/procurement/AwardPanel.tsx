import { Alert, Button, Checkbox, FormField, FormLabel, Heading, Paragraph, Select, SelectOption, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { useEffect, useMemo, useState } from 'react';
import { SourceRef } from '../components/SourceRef';
import { percent, procurementApi, type ProcedureDetail, type ProposedAward, type Refusal } from './procurementApi';
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
        {d.config.emvi!.criteria.map((c) => `${c.naam} ${c.gewicht}%`).join(' · ')}. Kwaliteit op schaal 0–{d.config.emvi!.schaalMax}; prijs ten opzichte van de laagste prijs in het perceel. Bij gelijke stand: hogere
        kwaliteit, dan lagere prijs, dan eerdere indiening.
      </Paragraph>
      <div className="rk-table-scroll">
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

/** The lot award screen: a party per perceel, the lot constraints checked live by the API, and the award. */
export function AwardPanel({ d, run, refusal, clearRefusal }: { d: ProcedureDetail; run: Run; refusal: { title: string; violations: Refusal[] } | null; clearRefusal: () => void }) {
  const eligible = d.applications.filter((a) => (d.soort === 'subsidie' ? a.status === 'ingediend' : a.status === 'ingeschreven'));
  const lots = d.lots.length > 0 ? d.lots.map((l) => ({ id: l.id, name: l.name })) : [{ id: NO_LOT, name: 'Hele taakgebied' }];
  const initial = useMemo(() => {
    const pick: Record<string, number | ''> = {};
    for (const l of lots) pick[l.id] = d.ranking?.[l.id]?.[0]?.applicationId ?? '';
    return pick;
  }, [d.id]);
  const [pick, setPick] = useState<Record<string, number | ''>>(initial);
  const [grants, setGrants] = useState<number[]>([]);
  const [violations, setViolations] = useState<Refusal[] | null>(null);
  const proposed: ProposedAward[] =
    d.soort === 'subsidie'
      ? grants.map((applicationId) => ({ applicationId, lotId: null }))
      : lots.filter((l) => pick[l.id] !== '' && pick[l.id] !== undefined).map((l) => ({ applicationId: pick[l.id] as number, lotId: l.id === NO_LOT ? null : l.id }));
  const key = JSON.stringify(proposed);
  useEffect(() => {
    clearRefusal();
    const c = new AbortController();
    procurementApi.awardCheck(d.regionId, d.id, proposed, c.signal).then(
      (r) => setViolations(r.violations),
      () => undefined,
    );
    return () => c.abort();
  }, [key, d.version]);
  const violated = new Set((violations ?? []).map((v) => v.ruleId));
  const ruleState = (ruleId: string) => (ruleId === 'aantalPartners' ? [...violated].some((x) => x.startsWith('aantal-partners')) : violated.has(ruleId));
  return (
    <section className="rk-proc-panel rk-proc-award" aria-labelledby="proc-award" data-testid="award-panel">
      <Heading level={2} id="proc-award">
        {d.soort === 'subsidie' ? 'Subsidie verlenen' : 'Gunning per perceel'}
      </Heading>
      <Paragraph className="rk-proc-sub">
        {d.soort === 'subsidie' ? 'Kies de aanvragers aan wie subsidie wordt verleend.' : 'Alleen partijen uit de dialoogfase die hebben ingeschreven op het perceel komen in aanmerking.'}
      </Paragraph>
      {d.soort === 'subsidie' ? (
        <fieldset className="rk-proc-lots">
          <legend>Aanvragers</legend>
          {eligible.map((a) => (
            <label key={a.id} className="rk-proc-lot">
              <Checkbox checked={grants.includes(a.id)} onChange={(e) => setGrants(e.target.checked ? [...grants, a.id] : grants.filter((x) => x !== a.id))} /> {a.providerName}
            </label>
          ))}
        </fieldset>
      ) : (
        <div className="rk-proc-form">
          {lots.map((l) => {
            const options = eligible.filter((a) => l.id === NO_LOT || a.lotIds.includes(l.id));
            return (
              <FormField key={l.id}>
                <FormLabel htmlFor={`award-${l.id}`}>
                  {l.id === NO_LOT ? l.name : `${l.id}: ${l.name}`}
                </FormLabel>
                <Select id={`award-${l.id}`} data-testid={`award-select-${l.id}`} value={String(pick[l.id] ?? '')} onChange={(e) => setPick({ ...pick, [l.id]: e.target.value === '' ? '' : Number(e.target.value) })}>
                  <SelectOption value="">— geen partij —</SelectOption>
                  {d.applications
                    .filter((a) => options.includes(a) || a.id === pick[l.id])
                    .map((a) => (
                      <SelectOption key={a.id} value={String(a.id)}>
                        {a.providerName}
                        {d.ranking?.[l.id]?.find((r) => r.applicationId === a.id) ? ` (rang ${d.ranking[l.id]!.find((r) => r.applicationId === a.id)!.rank}, ${percent(d.ranking[l.id]!.find((r) => r.applicationId === a.id)!.total)})` : ''}
                      </SelectOption>
                    ))}
                </Select>
              </FormField>
            );
          })}
        </div>
      )}
      <div className="rk-proc-rules" data-testid="award-checks" aria-live="polite">
        <Heading level={3}>Toets op de perceelregels</Heading>
        <ul>
          {d.lotRules.map((r) => (
            <li key={r.ruleId} className={violations === null ? '' : ruleState(r.ruleId) ? 'rk-proc-rule--fail' : 'rk-proc-rule--ok'}>
              <span aria-hidden="true">{violations === null ? '…' : ruleState(r.ruleId) ? '✗' : '✓'}</span> {r.description} <span className="rk-code">{r.ruleId}</span> <SourceRef source={r.source} />
            </li>
          ))}
        </ul>
        {!refusal && violations && violations.length > 0 && (
          <>
            <Paragraph className="rk-proc-sub">Deze gunning zou worden geweigerd:</Paragraph>
            <RefusalList violations={violations} testId="award-live-violations" />
          </>
        )}
      </div>
      {refusal && (
        <Alert type="error" role="alert" className="rk-alert" data-testid="award-refusal">
          <Paragraph>
            <strong>{refusal.title}</strong>: de gunning is niet vastgelegd.
          </Paragraph>
          <RefusalList violations={refusal.violations} testId="award-refusal-list" />
        </Alert>
      )}
      <Button appearance="primary-action-button" onClick={() => run(() => procurementApi.award(d.regionId, d.id, d.version, proposed))} data-testid="award-submit">
        {d.soort === 'subsidie' ? 'Subsidie verlenen' : 'Gunnen'}
      </Button>
    </section>
  );
}
