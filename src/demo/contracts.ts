/**
 * Demo contract management for a demo region, made through the contract use cases as the region's
 * demo contract manager (so every rule applies as it would in the browser):
 *
 * - changes: Holland Rijnland's segment-wide change of the contract clauses announced on
 *   1 July 2021 for 1 January 2022 (seed 004 §4 Planning, the seed's own example) and a change on
 *   the largest current contract announced ten days ago for the earliest date the six-month rule
 *   allows; WBO (no notice period in seed 003) an indexation in force on a transition contract and
 *   a condition announced for the SLT contracts that start on 1 January 2027;
 * - dialogues: held ones with minutes, the KPI snapshot of that day and actions (one done, one
 *   overdue, one open) and planned ones that follow the open actions up (seed 003 §10.2 sturings- en
 *   verantwoordingsdialogen; seed 004 quarterly contract talks and ontwikkeltafels);
 * - Holland Rijnland: development partners per segment by Pareto analysis of last year's turnover
 *   (seed 004 §3.2 c), once funding data exists (it may be generated on a later start).
 *
 * Assumptions (aanname; the seeds give none of these): the dates of the demo dialogues and
 * actions, their texts, the 80% Pareto share, and which segments get development partners (the
 * segments whose leveranciersmanagement in seed 004 names ontwikkelpartners: 4.1, 4.2, 4.3).
 * Idempotent: each part is made once per region.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { contracts, trajectories, users } from '../db/schema.js';
import { contractChanges, dialogues, providerTiers } from '../db/schema-procurement.js';
import type { Role, UserScope } from '../domain/access/roles.js';
import { earliestEffective } from '../domain/contracts/notice.js';
import { addDays, addMonths } from '../domain/dates.js';
import { loadRegionProfile } from '../app/landscape.js';
import { announceChange } from '../app/contracts/contracts.js';
import { closeAction, holdDialogue, scheduleDialogue } from '../app/contracts/dialogues.js';
import { recordProviderTiers, turnover } from '../app/contracts/market.js';

/** Assumption: the Pareto share of the demo (seed 004 §3.2 c names the method, not the share): 80 %, as the profile proposes. */
const DEMO_PARETO = 0.8;
/** Assumption: segments whose development partners the demo selects (seed 004 §4.1-4.3 leveranciersmanagement name ontwikkelpartners). */
const PARTNER_SEGMENTS = ['behandeling-met-verblijf', 'wonen', 'dagbesteding-dagbehandeling'];

export interface DemoContractsResult {
  changes: number;
  dialogues: number;
  tiers: number;
}

async function scopeOf(db: Db, username: string): Promise<UserScope | null> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return u
    ? { userId: u.id, username: u.username, role: u.role as Role, regionId: u.regionId, municipalityCode: u.municipalityCode, providerId: u.providerId }
    : null;
}

/** Contracts running on `on` in a segment, busiest first (most care trajectories). */
async function busiest(db: Db, regionId: string, on: string, segmentId?: string) {
  return db
    .select({
      id: contracts.id,
      providerId: contracts.providerId,
      segmentId: contracts.segmentId,
      lotId: contracts.lotId,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      n: sql<number>`(select count(*) from ${trajectories} t where t.contract_id = ${contracts.id})::int`,
    })
    .from(contracts)
    .where(
      and(
        eq(contracts.regionId, regionId),
        sql`${contracts.startDate} <= ${on} and ${contracts.endDate} >= ${on}`,
        segmentId ? eq(contracts.segmentId, segmentId) : sql`true`,
      ),
    )
    .orderBy(desc(sql`5`), asc(contracts.id))
    .limit(3);
}

