import { Button, FormLabel, Heading, Paragraph, Select, SelectOption, Textarea, Textbox } from '@utrecht/component-library-react';
import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { formatEuroWhole, formatPercent } from '../funding/money';
import { useResource } from '../useResource';
import { Badge, DIALOGUE_LABEL, DIALOGUE_STATUS_LABEL, FREQ_LABEL, longDate, RefusalAlert, sourceText } from './common';
import { contractsApi, type ActionView, type ContractDetail, type DialogueView, type Kpi } from './contractsApi';

const kpiValue = (k: Kpi) => (k.unit === 'cents' ? formatEuroWhole(k.value) : k.unit === 'share' ? formatPercent(k.value) : k.value.toLocaleString('nl-NL'));

function ActionItem({ a, mayChange, onClose }: { a: ActionView; mayChange: boolean; onClose: (id: number, status: 'afgerond' | 'vervallen') => void }) {
  return (
    <li className="rk-con-action" data-testid={`action-${a.id}`}>
      <span>
        {a.description} — <em>{a.owner}</em>, uiterlijk {longDate(a.dueOn)}{' '}
        {a.status === 'open' ? (
          a.overdue ? (
            <Badge tone="rejected">Te laat</Badge>
          ) : (
            <Badge tone="neutral">Open</Badge>
          )
        ) : (
          <Badge tone="ok">{a.status === 'afgerond' ? 'Afgerond' : 'Vervallen'}</Badge>
        )}
        {a.followUp && <span className="rk-fin-sub">Opvolging: {a.followUp}</span>}
      </span>
      {mayChange && a.status === 'open' && (
        <span className="rk-con-action__buttons">
          <Button appearance="subtle-button" onClick={() => onClose(a.id, 'afgerond')}>
            Afgerond
          </Button>
          <Button appearance="subtle-button" onClick={() => onClose(a.id, 'vervallen')}>
            Vervallen
          </Button>
        </span>
      )}
    </li>
  );
}

interface ActionRow {
  description: string;
  owner: string;
  dueOn: string;
}
interface FollowRow {
  note: string;
  status: '' | 'afgerond' | 'vervallen';
}

