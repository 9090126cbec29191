/**
 * Demo procurement, made through the procurement use cases (so every step is in the timeline with
 * who, when and why), for a newly generated demo region. Steps dated after `today` are not taken.
 *
 * WBO (seed 003 §11.1, schema "Inrichtingskeuzes inkoop SLT, dagbesteding en dagbehandeling,
 * verblijf met behandeling"): selection phase Q3-Q4 2025, dialogue phase, award phase ending with
 * the choice of the definitive contract partners in Q2 2026, with go/no-go at selection and
 * dialogue (§11.2). The SLT tender awards the three lots under the Breda rule (§5.3.3): the party
 * ranked first in both Breda lots gets one of them, the other goes to the runner-up (a written
 * reason in the log), announced as an intention to award with the profile's standstill before the
 * definitive award. The awarded
 * contracts are the demo region's own SLT contracts (from 2027-01-01), linked to the procedure.
 * Dagbesteding en dagbehandeling is left open in the award phase for a user to award.
 *
 * Holland Rijnland (seed 004 §3.1, §3.2, §4.1, §4.2): bestuurlijk aanbesteden with open-house
 * contracts for segment 1 (behandeling met verblijf) and segment 2 (Wonen): suitability checklists
 * with evidence, plans scored against the minimum, admissions in the first intake round (linked to
 * the region's segment contracts), a refused application, a later admission during the term, and
 * for Wonen intermediate entry closed (§3.2 f).
 *
 * Aannames (not seed facts, chosen for the demo): the exact dates within the quarters of §11.1,
 * prices, scores, EMVI weights, the consortium partners' names, the minimum plan score 6 of 10
 * (seed 004 §3.2 d names no score), and the HR procedure dates in 2020/2024.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { contracts, providers, users } from '../db/schema.js';
import { procedures } from '../db/schema-procurement.js';
import type { Role, UserScope } from '../domain/access/roles.js';
import { decideApplication, recordChecks, recordScores, submitApplication, submitTender } from '../app/procurement/applications.js';
import { announceIntention, awardProcedure } from '../app/procurement/award.js';
import { configureProcedure, createProcedure, procedureVersions, transitionProcedure, type ProcedureVersions } from '../app/procurement/procedures.js';

export interface DemoProcurementResult {
  procedures: { id: number; segmentId: string; status: string }[];
}

const at = (date: string) => new Date(`${date}T10:00:00Z`);

async function userOf(db: Db, username: string): Promise<UserScope | null> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return u
    ? { userId: u.id, username: u.username, role: u.role as Role, regionId: u.regionId, municipalityCode: u.municipalityCode, providerId: u.providerId }
    : null;
}

/** A dated script: each step runs only when its date is on or before today. */
class Script {
  constructor(
    private readonly today: string,
    private d: ProcedureVersions,
  ) {}
  get detail() {
    return this.d;
  }
  async step(date: string, f: (now: Date, d: ProcedureVersions) => Promise<ProcedureVersions>): Promise<boolean> {
    if (date > this.today) return false;
    this.d = await f(at(date), this.d);
    return true;
  }
  appId(providerId: number): number {
    return this.d.applications.find((a) => a.providerId === providerId)!.id;
  }
}

/** The providers holding the region's contracts of a segment that start on `startDate`, per lot. */
async function holders(db: Db, regionId: string, segmentId: string, startDate: string) {
  return db
    .select({ providerId: contracts.providerId, lotId: contracts.lotId, name: providers.name, kind: providers.kind })
    .from(contracts)
    .innerJoin(providers, eq(providers.id, contracts.providerId))
    .where(and(eq(contracts.regionId, regionId), eq(contracts.segmentId, segmentId), eq(contracts.startDate, startDate)))
    .orderBy(asc(contracts.lotId), asc(contracts.providerId));
}

async function others(db: Db, regionId: string, exclude: number[], n: number) {
  const rows = await db
    .select({ providerId: providers.id, name: providers.name, kind: providers.kind })
    .from(providers)
    .where(eq(providers.regionId, regionId))
    .orderBy(asc(providers.id))
    .limit(n + exclude.length + 5);
  return rows.filter((r) => !exclude.includes(r.providerId)).slice(0, n);
}

