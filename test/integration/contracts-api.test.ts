/**
 * The contracts API end to end (Fastify inject) on small WBO and Holland Rijnland demo regions
 * (Holland Rijnland with funding data): contract list and detail, changes under the six-month
 * notice period (seed 004 §4 Planning), extension options (seed 003 §5.3.1), consortium members
 * (seed 003 §5.2), dialogues with actions and KPI snapshots, the market view and development
 * partners (seed 004 §3.2 c); tenancy per role and bad input as problem+json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { ensureDemoFunding } from '../../src/demo/funding.js';
import { contracts, providers, users } from '../../src/db/schema.js';
import { applications, awards, contractChanges, dialogues, procedureEvents, procedures, providerTiers } from '../../src/db/schema-procurement.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens = new Map<string, string>();
let hrContract: { id: number; providerId: number; segmentId: string };
let otherHrContract: { id: number };
let ownProvider: number;

async function as(username: string): Promise<{ authorization: string }> {
  if (!tokens.has(username)) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } });
    expect(res.statusCode, res.body).toBe(201);
    tokens.set(username, res.json().token as string);
  }
  return { authorization: `Bearer ${tokens.get(username)}` };
}
const get = async (username: string, url: string) => app.inject({ url, headers: await as(username) });
const post = async (username: string, url: string, payload?: unknown) =>
  app.inject({ method: 'POST', url, headers: await as(username), ...(payload !== undefined ? { payload: payload as object } : {}) });
const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) => {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
};
const HR = '/api/v1/regions/holland-rijnland';
const WBO = '/api/v1/regions/wbo';
const changeCount = async () => Number((await s.database.db.select({ n: sql<number>`count(*)::int` }).from(contractChanges))[0]!.n);

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], today: TODAY, scale: 0.02 });
  await ensureDemoFunding(s.database.db, 'holland-rijnland', TODAY, { historyYears: 1 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T12:00:00Z`) });
  const db = s.database.db;
  const [u] = await db.select({ providerId: users.providerId }).from(users).where(eq(users.username, 'aanbieder.holland-rijnland'));
  ownProvider = u!.providerId!;
  const running = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.regionId, 'holland-rijnland'), sql`${contracts.startDate} <= ${TODAY} and ${contracts.endDate} >= '2027-12-31'`));
  const own = running.find((c) => c.providerId === ownProvider)!;
  hrContract = { id: own.id, providerId: own.providerId, segmentId: own.segmentId };
  otherHrContract = { id: running.find((c) => c.providerId !== ownProvider)!.id };
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('contracts: list and detail', () => {
  it('the contract manager lists the region’s contracts, filtered by segment and status', async () => {
    const res = await get('contractmanager.holland-rijnland', `${HR}/contracts?segmentId=${hrContract.segmentId}&status=lopend`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.mayChange).toBe(true);
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows)
      expect(row).toMatchObject({ segmentId: hrContract.segmentId, state: 'lopend', term: expect.objectContaining({ label: expect.any(String) }) });
  });
  it('a provider sees only its own contracts; another provider’s contract is not found', async () => {
    const r = (await get('aanbieder.holland-rijnland', `${HR}/contracts`)).json();
    expect(r.rows.length).toBeGreaterThan(0);
    expect(new Set(r.rows.map((x: { providerId: number }) => x.providerId))).toEqual(new Set([ownProvider]));
    expect(r.mayChange).toBe(false);
    expectProblem(await get('aanbieder.holland-rijnland', `${HR}/contracts/${otherHrContract.id}`), 404);
    expect((await get('aanbieder.holland-rijnland', `${HR}/contracts/${hrContract.id}`)).statusCode).toBe(200);
  });
  it('the detail carries term, tariffs shared with funding, the notice rule and a timeline from start to end', async () => {
    const d = (await get('controller.holland-rijnland', `${HR}/contracts/${hrContract.id}`)).json();
    expect(d.notice).toMatchObject({ ruleId: 'contractwijziging-zes-maanden-vooraf', months: 6, source: { seed: '004' } });
    expect(d.tariffs.length).toBeGreaterThan(0);
    expect(d.timeline[0].date <= d.timeline.at(-1).date).toBe(true);
    expect(d.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['start', 'einde']));
    expect(d.dialogueCycle.map((c: { soort: string }) => c.soort)).toContain('ontwikkeltafel');
  });
  it('a contract from a procedure shows the procedure’s steps, this provider’s application steps (not others’) and the award on its timeline', async () => {
    const db = s.database.db;
    const at = (d: string) => new Date(`${d}T10:00:00Z`);
    const [p] = await db
      .insert(procedures)
      .values({
        regionId: 'wbo',
        segmentId: 'slt',
        soort: 'sas-dialoog',
        name: 'Aanbesteding SLT (test)',
        status: 'gegund',
        config: {},
        createdAt: at('2025-03-01'),
        updatedAt: at('2025-10-01'),
      })
      .returning();
    const wboProviders = await db.select().from(providers).where(eq(providers.regionId, 'wbo')).limit(2);
    const [mine, other] = wboProviders;
    const [appMine] = await db
      .insert(applications)
      .values({ regionId: 'wbo', procedureId: p!.id, providerId: mine!.id, lotIds: ['p1'], status: 'gegund', submittedOn: '2025-04-01' })
      .returning();
    const [appOther] = await db
      .insert(applications)
      .values({ regionId: 'wbo', procedureId: p!.id, providerId: other!.id, lotIds: ['p1'], status: 'afgewezen', submittedOn: '2025-04-02' })
      .returning();
    const [c] = await db
      .insert(contracts)
      .values({
        regionId: 'wbo',
        providerId: mine!.id,
        segmentId: 'slt',
        lotId: 'p1',
        startDate: '2027-01-01',
        endDate: '2031-12-31',
        extensionYears: [1, 1],
        status: 'gegund',
        procedureId: p!.id,
        contractType: 'raamovereenkomst',
      })
      .returning();
    await db.insert(procedureEvents).values([
      { procedureId: p!.id, regionId: 'wbo', at: at('2025-03-15'), byUser: 'cm', action: 'publiceren', fromStatus: 'concept', toStatus: 'selectie' },
      { procedureId: p!.id, regionId: 'wbo', at: at('2025-04-01'), byUser: 'cm', action: 'aanmelding', data: { applicationId: appMine!.id } },
      { procedureId: p!.id, regionId: 'wbo', at: at('2025-04-02'), byUser: 'cm', action: 'aanmelding', data: { applicationId: appOther!.id } },
    ]);
    await db.insert(awards).values({
      regionId: 'wbo',
      procedureId: p!.id,
      applicationId: appMine!.id,
      providerId: mine!.id,
      lotId: 'p1',
      emviScore: 8150,
      awardedOn: '2025-10-01',
      contractId: c!.id,
    });
    const d = (await get('controller.wbo', `${WBO}/contracts/${c!.id}`)).json();
    expect(d.procedure).toMatchObject({ id: p!.id, name: 'Aanbesteding SLT (test)' });
    expect(d.award).toEqual({ awardedOn: '2025-10-01', emviScore: 8150, lotId: 'p1' });
    const kinds = d.timeline.map((e: { date: string; kind: string }) => `${e.date} ${e.kind}`);
    expect(kinds).toEqual(['2025-03-15 procedure', '2025-04-01 procedure', '2025-10-01 gunning', '2027-01-01 start', '2031-12-31 einde']);
    expect(d.timeline[2].detail).toBe('EMVI-score 81,5%');
  });

  it('other regions see nothing; bad ids are 400', async () => {
    // Another region's routes are not found for this account (the authorisation matrix, issue #10).
    expectProblem(await get('contractmanager.wbo', `${HR}/contracts`), 404);
    expectProblem(await get('contractmanager.wbo', `${HR}/contracts/${hrContract.id}`), 404);
    expectProblem(await get('contractmanager.holland-rijnland', `${HR}/contracts/abc`), 400);
    expectProblem(await get('contractmanager.holland-rijnland', `${HR}/contracts?status=open`), 400);
  });
});

describe('wijzigingstermijn: changes announced six months ahead (seed 004 §4 Planning)', () => {
  it('a change announced today (2026-11-22) for 2027-05-21 is refused (422) naming the rule and seed 004; nothing is written', async () => {
    const before = await changeCount();
    const res = await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
      kind: 'tarief',
      description: 'Nieuwe tarieven',
      effectiveOn: '2027-05-21',
    });
    expectProblem(res, 422);
    const body = res.json();
    expect(body.rules[0]).toMatchObject({
      ruleId: 'contractwijziging-zes-maanden-vooraf',
      source: { seed: '004', section: '4 Uitwerking inkoop per segment - Planning' },
    });
    expect(body.detail).toContain('uiterlijk op 21-11-2026');
    expect(await changeCount()).toBe(before);
  });
  it('for 2027-05-22 it is accepted (201), listed on the contract, and can be withdrawn before it takes effect; a second withdrawal is 409', async () => {
    const res = await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
      kind: 'voorwaarde',
      description: 'Deelname ontwikkeltafel verplicht',
      effectiveOn: '2027-05-22',
    });
    expect(res.statusCode, res.body).toBe(201);
    const ch = res.json();
    expect(ch).toMatchObject({
      kind: 'voorwaarde',
      announcedOn: TODAY,
      effectiveOn: '2027-05-22',
      state: 'aangekondigd',
      notice: { earliestEffective: '2027-05-22' },
    });
    const d = (await get('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}`)).json();
    expect(d.changes.map((c: { id: number }) => c.id)).toContain(ch.id);
    // On the timeline: announced today, takes effect on 2027-05-22.
    const onTimeline = d.timeline
      .filter((e: { ref?: { type: string; id: number } }) => e.ref?.type === 'change' && e.ref.id === ch.id)
      .map((e: { date: string; title: string }) => `${e.date} ${e.title}`);
    expect(onTimeline).toEqual([`${TODAY} Wijziging (voorwaarde) aangekondigd`, '2027-05-22 Wijziging (voorwaarde) gaat in']);
    const w = await post('contractmanager.holland-rijnland', `${HR}/contract-changes/${ch.id}/withdraw`, { reason: 'besluit uitgesteld' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().state).toBe('ingetrokken');
    expectProblem(await post('contractmanager.holland-rijnland', `${HR}/contract-changes/${ch.id}/withdraw`, {}), 409);
  });
  it('a change in force cannot be withdrawn (409, unchanged)', async () => {
    const res = await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
      kind: 'tarief',
      description: 'Indexatie',
      announcedOn: '2026-01-02',
      effectiveOn: '2026-07-02',
    });
    expect(res.statusCode, res.body).toBe(201);
    const w = await post('contractmanager.holland-rijnland', `${HR}/contract-changes/${res.json().id}/withdraw`, {});
    expectProblem(w, 409);
    const [row] = await s.database.db.select().from(contractChanges).where(eq(contractChanges.id, res.json().id));
    expect(row!.status).toBe('aangekondigd');
  });
  it('segment-wide changes obey the same rule', async () => {
    expectProblem(
      await post('contractmanager.holland-rijnland', `${HR}/segments/wonen/changes`, {
        kind: 'product',
        description: 'Nieuw product',
        effectiveOn: '2027-01-01',
      }),
      422,
    );
    expect(
      (
        await post('contractmanager.holland-rijnland', `${HR}/segments/wonen/changes`, {
          kind: 'product',
          description: 'Nieuw product',
          effectiveOn: '2027-06-01',
        })
      ).statusCode,
    ).toBe(201);
  });
  it('only the contract manager changes contracts: controller and provider get 403, another region 404', async () => {
    const body = { kind: 'tarief', description: 'x', effectiveOn: '2027-06-01' };
    expectProblem(await post('controller.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, body), 403);
    expectProblem(await post('aanbieder.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, body), 403);
    expectProblem(await post('contractmanager.wbo', `${HR}/contracts/${hrContract.id}/changes`, body), 404);
  });
  it('bad input is 400 problem+json: unknown kind, no date, extra fields', async () => {
    expectProblem(
      await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
        kind: 'prijs',
        description: 'x',
        effectiveOn: '2027-06-01',
      }),
      400,
    );
    expectProblem(
      await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
        kind: 'tarief',
        description: 'x',
        effectiveOn: 'volgend jaar',
      }),
      400,
    );
    expectProblem(
      await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
        kind: 'tarief',
        description: 'x',
        effectiveOn: '2027-02-30',
      }),
      400,
    );
    expectProblem(
      await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
        kind: 'tarief',
        description: 'x',
        effectiveOn: '2027-06-01',
        hack: 1,
      }),
      400,
    );
  });
});

describe('extension options (seed 003 §5.3.1: 5+1+1)', () => {
  it('exercising moves the end date by the next option; when none is left it is 409 and nothing changes', async () => {
    const db = s.database.db;
    const [c] = await db
      .insert(contracts)
      .values({
        regionId: 'wbo',
        providerId: (await db.select().from(contracts).where(eq(contracts.regionId, 'wbo')).limit(1))[0]!.providerId,
        segmentId: 'slt',
        lotId: 'p1',
        startDate: '2022-01-01',
        endDate: '2026-12-31',
        extensionYears: [1, 1],
        status: 'lopend',
      })
      .returning();
    const r1 = await post('contractmanager.wbo', `${WBO}/contracts/${c!.id}/extensions`);
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json()).toMatchObject({ endDate: '2027-12-31', extensionsUsed: 1, change: { kind: 'verlenging', effectiveOn: '2027-01-01' } });
    expect((await post('contractmanager.wbo', `${WBO}/contracts/${c!.id}/extensions`)).json()).toMatchObject({ endDate: '2028-12-31', extensionsUsed: 2 });
    const r3 = await post('contractmanager.wbo', `${WBO}/contracts/${c!.id}/extensions`);
    expectProblem(r3, 409);
    expect(r3.json().detail).toContain('verlengingsopties zijn al gebruikt');
    const [after] = await db.select().from(contracts).where(eq(contracts.id, c!.id));
    expect(after).toMatchObject({ endDate: '2028-12-31', extensionsUsed: 2 });
    const d = (await get('contractmanager.wbo', `${WBO}/contracts/${c!.id}`)).json();
    expect(d.term).toMatchObject({ label: '5+1+1', originalEndDate: '2026-12-31', remainingOptions: [] });
    expectProblem(await post('gemeente.wbo', `${WBO}/contracts/${c!.id}/extensions`), 403);
  });
});

describe('consortium members (seed 003 §5.2: sociale basis + jeugdhulpaanbieder)', () => {
  it('members are checked against wbo-slt-consortium on every change (422 naming the rule and seed 003 §5.2)', async () => {
    // A fresh SLT contract of a youth-care provider, without members (the demo award may have made consortia already).
    const db = s.database.db;
    const [holder] = await db
      .select()
      .from(providers)
      .where(and(eq(providers.regionId, 'wbo'), eq(providers.kind, 'jeugdhulpaanbieder')))
      .limit(1);
    const [fresh] = await db
      .insert(contracts)
      .values({
        regionId: 'wbo',
        providerId: holder!.id,
        segmentId: 'slt',
        lotId: 'p1',
        startDate: '2027-01-01',
        endDate: '2031-12-31',
        extensionYears: [1, 1],
        status: 'gegund',
      })
      .returning();
    const cid = fresh!.id;
    const add = (b: object) => post('contractmanager.wbo', `${WBO}/contracts/${cid}/members`, b);
    const isb = await add({ name: 'Stichting Welzijn', kind: 'institutionele-sociale-basis', role: 'lid' });
    expect(isb.statusCode, isb.body).toBe(201);
    const jh = await add({ name: 'Jeugdhulp BV', kind: 'jeugdhulpaanbieder', role: 'lid' });
    expect(jh.statusCode, jh.body).toBe(201);
    expect(jh.json().incomplete).toEqual([]);
    const members = jh.json().members as { id: number; kind: string }[];
    const isbId = members.find((m) => m.kind === 'institutionele-sociale-basis')!.id;
    const del = await app.inject({ method: 'DELETE', url: `${WBO}/contracts/${cid}/members/${isbId}`, headers: await as('contractmanager.wbo') });
    // The holder is a youth-care provider: removing the only institutional social-base party breaks the composition.
    expectProblem(del, 422);
    expect(del.json().rules[0]).toMatchObject({ ruleId: 'wbo-slt-consortium', source: { seed: '003', section: '5.2' } });
    expect((await get('contractmanager.wbo', `${WBO}/contracts/${cid}`)).json().members).toHaveLength(2);
    expectProblem(await add({ name: 'X', kind: 'jeugdhulpaanbieder', role: 'baas' }), 400);
  });
});

describe('dialogues (seed 003 §10.2; seed 004 contract talks)', () => {
  let dialogueId: number;
  it('the contract manager schedules a contract talk with an agenda (201)', async () => {
    const res = await post('contractmanager.holland-rijnland', `${HR}/dialogues`, {
      kind: 'contractgesprek',
      scheduledOn: '2026-11-20',
      contractId: hrContract.id,
      agenda: ['Realisatie inkoopdoelen', 'Wachttijden'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'gepland', contractId: hrContract.id, providerId: hrContract.providerId, segmentId: hrContract.segmentId });
    dialogueId = res.json().id;
  });
  it('holding it stores minutes, actions and the KPI snapshot of the day; holding again is 409', async () => {
    const res = await post('contractmanager.holland-rijnland', `${HR}/dialogues/${dialogueId}/hold`, {
      minutes: 'Besproken: wachttijden en plafond.',
      actions: [{ description: 'Wachtlijst aanleveren', owner: 'aanbieder', dueOn: '2026-12-15' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ status: 'gehouden', heldOn: TODAY, minutes: 'Besproken: wachttijden en plafond.' });
    expect(d.actions).toEqual([expect.objectContaining({ description: 'Wachtlijst aanleveren', status: 'open', overdue: false })]);
    expect(d.kpiSnapshot.asOf).toBe(TODAY);
    expect(d.kpiSnapshot.items.map((k: { id: string }) => k.id)).toEqual(
      expect.arrayContaining(['besteed', 'toewijzingen-actief', 'declaratieregels-afgewezen']),
    );
    expectProblem(await post('contractmanager.holland-rijnland', `${HR}/dialogues/${dialogueId}/hold`, { minutes: 'nogmaals' }), 409);
    expectProblem(await post('contractmanager.holland-rijnland', `${HR}/dialogues/${dialogueId}/cancel`, {}), 409);
  });
  it('the next dialogue takes the open action on its agenda for follow-up; completing the action twice is 409', async () => {
    const next = await post('contractmanager.holland-rijnland', `${HR}/dialogues`, {
      kind: 'contractgesprek',
      scheduledOn: '2027-02-20',
      contractId: hrContract.id,
      agenda: ['Voortgang'],
    });
    expect(next.statusCode).toBe(201);
    expect(next.json().followUps).toHaveLength(1);
    expect(next.json().agenda).toContain('Opvolging acties vorige dialoog (1)');
    const actionId = next.json().followUps[0].id;
    expectProblem(await post('contractmanager.holland-rijnland', `${HR}/dialogues/${next.json().id}/hold`, { minutes: 'te vroeg', heldOn: '2027-02-20' }), 409);
    const done = await post('contractmanager.holland-rijnland', `${HR}/dialogue-actions/${actionId}/complete`, { status: 'afgerond', note: 'ontvangen' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'afgerond', doneOn: TODAY });
    expectProblem(await post('contractmanager.holland-rijnland', `${HR}/dialogue-actions/${actionId}/complete`, {}), 409);
  });
  it('holding a dialogue records the follow-up of carried-over actions: a note, and a new status only when given; an action not on its agenda is 400 and nothing changes', async () => {
    const cm = 'contractmanager.holland-rijnland';
    const first = (await post(cm, `${HR}/dialogues`, { kind: 'contractgesprek', scheduledOn: '2026-11-01', contractId: otherHrContract.id })).json();
    const held = (
      await post(cm, `${HR}/dialogues/${first.id}/hold`, {
        minutes: 'Eerste gesprek',
        heldOn: '2026-11-01',
        actions: [
          { description: 'Plan van aanpak', owner: 'aanbieder', dueOn: '2026-11-15' },
          { description: 'Cijfers leveren', owner: 'aanbieder', dueOn: '2026-12-31' },
        ],
      })
    ).json();
    const [plan, cijfers] = held.actions as { id: number }[];
    const next = (await post(cm, `${HR}/dialogues`, { kind: 'contractgesprek', scheduledOn: TODAY, contractId: otherHrContract.id })).json();
    expect(next.followUps.map((a: { id: number; overdue: boolean }) => [a.id, a.overdue])).toEqual([
      [plan!.id, true],
      [cijfers!.id, false],
    ]);
    expectProblem(await post(cm, `${HR}/dialogues/${next.id}/hold`, { minutes: 'x', followUps: [{ actionId: 999999, note: 'onbekend' }] }), 400);
    expect((await get(cm, `${HR}/dialogues/${next.id}`)).json().status).toBe('gepland');
    const res = await post(cm, `${HR}/dialogues/${next.id}/hold`, {
      minutes: 'Tweede gesprek',
      followUps: [
        { actionId: plan!.id, note: 'Plan ontvangen en besproken', status: 'afgerond' },
        { actionId: cijfers!.id, note: 'Volgt in december' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const fu = res.json().followUps as { id: number; status: string; followUp: string; doneOn: string | null }[];
    expect(fu.find((a) => a.id === plan!.id)).toMatchObject({ status: 'afgerond', followUp: 'Plan ontvangen en besproken', doneOn: TODAY });
    expect(fu.find((a) => a.id === cijfers!.id)).toMatchObject({ status: 'open', followUp: 'Volgt in december', doneOn: null });
  });
  it('a provider sees its own dialogues, not others; cannot schedule; bad input is 400', async () => {
    const own = (await get('aanbieder.holland-rijnland', `${HR}/dialogues`)).json();
    expect(own.rows.length).toBeGreaterThan(0);
    for (const d of own.rows) expect(d.providerId).toBe(ownProvider);
    const other = await post('contractmanager.holland-rijnland', `${HR}/dialogues`, {
      kind: 'contractgesprek',
      scheduledOn: '2027-01-10',
      contractId: otherHrContract.id,
    });
    expectProblem(await get('aanbieder.holland-rijnland', `${HR}/dialogues/${other.json().id}`), 404);
    expectProblem(
      await post('aanbieder.holland-rijnland', `${HR}/dialogues`, { kind: 'contractgesprek', scheduledOn: '2027-01-10', contractId: hrContract.id }),
      403,
    );
    expectProblem(
      await post('contractmanager.holland-rijnland', `${HR}/dialogues`, { kind: 'koffie', scheduledOn: '2027-01-10', contractId: hrContract.id }),
      400,
    );
    expectProblem(await post('contractmanager.holland-rijnland', `${HR}/dialogues`, { kind: 'contractgesprek', scheduledOn: '2027-01-10' }), 400);
    expectProblem(
      await post('contractmanager.holland-rijnland', `${HR}/dialogues/${other.json().id}/hold`, {
        minutes: 'x',
        actions: [{ description: 'a', owner: 'b', dueOn: '2020-01-01' }],
      }),
      400,
    );
    expect((await s.database.db.select().from(dialogues).where(eq(dialogues.id, other.json().id)))[0]!.status).toBe('gepland');
  });
});

describe('market view and development partners (seed 004 §3.2 c)', () => {
  it('shows concentration per segment from the funding data; WBO without funding data says so', async () => {
    const m = (await get('controller.holland-rijnland', `${HR}/market?year=2026`)).json();
    const withData = m.segments.filter((x: { hasData: boolean }) => x.hasData);
    expect(withData.length).toBeGreaterThan(0);
    const seg = withData[0];
    expect(seg.concentration.top5Share).toBeGreaterThan(0);
    expect(seg.concentration.hhi).toBeGreaterThan(0);
    expect(seg.concentration.pareto.at(-1)).toEqual({ x: 1, y: 1 });
    expect(m.assumption.paretoAandeel).toBe(0.8);
    const w = (await get('controller.wbo', `${WBO}/market?year=2026`)).json();
    expect(w.segments.every((x: { hasData: boolean; note: string }) => !x.hasData && /Geen bekostigingsgegevens/.test(x.note))).toBe(true);
    expectProblem(await get('aanbieder.holland-rijnland', `${HR}/market`), 403);
    expectProblem(await get('contractmanager.wbo', `${HR}/market`), 404);
  });
  it('applying the Pareto rule records every provider as ontwikkelpartner or regulier with the rationale (assumption 80%)', async () => {
    const m = (await get('contractmanager.holland-rijnland', `${HR}/market?year=2026`)).json();
    const seg =
      m.segments.find((x: { segmentId: string; hasData: boolean }) => x.segmentId === 'behandeling-met-verblijf' && x.hasData) ??
      m.segments.find((x: { hasData: boolean }) => x.hasData);
    const res = await post('contractmanager.holland-rijnland', `${HR}/provider-tiers`, { segmentId: seg.segmentId, year: 2026, paretoAandeel: 0.8 });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.method).toBe('pareto');
    expect(r.partners.length).toBeGreaterThan(0);
    expect(r.partnerShare).toBeGreaterThanOrEqual(0.8);
    expect(r.rationale).toContain('aanname');
    expect(r.recorded).toBe(r.partners.length + r.regular.length);
    const rows = await s.database.db.select().from(providerTiers).where(eq(providerTiers.segmentId, seg.segmentId));
    expect(
      rows
        .filter((t) => t.tier === 'ontwikkelpartner')
        .map((t) => t.providerId)
        .sort(),
    ).toEqual([...r.partners].sort());
    const page = (await get('contractmanager.holland-rijnland', `${HR}/providers/${r.partners[0]}`)).json();
    expect(page.tiers).toEqual([expect.objectContaining({ segmentId: seg.segmentId, tier: 'ontwikkelpartner', method: 'pareto' })]);
    expect(page.turnover.length).toBeGreaterThan(0);
    expectProblem(await post('controller.holland-rijnland', `${HR}/provider-tiers`, { segmentId: seg.segmentId, year: 2026, paretoAandeel: 0.8 }), 403);
    expectProblem(await post('contractmanager.holland-rijnland', `${HR}/provider-tiers`, { segmentId: seg.segmentId, year: 2026 }), 400);
    expectProblem(await post('contractmanager.holland-rijnland', `${HR}/provider-tiers`, { segmentId: seg.segmentId, year: 2026, paretoAandeel: 1.5 }), 400);
  });
  it('the market view as a workbook: a summary and a sheet per segment with data; providers get 403', async () => {
    const res = await app.inject({ url: `${HR}/market.xlsx?year=2026`, headers: await as('controller.holland-rijnland') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Overzicht');
    expect(names).toContain('Toelichting');
    const m = (await get('controller.holland-rijnland', `${HR}/market?year=2026`)).json();
    const withData = m.segments.filter((x: { hasData: boolean }) => x.hasData);
    expect(names.length).toBe(2 + withData.length);
    const sheet = wb.getWorksheet(withData[0].segmentName)!;
    expect(sheet.rowCount).toBe(1 + withData[0].concentration.providerCount);
    expect(sheet.getRow(2).getCell(3).value).toBe(withData[0].concentration.providers[0].cents / 100);
    expectProblem(await get('aanbieder.holland-rijnland', `${HR}/market.xlsx`), 403);
  });

  it('a provider opens its own provider page only', async () => {
    expect((await get('aanbieder.holland-rijnland', `${HR}/providers/${ownProvider}`)).statusCode).toBe(200);
    expectProblem(await get('aanbieder.holland-rijnland', `${HR}/providers/${ownProvider + 1}`), 404);
    expectProblem(await get('controller.wbo', `${HR}/providers/${ownProvider}`), 404);
  });
});

describe('bad input in the contract forms: Dutch messages per field, nothing written', () => {
  it('an empty change: 400 with the field errors in the answer (the web app names the field), no change recorded', async () => {
    const before = await changeCount();
    const res = await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
      kind: 'tarief',
      description: '',
      effectiveOn: '2027-07-01',
    });
    expectProblem(res, 400);
    expect(res.json().errors).toEqual([{ field: 'description', message: 'is verplicht; vul dit veld in' }]);
    expect(await changeCount()).toBe(before);
  });

  it('a dialogue dated outside the contract term (1 January 1900) is refused with the term in dd-mm-jjjj, and not planned', async () => {
    const contract = (await get('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}`)).json();
    const count = async () => (await get('contractmanager.holland-rijnland', `${HR}/dialogues?contractId=${hrContract.id}`)).json().rows.length;
    const before = await count();
    const res = await post('contractmanager.holland-rijnland', `${HR}/dialogues`, {
      kind: 'contractgesprek',
      scheduledOn: '1900-01-01',
      contractId: hrContract.id,
    });
    expectProblem(res, 400);
    const term = (d: string) => d.split('-').reverse().join('-');
    expect(res.json().detail).toBe(
      `de datum van het gesprek (01-01-1900) ligt buiten de looptijd van het contract (${term(contract.startDate)} tot en met ${term(contract.endDate)})`,
    );
    expect(res.json().errors[0].field).toBe('scheduledOn');
    // The day after the term's end is refused too; its last day is accepted.
    const after = new Date(`${contract.endDate}T00:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    expectProblem(
      await post('contractmanager.holland-rijnland', `${HR}/dialogues`, {
        kind: 'contractgesprek',
        scheduledOn: after.toISOString().slice(0, 10),
        contractId: hrContract.id,
      }),
      400,
    );
    expect(await count()).toBe(before);
    const last = await post('contractmanager.holland-rijnland', `${HR}/dialogues`, {
      kind: 'contractgesprek',
      scheduledOn: contract.endDate,
      contractId: hrContract.id,
    });
    expect(last.statusCode, last.body).toBe(201);
  });

  it('a refused change names its dates as dd-mm-jjjj (seed 004 §4: six months notice)', async () => {
    const res = await post('contractmanager.holland-rijnland', `${HR}/contracts/${hrContract.id}/changes`, {
      kind: 'tarief',
      description: 'x',
      effectiveOn: '2020-01-01',
    });
    expectProblem(res, 422);
    expect(res.json().detail).toContain(`de ingangsdatum 01-01-2020 moet na de aankondigingsdatum ${TODAY.split('-').reverse().join('-')} liggen`);
    expect(res.json().detail).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
