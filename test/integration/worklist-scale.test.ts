/**
 * Lists that scale and the role-aware start (issue #13): a werklijst of 10,000 open cases (inserted
 * with one multi-row SQL statement per table) paged, searched by name and case number, sorted and
 * exported as CSV and XLSX through HTTP; bad input gives a Dutch 400; "Mijn werk" per role in the
 * user's own region and scope, with the tabs the role may use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { providers, users } from '../../src/db/schema.js';
import { client, expectProblem, setUp, tearDown, type Harness } from './procurement-helpers.js';

const TODAY = '2026-11-22';
const N = 10_000;
let h: Harness;
let api: ReturnType<typeof client>;
let before = 0;
const W = '/api/v1/regions/wbo/worklist';

beforeAll(async () => {
  h = await setUp(TODAY, ['wbo']);
  api = client(h);
  const db = h.s.database.db;
  const [t] = await db.select().from(users).where(eq(users.username, 'toegang.wbo'));
  const code = t!.municipalityCode!;
  before = (await api.get('toegang.wbo', `${W}?limit=1`)).json().total;
  const state = JSON.stringify({
    status: 'aangemeld',
    hulpvraag: 'Schaaltest',
    aangemeldOp: '2026-11-01T09:00:00.000Z',
    crisis: false,
    geboortedatum: '2012-05-01',
    mdos: [],
    verwijzingen: [],
    beschikkingen: [],
    toewijzingen: [],
    afgehandeld: [],
  });
  // One statement per table: 10,000 families, youths and open cases in the toegang user's municipality.
  await db.execute(sql`insert into families (region_id, municipality_code) select 'wbo', ${code} from generate_series(1, ${N})`);
  await db.execute(sql`
    insert into youths (region_id, family_id, bsn, pseudonym, given_name, family_name, birth_date, gender, municipality_code)
    select 'wbo', f.id, 'schaal-' || f.rn, 'ps-schaal-' || f.rn, 'Kind' || f.rn, case when f.rn = 4242 then 'Zoekvlinder' else 'Schaal' end, '2012-05-01', '0', ${code}
    from (select id, row_number() over (order by id) as rn from families where region_id = 'wbo' and municipality_code = ${code} and id not in (select family_id from youths)) f`);
  await db.execute(sql`
    insert into cases (region_id, family_id, youth_id, municipality_code, status, state, opened_at, updated_at)
    select 'wbo', y.family_id, y.id, ${code}, 'aangemeld', ${state}::jsonb, now(), now() from youths y where y.bsn like 'schaal-%'`);
}, 600_000);
afterAll(async () => tearDown(h));

describe('werklijst of 10,000 cases: paging, search, sort, export', () => {
  it('pages: {total, rows} with limit and offset; the pages do not overlap', async () => {
    const p1 = (await api.get('toegang.wbo', `${W}?limit=50&offset=0&sort=case`)).json();
    expect(p1.total).toBe(before + N);
    expect(p1.rows).toHaveLength(50);
    const p2 = (await api.get('toegang.wbo', `${W}?limit=50&offset=50&sort=case`)).json();
    expect(p2.rows).toHaveLength(50);
    expect(p2.rows[0].caseId).toBeGreaterThan(p1.rows.at(-1).caseId);
    const last = (await api.get('toegang.wbo', `${W}?limit=50&offset=${before + N - 10}&sort=case`)).json();
    expect(last.rows).toHaveLength(10);
  });
  it('searches by name (case-insensitive, part of it) and by case number', async () => {
    const byName = (await api.get('toegang.wbo', `${W}?q=zoekVLIN`)).json();
    expect(byName.total).toBe(1);
    expect(byName.rows[0].youthName).toBe('Kind4242 Zoekvlinder');
    const id = byName.rows[0].caseId as number;
    const byNumber = (await api.get('toegang.wbo', `${W}?q=${id}`)).json();
    expect(byNumber.rows.map((r: { caseId: number }) => r.caseId)).toContain(id);
    expect((await api.get('toegang.wbo', `${W}?q=bestaat-niet-xyz`)).json()).toEqual({ total: 0, rows: [] });
  });
  it('sorts by case number both ways and by name', async () => {
    const desc = (await api.get('toegang.wbo', `${W}?limit=3&sort=-case`)).json().rows.map((r: { caseId: number }) => r.caseId);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const names = (await api.get('toegang.wbo', `${W}?limit=5&sort=name&q=Kind100`)).json().rows.map((r: { youthName: string }) => r.youthName);
    // Kind100, Kind1000..Kind1009 and Kind10000 contain "kind100"; by the full name "Kind10000 Schaal" sorts before "Kind1001 Schaal".
    expect(names).toEqual(['Kind100 Schaal', 'Kind1000 Schaal', 'Kind10000 Schaal', 'Kind1001 Schaal', 'Kind1002 Schaal']);
  });
  it('exports the filtered list as CSV (semicolons, dd-mm-jjjj) and XLSX, without paging', async () => {
    const csv = await api.get('toegang.wbo', `${W}.csv?q=Kind42`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    // Kind42, Kind420-429, Kind4200-4299: 1 + 10 + 100 = 111 rows and the header.
    expect(lines).toHaveLength(112);
    expect(lines[0]).toBe('Casus;Jeugdige;Status;Regievoerder;Gebied;Crisis;Eerste termijn;Signalen');
    expect(lines.some((l) => l.includes('Kind4242 Zoekvlinder;Hulpvraag geregistreerd'))).toBe(true);
    const x = await api.get('toegang.wbo', `${W}.xlsx?q=Kind42`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Werklijst')!.rowCount).toBe(112);
    const all = await api.get('toegang.wbo', `${W}.csv`);
    expect(all.body.trim().split(/\r?\n/)).toHaveLength(before + N + 1);
  });
  it('bad paging or sort is a 400 problem; other roles get 403; another municipality sees none of the 10,000', async () => {
    const p = expectProblem(await api.get('toegang.wbo', `${W}?limit=0`), 400) as unknown as { detail: string; errors: { field: string; message: string }[] };
    expect(p.errors).toEqual([{ field: 'limit', message: 'moet 1 of meer zijn' }]);
    expect(p.detail).toBe('limit: moet 1 of meer zijn');
    expectProblem(await api.get('toegang.wbo', `${W}?limit=100000`), 400);
    expectProblem(await api.get('toegang.wbo', `${W}?sort=bsn`), 400);
    expectProblem(await api.get('controller.wbo', `${W}`), 403);
    expectProblem(await api.get('controller.wbo', `${W}.csv`), 403);
  });
});

describe('Mijn werk per role', () => {
  it('toegang: own cases with a due signal, tabs without Inkoop', async () => {
    const r = await api.get('toegang.wbo', '/api/v1/regions/wbo/my-work');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ role: 'toegang', tabs: ['mijn-werk', 'werklijst', 'sturing', 'landschap', 'zorggebruik'] });
    expect(r.json().sections.map((s: { id: string }) => s.id)).toEqual(['termijnen']);
  });
  it('gemeente: decisions and allocations to make; contractmanager: procedures, contracts ending, dialogue actions', async () => {
    expect((await api.get('gemeente.wbo', '/api/v1/regions/wbo/my-work')).json().sections.map((s: { id: string }) => s.id)).toEqual([
      'beschikken',
      'toewijzen',
      'termijnen',
      'declaraties',
    ]);
    const cm = (await api.get('contractmanager.wbo', '/api/v1/regions/wbo/my-work')).json();
    expect(cm.sections.map((s: { id: string }) => s.id)).toEqual(['procedures', 'contracten-aflopend', 'dialoogacties']);
    // The demo leaves dagbesteding en dagbehandeling in the award phase (a next step).
    expect(cm.sections[0].items.map((i: { text: string }) => i.text)).toContain('Aanbesteding dagbesteding en dagbehandeling 2027');
    // Every running WBO demo contract ends on 31-12-2026, within 12 months of 22-11-2026.
    expect(cm.sections[1].total).toBeGreaterThan(0);
    expect(cm.sections[1].items.every((i: { due: string }) => i.due <= '2027-11-22')).toBe(true);
    // Each open dialogue action names the provider of its dialogue (the same action with two providers reads apart).
    const providerNames = new Set(
      (await h.s.database.db.select({ name: providers.name }).from(providers).where(eq(providers.regionId, 'wbo'))).map((p) => p.name),
    );
    const actions = cm.sections[2].items as { detail: string }[];
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(providerNames.has(a.detail.split(' · ')[0]!), a.detail).toBe(true);
  });
  it('controller, beleid, aanbieder and beheer each get their own sections; another region is 404', async () => {
    expect((await api.get('controller.wbo', '/api/v1/regions/wbo/my-work')).json().sections.map((s: { id: string }) => s.id)).toEqual([
      'plafonds',
      'declaraties',
    ]);
    expect((await api.get('beleid.wbo', '/api/v1/regions/wbo/my-work')).json().sections.map((s: { id: string }) => s.id)).toEqual([
      'contracten-aflopend',
      'plafonds',
    ]);
    const a = (await api.get('aanbieder.wbo', '/api/v1/regions/wbo/my-work')).json();
    expect(a.sections.map((s: { id: string }) => s.id)).toEqual(['te-starten', 'contracten-aflopend', 'declaraties']);
    expect(a.tabs).not.toContain('werklijst');
    expect((await api.get('beheer', '/api/v1/regions/wbo/my-work')).json().sections.map((s: { id: string }) => s.id)).toEqual(['procedures', 'profielvragen']);
    expectProblem(await api.get('toegang.wbo', '/api/v1/regions/holland-rijnland/my-work'), 404);
  });
  it('the session tells the web app the tabs of the role', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'controller.wbo', password: 'demo' } });
    expect(r.json().user.tabs).toEqual(['mijn-werk', 'financien', 'sturing', 'inkoop', 'landschap', 'zorggebruik']);
  });
});
