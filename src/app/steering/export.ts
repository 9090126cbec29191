/**
 * KPI exports: the same items as GET .../kpis as CSV (semicolon-separated, Dutch headers, decimal
 * comma-free numbers for spreadsheets) and as an XLSX workbook (exceljs) with a sheet of
 * definitions and sources.
 */
import ExcelJS from 'exceljs';
import type { KpiItem, KpiResult } from './kpis.js';

const STATUS: Record<KpiItem['status'], string> = {
  'on-target': 'op doel',
  'off-target': 'niet op doel',
  'no-target': 'geen doel',
  'insufficient-n': 'te weinig waarnemingen',
};
const LEVEL: Record<KpiItem['level'], string> = { region: 'regio', segment: 'segment', area: 'gebied', process: 'processtap' };

const HEADERS = [
  'indicator',
  'naam',
  'soort',
  'niveau',
  'onderdeel',
  'waarde',
  'eenheid',
  'n',
  'doel',
  'richting',
  'doel is aanname',
  'drempel',
  'signaal',
  'status',
  'interval laag',
  'interval hoog',
  'bron',
];

function cells(i: KpiItem): (string | number | null)[] {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 10000);
  return [
    i.id,
    i.label,
    i.kind.toUpperCase(),
    LEVEL[i.level],
    i.keyLabel,
    round(i.value),
    i.unit,
    i.n,
    i.target?.value ?? null,
    i.direction ?? '',
    i.target?.aanname ? 'ja' : i.target ? 'nee' : '',
    i.threshold?.value ?? null,
    i.signal ? 'ja' : 'nee',
    STATUS[i.status],
    round(i.interval?.[0] ?? null),
    round(i.interval?.[1] ?? null),
    `bron ${i.bron.seed} §${i.bron.sectie}`,
  ];
}

/** A CSV cell: quoted when needed; a leading =, +, - or @ is neutralised (spreadsheet formulas). */
function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function kpisCsv(r: KpiResult): string {
  return [HEADERS.join(';'), ...r.items.map((i) => cells(i).map(csvCell).join(';'))].join('\n') + '\n';
}

export async function kpisWorkbook(r: KpiResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Regiekamer Jeugd';
  const ws = wb.addWorksheet('Indicatoren');
  ws.addRow([`Indicatoren ${r.region}, ${LEVEL[r.level]}, periode ${r.period.label}, ${r.scope}; gegevens tot en met ${r.dataDate}`]).font = { bold: true };
  ws.addRow(HEADERS).font = { bold: true };
  for (const i of r.items) ws.addRow(cells(i));
  ws.columns.forEach((c, n) => (c.width = n === 1 || n === 4 || n === 16 ? 34 : 14));
  const defs = wb.addWorksheet('Definities');
  defs.addRow(['indicator', 'naam', 'definitie', 'doel: aanname of bron', 'bron', 'citaat']).font = { bold: true };
  const seen = new Set<string>();
  for (const i of r.items) {
    if (seen.has(i.id)) continue;
    seen.add(i.id);
    defs.addRow([
      i.id,
      i.label,
      i.definition,
      i.target?.aanname ?? (i.target?.bron ? `bron ${i.target.bron.seed} §${i.target.bron.sectie}` : ''),
      `bron ${i.bron.seed} §${i.bron.sectie}`,
      i.bron.citaat ?? '',
    ]);
  }
  defs.columns.forEach((c, n) => (c.width = n === 2 || n === 3 || n === 5 ? 60 : 20));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
