/**
 * The worklist as a file (CSV or XLSX), with the same filters and sort as the screen (no paging):
 * case number, name, status, regievoerder, area, crisis, first due date (dd-mm-jjjj) and the
 * signals in words. The file itself is written by the shared list export (../lists.ts).
 */
import type { Db } from '../../db/database.js';
import { STATUS_LABELS } from '../../domain/access/case.js';
import type { UserScope } from '../../domain/access/roles.js';
import { nlDate } from '../../domain/dates.js';
import { listFile, type ListColumn, type ListFile, type ListFormat } from '../lists.js';
import { loadRegionProfile } from '../landscape.js';
import { worklist, type WorklistFilter, type WorklistRow, type WorklistSort } from './case-queries.js';

export async function worklistFile(
  db: Db,
  user: UserScope,
  regionId: string,
  filter: WorklistFilter,
  sort: WorklistSort,
  format: ListFormat,
  now: Date,
): Promise<ListFile> {
  const rows = await worklist(db, user, regionId, filter, now, sort);
  const profile = await loadRegionProfile(db, regionId);
  const areaNames = new Map((profile.gebieden ?? []).map((g) => [g.id, g.naam] as const));
  const columns: ListColumn<WorklistRow>[] = [
    { header: 'Casus', width: 10, value: (r) => r.caseId },
    { header: 'Jeugdige', width: 28, value: (r) => r.youthName },
    { header: 'Status', width: 24, value: (r) => STATUS_LABELS[r.status] ?? r.status },
    { header: 'Regievoerder', width: 24, value: (r) => r.regievoerder ?? '' },
    { header: 'Gebied', width: 18, value: (r) => (r.areaId ? (areaNames.get(r.areaId) ?? r.areaId) : '') },
    { header: 'Crisis', width: 8, value: (r) => (r.crisis ? 'ja' : 'nee') },
    { header: 'Eerste termijn', width: 14, value: (r) => (r.due ? nlDate(r.due) : '') },
    {
      header: 'Signalen',
      width: 80,
      value: (r) => [...r.signals.map((s) => s.message), ...r.expiring.map((e) => `toewijzing ${e.nummer} eindigt op ${nlDate(e.einddatum)}`)].join('; '),
    },
  ];
  return listFile('Werklijst', `werklijst-${regionId}`, columns, rows, format);
}
