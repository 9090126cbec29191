/**
 * The SAS dialogue tender of WBO's Stevig Lokaal Team end to end through HTTP (seed 003 §5.3,
 * §11.2): create, configure, publish, aanmeldingen for one or more percelen with consortia,
 * selection, go/no-go, tenders, EMVI scores, the lot award with every constraint (422 names the
 * rule and source; nothing written), contracts from the award; bad input, illegal transitions
 * (409, unchanged), tenancy (provider sees only its own; only contractmanager changes; another
 * region sees nothing) and the exports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { contracts } from '../../src/db/schema.js';
import { awards, consortiumMembers, procedureEvents, procedures } from '../../src/db/schema-procurement.js';
import { client, expectProblem, providerUser, regionProviders, setUp, tearDown, type Harness } from './procurement-helpers.js';

const TODAY = '2025-09-15';
let h: Harness;
let api: ReturnType<typeof client>;
let P: { id: number; name: string; kind: string }[];
let pid: number;
const base = '/api/v1/regions/wbo/procedures';
const CM = 'contractmanager.wbo';
const app: Record<string, number> = {};

const detail = async (user = CM) => (await api.get(user, `${base}/${pid}`)).json();
const version = async () => (await detail()).version as number;
const state = async () => {
  const [row] = await h.s.database.db.select({ status: procedures.status, version: procedures.version }).from(procedures).where(eq(procedures.id, pid));
  const [ev] = await h.s.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(procedureEvents)
    .where(eq(procedureEvents.procedureId, pid));
  return { ...row, events: ev!.n };
};
/** Moves the server's clock (sessions of the old day may have expired: log in again). */
const setDay = (d: string) => {
  h.clock.today = d;
  h.tokens.clear();
};
const transition = async (action: object, user = CM, v?: number) => api.post(user, `${base}/${pid}/transitions`, { version: v ?? (await version()), action });

beforeAll(async () => {
  h = await setUp(TODAY, ['wbo', 'holland-rijnland']);
  api = client(h);
  P = await regionProviders(h, 'wbo');
  await providerUser(h, 'wbo', P[1]!.id, 'aanbieder.wbo.b');
});
afterAll(async () => tearDown(h));

