/**
 * Lists that scale (issue #13, "Lists that scale"): declarations, procedures, providers and
 * contracts answer `?q=&sort=&limit=&offset=` as `{total, rows}` and export the filtered list
 * (no paging) as CSV (semicolons, BOM, dd-mm-jjjj) and XLSX, through HTTP on a small WBO demo.
 * Expected values come from rows this test writes itself or from a count of the whole list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { client, expectProblem, regionProviders, setUp, tearDown, type Harness } from './procurement-helpers.js';

const R = '/api/v1/regions/wbo';
let h: Harness;
let api: ReturnType<typeof client>;
let prov: Awaited<ReturnType<typeof regionProviders>>;

const csvLines = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
async function sheet(raw: unknown, name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as ArrayBuffer);
  return wb.getWorksheet(name)!;
}

beforeAll(async () => {
  h = await setUp('2026-11-22', ['wbo']);
  api = client(h);
  prov = await regionProviders(h, 'wbo');
  const [a, b] = prov;
  // Three declarations written directly (no settlement needed for a list): amounts chosen by hand.
  await h.s.database.db.execute(sql`delete from declaration_lines where declaration_id in (select id from declarations where region_id = 'wbo')`);
  await h.s.database.db.execute(sql`delete from declarations where region_id = 'wbo'`);
  const rows: [number, string, string, string, number, number, number][] = [
    [a!.id, a!.agbCode, 'LIJST-001', '2026-08-01', 123_456_78, 123_000_00, 1],
    [a!.id, a!.agbCode, 'LIJST-002', '2026-09-01', 5_000_00, 5_000_00, 0],
    [b!.id, b!.agbCode, 'LIJST-003', '2026-10-01', 77_777_77, 70_000_00, 3],
  ];
  for (const [pid, agb, nr, start, sub, appr, rej] of rows) {
    await h.s.database.db.execute(sql`
      insert into declarations (region_id, provider_id, provider_agb, declaratie_nummer, content_hash, received_at, period_start, period_end, submitted_cents, approved_cents, line_count, rejected_count, answer_xml, received_gzip)
      values ('wbo', ${pid}, ${agb}, ${nr}, ${'h-' + nr}, '2026-11-01T10:00:00Z', ${start}, (${start}::date + interval '1 month' - interval '1 day')::date, ${sub}, ${appr}, 10, ${rej}, '<x/>', '\\x00')`);
  }
}, 600_000);
afterAll(async () => tearDown(h));

describe('declarations: q, sort, paging and export', () => {
  it('sorts by submitted amount both ways and pages with limit/offset', async () => {
    const desc = (await api.get('controller.wbo', `${R}/declarations?sort=-submitted`)).json();
    expect(desc.total).toBe(3);
    expect(desc.rows.map((r: { declaratieNummer: string }) => r.declaratieNummer)).toEqual(['LIJST-001', 'LIJST-003', 'LIJST-002']);
    const p2 = (await api.get('controller.wbo', `${R}/declarations?sort=submitted&limit=1&offset=1`)).json();
    expect(p2).toMatchObject({ total: 3, rows: [{ declaratieNummer: 'LIJST-003' }] });
  });
  it('searches by provider name (part, any case), AGB code and declaration number', async () => {
    const b = prov[1]!;
    const part = b.name.slice(1, 6).toUpperCase();
    const byName = (await api.get('controller.wbo', `${R}/declarations?q=${encodeURIComponent(part)}`)).json();
    expect(byName.rows.map((r: { providerId: number }) => r.providerId)).toContain(b.id);
    expect((await api.get('controller.wbo', `${R}/declarations?q=${prov[0]!.agbCode}`)).json().total).toBe(2);
    expect((await api.get('controller.wbo', `${R}/declarations?q=LIJST-002`)).json().rows).toHaveLength(1);
    expect((await api.get('controller.wbo', `${R}/declarations?q=bestaat-niet`)).json().total).toBe(0);
  });
  it('exports the filtered list as CSV (cents kept, dd-mm-jjjj) and XLSX', async () => {
    const csv = await api.get('controller.wbo', `${R}/declarations.csv?q=${prov[0]!.agbCode}&sort=period`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="declaraties-wbo.csv"');
    const lines = csvLines(csv.body);
    expect(lines[0]).toBe(
      'Declaratienummer;Aanbieder;AGB-code;Gemeente (CBS-code);Periode vanaf;Periode tot en met;Ontvangen;Ingediend (€);Goedgekeurd (€);Regels;Afgewezen regels',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('LIJST-001');
    expect(lines[1]).toContain(';01-08-2026;31-08-2026;01-11-2026;123456.78;123000;');
    const x = await api.get('controller.wbo', `${R}/declarations.xlsx?rejected=true`);
    const ws = await sheet(x.rawPayload, 'Declaraties');
    expect(ws.rowCount).toBe(3); // header + LIJST-001 and LIJST-003 (rejected lines)
    expect(ws.getRow(2).getCell(8).value).toBe(77777.77);
  });
  it('bad sort is a Dutch 400; the local team may not see declarations', async () => {
    expectProblem(await api.get('controller.wbo', `${R}/declarations?sort=bsn`), 400);
    expectProblem(await api.get('toegang.wbo', `${R}/declarations.csv`), 403);
  });
});

describe('procedures: the list next to the board', () => {
  it('holds every procedure of the board, searchable and sortable, exported as CSV', async () => {
    const board = (await api.get('contractmanager.wbo', `${R}/procedures`)).json();
    const all = board.segments.flatMap((s: { procedures: { id: number }[] }) => s.procedures.map((p) => p.id)) as number[];
    expect(all.length).toBeGreaterThan(0);
    const list = (await api.get('contractmanager.wbo', `${R}/procedure-list?sort=-id&limit=1000`)).json();
    expect(list.total).toBe(all.length);
    expect(list.rows.map((r: { id: number }) => r.id)).toEqual([...all].sort((a, b) => b - a));
    const first = list.rows[0] as { name: string; segmentName: string };
    const found = (await api.get('contractmanager.wbo', `${R}/procedure-list?q=${encodeURIComponent(first.name)}`)).json();
    expect(found.rows.every((r: { name: string }) => r.name.includes(first.name))).toBe(true);
    const csv = csvLines((await api.get('contractmanager.wbo', `${R}/procedure-list.csv`)).body);
    expect(csv[0]).toBe('Nr;Procedure;Segment / taakgebied;Fase;Volgende stap;Gepubliceerd op;Gegund op;Aanmeldingen');
    expect(csv).toHaveLength(all.length + 1);
    expect(csv.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expectProblem(await api.get('toegang.wbo', `${R}/procedure-list`), 403);
  });
});

describe('providers: a register that scales', () => {
  it('lists every provider of the region, by AGB code, paged; a provider sees only itself', async () => {
    const list = (await api.get('contractmanager.wbo', `${R}/providers?limit=2`)).json();
    expect(list.total).toBe(prov.length);
    expect(list.rows).toHaveLength(2);
    const byAgb = (await api.get('contractmanager.wbo', `${R}/providers?q=${prov[2]!.agbCode}`)).json();
    expect(byAgb.rows[0]).toMatchObject({ id: prov[2]!.id, agbCode: prov[2]!.agbCode });
    const names = (await api.get('contractmanager.wbo', `${R}/providers?sort=-name&limit=1000`)).json().rows.map((r: { name: string }) => r.name);
    expect(names).toEqual([...prov.map((p) => p.name)].sort((a, b) => b.localeCompare(a, 'nl')));
    const own = (await api.get('aanbieder.wbo', `${R}/providers`)).json();
    expect(own.total).toBe(1);
    const x = await api.get('contractmanager.wbo', `${R}/providers.xlsx`);
    expect((await sheet(x.rawPayload, 'Aanbieders')).rowCount).toBe(prov.length + 1);
    expectProblem(await api.get('privacy.wbo', `${R}/providers`), 403);
  });
});

describe('contracts: sort and export', () => {
  it('sorts by end date and exports the register with the contract named by provider, segment and lot', async () => {
    const desc = (await api.get('contractmanager.wbo', `${R}/contracts?sort=-end&limit=1000`)).json();
    const ends = desc.rows.map((r: { endDate: string }) => r.endDate);
    expect(ends).toEqual([...ends].sort().reverse());
    const csv = csvLines((await api.get('contractmanager.wbo', `${R}/contracts.csv?sort=provider`)).body);
    expect(csv).toHaveLength(desc.total + 1);
    expect(csv[0]!.startsWith('Contract;Aanbieder;AGB-code;Segment / taakgebied;Perceel;Ingang;Einde;Stand')).toBe(true);
    expect(csv[1]).toMatch(/ — /);
    expectProblem(await api.get('contractmanager.wbo', `${R}/contracts?sort=plafond`), 400);
  });
});
