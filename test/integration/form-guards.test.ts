/**
 * Form guards in the use cases (issue #13, "Forms that guard the domain"), through HTTP: each is a
 * 422 problem+json naming the field with a Dutch message, and nothing is stored.
 * - a 76-year-old "jeugdige" is refused (Jeugdwet art. 1.1: jeugdige under 18, verlengde
 *   jeugdhulp to 23; Holland Rijnland's own rule, seed 004 §4.2, also ends at 23);
 * - no referral dated after today; no beschikking before its referral;
 * - an MDO with agreement on a complex WBO case names the participants of seed 003 §5.2
 *   (specialistische/locatiegebonden jeugdhulp, verblijf met behandeling en crisiszorg, sociale basis);
 * - the BRP address: street over 24 characters (iJw LDT_Straatnaam), huisletter of one letter and a
 *   toevoeging of at most 4 (LDT_Huisletter, LDT_HuisnummerToevoeging), stored and sent in the JW301.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { families, youths } from '../../src/db/schema.js';
import { client, expectProblem, setUp, tearDown, type Harness } from './procurement-helpers.js';

const TODAY = '2026-11-22';
const R = '/api/v1/regions/wbo';
let h: Harness;
let api: ReturnType<typeof client>;

const youth = (bsn: string, birthDate: string) => ({ bsn, givenName: 'Test', familyName: 'Guard', birthDate, gender: '2' });
const help = (body: object) => api.post('toegang.wbo', `${R}/cases`, { hulpvraag: 'Toets van de invoer', crisis: false, ...body });
const cmd = (caseId: number, command: object) => api.post('toegang.wbo', `${R}/cases/${caseId}/commands`, { command });
const errorsOf = (res: { json(): unknown }) => (res.json() as { errors: { field: string; message: string }[] }).errors;

beforeAll(async () => {
  h = await setUp(TODAY, ['wbo', 'holland-rijnland']);
  api = client(h);
}, 600_000);
afterAll(async () => tearDown(h));

describe('help request', () => {
  it('refuses a 76-year-old "jeugdige" (born 1950) and a birth date in the future; nothing is stored', async () => {
    const before = (await h.s.database.db.select({ n: sql<number>`count(*)::int` }).from(youths))[0]!.n;
    const old = await help({ youth: youth('999900018', '1950-05-01') });
    expectProblem(old, 422);
    expect(errorsOf(old)).toEqual([
      { field: 'youth.birthDate', message: 'Deze persoon is 76 jaar; jeugdhulp is er in deze regio tot 23 jaar. Controleer de geboortedatum.' },
    ]);
    const future = await help({ youth: youth('999900018', '2027-01-01') });
    expect(errorsOf(expectProblem(future, 422) && future)[0]).toMatchObject({
      field: 'youth.birthDate',
      message: 'De geboortedatum (01-01-2027) ligt in de toekomst.',
    });
    // 22 years and 364 days is still within verlengde jeugdhulp; 23 is not.
    expect((await help({ youth: youth('999900018', '2003-11-23') })).statusCode).toBe(201);
    expectProblem(await help({ youth: youth('999900031', '2003-11-22') }), 422);
    expect((await h.s.database.db.select({ n: sql<number>`count(*)::int` }).from(youths))[0]!.n).toBe(before + 1);
  });

  it('refuses an external referral dated tomorrow, naming verwijzing.datum', async () => {
    const res = await help({
      youth: youth('999900031', '2014-02-02'),
      verwijzing: { datum: '2026-11-23', verwijzer: '02', segmentId: 'specialistische-ambulante-behandeling', kader: 'vrijwillig' },
    });
    expectProblem(res, 422);
    expect(errorsOf(res)).toEqual([
      {
        field: 'verwijzing.datum',
        message: 'De verwijzing is gedateerd op 23-11-2026, na vandaag (22-11-2026); een verwijzing kan niet in de toekomst liggen.',
      },
    ]);
  });

  it('the BRP address: a 25-character street is refused with a message (not cut), huisletter and toevoeging are kept', async () => {
    const long = await help({
      youth: youth('999900031', '2014-02-02'),
      adres: { straat: 'Burgemeester van Sonsbeeck', huisnummer: 12, postcode: '4818 JA', woonplaats: 'Breda' },
    });
    expectProblem(long, 422);
    expect(errorsOf(long)[0]!.field).toBe('adres.straat');
    const bad = await help({
      youth: youth('999900031', '2014-02-02'),
      adres: { straat: 'Ginnekenweg', huisnummer: 12, huisletter: 'AB', toevoeging: 'boven', postcode: '4818 JA', woonplaats: 'Breda' },
    });
    expect(errorsOf(expectProblem(bad, 422) && bad).map((e) => e.field)).toEqual(['adres.huisletter', 'adres.toevoeging']);
    const ok = await help({
      youth: youth('999900031', '2014-02-02'),
      adres: { straat: 'Ginnekenweg', huisnummer: 12, huisletter: 'a', toevoeging: '2hg', postcode: '4818 JA', woonplaats: 'Breda' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const [y] = await h.s.database.db.select().from(youths).where(eq(youths.bsn, '999900031'));
    const [f] = await h.s.database.db.select().from(families).where(eq(families.id, y!.familyId));
    expect(f).toMatchObject({ straatnaam: 'Ginnekenweg', huisnummer: 12, huisletter: 'A', huisnummertoevoeging: '2hg' });
  });
});

describe('case commands', () => {
  let caseId: number;
  beforeAll(async () => {
    const res = await help({ youth: youth('999900043', '2013-06-06') });
    caseId = res.json().id;
    expect((await cmd(caseId, { type: 'triage', uitkomsten: ['niet-vrij-toegankelijk'], complexiteit: 'complex', domeinoverstijgend: false })).statusCode).toBe(
      200,
    );
  });

  it('an MDO with agreement on a complex case without the participants seed 003 §5.2 requires is refused with their names', async () => {
    const res = await cmd(caseId, {
      type: 'mdo',
      mdo: { datum: TODAY, deelnemers: ['lokaal-team', 'sociale-basis'], overeenstemming: true, afweging: 'Ambulant' },
    });
    expectProblem(res, 422);
    expect(errorsOf(res)).toEqual([
      {
        field: 'mdo.deelnemers',
        message:
          'De regio vereist bij complexe problematiek ook deze deelnemers aan het MDO: Specialistische en locatiegebonden jeugdhulp, Verblijf met behandeling en crisiszorg.',
      },
    ]);
    expect(res.body).not.toMatch(/specialistische-jeugdhulp|verblijf-crisis/);
    const ok = await cmd(caseId, {
      type: 'mdo',
      mdo: {
        datum: TODAY,
        deelnemers: ['lokaal-team', 'specialistische-jeugdhulp', 'verblijf-crisis', 'sociale-basis'],
        overeenstemming: true,
        afweging: 'Verblijf',
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a referral dated after today is refused; a beschikking before its referral is refused', async () => {
    const future = await cmd(caseId, {
      type: 'verwijzing',
      verwijzing: { datum: '2026-12-01', verwijzer: '01', segmentId: 'verblijf-crisis', kader: 'vrijwillig' },
    });
    expectProblem(future, 422);
    expect(errorsOf(future)[0]!.field).toBe('verwijzing.datum');
    expect(
      (await cmd(caseId, { type: 'verwijzing', verwijzing: { datum: '2026-11-20', verwijzer: '01', segmentId: 'verblijf-crisis', kader: 'vrijwillig' } }))
        .statusCode,
    ).toBe(200);
    const early = await api.post('gemeente.wbo', `${R}/cases/${caseId}/commands`, {
      command: {
        type: 'beschikking',
        beschikking: { verwijzingId: 1, segmentId: 'verblijf-crisis', ingangsdatum: '2026-11-19', einddatum: '2027-05-19', besluitDoor: 'slt' },
      },
    });
    expectProblem(early, 422);
    expect(errorsOf(early)).toEqual([
      {
        field: 'beschikking.ingangsdatum',
        message: 'De beschikking gaat in op 19-11-2026, vóór de verwijzing van 20-11-2026; een beschikking volgt op de verwijzing.',
      },
    ]);
  });
});