const complement = (kind: string) => (kind === 'sociale-basis' ? 'jeugdhulpaanbieder' : 'institutionele-sociale-basis');
const penvoerder = (kind: string) => (kind === 'sociale-basis' ? 'institutionele-sociale-basis' : 'jeugdhulpaanbieder');

/** WBO: the SLT tender (awarded) and dagbesteding en dagbehandeling (open in the award phase). */
async function wbo(db: Db, today: string, cm: UserScope): Promise<ProcedureVersions[]> {
  const out: ProcedureVersions[] = [];
  const slt = await holders(db, 'wbo', 'slt', '2027-01-01');
  const winner = (lot: string) => slt.find((h) => h.lotId === lot);
  const [w1, w2, w3] = [winner('p1'), winner('p2'), winner('p3')];
  if (w1 && w2 && w3 && '2025-06-02' <= today) {
    const extra = await others(db, 'wbo', [w1.providerId, w2.providerId, w3.providerId], 2);
    const s = new Script(
      today,
      await createProcedure(
        db,
        cm,
        'wbo',
        { segmentId: 'slt', name: 'Aanbesteding Stevig Lokaal Team 2027 (SAS, dialooggericht)' },
        at('2025-06-02'),
        procedureVersions,
      ),
    );
    const id = s.detail.id;
    await s.step('2025-06-16', (now, d) =>
      configureProcedure(
        db,
        cm,
        'wbo',
        id,
        {
          version: d.version,
          emvi: {
            schaalMax: 10,
            criteria: [
              { id: 'plan-van-aanpak', naam: 'Kwalitatief plan van aanpak', soort: 'kwaliteit', gewicht: 60 },
              { id: 'samenwerking', naam: 'Samenwerking en lokale inbedding', soort: 'kwaliteit', gewicht: 20 },
              { id: 'prijs', naam: 'Prijs', soort: 'prijs', gewicht: 20 },
            ],
          },
        },
        now,
      ),
    );
    await s.step('2025-07-01', (now, d) => transitionProcedure(db, cm, 'wbo', id, { type: 'publiceren' }, d.version, now, procedureVersions));
    // Aanmeldingen (selection phase, Q3 2025): one or more lots each, as consortia (seed 003 §5.2, §5.3.3).
    const apply = (date: string, p: { providerId: number; kind: string; name: string }, lotIds: string[], member: string | null) =>
      s.step(date, (now) =>
        submitApplication(
          db,
          cm,
          'wbo',
          id,
          {
            providerId: p.providerId,
            lotIds,
            penvoerderKind: penvoerder(p.kind),
            members: member ? [{ name: member, kind: complement(p.kind), role: 'lid' }] : [],
          },
          now,
        ),
      );
    await apply('2025-08-04', w1, ['p1'], 'Welzijnsstichting Altena-Oosterhout (demo)');
    await apply('2025-08-11', w2, ['p2', 'p3'], 'Stichting Welzijn Breda Noord (demo)');
    await apply('2025-08-18', w3, ['p2', 'p3'], 'Stichting Welzijn Breda Zuid (demo)');
    if (extra[0]) await apply('2025-08-25', extra[0], ['p1'], 'Wijkwerk Drimmelen-Geertruidenberg (demo)');
    if (extra[1]) await apply('2025-09-01', extra[1], ['p1', 'p2', 'p3'], null);
    // Selection (Q4 2025): the consortium without an institutional social-base party is not selected.
    const decide = (date: string, providerId: number, decision: 'selecteren' | 'afwijzen', reason?: string) =>
      s.step(date, (now) => decideApplication(db, cm, 'wbo', id, s.appId(providerId), { decision, reason }, now, procedureVersions));
    for (const p of [w1, w2, w3, extra[0]].filter((x): x is NonNullable<typeof x> => !!x)) await decide('2025-11-03', p.providerId, 'selecteren');
    if (extra[1])
      await decide(
        '2025-11-03',
        extra[1].providerId,
        'afwijzen',
        'Het samenwerkingsverband bevat geen partij uit de institutionele sociale basis (seed 003 §5.2).',
      );
    await s.step('2025-12-15', (now, d) =>
      transitionProcedure(
        db,
        cm,
        'wbo',
        id,
        { type: 'go-no-go', besluit: 'go', reden: 'Go selectiefase: vier geschikte samenwerkingsverbanden voor drie percelen (stuurgroep)' },
        d.version,
        now,
      ),
    );
    await s.step('2026-03-16', (now, d) =>
      transitionProcedure(
        db,
        cm,
        'wbo',
        id,
        { type: 'go-no-go', besluit: 'go', reden: 'Go dialoogfase: dialoogdocument met de definitieve set afspraken vastgesteld' },
        d.version,
        now,
      ),
    );
    // Award phase (Q1-Q2 2026): tenders with a quality plan and price, EMVI scores.
    const tenders: [{ providerId: number } | undefined, number, number, number][] = [
      [w1, 1_395_000_000, 8, 8],
      [w2, 1_520_000_000, 9, 8],
      [w3, 1_480_000_000, 8, 7],
      [extra[0], 1_350_000_000, 6, 7],
    ];
    for (const [p, price, plan, sw] of tenders) {
      if (!p) continue;
      await s.step('2026-04-13', (now, d) =>
        submitTender(
          db,
          cm,
          'wbo',
          id,
          s.appId(p.providerId),
          { priceCents: price, version: d.applications.find((a) => a.providerId === p.providerId)!.version },
          now,
        ),
      );
      await s.step('2026-05-04', (now) =>
        recordScores(db, cm, 'wbo', id, s.appId(p.providerId), { scores: { 'plan-van-aanpak': plan, samenwerking: sw } }, now, procedureVersions),
      );
    }
    // w2 ranks first in both Breda lots; the Breda rule gives p3 to w3 (seed 003 §5.3.3), with that reason in the log.
    // Intention to award on 2026-05-18; the standstill of the profile (20 calendar days) runs to 2026-06-07;
    // the definitive award follows on 2026-06-08.
    const proposed = [
      { applicationId: s.appId(w1.providerId), lotId: 'p1' },
      { applicationId: s.appId(w2.providerId), lotId: 'p2' },
      { applicationId: s.appId(w3.providerId), lotId: 'p3' },
    ];
    await s.step('2026-05-18', (now, d) =>
      announceIntention(
        db,
        cm,
        'wbo',
        id,
        {
          version: d.version,
          awards: proposed,
          reasons: [
            {
              lotId: 'p3',
              reason:
                'De nummer 1 van perceel p3 krijgt perceel p2; de Breda-regel vraagt verschillende partijen voor de Bredase percelen, dus p3 gaat naar de volgende in de rangorde.',
            },
          ],
        },
        now,
      ),
    );
    await s.step('2026-06-08', (now, d) => awardProcedure(db, cm, 'wbo', id, undefined, d.version, now, procedureVersions));
    out.push(s.detail);
  }

  // Dagbesteding en dagbehandeling: the same schedule, left in the award phase for the user.
  const dag = await holders(db, 'wbo', 'dagbesteding-dagbehandeling', '2027-01-01');
  if (dag.length >= 2 && '2025-06-02' <= today) {
    const [l1, l2] = ['dagbestedingsactiviteiten', 'dagverblijf-dagcentra'];
    const a = dag.find((h) => h.lotId === l1)!;
    const b = dag.find((h) => h.lotId === l2)!;
    const extra = await others(db, 'wbo', dag.map((h) => h.providerId).concat(slt.map((h) => h.providerId)), 1);
    const s = new Script(
      today,
      await createProcedure(
        db,
        cm,
        'wbo',
        { segmentId: 'dagbesteding-dagbehandeling', name: 'Aanbesteding dagbesteding en dagbehandeling 2027' },
        at('2025-06-02'),
      ),
    );
    const id = s.detail.id;
    await s.step('2025-07-01', (now, d) => transitionProcedure(db, cm, 'wbo', id, { type: 'publiceren' }, d.version, now, procedureVersions));
    const parties = [
      { p: a, lots: [l1], price: 610_000_000, plan: 8 },
      { p: b, lots: [l2], price: 745_000_000, plan: 8 },
      ...(extra[0] ? [{ p: extra[0], lots: [l1, l2], price: 590_000_000, plan: 7 }] : []),
    ];
    for (const x of parties)
      await s.step('2025-09-08', (now) => submitApplication(db, cm, 'wbo', id, { providerId: x.p.providerId, lotIds: x.lots }, now, procedureVersions));
    const pid = (x: (typeof parties)[number]) => x.p.providerId;
    for (const x of parties)
      await s.step('2025-11-03', (now) => decideApplication(db, cm, 'wbo', id, s.appId(pid(x)), { decision: 'selecteren' }, now, procedureVersions));
    await s.step('2025-12-15', (now, d) =>
      transitionProcedure(db, cm, 'wbo', id, { type: 'go-no-go', besluit: 'go', reden: 'Go selectiefase (stuurgroep)' }, d.version, now, procedureVersions),
    );
    await s.step('2026-03-16', (now, d) =>
      transitionProcedure(
        db,
        cm,
        'wbo',
        id,
        { type: 'go-no-go', besluit: 'go', reden: 'Go dialoogfase: afspraken over consultatiefunctie en vervoer vastgesteld' },
        d.version,
        now,
      ),
    );
    for (const x of parties) {
      await s.step('2026-04-13', (now) => submitTender(db, cm, 'wbo', id, s.appId(pid(x)), { priceCents: x.price }, now, procedureVersions));
      await s.step('2026-05-04', (now) =>
        recordScores(db, cm, 'wbo', id, s.appId(pid(x)), { scores: { 'plan-van-aanpak': x.plan, samenwerking: 7 } }, now, procedureVersions),
      );
    }
    out.push(s.detail);
  }
  return out;
}

