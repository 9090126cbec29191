/**
 * Declaration settlement (JW323 -> JW325) against allocations and tariffs, exactly once:
 * approval, per-line rejection codes, duplicates, credits, concurrent submissions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { settleDeclaration } from '../../src/app/funding/settle.js';
import { allocations, declarationLines, declarations, families, providers, tariffs, youths } from '../../src/db/schema.js';
import { validateMessage } from '../../src/ijw/validate.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';
import { buildJw323 } from '../fixtures/funding/jw323.js';
import { createWorld, creditOf, debit, makeAllocations } from '../fixtures/funding/world.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const AGB = '65656055';
let testDb: TestDb;
let s: Started;

/** The example declaration (two clients, four lines) addressed to Breda. */
const example = () =>
  readFileSync(join(PROJECT_ROOT, 'reference', 'ijw-voorbeelden', 'JW323.xml'), 'utf8').replace(
    '<jw323:Ontvanger>0384</jw323:Ontvanger>',
    '<jw323:Ontvanger>0758</jw323:Ontvanger>',
  );
const bytes = (xml: string) => new TextEncoder().encode(xml);

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { today: '2026-11-22' });
  const db = s.database.db;
  const [p] = await db.insert(providers).values({ regionId: 'wbo', agbCode: AGB, name: 'Jeugdhulp Test', kind: 'jeugdhulpaanbieder' }).returning();
  const [f] = await db.insert(families).values({ regionId: 'wbo', municipalityCode: '0758' }).returning();
  const youth = async (bsn: string) =>
    (
      await db
        .insert(youths)
        .values({
          regionId: 'wbo',
          familyId: f!.id,
          bsn,
          pseudonym: bsn,
          givenName: 'A',
          familyName: 'B',
          birthDate: '2012-01-01',
          gender: '1',
          municipalityCode: '0758',
        })
        .returning()
    )[0]!.id;
  const y1 = await youth('999900006');
  const y2 = await youth('999900018');
  const alloc = {
    regionId: 'wbo',
    providerId: p!.id,
    segmentId: 'specialistische-ambulante-behandeling',
    municipalityCode: '0758',
    productCategorie: '45',
    ingangsdatum: '2026-01-01',
    einddatum: '2026-12-31',
    eenheid: '04',
    frequentie: '4',
    volume: 20,
  };
  await db.insert(allocations).values([
    { ...alloc, toewijzingNummer: 10072, youthId: y1, productCode: '45A03' },
    { ...alloc, toewijzingNummer: 10073, youthId: y1, productCode: '45A04' },
    { ...alloc, toewijzingNummer: 10074, youthId: y2, productCode: '45A03' },
  ]);
  // Contract tariffs per hour (cents): 45A03 12.50 and 45A04 15.00, as the example declares them.
  await db.insert(tariffs).values([
    {
      regionId: 'wbo',
      providerId: p!.id,
      segmentId: alloc.segmentId,
      productCategorie: '45',
      productCode: '45A03',
      eenheid: '04',
      priceCents: 1250,
      validFrom: '2026-01-01',
    },
    {
      regionId: 'wbo',
      providerId: p!.id,
      segmentId: alloc.segmentId,
      productCategorie: '45',
      productCode: '45A04',
      eenheid: '04',
      priceCents: 1500,
      validFrom: '2026-01-01',
    },
  ]);
});
afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

describe('settlement of the example declaration', () => {
  let first: Awaited<ReturnType<typeof settleDeclaration>>;

  it('settles line by line and answers with a valid JW325 holding only the rejected lines', async () => {
    first = await settleDeclaration(s.database.db, 'wbo', bytes(example()), NOW);
    expect(first.duplicate).toBe(false);
    expect(first.lines).toBe(5);
    const answer = validateMessage(first.answerXml, { today: '2026-11-22' });
    expect(answer.findings.filter((f) => f.layer === 'xsd')).toEqual([]);
    // The fifth line (RN005) declares March, before... it is within the allocation; every line matches its allocation.
    const lines = await s.database.db.select().from(declarationLines).where(eq(declarationLines.declarationId, first.declarationId));
    const approved = lines.filter((l) => l.approved);
    expect(first.approvedCents).toBe(approved.reduce((a, l) => a + l.amountCents, 0));
    expect(first.rejected).toBe(lines.length - approved.length);
  });

  it('the same declaration sent again gets the same answer and pays nothing twice', async () => {
    const again = await settleDeclaration(s.database.db, 'wbo', bytes(example()), NOW);
    expect(again.duplicate).toBe(true);
    expect(again.answerXml).toBe(first.answerXml);
    const [n] = await s.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(declarations)
      .where(eq(declarations.providerAgb, AGB));
    expect(Number(n!.n)).toBe(1);
  });

  it('TR314 (8021): a new declaration reusing a ReferentieNummer is rejected for that line', async () => {
    const xml = example()
      .replace('<jw323:DeclaratieNummer>DN001</jw323:DeclaratieNummer>', '<jw323:DeclaratieNummer>DN002</jw323:DeclaratieNummer>')
      .replace(/<ijw:Identificatie>765432198<\/ijw:Identificatie>/, '<ijw:Identificatie>765432199</ijw:Identificatie>');
    const r = await settleDeclaration(s.database.db, 'wbo', bytes(xml), NOW);
    expect(r.duplicate).toBe(false);
    expect(r.approvedCents).toBe(0);
    const codes = (await s.database.db.select().from(declarationLines).where(eq(declarationLines.declarationId, r.declarationId))).map((l) => l.codes);
    expect(codes.every((c) => c.includes('8021'))).toBe(true);
  });
});

