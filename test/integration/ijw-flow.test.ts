/**
 * The iJw message flow of the access module through the HTTP API (WBO demo region): a provider's
 * request for allocation (JW315) is stored and answered with its retour (JW316); the decision
 * officer allocates (JW301 with ReferentieAanbieder) or answers (JW319: afgewezen, in onderzoek,
 * woonplaatsbeginsel); an allocation on the municipality's own initiative gets its JW301; the
 * provider's start (JW305) and temporary stop (JW307, reden 20) move the case; unknown allocations
 * (TR019), duplicate identifications (TR056) and sending as another AGB code (403) are refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, asc, eq, gt, isNotNull, ne } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { buildServer } from '../../src/api/server.js';
import { families, ijwMessages, providers, users, youths } from '../../src/db/schema.js';
import { parseMessage } from '../../src/ijw/codec.js';
import { validateMessage } from '../../src/ijw/validate.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const SEGMENT = 'specialistische-ambulante-behandeling'; // WBO, inspanningsgericht
const FLOW = join(PROJECT_ROOT, 'test', 'fixtures', 'ijw', 'flow');
const template = (name: string) => readFileSync(join(FLOW, name), 'utf8');
const fill = (t: string, v: Record<string, string>) =>
  t.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    if (v[k] === undefined) throw new Error(`fixture placeholder ${k} not filled`);
    return v[k]!;
  });

let testDb: TestDb;
let s: Started;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

async function as(username: string) {
  tokens[username] ??= (await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { username, password: 'demo' } })).json().token;
  return { authorization: `Bearer ${tokens[username]}` };
}
async function command(username: string, caseId: number, cmd: object) {
  return app.inject({ method: 'POST', url: `/api/v1/regions/wbo/cases/${caseId}/commands`, headers: await as(username), payload: { command: cmd } });
}
async function send(xml: string, username = 'aanbieder.wbo', accept?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/ijw/messages?region=wbo',
    payload: xml,
    headers: { ...(await as(username)), 'content-type': 'application/xml', ...(accept ? { accept } : {}) },
  });
}
async function readCase(caseId: number) {
  return (await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}?purpose=test%20berichtenverkeer`, headers: await as('gemeente.wbo') })).json();
}
const clean = (xml: string) => validateMessage(xml, { today: TODAY });

interface Client {
  BSN: string;
  GEBOORTEDATUM: string;
  GESLACHT: string;
  ACHTERNAAM: string;
  youthId: number;
}
let agb: string;
let providerId: number;
let gemeente: string;
let client: Client;
let caseId: number;
let counter = 0;
const nextId = () => `T${String(++counter).padStart(6, '0')}`;

function jw315(c: Client, products: { REF: string; CATEGORIE: string; INGANG: string; EIND: string }[], over: Partial<Record<string, string>> = {}) {
  const producten = products.map((p) => fill(template('JW315-product.xml'), p)).join('');
  return fill(template('JW315.xml'), {
    AFZENDER: agb,
    ONTVANGER: gemeente,
    ID: nextId(),
    DAG: TODAY,
    ...c,
    youthId: '',
    PRODUCTEN: producten,
    ...over,
  } as Record<string, string>);
}
function jw305(c: Client, nummer: string, begin: string) {
  return fill(template('JW305.xml'), {
    AFZENDER: agb,
    ONTVANGER: gemeente,
    ID: nextId(),
    DAG: TODAY,
    ...c,
    youthId: '',
    NUMMER: nummer,
    CATEGORIE: '54',
    INGANG: '2026-11-15',
    BEGIN: begin,
  } as Record<string, string>);
}
function jw307(c: Client, nummer: string, begin: string, eind: string, reden: string) {
  return fill(template('JW307.xml'), {
    AFZENDER: agb,
    ONTVANGER: gemeente,
    ID: nextId(),
    DAG: TODAY,
    ...c,
    youthId: '',
    NUMMER: nummer,
    CATEGORIE: '54',
    INGANG: '2026-11-15',
    BEGIN: begin,
    EIND: eind,
    REDEN: reden,
  } as Record<string, string>);
}

async function demoYouth(skip: number[] = []): Promise<Client> {
  const rows = await s.database.db
    .select({ y: youths })
    .from(youths)
    .innerJoin(families, eq(families.id, youths.familyId))
    .where(and(eq(youths.regionId, 'wbo'), eq(youths.municipalityCode, gemeente), gt(youths.birthDate, '2010-01-01'), isNotNull(families.postcode)))
    .orderBy(youths.id)
    .limit(10);
  const y = rows.map((r) => r.y).find((r) => !skip.includes(r.id))!;
  return { BSN: y.bsn, GEBOORTEDATUM: y.birthDate, GESLACHT: y.gender, ACHTERNAAM: y.familyName, youthId: y.id };
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
  const [g] = await db.select({ m: users.municipalityCode }).from(users).where(eq(users.username, 'gemeente.wbo'));
  gemeente = g!.m!;
  client = await demoYouth();
  // The local team opens the case and refers to specialist ambulatory treatment.
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/regions/wbo/cases',
    headers: await as('toegang.wbo'),
    payload: { youth: { youthId: client.youthId }, hulpvraag: 'Angstklachten; huisarts verwijst', crisis: false },
  });
  expect(created.statusCode, created.body).toBe(201);
  caseId = created.json().id;
  expect(
    (await command('toegang.wbo', caseId, { type: 'triage', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'enkelvoudig', domeinoverstijgend: false }))
      .statusCode,
  ).toBe(200);
  const ref = await command('toegang.wbo', caseId, {
    type: 'verwijzing',
    verwijzing: { datum: TODAY, verwijzer: '01', segmentId: SEGMENT, kader: 'vrijwillig' },
  });
  expect(ref.statusCode, ref.body).toBe(200);
});
afterAll(async () => {
  await app?.close();
  await s?.database.close();
  await testDb?.drop();
});

describe('demo families have a synthetic BRP address', () => {
  it('every family has a plausible Dutch postcode for its municipality', async () => {
    const rows = await s.database.db.select().from(families).where(eq(families.regionId, 'wbo'));
    expect(rows.length).toBeGreaterThan(0);
    for (const f of rows) {
      expect(f.postcode).toMatch(/^[1-9]\d{3}[A-Z]{2}$/);
      expect(f.huisnummer).toBeGreaterThan(0);
      expect(f.straatnaam).toBeTruthy();
    }
    const breda = rows.filter((f) => f.municipalityCode === '0758');
    for (const f of breda) expect(Number(f.postcode!.slice(0, 4))).toBeGreaterThanOrEqual(4811);
  });
});

describe('request for allocation (JW315) -> JW316 -> JW301 / JW319', () => {
  let requestId: number;
  let firstXml: string;
  let nummer: number;

  it('stores a valid JW315 as an open request on the youth’s case and answers with a JW316', async () => {
    firstXml = jw315(client, [{ REF: 'REF-A', CATEGORIE: '54', INGANG: '2026-11-15', EIND: '2027-05-31' }]);
    const res = await send(firstXml);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ message: 'JW315', valid: true, findings: [], caseId });
    requestId = body.requestId;
    expect(requestId).toBeGreaterThan(0);
    const retour = parseMessage(body.retour, 'JW316').message;
    expect(retour.Header.RetourCodes).toBeUndefined();
    expect(retour.Client!.AangevraagdeProducten.AangevraagdProduct[0]!.RetourCodes.RetourCode).toEqual(['0200']);

    const list = await app.inject({ url: '/api/v1/regions/wbo/ijw-requests', headers: await as('gemeente.wbo') });
    expect(list.statusCode, list.body).toBe(200);
    const r = list.json().requests.find((x: { id: number }) => x.id === requestId);
    expect(r).toMatchObject({ code: 'JW315', status: 'open', caseId, aanbieder: { agbCode: agb, providerId } });
    expect(r.client.bsnMasked).toBe(`******${client.BSN.slice(-3)}`);
    expect(r.producten[0]).toMatchObject({ referentieAanbieder: 'REF-A', status: 'open', product: { categorie: '54' }, ingangsdatum: '2026-11-15' });
    // Only the decision officer sees the requests.
    expect((await app.inject({ url: '/api/v1/regions/wbo/ijw-requests', headers: await as('aanbieder.wbo') })).statusCode).toBe(403);
  });

  it('the officer allocates: beschikking + toewijzing on the case, a valid JW301 with the ReferentieAanbieder', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/ijw-requests/${requestId}/answer`,
      headers: await as('gemeente.wbo'),
      payload: { producten: [{ referentieAanbieder: 'REF-A', besluit: 'toewijzen' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.request.status).toBe('afgehandeld');
    expect(body.jw319).toEqual([]);
    expect(clean(body.jw301.xml).findings).toEqual([]);
    const m = parseMessage(body.jw301.xml, 'JW301').message;
    expect(m.Header).toMatchObject({ Afzender: gemeente, Ontvanger: agb });
    expect(m.Client.Bsn).toBe(client.BSN);
    expect(m.Client.Contactgegevens.Contact[0]!.Soort).toBe('01');
    const [p] = m.Client.ToegewezenProducten.ToegewezenProduct;
    expect(p).toMatchObject({
      ReferentieAanbieder: 'REF-A',
      Product: { Categorie: '54' },
      Ingangsdatum: '2026-11-15',
      Einddatum: '2027-05-31',
      Toewijzingsdatum: TODAY,
    });
    nummer = Number(p!.ToewijzingNummer);
    expect(body.request.producten[0]).toMatchObject({ status: 'toegewezen', nummers: [nummer] });

    const c = await readCase(caseId);
    expect(c.state.status).toBe('toegewezen');
    expect(c.state.beschikkingen).toHaveLength(1);
    expect(c.state.toewijzingen[0]).toMatchObject({ nummer, providerId, productCategorie: '54', segmentId: SEGMENT, status: 'toegewezen' });
    // Answered products cannot be answered again (TR359).
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/ijw-requests/${requestId}/answer`,
      headers: await as('gemeente.wbo'),
      payload: { producten: [{ referentieAanbieder: 'REF-A', besluit: 'afwijzen', reden: '3' }] },
    });
    expect(again.statusCode).toBe(409);
  });

  it('JW319: afgewezen with a reason, in onderzoek, and woonplaatsbeginsel with the responsible municipality', async () => {
    const res = await send(
      jw315(client, [
        { REF: 'REF-B', CATEGORIE: '45', INGANG: '2026-11-15', EIND: '2027-05-31' },
        { REF: 'REF-C', CATEGORIE: '41', INGANG: '2026-11-15', EIND: '2027-05-31' },
        { REF: 'REF-D', CATEGORIE: '43', INGANG: '2026-11-15', EIND: '2027-05-31' },
      ]),
    );
    expect(res.json().valid).toBe(true);
    const rid = res.json().requestId;
    const answer = async (producten: object[]) =>
      app.inject({ method: 'POST', url: `/api/v1/regions/wbo/ijw-requests/${rid}/answer`, headers: await as('gemeente.wbo'), payload: { producten } });
    const res2 = await answer([
      { referentieAanbieder: 'REF-B', besluit: 'afwijzen', reden: '3' },
      { referentieAanbieder: 'REF-C', besluit: 'in-onderzoek' },
      { referentieAanbieder: 'REF-D', besluit: 'afwijzen', reden: '8', woonplaatsGemeente: '1719' },
    ]);
    expect(res2.statusCode, res2.body).toBe(200);
    const body = res2.json();
    expect(body.jw301).toBeUndefined();
    expect(body.jw319).toHaveLength(3);
    const antwoord = (ref: string) => {
      const xml = body.jw319.find((m: { referentieAanbieder: string }) => m.referentieAanbieder === ref).xml;
      expect(clean(xml).findings).toEqual([]);
      return parseMessage(xml, 'JW319').message.Antwoord;
    };
    expect(antwoord('REF-B')).toEqual({ ReferentieAanbieder: 'REF-B', VerzoekAntwoord: '1', RedenAfwijzingVerzoek: '3' });
    expect(antwoord('REF-C')).toEqual({ ReferentieAanbieder: 'REF-C', VerzoekAntwoord: '2' });
    expect(antwoord('REF-D')).toEqual({
      ReferentieAanbieder: 'REF-D',
      VerzoekAntwoord: '1',
      RedenAfwijzingVerzoek: '8',
      Woonplaatsbeginsel: { Gemeente: '1719' },
    });
    expect(body.request.status).toBe('open'); // REF-C is still in onderzoek

    // "In onderzoek" only once (TR360); then allocate or reject.
    expect((await answer([{ referentieAanbieder: 'REF-C', besluit: 'in-onderzoek' }])).statusCode).toBe(409);
    // Reason 8 needs the responsible municipality.
    expect((await answer([{ referentieAanbieder: 'REF-C', besluit: 'afwijzen', reden: '8' }])).statusCode).toBe(400);
    const done = await answer([{ referentieAanbieder: 'REF-C', besluit: 'afwijzen', reden: '4' }]);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().request.status).toBe('afgehandeld');
    const open = (await app.inject({ url: '/api/v1/regions/wbo/ijw-requests', headers: await as('gemeente.wbo') })).json().requests;
    expect(open.some((r: { id: number }) => r.id === rid)).toBe(false);
  });

  it('a request for a youth without a case stays open without a case; the officer must link it before allocating', async () => {
    const other = await demoYouth([client.youthId]);
    const res = await send(jw315(other, [{ REF: 'REF-E', CATEGORIE: '54', INGANG: '2026-11-15', EIND: '2027-05-31' }]));
    expect(res.json()).toMatchObject({ valid: true, caseId: null });
    const rid = res.json().requestId;
    const allocate = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/ijw-requests/${rid}/answer`,
      headers: await as('gemeente.wbo'),
      payload: { producten: [{ referentieAanbieder: 'REF-E', besluit: 'toewijzen' }] },
    });
    expect(allocate.statusCode).toBe(409);
    // Linking it to the case of another youth is refused.
    const wrong = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/ijw-requests/${rid}/link`,
      headers: await as('gemeente.wbo'),
      payload: { caseId },
    });
    expect(wrong.statusCode).toBe(409);
  });

  it('a duplicate Identificatie gets TR056 (9056) in the retour and creates no second request', async () => {
    const before = await s.database.db
      .select({ id: ijwMessages.id })
      .from(ijwMessages)
      .where(and(eq(ijwMessages.code, 'JW315'), ne(ijwMessages.direction, 'out')));
    const res = await send(firstXml);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.valid).toBe(false);
    expect(body.findings.map((f: { code: string }) => f.code)).toEqual(['TR056']);
    expect(body.requestId).toBeUndefined();
    expect(parseMessage(body.retour, 'JW316').message.Header.RetourCodes?.RetourCode).toEqual(['9056']);
    const after = await s.database.db
      .select({ id: ijwMessages.id, verdict: ijwMessages.verdict })
      .from(ijwMessages)
      .where(and(eq(ijwMessages.code, 'JW315'), ne(ijwMessages.direction, 'out')))
      .orderBy(asc(ijwMessages.id));
    expect(after.length).toBe(before.length + 1); // stored as received, with its verdict
    expect((after.at(-1)!.verdict as { request?: unknown }).request).toBeUndefined();
  });
});

describe('allocation on the municipality’s own initiative, start and stop of care', () => {
  let first: number;
  let own: number;

  it('a toewijzing command followed by the JW301 endpoint sends a valid JW301 without ReferentieAanbieder, with the other current allocations (OP087)', async () => {
    const c = await readCase(caseId);
    first = c.state.toewijzingen[0].nummer;
    const res = await command('gemeente.wbo', caseId, {
      type: 'toewijzing',
      toewijzing: { beschikkingId: 1, segmentId: SEGMENT, providerId, productCategorie: '45', ingangsdatum: '2026-12-01', einddatum: '2027-05-31' },
    });
    expect(res.statusCode, res.body).toBe(200);
    own = res.json().state.toewijzingen.at(-1).nummer;
    const sent = await app.inject({ method: 'POST', url: `/api/v1/regions/wbo/cases/${caseId}/allocations/${own}/jw301`, headers: await as('gemeente.wbo') });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(clean(sent.json().xml).findings).toEqual([]);
    const products = parseMessage(sent.json().xml, 'JW301').message.Client.ToegewezenProducten.ToegewezenProduct;
    expect(products.map((p) => Number(p.ToewijzingNummer)).sort()).toEqual([first, own].sort());
    for (const p of products) expect(p.ReferentieAanbieder).toBeUndefined(); // IV097
    // Only the municipality sends allocations; a provider may not.
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/regions/wbo/cases/${caseId}/allocations/${own}/jw301`, headers: await as('aanbieder.wbo') }))
        .statusCode,
    ).toBe(403);
    // With Accept: application/xml the message itself is returned.
    const xml = await app.inject({
      method: 'POST',
      url: `/api/v1/regions/wbo/cases/${caseId}/allocations/${own}/jw301`,
      headers: { ...(await as('gemeente.wbo')), accept: 'application/xml' },
    });
    expect(xml.headers['content-type']).toMatch(/application\/xml/);
    expect(xml.body).toMatch(/^<\?xml/);
  });

  it('JW305 starts the allocation in the case (in-zorg); the retour is a JW306 without remarks', async () => {
    const res = await send(jw305(client, String(first), '2026-11-20'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ message: 'JW305', valid: true, caseId });
    expect(body.actions).toEqual([{ toewijzingNummer: String(first), command: 'start', applied: true, caseId, caseStatus: 'in-zorg' }]);
    expect(parseMessage(body.retour, 'JW306').message.Client!.StartProducten.StartProduct[0]!.RetourCodes.RetourCode).toEqual(['0200']);
    const c = await readCase(caseId);
    expect(c.state.status).toBe('in-zorg');
    expect(c.state.toewijzingen.find((t: { nummer: number }) => t.nummer === first)).toMatchObject({ status: 'gestart', startdatum: '2026-11-20' });
  });

  it('JW307 with RedenBeeindiging 20 stops care temporarily (tijdelijk-gestopt)', async () => {
    const res = await send(jw307(client, String(first), '2026-11-20', '2026-11-21', '20'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().actions[0]).toMatchObject({ command: 'stop', applied: true, caseStatus: 'tijdelijk-gestopt' });
    const c = await readCase(caseId);
    expect(c.state.status).toBe('tijdelijk-gestopt');
    expect(c.state.toewijzingen.find((t: { nummer: number }) => t.nummer === first)).toMatchObject({ status: 'tijdelijk-gestopt', stopdatum: '2026-11-21' });
  });

  it('a start for an unknown allocation gets TR019 (9019) in the retour and changes nothing', async () => {
    const before = await readCase(caseId);
    const res = await send(jw305(client, '999999', '2026-11-20'), 'aanbieder.wbo', 'application/xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    const retour = parseMessage(res.body, 'JW306').message;
    expect(retour.Client!.StartProducten.StartProduct[0]!.RetourCodes.RetourCode).toEqual(['9019']);
    const after = await readCase(caseId);
    expect(after.version).toBe(before.version);
    expect(after.state).toEqual(before.state);
  });

  it('a start addressed to another municipality than the allocating one gets TR019 too', async () => {
    const other = gemeente === '1719' ? '0826' : '1719';
    const xml = jw305(client, String(own), '2026-11-20').replace(
      `<jw305:Ontvanger>${gemeente}</jw305:Ontvanger>`,
      `<jw305:Ontvanger>${other}</jw305:Ontvanger>`,
    );
    const res = await send(xml);
    expect(res.json().findings.map((f: { code: string }) => f.code)).toEqual(['TR019']);
    expect(res.json().actions).toBeUndefined();
  });

  it('a family without a BRP address gets no JW301 (422) and nothing is stored', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/regions/wbo/cases',
      headers: await as('toegang.wbo'),
      payload: {
        youth: { bsn: '999900006', givenName: 'Noor', familyName: 'Visser', birthDate: '2012-03-04', gender: '2' },
        hulpvraag: 'Somberheid',
        crisis: false,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    await command('toegang.wbo', id, { type: 'triage', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'enkelvoudig', domeinoverstijgend: false });
    await command('toegang.wbo', id, { type: 'verwijzing', verwijzing: { datum: TODAY, verwijzer: '01', segmentId: SEGMENT, kader: 'vrijwillig' } });
    expect(
      (
        await command('gemeente.wbo', id, {
          type: 'beschikking',
          beschikking: { verwijzingId: 1, segmentId: SEGMENT, ingangsdatum: '2026-12-01', einddatum: '2027-05-31', besluitDoor: 'gemeente' },
        })
      ).statusCode,
    ).toBe(200);
    const t = await command('gemeente.wbo', id, {
      type: 'toewijzing',
      toewijzing: { beschikkingId: 1, segmentId: SEGMENT, providerId, productCategorie: '54', ingangsdatum: '2026-12-01', einddatum: '2027-05-31' },
    });
    const n = t.json().state.toewijzingen[0].nummer;
    const res = await app.inject({ method: 'POST', url: `/api/v1/regions/wbo/cases/${id}/allocations/${n}/jw301`, headers: await as('gemeente.wbo') });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/geen BRP-adres/);
    expect(await s.database.db.select({ id: ijwMessages.id }).from(ijwMessages).where(eq(ijwMessages.caseId, id))).toEqual([]);
  });

  it('a provider sending as another AGB code gets 403 and nothing is stored', async () => {
    const count = async () => (await s.database.db.select({ id: ijwMessages.id }).from(ijwMessages)).length;
    const n = await count();
    const res = await send(
      jw305(client, String(first), '2026-11-20').replace(`<jw305:Afzender>${agb}</jw305:Afzender>`, '<jw305:Afzender>12345678</jw305:Afzender>'),
    );
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(await count()).toBe(n);
    // Only providers send these messages.
    expect((await send(jw305(client, String(first), '2026-11-20'), 'gemeente.wbo')).statusCode).toBe(403);
  });

  it('the messages of a case: all for the municipality, only its own for the provider; audit-logged', async () => {
    const res = await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}/messages?purpose=controle%20berichten`, headers: await as('gemeente.wbo') });
    expect(res.statusCode, res.body).toBe(200);
    const codes = res.json().messages.map((m: { code: string }) => m.code);
    for (const c of ['JW315', 'JW316', 'JW301', 'JW319', 'JW305', 'JW306', 'JW307', 'JW308']) expect(codes).toContain(c);
    const mine = await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}/messages?purpose=controle%20berichten`, headers: await as('aanbieder.wbo') });
    expect(mine.statusCode).toBe(200);
    for (const m of mine.json().messages) expect([m.afzender, m.ontvanger]).toContain(agb);
    expect(
      (await app.inject({ url: `/api/v1/regions/wbo/cases/${caseId}/messages?purpose=x-test`, headers: await as('contractmanager.wbo') })).statusCode,
    ).toBe(403); // the authorisation matrix: no personal data for contract managers
  });
});
