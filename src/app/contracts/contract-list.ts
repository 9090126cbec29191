/**
 * The contract register as a file (issue #13): the filtered list of listContracts (same filters,
 * q and sort; no paging) as CSV or XLSX, with the contract's name (provider, segment, lot), term,
 * state and the ceiling of this year that applies with its spend.
 */
import type { Db } from '../../db/database.js';
import type { UserScope } from '../../domain/access/roles.js';
import { nlDate } from '../../domain/dates.js';
import { listFile, type ListColumn, type ListFile, type ListFormat } from '../lists.js';
import { listContracts, type ContractFilter, type ContractSummary } from './contracts.js';

export const CONTRACT_SORT_KEYS = ['provider', 'agb', 'segment', 'start', 'end', 'id'] as const;

const STATE: Record<ContractSummary['state'], string> = { gegund: 'gegund (nog niet gestart)', lopend: 'lopend', afgelopen: 'afgelopen' };

export async function contractsFile(
  db: Db,
  user: UserScope,
  regionId: string,
  filter: Omit<ContractFilter, 'limit' | 'offset'>,
  today: string,
  format: ListFormat,
): Promise<ListFile> {
  const { rows } = await listContracts(db, user, regionId, { ...filter, limit: 100_000, offset: 0 }, today);
  const ceiling = (r: ContractSummary) => r.ceilings[0];
  const columns: ListColumn<ContractSummary>[] = [
    { header: 'Contract', width: 60, value: (r) => `${r.providerName} — ${r.segmentName}${r.lotId ? ` — perceel ${r.lotId}` : ''}` },
    { header: 'Aanbieder', width: 36, value: (r) => r.providerName },
    { header: 'AGB-code', width: 10, value: (r) => r.agbCode },
    { header: 'Segment / taakgebied', width: 30, value: (r) => r.segmentName },
    { header: 'Perceel', width: 10, value: (r) => r.lotId ?? '' },
    { header: 'Ingang', width: 12, value: (r) => nlDate(r.startDate) },
    { header: 'Einde', width: 12, value: (r) => nlDate(r.endDate) },
    { header: 'Stand', width: 14, value: (r) => STATE[r.state] },
    {
      header: 'Plafond dit jaar (€)',
      width: 16,
      money: true,
      value: (r) => (ceiling(r) ? ceiling(r)!.ceilingCents / 100 : r.ceilingCents !== null ? r.ceilingCents / 100 : null),
    },
    { header: 'Aangekondigde wijzigingen', width: 10, value: (r) => r.pendingChanges },
  ];
  return listFile('Contracten', `contracten-${regionId}`, columns, rows, format);
}
