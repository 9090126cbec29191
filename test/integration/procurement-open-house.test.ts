/**
 * Holland Rijnland's bestuurlijk aanbesteden with its open-house contracts through HTTP (seed 004
 * §3.1, §3.2 b/d/f, §4.1): the first intake round, suitability checklist with evidence, plan with
 * a minimum score set on the procedure, admission creating the resultaatovereenkomst with the
 * Centrale Intake condition, a refused admission, closing and reopening intermediate entry; and the
 * crisis subsidy (seed 004 §4.6). Bad input, illegal transitions and tenancy as problem+json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contracts } from '../../src/db/schema.js';
import { consortiumMembers, procedures } from '../../src/db/schema-procurement.js';
import { client, expectProblem, providerUser, regionProviders, setUp, tearDown, type Harness } from './procurement-helpers.js';

const TODAY = '2026-03-02';
let h: Harness;
let api: ReturnType<typeof client>;
let P: { id: number; name: string }[];
const base = '/api/v1/regions/holland-rijnland/procedures';
const CM = 'contractmanager.holland-rijnland';
let pid: number;
const app: Record<string, number> = {};
const v = async (id = pid) => (await api.get(CM, `${base}/${id}`)).json().version as number;
const act = async (action: object, id = pid) => api.post(CM, `${base}/${id}/transitions`, { version: await v(id), action });
const allMet = (eisen: { id: string }[]) => eisen.map((e) => ({ eisId: e.id, voldaan: true, bewijs: `Bewijsstuk ${e.id} (jaarverslag 2025)` }));

beforeAll(async () => {
  h = await setUp(TODAY, ['holland-rijnland', 'wbo']);
  api = client(h);
  P = await regionProviders(h, 'holland-rijnland');
  await providerUser(h, 'holland-rijnland', P[2]!.id, 'aanbieder.hr.c');
});
afterAll(async () => tearDown(h));

describe('segment 1 behandeling met verblijf: bestuurlijk aanbesteden (seed 004 §4.1)', () => {
  let eisen: { id: string; regelId: string }[];
  it('creates the procedure with the region and segment suitability requirements, the plan rule and the Centrale Intake condition', async () => {
    const res = await api.post(CM, base, { segmentId: 'behandeling-met-verblijf' });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    pid = d.id;
    eisen = d.config.geschiktheidseisen;
    expect(d).toMatchObject({
      soort: 'bestuurlijk-aanbesteden',
      applicationKind: 'toelatingsverzoek',
      config: {
        contractType: 'resultaatovereenkomst',
        plan: { regelId: 'aanbiedersplan-minimumscore', minimumScore: null },
        voorwaarden: [{ id: 'deelname-centrale-intake' }],
      },
    });
    expect(eisen.map((e) => e.regelId)).toEqual(
      expect.arrayContaining(['hr-verblijf-geschiktheidseisen', 'algemene-geschiktheidseisen', 'ontwikkelovereenkomst']),
    );
  });
  it('sets the minimum plan score in concept (out of scale: 422), then publishes: the first intake round', async () => {
    expect(expectProblem(await api.post(CM, `${base}/${pid}/config`, { version: await v(), minimumPlanScore: 11 }), 422).violations![0]).toMatchObject({
      ruleId: 'aanbiedersplan-minimumscore',
    });
    expect((await api.post(CM, `${base}/${pid}/config`, { version: await v(), minimumPlanScore: 6 })).json().config.plan.minimumScore).toBe(6);
    expect((await act({ type: 'publiceren' })).json().status).toBe('instroomronde');
    expectProblem(await api.post(CM, `${base}/${pid}/config`, { version: await v(), minimumPlanScore: 5 }), 409);
  });
  it('toelatingsverzoeken: a provider for itself with evidence; a contract manager on behalf of two others', async () => {
    const own = await api.post('aanbieder.hr.c', `${base}/${pid}/applications`, { evidence: { 'kwaliteit-jeugdhulp': 'HKZ-certificaat 2025' } });
    expect(own.statusCode, own.body).toBe(201);
    app.c = own.json().applications[0].id;
    expect(own.json().applications[0].checks.find((c: { eisId: string }) => c.eisId === 'kwaliteit-jeugdhulp')).toEqual({
      eisId: 'kwaliteit-jeugdhulp',
      voldaan: false,
      bewijs: 'HKZ-certificaat 2025',
    });
    for (const [k, i] of [
      ['a', 0],
      ['b', 1],
    ] as const) {
      const r = await api.post(CM, `${base}/${pid}/applications`, { providerId: P[i]!.id });
      app[k] = r.json().applications.find((x: { providerId: number }) => x.providerId === P[i]!.id).id;
    }
    expectProblem(await api.post(CM, `${base}/${pid}/applications`, { providerId: P[3]!.id, evidence: { onbekend: 'x' } }), 400);
  });
  it('admission before the checks: 422 naming each unmet requirement and the plan rule (seed 004 §3.2 b, d)', async () => {
    const p = expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/decision`, { decision: 'toelaten' }), 422);
    const ids = new Set(p.violations!.map((x) => x.ruleId));
    expect([...ids].sort()).toEqual(['aanbiedersplan-minimumscore', 'algemene-geschiktheidseisen', 'hr-verblijf-geschiktheidseisen', 'ontwikkelovereenkomst']);
    expect(p.violations!.find((x) => x.ruleId === 'hr-verblijf-geschiktheidseisen')!.source).toMatchObject({ seed: '004', section: '4.1 Contractvorm' });
  });
  it('a requirement marked met without evidence still blocks admission', async () => {
    const checks = allMet(eisen).map((c) => (c.eisId === 'solvabiliteit' ? { ...c, bewijs: '' } : c));
    expect((await api.post(CM, `${base}/${pid}/applications/${app.a}/checks`, { checks })).statusCode).toBe(200);
    expect((await api.post(CM, `${base}/${pid}/applications/${app.a}/scores`, { planScore: 8 })).statusCode).toBe(200);
    const p = expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/decision`, { decision: 'toelaten' }), 422);
    expect(p.violations).toEqual([expect.objectContaining({ ruleId: 'algemene-geschiktheidseisen', message: expect.stringContaining('zonder bewijs') })]);
  });
  it('admitted with every requirement met and the plan at least 6: a resultaatovereenkomst with the Centrale Intake condition', async () => {
    expect((await api.post(CM, `${base}/${pid}/applications/${app.a}/checks`, { checks: allMet(eisen) })).statusCode).toBe(200);
    const res = await api.post(CM, `${base}/${pid}/applications/${app.a}/decision`, { decision: 'toelaten' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().applications.find((x: { id: number }) => x.id === app.a)).toMatchObject({ status: 'toegelaten', decidedOn: TODAY });
    const [c] = await h.s.database.db.select().from(contracts).where(eq(contracts.procedureId, pid));
    expect(c).toMatchObject({
      providerId: P[0]!.id,
      segmentId: 'behandeling-met-verblijf',
      contractType: 'resultaatovereenkomst',
      startDate: TODAY,
      endDate: '2036-03-01',
      status: 'lopend',
    }); // 7-10 years: the maximum from the procedure's start (seed 004 §4.1 Contractvorm)
    expect(c).toMatchObject({ extensionYears: [] });
    expect(c!.conditions).toEqual([
      expect.objectContaining({
        id: 'deelname-centrale-intake',
        regelId: 'centrale-intake-deelname-contract',
        bron: expect.objectContaining({ seed: '004', section: '4.1 Contractvorm' }),
      }),
    ]);
    expect(await h.s.database.db.select().from(consortiumMembers).where(eq(consortiumMembers.contractId, c!.id))).toHaveLength(1);
    expect(res.json().applications.find((x: { id: number }) => x.id === app.a).contractIds).toEqual([c!.id]);
  });
  it('a plan below the minimum is refused (aanbiedersplan-minimumscore); the rejection records its reason', async () => {
    await api.post(CM, `${base}/${pid}/applications/${app.b}/checks`, { checks: allMet(eisen) });
    await api.post(CM, `${base}/${pid}/applications/${app.b}/scores`, { planScore: 4 });
    const p = expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.b}/decision`, { decision: 'toelaten' }), 422);
    expect(p.violations).toEqual([
      expect.objectContaining({
        ruleId: 'aanbiedersplan-minimumscore',
        message: expect.stringContaining('onder de minimumscore van 6'),
        source: expect.objectContaining({ seed: '004' }),
      }),
    ]);
    const r = await api.post(CM, `${base}/${pid}/applications/${app.b}/decision`, {
      decision: 'afwijzen',
      reason: 'Plan haalt de minimumscore niet (4 van 10, minimum 6)',
    });
    expect(r.json().applications.find((x: { id: number }) => x.id === app.b)).toMatchObject({
      status: 'afgewezen',
      decisionReason: expect.stringContaining('minimumscore'),
    });
    expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.b}/decision`, { decision: 'toelaten' }), 409);
  });
  it('tenancy: the provider sees only its own request; it cannot assess itself; the other region sees nothing', async () => {
    const d = (await api.get('aanbieder.hr.c', `${base}/${pid}`)).json();
    expect(d.applications.map((a: { id: number }) => a.id)).toEqual([app.c]);
    expect(d.applications[0].planScore).toBeNull();
    expectProblem(await api.post('aanbieder.hr.c', `${base}/${pid}/applications/${app.c}/scores`, { planScore: 10 }), 403);
    expectProblem(await api.post('aanbieder.hr.c', `${base}/${pid}/applications/${app.c}/decision`, { decision: 'toelaten' }), 403);
    expectProblem(await api.get('contractmanager.wbo', `${base}/${pid}`), 404);
    const board = (await api.get('aanbieder.hr.c', base)).json();
    expect(board.segments.find((s: { segmentId: string }) => s.segmentId === 'behandeling-met-verblijf').procedures[0].applicationCount).toBe(1);
  });
  it('the first intake round closes only when every request is decided (seed 003 §11.1)', async () => {
    expect(expectProblem(await act({ type: 'instroomronde-sluiten' }), 422).violations![0]).toMatchObject({ ruleId: 'instroomronde-afgerond' });
    await api.post(CM, `${base}/${pid}/applications/${app.c}/decision`, { decision: 'afwijzen', reason: 'Geen bewijs van solvabiliteit' });
    expectProblem(await act({ type: 'toetreding', open: false, reden: 'te vroeg' }), 409);
    expect((await act({ type: 'instroomronde-sluiten' })).json()).toMatchObject({ status: 'doorlopend', entryOpen: true });
  });
  it('optimistic concurrency: two managers closing entry with the same version: one succeeds, the other gets 409', async () => {
    const version = await v();
    const body = { version, action: { type: 'toetreding', open: false, reden: 'Voldoende aanbod in dit segment' } };
    const results = await Promise.all([api.post(CM, `${base}/${pid}/transitions`, body), api.post(CM, `${base}/${pid}/transitions`, body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await api.get(CM, `${base}/${pid}`)).json()).toMatchObject({ version: version + 1, entryOpen: false });
    await act({ type: 'toetreding', open: true, reden: 'Terug naar open voor de volgende test' });
    // A stale application version is refused too.
    const a = (await api.get(CM, `${base}/${pid}`)).json().applications.find((x: { id: number }) => x.id === app.a);
    expect(expectProblem(await api.post(CM, `${base}/${pid}/applications/${app.a}/scores`, { version: a.version - 1, planScore: 9 }), 409).detail).toContain(
      'intussen gewijzigd',
    );
  });
  it('closing intermediate entry (seed 004 §3.2 f): a new request is refused naming the rule; reopened: accepted', async () => {
    const closed = await act({ type: 'toetreding', open: false, reden: 'Voldoende aanbod in dit segment' });
    expect(closed.json()).toMatchObject({ entryOpen: false, nextStep: 'Tussentijdse toetreding gesloten' });
    const before = (await h.s.database.db.select().from(procedures).where(eq(procedures.id, pid)))[0]!;
    const p = expectProblem(await api.post(CM, `${base}/${pid}/applications`, { providerId: P[4]!.id }), 422);
    expect(p.violations![0]).toMatchObject({ ruleId: 'tussentijdse-toetreding-gesloten', source: { seed: '004', section: '3.2 f' } });
    expect((await h.s.database.db.select().from(procedures).where(eq(procedures.id, pid)))[0]).toEqual(before);
    expectProblem(await act({ type: 'toetreding', open: false, reden: 'nogmaals' }), 409);
    await act({ type: 'toetreding', open: true, reden: 'Wachttijden lopen op' });
    expect((await api.post(CM, `${base}/${pid}/applications`, { providerId: P[4]!.id })).statusCode).toBe(201);
  });
});

describe('crisis: subsidy (seed 004 §4.6)', () => {
  let sid: number;
  it('the profile leaves the term open: the contract manager sets start and end; award grants the subsidy', async () => {
    const res = await api.post(CM, base, { segmentId: 'crisis' });
    sid = res.json().id;
    expect(res.json()).toMatchObject({ soort: 'subsidie', config: { contractType: 'subsidiebeschikking', looptijd: null } });
    expect(expectProblem(await api.post(CM, `${base}/${sid}/config`, { version: await v(sid), startDate: '2026-04-01' }), 422).violations![0]).toMatchObject({
      ruleId: 'looptijd-open',
    });
    expect(
      (await api.post(CM, `${base}/${sid}/config`, { version: await v(sid), startDate: '2026-04-01', endDate: '2026-12-31' })).json().config.looptijd,
    ).toMatchObject({ startDate: '2026-04-01', endDate: '2026-12-31' });
    await act({ type: 'publiceren' }, sid);
    const ids: number[] = [];
    for (const i of [0, 1]) ids.push((await api.post(CM, `${base}/${sid}/applications`, { providerId: P[i]!.id })).json().applications.at(-1).id);
    expectProblem(await act({ type: 'beeindigen', reden: 'x y z' }, sid), 409);
    await act({ type: 'aanvraag-sluiten' }, sid);
    expectProblem(await api.post(CM, `${base}/${sid}/applications`, { providerId: P[2]!.id }), 422);
    // The grant follows an intention and the profile's standstill (holland-rijnland crisis: 20 calendar days, an aanname).
    const i = await api.post(CM, `${base}/${sid}/intention`, { version: await v(sid), awards: [{ applicationId: ids[0], lotId: null }] });
    expect(i.statusCode, i.body).toBe(200);
    expect(i.json().intention).toMatchObject({ announcedOn: TODAY, standstillDays: 20 });
    expectProblem(await api.post(CM, `${base}/${sid}/award`, { version: await v(sid) }), 409);
    h.clock.today = i.json().intention.firstAwardDay;
    h.tokens.clear();
    const r = await api.post(CM, `${base}/${sid}/award`, { version: await v(sid) });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'verleend' });
    expect(r.json().applications.map((a: { status: string }) => a.status)).toEqual(['toegekend', 'niet-gegund']);
    const cs = await h.s.database.db.select().from(contracts).where(eq(contracts.procedureId, sid));
    expect(cs).toEqual([expect.objectContaining({ contractType: 'subsidiebeschikking', startDate: '2026-04-01', endDate: '2026-12-31' })]);
  });
});
