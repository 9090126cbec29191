/**
 * Issue #14: the demo's funding history writes its declaration lines with one COPY per batch while
 * the foreign key's per-row check is off for that statement (src/demo/funding.ts copyDemoLines). The
 * foreign key to declarations must still hold (checked once), the check must be on again afterwards,
 * and the statement triggers must still keep the read models spend_monthly and allocation_declared
 * (migration 0009) and the region's data version (migration 0014) current. Expected values are
 * computed by hand from the lines below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { copyDemoLines, lineChunks } from '../../src/demo/funding.js';
import { copyChunks } from '../../src/demo/copy.js';
import { readModelsFromRowsApply, readModelDeltas } from '../../src/demo/funding-read-models.js';
import type { BatchLineRow } from '../../src/app/funding/settle-batch.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

let db: TestDb;
let s: Started;

const rows = async <T>(q: ReturnType<typeof sql>) => ((await s.database.db.execute(q)) as unknown as { rows: T[] }).rows;

const line = (over: Partial<BatchLineRow>): BatchLineRow => ({
  id: 0,
  declarationId: 0,
  regionId: 'wbo',
  providerAgb: '99990001',
  referentieNummer: 'R1',
  toewijzingNummer: 4711,
  segmentId: 'S1',
  municipalityCode: '0758',
  productCategorie: '45',
  productCode: '45A01',
  begindatum: '2026-03-01',
  einddatum: '2026-03-31',
  volume: 10,
  eenheid: '04',
  bedragCents: 100_000,
  debetCredit: 'D',
  approved: true,
  codes: [],
  amountCents: 100_000,
  credited: false,
  ...over,
});

async function newDeclaration(): Promise<number> {
  const [d] = await rows<{ id: number }>(sql`insert into declarations (region_id, provider_agb, declaratie_nummer, content_hash, received_at, submitted_cents,
      approved_cents, line_count, rejected_count, answer_xml, received_gzip)
    values ('wbo', '99990001', 'T1', md5(random()::text), now(), 0, 0, 0, 0, '<x/>', '\\x00') returning id`);
  return Number(d!.id);
}

async function lineIds(n: number): Promise<number[]> {
  return (await rows<{ id: number }>(sql`select nextval(pg_get_serial_sequence('declaration_lines', 'id'))::int as id from generate_series(1, ${n}::int)`)).map(
    (r) => Number(r.id),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  s = await start(db.open, { today: '2026-11-22' });
}, 120_000);

afterAll(async () => {
  await s?.database.close();
  await db?.drop();
});

describe('demo funding lines written in bulk', () => {
  it('the COPY text of a line is that of the general COPY writer (the same columns and values)', () => {
    const r = [
      line({ id: 7, declarationId: 3, vorigReferentieNummer: 'R0', codes: ['9321', '8001'], approved: false, amountCents: 0 }),
      line({ id: 8, declarationId: 3, segmentId: null, municipalityCode: null, allocationId: 12, referentieNummer: 'a\tb\\c', credited: true }),
    ];
    const general = [
      ...copyChunks(
        r.map((x) => [
          x.id,
          x.declarationId,
          x.regionId,
          x.providerAgb,
          x.referentieNummer,
          x.vorigReferentieNummer ?? null,
          x.toewijzingNummer,
          x.allocationId ?? null,
          x.segmentId ?? null,
          x.municipalityCode ?? null,
          x.productCategorie,
          x.productCode,
          x.begindatum,
          x.einddatum,
          x.volume,
          x.eenheid,
          x.bedragCents,
          x.debetCredit,
          x.approved ?? null,
          x.codes ?? [],
          x.amountCents ?? null,
          x.credited ?? false,
        ]),
      ),
    ].join('');
    expect([...lineChunks(r)].join('')).toBe(general);
    expect(general).toContain('a\\tb\\\\c');
  });

  const fkTriggers = () =>
    rows<{ enabled: string }>(sql`select t.tgenabled::text as enabled from pg_trigger t join pg_constraint c on c.oid = t.tgconstraint
      where t.tgrelid = 'declaration_lines'::regclass and c.conname = 'declaration_lines_declaration_id_declarations_id_fk'`);

  it('updates spend per month, the declared volume per allocation and the data version as the triggers do', async () => {
    const declarationId = await newDeclaration();
    const [v0] = await rows<{ version: string }>(sql`select version::text from read_model_versions where name = 'funding|wbo'`);
    const [a, b, c] = await lineIds(3);
    await s.database.db.transaction((tx) =>
      copyDemoLines(tx, [
        // March: approved 10 units, 1,000.00; a rejected line of 5 units; April: approved 4 units, 400.00.
        line({ id: a!, declarationId, referentieNummer: 'M1' }),
        line({ id: b!, declarationId, referentieNummer: 'M2', volume: 5, approved: false, codes: ['9321'], amountCents: 0 }),
        line({
          id: c!,
          declarationId,
          referentieNummer: 'A1',
          begindatum: '2026-04-01',
          einddatum: '2026-04-30',
          volume: 4,
          bedragCents: 40_000,
          amountCents: 40_000,
        }),
      ]),
    );
    expect(
      await rows(
        sql`select month::text, approved_cents::int, lines, rejected_lines from spend_monthly where region_id = 'wbo' and provider_agb = '99990001' order by month`,
      ),
    ).toEqual([
      { month: '2026-03-01', approved_cents: 100_000, lines: 2, rejected_lines: 1 },
      { month: '2026-04-01', approved_cents: 40_000, lines: 1, rejected_lines: 0 },
    ]);
    expect(await rows(sql`select net_volume::int, last_debit_end::text from allocation_declared where region_id = 'wbo' and toewijzing_nummer = 4711`)).toEqual(
      [{ net_volume: 14, last_debit_end: '2026-04-30' }],
    );
    // The foreign key's checks are on again (O: fires as usual).
    expect(await fkTriggers()).toEqual([{ enabled: 'O' }, { enabled: 'O' }]);
    const [v1] = await rows<{ version: string }>(sql`select version::text from read_model_versions where name = 'funding|wbo'`);
    expect(BigInt(v1!.version)).toBeGreaterThan(BigInt(v0?.version ?? '0'));
    // A plain update of a line still recounts (migration 0009).
    await s.database.db.execute(sql`update declaration_lines set credited = true where id = ${a!}`);
    expect(await rows(sql`select last_debit_end::text from allocation_declared where region_id = 'wbo' and toewijzing_nummer = 4711`)).toEqual([
      { last_debit_end: '2026-04-30' },
    ]);
    await s.database.db.execute(sql`update declaration_lines set credited = true where id = ${c!}`);
    expect(await rows(sql`select last_debit_end::text from allocation_declared where region_id = 'wbo' and toewijzing_nummer = 4711`)).toEqual([
      { last_debit_end: null },
    ]);
  });

  const readModelTrigger = () =>
    rows<{ enabled: string }>(sql`select tgenabled::text as enabled from pg_trigger where tgrelid = 'declaration_lines'::regclass
      and tgname = 'declaration_lines_read_models_insert'`);

  it('keeps the read models from the rows with the insert trigger off for the COPY only (its function is the mirrored one), and on again after', async () => {
    // The mirrored trigger function is the one the migrations create: the COPY takes the fast path.
    expect(await s.database.db.transaction((tx) => readModelsFromRowsApply(tx))).toBe(true);
    expect(await readModelTrigger()).toEqual([{ enabled: 'O' }]);
    const declarationId = await newDeclaration();
    const [a, b, c, d] = await lineIds(4);
    // On top of cells that exist (the upserts add): March of 4711 already holds 1,000.00 (10 units, 1 rejected line).
    const before = await rows<{ approved_cents: number; lines: number; rejected_lines: number }>(
      sql`select approved_cents::int, lines, rejected_lines from spend_monthly where region_id = 'wbo' and provider_agb = '99990001' and month = '2026-03-01'`,
    );
    expect(before).toEqual([{ approved_cents: 100_000, lines: 2, rejected_lines: 1 }]);
    await s.database.db.transaction((tx) =>
      copyDemoLines(tx, [
        // March, 4711: a debit of 3 units (300.00) and its credit in the same batch (credited at once: no open debit end).
        line({ id: a!, declarationId, referentieNummer: 'M3', volume: 3, bedragCents: 30_000, amountCents: 30_000, credited: true, einddatum: '2026-03-20' }),
        line({
          id: b!,
          declarationId,
          referentieNummer: 'M3C',
          vorigReferentieNummer: 'M3',
          volume: 3,
          debetCredit: 'C',
          bedragCents: 30_000,
          amountCents: -30_000,
        }),
        // An unknown segment and municipality ('?'), another allocation, May.
        line({
          id: c!,
          declarationId,
          referentieNummer: 'U1',
          toewijzingNummer: 4713,
          segmentId: null,
          municipalityCode: null,
          begindatum: '2026-05-01',
          einddatum: '2026-05-31',
          volume: 2,
          bedragCents: 2_000,
          amountCents: 2_000,
        }),
        // A rejected line of 4713: not in its declared volume.
        line({ id: d!, declarationId, referentieNummer: 'U2', toewijzingNummer: 4713, volume: 9, approved: false, codes: ['9321'], amountCents: 0 }),
      ]),
    );
    expect(await readModelTrigger()).toEqual([{ enabled: 'O' }]);
    expect(
      await rows(
        sql`select segment_id, municipality_code, month::text, approved_cents::int, lines, rejected_lines from spend_monthly
          where region_id = 'wbo' and provider_agb = '99990001' order by month, segment_id`,
      ),
    ).toEqual([
      // 1,000.00 + 300.00 - 300.00; 2 + 2 + 1 (the rejected line of 4713 in March: begindatum 2026-03-01) lines; 1 + 1 rejected.
      { segment_id: 'S1', municipality_code: '0758', month: '2026-03-01', approved_cents: 100_000, lines: 5, rejected_lines: 2 },
      { segment_id: 'S1', municipality_code: '0758', month: '2026-04-01', approved_cents: 40_000, lines: 1, rejected_lines: 0 },
      { segment_id: '?', municipality_code: '?', month: '2026-05-01', approved_cents: 2_000, lines: 1, rejected_lines: 0 },
    ]);
    // 4711: 14 + 3 - 3 units; no open debit (the earlier test credited both its debits by hand, the new debit is credited); 4713: its approved debit.
    expect(
      await rows(
        sql`select toewijzing_nummer, net_volume::int, last_debit_end::text from allocation_declared where region_id = 'wbo' order by toewijzing_nummer`,
      ),
    ).toEqual([
      { toewijzing_nummer: 4711, net_volume: 14, last_debit_end: null },
      { toewijzing_nummer: 4713, net_volume: 2, last_debit_end: '2026-05-31' },
    ]);
  });

  it('sums the rows into the groups of the trigger function (by hand)', () => {
    const { spend, declared } = readModelDeltas([
      line({ id: 1, amountCents: 500, volume: 5 }),
      line({ id: 2, referentieNummer: 'R2', amountCents: 700, volume: 7, einddatum: '2026-03-15' }),
      line({ id: 3, referentieNummer: 'R3', debetCredit: 'C', amountCents: -500, volume: 5 }),
      line({ id: 4, referentieNummer: 'R4', approved: false, amountCents: 0, volume: 1, einddatum: '2026-03-30' }),
      line({ id: 5, referentieNummer: 'R5', credited: true, amountCents: 100, volume: 1, begindatum: '2026-02-10', einddatum: '2026-12-31' }),
    ]);
    expect(spend).toEqual([
      { region: 'wbo', agb: '99990001', segment: 'S1', municipality: '0758', month: '2026-03-01', cents: 700, lines: 4, rejected: 1 },
      { region: 'wbo', agb: '99990001', segment: 'S1', municipality: '0758', month: '2026-02-01', cents: 100, lines: 1, rejected: 0 },
    ]);
    // 5 + 7 - 5 + 1 units; the last open debit ends 2026-03-31 (the credited one of December does not count, nor the rejected one).
    expect(declared).toEqual([{ region: 'wbo', nummer: 4711, volume: 8, lastDebitEnd: '2026-03-31' }]);
  });

  it('refuses lines of a declaration that does not exist (the foreign key, checked once) and writes nothing', async () => {
    const [before] = await rows<{ n: number }>(sql`select count(*)::int as n from declaration_lines`);
    const [id] = await lineIds(1);
    await expect(
      s.database.db.transaction((tx) => copyDemoLines(tx, [line({ id: id!, declarationId: 987_654, referentieNummer: 'X1', toewijzingNummer: 4712 })])),
    ).rejects.toThrow(/violate foreign key declaration_lines_declaration_id_declarations_id_fk/);
    expect(await rows(sql`select count(*)::int as n from declaration_lines`)).toEqual([before]);
    expect(await rows(sql`select * from allocation_declared where toewijzing_nummer = 4712`)).toEqual([]);
    expect(await fkTriggers()).toEqual([{ enabled: 'O' }, { enabled: 'O' }]);
    expect(await readModelTrigger()).toEqual([{ enabled: 'O' }]);
    // And a plain insert of such a line is refused by the foreign key itself.
    await expect(
      s.database.db.execute(sql`insert into declaration_lines (declaration_id, region_id, provider_agb, referentie_nummer, toewijzing_nummer, product_categorie,
        product_code, begindatum, einddatum, volume, eenheid, bedrag_cents, debet_credit, approved, codes, amount_cents)
        values (987654, 'wbo', '99990001', 'X2', 4712, '45', '45A01', '2026-03-01', '2026-03-31', 1, '04', 1, 'D', true, '{}', 1)`),
    ).rejects.toThrow();
  });
});