function HoldForm({ regionId, dialogue, today, onDone }: { regionId: string; dialogue: DialogueView; today: string; onDone: () => void }) {
  const [minutes, setMinutes] = useState('');
  const [rows, setRows] = useState<ActionRow[]>([{ description: '', owner: '', dueOn: '' }]);
  // Follow-up of the open actions carried over from the previous dialogue: a note and optionally their new status.
  const carried = dialogue.followUps.filter((a) => a.status === 'open');
  const [follow, setFollow] = useState<Record<number, FollowRow>>({});
  const setF = (id: number, k: keyof FollowRow, v: string) => setFollow({ ...follow, [id]: { ...(follow[id] ?? { note: '', status: '' }), [k]: v } });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, k: keyof ActionRow, v: string) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const followUps = carried.flatMap((a) => {
        const f = follow[a.id];
        if (!f || (!f.note.trim() && !f.status)) return [];
        return [{ actionId: a.id, note: f.note, ...(f.status ? { status: f.status } : {}) }];
      });
      await contractsApi.hold(regionId, dialogue.id, {
        minutes,
        heldOn: today,
        actions: rows.filter((r) => r.description.trim()),
        ...(followUps.length > 0 ? { followUps } : {}),
      });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="rk-con-form rk-con-hold" onSubmit={submit} data-testid={`hold-form-${dialogue.id}`}>
      <Heading level={4}>Verslag vastleggen (gehouden op {longDate(today)})</Heading>
      <div className="rk-field">
        <FormLabel htmlFor={`minutes-${dialogue.id}`}>Verslag</FormLabel>
        <Textarea id={`minutes-${dialogue.id}`} required rows={3} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="hold-minutes" />
      </div>
      {carried.length > 0 && (
        <fieldset className="rk-con-actions-fieldset" data-testid="hold-followups">
          <legend>Opvolging acties vorige dialoog</legend>
          {carried.map((a) => (
            <div key={a.id} className="rk-con-followup" data-testid={`followup-${a.id}`}>
              <Paragraph className="rk-con-followup__action">
                {a.description} — <em>{a.owner}</em>, uiterlijk {longDate(a.dueOn)} {a.overdue && <Badge tone="rejected">Te laat</Badge>}
                {a.followUp && <span className="rk-fin-sub">Eerdere opvolging: {a.followUp}</span>}
              </Paragraph>
              <div className="rk-con-grid">
                <div className="rk-field">
                  <FormLabel htmlFor={`fu-n-${dialogue.id}-${a.id}`}>Opvolging</FormLabel>
                  <Textbox
                    id={`fu-n-${dialogue.id}-${a.id}`}
                    value={follow[a.id]?.note ?? ''}
                    onChange={(e) => setF(a.id, 'note', e.target.value)}
                    data-testid={`followup-note-${a.id}`}
                  />
                </div>
                <div className="rk-field">
                  <FormLabel htmlFor={`fu-s-${dialogue.id}-${a.id}`}>Stand na deze dialoog</FormLabel>
                  <Select
                    id={`fu-s-${dialogue.id}-${a.id}`}
                    value={follow[a.id]?.status ?? ''}
                    onChange={(e) => setF(a.id, 'status', e.target.value)}
                    data-testid={`followup-status-${a.id}`}
                  >
                    <SelectOption value="">Blijft open</SelectOption>
                    <SelectOption value="afgerond">Afgerond</SelectOption>
                    <SelectOption value="vervallen">Vervallen</SelectOption>
                  </Select>
                </div>
              </div>
            </div>
          ))}
        </fieldset>
      )}
      <fieldset className="rk-con-actions-fieldset">
        <legend>Afgesproken acties</legend>
        {rows.map((r, i) => (
          <div key={i} className="rk-con-grid rk-con-grid--3">
            <div className="rk-field">
              <FormLabel htmlFor={`act-d-${dialogue.id}-${i}`}>Actie</FormLabel>
              <Textbox
                id={`act-d-${dialogue.id}-${i}`}
                value={r.description}
                onChange={(e) => set(i, 'description', e.target.value)}
                data-testid={`action-description-${i}`}
              />
            </div>
            <div className="rk-field">
              <FormLabel htmlFor={`act-o-${dialogue.id}-${i}`}>Eigenaar</FormLabel>
              <Textbox id={`act-o-${dialogue.id}-${i}`} value={r.owner} onChange={(e) => set(i, 'owner', e.target.value)} data-testid={`action-owner-${i}`} />
            </div>
            <div className="rk-field">
              <FormLabel htmlFor={`act-t-${dialogue.id}-${i}`}>Uiterlijk</FormLabel>
              <Textbox
                id={`act-t-${dialogue.id}-${i}`}
                type="date"
                value={r.dueOn}
                onChange={(e) => set(i, 'dueOn', e.target.value)}
                data-testid={`action-due-${i}`}
              />
            </div>
          </div>
        ))}
        <Button appearance="subtle-button" onClick={() => setRows([...rows, { description: '', owner: '', dueOn: '' }])}>
          Actie toevoegen
        </Button>
      </fieldset>
      <Button type="submit" appearance="primary-action-button" disabled={busy} data-testid="hold-submit">
        Dialoog vastleggen
      </Button>
      {error && <RefusalAlert error={error} />}
    </form>
  );
}