describe('line rules', () => {
  const one = (over: {
    ref: string;
    nummer?: number;
    code?: string;
    volume?: number;
    bedrag?: number;
    tarief?: number;
    dc?: 'D' | 'C';
    vorig?: string;
    period?: [string, string];
  }) => {
    const [b, e] = over.period ?? ['2026-05-01', '2026-05-31'];
    const bedrag = over.bedrag ?? (over.volume ?? 4) * 1250;
    return `<?xml version="1.0" encoding="UTF-8"?>
<jw323:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema">
<jw323:Header><jw323:BerichtCode>490</jw323:BerichtCode><jw323:BerichtVersie>3</jw323:BerichtVersie><jw323:BerichtSubversie>2</jw323:BerichtSubversie><jw323:Afzender>${AGB}</jw323:Afzender><jw323:Ontvanger>0758</jw323:Ontvanger>
<jw323:BerichtIdentificatie><ijw:Identificatie>${over.ref}</ijw:Identificatie><ijw:Dagtekening>2026-11-05</ijw:Dagtekening></jw323:BerichtIdentificatie>
<jw323:XsdVersie><ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie><ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie></jw323:XsdVersie></jw323:Header>
<jw323:Declaratie><jw323:DeclaratieNummer>D${over.ref}</jw323:DeclaratieNummer><jw323:DeclaratiePeriode><ijw:Begindatum>${b}</ijw:Begindatum><ijw:Einddatum>${e}</ijw:Einddatum></jw323:DeclaratiePeriode>
<jw323:DeclaratieDagtekening>2026-11-05</jw323:DeclaratieDagtekening><jw323:TotaalIngediendBedrag><ijw:TotaalBedrag>${bedrag}</ijw:TotaalBedrag><ijw:DebetCredit>${over.dc ?? 'D'}</ijw:DebetCredit></jw323:TotaalIngediendBedrag>
<jw323:Clienten><jw323:Client><jw323:Bsn>999900006</jw323:Bsn><jw323:Prestaties><jw323:Prestatie>
<jw323:ProductReferentie><ijw:ReferentieNummer>${over.ref}</ijw:ReferentieNummer>${over.vorig ? `<ijw:VorigReferentieNummer>${over.vorig}</ijw:VorigReferentieNummer>` : ''}</jw323:ProductReferentie>
<jw323:ToewijzingNummer>${over.nummer ?? 10072}</jw323:ToewijzingNummer><jw323:ProductCategorie>45</jw323:ProductCategorie><jw323:ProductCode>${over.code ?? '45A03'}</jw323:ProductCode>
<jw323:ProductPeriode><ijw:Begindatum>${b}</ijw:Begindatum><ijw:Einddatum>${e}</ijw:Einddatum></jw323:ProductPeriode>
<jw323:GeleverdVolume>${over.volume ?? 4}</jw323:GeleverdVolume><jw323:Eenheid>04</jw323:Eenheid><jw323:ProductTarief>${over.tarief ?? 1250}</jw323:ProductTarief>
<jw323:IngediendBedrag><ijw:Bedrag>${bedrag}</ijw:Bedrag><ijw:DebetCredit>${over.dc ?? 'D'}</ijw:DebetCredit></jw323:IngediendBedrag>
</jw323:Prestatie></jw323:Prestaties></jw323:Client></jw323:Clienten></jw323:Declaratie></jw323:Bericht>`;
  };
  const settle = async (xml: string) => {
    const r = await settleDeclaration(s.database.db, 'wbo', bytes(xml), NOW);
    const [line] = await s.database.db.select().from(declarationLines).where(eq(declarationLines.declarationId, r.declarationId));
    return { r, line: line! };
  };

  it('approves a line that matches allocation and tariff', async () => {
    const { r, line } = await settle(one({ ref: 'L1' }));
    expect(line).toMatchObject({ approved: true, amountCents: 5000, codes: [] });
    expect(r.approvedCents).toBe(5000);
  });
  it.each([
    ['9338', { ref: 'L2', nummer: 99999 }],
    ['9340', { ref: 'L3', code: '45A04', tarief: 1250 }],
    ['0611', { ref: 'L4', tarief: 1300, bedrag: 5200 }],
    ['9346', { ref: 'L5', bedrag: 5001 }],
    ['9321', { ref: 'L6', volume: 21, period: ['2026-06-01', '2026-06-30'] as [string, string] }],
    ['9389', { ref: 'L7' }],
  ])('rejects with %s', async (code, over) => {
    const { line, r } = await settle(one(over));
    expect(line.approved).toBe(false);
    expect(line.codes).toContain(code);
    expect(r.approvedCents).toBe(0);
    expect(r.answerXml).toContain(`<jw325:RetourCode>${code}</jw325:RetourCode>`);
  });
  it('a credit line reverses an approved debit once (TR323, TR390)', async () => {
    const credit = await settle(one({ ref: 'C1', dc: 'C', vorig: 'L1' }));
    expect(credit.line).toMatchObject({ approved: true, amountCents: -5000 });
    const [debit] = await s.database.db
      .select()
      .from(declarationLines)
      .where(and(eq(declarationLines.referentieNummer, 'L1'), eq(declarationLines.providerAgb, AGB)));
    expect(debit!.credited).toBe(true);
    const twice = await settle(one({ ref: 'C2', dc: 'C', vorig: 'L1' }));
    expect(twice.line.codes).toContain('9390');
    const unknown = await settle(one({ ref: 'C3', dc: 'C', vorig: 'NOPE' }));
    expect(unknown.line.codes).toContain('8017');
  });
  it('concurrent declarations of one provider settle one after the other, each line once', async () => {
    const xs = ['P1', 'P2', 'P3'].map((ref, i) =>
      one({ ref, period: [`2026-0${7 + i}-01`, `2026-0${7 + i}-${i === 1 ? '31' : i === 0 ? '31' : '30'}`] as [string, string] }),
    );
    const results = await Promise.all([...xs, xs[0]!].map((x) => settleDeclaration(s.database.db, 'wbo', bytes(x), NOW)));
    expect(results.filter((r) => r.duplicate)).toHaveLength(1);
    const lines = await s.database.db
      .select()
      .from(declarationLines)
      .where(and(eq(declarationLines.providerAgb, AGB), sql`${declarationLines.referentieNummer} in ('P1','P2','P3')`));
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.approved)).toBe(true);
  });
  it('refuses a declaration for a municipality outside the region and unusable input', async () => {
    await expect(
      settleDeclaration(s.database.db, 'wbo', bytes(one({ ref: 'X1' }).replace('<jw323:Ontvanger>0758', '<jw323:Ontvanger>0363')), NOW),
    ).rejects.toThrow(/0363 is geen gemeente van regio wbo/);
    await expect(settleDeclaration(s.database.db, 'wbo', bytes('<x/>'), NOW)).rejects.toThrow(/onbruikbaar/);
  });
});

