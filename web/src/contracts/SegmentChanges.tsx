import { Button, Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { formatDay } from '../funding/money';
import { ChangeForm, useAction } from './ChangeForms';
import { Badge, CHANGE_KIND_LABEL, CHANGE_STATE_LABEL, RefusalAlert } from './common';
import { contractsApi, type SegmentChanges } from './contractsApi';

/**
 * Changes for every contract of a task area at once (e.g. new tariffs or clauses per segment):
 * the segment-wide changes announced so far and, for the contract manager, the form to announce
 * one under the region's notice period (wijzigingstermijn, seed 004 §4 Planning).
 */
export function SegmentChangesSection({
  regionId,
  segment,
  mayChange,
  today,
  onChanged,
}: {
  regionId: string;
  segment: SegmentChanges;
  mayChange: boolean;
  today: string;
  onChanged: () => void;
}) {
  const { busy, error, run } = useAction();
  return (
    <section className="rk-section" aria-labelledby="segment-changes-heading" data-testid="segment-changes">
      <Heading level={2} id="segment-changes-heading">
        Wijzigingen voor het hele taakgebied {segment.name}
      </Heading>
      {segment.changes.length === 0 ? (
        <Paragraph>Er zijn nog geen wijzigingen voor het hele taakgebied aangekondigd.</Paragraph>
      ) : (
        <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Tabel, horizontaal scrollbaar">
          <Table className="rk-table rk-fin-table" data-testid="segment-changes-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">Soort</TableHeaderCell>
                <TableHeaderCell scope="col">Omschrijving</TableHeaderCell>
                <TableHeaderCell scope="col">Aangekondigd</TableHeaderCell>
                <TableHeaderCell scope="col">Ingang</TableHeaderCell>
                <TableHeaderCell scope="col">Stand</TableHeaderCell>
                {mayChange && <TableHeaderCell scope="col">Actie</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {segment.changes.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>{CHANGE_KIND_LABEL[c.kind] ?? c.kind}</TableCell>
                  <TableCell>{c.description}</TableCell>
                  <TableCell className="rk-nowrap">{formatDay(c.announcedOn)}</TableCell>
                  <TableCell className="rk-nowrap">{formatDay(c.effectiveOn)}</TableCell>
                  <TableCell>
                    <Badge tone={c.state === 'van-kracht' ? 'ok' : c.state === 'ingetrokken' ? 'rejected' : 'neutral'}>{CHANGE_STATE_LABEL[c.state]}</Badge>
                  </TableCell>
                  {mayChange && (
                    <TableCell>
                      {c.state === 'aangekondigd' && (
                        <Button
                          appearance="subtle-button"
                          disabled={busy}
                          onClick={() =>
                            void run(async () => (await contractsApi.withdraw(regionId, c.id, 'ingetrokken via contractenlijst'), onChanged(), 'Ingetrokken.'))
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
      )}
      {error && <RefusalAlert error={error} />}
      {mayChange && (
        <ChangeForm
          notice={segment.notice}
          today={today}
          heading={`Wijziging aankondigen voor alle contracten in ${segment.name}`}
          intro="De wijziging geldt voor elk contract in dit taakgebied en staat op de tijdlijn van elk van die contracten."
          prefix="segment-"
          send={(body) => contractsApi.announceSegment(regionId, segment.id, body)}
          onChanged={onChanged}
        />
      )}
    </section>
  );
}
