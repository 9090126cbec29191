import { ConfirmDialog } from '../components/ConfirmDialog';
import {
  Button,
  FormLabel,
  Heading,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Textbox,
} from '@utrecht/component-library-react';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { formatDay } from '../funding/money';
import { earliestEffective } from '../../../src/domain/contracts/notice';
import { extendEnd } from '../../../src/domain/contracts/term';
import { Badge, CHANGE_KIND_LABEL, CHANGE_STATE_LABEL, longDate, RefusalAlert, sourceText } from './common';
import { contractsApi, type ChangeView, type ContractDetail, type Notice } from './contractsApi';

const KINDS = ['tarief', 'product', 'voorwaarde', 'looptijd', 'toetreding', 'overig'];

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (f: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await f());
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}

interface ChangeBody {
  kind: string;
  description: string;
  effectiveOn: string;
}

/**
 * The form to announce a change, for one contract or a whole segment: the notice period of the
 * profile (`wijzigingstermijn`) is quoted and checked by the server; a refusal names the rule.
 */
export function ChangeForm({
  notice,
  today,
  heading,
  prefix,
  intro,
  send,
  onChanged,
}: {
  notice: Notice | null;
  today: string;
  heading: string;
  prefix: string;
  intro?: string;
  send: (body: ChangeBody) => Promise<ChangeView>;
  onChanged: () => void;
}) {
  const [kind, setKind] = useState('tarief');
  const [description, setDescription] = useState('');
  const [effectiveOn, setEffectiveOn] = useState('');
  const { busy, error, done, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  // A contract change binds the parties: the form asks for a confirmation first.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConfirming(true);
  };
  const announce = () => {
    setConfirming(false);
    void run(async () => {
      const ch = await send({ kind, description, effectiveOn });
      setDescription('');
      onChanged();
      return `Wijziging aangekondigd op ${longDate(ch.announcedOn)}, ingang ${longDate(ch.effectiveOn)}.`;
    });
  };
  return (
    <form className="rk-con-form" onSubmit={submit} data-testid={`${prefix}announce-change-form`} aria-labelledby={`${prefix}announce-heading`}>
      <Heading level={3} id={`${prefix}announce-heading`}>
        {heading}
      </Heading>
      {intro && <Paragraph>{intro}</Paragraph>}
      {notice ? (
        <Paragraph className="rk-fin-hint" data-testid={`${prefix}notice-hint`}>
          Wijzigingen worden {notice.months} maanden vooraf aangekondigd ({sourceText(notice.source)}). Vandaag aangekondigd kan een wijziging op zijn vroegst
          op {longDate(earliestEffective(today, notice.months))} ingaan.
          {notice.source.quote && (
            <span className="rk-con-source">
              Bron {notice.source.seed}: <q>{notice.source.quote}</q>
            </span>
          )}
        </Paragraph>
      ) : (
        <Paragraph className="rk-fin-hint">Het regioprofiel noemt geen aankondigingstermijn voor wijzigingen.</Paragraph>
      )}
      <div className="rk-con-grid">
        <div className="rk-field">
          <FormLabel htmlFor={`${prefix}change-kind`}>Soort wijziging</FormLabel>
          <Select id={`${prefix}change-kind`} value={kind} onChange={(e) => setKind(e.target.value)} data-testid={`${prefix}change-kind`}>
            {KINDS.map((k) => (
              <SelectOption key={k} value={k}>
                {CHANGE_KIND_LABEL[k]}
              </SelectOption>
            ))}
          </Select>
        </div>
        <div className="rk-field">
          <FormLabel htmlFor={`${prefix}change-effective`}>Ingangsdatum</FormLabel>
          <Textbox
            id={`${prefix}change-effective`}
            type="date"
            required
            value={effectiveOn}
            onChange={(e) => setEffectiveOn(e.target.value)}
            data-testid={`${prefix}change-effective`}
          />
        </div>
      </div>
      <div className="rk-field">
        <FormLabel htmlFor={`${prefix}change-description`}>Omschrijving</FormLabel>
        <Textarea
          id={`${prefix}change-description`}
          required
          rows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid={`${prefix}change-description`}
        />
      </div>
      <Button type="submit" appearance="primary-action-button" disabled={busy} data-testid={`${prefix}change-submit`}>
        Aankondigen
      </Button>
      <ConfirmDialog
        open={confirming}
        title="Contractwijziging aankondigen?"
        confirmLabel="Ja, wijziging aankondigen"
        onConfirm={announce}
        onCancel={() => setConfirming(false)}
        testId={`${prefix}confirm-change`}
      >
        {`${CHANGE_KIND_LABEL[kind] ?? 'Wijziging'}${effectiveOn ? ` met ingang van ${effectiveOn.split('-').reverse().join('-')}` : ''}: ${description || '(zonder omschrijving)'}. De aanbieder${prefix ? 's in het segment krijgen' : ' krijgt'} de aankondiging.`}
      </ConfirmDialog>
      {error && <RefusalAlert error={error} />}
      {done && (
        <Paragraph role="status" className="rk-con-done" data-testid={`${prefix}change-done`}>
          {done}
        </Paragraph>
      )}
    </form>
  );
}