const EVIDENCE: Record<string, string> = {
  'kwaliteit-organisatie': 'ISO 9001-certificaat en jaarverslag (demo)',
  'kwaliteit-jeugdhulp': 'Kwaliteitskader Jeugd: HKZ-certificaat en cliënttevredenheid (demo)',
  integriteit: 'Verklaring omtrent gedrag rechtspersoon (demo)',
  kwaliteitsborging: 'Kwaliteitshandboek en interne audits (demo)',
  solvabiliteit: 'Jaarrekening met accountantsverklaring (demo)',
  'ontwikkelovereenkomst-akkoord': 'Ondertekende ontwikkelovereenkomst (demo)',
  'capaciteit-woonvoorzieningen': 'Plan werving pleegouders en gezinshuizen (demo)',
  'doorgaande-zorglijnen': 'Samenwerkingsafspraken 18-/18+ met Wmo-aanbieders (demo)',
  'hulp-na-vertrek': 'Nazorgprotocol na vertrek uit een woonvoorziening (demo)',
};

/** Holland Rijnland: open-house admission under bestuurlijk aanbesteden for two segments. */
async function hollandRijnland(db: Db, today: string, cm: UserScope): Promise<ProcedureVersions[]> {
  const out: ProcedureVersions[] = [];
  const runs = [
    // Segment 1: term 7-10 years from the start of the inkoopplan (profile geldigVanaf 2021-01-01).
    {
      segmentId: 'behandeling-met-verblijf',
      name: 'Toelating behandeling met verblijf (bestuurlijk aanbesteden 2.0)',
      termStart: '2021-01-01',
      termEnd: undefined,
      created: '2020-09-01',
      published: '2020-10-01',
      decided: '2020-12-01',
      closed: '2020-12-31',
      later: '2023-03-01',
      closeEntry: null as string | null,
    },
    // Segment 2: the profile leaves the term open; the demo's current segment contracts run 2025-2028 (aanname).
    {
      segmentId: 'wonen',
      name: 'Toelating Wonen (doorontwikkeling huidige contracten)',
      termStart: '2025-01-01',
      termEnd: '2028-12-31',
      created: '2024-09-02',
      published: '2024-10-01',
      decided: '2024-12-02',
      closed: '2024-12-31',
      later: '2025-06-02',
      closeEntry: '2026-01-15',
    },
  ];
  for (const r of runs) {
    if (r.created > today) continue;
    const current = await holders(db, 'holland-rijnland', r.segmentId, r.termStart);
    if (current.length === 0) continue;
    const admitted = current.slice(0, 6);
    const [newcomer, late] = await others(
      db,
      'holland-rijnland',
      current.map((c) => c.providerId),
      2,
    );
    const s = new Script(today, await createProcedure(db, cm, 'holland-rijnland', { segmentId: r.segmentId, name: r.name }, at(r.created), procedureVersions));
    const id = s.detail.id;
    await s.step(r.created, (now, d) =>
      configureProcedure(
        db,
        cm,
        'holland-rijnland',
        id,
        { version: d.version, startDate: r.termStart, ...(r.termEnd ? { endDate: r.termEnd } : {}), minimumPlanScore: 6 },
        now,
      ),
    );
    await s.step(r.published, (now, d) => transitionProcedure(db, cm, 'holland-rijnland', id, { type: 'publiceren' }, d.version, now, procedureVersions));
    const eisen = s.detail.config.geschiktheidseisen;
    const assess = async (date: string, providerId: number, plan: number) => {
      await s.step(date, (now) =>
        recordChecks(
          db,
          cm,
          'holland-rijnland',
          id,
          s.appId(providerId),
          { checks: eisen.map((e) => ({ eisId: e.id, voldaan: true, bewijs: EVIDENCE[e.id] ?? 'Bewijsstuk (demo)' })) },
          now,
        ),
      );
      await s.step(date, (now) => recordScores(db, cm, 'holland-rijnland', id, s.appId(providerId), { planScore: plan }, now, procedureVersions));
    };
    for (const [i, h] of admitted.entries()) {
      await s.step(r.published, (now) => submitApplication(db, cm, 'holland-rijnland', id, { providerId: h.providerId }, now, procedureVersions));
      await assess(r.decided, h.providerId, 6 + (i % 4));
      await s.step(r.decided, (now) =>
        decideApplication(db, cm, 'holland-rijnland', id, s.appId(h.providerId), { decision: 'toelaten' }, now, procedureVersions),
      );
    }
    if (newcomer) {
      await s.step(r.published, (now) => submitApplication(db, cm, 'holland-rijnland', id, { providerId: newcomer.providerId }, now, procedureVersions));
      await assess(r.decided, newcomer.providerId, 4);
      await s.step(r.decided, (now) =>
        decideApplication(
          db,
          cm,
          'holland-rijnland',
          id,
          s.appId(newcomer.providerId),
          { decision: 'afwijzen', reason: 'Het plan haalt de minimumscore niet (4 van 10, minimum 6; seed 004 §3.2 d).' },
          now,
        ),
      );
    }
    await s.step(r.closed, (now, d) =>
      transitionProcedure(db, cm, 'holland-rijnland', id, { type: 'instroomronde-sluiten' }, d.version, now, procedureVersions),
    );
    if (late) {
      // Rolling admission during the term (tussentijdse toetreding).
      await s.step(r.later, (now) => submitApplication(db, cm, 'holland-rijnland', id, { providerId: late.providerId }, now, procedureVersions));
      await assess(r.later, late.providerId, 7);
      await s.step(r.later, (now) =>
        decideApplication(db, cm, 'holland-rijnland', id, s.appId(late.providerId), { decision: 'toelaten' }, now, procedureVersions),
      );
    }
    if (r.closeEntry) {
      await s.step(r.closeEntry, (now, d) =>
        transitionProcedure(
          db,
          cm,
          'holland-rijnland',
          id,
          {
            type: 'toetreding',
            open: false,
            reden: 'Doorontwikkeling met de huidige gecontracteerde aanbieders; tussentijdse toetreding tijdelijk gesloten (seed 004 §3.2 f, §4.2)',
          },
          d.version,
          now,
        ),
      );
    }
    out.push(s.detail);
  }
  return out;
}

/** The demo scripts per region (demo content, like profiles/<regio>/demo.yaml; not region rules). */
const SCRIPTS: Record<string, (db: Db, today: string, cm: UserScope) => Promise<ProcedureVersions[]>> = { wbo, 'holland-rijnland': hollandRijnland };

/**
 * Runs the region's demo procurement once (a region that already has procedures is left alone).
 * Regions without a script get none.
 */
export async function ensureDemoProcurement(db: Db, regionId: string, today: string): Promise<DemoProcurementResult | null> {
  const [existing] = await db.select({ id: procedures.id }).from(procedures).where(eq(procedures.regionId, regionId)).limit(1);
  if (existing) return null;
  const cm = await userOf(db, `contractmanager.${regionId}`);
  if (!cm) return null;
  const run = SCRIPTS[regionId];
  if (!run) return null;
  const done = await run(db, today, cm);
  return { procedures: done.map((d) => ({ id: d.id, segmentId: d.segmentId, status: d.status })) };
}
