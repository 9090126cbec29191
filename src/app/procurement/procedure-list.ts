/**
 * The procedures as a list that scales (issue #13): every procedure of the region (flattened from
 * the board) with its segment, kind, phase, next step and application count; search (name,
 * segment, phase), sort and paging as `{total, rows}`, and the filtered list as CSV or XLSX.
 * Same scope as the board (a provider counts only its own applications).
 */
import type { Db } from '../../db/database.js';
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
import { procedureBoard, type ProcedureSummary } from './procedures.js';

export interface ProcedureRowView extends ProcedureSummary {
  segmentName: string;
}

export const PROCEDURE_SORT_KEYS = ['name', 'segment', 'status', 'published', 'awarded', 'applications', 'id'] as const;
type ProcedureSortKey = (typeof PROCEDURE_SORT_KEYS)[number];

const SPEC: ListSpec<ProcedureRowView, ProcedureSortKey> = {
  text: (r) => `${r.id} ${r.name} ${r.segmentName} ${r.statusLabel} ${r.soort}`,
  sorts: {
    id: byNumber((r) => r.id),
    name: (a, b) => byText<ProcedureRowView>((r) => r.name)(a, b) || a.id - b.id,
    segment: (a, b) => byText<ProcedureRowView>((r) => r.segmentName)(a, b) || a.id - b.id,
    status: (a, b) => byText<ProcedureRowView>((r) => r.statusLabel)(a, b) || a.id - b.id,
    published: (a, b) => byText<ProcedureRowView>((r) => r.publishedOn)(a, b) || a.id - b.id,
    awarded: (a, b) => byText<ProcedureRowView>((r) => r.awardedOn)(a, b) || a.id - b.id,
    applications: (a, b) => a.applicationCount - b.applicationCount || a.id - b.id,
  },
  defaultSort: 'id',
};

async function rows(db: Db, user: UserScope, regionId: string): Promise<ProcedureRowView[]> {
  const board = await procedureBoard(db, user, regionId);
  return board.segments.flatMap((s) => s.procedures.map((p) => ({ ...p, segmentName: s.name })));
}

export async function procedureList(db: Db, user: UserScope, regionId: string, req: PageRequest): Promise<Page<ProcedureRowView>> {
  return pageOf(await rows(db, user, regionId), req, SPEC);
}

export async function procedureListFile(db: Db, user: UserScope, regionId: string, req: PageRequest, format: ListFormat): Promise<ListFile> {
  const all = filterSort(await rows(db, user, regionId), req, SPEC);
  const columns: ListColumn<ProcedureRowView>[] = [
    { header: 'Nr', width: 6, value: (r) => r.id },
    { header: 'Procedure', width: 40, value: (r) => r.name },
    { header: 'Segment / taakgebied', width: 34, value: (r) => r.segmentName },
    { header: 'Fase', width: 18, value: (r) => r.statusLabel },
    { header: 'Volgende stap', width: 60, value: (r) => r.nextStep },
    { header: 'Gepubliceerd op', width: 14, value: (r) => (r.publishedOn ? nlDate(r.publishedOn) : '') },
    { header: 'Gegund op', width: 14, value: (r) => (r.awardedOn ? nlDate(r.awardedOn) : '') },
    { header: 'Aanmeldingen', width: 10, value: (r) => r.applicationCount },
  ];
  return listFile('Procedures', `procedures-${regionId}`, columns, all, format);
}
