/**
 * The provider register as a list that scales (issue #13): every provider of the region with its
 * AGB code, kind, running and total contracts, the segments it holds contracts in and the first end
 * date of a running contract; search (name or AGB), sort and paging as `{total, rows}`, and the
 * filtered list as CSV or XLSX. A provider sees only itself.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { contracts, providers } from '../../db/schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import { nlDate } from '../../domain/dates.js';
import {
  byNumber,
  byText,
  filterSort,
  listFile,
  pageOf,
  type ListColumn,
  type ListFile,
  type ListFormat,
  type ListSpec,
  type Page,
  type PageRequest,
} from '../lists.js';
import { loadRegionProfile } from '../landscape.js';
import { contractScope, segmentName } from './scope.js';

export interface ProviderRow {
  id: number;
  name: string;
  agbCode: string;
  kind: string;
  contractCount: number;
  runningContracts: number;
  segments: string[];
  /** The earliest end date of a running contract (YYYY-MM-DD), or null. */
  firstEnd: string | null;
}

export const PROVIDER_SORT_KEYS = ['name', 'agb', 'contracts', 'end'] as const;
type ProviderSortKey = (typeof PROVIDER_SORT_KEYS)[number];

const SPEC: ListSpec<ProviderRow, ProviderSortKey> = {
  text: (r) => `${r.name} ${r.agbCode} ${r.kind} ${r.segments.join(' ')}`,
  sorts: {
    name: (a, b) => byText<ProviderRow>((r) => r.name)(a, b) || a.id - b.id,
    agb: byText((r) => r.agbCode),
    contracts: (a, b) => byNumber<ProviderRow>((r) => r.runningContracts)(a, b) || byText<ProviderRow>((r) => r.name)(a, b),
    end: (a, b) => byText<ProviderRow>((r) => r.firstEnd ?? '9999')(a, b) || byText<ProviderRow>((r) => r.name)(a, b),
  },
  defaultSort: 'name',
};

async function providerRows(db: Db, user: UserScope, regionId: string, today: string): Promise<ProviderRow[]> {
  const scope = await contractScope(db, user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const ps = await db
    .select()
    .from(providers)
    .where(and(eq(providers.regionId, regionId), scope.kind === 'provider' ? eq(providers.id, scope.providerId) : undefined));
  const cs = await db
    .select({ providerId: contracts.providerId, segmentId: contracts.segmentId, startDate: contracts.startDate, endDate: contracts.endDate })
    .from(contracts)
    .where(eq(contracts.regionId, regionId));
  return ps.map((p) => {
    const own = cs.filter((c) => c.providerId === p.id);
    const running = own.filter((c) => c.startDate <= today && c.endDate >= today);
    return {
      id: p.id,
      name: p.name,
      agbCode: p.agbCode,
      kind: p.kind,
      contractCount: own.length,
      runningContracts: running.length,
      segments: [...new Set(own.map((c) => segmentName(profile, c.segmentId)))].sort((a, b) => a.localeCompare(b, 'nl')),
      firstEnd: running.map((c) => c.endDate).sort()[0] ?? null,
    };
  });
}

export async function providerList(db: Db, user: UserScope, regionId: string, req: PageRequest, today: string): Promise<Page<ProviderRow>> {
  return pageOf(await providerRows(db, user, regionId, today), req, SPEC);
}

export async function providerListFile(db: Db, user: UserScope, regionId: string, req: PageRequest, today: string, format: ListFormat): Promise<ListFile> {
  const rows = filterSort(await providerRows(db, user, regionId, today), req, SPEC);
  const columns: ListColumn<ProviderRow>[] = [
    { header: 'Aanbieder', width: 40, value: (r) => r.name },
    { header: 'AGB-code', width: 10, value: (r) => r.agbCode },
    { header: 'Soort', width: 24, value: (r) => r.kind },
    { header: 'Lopende contracten', width: 10, value: (r) => r.runningContracts },
    { header: 'Contracten totaal', width: 10, value: (r) => r.contractCount },
    { header: 'Segmenten / taakgebieden', width: 50, value: (r) => r.segments.join('; ') },
    { header: 'Eerste einddatum', width: 14, value: (r) => (r.firstEnd ? nlDate(r.firstEnd) : '') },
  ];
  return listFile('Aanbieders', `aanbieders-${regionId}`, columns, rows, format);
}
