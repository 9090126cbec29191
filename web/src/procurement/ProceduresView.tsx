import { ProcedureList } from './ProcedureList';
import {
  Alert,
  Button,
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
  Textbox,
} from '@utrecht/component-library-react';
import { useState } from 'react';
import { ApiError } from '../api';
import type { Landscape, SessionUser } from '../api-types';
import { ProblemAlert } from '../components/ProblemAlert';
import { SourceRef } from '../components/SourceRef';
import { AppLink, navigate, procedurePath } from '../router';
import { useResource } from '../useResource';
import { APPLICATION_STATUS, dateNl, procurementApi, SOORT_LABELS, type Board } from './procurementApi';
import { RefusalList } from './RefusalList';

function StartProcedure({ board, regionId }: { board: Board; regionId: string }) {
  const startable = board.segments.filter((s) => s.soort !== null);
  const [segmentId, setSegmentId] = useState(startable[0]?.segmentId ?? '');
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const d = await procurementApi.create(regionId, segmentId, name.trim() || undefined);
      navigate(procedurePath(regionId, d.id));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ title: 'Onverwachte fout', status: 0, detail: String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="rk-proc-panel" aria-labelledby="start-procedure" data-testid="start-procedure">
      <Heading level={2} id="start-procedure">
        Procedure starten
      </Heading>
      <Paragraph>De soort procedure, de percelen, de looptijd en de regels komen uit het regioprofiel van het taakgebied.</Paragraph>
      <div className="rk-proc-form">
        <FormField>
          <FormLabel htmlFor="start-segment">Taakgebied / segment</FormLabel>
          <Select id="start-segment" value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
            {startable.map((s) => (
              <SelectOption key={s.segmentId} value={s.segmentId}>
                {s.name} — {SOORT_LABELS[s.soort!] ?? s.soort}
              </SelectOption>
            ))}
          </Select>
        </FormField>
        <FormField>
          <FormLabel htmlFor="start-name">Naam (optioneel)</FormLabel>
          <Textbox id="start-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="bijv. Aanbesteding SLT 2027" />
        </FormField>
        <Button appearance="primary-action-button" disabled={busy || !segmentId} onClick={start} data-testid="start-procedure-button">
          Procedure starten
        </Button>
      </div>
      {error && <ProblemAlert error={error} />}
      {error?.problem && <RefusalList violations={(error.problem as { violations?: [] }).violations} />}
    </section>
  );
}

/** The procedure board of a region: per task area its procedures with phase, next step and counts. */
export default function ProceduresView({
  landscape,
  user,
}: {
  landscape: Landscape;
  user: SessionUser | null;
  procedureId?: number;
  contractId?: number;
  providerId?: number;
}) {
  const regionId = landscape.region.id;
  const board = useResource((signal) => procurementApi.board(regionId, signal), [regionId, user?.username]);
  if (!user) {
    return (
      <Alert type="info" className="rk-alert" data-testid="procurement-login-required">
        <Paragraph>
          <strong>Log in om de procedures te zien.</strong> Contractmanagers voeren procedures uit; aanbieders zien hun eigen aanmeldingen. Demo:{' '}
          <span className="rk-code">contractmanager.{regionId}</span> met wachtwoord <span className="rk-code">demo</span>.
        </Paragraph>
      </Alert>
    );
  }
  if (board.state === 'loading') return <Paragraph aria-busy="true">Procedures worden geladen…</Paragraph>;
  if (board.state === 'error') return <ProblemAlert error={board.error} />;
  const b = board.data;
  return (
    <div data-testid="procedure-board">
      {b.mayChange && <StartProcedure board={b} regionId={regionId} />}
      {b.segments.map((s) => (
        <section key={s.segmentId} className="rk-proc-segment" aria-labelledby={`seg-${s.segmentId}`} data-testid={`board-segment-${s.segmentId}`}>
          <Heading level={2} id={`seg-${s.segmentId}`}>
            {s.name}
          </Heading>
          <Paragraph className="rk-proc-sub">
            {s.soort ? (SOORT_LABELS[s.soort] ?? s.soort) : 'Procedure nog niet bepaald'}
            {s.blocked && (
              <>
                {' '}
                — {s.blocked.message} <SourceRef source={s.blocked.source} />
              </>
            )}
          </Paragraph>
          {s.procedures.length === 0 ? (
            <Paragraph className="rk-proc-empty">Nog geen procedure.</Paragraph>
          ) : (
            <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
              <Table className="rk-table">
                <TableCaption className="rk-visually-hidden">Procedures voor {s.name}</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">Procedure</TableHeaderCell>
                    <TableHeaderCell scope="col">Fase</TableHeaderCell>
                    <TableHeaderCell scope="col">Volgende stap</TableHeaderCell>
                    <TableHeaderCell scope="col">{b.mayChange ? 'Aanmeldingen' : 'Uw aanmeldingen'}</TableHeaderCell>
                    <TableHeaderCell scope="col">Gepubliceerd</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {s.procedures.map((p) => (
                    <TableRow key={p.id} data-testid={`board-procedure-${p.id}`}>
                      <TableHeaderCell scope="row">
                        <AppLink href={procedurePath(regionId, p.id)}>{p.name}</AppLink>
                      </TableHeaderCell>
                      <TableCell>
                        <span className={`rk-proc-phase rk-proc-phase--${p.status}`}>{p.statusLabel}</span>
                        {!p.entryOpen && p.status === 'doorlopend' && <span className="rk-proc-flag">toetreding gesloten</span>}
                      </TableCell>
                      <TableCell>{p.nextStep}</TableCell>
                      <TableCell>
                        {p.applicationCount}
                        {p.applicationCount > 0 && (
                          <span className="rk-proc-counts">
                            {Object.entries(p.counts)
                              .map(([k, n]) => `${n} ${(APPLICATION_STATUS[k] ?? k).toLowerCase()}`)
                              .join(', ')}
                          </span>
                        )}
                      </TableCell>
                      <TableCell className="rk-nowrap">{dateNl(p.publishedOn)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </section>
      ))}
      <ProcedureList regionId={regionId} username={user.username} />
    </div>
  );
}
