import { Heading, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';
import { formatDay } from '../funding/money';
import { AppLink, contractPath, providerPath } from '../router';
import { useResource } from '../useResource';
import { Badge, DIALOGUE_LABEL } from './common';
import { contractsApi } from './contractsApi';

/**
 * The region's (a provider: its own) planned dialogues and the agreed actions that are overdue,
 * with links to the contract or provider they belong to.
 */
export function DialogueOverview({ regionId, username, providerId }: { regionId: string; username: string; providerId?: number }) {
  const res = useResource(
    (signal) => contractsApi.dialogues(regionId, providerId !== undefined ? { providerId } : {}, signal),
    [regionId, username, providerId],
  );
  if (res.state !== 'ready') return null;
  const planned = res.data.rows.filter((d) => d.status === 'gepland').sort((a, b) => a.scheduledOn.localeCompare(b.scheduledOn));
  const overdue = res.data.rows.flatMap((d) => d.actions.filter((a) => a.overdue).map((a) => ({ a, d })));
  if (planned.length === 0 && overdue.length === 0) return <Paragraph>Geen geplande dialogen en geen openstaande acties over de datum.</Paragraph>;
  const where = (d: (typeof res.data.rows)[number]) =>
    d.contractId !== null ? (
      <AppLink href={contractPath(regionId, d.contractId)}>
        {d.providerName ?? 'Contract'} (contract {d.contractId})
      </AppLink>
    ) : d.providerId !== null ? (
      <AppLink href={providerPath(regionId, d.providerId)}>{d.providerName}</AppLink>
    ) : (
      <>
        {d.segmentName}
        {d.lotId ? `, perceel ${d.lotId}` : ''}
      </>
    );
  return (
    <div className="rk-table-scroll" tabIndex={0} role="group" aria-label="Dialogen, horizontaal scrollbaar" data-testid="dialogue-overview">
      <Table className="rk-table rk-fin-table rk-fin-table--compact">
        <TableCaption>Geplande dialogen en acties over de datum</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">Datum</TableHeaderCell>
            <TableHeaderCell scope="col">Wat</TableHeaderCell>
            <TableHeaderCell scope="col">Met</TableHeaderCell>
            <TableHeaderCell scope="col">Taakgebied</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {overdue.map(({ a, d }) => (
            <TableRow key={`a${a.id}`}>
              <TableCell className="rk-nowrap">{formatDay(a.dueOn)}</TableCell>
              <TableCell>
                <Badge tone="rejected">Actie te laat</Badge> {a.description} <span className="rk-fin-sub">eigenaar: {a.owner}</span>
              </TableCell>
              <TableCell>{where(d)}</TableCell>
              <TableCell>{d.segmentName}</TableCell>
            </TableRow>
          ))}
          {planned.slice(0, 10).map((d) => (
            <TableRow key={`d${d.id}`}>
              <TableCell className="rk-nowrap">{formatDay(d.scheduledOn)}</TableCell>
              <TableCell>
                <Badge tone="neutral">{DIALOGUE_LABEL[d.kind] ?? d.kind}</Badge>
                {d.followUps.length > 0 && <span className="rk-fin-sub">{d.followUps.length} actie(s) ter opvolging</span>}
              </TableCell>
              <TableCell>{where(d)}</TableCell>
              <TableCell>{d.segmentName}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function DialogueOverviewSection(props: { regionId: string; username: string; providerId?: number }) {
  return (
    <section className="rk-section" aria-labelledby="dialogue-overview-heading">
      <Heading level={2} id="dialogue-overview-heading">
        Dialogen en acties
      </Heading>
      <DialogueOverview {...props} />
    </section>
  );
}
