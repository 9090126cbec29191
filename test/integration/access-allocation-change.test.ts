/**
 * Changing and withdrawing allocations through the HTTP API (WBO demo region), with the JW301 the
 * provider receives (iJw OP033x1, IV066, IV093, IV099): a shorter and a longer end date keep the
 * ToewijzingNummer with a RedenWijziging, another weekly volume ends the allocation and allocates
 * anew (OP257), removal with reden 13; a provider's JW317 with a TeWijzigenProduct is honoured as a
 * whole (JW301, reden 12, ReferentieAanbieder on every product) or rejected (JW319). Illegal
 * changes are refused (409/422/403/400) and change nothing: not the case, not the allocation
 * register, no message. Also the BRP address of a help request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { allocations, declarationLines, declarations, families, ijwMessages, providers, users, youths } from '../../src/db/schema.js';
import { parseMessage } from '../../src/ijw/codec.js';
import { validateMessage } from '../../src/ijw/validate.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const SEGMENT = 'specialistische-ambulante-behandeling'; // WBO, inspanningsgericht
const FLOW = join(PROJECT_ROOT, 'test', 'fixtures', 'ijw', 'flow');
const fill = (name: string, v: Record<string, string>) =>
  readFileSync(join(FLOW, name), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    if (v[k] === undefined) throw new Error(`fixture placeholder ${k} not filled`);
    return v[k]!;
  });
const ADRES = { straat: 'Ginnekenweg', huisnummer: 12, postcode: '4818 ja', woonplaats: 'Breda' };
const WEEKLY = { volume: 3, eenheid: '04', frequentie: '2' };

let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens: Record<string, string> = {};
let agb: string;
let providerId: number;
let gemeente: string;
let counter = 0;

async function as(username: string) {
  tokens[username] ??= (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } })).json().token;
  return { authorization: `Bearer ${tokens[username]}` };
}
async function command(username: string, caseId: number, cmd: object) {
  return app.inject({ method: 'POST', url: `/api/v1/regions/wbo/cases/${caseId}/commands`, headers: await as(username), payload: { command: cmd } });
}
async function change(caseId: number, nummer: number, body: object, username = 'gemeente.wbo') {
  return app.inject({ method: 'POST', url: `/api/v1/regions/wbo/cases/${caseId}/allocations/${nummer}/change`, headers: await as(username), payload: body });
}
async function readCase(caseId: number) {
  return (await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}?purpose=test%20toewijzing%20wijzigen`, headers: await as('gemeente.wbo') })).json();
}
const products = (xml: string) => parseMessage(xml, 'JW301').message.Client.ToegewezenProducten.ToegewezenProduct;
const clean = (xml: string) => validateMessage(xml, { today: TODAY }).findings;
const register = async (nummer: number) =>
  (
    await s.database.db
      .select()
      .from(allocations)
      .where(and(eq(allocations.regionId, 'wbo'), eq(allocations.toewijzingNummer, nummer)))
  )[0];
const messageCount = async () => (await s.database.db.select({ id: ijwMessages.id }).from(ijwMessages)).length;

/** A new youth with a BRP address, triaged, referred, with a decision and a specific allocation (3 h/week) at the demo provider. */
async function allocatedCase(bsn: string, opts: { adres?: boolean; secondDecision?: boolean } = {}): Promise<{ caseId: number; nummer: number }> {
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/regions/wbo/cases',
    headers: await as('toegang.wbo'),
    payload: {
      youth: { bsn, givenName: 'Lotte', familyName: 'van Dijk', birthDate: '2013-04-05', gender: '2' },
      hulpvraag: 'Angst en somberheid',
      crisis: false,
      ...(opts.adres === false ? {} : { adres: ADRES }),
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const caseId = created.json().id;
  expect(
    (await command('toegang.wbo', caseId, { type: 'triage', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'enkelvoudig', domeinoverstijgend: false }))
      .statusCode,
  ).toBe(200);
  expect(
    (await command('toegang.wbo', caseId, { type: 'verwijzing', verwijzing: { datum: TODAY, verwijzer: '01', segmentId: SEGMENT, kader: 'vrijwillig' } }))
      .statusCode,
  ).toBe(200);
  expect(
    (
      await command('gemeente.wbo', caseId, {
        type: 'beschikking',
        beschikking: { verwijzingId: 1, segmentId: SEGMENT, ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'gemeente' },
      })
    ).statusCode,
  ).toBe(200);
  if (opts.secondDecision)
    expect(
      (
        await command('gemeente.wbo', caseId, {
          type: 'beschikking',
          beschikking: { verwijzingId: 1, segmentId: SEGMENT, ingangsdatum: '2027-06-01', einddatum: '2027-12-31', besluitDoor: 'gemeente' },
        })
      ).statusCode,
    ).toBe(200);
  const t = await command('gemeente.wbo', caseId, {
    type: 'toewijzing',
    toewijzing: {
      beschikkingId: 1,
      segmentId: SEGMENT,
      providerId,
      productCategorie: '54',
      productCode: '54001',
      ingangsdatum: '2026-12-01',
      einddatum: '2027-05-31',
      omvang: WEEKLY,
    },
  });
  expect(t.statusCode, t.body).toBe(200);
  return { caseId, nummer: t.json().state.toewijzingen.at(-1).nummer };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo'], today: TODAY, scale: 0.02 });
  app = await buildServer({ database: s.database, demo: true, now: () => new Date(`${TODAY}T09:00:00Z`) });
  const db = s.database.db;
  const [p] = await db
    .select({ id: providers.id, agb: providers.agbCode })
    .from(users)
    .innerJoin(providers, eq(providers.id, users.providerId))
    .where(eq(users.username, 'aanbieder.wbo'));
  [agb, providerId] = [p!.agb, p!.id];
  gemeente = (await db.select({ m: users.municipalityCode }).from(users).where(eq(users.username, 'gemeente.wbo')))[0]!.m!;
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('BRP address with the help request', () => {
  it('is validated: a wrong postcode is a 422 naming the field (adres.postcode), and nothing is stored', async () => {
    const before = (await s.database.db.select({ id: youths.id }).from(youths).where(eq(youths.bsn, '999900110'))).length;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/wbo/cases',
      headers: await as('toegang.wbo'),
      payload: {
        youth: { bsn: '999900110', givenName: 'A', familyName: 'B', birthDate: '2012-01-01', gender: '1' },
        hulpvraag: 'x',
        crisis: false,
        adres: { ...ADRES, postcode: '0818JA' },
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors).toEqual([{ field: 'adres.postcode', message: expect.stringMatching(/postcode is vier cijfers en twee letters/) }]);
    expect((await s.database.db.select({ id: youths.id }).from(youths).where(eq(youths.bsn, '999900110'))).length).toBe(before);
  });
  it('is stored on the family, normalised, and the allocation message carries it (Contact Soort 01)', async () => {
    const { caseId, nummer } = await allocatedCase('999900018');
    const c = await readCase(caseId);
    const [f] = await s.database.db.select().from(families).where(eq(families.id, c.familyId));
    expect(f).toMatchObject({ straatnaam: 'Ginnekenweg', huisnummer: 12, postcode: '4818JA', plaatsnaam: 'Breda' });
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/cases/${caseId}/allocations/${nummer}/jw301`,
      headers: await as('gemeente.wbo'),
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(clean(sent.json().xml)).toEqual([]);
    expect(parseMessage(sent.json().xml, 'JW301').message.Client.Contactgegevens.Contact[0]!.Adres).toMatchObject({
      Straatnaam: 'Ginnekenweg',
      Huis: { Huisnummer: '12' },
      Postcode: '4818JA',
      Plaatsnaam: 'Breda',
    });
  });
});

describe('the municipality changes and withdraws an allocation; the provider gets a JW301', () => {
  let caseId: number;
  let nummer: number;
  let split: number;

  it('shorter end date (intrekken): same ToewijzingNummer, RedenWijziging 05, no ReferentieAanbieder; case, register and timeline follow', async () => {
    ({ caseId, nummer } = await allocatedCase('999900031', { secondDecision: true }));
    const res = await change(caseId, nummer, { redenWijziging: '05', einddatum: '2027-02-28', afgestemdMetAanbieder: true });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(clean(body.jw301.xml)).toEqual([]);
    const [p] = products(body.jw301.xml);
    expect(p).toMatchObject({
      ToewijzingNummer: String(nummer),
      Einddatum: '2027-02-28',
      RedenWijziging: '05',
      Ingangsdatum: '2026-12-01',
      Toewijzingsdatum: TODAY,
      Omvang: { Volume: '3', Eenheid: '04', Frequentie: '2' },
    });
    expect(p!.ReferentieAanbieder).toBeUndefined();
    expect(parseMessage(body.jw301.xml, 'JW301').message.Header).toMatchObject({ Afzender: gemeente, Ontvanger: agb });
    expect(body.state.toewijzingen[0]).toMatchObject({ nummer, einddatum: '2027-02-28', redenWijziging: '05' });
    expect(await register(nummer)).toMatchObject({ einddatum: '2027-02-28', redenWijziging: '05' });
    const c = await readCase(caseId);
    const texts = c.events.map((e: { text: string }) => e.text);
    expect(texts).toContain(`Toewijzing ${nummer} gewijzigd: einddatum 31-05-2027 → 28-02-2027 (reden: herbeoordeling: verkorting toewijzing)`);
    expect(texts.at(-1)).toMatch(/^Toewijzingsbericht \(JW301\) verstuurd aan .+: toewijzing \d+ gewijzigd \(reden: herbeoordeling: verkorting toewijzing\)/);
    expect(c.allowedCommands).toContain('toewijzing-wijzigen');
  });

  it('longer end date (oprekken, reden 04) into the next decision: same number, the allocation moves to that decision', async () => {
    const res = await change(caseId, nummer, { redenWijziging: '04', einddatum: '2027-09-30', afgestemdMetAanbieder: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(products(res.json().jw301.xml)[0]).toMatchObject({ ToewijzingNummer: String(nummer), Einddatum: '2027-09-30', RedenWijziging: '04' });
    expect(res.json().state.toewijzingen[0]).toMatchObject({ beschikkingId: 2, einddatum: '2027-09-30' });
  });

  it('another weekly volume from 1 January: the allocation ends 31 December and a new one runs from 1 January (OP257), both in the message', async () => {
    const res = await change(caseId, nummer, {
      redenWijziging: '05',
      omvang: { ...WEEKLY, volume: 5 },
      wijzigingsdatum: '2027-01-01',
      afgestemdMetAanbieder: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(clean(res.json().jw301.xml)).toEqual([]);
    const ps = products(res.json().jw301.xml);
    expect(ps).toHaveLength(2);
    expect(ps[0]).toMatchObject({ ToewijzingNummer: String(nummer), Einddatum: '2026-12-31', RedenWijziging: '05', Omvang: { Volume: '3' } });
    split = Number(ps[1]!.ToewijzingNummer);
    expect(split).toBeGreaterThan(nummer);
    expect(ps[1]).toMatchObject({
      Ingangsdatum: '2027-01-01',
      Einddatum: '2027-09-30',
      Omvang: { Volume: '5', Eenheid: '04', Frequentie: '2' },
      Product: { Categorie: '54', Code: '54001' },
    });
    expect(ps[1]!.RedenWijziging).toBeUndefined();
    expect(await register(split)).toMatchObject({ ingangsdatum: '2027-01-01', einddatum: '2027-09-30', volume: 5, providerId, caseId });
  });

  it('removal with reden 13 before the start: end date = start date, status ingetrokken, the message says 13 and nothing else is current', async () => {
    const res = await change(caseId, split, { redenWijziging: '13', einddatum: '2027-01-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(clean(res.json().jw301.xml)).toEqual([]);
    const removed = products(res.json().jw301.xml).find((p) => p.ToewijzingNummer === String(split));
    expect(removed).toMatchObject({ Ingangsdatum: '2027-01-01', Einddatum: '2027-01-01', RedenWijziging: '13' });
    expect(res.json().state.toewijzingen.find((t: { nummer: number }) => t.nummer === split)).toMatchObject({ status: 'ingetrokken' });
    expect(await register(split)).toMatchObject({ redenWijziging: '13', einddatum: '2027-01-01' });
    // The removed allocation is not sent again as a current one (OP087), nor resent on its own.
    const resend = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/cases/${caseId}/allocations/${nummer}/jw301`,
      headers: await as('gemeente.wbo'),
    });
    expect(products(resend.json().xml).map((p) => p.ToewijzingNummer)).toEqual([String(nummer)]);
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/regions/wbo/cases/${caseId}/allocations/${split}/jw301`, headers: await as('gemeente.wbo') }))
        .statusCode,
    ).toBe(409);
  });

  it('illegal changes are refused and change nothing (case version, register, messages)', async () => {
    const before = await readCase(caseId);
    const reg = await register(nummer);
    const n = await messageCount();
    const cases: [object, number, RegExp | null][] = [
      [{ redenWijziging: '05', einddatum: '2027-02-28' }, 409, /OP033x1/], // not consulted
      [{ redenWijziging: '01', einddatum: '2027-02-28', afgestemdMetAanbieder: true }, 409, /JZ002/], // withdrawn code
      [{ redenWijziging: '12', einddatum: '2027-02-28', afgestemdMetAanbieder: true }, 409, /verzoek om wijziging/], // only for a JW317
      [{ redenWijziging: '05', einddatum: '2026-11-30', afgestemdMetAanbieder: true }, 409, /voor de ingangsdatum/],
      [{ redenWijziging: '04', einddatum: '2028-03-31', afgestemdMetAanbieder: true }, 409, /leg eerst een beschikking vast/],
      [{ redenWijziging: '13', einddatum: '2026-12-15' }, 409, /CS335/],
      [{ redenWijziging: 'x5', einddatum: '2027-02-28' }, 400, null],
      [{ redenWijziging: '05', einddatum: '2027-02-28', afgestemdMetAanbieder: true, expectedVersion: before.version - 1 }, 409, /intussen gewijzigd/],
      [{ redenWijziging: '05', einddatum: '2027-02-28', afgestemdMetAanbieder: true, kleur: 'rood' }, 400, null],
    ];
    for (const [body, status, detail] of cases) {
      const res = await change(caseId, nummer, body);
      expect([JSON.stringify(body), res.statusCode]).toEqual([JSON.stringify(body), status]);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      if (detail) expect(res.json().detail).toMatch(detail);
    }
    expect((await change(caseId, nummer, { redenWijziging: '05', einddatum: '2027-02-28', afgestemdMetAanbieder: true }, 'aanbieder.wbo')).statusCode).toBe(
      403,
    );
    expect((await change(caseId, nummer, { redenWijziging: '05', einddatum: '2027-02-28', afgestemdMetAanbieder: true }, 'toegang.wbo')).statusCode).toBe(403);
    expect((await change(caseId, 999999, { redenWijziging: '05', einddatum: '2027-02-28', afgestemdMetAanbieder: true })).statusCode).toBe(409);
    const after = await readCase(caseId);
    expect(after.version).toBe(before.version);
    expect(after.state).toEqual(before.state);
    expect(await register(nummer)).toEqual(reg);
    expect(await messageCount()).toBe(n);
  });

  it('a started allocation cannot be removed (OP362), and one with approved declarations not below what was declared (TR385, UP031)', async () => {
    expect((await command('gemeente.wbo', caseId, { type: 'start', nummer, datum: '2026-12-01' })).statusCode).toBe(200);
    const removal = await change(caseId, nummer, { redenWijziging: '13', einddatum: '2026-12-01' });
    expect(removal.statusCode).toBe(409);
    expect(removal.json().detail).toMatch(/OP362/);
    // An approved line up to 2026-12-20 on this allocation (as settlement stores it).
    const [d] = await s.database.db
      .insert(declarations)
      .values({
        regionId: 'wbo',
        providerId,
        providerAgb: agb,
        declaratieNummer: 'T-1',
        contentHash: 'test',
        receivedAt: new Date(),
        submittedCents: 30000,
        approvedCents: 30000,
        lineCount: 1,
        rejectedCount: 0,
        answerXml: '<x/>',
        receivedGzip: new Uint8Array(),
      })
      .returning({ id: declarations.id });
    await s.database.db.insert(declarationLines).values({
      declarationId: d!.id,
      regionId: 'wbo',
      providerAgb: agb,
      referentieNummer: 'R-1',
      toewijzingNummer: nummer,
      productCategorie: '54',
      productCode: '54001',
      begindatum: '2026-12-01',
      einddatum: '2026-12-20',
      volume: 9,
      eenheid: '04',
      bedragCents: 30000,
      debetCredit: 'D',
      approved: true,
      codes: ['0200'],
      amountCents: 30000,
    });
    const early = await change(caseId, nummer, { redenWijziging: '05', einddatum: '2026-12-15', afgestemdMetAanbieder: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/gedeclareerd tot en met 2026-12-20/);
    const ok = await change(caseId, nummer, { redenWijziging: '05', einddatum: '2026-12-20', afgestemdMetAanbieder: true });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a family without a BRP address: 422 (no JW301 possible) and the change is not applied', async () => {
    const { caseId: bare, nummer: n } = await allocatedCase('999900043', { adres: false });
    const before = await readCase(bare);
    const res = await change(bare, n, { redenWijziging: '05', einddatum: '2027-02-28', afgestemdMetAanbieder: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/geen BRP-adres/);
    const after = await readCase(bare);
    expect([after.version, after.state.toewijzingen[0].einddatum]).toEqual([before.version, '2027-05-31']);
    expect(await register(n)).toMatchObject({ einddatum: '2027-05-31', redenWijziging: null });
  });
});

describe('a provider’s request for change (JW317 with TeWijzigenProduct) assessed as a whole', () => {
  let caseId: number;
  let nummer: number;
  let bsn: string;
  const jw317 = (ref: string, producten: string) =>
    fill('JW317.xml', {
      AFZENDER: agb,
      ONTVANGER: gemeente,
      ID: `V${String(++counter).padStart(6, '0')}`,
      DAG: TODAY,
      BSN: bsn,
      REF: ref,
      PRODUCTEN: producten,
    });
  const teWijzigen = (n: number, ingang: string, volume: number, eind: string) =>
    fill('JW317-te-wijzigen.xml', { NUMMER: String(n), INGANG: ingang, VOLUME: String(volume), EIND: eind });
  async function send(xml: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/ijw/messages?region=wbo',
      payload: xml,
      headers: { ...(await as('aanbieder.wbo')), 'content-type': 'application/xml' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect([res.json().valid, res.json().findings]).toEqual([true, []]);
    return res.json();
  }
  const answer = async (requestId: number, besluit: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/ijw-requests/${requestId}/answer`,
      headers: await as('gemeente.wbo'),
      payload: { producten: [{ referentieAanbieder: 'REF-W1', ...besluit }] },
    });

  it('5 instead of 3 hours a week from 4 January: honoured with one JW301 (the old allocation ends 3 January with reden 12, a new one from 4 January), both with the request’s reference', async () => {
    bsn = '999900055';
    ({ caseId, nummer } = await allocatedCase(bsn));
    const received = await send(jw317('REF-W1', teWijzigen(nummer, '2027-01-04', 5, '2027-05-31')));
    expect(received.caseId).toBe(caseId);
    const res = await answer(received.requestId, { besluit: 'toewijzen' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.request.status).toBe('afgehandeld');
    expect(clean(body.jw301.xml)).toEqual([]);
    const ps = products(body.jw301.xml);
    expect(
      ps.map((p) => [p.ToewijzingNummer === String(nummer), p.ReferentieAanbieder, p.Ingangsdatum, p.Einddatum, p.RedenWijziging, p.Omvang?.Volume]),
    ).toEqual([
      [true, 'REF-W1', '2026-12-01', '2027-01-03', '12', '3'],
      [false, 'REF-W1', '2027-01-04', '2027-05-31', undefined, '5'],
    ]);
    const c = await readCase(caseId);
    expect(c.state.toewijzingen.map((t: { einddatum: string }) => t.einddatum)).toEqual(['2027-01-03', '2027-05-31']);
    expect(body.request.producten[0].nummers).toEqual([nummer, Number(ps[1]!.ToewijzingNummer)]);
    nummer = Number(ps[1]!.ToewijzingNummer);
  });

  it('a longer end date only: the same allocation is extended (OP380, reden 12), with a decision for the extra months made on the way', async () => {
    const first = (await readCase(caseId)).state.toewijzingen[0].nummer;
    const ongewijzigd = `\t\t\t<jw317:OngewijzigdeProducten><jw317:OngewijzigdProduct><jw317:ToewijzingNummer>${first}</jw317:ToewijzingNummer></jw317:OngewijzigdProduct></jw317:OngewijzigdeProducten>\n`;
    const received = await send(jw317('REF-W2', ongewijzigd + teWijzigen(nummer, '2027-01-04', 5, '2027-08-31')));
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/ijw-requests/${received.requestId}/answer`,
      headers: await as('gemeente.wbo'),
      payload: { producten: [{ referentieAanbieder: 'REF-W2', besluit: 'toewijzen' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(clean(res.json().jw301.xml)).toEqual([]);
    const ps = products(res.json().jw301.xml);
    expect(ps.map((p) => [p.ToewijzingNummer, p.ReferentieAanbieder, p.Einddatum, p.RedenWijziging])).toEqual([
      [String(first), 'REF-W2', '2027-01-03', undefined],
      [String(nummer), 'REF-W2', '2027-08-31', '12'],
    ]);
    const c = await readCase(caseId);
    expect(c.state.beschikkingen.at(-1)).toMatchObject({ ingangsdatum: '2027-06-01', einddatum: '2027-08-31', segmentId: SEGMENT });
    expect(await register(nummer)).toMatchObject({ einddatum: '2027-08-31', redenWijziging: '12' });
  });

  it('a change that is not allowed (removing delivered care) is refused with 409; the request stays open and nothing changes; then it is rejected with a JW319', async () => {
    const first = (await readCase(caseId)).state.toewijzingen[0].nummer;
    expect((await command('gemeente.wbo', caseId, { type: 'start', nummer, datum: '2027-01-04' })).statusCode).toBe(200);
    const ongewijzigd = `\t\t\t<jw317:OngewijzigdeProducten><jw317:OngewijzigdProduct><jw317:ToewijzingNummer>${first}</jw317:ToewijzingNummer></jw317:OngewijzigdProduct></jw317:OngewijzigdeProducten>\n`;
    // 2 hours a week over the whole period of a started allocation: it would have to be removed.
    const received = await send(jw317('REF-W3', ongewijzigd + teWijzigen(nummer, '2027-01-04', 2, '2027-08-31')));
    const before = await readCase(caseId);
    const n = await messageCount();
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/ijw-requests/${received.requestId}/answer`,
      headers: await as('gemeente.wbo'),
      payload: { producten: [{ referentieAanbieder: 'REF-W3', besluit: 'toewijzen' }] },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/al zorg gestart/);
    expect((await readCase(caseId)).state).toEqual(before.state);
    expect(await messageCount()).toBe(n);
    const list = await app.inject({ url: '/api/v1/regions/wbo/ijw-requests', headers: await as('gemeente.wbo') });
    expect(list.json().requests.find((r: { id: number }) => r.id === received.requestId)).toMatchObject({ status: 'open' });
    const rejected = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/ijw-requests/${received.requestId}/answer`,
      headers: await as('gemeente.wbo'),
      payload: { producten: [{ referentieAanbieder: 'REF-W3', besluit: 'afwijzen', reden: '1' }] },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().jw319).toHaveLength(1);
    expect(clean(rejected.json().jw319[0].xml)).toEqual([]);
    expect((await readCase(caseId)).state.toewijzingen).toEqual(before.state.toewijzingen);
  });
});
