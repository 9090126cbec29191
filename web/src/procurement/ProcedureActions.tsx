import { Button, FormField, FormLabel, Heading, Paragraph, Textbox } from '@utrecht/component-library-react';
import { useState } from 'react';
import { procurementApi, type ProcedureDetail, type TransitionAction } from './procurementApi';
import type { Run } from './useProcedure';

const NEEDS_REASON = new Set(['go-no-go', 'toetreding', 'beeindigen', 'intrekken']);

/** The phase transitions the domain allows now, each with a reason where the rules ask one (who/when are recorded). */
export function ProcedureActions({ d, run }: { d: ProcedureDetail; run: Run }) {
  const [reason, setReason] = useState('');
  const [minScore, setMinScore] = useState(d.config.plan?.minimumScore?.toString() ?? '');
  const [start, setStart] = useState(d.config.looptijd?.startDate ?? '');
  const [end, setEnd] = useState(d.config.looptijd?.endDate ?? '');
  const [weights, setWeights] = useState<Record<string, string>>(Object.fromEntries((d.config.emvi?.criteria ?? []).map((c) => [c.id, String(c.gewicht)])));
  const weightSum = Object.values(weights).reduce((a, w) => a + (Number(w) || 0), 0);
  if (!d.mayChange) return null;
  const act = (action: TransitionAction) => run(() => procurementApi.transition(d.regionId, d.id, d.version, action)).then((ok) => ok && setReason(''));
  const has = (a: string) => d.allowedActions.includes(a);
  const r = reason.trim();
  type Item = { key: string; label: string; action: TransitionAction; primary?: boolean; show: boolean };
  const all: Item[] = [
    {
      key: 'publiceren',
      label:
        d.soort === 'sas-dialoog'
          ? 'Publiceren (selectiefase starten)'
          : d.soort === 'subsidie'
            ? 'Aanvraagperiode openen'
            : 'Publiceren (eerste instroomronde)',
      action: { type: 'publiceren' },
      primary: true,
      show: has('publiceren'),
    },
    {
      key: 'go',
      label: d.status === 'selectie' ? 'Go: selectie afronden, naar dialoogfase' : 'Go: dialoog afronden, naar gunningsfase',
      action: { type: 'go-no-go', besluit: 'go', reden: r },
      primary: true,
      show: has('go-no-go'),
    },
    { key: 'no-go', label: 'No-go: procedure stoppen', action: { type: 'go-no-go', besluit: 'no-go', reden: r }, show: has('go-no-go') },
    {
      key: 'instroomronde',
      label: 'Eerste instroomronde sluiten',
      action: { type: 'instroomronde-sluiten' },
      primary: true,
      show: has('instroomronde-sluiten'),
    },
    {
      key: 'toetreding',
      label: d.entryOpen ? 'Tussentijdse toetreding sluiten' : 'Tussentijdse toetreding openen',
      action: { type: 'toetreding', open: !d.entryOpen, reden: r },
      show: has('toetreding'),
    },
    { key: 'aanvraag', label: 'Aanvraagperiode sluiten', action: { type: 'aanvraag-sluiten' }, primary: true, show: has('aanvraag-sluiten') },
    { key: 'beeindigen', label: 'Beëindigen', action: { type: 'beeindigen', reden: r }, show: has('beeindigen') },
    { key: 'intrekken', label: 'Intrekken', action: { type: 'intrekken', reden: r }, show: has('intrekken') },
  ];
  const buttons = all.filter((b) => b.show);
  const reasonNeeded = buttons.some((b) => NEEDS_REASON.has(b.action.type));
  return (
    <section className="rk-proc-panel" aria-labelledby="proc-actions" data-testid="procedure-actions">
      <Heading level={2} id="proc-actions">
        Volgende stap
      </Heading>
      <Paragraph>{d.nextStep}</Paragraph>
      {d.status === 'concept' && d.config.emvi && (
        <div className="rk-proc-form" data-testid="emvi-weights">
          {d.config.emvi.criteria.map((c) => (
            <FormField key={c.id}>
              <FormLabel htmlFor={`w-${c.id}`}>
                Gewicht {c.naam} ({c.soort}, %)
              </FormLabel>
              <Textbox id={`w-${c.id}`} inputMode="numeric" value={weights[c.id] ?? ''} onChange={(e) => setWeights({ ...weights, [c.id]: e.target.value })} />
            </FormField>
          ))}
          <Paragraph className="rk-proc-sub">Som {weightSum}% (moet 100% zijn)</Paragraph>
          <Button
            appearance="secondary-action-button"
            onClick={() =>
              run(() =>
                procurementApi.configure(d.regionId, d.id, {
                  version: d.version,
                  emvi: { schaalMax: d.config.emvi!.schaalMax, criteria: d.config.emvi!.criteria.map((c) => ({ ...c, gewicht: Number(weights[c.id]) })) },
                }),
              )
            }
          >
            Gewichten opslaan
          </Button>
        </div>
      )}
      {d.status === 'concept' && (d.config.plan || !d.config.looptijd) && (
        <div className="rk-proc-form">
          {d.config.plan && (
            <FormField>
              <FormLabel htmlFor="min-plan">Minimumscore plan (0–{d.config.plan.schaalMax})</FormLabel>
              <Textbox id="min-plan" inputMode="numeric" value={minScore} onChange={(e) => setMinScore(e.target.value)} />
            </FormField>
          )}
          {!d.config.looptijd && (
            <>
              <FormField>
                <FormLabel htmlFor="term-start">Ingangsdatum</FormLabel>
                <Textbox id="term-start" type="date" value={start} onChange={(e) => setStart(e.target.value)} />
              </FormField>
              <FormField>
                <FormLabel htmlFor="term-end">Einddatum</FormLabel>
                <Textbox id="term-end" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
              </FormField>
            </>
          )}
          <Button
            appearance="secondary-action-button"
            onClick={() =>
              run(() =>
                procurementApi.configure(d.regionId, d.id, {
                  version: d.version,
                  ...(d.config.plan ? { minimumPlanScore: minScore.trim() === '' ? null : Number(minScore) } : {}),
                  ...(!d.config.looptijd && start ? { startDate: start, endDate: end } : {}),
                }),
              )
            }
          >
            Inrichting opslaan
          </Button>
        </div>
      )}
      {buttons.length > 0 && (
        <div className="rk-proc-form">
          {reasonNeeded && (
            <FormField className="rk-proc-grow">
              <FormLabel htmlFor="proc-reason">Reden (verplicht bij go/no-go, toetreding, beëindigen en intrekken)</FormLabel>
              <Textbox id="proc-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </FormField>
          )}
          {buttons.map((b) => (
            <Button
              key={b.key}
              appearance={b.primary ? 'primary-action-button' : 'secondary-action-button'}
              onClick={() => act(b.action)}
              data-testid={`action-${b.key}`}
            >
              {b.label}
            </Button>
          ))}
        </div>
      )}
    </section>
  );
}