function DialogueCard({
  regionId,
  d,
  mayChange,
  today,
  onChanged,
}: {
  regionId: string;
  d: DialogueView;
  mayChange: boolean;
  today: string;
  onChanged: () => void;
}) {
  const [holding, setHolding] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const closeAction = async (id: number, status: 'afgerond' | 'vervallen') => {
    try {
      await contractsApi.closeAction(regionId, id, status);
      onChanged();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };
  return (
    <article className="rk-con-dialogue" data-testid={`dialogue-${d.id}`}>
      <header className="rk-con-dialogue__head">
        <Heading level={3}>
          {DIALOGUE_LABEL[d.kind] ?? d.kind} — {longDate(d.heldOn ?? d.scheduledOn)}
        </Heading>
        <Badge tone={d.status === 'gehouden' ? 'ok' : d.status === 'geannuleerd' ? 'rejected' : 'neutral'}>{DIALOGUE_STATUS_LABEL[d.status]}</Badge>
      </header>
      {d.agenda.length > 0 && (
        <>
          <Paragraph className="rk-con-label">Agenda</Paragraph>
          <ol className="rk-con-agenda">
            {d.agenda.map((a, i) => (
              <li key={i}>{a}</li>
            ))}
          </ol>
        </>
      )}
      {d.followUps.length > 0 && !holding && (
        <>
          <Paragraph className="rk-con-label">Opvolging acties vorige dialoog</Paragraph>
          <ul className="rk-con-actions" data-testid="dialogue-followups">
            {d.followUps.map((a) => (
              <ActionItem key={a.id} a={a} mayChange={mayChange} onClose={closeAction} />
            ))}
          </ul>
        </>
      )}
      {d.minutes && (
        <>
          <Paragraph className="rk-con-label">Verslag</Paragraph>
          <Paragraph data-testid="dialogue-minutes">{d.minutes}</Paragraph>
        </>
      )}
      {d.kpiSnapshot && (
        <details className="rk-collapsible rk-con-kpis" data-testid="kpi-snapshot">
          <summary>
            KPI's zoals getoond op {longDate(d.kpiSnapshot.asOf)} ({d.kpiSnapshot.items.length})
          </summary>
          <dl className="rk-con-kpi-list">
            {d.kpiSnapshot.items.map((k) => (
              <div key={k.id}>
                <dt>{k.label}</dt>
                <dd>{kpiValue(k)}</dd>
              </div>
            ))}
          </dl>
          {d.kpiSnapshot.notes.map((n) => (
            <Paragraph key={n} className="rk-fin-hint">
              {n}
            </Paragraph>
          ))}
        </details>
      )}
      {d.actions.length > 0 && (
        <>
          <Paragraph className="rk-con-label">Afgesproken acties</Paragraph>
          <ul className="rk-con-actions">
            {d.actions.map((a) => (
              <ActionItem key={a.id} a={a} mayChange={mayChange} onClose={closeAction} />
            ))}
          </ul>
        </>
      )}
      {mayChange && d.status === 'gepland' && d.scheduledOn <= today && !holding && (
        <Button appearance="secondary-action-button" onClick={() => setHolding(true)} data-testid={`hold-open-${d.id}`}>
          Verslag vastleggen
        </Button>
      )}
      {mayChange && d.status === 'gepland' && d.scheduledOn > today && (
        <Paragraph className="rk-fin-hint">Het verslag wordt vastgelegd vanaf de geplande datum.</Paragraph>
      )}
      {mayChange && d.status === 'gepland' && !holding && (
        <Button
          appearance="subtle-button"
          onClick={() => {
            const reason = window.prompt('Reden van annuleren (optioneel)') ?? null;
            if (reason === null) return;
            contractsApi.cancel(regionId, d.id, reason).then(onChanged, (e: unknown) => e instanceof ApiError && setError(e));
          }}
          data-testid={`cancel-${d.id}`}
        >
          Annuleren
        </Button>
      )}
      {holding && (
        <HoldForm
          regionId={regionId}
          dialogue={d}
          today={today}
          onDone={() => {
            setHolding(false);
            onChanged();
          }}
        />
      )}
      {error && <RefusalAlert error={error} />}
    </article>
  );
}

function ScheduleForm({ regionId, contract, today, onDone }: { regionId: string; contract: ContractDetail; today: string; onDone: () => void }) {
  const kinds = [
    ...new Set([
      ...contract.dialogueCycle.filter((c) => c.niveau !== 'segment').map((c) => c.soort),
      'contractgesprek',
      'sturingsdialoog',
      'verantwoordingsdialoog',
    ]),
  ];
  const [kind, setKind] = useState(kinds[0]!);
  const [date, setDate] = useState(today);
  const [agenda, setAgenda] = useState("Realisatie afspraken en KPI's\nBudget en plafond");
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await contractsApi.schedule(regionId, {
        kind,
        scheduledOn: date,
        contractId: contract.id,
        agenda: agenda
          .split('\n')
          .map((a) => a.trim())
          .filter(Boolean),
      });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(err) }));
    }
  };
  return (
    <form className="rk-con-form" onSubmit={submit} data-testid="schedule-form">
      <Heading level={3}>Dialoog plannen</Heading>
      <div className="rk-con-grid">
        <div className="rk-field">
          <FormLabel htmlFor="dialogue-kind">Soort</FormLabel>
          <Select id="dialogue-kind" value={kind} onChange={(e) => setKind(e.target.value)} data-testid="dialogue-kind">
            {kinds.map((k) => (
              <SelectOption key={k} value={k}>
                {DIALOGUE_LABEL[k] ?? k}
              </SelectOption>
            ))}
          </Select>
        </div>
        <div className="rk-field">
          <FormLabel htmlFor="dialogue-date">Datum</FormLabel>
          <Textbox id="dialogue-date" type="date" required value={date} onChange={(e) => setDate(e.target.value)} data-testid="dialogue-date" />
        </div>
      </div>
      <div className="rk-field">
        <FormLabel htmlFor="dialogue-agenda">Agenda (één punt per regel)</FormLabel>
        <Textarea id="dialogue-agenda" rows={3} value={agenda} onChange={(e) => setAgenda(e.target.value)} />
      </div>
      <Button type="submit" appearance="primary-action-button" data-testid="schedule-submit">
        Plannen
      </Button>
      {error && <RefusalAlert error={error} />}
    </form>
  );
}