describe('create and configure (contract manager)', () => {
  it('creates a sas-dialoog procedure for the SLT with the profile lots and 5+1+1 term', async () => {
    const res = await api.post(CM, base, { segmentId: 'slt', name: 'Aanbesteding SLT 2027 (test)' });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    pid = d.id;
    expect(d).toMatchObject({
      soort: 'sas-dialoog',
      status: 'concept',
      applicationKind: 'aanmelding',
      config: { percelen: ['p1', 'p2', 'p3'], looptijd: { startDate: '2027-01-01', endDate: '2031-12-31', extensionYears: [1, 1] } },
    });
    expect(d.allowedActions.sort()).toEqual(['intrekken', 'publiceren']);
    expect(d.lotRules.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      'aantalPartners',
      'wbo-lot-distinct',
      'wbo-slt-een-partner-per-perceel',
      'wbo-slt-consortium',
    ]);
    expect(d.events).toEqual([expect.objectContaining({ action: 'aanmaken', byUser: CM, toStatus: 'concept' })]);
  });
  it('the board lists it under its segment with phase and next step', async () => {
    const b = (await api.get(CM, base)).json();
    const slt = b.segments.find((s: { segmentId: string }) => s.segmentId === 'slt');
    expect(slt.procedures.find((p: { id: number }) => p.id === pid)).toMatchObject({
      status: 'concept',
      statusLabel: 'Concept',
      nextStep: expect.stringContaining('publiceren'),
    });
    expect(b.segments.find((s: { segmentId: string }) => s.segmentId === 'specialistische-ambulante-behandeling').blocked).toMatchObject({
      ruleId: 'procedure-open',
      source: { seed: '003', section: '6.3.2' },
    });
  });
  it('bad input: unknown segment 404, a segment whose procedure the profile leaves open 422, unknown property 400', async () => {
    expectProblem(await api.post(CM, base, { segmentId: 'bestaat-niet' }), 404);
    const p = expectProblem(await api.post(CM, base, { segmentId: 'specialistische-ambulante-behandeling' }), 422);
    expect(p.violations![0]).toMatchObject({ ruleId: 'procedure-open', source: { seed: '003', section: '6.3.2' } });
    expectProblem(await api.post(CM, base, { segmentId: 'slt', extra: 1 }), 400);
    expectProblem(await api.post(CM, `${base}/abc/transitions`, {}), 400);
  });
  it('EMVI weights must sum to 100 (emvi-criteria, seed 003 §5.3.2); a valid set is stored', async () => {
    const bad = expectProblem(
      await api.post(CM, `${base}/${pid}/config`, {
        version: await version(),
        emvi: {
          schaalMax: 10,
          criteria: [
            { id: 'plan', naam: 'Plan', soort: 'kwaliteit', gewicht: 70 },
            { id: 'prijs', naam: 'Prijs', soort: 'prijs', gewicht: 20 },
          ],
        },
      }),
      422,
    );
    expect(bad.violations![0]).toMatchObject({ ruleId: 'emvi-criteria', message: expect.stringContaining('deze tot 90') });
    const ok = await api.post(CM, `${base}/${pid}/config`, {
      version: await version(),
      emvi: {
        schaalMax: 10,
        criteria: [
          { id: 'plan', naam: 'Kwalitatief plan van aanpak', soort: 'kwaliteit', gewicht: 70 },
          { id: 'prijs', naam: 'Prijs', soort: 'prijs', gewicht: 30 },
        ],
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().config.emvi.criteria.map((c: { gewicht: number }) => c.gewicht)).toEqual([70, 30]);
  });
  it('only contractmanager (and beheer) change procedures: controller, beleid and aanbieder get 403', async () => {
    for (const u of ['controller.wbo', 'beleid.wbo', 'aanbieder.wbo']) {
      expectProblem(await api.post(u, base, { segmentId: 'slt' }), 403);
      expectProblem(await transition({ type: 'publiceren' }, u), 403);
    }
  });
  it('another region sees nothing: board and detail 404', async () => {
    expectProblem(await api.get('contractmanager.holland-rijnland', base), 404);
    expectProblem(await api.get('contractmanager.holland-rijnland', `${base}/${pid}`), 404);
    expectProblem(await api.post('contractmanager.holland-rijnland', `${base}/${pid}/transitions`, { version: 1, action: { type: 'publiceren' } }), 404);
  });
});

describe('selection phase (seed 003 §5.3.2, §5.3.3)', () => {
  it('an aanmelding before publication is refused (aanmelding-in-selectiefase)', async () => {
    const p = expectProblem(await api.post('aanbieder.wbo', `${base}/${pid}/applications`, { lotIds: ['p1'] }), 422);
    expect(p.violations![0]).toMatchObject({ ruleId: 'aanmelding-in-selectiefase', source: { seed: '003', section: '5.3.2' } });
  });
  it('a stale version is 409 and changes nothing; publishing moves to selectie', async () => {
    const before = await state();
    expect(before.version).toEqual(expect.any(Number));
    expectProblem(await transition({ type: 'publiceren' }, CM, before.version! - 1), 409);
    expect(await state()).toEqual(before);
    const res = await transition({ type: 'publiceren' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'selectie', publishedOn: TODAY });
  });
  it('illegal transitions are 409 and change nothing', async () => {
    const before = await state();
    for (const action of [
      { type: 'publiceren' },
      { type: 'instroomronde-sluiten' },
      { type: 'toetreding', open: false, reden: 'x y z' },
      { type: 'aanvraag-sluiten' },
      { type: 'beeindigen', reden: 'einde' },
    ]) {
      const p = expectProblem(await transition(action), 409);
      expect(p.detail).toMatch(/regel procedure-fase, bron 00[34] §/);
      expect(p.violations![0]).toMatchObject({ ruleId: 'procedure-fase', source: { seed: expect.any(String), section: expect.any(String) } });
    }
    expectProblem(await api.post(CM, `${base}/${pid}/transitions`, { version: before.version, action: { type: 'gunnen' } }), 400);
    expect(await state()).toEqual(before);
  });
  it('aanmeldingen: a provider for itself, a contract manager on behalf of others, with consortia and one or more percelen', async () => {
    const own = await api.post('aanbieder.wbo', `${base}/${pid}/applications`, {
      lotIds: ['p1'],
      penvoerderKind: 'jeugdhulpaanbieder',
      members: [{ name: 'Stichting Welzijn Altena', kind: 'institutionele-sociale-basis', role: 'lid' }],
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().applications).toHaveLength(1); // the provider sees only its own
    app.a = own.json().applications[0].id;
    const reg = async (i: number, lotIds: string[], members: object[]) => {
      const r = await api.post(CM, `${base}/${pid}/applications`, { providerId: P[i]!.id, lotIds, penvoerderKind: 'jeugdhulpaanbieder', members });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().applications.find((x: { providerId: number }) => x.providerId === P[i]!.id).id as number;
    };
    const isb = (name: string) => ({ name, kind: 'institutionele-sociale-basis', role: 'lid' });
    app.b = await reg(1, ['p2', 'p3'], [isb('Breda Welzijn')]);
    app.c = await reg(2, ['p2', 'p3'], [isb('Surplus Welzijn')]);
    app.d = await reg(3, ['p1'], []); // no social-base party: incomplete consortium
    app.e = await reg(4, ['p3'], [isb('Welzijn Zuid')]);
  });
  it('bad applications: twice (409), for another provider as a provider (403), without percelen or an unknown perceel (422)', async () => {
    expectProblem(await api.post('aanbieder.wbo', `${base}/${pid}/applications`, { lotIds: ['p1'] }), 409);
    expectProblem(await api.post('aanbieder.wbo', `${base}/${pid}/applications`, { providerId: P[5]!.id, lotIds: ['p1'] }), 403);
    expect(expectProblem(await api.post(CM, `${base}/${pid}/applications`, { providerId: P[5]!.id, lotIds: [] }), 422).violations![0]).toMatchObject({
      ruleId: 'aanmelding-percelen',
      source: { seed: '003', section: '5.3.3' },
    });
    expect(expectProblem(await api.post(CM, `${base}/${pid}/applications`, { providerId: P[5]!.id, lotIds: ['p7'] }), 422).violations![0]).toMatchObject({
      ruleId: 'unknown-lot',
    });
    expectProblem(await api.post(CM, `${base}/${pid}/applications`, { providerId: 999999, lotIds: ['p1'] }), 404);
  });
  it('go is refused while an aanmelding is undecided (selectie-afgerond); a rejection needs a reason', async () => {
    expect(expectProblem(await transition({ type: 'go-no-go', besluit: 'go', reden: 'stuurgroep 1 oktober' }), 422).violations![0]).toMatchObject({
      ruleId: 'selectie-afgerond',
    });
    expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.e}/decision`, { decision: 'afwijzen' }), 400);
    expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.e}/decision`, { decision: 'toelaten' }), 409);
  });
  it('selection decisions, then go: the dialogue phase; then go again: the award phase (seed 003 §11.2)', async () => {
    for (const k of ['a', 'b', 'c', 'd'])
      expect((await api.post(CM, `${base}/${pid}/applications/${app[k]}/decision`, { decision: 'selecteren' })).statusCode).toBe(200);
    expect(
      (await api.post(CM, `${base}/${pid}/applications/${app.e}/decision`, { decision: 'afwijzen', reason: 'voldoet niet aan de selectie-eisen' })).statusCode,
    ).toBe(200);
    expect((await transition({ type: 'go-no-go', besluit: 'go', reden: 'stuurgroep: voldoende geschikte partijen' })).json().status).toBe('dialoog');
    expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/decision`, { decision: 'afwijzen', reason: 'te laat' }), 409);
    expect((await transition({ type: 'go-no-go', besluit: 'go', reden: 'dialoogdocument vastgesteld' })).json().status).toBe('gunning');
  });
});

describe('award phase: tenders, EMVI, the lot award', () => {
  it('only dialogue participants submit a tender (inschrijving-alleen-dialoogdeelnemers)', async () => {
    const p = expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.e}/tender`, { priceCents: 100 }), 422);
    expect(p.violations![0]).toMatchObject({ ruleId: 'inschrijving-alleen-dialoogdeelnemers', source: { seed: '003', section: '5.3.2' } });
    expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/tender`, {}), 400); // price missing
    expect((await api.post('aanbieder.wbo', `${base}/${pid}/applications/${app.a}/tender`, { priceCents: 1_400_000_000 })).statusCode).toBe(200);
    expectProblem(await api.post('aanbieder.wbo', `${base}/${pid}/applications/${app.b}/tender`, { priceCents: 1 }), 404); // another provider's application
    for (const [k, price] of [
      ['b', 1_500_000_000],
      ['c', 1_450_000_000],
      ['d', 1_300_000_000],
    ] as const) {
      expect((await api.post(CM, `${base}/${pid}/applications/${app[k]}/tender`, { priceCents: price })).statusCode).toBe(200);
    }
  });
  it('EMVI scores: out of scale 422; the ranking per perceel follows the totals', async () => {
    expect(expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/scores`, { scores: { plan: 11 } }), 422).violations![0]).toMatchObject({
      ruleId: 'emvi-criteria',
    });
    // A score typed as text is refused per field with a Dutch message, never saved as 0 (issue #13 blocker).
    for (const typed of ['acht', 'abc', '', '7x']) {
      const bad = expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/scores`, { scores: { plan: typed } }), 422);
      expect(bad.violations![0]).toMatchObject({ ruleId: 'emvi-criteria', field: 'scores.plan', message: expect.stringContaining('is geen getal') });
    }
    expect(expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/scores`, { scores: { plan: '10,5' } }), 422).violations![0]).toMatchObject({
      field: 'scores.plan',
      message: expect.stringContaining('tussen 0 en 10'),
    });
    expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/scores`, { scores: { prijs: 5 } }), 422);
    for (const [k, s] of [
      ['a', 8],
      ['b', 9],
      ['c', 7],
      ['d', 9],
    ] as const)
      expect((await api.post(CM, `${base}/${pid}/applications/${app[k]}/scores`, { scores: { plan: s } })).statusCode).toBe(200);
    const d = await detail();
    // price is relative to the lowest price in the perceel: in p2 b = 70*0.9 + 30*(1.45/1.5) = 63 + 29 = 92%; c = 49 + 30 = 79%
    expect(d.ranking.p2.map((r: { applicationId: number }) => r.applicationId)).toEqual([app.b, app.c]);
    expect(d.ranking.p2.map((r: { total: number }) => r.total)).toEqual([9200, 7900]);
    expect(d.ranking.p1.map((r: { applicationId: number }) => r.applicationId)).toEqual([app.d, app.a]);
  });
  it('a provider sees only its own application, no ranking, no EMVI total, no others in the timeline', async () => {
    const d = await detail('aanbieder.wbo');
    expect(d.applications.map((a: { id: number }) => a.id)).toEqual([app.a]);
    expect(d.ranking).toBeNull();
    expect(d.applications[0].emviTotal).toBeNull();
    expect(d.allowedActions).toEqual([]);
    expect(JSON.stringify(d.events)).not.toContain(String(P[1]!.name));
    const other = await detail('aanbieder.wbo.b');
    expect(other.applications.map((a: { id: number }) => a.id)).toEqual([app.b]);
    expectProblem(await api.get('aanbieder.wbo', `${base}/${pid}/export.xlsx`), 403);
    expectProblem(await api.post('aanbieder.wbo', `${base}/${pid}/award-check`, { awards: [] }), 403);
  });
  it('award-check names the Breda rule when p2 and p3 go to the same party (seed 003 §5.3.3), and changes nothing', async () => {
    const before = await state();
    const r = await api.post(CM, `${base}/${pid}/award-check`, {
      awards: [
        { applicationId: app.a, lotId: 'p1' },
        { applicationId: app.b, lotId: 'p2' },
        { applicationId: app.b, lotId: 'p3' },
      ],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().violations).toEqual([
      expect.objectContaining({ ruleId: 'wbo-lot-distinct', source: expect.objectContaining({ seed: '003', section: '5.3.3' }) }),
    ]);
    expect(await state()).toEqual(before);
  });
  it('every violated constraint refuses the intention to award with a 422 listing the rules; nothing is written', async () => {
    const db = h.s.database.db;
    const count = async () =>
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(contracts)
          .where(eq(contracts.regionId, 'wbo'))
      )[0]!.n;
    const contractsBefore = await count();
    const before = await state();
    const cases: [object[], string][] = [
      [
        [
          { applicationId: app.a, lotId: 'p1' },
          { applicationId: app.b, lotId: 'p2' },
          { applicationId: app.b, lotId: 'p3' },
        ],
        'wbo-lot-distinct',
      ],
      [
        [
          { applicationId: app.a, lotId: 'p1' },
          { applicationId: app.d, lotId: 'p1' },
          { applicationId: app.b, lotId: 'p2' },
          { applicationId: app.c, lotId: 'p3' },
        ],
        'wbo-slt-een-partner-per-perceel',
      ],
      [
        [
          { applicationId: app.d, lotId: 'p1' },
          { applicationId: app.b, lotId: 'p2' },
          { applicationId: app.c, lotId: 'p3' },
        ],
        'wbo-slt-consortium',
      ],
      [
        [
          { applicationId: app.a, lotId: 'p1' },
          { applicationId: app.b, lotId: 'p2' },
          { applicationId: app.e, lotId: 'p3' },
        ],
        'gunning-alleen-dialoogdeelnemers',
      ],
      [
        [
          { applicationId: app.b, lotId: 'p1' },
          { applicationId: app.a, lotId: 'p2' },
          { applicationId: app.c, lotId: 'p3' },
        ],
        'gunning-perceel-aangemeld',
      ],
      [
        [
          { applicationId: app.a, lotId: 'p1' },
          { applicationId: app.b, lotId: 'p2' },
        ],
        'perceel-niet-gegund',
      ],
    ];
    for (const [awardsBody, rule] of cases) {
      const p = expectProblem(
        await api.post(CM, `${base}/${pid}/intention`, {
          version: before.version,
          awards: awardsBody,
          reasons: [
            { lotId: 'p1', reason: 'motivering voor de test' },
            { lotId: 'p3', reason: 'motivering voor de test' },
          ],
        }),
        422,
      );
      expect(
        p.violations!.map((v) => v.ruleId),
        rule,
      ).toContain(rule);
      expect(p.detail).toContain(`regel ${rule}`);
    }
    expect(await state()).toEqual(before);
    expect(await count()).toBe(contractsBefore);
    expect(await db.select().from(awards).where(eq(awards.procedureId, pid))).toEqual([]);
  });
  it('without an intention to award the definitive award is a 409', async () => {
    const before = await state();
    const p = expectProblem(await api.post(CM, `${base}/${pid}/award`, { version: before.version }), 409);
    expect(p.violations![0]).toMatchObject({ ruleId: 'voornemen-tot-gunning' });
    expect(await state()).toEqual(before);
  });
  it('choosing a party other than rank 1 needs a written reason per perceel (422); nothing is written', async () => {
    // Ranking (test above): p1 d before a, p2 and p3 b before c. Proposed: a in p1 and c in p3 are not rank 1.
    const proposed = [
      { applicationId: app.a, lotId: 'p1' },
      { applicationId: app.b, lotId: 'p2' },
      { applicationId: app.c, lotId: 'p3' },
    ];
    const before = await state();
    let p = expectProblem(await api.post(CM, `${base}/${pid}/intention`, { version: before.version, awards: proposed }), 422);
    expect(p.violations!.map((v) => v.ruleId)).toEqual(['gunning-afwijkend-van-rangorde', 'gunning-afwijkend-van-rangorde']);
    expect(p.violations!.map((v) => v.message).join(' ')).toMatch(/perceel "p1".*rang 2.*perceel "p3".*rang 2/);
    p = expectProblem(
      await api.post(CM, `${base}/${pid}/intention`, {
        version: before.version,
        awards: proposed,
        reasons: [
          { lotId: 'p1', reason: 'omdat' },
          { lotId: 'p3', reason: 'De Breda-regel: b heeft p2' },
        ],
      }),
      422,
    );
    expect(p.violations).toHaveLength(1);
    expect(p.violations![0]!.message).toContain('perceel "p1"');
    expect(await state()).toEqual(before);
  });
  it('the intention starts the 20-day standstill; it can be withdrawn with a reason and announced again', async () => {
    const reasons = [
      { lotId: 'p1', reason: 'd levert geen partij uit de institutionele sociale basis (consortiumregel)' },
      { lotId: 'p3', reason: 'De Breda-regel: b krijgt p2, dus p3 gaat naar c' },
    ];
    const proposed = [
      { applicationId: app.a, lotId: 'p1' },
      { applicationId: app.b, lotId: 'p2' },
      { applicationId: app.c, lotId: 'p3' },
    ];
    let res = await api.post(CM, `${base}/${pid}/intention`, { version: await version(), awards: proposed, reasons });
    expect(res.statusCode, res.body).toBe(200);
    // 15-09-2025 + 20 calendar days (profile wbo slt procedure.opschortendeTermijn) = 05-10-2025, the last day.
    expect(res.json().intention).toMatchObject({
      announcedOn: '2025-09-15',
      standstillDays: 20,
      standstillEndsOn: '2025-10-05',
      firstAwardDay: '2025-10-06',
      state: 'lopend',
    });
    expect(res.json().events.at(-1)).toMatchObject({ action: 'voornemen-gunning', reason: expect.stringContaining('perceel p1: d levert geen partij') });
    expectProblem(await api.post(CM, `${base}/${pid}/intention`, { version: res.json().version, awards: proposed, reasons }), 409);
    expectProblem(await api.post(CM, `${base}/${pid}/intention/actions`, { version: res.json().version, action: { type: 'intrekken', reden: 'kort' } }), 422);
    res = await api.post(CM, `${base}/${pid}/intention/actions`, {
      version: res.json().version,
      action: { type: 'intrekken', reden: 'Rekenfout in de scores van perceel p1 hersteld' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().intention).toBeNull();
    expect(res.json().events.at(-1)).toMatchObject({ action: 'voornemen-intrekken', reason: 'Rekenfout in de scores van perceel p1 hersteld' });
    res = await api.post(CM, `${base}/${pid}/intention`, { version: res.json().version, awards: proposed, reasons });
    expect(res.statusCode, res.body).toBe(200);
  });
  it('each bidder sees its own scores and rank and the chosen party with its quality scores, never another price', async () => {
    const a = await detail('aanbieder.wbo');
    expect(a.intention).toBeNull();
    expect(a.bidderNotice.lots).toEqual([
      {
        lotId: 'p1',
        lotName: expect.any(String),
        ownRank: 2,
        ranked: 2,
        ownScores: { plan: 8 },
        chosen: true,
        winner: { providerName: P[0]!.name, scores: { plan: 8 } },
      },
    ]);
    const b = await detail('aanbieder.wbo.b');
    const p3 = b.bidderNotice.lots.find((l: { lotId: string }) => l.lotId === 'p3');
    expect(p3).toMatchObject({ ownRank: 1, chosen: false, ownScores: { plan: 9 }, winner: { providerName: P[2]!.name, scores: { plan: 7 } } });
    // c's price 1,450,000,000 cents and d's 1,300,000,000 appear nowhere in b's view.
    expect(JSON.stringify(b)).not.toMatch(/1450000000|1300000000|14500000|13000000/);
    expect(b.events.find((e: { action: string }) => e.action === 'voornemen-gunning').reason).toBeNull();
  });
  it('409 within the standstill; suspended on an objection (409 too); resumed, its last day moves by the days suspended', async () => {
    const award = async () => api.post(CM, `${base}/${pid}/award`, { version: await version() });
    try {
      setDay('2025-10-05');
      let p = expectProblem(await award(), 409);
      expect(p.detail).toContain('loopt tot en met 05-10-2025; definitief gunnen kan vanaf 06-10-2025');
      setDay('2025-10-01');
      expectProblem(await api.post(CM, `${base}/${pid}/intention/actions`, { version: await version(), action: { type: 'opschorten', reden: '' } }), 422);
      let res = await api.post(CM, `${base}/${pid}/intention/actions`, {
        version: await version(),
        action: { type: 'opschorten', reden: 'Bezwaar van inschrijver d tegen de gunning van perceel p1' },
      });
      expect(res.json().intention).toMatchObject({ state: 'opgeschort', suspendedOn: '2025-10-01', firstAwardDay: null });
      setDay('2025-10-06');
      p = expectProblem(await award(), 409);
      expect(p.detail).toContain('opgeschort');
      // Suspended 01-10 to 08-10: 7 calendar days; the last day moves from 05-10 to 12-10-2025.
      setDay('2025-10-08');
      res = await api.post(CM, `${base}/${pid}/intention/actions`, { version: await version(), action: { type: 'hervatten' } });
      expect(res.json().intention).toMatchObject({ state: 'lopend', standstillEndsOn: '2025-10-12', firstAwardDay: '2025-10-13' });
      setDay('2025-10-12');
      expectProblem(await award(), 409);
      expect((await state()).status).toBe('gunning');
      expect(await h.s.database.db.select().from(awards).where(eq(awards.procedureId, pid))).toEqual([]);
    } finally {
      setDay('2025-10-13');
    }
  });
  it('after the standstill the definitive award follows the intention: gegund, contracts with procedure, type, term, extension options and the consortium', async () => {
    const other = [
      { applicationId: app.a, lotId: 'p1' },
      { applicationId: app.c, lotId: 'p2' },
      { applicationId: app.b, lotId: 'p3' },
    ];
    expectProblem(await api.post(CM, `${base}/${pid}/award`, { version: await version(), awards: other }), 409);
    const res = await api.post(CM, `${base}/${pid}/award`, { version: await version() });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ status: 'gegund', awardedOn: '2025-10-13', allowedActions: [], intention: null });
    expect(d.awards.map((a: { lotId: string; applicationId: number }) => [a.lotId, a.applicationId])).toEqual([
      ['p1', app.a],
      ['p2', app.b],
      ['p3', app.c],
    ]);
    expect(d.applications.find((a: { id: number }) => a.id === app.d).status).toBe('niet-gegund');
    const db = h.s.database.db;
    const cs = await db.select().from(contracts).where(eq(contracts.procedureId, pid));
    expect(cs).toHaveLength(3);
    for (const c of cs)
      expect(c).toMatchObject({
        segmentId: 'slt',
        startDate: '2027-01-01',
        endDate: '2031-12-31',
        extensionYears: [1, 1],
        contractType: 'overeenkomst',
        fundingVariant: 'taakgericht',
        status: 'gegund',
      });
    const p1 = cs.find((c) => c.lotId === 'p1')!;
    const members = await db.select().from(consortiumMembers).where(eq(consortiumMembers.contractId, p1.id));
    expect(members.map((m) => m.kind).sort()).toEqual(['institutionele-sociale-basis', 'jeugdhulpaanbieder']);
    expect(d.events.at(-1)).toMatchObject({ action: 'gunnen', fromStatus: 'gunning', toStatus: 'gegund', byUser: CM });
    expectProblem(await api.post(CM, `${base}/${pid}/award`, { version: d.version }), 409);
    expect(
      await db
        .select()
        .from(awards)
        .where(and(eq(awards.procedureId, pid))),
    ).toHaveLength(3);
    setDay(TODAY);
  });
  it('exports: the workbook holds applicants, ranking, awards and the constraint checks; the PDF is a PDF', async () => {
    // Only procurement roles export the outcome with every bid (the authorisation matrix, issue #10).
    expectProblem(await api.get('controller.wbo', `${base}/${pid}/export.xlsx`), 403);
    const x = await api.get(CM, `${base}/${pid}/export.xlsx`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Procedure', 'Aanmeldingen', 'Ranking per perceel', 'Gunning', 'Toetsing regels', 'Tijdlijn']);
    expect(wb.getWorksheet('Aanmeldingen')!.rowCount).toBe(6);
    const checks = wb
      .getWorksheet('Toetsing regels')!
      .getSheetValues()
      .slice(2)
      .map((r) => (r as string[])[1]);
    expect(checks).toEqual(expect.arrayContaining(['wbo-lot-distinct', 'wbo-slt-consortium', 'aantalPartners']));
    const lotDistinct = wb
      .getWorksheet('Toetsing regels')!
      .getSheetValues()
      .find((r) => (r as string[])?.[1] === 'wbo-lot-distinct') as string[];
    expect(lotDistinct[3]).toBe('bron 003 §5.3.3');
    expect(lotDistinct[4]).toBe('voldaan');
    expectProblem(await api.get('beleid.wbo', `${base}/${pid}/export.pdf`), 403);
    const pdf = await api.get(CM, `${base}/${pid}/export.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('no-go and withdrawal', () => {
  it('no-go at the selection phase withdraws the procedure with its reason; then every action is 409', async () => {
    const res = await api.post(CM, base, { segmentId: 'dagbesteding-dagbehandeling' });
    const id = res.json().id as number;
    const v = () => api.get(CM, `${base}/${id}`).then((r) => r.json().version as number);
    await api.post(CM, `${base}/${id}/transitions`, { version: await v(), action: { type: 'publiceren' } });
    const nogo = await api.post(CM, `${base}/${id}/transitions`, {
      version: await v(),
      action: { type: 'go-no-go', besluit: 'no-go', reden: 'onvoldoende aanmeldingen' },
    });
    expect(nogo.json()).toMatchObject({
      status: 'ingetrokken',
      events: expect.arrayContaining([expect.objectContaining({ action: 'go-no-go:no-go', reason: 'onvoldoende aanmeldingen', toStatus: 'ingetrokken' })]),
    });
    expectProblem(await api.post(CM, `${base}/${id}/transitions`, { version: await v(), action: { type: 'intrekken', reden: 'nogmaals' } }), 409);
    expectProblem(await api.post(CM, `${base}/${id}/applications`, { providerId: P[0]!.id, lotIds: ['dagbestedingsactiviteiten'] }), 422);
  });
});