describe('settled in chunks (large declarations are read and written 5,000 lines at a time)', () => {
  it('a credit in one chunk frees its period for the corrected debit in the next; a second debit of an open period is refused across chunks', async () => {
    const db = s.database.db;
    const w = await createWorld(db, {
      regionId: 'wbo',
      agb: '65656099',
      municipality: '0758',
      segmentId: 'specialistische-ambulante-behandeling',
      allocations: makeAllocations(2, { firstNummer: 880_000, bsnOffset: 900, perClient: 1 }),
    });
    const [a, b] = w.allocations as [(typeof w.allocations)[number], (typeof w.allocations)[number]];
    const header = (id: string) => ({ agb: w.agb, ontvanger: '0758', identificatie: id, month: '2026-06', dagtekening: '2026-11-05' });
    const first = [debit(a, { ref: 'K1', month: '2026-05', volume: 4 }), debit(b, { ref: 'K2', month: '2026-05', volume: 4 })];
    await settleDeclaration(db, 'wbo', buildJw323(header('KDECL1'), first).bytes, NOW);
    // One line per chunk: the credit of K1 (chunk 1), K1's period declared again with one hour less (chunk 2),
    // and a second debit of K2's period, still open (chunk 3).
    const lines = [
      creditOf(first[0]!, 'K1C'),
      { ...debit(a, { ref: 'K1N', month: '2026-05', volume: 3 }) },
      debit(b, { ref: 'K2X', month: '2026-05', volume: 2 }),
    ];
    const r = await settleDeclaration(db, 'wbo', buildJw323(header('KDECL2'), lines).bytes, NOW, { chunk: 1 });
    const rows = await db.select().from(declarationLines).where(eq(declarationLines.declarationId, r.declarationId)).orderBy(declarationLines.id);
    const outcome = new Map(rows.map((l) => [l.referentieNummer, [l.approved, l.codes.join()]]));
    expect(outcome.get('K1C')).toEqual([true, '']);
    expect(outcome.get('K1N')).toEqual([true, '']);
    expect(outcome.get('K2X')).toEqual([false, '9389']);
  });
});
