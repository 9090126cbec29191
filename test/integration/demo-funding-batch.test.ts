/**
 * Issue #14: the demo's funding history is settled per declaration period in one batch
 * (settle-batch.ts) instead of declaration by declaration. The batch must give exactly what
 * settling the same messages one by one through settleDeclaration gives (validation, the
 * settlement rules of src/domain/funding/settlement.ts, credits, rejections such as TR321 9321,
 * ceilings), so two databases with the same small demo region are compared line by line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { ensureDemoFunding, type DemoFundingCounts } from '../../src/demo/funding.js';
import { settleDeclarationsBatch } from '../../src/app/funding/settle-batch.js';
import { newSettlementCarry } from '../../src/app/funding/settle-carry.js';
import { validateMessage } from '../../src/ijw/validate.js';
import { parseMessage } from '../../src/ijw/codec.js';
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
const dbs: TestDb[] = [];
let batch: Started;
let oneByOne: Started;
let small: Started;
let smallCounts: DemoFundingCounts | null;
let batchCounts: DemoFundingCounts | null;
let oneCounts: DemoFundingCounts | null;

const rows = async (s: Started, q: string) =>
  ((await s.database.db.execute(sql.raw(q))) as unknown as { rows: Record<string, unknown>[] }).rows.map((r) => JSON.stringify(r));

beforeAll(async () => {
  for (let i = 0; i < 3; i++) dbs.push(await createTestDatabase());
  batch = await start(dbs[0]!.open, { demo: ['wbo'], scale: 0.02, today: TODAY });
  oneByOne = await start(dbs[1]!.open, { demo: ['wbo'], scale: 0.02, today: TODAY });
  batchCounts = await ensureDemoFunding(batch.database.db, 'wbo', TODAY, { historyYears: 1 });
  oneCounts = await ensureDemoFunding(oneByOne.database.db, 'wbo', TODAY, { historyYears: 1, settle: 'one-by-one' });
  // Many small batches: each hands the next what it settled (the carry: earlier lines, totals, open debits, ceiling spend).
  small = await start(dbs[2]!.open, { demo: ['wbo'], scale: 0.02, today: TODAY });
  smallCounts = await ensureDemoFunding(small.database.db, 'wbo', TODAY, { historyYears: 1, batchLines: 150 });
}, 900_000);

afterAll(async () => {
  await batch?.database.close();
  await oneByOne?.database.close();
  await small?.database.close();
  for (const d of dbs) await d.drop();
});

describe('demo funding settled in batches equals settling every declaration on its own', () => {
  it('the same counts: declarations, lines, rejected lines, approved amount, ceiling signals', () => {
    expect(batchCounts).not.toBeNull();
    const strip = (c: DemoFundingCounts | null) => ({ ...c, seconds: 0 });
    expect(strip(batchCounts)).toEqual(strip(oneCounts));
    expect(strip(smallCounts)).toEqual(strip(oneCounts));
    expect(batchCounts!.lines).toBeGreaterThan(100);
    // The demo over-declares a few lines (TR321, rejected) and credits a few (TR323): both paths must meet them.
    expect(batchCounts!.rejectedLines).toBeGreaterThan(0);
  });

  it('the same declarations and lines, with the same outcome, codes, amounts and credited marks', async () => {
    for (const q of [
      'select provider_agb, declaratie_nummer, period_start::text, submitted_cents, approved_cents, line_count, rejected_count from declarations order by provider_agb, declaratie_nummer',
      `select provider_agb, referentie_nummer, vorig_referentie_nummer, toewijzing_nummer, segment_id, municipality_code, begindatum::text, einddatum::text, volume,
         bedrag_cents, debet_credit, approved, codes, amount_cents, credited from declaration_lines order by provider_agb, referentie_nummer, approved`,
      'select * from spend_monthly order by 1, 2, 3, 4, 5',
      'select * from allocation_declared order by 1, 2',
      `select m.direction, m.code, m.afzender, m.ontvanger from ijw_messages m where m.code in ('JW323', 'JW325') order by 1, 2, 3, 4`,
    ]) {
      const a = await rows(batch, q);
      expect(a.length).toBeGreaterThan(0);
      expect(a).toEqual(await rows(oneByOne, q));
      expect(await rows(small, q)).toEqual(a);
    }
    const credited = await rows(batch, `select count(*)::int as n from declaration_lines where credited`);
    expect(credited).not.toEqual(['{"n":0}']);
  });

  it('stores a valid JW325 answer and the received message for each declaration', async () => {
    const answers = (
      (await batch.database.db.execute(sql`select answer_xml from declarations order by id limit 3`)) as unknown as { rows: { answer_xml: string }[] }
    ).rows;
    for (const a of answers) {
      const v = validateMessage(new TextEncoder().encode(a.answer_xml), { today: TODAY });
      expect(v.message).toBe('JW325');
      expect(v.valid, JSON.stringify(v.findings.slice(0, 3))).toBe(true);
    }
  });

  it('settles nothing twice: the same messages again are answered from the store', async () => {
    const [d] = (
      (await batch.database.db.execute(sql`select d.id, d.received_gzip from declarations d order by id limit 1`)) as unknown as {
        rows: { id: number; received_gzip: Uint8Array }[];
      }
    ).rows;
    const { gunzipSync } = await import('node:zlib');
    const xml = gunzipSync(Buffer.from(d!.received_gzip)).toString('utf8');
    expect(validateMessage(new TextEncoder().encode(xml), { today: TODAY }).valid).toBe(true);
    const { message } = parseMessage(xml, 'JW323');
    const before = await rows(batch, 'select count(*)::int as n from declaration_lines');
    const [again] = await settleDeclarationsBatch(batch.database.db, 'wbo', [{ xml, message, now: new Date(`${TODAY}T08:00:00Z`) }]);
    expect(again!.duplicate).toBe(true);
    expect(again!.declarationId).toBe(Number(d!.id));
    expect(await rows(batch, 'select count(*)::int as n from declaration_lines')).toEqual(before);
    expect(await ensureDemoFunding(batch.database.db, 'wbo', TODAY, { historyYears: 1 })).toBeNull();
    // A carry that did not see the region's declarations is not used (the batch reads the database instead).
    const carry = newSettlementCarry();
    await settleDeclarationsBatch(batch.database.db, 'wbo', [{ xml, message, now: new Date(`${TODAY}T08:00:00Z`) }], { carry });
    expect(carry.usable).toBe(false);
    expect(carry.prior.size).toBe(0);
  });

  it('refuses a declaration to a municipality outside the region (problem, nothing written)', async () => {
    const before = await rows(batch, 'select count(*)::int as n from declarations');
    // The official example JW323, sent to Amsterdam (0363), which is not a municipality of WBO.
    const xml = readFileSync(new URL('../fixtures/ijw/examples/JW323.xml', import.meta.url), 'utf8').replace(
      '<jw323:Ontvanger>0384</jw323:Ontvanger>',
      '<jw323:Ontvanger>0363</jw323:Ontvanger>',
    );
    const { message } = parseMessage(xml, 'JW323');
    expect(message.Header.Ontvanger).toBe('0363');
    await expect(settleDeclarationsBatch(batch.database.db, 'wbo', [{ xml, message, now: new Date() }])).rejects.toThrow(/0363/);
    expect(await rows(batch, 'select count(*)::int as n from declarations')).toEqual(before);
  });
});