/** Announce a change of one contract. */
export function AnnounceChange({ regionId, contract, today, onChanged }: { regionId: string; contract: ContractDetail; today: string; onChanged: () => void }) {
  return (
    <ChangeForm
      notice={contract.notice}
      today={today}
      heading="Wijziging aankondigen"
      prefix=""
      send={(body) => contractsApi.announce(regionId, contract.id, body)}
      onChanged={onChanged}
    />
  );
}

export function ChangesTable({ regionId, contract, onChanged }: { regionId: string; contract: ContractDetail; onChanged: () => void }) {
  const { busy, error, run } = useAction();
  if (contract.changes.length === 0) return <Paragraph>Er zijn nog geen wijzigingen aangekondigd.</Paragraph>;
  return (
    <>
      <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
        <Table className="rk-table rk-fin-table" data-testid="changes-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">Soort</TableHeaderCell>
              <TableHeaderCell scope="col">Omschrijving</TableHeaderCell>
              <TableHeaderCell scope="col">Aangekondigd</TableHeaderCell>
              <TableHeaderCell scope="col">Ingang</TableHeaderCell>
              <TableHeaderCell scope="col">Stand</TableHeaderCell>
              {contract.mayChange && <TableHeaderCell scope="col">Actie</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {contract.changes.map((c) => (
              <TableRow key={c.id} data-testid={`change-row-${c.id}`}>
                <TableCell>
                  {CHANGE_KIND_LABEL[c.kind] ?? c.kind}
                  {c.contractId === null && <span className="rk-fin-sub">hele segment</span>}
                </TableCell>
                <TableCell>{c.description}</TableCell>
                <TableCell className="rk-nowrap">{formatDay(c.announcedOn)}</TableCell>
                <TableCell className="rk-nowrap">{formatDay(c.effectiveOn)}</TableCell>
                <TableCell>
                  <Badge tone={c.state === 'van-kracht' ? 'ok' : c.state === 'ingetrokken' ? 'rejected' : 'neutral'}>{CHANGE_STATE_LABEL[c.state]}</Badge>
                </TableCell>
                {contract.mayChange && (
                  <TableCell>
                    {c.state === 'aangekondigd' && c.kind !== 'verlenging' && (
                      <Button
                        appearance="subtle-button"
                        disabled={busy}
                        onClick={() =>
                          void run(async () => (await contractsApi.withdraw(regionId, c.id, 'ingetrokken via contractpagina'), onChanged(), 'Ingetrokken.'))
                        }
                      >
                        Intrekken
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {error && <RefusalAlert error={error} />}
    </>
  );
}

/** Exercise the next extension option (seed 003 §5.3.1: 5+1+1). */
export function ExtensionButton({ regionId, contract, onChanged }: { regionId: string; contract: ContractDetail; onChanged: () => void }) {
  const { busy, error, done, run } = useAction();
  const next = contract.term.remainingOptions[0];
  return (
    <div className="rk-con-form" data-testid="extension">
      <Heading level={3}>Verlengingsoptie</Heading>
      <Paragraph>
        {next !== undefined
          ? `Nog ${contract.term.remainingOptions.length} optie(s). De volgende verlengt het contract met ${next} jaar, tot ${longDate(extendEnd(contract.endDate, next))}.`
          : contract.term.extensionsUsed > 0
            ? 'Alle verlengingsopties zijn gebruikt.'
            : 'Dit contract kent geen verlengingsopties.'}
      </Paragraph>
      {next !== undefined && (
        <Button
          appearance="secondary-action-button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const r = await contractsApi.extend(regionId, contract.id);
              onChanged();
              return `Verlengd tot ${longDate(r.endDate)}.`;
            })
          }
          data-testid="extension-submit"
        >
          Verlengingsoptie lichten
        </Button>
      )}
      {error && <RefusalAlert error={error} />}
      {done && <Paragraph role="status">{done}</Paragraph>}
    </div>
  );
}

/** A party kind of a consortium as words ('lokale-sociale-basis' -> 'lokale sociale basis'). */
const kindLabel = (k: string) => k.replace(/-/g, ' ');

/** Consortium members and subcontractors; the composition rule is checked by the server. */
export function Members({ regionId, contract, onChanged }: { regionId: string; contract: ContractDetail; onChanged: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState('jeugdhulpaanbieder');
  const [role, setRole] = useState('lid');
  const { busy, error, done, run } = useAction();
  const kinds = [...new Set([...(contract.consortiumRule?.vereist ?? []), 'jeugdhulpaanbieder', 'sociale-basis', 'overig'])];
  return (
    <>
      {contract.consortiumRule && (
        <Paragraph className="rk-fin-hint">
          Samenstelling: minimaal één partij van elk soort: {contract.consortiumRule.vereist.map(kindLabel).join(' en ')} (
          {sourceText(contract.consortiumRule.source)}).
        </Paragraph>
      )}
      {contract.members.length === 0 ? (
        <Paragraph>Geen leden van een samenwerkingsverband of onderaannemers vastgelegd; de contractant levert zelf.</Paragraph>
      ) : (
        <ul className="rk-con-members" data-testid="members">
          {contract.members.map((m) => (
            <li key={m.id}>
              <strong>{m.name}</strong> — {kindLabel(m.kind)}, {m.role}
              {contract.mayChange && (
                <Button
                  appearance="subtle-button"
                  disabled={busy}
                  onClick={() => void run(async () => (await contractsApi.removeMember(regionId, contract.id, m.id), onChanged(), `${m.name} verwijderd.`))}
                >
                  Verwijderen
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {contract.mayChange && (
        <form
          className="rk-fin-controls"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const r = await contractsApi.addMember(regionId, contract.id, { name, kind, role });
              setName('');
              onChanged();
              return r.incomplete.length > 0
                ? `Toegevoegd. Het samenwerkingsverband mist nog: ${r.incomplete.flatMap((i) => i.missing).join(', ')}.`
                : 'Toegevoegd.';
            });
          }}
        >
          <div className="rk-field">
            <FormLabel htmlFor="member-name">Partij</FormLabel>
            <Textbox id="member-name" required value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="rk-field">
            <FormLabel htmlFor="member-kind">Soort</FormLabel>
            <Select id="member-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {kinds.map((k) => (
                <SelectOption key={k} value={k}>
                  {kindLabel(k)}
                </SelectOption>
              ))}
            </Select>
          </div>
          <div className="rk-field">
            <FormLabel htmlFor="member-role">Rol</FormLabel>
            <Select id="member-role" value={role} onChange={(e) => setRole(e.target.value)}>
              <SelectOption value="lid">Lid</SelectOption>
              <SelectOption value="penvoerder">Penvoerder</SelectOption>
              <SelectOption value="onderaannemer">Onderaannemer</SelectOption>
            </Select>
          </div>
          <Button type="submit" appearance="secondary-action-button" disabled={busy}>
            Toevoegen
          </Button>
        </form>
      )}
      {error && <RefusalAlert error={error} />}
      {done && <Paragraph role="status">{done}</Paragraph>}
    </>
  );
}
