/**
 * The demo procurement made through the use cases at start-up: WBO runs its 2025-2026 SLT tender
 * (seed 003 §11.1) to the award of the three lots under the Breda rule (§5.3.3), linked to the
 * region's own SLT contracts, and leaves dagbesteding en dagbehandeling open in the award phase;
 * Holland Rijnland admits providers to its open house with checks, plans, a refusal, a later
 * admission and, for Wonen, intermediate entry closed (seed 004 §3.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { contracts } from '../../src/db/schema.js';
import { awards, procedures } from '../../src/db/schema-procurement.js';
import { procedureDetail } from '../../src/app/procurement/procedures.js';
import type { UserScope } from '../../src/domain/access/roles.js';
import { setUp, tearDown, type Harness } from './procurement-helpers.js';

const TODAY = '2026-11-22';
let h: Harness;
const cm = (regionId: string): UserScope => ({
  userId: 0,
  username: `contractmanager.${regionId}`,
  role: 'contractmanager',
  regionId,
  municipalityCode: null,
  providerId: null,
});

beforeAll(async () => {
  h = await setUp(TODAY, ['wbo', 'holland-rijnland']);
});
afterAll(async () => tearDown(h));

describe('WBO demo tender', () => {
  it('the SLT tender went through selection, dialogue and award with go/no-go, and awarded p1-p3 to three parties', async () => {
    const db = h.s.database.db;
    const [slt] = await db
      .select()
      .from(procedures)
      .where(and(eq(procedures.regionId, 'wbo'), eq(procedures.segmentId, 'slt')));
    const d = await procedureDetail(db, cm('wbo'), 'wbo', slt!.id);
    expect(d.status).toBe('gegund');
    expect(d.events.map((e) => e.action)).toEqual(expect.arrayContaining(['publiceren', 'go-no-go:go', 'inschrijving', 'scoren', 'gunnen', 'afwijzen']));
    // Seed 003 §11.2: "go/no-go-momenten ingebouwd bij de selectiefase en de dialoogfase": two go
    // decisions, the selection one before the dialogue one, and the award after both.
    const gos = d.events.filter((e) => e.action === 'go-no-go:go').map((e) => e.at.slice(0, 10));
    expect(gos).toHaveLength(2);
    expect(gos[0]! < gos[1]!).toBe(true);
    expect(d.awardedOn! > gos[1]!).toBe(true);
    // Seed 003 §11.1, the time line of the SLT tender: its columns run from Q1 2025 to Q2 2026, with
    // selection, dialogue and award phase in that order; so the award falls on or before 2026-06-30
    // (end of Q2 2026), and the selection go not before 2025-01-01 (start of Q1 2025).
    expect(gos[0]! >= '2025-01-01').toBe(true);
    expect(d.awardedOn! <= '2026-06-30').toBe(true);
    // Intention on 2026-05-18; standstill of 20 calendar days (profile wbo procedure.opschortendeTermijn):
    // 18 May + 20 days = 7 June is its last day, so the definitive award is on 8 June.
    const intention = d.events.find((e) => e.action === 'voornemen-gunning')!;
    expect(intention.at.slice(0, 10)).toBe('2026-05-18');
    // p3 did not go to its rank 1 (the Breda rule): the written reason is in the log.
    expect(intention.reason).toMatch(/^perceel p3: .*Breda-regel/);
    expect(d.awardedOn).toBe('2026-06-08');
    expect(d.intention).toBeNull();
    const owners = new Map(d.awards.map((a) => [a.lotId, a.providerId]));
    expect([...owners.keys()].sort()).toEqual(['p1', 'p2', 'p3']);
    expect(owners.get('p2')).not.toBe(owners.get('p3'));
    // The party ranked first in both Breda lots got only one of them (seed 003 §5.3.3).
    expect(d.ranking!.p2![0]!.applicationId).toBe(d.ranking!.p3![0]!.applicationId);
    expect(d.applications.some((a) => a.status === 'afgewezen' && /institutionele sociale basis/.test(a.decisionReason ?? ''))).toBe(true);
  });
  it('the awarded contracts are the region’s own SLT contracts from 2027, linked (not duplicated)', async () => {
    const db = h.s.database.db;
    const slt2027 = await db
      .select()
      .from(contracts)
      .where(and(eq(contracts.regionId, 'wbo'), eq(contracts.segmentId, 'slt'), eq(contracts.startDate, '2027-01-01')));
    expect(slt2027).toHaveLength(3);
    for (const c of slt2027) expect(c).toMatchObject({ procedureId: expect.any(Number), contractType: 'overeenkomst' });
    const aw = await db.select().from(awards).where(eq(awards.procedureId, slt2027[0]!.procedureId!));
    expect(aw.map((a) => a.contractId).sort()).toEqual(slt2027.map((c) => c.id).sort());
  });
  it('dagbesteding en dagbehandeling waits in the award phase with ranked tenders', async () => {
    const db = h.s.database.db;
    const [dag] = await db
      .select()
      .from(procedures)
      .where(and(eq(procedures.regionId, 'wbo'), eq(procedures.segmentId, 'dagbesteding-dagbehandeling')));
    const d = await procedureDetail(db, cm('wbo'), 'wbo', dag!.id);
    expect(d.status).toBe('gunning');
    expect(d.allowedActions).toContain('gunnen');
    expect(Object.values(d.ranking!).every((l) => l.length >= 1)).toBe(true);
  });
});

describe('Holland Rijnland demo open house', () => {
  it('segment 1: admissions linked to the segment contracts, a refused plan, a later admission', async () => {
    const db = h.s.database.db;
    const [p] = await db
      .select()
      .from(procedures)
      .where(and(eq(procedures.regionId, 'holland-rijnland'), eq(procedures.segmentId, 'behandeling-met-verblijf')));
    const d = await procedureDetail(db, cm('holland-rijnland'), 'holland-rijnland', p!.id);
    expect(d).toMatchObject({ soort: 'bestuurlijk-aanbesteden', status: 'doorlopend', entryOpen: true });
    const admitted = d.applications.filter((a) => a.status === 'toegelaten');
    expect(admitted.length).toBeGreaterThanOrEqual(2);
    for (const a of admitted) expect(a.checks.every((c) => c.voldaan && c.bewijs)).toBe(true);
    // Seed 004 §3.2 d: plans "minimaal een bepaalde score moeten halen"; the profile leaves the
    // minimum to the procedure (config). The refused plan scores below it, every admitted one not.
    const minimum = d.config.plan!.minimumScore!;
    expect(minimum).toEqual(expect.any(Number));
    const refused = d.applications.find((a) => a.status === 'afgewezen')!;
    expect(refused).toMatchObject({ decisionReason: expect.stringContaining('minimumscore') });
    expect(refused.planScore!).toBeLessThan(minimum);
    for (const a of admitted) expect(a.planScore!).toBeGreaterThanOrEqual(minimum);
    const linked = await db.select().from(contracts).where(eq(contracts.procedureId, p!.id));
    expect(linked.length).toBe(admitted.length);
    // Seed 004: the contracts "vanaf 2021" (2021-01-01); §3.2 f: "De overeenkomsten kennen nu bijvoorbeeld
    // een tussentijdse toetredingsmogelijkheid": one provider joined later, during the term.
    expect(linked.filter((c) => c.startDate === '2021-01-01').length).toBe(admitted.length - 1);
    const later = linked.filter((c) => c.startDate > '2021-01-01');
    expect(later).toHaveLength(1);
    expect(d.config.looptijd?.endDate === undefined || later[0]!.startDate < d.config.looptijd.endDate).toBe(true);
    for (const c of linked) expect(c.conditions).toEqual([expect.objectContaining({ id: 'deelname-centrale-intake' })]);
  });
  it('Wonen: intermediate entry closed (seed 004 §3.2 f)', async () => {
    const db = h.s.database.db;
    const [p] = await db
      .select()
      .from(procedures)
      .where(and(eq(procedures.regionId, 'holland-rijnland'), eq(procedures.segmentId, 'wonen')));
    const d = await procedureDetail(db, cm('holland-rijnland'), 'holland-rijnland', p!.id);
    expect(d).toMatchObject({ status: 'doorlopend', entryOpen: false });
    expect(d.events.at(-1)).toMatchObject({ action: 'toetreding-sluiten', reason: expect.stringContaining('3.2 f') });
  });
});
