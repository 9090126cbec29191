/**
 * The worklist as a file (CSV or XLSX), with the same filters and sort as the screen (no paging):
 * case number, name, status, regievoerder, area, crisis, first due date (dd-mm-jjjj) and the
 * signals in words. Written with exceljs (also its CSV writer).
 */
import ExcelJS from 'exceljs';
import type { Db } from '../../db/database.js';
import { STATUS_LABELS } from '../../domain/access/case.js';
import type { UserScope } from '../../domain/access/roles.js';
import { nlDate } from '../../domain/dates.js';
import { worklist, type WorklistFilter, type WorklistSort } from './case-queries.js';

export async function worklistFile(db: Db, user: UserScope, regionId: string, filter: WorklistFilter, sort: WorklistSort, format: 'csv' | 'xlsx', now: Date): Promise<{ file: Buffer; name: string; rows: number }> {
  const rows = await worklist(db, user, regionId, filter, now, sort);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Werklijst');
  ws.columns = [
    { header: 'Casus', key: 'caseId', width: 10 },
    { header: 'Jeugdige', key: 'name', width: 28 },
    { header: 'Status', key: 'status', width: 24 },
    { header: 'Regievoerder', key: 'regievoerder', width: 24 },
    { header: 'Gebied', key: 'area', width: 18 },
    { header: 'Crisis', key: 'crisis', width: 8 },
    { header: 'Eerste termijn', key: 'due', width: 14 },
    { header: 'Signalen', key: 'signals', width: 80 },
  ];
  for (const r of rows) {
    ws.addRow({
      caseId: r.caseId,
      name: r.youthName,
      status: STATUS_LABELS[r.status] ?? r.status,
      regievoerder: r.regievoerder ?? '',
      area: r.areaId ?? '',
      crisis: r.crisis ? 'ja' : 'nee',
      due: r.due ? nlDate(r.due) : '',
      signals: [...r.signals.map((s) => s.message), ...r.expiring.map((e) => `toewijzing ${e.nummer} eindigt op ${nlDate(e.einddatum)}`)].join('; '),
    });
  }
  const name = `werklijst-${regionId}.${format}`;
  const file = format === 'xlsx' ? await wb.xlsx.writeBuffer() : await wb.csv.writeBuffer({ formatterOptions: { delimiter: ';', writeBOM: true } });
  return { file: Buffer.from(file as ArrayBuffer), name, rows: rows.length };
}
