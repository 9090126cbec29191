/**
 * The demo contract management (src/demo/contracts.ts) made at start-up through the
 * use cases: Holland Rijnland's change announced on 1 July 2021 for 1 January 2022 (seed 004 §4
 * Planning) and a pending change that respects the six months; held dialogues with KPI snapshots
 * and done, overdue and open actions, planned ones that follow them up; development partners by
 * Pareto (seed 004 §3.2 c) from the demo funding data. Idempotent on a second run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { start, type Started } from '../../src/app/startup.js';
import { ensureDemoContracts } from '../../src/demo/contracts.js';
import { contractChanges, dialogueActions, dialogues, providerTiers } from '../../src/db/schema-procurement.js';
import { earliestEffective } from '../../src/domain/contracts/notice.js';
import { isOverdue } from '../../src/domain/contracts/dialogues.js';
import { createTestDatabase, type TestDb } from '../helpers/db.js';

const TODAY = '2026-11-22';
let testDb: TestDb;
let s: Started;

beforeAll(async () => {
  testDb = await createTestDatabase();
  s = await start(testDb.open, { demo: ['wbo', 'holland-rijnland'], demoFunding: ['holland-rijnland'], demoFundingYears: 1, today: TODAY, scale: 0.02 });
});
afterAll(async () => {
  await s?.database.close();
  await testDb?.drop();
});

const rowsOf = async (regionId: string) => {
  const db = s.database.db;
  return {
    changes: await db.select().from(contractChanges).where(eq(contractChanges.regionId, regionId)),
    dialogues: await db.select().from(dialogues).where(eq(dialogues.regionId, regionId)),
    actions: await db.select().from(dialogueActions).where(eq(dialogueActions.regionId, regionId)),
    tiers: await db.select().from(providerTiers).where(eq(providerTiers.regionId, regionId)),
  };
};

describe('demo contracts', () => {
  it('Holland Rijnland: the seed’s own example change (2021-07-01 for 2022-01-01, in force) and a pending change respecting six months', async () => {
    const { changes } = await rowsOf('holland-rijnland');
    expect(changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ announcedOn: '2021-07-01', effectiveOn: '2022-01-01', contractId: null, status: 'aangekondigd' })]),
    );
    const pending = changes.filter((c) => c.effectiveOn > TODAY);
    expect(pending.length).toBeGreaterThan(0);
    for (const c of changes) expect(c.effectiveOn >= earliestEffective(c.announcedOn, 6)).toBe(true);
  });
  it('held dialogues carry minutes and a KPI snapshot; actions are done, overdue and open; planned dialogues follow them up', async () => {
    for (const regionId of ['wbo', 'holland-rijnland']) {
      const { dialogues: ds, actions } = await rowsOf(regionId);
      const held = ds.filter((d) => d.status === 'gehouden');
      expect(held.length, regionId).toBeGreaterThan(0);
      for (const d of held) {
        expect(d.minutes).toBeTruthy();
        expect((d.kpiSnapshot as { items: unknown[] }).items).toBeInstanceOf(Array);
      }
      expect(
        ds.some((d) => d.status === 'gepland' && d.scheduledOn > TODAY),
        regionId,
      ).toBe(true);
      expect(
        actions.some((a) => a.status === 'afgerond'),
        regionId,
      ).toBe(true);
      expect(
        actions.some((a) => isOverdue(a, TODAY)),
        regionId,
      ).toBe(true);
      expect(
        actions.some((a) => a.status === 'open' && !isOverdue(a, TODAY)),
        regionId,
      ).toBe(true);
      expect(
        actions.filter((a) => a.status === 'open').every((a) => a.followUpDialogueId !== null),
        regionId,
      ).toBe(true);
    }
  });
  it('Holland Rijnland development partners by Pareto from the 2025 turnover, with the assumption in the rationale; WBO has no such rule', async () => {
    const { tiers } = await rowsOf('holland-rijnland');
    expect(tiers.some((t) => t.tier === 'ontwikkelpartner')).toBe(true);
    for (const t of tiers) {
      expect(t.method).toBe('pareto');
      expect(t.rationale).toContain('aanname');
    }
    expect((await rowsOf('wbo')).tiers).toEqual([]);
  });
  it('is idempotent: a second run adds nothing', async () => {
    const count = async () =>
      Number(
        (
          (await s.database.db.execute(
            sql`select (select count(*) from contract_changes) + (select count(*) from dialogues) + (select count(*) from provider_tiers) as n`,
          )) as { rows: { n: number | string }[] }
        ).rows[0]!.n,
      );
    const before = await count();
    expect(await ensureDemoContracts(s.database.db, 'holland-rijnland', TODAY)).toEqual({ changes: 0, dialogues: 0, tiers: 0 });
    expect(await count()).toBe(before);
  });
});