/** Dialogues of a contract: the profile's cycle, planned and held dialogues with KPI snapshot and actions. */
export function DialoguePanel({
  regionId,
  contract,
  today,
  version,
  onChanged,
}: {
  regionId: string;
  contract: ContractDetail;
  today: string;
  version: number;
  onChanged: () => void;
}) {
  const res = useResource((signal) => contractsApi.dialogues(regionId, { contractId: contract.id }, signal), [regionId, contract.id, version]);
  const last = useRef<typeof res | null>(null);
  if (res.state !== 'loading') last.current = res;
  const list = res.state === 'loading' && last.current ? last.current : res;
  return (
    <>
      {contract.dialogueCycle.length > 0 ? (
        <ul className="rk-con-cycle" data-testid="dialogue-cycle">
          {contract.dialogueCycle.map((c) => (
            <li key={`${c.soort}-${c.niveau}`}>
              <strong>{DIALOGUE_LABEL[c.soort] ?? c.soort}</strong> per {c.niveau},{' '}
              {c.frequentie ? FREQ_LABEL[c.frequentie] : 'periodiek (het inkoopdocument noemt geen frequentie)'}
              {c.nextDates.length > 0 && <> — volgende: {c.nextDates.slice(0, 2).map(longDate).join(', ')}</>}
              <span className="rk-fin-sub">{sourceText(c.source)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Paragraph>Het regioprofiel noemt geen dialoogcyclus voor dit taakgebied.</Paragraph>
      )}
      {contract.mayChange && <ScheduleForm regionId={regionId} contract={contract} today={today} onDone={onChanged} />}
      {list.state === 'loading' && <Paragraph aria-busy="true">Dialogen worden geladen…</Paragraph>}
      {list.state === 'error' && <RefusalAlert error={list.error} />}
      {list.state === 'ready' && list.data.rows.length === 0 && <Paragraph>Nog geen dialogen voor dit contract.</Paragraph>}
      {list.state === 'ready' &&
        list.data.rows.map((d) => <DialogueCard key={d.id} regionId={regionId} d={d} mayChange={contract.mayChange} today={today} onChanged={onChanged} />)}
    </>
  );
}
