import {
  Alert,
  Button,
  ButtonLink,
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
import '../access/access.css';
import { useState, type FormEvent } from 'react';
import { AUDIT_PURPOSES } from '../../../src/domain/audit/purposes';
import { api, type AuditSearch } from '../api';
import type { Landscape, SessionUser } from '../api-types';
import { describe, Field } from '../access/form';
import { ProblemAlert } from '../components/ProblemAlert';
import { useResource } from '../useResource';

const SUBJECT_LABELS: Record<string, string> = {
  case: 'Casus',
  youth: 'Jeugdige',
  'case-messages': 'Berichten van casus',
  declaration: 'Declaratie',
  'ijw-request': 'Verzoek om toewijzing',
  werklijst: 'Werklijst',
  inzagelog: 'Inzagelog',
  route: 'Onderdeel',
};
const purposeLabel = (code: string) => (AUDIT_PURPOSES as Record<string, string>)[code] ?? code;
const dateTime = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Amsterdam' });

/**
 * Inzagelog (NEN 7513) for the privacy officer: who read or was refused which personal data, when
 * and why; filters and a CSV export of the same rows.
 */
export default function AuditPage({ landscape, user }: { landscape: Landscape; user: SessionUser | null | undefined }) {
  const regionId = landscape.region.id;
  if (user === undefined) return <Paragraph aria-busy="true">Sessie wordt gecontroleerd…</Paragraph>;
  if (!user || user.role !== 'privacy' || user.regionId !== regionId) {
    return (
      <>
        <Heading level={1}>Inzagelog</Heading>
        <Alert type="info" className="rk-alert" data-testid="audit-blocked">
          <Paragraph>Het inzagelog is alleen te zien voor de functionaris gegevensbescherming van deze regio. Log in met dat account.</Paragraph>
        </Alert>
      </>
    );
  }
  return <AuditView regionId={regionId} regionName={landscape.region.name} />;
}

function AuditView({ regionId, regionName }: { regionId: string; regionName: string }) {
  const [draft, setDraft] = useState<AuditSearch>({ who: '', subject: '', purpose: '', from: '', to: '', denied: '' });
  const [filter, setFilter] = useState<AuditSearch>({});
  const trail = useResource((signal) => api.audit(regionId, filter, signal), [regionId, JSON.stringify(filter)]);
  const set = (k: keyof AuditSearch) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ ...draft });
  };
  return (
    <>
      <div className="rk-titlebar">
        <p className="rk-pretitle">{regionName}</p>
        <Heading level={1}>Inzagelog</Heading>
      </div>
      <Paragraph>
        Elke inzage in persoonsgegevens en elke geweigerde inzage, met wie, wanneer, welk gegeven en met welk doel (NEN 7513). Het log is beveiligd tegen
        wijzigen: elke regel bevat een controlegetal van de vorige.
      </Paragraph>
      <form className="rk-panel rk-filters" onSubmit={submit} aria-label="Filters van het inzagelog" data-testid="audit-filters">
        <Field id="audit-who" label="Gebruiker">
          <Textbox {...describe('audit-who', {})} value={draft.who} onChange={set('who')} />
        </Field>
        <Field id="audit-subject" label="Gegeven (nummer)">
          <Textbox {...describe('audit-subject', {})} value={draft.subject} onChange={set('subject')} />
        </Field>
        <Field id="audit-purpose" label="Doel">
          <Select {...describe('audit-purpose', {})} value={draft.purpose} onChange={set('purpose')}>
            <SelectOption value="">Alle doelen</SelectOption>
            {Object.entries(AUDIT_PURPOSES).map(([code, label]) => (
              <SelectOption key={code} value={code}>
                {label}
              </SelectOption>
            ))}
          </Select>
        </Field>
        <Field id="audit-from" label="Vanaf datum">
          <Textbox {...describe('audit-from', {})} type="date" value={draft.from} onChange={set('from')} />
        </Field>
        <Field id="audit-to" label="Tot en met datum">
          <Textbox {...describe('audit-to', {})} type="date" value={draft.to} onChange={set('to')} />
        </Field>
        <Field id="audit-denied" label="Uitkomst">
          <Select {...describe('audit-denied', {})} value={draft.denied} onChange={set('denied')}>
            <SelectOption value="">Toegestaan en geweigerd</SelectOption>
            <SelectOption value="true">Alleen geweigerd</SelectOption>
            <SelectOption value="false">Alleen toegestaan</SelectOption>
          </Select>
        </Field>
        <div className="rk-actions">
          <Button type="submit" appearance="primary-action-button">
            Filteren
          </Button>
          <ButtonLink appearance="secondary-action-button" href={api.auditCsvUrl(regionId, filter)} download data-testid="audit-csv">
            Exporteren als CSV
          </ButtonLink>
        </div>
      </form>
      {trail.state === 'loading' && <Paragraph aria-busy="true">Inzagelog wordt geladen…</Paragraph>}
      {trail.state === 'error' && <ProblemAlert error={trail.error} />}
      {trail.state === 'ready' &&
        (trail.data.rows.length === 0 ? (
          <Paragraph data-testid="audit-empty">Geen regels die aan de filters voldoen.</Paragraph>
        ) : (
          <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
            <Table className="rk-table" data-testid="audit-table">
              <TableCaption>
                {trail.data.rows.length} regels{trail.data.more ? ' (de nieuwste; verfijn de filters voor oudere)' : ''}, nieuwste eerst
              </TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">Tijdstip</TableHeaderCell>
                  <TableHeaderCell scope="col">Gebruiker</TableHeaderCell>
                  <TableHeaderCell scope="col">Gegeven</TableHeaderCell>
                  <TableHeaderCell scope="col">Doel</TableHeaderCell>
                  <TableHeaderCell scope="col">Uitkomst</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {trail.data.rows.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      <time dateTime={r.at}>{dateTime.format(new Date(r.at))}</time>
                    </TableCell>
                    <TableCell>{r.username}</TableCell>
                    <TableCell>
                      {SUBJECT_LABELS[r.subjectType] ?? 'Gegeven'} {r.subjectType === 'route' ? '' : r.subjectId}
                    </TableCell>
                    <TableCell>
                      {purposeLabel(r.purposeCode)}
                      {r.purpose !== r.purposeCode && <span className="rk-line rk-muted">{r.purpose}</span>}
                    </TableCell>
                    <TableCell>{r.outcome === 'geweigerd' ? <strong>Geweigerd</strong> : 'Toegestaan'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ))}
    </>
  );
}
