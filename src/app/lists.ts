/**
 * Shared machinery of the lists that scale (issue #13): one page of a filtered, sorted list as
 * `{total, rows}`, and the filtered list (no paging) as a CSV or XLSX file. Used by the worklist,
 * declarations, procedures, providers and contracts, so each list only names its columns, its
 * search text and its sort keys. Written with exceljs (also its CSV writer: `;`, BOM, for Excel
 * in Dutch).
 */
import ExcelJS from 'exceljs';

export type ListFormat = 'csv' | 'xlsx';

export interface ListColumn<R> {
  header: string;
  width?: number;
  /** The cell: a number stays a number in XLSX; money is passed in euros (cents / 100) with `money`. */
  value: (r: R) => string | number | null | undefined;
  /** Euro format (`#,##0.00`) in XLSX. */
  money?: boolean;
}

export interface ListFile {
  file: Buffer;
  name: string;
  rows: number;
}

export const LIST_MIME: Record<ListFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The rows as one sheet (XLSX) or a `;`-separated CSV with BOM; `baseName` without extension. */
export async function listFile<R>(
  sheet: string,
  baseName: string,
  columns: readonly ListColumn<R>[],
  rows: readonly R[],
  format: ListFormat,
): Promise<ListFile> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Regiekamer Jeugd';
  const ws = wb.addWorksheet(sheet.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31));
  ws.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width ?? 16,
    ...(c.money && format === 'xlsx' ? { style: { numFmt: '#,##0.00' } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(Object.fromEntries(columns.map((c, i) => [`c${i}`, c.value(r) ?? ''])));
  const file = format === 'xlsx' ? await wb.xlsx.writeBuffer() : await wb.csv.writeBuffer({ formatterOptions: { delimiter: ';', writeBOM: true } });
  return { file: Buffer.from(file as ArrayBuffer), name: `${baseName}.${format}`, rows: rows.length };
}

export interface PageRequest<S extends string = string> {
  /** Free text; never logged (the request log keeps the path only). */
  q?: string;
  sort?: S;
  limit?: number;
  offset?: number;
}

export interface Page<R> {
  total: number;
  rows: R[];
}

/** Lower case without diacritics, for a forgiving search ("Zoë" finds "zoe"). */
export const searchText = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export interface ListSpec<R, S extends string> {
  /** The text a row is found by (names, numbers). */
  text: (r: R) => string;
  /** Ascending comparators per sort key; `-key` sorts descending. */
  sorts: Record<S, (a: R, b: R) => number>;
  defaultSort: S | `-${S}`;
}

/** The sort keys a spec accepts: each key and its descending `-key`. */
export const sortKeys = <S extends string>(keys: readonly S[]): [string, ...string[]] => keys.flatMap((k) => [k, `-${k}`]) as [string, ...string[]];

/** Filter (q, every word must occur), sort and (optionally) page a list in memory. */
export function filterSort<R, S extends string>(rows: readonly R[], req: PageRequest, spec: ListSpec<R, S>): R[] {
  const words = searchText(req.q?.trim() ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const found =
    words.length === 0
      ? [...rows]
      : rows.filter((r) => {
          const t = searchText(spec.text(r));
          return words.every((w) => t.includes(w));
        });
  const sort = req.sort ?? spec.defaultSort;
  const desc = sort.startsWith('-');
  const cmp = spec.sorts[(desc ? sort.slice(1) : sort) as S];
  if (cmp) found.sort(desc ? (a, b) => cmp(b, a) : cmp);
  return found;
}

export function pageOf<R, S extends string>(rows: readonly R[], req: PageRequest, spec: ListSpec<R, S>, defaultLimit = 50): Page<R> {
  const all = filterSort(rows, req, spec);
  const offset = req.offset ?? 0;
  return { total: all.length, rows: all.slice(offset, offset + (req.limit ?? defaultLimit)) };
}

/** Compare helpers for the sort tables. */
export const byText =
  <R>(f: (r: R) => string | null | undefined) =>
  (a: R, b: R) =>
    (f(a) ?? '').localeCompare(f(b) ?? '', 'nl');
export const byNumber =
  <R>(f: (r: R) => number | null | undefined) =>
  (a: R, b: R) => {
    const x = f(a) ?? null;
    const y = f(b) ?? null;
    return x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y;
  };