export async function ensureDemoContracts(db: Db, regionId: string, today: string): Promise<DemoContractsResult | null> {
  const cm = await scopeOf(db, `contractmanager.${regionId}`);
  if (!cm) return null;
  const profile = await loadRegionProfile(db, regionId);
  const result: DemoContractsResult = { changes: 0, dialogues: 0, tiers: 0 };
  const now = new Date(`${today}T09:00:00Z`);
  const hasNotice = [...profile.regels, ...profile.segmenten.flatMap((s) => s.regels)].some((r) => r.type === 'wijzigingstermijn');

  // --- Changes (once)
  const [changed] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(contractChanges)
    .where(eq(contractChanges.regionId, regionId));
  if ((changed?.n ?? 0) === 0) {
    const current = await busiest(db, regionId, today);
    if (hasNotice) {
      // Seed 004 §4 Planning: announced on 1 July 2021 for 1 January 2022.
      const seg = profile.segmenten.find((s) => s.id === 'behandeling-met-verblijf') ?? profile.segmenten[0]!;
      if ('2021-07-01' <= today) {
        await announceChange(
          db,
          cm,
          regionId,
          { segmentId: seg.id },
          {
            kind: 'voorwaarde',
            description:
              'Aangepaste en nieuwe contractbepalingen (technische omzetting naar contracten op segmentniveau), besproken op de ontwikkeltafel van juli 2021',
            announcedOn: '2021-07-01',
            effectiveOn: '2022-01-01',
          },
          today,
          now,
        );
        result.changes++;
      }
      const c = current.find((x) => x.endDate >= addMonths(today, 7));
      if (c) {
        const announcedOn = addDays(today, -10);
        await announceChange(
          db,
          cm,
          regionId,
          { contractId: c.id },
          { kind: 'tarief', description: 'Tarieven volgend contractjaar (aanname: demo)', announcedOn, effectiveOn: earliestEffective(announcedOn, 6) },
          today,
          now,
        );
        result.changes++;
      }
    } else {
      const c = current[0];
      if (c) {
        await announceChange(
          db,
          cm,
          regionId,
          { contractId: c.id },
          {
            kind: 'tarief',
            description: 'Indexatie tarieven (aanname: demo)',
            announcedOn: addDays(`${today.slice(0, 4)}-01-01`, -45),
            effectiveOn: `${today.slice(0, 4)}-01-01`,
          },
          today,
          now,
        );
        result.changes++;
      }
      const upcoming = await db
        .select()
        .from(contracts)
        .where(and(eq(contracts.regionId, regionId), sql`${contracts.startDate} > ${today}`))
        .orderBy(asc(contracts.id))
        .limit(1);
      if (upcoming[0]) {
        await announceChange(
          db,
          cm,
          regionId,
          { contractId: upcoming[0].id },
          {
            kind: 'voorwaarde',
            description: 'Lokale inhoudelijke voorwaarden per SLT in de opdracht (seed 003 §5.3.3: mogelijk per SLT; inhoud aanname)',
            announcedOn: addDays(today, -20),
            effectiveOn: upcoming[0].startDate,
          },
          today,
          now,
        );
        result.changes++;
      }
    }
  }

  // --- Dialogues (once): a held one with actions, and the next one planned for follow-up.
  const [hasDialogues] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(dialogues)
    .where(eq(dialogues.regionId, regionId));
  if ((hasDialogues?.n ?? 0) === 0) {
    const kind = hasNotice ? 'contractgesprek' : 'verantwoordingsdialoog';
    const heldOn = addMonths(today, -3);
    for (const c of (await busiest(db, regionId, heldOn)).slice(0, 2)) {
      const d = await scheduleDialogue(
        db,
        cm,
        regionId,
        {
          kind,
          scheduledOn: heldOn,
          contractId: c.id,
          agenda: ["Realisatie inkoopdoelen en KPI's", 'Besteding ten opzichte van het plafond', 'Wachttijden en doorstroom'],
        },
        today,
      );
      const held = await holdDialogue(
        db,
        cm,
        regionId,
        d.id,
        {
          heldOn,
          minutes:
            "Resultaten en KPI's besproken. De aanbieder licht de wachttijd toe; afgesproken is de doorstroom te volgen en de prognose tegen het plafond bij te houden. (Demo; inhoud aanname.)",
          actions: [
            { description: 'Overzicht wachtenden per locatie aanleveren', owner: 'aanbieder', dueOn: addDays(heldOn, 30) },
            { description: 'Prognose jaareinde toelichten bij overschrijding plafond', owner: 'contractmanager', dueOn: addDays(heldOn, 45) },
            { description: 'Verbeterplan doorstroom opstellen', owner: 'aanbieder', dueOn: addDays(today, 30) },
          ],
        },
        today,
      );
      result.dialogues++;
      // The first action is done; the second stays open past its date (overdue); the third is open.
      await closeAction(
        db,
        cm,
        regionId,
        held.actions[0]!.id,
        { status: 'afgerond', note: 'Ontvangen en besproken met de toegang.', doneOn: addDays(heldOn, 25) },
        today,
      );
      await scheduleDialogue(
        db,
        cm,
        regionId,
        { kind, scheduledOn: addDays(today, 21), contractId: c.id, agenda: ["Realisatie inkoopdoelen en KPI's"] },
        today,
      );
      result.dialogues++;
    }
    // Segment level: an ontwikkeltafel (seed 004 §3.2 e) or a sturingsdialoog per perceel (seed 003 §5.1, §10.4).
    const seg = hasNotice ? profile.segmenten.find((s) => s.id === 'behandeling-met-verblijf') : profile.segmenten.find((s) => s.percelen.length > 0);
    if (seg) {
      await scheduleDialogue(
        db,
        cm,
        regionId,
        {
          kind: hasNotice ? 'ontwikkeltafel' : 'sturingsdialoog',
          scheduledOn: addDays(today, 35),
          segmentId: seg.id,
          ...(hasNotice ? {} : { lotId: seg.percelen[0]!.id }),
          agenda: hasNotice
            ? ['Voortgang ontwikkeldoelen segment', 'Voorstel aangepaste contractbepalingen']
            : ['Doelen en resultaten perceel', "Strategiekaart en KPI's"],
        },
        today,
      );
      result.dialogues++;
    }
  }

  // --- Development partners (once, when funding data exists).
  const rule = profile.regels.find((r) => r.type === 'ontwikkelpartners');
  const [tiered] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(providerTiers)
    .where(eq(providerTiers.regionId, regionId));
  if (rule && (tiered?.n ?? 0) === 0) {
    const year = Number(today.slice(0, 4)) - 1;
    const rows = await turnover(db, regionId, { asOf: today, year });
    for (const segmentId of PARTNER_SEGMENTS) {
      if (!profile.segmenten.some((s) => s.id === segmentId) || !rows.some((r) => r.segmentId === segmentId && r.cents > 0)) continue;
      const r = await recordProviderTiers(db, cm, regionId, { segmentId, year, paretoAandeel: DEMO_PARETO }, today);
      result.tiers += r.recorded;
    }
  }
  return result;
}
