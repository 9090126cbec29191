/**
 * Demo access cases: a realistic caseload for the demo municipality of a region, created THROUGH
 * the access use cases (registerHelpRequest with an existing demo youth, applyCaseCommand) as the
 * demo users toegang.<regio> (local team) and gemeente.<regio> (decisions and allocations), so
 * every case has a real timeline and passes the region's rules.
 *
 * The cases cover every status (aangemeld ... afgesloten), crisis clocks, MDOs without agreement
 * and escalations, youths near the age signals of the profile (16, 16.5, 18, care end at 18/21),
 * allocations about to expire, waiting without bridging care, placement moves and families with
 * several trajectories. The region's rules are read from the profile and respected (MDO before a
 * complex referral, analysis before an out-of-home placement, Centrale Intake, diagnostics before
 * day treatment, procesregie, care end ages, crisis maximum), so nothing here is region-specific
 * except the segment mix below. Deterministic: the same database, today and seed give the same
 * cases.
 *
 * Issue #14: the first case of every kind (the showcase) goes through the use cases, each case (or
 * pair of sibling cases) in its own transaction: one transaction for them all would nest hundreds
 * of use-case transactions (savepoints), and past 64 subtransactions PostgreSQL slows down every
 * visibility check. The rest of the caseload (about 95 %) is made by the same kinds and commands
 * in memory, through the same rules and domain transitions (src/demo/case-rows.ts), and written
 * with COPY in one transaction together with the mark that the caseload is complete.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { jsonRows } from '../db/json-rows.js';
import type { Db } from '../db/database.js';
import { cases, contracts, demoRuns, users, youths } from '../db/schema.js';
import { Random } from './random.js';
import { addDays, addMonths, ageOn, maxDate, minDate } from '../domain/dates.js';
import type { Complexiteit, TriageUitkomst } from '../domain/access/case.js';
import type { Role, UserScope } from '../domain/access/roles.js';
import type { Regel, RegionProfile } from '../domain/landscape/profile-schema.js';
import { loadRegionProfile } from '../app/landscape.js';
import { accessRules, accessRuleSet, applyCaseCommand, type CaseCommand, type StoredCase } from '../app/access/cases.js';
import { changeAllocation, type ChangeAllocationInput } from '../app/access/allocation-change.js';
import { registerHelpRequest, type HelpRequestInput } from '../app/access/help-request.js';
import { CaseBook, type DemoCaseState } from './case-rows.js';

export interface DemoCasesResult {
  cases: number;
  commands: number;
  byStatus: Record<string, number>;
  /** How many times each kind of case was made (a kind can make two cases: siblings). */
  byKind: Record<string, number>;
  /** The kinds of case of the region (the showcase makes each once where a youth fits, `between` after each). */
  kinds: number;
  /** Cases made through the use cases in this run (the showcase). */
  showcase: number;
  /** The rows written in bulk (absent when every case went through the use cases). */
  bulk?: { cases: number; events: number; allocations: number; messages: number };
  ms: number;
}

/** Relative weight of referral segments per region (others: every segment with products, weight 1). */
const SEGMENT_MIX: Record<string, Record<string, number>> = {
  wbo: { 'specialistische-ambulante-behandeling': 5, 'dagbesteding-dagbehandeling': 2, 'verblijf-crisis': 1, 'wonen-met-begeleiding': 1.5 },
  'holland-rijnland': {
    'ambulante-jeugdhulp': 5,
    'dagbesteding-dagbehandeling': 1.5,
    'behandeling-met-verblijf': 1,
    wonen: 1.5,
    onderwijs: 0.7,
    veiligheid: 0.6,
  },
};
/** One case per this many youths of the region: about 200 for a full demo region (WBO, Holland Rijnland). */
const YOUTHS_PER_CASE = 150;

const HULPVRAGEN = [
  'Ouders lopen vast in de opvoeding; veel conflicten thuis',
  'School signaleert somberheid en oplopend verzuim',
  'Jeugdige komt de deur niet meer uit; zorgen bij ouders',
  'Gedragsproblemen thuis en op school',
  'Zorgen over de ontwikkeling; school vraagt om onderzoek',
  'Scheiding van ouders; kind raakt klem',
  'Spijbelen en middelengebruik',
  'Melding Veilig Thuis na spanningen in het gezin',
  'Huisarts maakt zich zorgen over eten en slapen',
  'Jonge mantelzorger, overbelast',
  'Licht verstandelijke beperking; ondersteuning thuis nodig',
  'Ingrijpende gebeurtenis; kind verwerkt het niet',
];
const CRISIS = [
  'Acuut onveilige thuissituatie; politie betrokken',
  'Ouder plotseling opgenomen; niemand thuis voor de kinderen',
  'Jeugdige weggelopen, ernstige zorgen om veiligheid',
];
const PROFESSIONALS = ['a.jansen', 's.el-khatib', 'l.dekker', 'm.bakker', 'n.vos', 'r.pinas'];

interface PoolYouth {
  id: number;
  familyId: number;
  birthDate: string;
  areaId: string | null;
  /** Age in whole years on today. */
  age: number;
}

type OfType<T extends Regel['type']> = Extract<Regel, { type: T }>;
const ofType = <T extends Regel['type']>(rules: Regel[], type: T) => rules.filter((r): r is OfType<T> => r.type === type);

interface Env {
  /** The transaction of the case being made. */
  db: Db;
  /** The bulk of the caseload: cases made in memory by the same rules and written as rows (null: through the use cases). */
  book: CaseBook | null;
  regionId: string;
  today: string;
  rng: Random;
  users: Record<'toegang' | 'gemeente', UserScope>;
  profile: RegionProfile;
  rules: Regel[];
  contracts: { providerId: number; segmentId: string; startDate: string; endDate: string }[];
  demoProviderId: number | null;
  pool: PoolYouth[];
  used: Set<number>;
  /**
   * Unused candidate youths per selection (made once per kind of selection, in id order): `synced`
   * counts the entries of `used` already taken out of `free`.
   */
  candidates: Map<string, { free: PoolYouth[]; synced: number }>;
  familyRegie: Map<number, string>;
  areaKind: Map<string, string>;
  referralSegments: { id: string; weight: number }[];
  outOfHome: string[];
  crisisSegment: string | null;
  justice: string[];
  commands: number;
}

/** Segments where a referral needs the steps of an out-of-home placement, and the crisis segment. */
function segmentRoles(profile: RegionProfile, rules: Regel[]) {
  // Segments with products; a region whose seed names no products (seeds 001, 002) refers to every
  // segment whose funding is known (the allocation then carries the demo's default category).
  const named = profile.segmenten.filter((s) => s.producten.length > 0);
  const withProducts = named.length > 0 ? named : profile.segmenten.filter((s) => !('openVraag' in s.bekostiging));
  const mix = SEGMENT_MIX[profile.regio];
  const referralSegments = withProducts
    .map((s) => ({ id: s.id, weight: mix ? (mix[s.id] ?? 0) : 1 }))
    .filter((s) => s.weight > 0)
    .sort((a, b) => b.weight - a.weight);
  const byRule = [...new Set(ofType(rules, 'uithuisplaatsing-voorwaarden').flatMap((r) => r.segmenten))];
  const stay = (cats: string[]) => cats.length > 0 && cats.filter((c) => c === '43' || c === '44').length * 2 >= cats.length;
  const outOfHome = byRule.length > 0 ? byRule : withProducts.filter((s) => stay(s.producten.map((p) => p.categorie))).map((s) => s.id);
  const crisisShare = (s: (typeof withProducts)[number]) =>
    s.producten.length === 0 ? 0 : s.producten.filter((p) => p.categorie === '46').length / s.producten.length;
  const crisisSegment = [...withProducts].filter((s) => crisisShare(s) > 0).sort((a, b) => crisisShare(b) - crisisShare(a))[0]?.id ?? null;
  // Youth protection and probation (jeugdbescherming, jeugdreclassering): the compulsory framework.
  const justice = withProducts.filter((s) => s.producten.length > 0 && s.producten.every((p) => ['47', '48', '49'].includes(p.categorie))).map((s) => s.id);
  return { referralSegments, outOfHome: outOfHome.filter((id) => referralSegments.some((s) => s.id === id)), crisisSegment, justice };
}

/** One demo case: its view after every command, and the clock of its timeline. */
class DemoCase {
  view!: DemoCaseState;
  private tick = 0;
  constructor(
    private readonly env: Env,
    readonly youth: PoolYouth,
  ) {}

  /** Commands of one case on one day follow each other a few minutes apart, from 07:00 Dutch time. */
  private at(day: string): Date {
    return new Date(Date.parse(`${day}T06:00:00Z`) + this.tick++ * 7 * 60_000);
  }

  /** Registers the help request; with `verwijzing` an external referrer's referral comes with it (before triage). */
  async register(day: string, crisis: boolean, withRegie = true, verwijzing?: HelpRequestInput['verwijzing']): Promise<void> {
    const e = this.env;
    e.used.add(this.youth.id);
    const regievoerder = withRegie ? this.regievoerder() : undefined;
    const hulpvraag = crisis ? e.rng.pick(CRISIS) : e.rng.pick(HULPVRAGEN);
    if (e.book) {
      const input = { areaId: this.youth.areaId ?? undefined, hulpvraag, crisis, regievoerder, ...(verwijzing ? { verwijzing } : {}) };
      this.view = await e.book.register(e.users.toegang, this.youth, input, this.at(day));
      e.commands++;
      return;
    }
    this.view = await registerHelpRequest(
      e.db,
      e.users.toegang,
      e.regionId,
      { youth: { youthId: this.youth.id }, areaId: this.youth.areaId ?? undefined, hulpvraag, crisis, regievoerder, ...(verwijzing ? { verwijzing } : {}) },
      this.at(day),
    );
    e.commands++;
  }

  /** The municipality changes an allocation on its own initiative (with the provider's agreement); the provider gets a JW301. */
  async change(day: string, nummer: number, input: ChangeAllocationInput): Promise<void> {
    const e = this.env;
    try {
      this.view = e.book
        ? await e.book.change(e.users.gemeente, this.view.id, nummer, input, this.at(day))
        : await changeAllocation(e.db, e.users.gemeente, e.regionId, this.view.id, nummer, input, this.at(day));
    } catch (err) {
      throw new Error(`demo case of youth ${this.youth.id}: change of allocation ${nummer} on ${day} failed: ${(err as Error).message}`, { cause: err });
    }
    e.commands++;
  }

  /** One regievoerder per family (seed 003 §5.1): the family's, or a new one for the family. */
  regievoerder(): string {
    const e = this.env;
    let r = e.familyRegie.get(this.youth.familyId);
    if (!r) {
      r = e.rng.chance(0.25) ? e.users.toegang.username : e.rng.pick(PROFESSIONALS);
      e.familyRegie.set(this.youth.familyId, r);
    }
    return r;
  }

  async run(as: 'toegang' | 'gemeente', day: string, cmd: CaseCommand): Promise<DemoCaseState> {
    const e = this.env;
    if (day > e.today) throw new Error(`demo case of youth ${this.youth.id}: ${cmd.type} planned after today (${day})`);
    try {
      this.view = e.book
        ? await e.book.apply(e.users[as], this.view.id, cmd, this.at(day))
        : await applyCaseCommand(e.db, e.users[as], e.regionId, this.view.id, cmd, this.at(day));
    } catch (err) {
      throw new Error(`demo case of youth ${this.youth.id} (${this.view.state.status}): ${cmd.type} on ${day} failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
    e.commands++;
    return this.view;
  }

  get state() {
    return this.view.state;
  }
}

interface Intake {
  crisis?: boolean;
  regie?: boolean;
  segmentId: string;
  complexiteit: Complexiteit;
  domeinoverstijgend?: boolean;
  uitkomsten?: TriageUitkomst[];
  verwijzer?: string;
  kader?: 'vrijwillig' | 'gedwongen';
  /** The MDO: agreed (default when a rule needs one), without agreement (escalation open), or decided by the escalation ladder. */
  mdo?: 'agree' | 'disagree' | 'escalated';
  verlengingBeoordeeld?: boolean;
}
type Stage = 'aangemeld' | 'verheldering' | 'getrieerd' | 'verwezen' | 'beschikt' | 'toegewezen';
const STAGES: Stage[] = ['aangemeld', 'verheldering', 'getrieerd', 'verwezen', 'beschikt', 'toegewezen'];

/** The last day of youth care in `segmentId` for someone born on `birth` (zorg-einde-leeftijd; to 23 after assessment). */
function ageLimit(e: Env, segmentId: string, birth: string, verlenging: boolean): string {
  let last = '9999-12-31';
  for (const r of ofType(e.rules, 'zorg-einde-leeftijd')) {
    const age =
      verlenging && r.verlengingTot
        ? r.verlengingTot
        : (r.uitzonderingen.find((u) => u.segmenten?.includes(segmentId) && !u.productcategorieen && !u.productnamen)?.leeftijd ?? r.leeftijd);
    last = minDate(last, addDays(addMonths(birth, age * 12), -1));
  }
  return last;
}

/** The last day care in `segmentId` may run for this youth under the region's rules (age limits, crisis maximum in four weeks inclusive). */
function lastAllowedDay(e: Env, segmentId: string, birth: string, from: string, verlenging: boolean): string {
  let last = ageLimit(e, segmentId, birth, verlenging);
  for (const r of ofType(e.rules, 'crisis-maximale-duur')) if (r.segmenten.includes(segmentId)) last = minDate(last, addDays(from, r.weken * 7 - 1));
  return last;
}

function productCategory(e: Env, segmentId: string, crisis: boolean): string {
  const named = [...new Set(e.profile.segmenten.find((s) => s.id === segmentId)!.producten.map((p) => p.categorie))];
  // No products in the profile: ambulant youth care (45), as the demo generator assumes.
  const cats = named.length > 0 ? named : ['45'];
  const preferred = crisis
    ? cats.filter((c) => c === '46')
    : e.outOfHome.includes(segmentId)
      ? cats.filter((c) => c === '43' || c === '44')
      : cats.filter((c) => c !== '42' && c !== '46');
  return e.rng.pick(preferred.length > 0 ? preferred : cats);
}

function provider(e: Env, segmentId: string, on: string): number {
  const current = e.contracts.filter((c) => c.segmentId === segmentId && c.startDate <= on && c.endDate >= on);
  const list = [...new Set((current.length > 0 ? current : e.contracts.filter((c) => c.segmentId === segmentId)).map((c) => c.providerId))];
  if (list.length === 0) return e.demoProviderId ?? e.contracts[0]!.providerId;
  if (e.demoProviderId !== null && list.includes(e.demoProviderId) && e.rng.chance(0.3)) return e.demoProviderId;
  return e.rng.pick(list.sort((a, b) => a - b));
}

/**
 * Takes a new case through the intake up to `stage`, the last step on `endDay`; earlier steps lie
 * a realistic number of days before (a crisis runs the same day). Every rule of the region that
 * gates the next step is satisfied first. `period` is the decision and allocation period.
 */
/**
 * The triage complexity that the region's routing rule (routering-complexiteit, e.g. seed 002: low
 * complexity to segment B, high to C) admits for the segment: the planned one when it fits, else
 * one the route of that segment names. Without such a rule the plan stands.
 */
function routedComplexiteit(e: Env, segmentId: string, planned: Complexiteit): Complexiteit {
  const admitted = ofType(e.rules, 'routering-complexiteit').flatMap((r) => r.routes.filter((x) => x.segment === segmentId).flatMap((x) => x.complexiteit));
  return admitted.length === 0 || admitted.includes(planned) ? planned : e.rng.pick(admitted);
}

async function intake(
  e: Env,
  youth: PoolYouth,
  stage: Stage,
  endDay: string,
  plan: Intake,
  period?: { ingangsdatum: string; einddatum: string },
): Promise<DemoCase> {
  const p: Intake = { ...plan, complexiteit: routedComplexiteit(e, plan.segmentId, plan.complexiteit) };
  const c = new DemoCase(e, youth);
  const upTo = STAGES.indexOf(stage);
  const gap = (min: number, max: number) => (p.crisis ? 0 : e.rng.int(min, max));
  const referral = p.uitkomsten === undefined || p.uitkomsten.includes('niet-vrij-toegankelijk');
  const mdoRule = ofType(e.rules, 'mdo-verplicht').filter((r) => r.complexiteit.includes(p.complexiteit));
  const placement = ofType(e.rules, 'uithuisplaatsing-voorwaarden').filter((r) => r.segmenten.includes(p.segmentId));
  // Required consultation before a decision (afstemming-verplicht, e.g. seed 002 with the local team) is recorded as an MDO with that party.
  const afstemming = ofType(e.rules, 'afstemming-verplicht').filter((r) => r.segmenten.includes(p.segmentId));
  const mdoNeeded =
    p.mdo !== undefined ||
    mdoRule.length > 0 ||
    afstemming.length > 0 ||
    placement.some((r) => r.vereist.includes('mdo')) ||
    (!!p.domeinoverstijgend && ofType(e.rules, 'mdo-sociaal-domein').length > 0);
  const analyseNeeded =
    placement.some((r) => r.vereist.some((v) => v !== 'mdo')) || ofType(e.rules, 'diagnostiek-vooraf').some((r) => r.segmenten.includes(p.segmentId));
  const kader = p.kader ?? 'vrijwillig';
  const steps: { gap: number; stage: number; run: (day: string) => Promise<unknown> }[] = [
    { gap: 0, stage: 0, run: (d) => c.register(d, !!p.crisis, p.regie ?? true) },
    { gap: gap(1, 3), stage: 1, run: (d) => c.run('toegang', d, { type: 'verheldering' }) },
    {
      gap: gap(3, 10),
      stage: 2,
      run: (d) =>
        c.run('toegang', d, {
          type: 'triage',
          uitkomsten: p.uitkomsten ?? ['niet-vrij-toegankelijk'],
          complexiteit: p.complexiteit,
          domeinoverstijgend: !!p.domeinoverstijgend,
        }),
    },
  ];
  if (referral && mdoNeeded) {
    const deelnemers = new Set(['lokaal-team', ...mdoRule.flatMap((r) => r.deelnemers), ...afstemming.map((r) => r.deelnemer)]);
    if (p.domeinoverstijgend) for (const r of ofType(e.rules, 'mdo-sociaal-domein')) deelnemers.add(r.deelnemer);
    if (deelnemers.size < 2) deelnemers.add(e.outOfHome.includes(p.segmentId) ? 'verblijf' : 'specialistische-jeugdhulp');
    const outcome = p.mdo ?? 'agree';
    const afweging = e.outOfHome.includes(p.segmentId)
      ? 'Uithuisplaatsing besproken; ambulante alternatieven gewogen'
      : 'Passende inzet en taakverdeling afgesproken';
    steps.push({
      gap: gap(3, 10),
      stage: outcome === 'disagree' ? 2 : 3,
      run: (d) =>
        c.run('toegang', d, {
          type: 'mdo',
          mdo: {
            datum: d,
            deelnemers: [...deelnemers],
            overeenstemming: outcome === 'agree',
            afweging,
            ...(outcome === 'escalated' ? { escalatiestap: 'Escalatieladder: besluit teammanager SLT en gemeente' } : {}),
          },
        }),
    });
  }
  if (referral && analyseNeeded) {
    steps.push({
      gap: gap(0, 3),
      stage: 3,
      run: (d) =>
        c.run('toegang', d, {
          type: 'analyse',
          verklarendeAnalyse: true,
          ambulanteAlternatieven: 'Intensieve ambulante gezinsbehandeling en inzet netwerk overwogen',
          diagnostiekAfgerond: true,
        }),
    });
  }
  const via = ofType(e.rules, 'verwijzing-via-gebied').find((r) => r.segmenten.includes(p.segmentId))?.via;
  steps.push({
    gap: gap(1, 5),
    stage: 3,
    run: (d) =>
      c.run('toegang', d, {
        type: 'verwijzing',
        verwijzing: { datum: d, verwijzer: p.verwijzer ?? '01', segmentId: p.segmentId, kader, ...(via ? { viaGebied: via } : {}) },
      }),
  });
  const procesregie = ofType(e.rules, 'procesregie')[0];
  if (procesregie && (e.outOfHome.includes(p.segmentId) || kader === 'gedwongen')) {
    const partij = kader === 'gedwongen' ? procesregie.gedwongen : procesregie.vrijwillig;
    steps.push({
      gap: 0,
      stage: 3,
      run: (d) =>
        c.run('toegang', d, {
          type: 'regie',
          procesregisseur: partij === procesregie.vrijwillig ? c.regievoerder() : 'jeugdbeschermer GI',
          procesregiePartij: partij,
        }),
    });
  }
  const decider = placement.find((r) => r.besluitDoor)?.besluitDoor ?? (youth.areaId ? e.areaKind.get(youth.areaId) : undefined) ?? 'gemeente';
  steps.push({
    gap: gap(5, 20),
    stage: 4,
    run: (d) =>
      c.run('gemeente', d, {
        type: 'beschikking',
        beschikking: {
          verwijzingId: c.state.verwijzingen.at(-1)!.id,
          segmentId: p.segmentId,
          ...period!,
          besluitDoor: decider,
          ...(p.verlengingBeoordeeld ? { verlengingBeoordeeld: true } : {}),
        },
      }),
  });
  steps.push({ gap: gap(0, 3), stage: 5, run: (d) => allocate(e, c, d, p.segmentId, period!, !!p.crisis) });
  const todo = steps.filter((s) => s.stage <= upTo);
  const span = todo.reduce((a, s) => a + s.gap, 0);
  let day = addDays(endDay, -span);
  for (const s of todo) {
    day = addDays(day, s.gap);
    await s.run(day);
  }
  return c;
}

async function allocate(
  e: Env,
  c: DemoCase,
  day: string,
  segmentId: string,
  period: { ingangsdatum: string; einddatum: string },
  crisis: boolean,
): Promise<number> {
  const b = c.state.beschikkingen.filter((x) => x.segmentId === segmentId).at(-1)!;
  await c.run('gemeente', day, {
    type: 'toewijzing',
    toewijzing: {
      beschikkingId: b.id,
      segmentId,
      providerId: provider(e, segmentId, period.ingangsdatum),
      productCategorie: productCategory(e, segmentId, crisis),
      ingangsdatum: period.ingangsdatum,
      einddatum: period.einddatum,
    },
  });
  return c.state.toewijzingen.at(-1)!.nummer;
}

/** A decision period from `from`, `months` long, cut at the region's limits for this youth. */
function periodFrom(e: Env, y: PoolYouth, segmentId: string, from: string, months: number, verlenging = false) {
  return { ingangsdatum: from, einddatum: minDate(addDays(addMonths(from, months), -1), lastAllowedDay(e, segmentId, y.birthDate, from, verlenging)) };
}

/** Picks an unused youth of the selection `key` (`fit` decides membership; default: aged 4 to 16 today). */
function youth(e: Env, key = 'age 4-16', fit: (y: PoolYouth) => boolean = (y) => y.age >= 4 && y.age <= 16): PoolYouth | null {
  let c = e.candidates.get(key);
  if (!c) e.candidates.set(key, (c = { free: e.pool.filter((y) => fit(y) && !e.used.has(y.id)), synced: e.used.size }));
  else if (c.synced < e.used.size) {
    // Take out the youths used since (a Set iterates in insertion order; `free` is in id order):
    // the same list as filtering the whole selection again, without a pass over the pool per case.
    let i = 0;
    for (const id of e.used) if (i++ >= c.synced) removeById(c.free, id);
    c.synced = e.used.size;
  }
  return c.free.length > 0 ? e.rng.pick(c.free) : null;
}

/** Removes the youth with `id` from a list in ascending id order, if it is there. */
function removeById(list: PoolYouth[], id: number): void {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid]!.id;
    if (v === id) {
      list.splice(mid, 1);
      return;
    }
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
}
/** Youths who reach `months` of age between `before` days ago and `after` days ahead. */
const aroundAge = (e: Env, months: number, before: number, after: number): [string, (y: PoolYouth) => boolean] => {
  const [from, to] = [addDays(e.today, -before), addDays(e.today, after)];
  return [
    `${months} months ${before}/${after}`,
    (y) => {
      const d = addMonths(y.birthDate, months);
      return d >= from && d <= to;
    },
  ];
};

function referralPlan(e: Env, segmentId = e.rng.weighted(e.referralSegments, (s) => s.weight).id): Intake {
  const stay = e.outOfHome.includes(segmentId);
  const forced = e.justice.includes(segmentId) || (stay && e.rng.chance(0.1));
  return {
    segmentId,
    complexiteit: stay
      ? e.rng.pick(['complex', 'complex', 'hoogcomplex'] as const)
      : e.rng.pick(['enkelvoudig', 'meervoudig', 'meervoudig', 'complex'] as const),
    domeinoverstijgend: e.rng.chance(0.2),
    verwijzer: forced
      ? e.rng.pick(['04', '08'])
      : e.rng.weighted(['01', '02', '03', '04', '05', '06'], (v) => ({ '01': 55, '02': 22, '03': 5, '04': 6, '05': 8, '06': 4 })[v]!),
    kader: forced ? 'gedwongen' : 'vrijwillig',
  };
}

/** A case in care: started `since` days ago; its allocation runs `months` or ends within 30 days when `expiring`. */
async function inCare(
  e: Env,
  y: PoolYouth,
  plan: Intake,
  since: number,
  opts: { expiring?: boolean; months?: number; untilLimit?: boolean } = {},
): Promise<DemoCase> {
  const start = addDays(e.today, -since);
  // Past the end age (or about to be): continued care only after an assessed extension (seed 004 §4.2).
  const extend =
    !plan.verlengingBeoordeeld &&
    !opts.untilLimit &&
    ageLimit(e, plan.segmentId, y.birthDate, false) < addDays(e.today, 60) &&
    ofType(e.rules, 'zorg-einde-leeftijd').some((r) => r.verlengingTot);
  const p = extend ? { ...plan, verlengingBeoordeeld: true } : plan;
  const limit = lastAllowedDay(e, p.segmentId, y.birthDate, start, !!p.verlengingBeoordeeld);
  const planned = opts.untilLimit
    ? limit
    : opts.expiring
      ? addDays(e.today, e.rng.int(3, 28))
      : maxDate(addDays(addMonths(start, opts.months ?? e.rng.int(6, 12)), -1), addDays(e.today, 45));
  const period = { ingangsdatum: start, einddatum: minDate(planned, limit) };
  const c = await intake(e, y, 'toegewezen', p.crisis ? start : addDays(start, -e.rng.int(3, 10)), p, period);
  await c.run('gemeente', start, { type: 'start', nummer: c.state.toewijzingen.at(-1)!.nummer, datum: start });
  await emergencyHelp(e, c, ['voor', 'tijdens'], start);
  return c;
}

/**
 * Where a region rule asks for ambulatory emergency help around a placement (seed 003 §8.2), the
 * team records it for most placements, on `day`; about one in four is left open so the signal shows.
 */
async function emergencyHelp(e: Env, c: DemoCase, fasen: ('voor' | 'tijdens' | 'na')[], day: string): Promise<void> {
  const t = c.state.toewijzingen.at(-1)!;
  const rule = ofType(e.rules, 'ambulante-spoedhulp-bij-plaatsing').find(
    (r) => r.segmenten.includes(t.segmentId) && (!r.productcategorieen || r.productcategorieen.includes(t.productCategorie)),
  );
  if (!rule || e.rng.chance(0.25)) return;
  for (const fase of fasen.filter((f) => rule.fasen.includes(f))) await c.run('toegang', day, { type: 'spoedhulp', nummer: t.nummer, fase, datum: day });
}

/** A completed episode of care that ended `endedAgo` days ago. */
async function episode(e: Env, y: PoolYouth, endedAgo: number): Promise<DemoCase> {
  const p = referralPlan(e);
  const stop = addDays(e.today, -endedAgo);
  const start = addDays(stop, -e.rng.int(90, 270));
  const c = await intake(e, y, 'toegewezen', addDays(start, -e.rng.int(3, 10)), p, periodFrom(e, y, p.segmentId, start, 12));
  const nummer = c.state.toewijzingen.at(-1)!.nummer;
  await c.run('gemeente', start, { type: 'start', nummer, datum: start });
  const stopped = minDate(stop, c.state.toewijzingen.at(-1)!.einddatum);
  await emergencyHelp(e, c, ['voor', 'tijdens'], start);
  await c.run('gemeente', stopped, { type: 'stop', nummer, datum: stopped, reden: '31' });
  await emergencyHelp(e, c, ['na'], stopped);
  return c;
}

interface Kind {
  id: string;
  weight: number;
  closed?: boolean;
  /** Creates one or more cases (`n`: how many of this kind exist already; the first shows the kind's signal); false when no fitting youth is left. */
  run: (n: number) => Promise<boolean>;
}

function kinds(e: Env): Kind[] {
  const r = e.rng;
  const crisisSeg = e.crisisSegment;
  const ageRules = ofType(e.rules, 'leeftijdssignaal');
  const endRules = ofType(e.rules, 'zorg-einde-leeftijd');
  const list: Kind[] = [
    {
      id: 'aangemeld',
      weight: 8,
      run: async (n) => {
        const y = youth(e);
        if (!y) return false;
        await new DemoCase(e, y).register(addDays(e.today, -r.int(0, 6)), false, n > 0 && r.chance(0.6));
        return true;
      },
    },
    {
      id: 'verheldering',
      weight: 7,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'verheldering', addDays(e.today, -r.int(0, 10)), referralPlan(e));
        return true;
      },
    },
    {
      id: 'getrieerd-lokaal-team',
      weight: 6,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'getrieerd', addDays(e.today, -r.int(0, 30)), {
          segmentId: e.referralSegments[0]!.id,
          complexiteit: r.pick(['enkelvoudig', 'meervoudig'] as const),
          uitkomsten: r.chance(0.3) ? ['hulp-lokaal-team', 'sociale-basis'] : ['hulp-lokaal-team'],
        });
        return true;
      },
    },
    {
      id: 'getrieerd-mdo-nodig',
      weight: 3,
      run: async () => {
        const y = youth(e);
        if (!y || e.outOfHome.length === 0) return false;
        await intake(e, y, 'getrieerd', addDays(e.today, -r.int(0, 7)), { ...referralPlan(e, r.pick(e.outOfHome)), complexiteit: 'complex' });
        return true;
      },
    },
    {
      id: 'mdo-zonder-overeenstemming',
      weight: 3,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'getrieerd', addDays(e.today, -r.int(0, 10)), {
          ...referralPlan(e, r.pick(e.outOfHome.length ? e.outOfHome : [e.referralSegments[0]!.id])),
          complexiteit: 'hoogcomplex',
          mdo: 'disagree',
        });
        return true;
      },
    },
    {
      id: 'verwezen',
      weight: 7,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const p = referralPlan(e);
        await intake(e, y, 'verwezen', addDays(e.today, -r.int(0, 20)), {
          ...p,
          mdo: p.complexiteit === 'complex' || p.complexiteit === 'hoogcomplex' ? r.pick(['agree', 'agree', 'escalated'] as const) : undefined,
        });
        return true;
      },
    },
    {
      id: 'beschikt',
      weight: 5,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const p = referralPlan(e);
        const day = addDays(e.today, -r.int(0, 10));
        await intake(e, y, 'beschikt', day, p, periodFrom(e, y, p.segmentId, addDays(day, r.int(7, 21)), 12));
        return true;
      },
    },
    {
      id: 'toegewezen-wacht-op-plaatsing',
      weight: 6,
      run: async (n) => {
        const y = youth(e);
        if (!y || e.outOfHome.length === 0) return false;
        const p = referralPlan(e, r.pick(e.outOfHome));
        const from = addDays(e.today, -r.int(3, 40));
        const c = await intake(e, y, 'toegewezen', addDays(from, -r.int(3, 10)), p, periodFrom(e, y, p.segmentId, from, 12));
        if (n % 2 === 1)
          await c.run('toegang', minDate(e.today, addDays(from, r.int(0, 5))), { type: 'overbrugging', nummer: c.state.toewijzingen.at(-1)!.nummer });
        return true;
      },
    },
    {
      // A GP, youth doctor or medical specialist refers directly; the case is referred before any triage.
      id: 'verwezen-extern',
      weight: 2,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const gated = new Set(ofType(e.rules, 'diagnostiek-vooraf').flatMap((x) => x.segmenten));
        const segs = e.referralSegments.filter((x) => !e.outOfHome.includes(x.id) && !e.justice.includes(x.id) && x.id !== e.crisisSegment && !gated.has(x.id));
        if (segs.length === 0) return false;
        const seg = r.pick(segs).id;
        const via = ofType(e.rules, 'verwijzing-via-gebied').find((x) => x.segmenten.includes(seg))?.via;
        const day = addDays(e.today, -r.int(0, 14));
        await new DemoCase(e, y).register(day, false, true, {
          datum: day,
          verwijzer: r.pick(['02', '03', '05']),
          segmentId: seg,
          kader: 'vrijwillig',
          ...(via ? { viaGebied: via } : {}),
        });
        return true;
      },
    },
    {
      // Care that turned out shorter: the municipality ends the allocation earlier (JZ002 05) and sends the JW301.
      id: 'in-zorg-toewijzing-verkort',
      weight: 2,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const c = await inCare(e, y, referralPlan(e), r.int(30, 120), { months: 12 });
        const t = c.state.toewijzingen.at(-1)!;
        const einddatum = addDays(e.today, r.int(20, 60));
        if (einddatum >= t.einddatum) return true;
        await c.change(e.today, t.nummer, { redenWijziging: '05', einddatum, afgestemdMetAanbieder: true });
        return true;
      },
    },
    {
      id: 'toegewezen-start-gepland',
      weight: 3,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const p = referralPlan(e);
        await intake(e, y, 'toegewezen', addDays(e.today, -r.int(0, 5)), p, periodFrom(e, y, p.segmentId, addDays(e.today, r.int(3, 30)), 6));
        return true;
      },
    },
    {
      id: 'in-zorg',
      weight: 18,
      run: async (n) => {
        const y = youth(e);
        if (!y) return false;
        const c = await inCare(e, y, referralPlan(e), r.int(10, 250), { expiring: n % 4 === 0 });
        if (n % 3 === 1) {
          // A second trajectory next to the first: several trajectories → procesregisseur (seed 003 §5.2).
          // Only segments the region's rules admit for this case: its triage complexity (routering-complexiteit) and a consultation already held (afstemming-verplicht).
          const cx = c.state.triage?.complexiteit;
          const fits = (id: string) =>
            (!cx || routedComplexiteit(e, id, cx) === cx) &&
            ofType(e.rules, 'afstemming-verplicht')
              .filter((x) => x.segmenten.includes(id))
              .every((x) => c.state.mdos.some((m) => m.deelnemers.includes(x.deelnemer)));
          const options = e.referralSegments.filter((s) => !e.outOfHome.includes(s.id) && !e.justice.includes(s.id) && s.id !== e.crisisSegment && fits(s.id));
          if (options.length === 0) return true;
          const seg = r.pick(options).id;
          const day = addDays(e.today, -r.int(0, 8));
          const via = ofType(e.rules, 'verwijzing-via-gebied').find((x) => x.segmenten.includes(seg))?.via;
          if (ofType(e.rules, 'diagnostiek-vooraf').some((x) => x.segmenten.includes(seg)) && !c.state.analyse?.diagnostiekAfgerond) {
            await c.run('toegang', day, {
              type: 'analyse',
              verklarendeAnalyse: c.state.analyse?.verklarendeAnalyse ?? false,
              ambulanteAlternatieven: c.state.analyse?.ambulanteAlternatieven ?? '',
              diagnostiekAfgerond: true,
            });
          }
          await c.run('toegang', day, {
            type: 'verwijzing',
            verwijzing: { datum: day, verwijzer: '01', segmentId: seg, kader: 'vrijwillig', ...(via ? { viaGebied: via } : {}) },
          });
          const period = periodFrom(e, y, seg, addDays(day, 7), 6);
          await c.run('gemeente', day, {
            type: 'beschikking',
            beschikking: {
              verwijzingId: c.state.verwijzingen.at(-1)!.id,
              segmentId: seg,
              ...period,
              besluitDoor: (y.areaId && e.areaKind.get(y.areaId)) || 'gemeente',
            },
          });
          await allocate(e, c, day, seg, period, false);
          if (r.chance(0.5)) await c.run('toegang', day, { type: 'regie', procesregisseur: c.regievoerder() });
        }
        return true;
      },
    },
    {
      id: 'tijdelijk-gestopt',
      weight: 4,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const c = await inCare(e, y, referralPlan(e), r.int(30, 200));
        const day = addDays(e.today, -r.int(1, 20));
        await c.run('gemeente', day, { type: 'stop', nummer: c.state.toewijzingen.at(-1)!.nummer, datum: day, reden: '20' });
        return true;
      },
    },
    {
      id: 'overplaatsingen',
      weight: 1.5,
      run: async () => {
        const y = youth(e, 'age 8-14', (x) => x.age >= 8 && x.age <= 14);
        if (!y || e.outOfHome.length === 0) return false;
        const p = referralPlan(e, r.pick(e.outOfHome));
        const first = addDays(e.today, -r.int(330, 420));
        const c = await intake(e, y, 'toegewezen', addDays(first, -5), p, periodFrom(e, y, p.segmentId, first, 18));
        const period = { ingangsdatum: first, einddatum: c.state.beschikkingen.at(-1)!.einddatum };
        let start = first;
        for (let i = 0; i < 3; i++) {
          const nummer = i === 0 ? c.state.toewijzingen.at(-1)!.nummer : await allocate(e, c, start, p.segmentId, { ...period, ingangsdatum: start }, false);
          await c.run('gemeente', start, { type: 'start', nummer, datum: start });
          if (i === 2) break;
          const stop = addDays(start, r.int(90, 140));
          await c.run('gemeente', stop, { type: 'stop', nummer, datum: stop, reden: '38' });
          start = addDays(stop, 1);
        }
        return true;
      },
    },
    {
      id: 'gezin-meerdere-trajecten',
      weight: 2,
      run: async () => {
        const fams = new Map<number, PoolYouth[]>();
        for (const y of e.pool) if (!e.used.has(y.id) && y.age <= 16) fams.set(y.familyId, [...(fams.get(y.familyId) ?? []), y]);
        const siblings = [...fams.values()].filter((f) => f.length >= 2);
        if (siblings.length === 0) return false;
        const [a, b] = r.pick(siblings);
        for (const y of [a!, b!]) await inCare(e, y, referralPlan(e, e.referralSegments[0]!.id), r.int(20, 120));
        return true;
      },
    },
    {
      id: 'afgesloten-geen-jeugdhulp',
      weight: 6,
      closed: true,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const day = addDays(e.today, -r.int(5, 300));
        const c = await intake(e, y, 'getrieerd', day, {
          segmentId: e.referralSegments[0]!.id,
          complexiteit: 'enkelvoudig',
          uitkomsten: [r.pick(['geen-jeugdhulp', 'andere-wet'] as const)],
        });
        await c.run('toegang', day, { type: 'afsluiten', waakvlam: false });
        return true;
      },
    },
    {
      id: 'nazorg',
      weight: 5,
      closed: true,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const ago = r.int(10, 120);
        const c = await episode(e, y, ago);
        await c.run('toegang', addDays(e.today, -r.int(0, ago)), { type: 'afsluiten', waakvlam: true, contactpersoon: c.regievoerder() });
        return true;
      },
    },
    {
      id: 'afgesloten-na-zorg',
      weight: 7,
      closed: true,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const ago = r.int(100, 400);
        const c = await episode(e, y, ago);
        const closed = addDays(e.today, -r.int(60, ago));
        await c.run('toegang', closed, { type: 'afsluiten', waakvlam: r.chance(0.5), contactpersoon: c.regievoerder() });
        if (c.state.status === 'nazorg') await c.run('toegang', addDays(closed, r.int(30, 59)), { type: 'nazorg-beeindigen' });
        return true;
      },
    },
  ];
  if (crisisSeg) {
    // Outside office hours a crisis comes in before a regievoerder is known.
    list.push({
      id: 'crisis-aangemeld',
      weight: 2,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await new DemoCase(e, y).register(addDays(e.today, -r.int(0, 1)), true, false);
        return true;
      },
    });
    // A crisis referred to the crisis segment the same day, care not started yet: the crisis clock of a segment rule runs (seed 004 §4.6).
    list.push({
      id: 'crisis-verwezen',
      weight: 1,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'verwezen', addDays(e.today, -r.int(0, 1)), { ...referralPlan(e, crisisSeg), crisis: true, complexiteit: 'complex' });
        return true;
      },
    });
    list.push({
      id: 'crisis-in-zorg',
      weight: 3,
      run: async (n) => {
        const y = youth(e);
        if (!y) return false;
        await inCare(e, y, { ...referralPlan(e, crisisSeg), crisis: true, complexiteit: 'complex' }, n === 0 ? r.int(21, 26) : r.int(2, 27), { months: 2 });
        return true;
      },
    });
  }
  // A rule of a segment applies to cases in that segment only: the demo case is in care there.
  const ruleSegment = (id: string) =>
    e.profile.segmenten.find((s) => s.regels.some((x) => x.id === id) && e.referralSegments.some((x) => x.id === s.id))?.id ?? e.referralSegments[0]!.id;
  // A segment's case-coordination rule (een-regievoerder, e.g. seed 000 "Casus coördinatie"): a referred case still without one.
  const segmentRegie = ofType(e.rules, 'een-regievoerder').filter((a) =>
    e.profile.segmenten.some((s) => s.regels.some((x) => x.id === a.id) && e.referralSegments.some((x) => x.id === s.id)),
  );
  for (const a of segmentRegie) {
    list.push({
      id: `zonder-coordinator-${a.id}`,
      weight: 1,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'verwezen', addDays(e.today, -r.int(0, 5)), { ...referralPlan(e, ruleSegment(a.id)), regie: false });
        return true;
      },
    });
  }
  for (const a of ageRules) {
    list.push({
      id: `leeftijd-${a.id}`,
      weight: 2,
      run: async () => {
        const y = youth(e, ...aroundAge(e, a.leeftijdMaanden, 50, Math.max(5, a.vooraankondigingDagen - 5)));
        if (!y) return false;
        await inCare(e, y, referralPlan(e, ruleSegment(a.id)), r.int(30, 200));
        return true;
      },
    });
  }
  for (const a of endRules) {
    const segs = [
      ...new Set([ruleSegment(a.id), ...a.uitzonderingen.flatMap((u) => (u.productcategorieen || u.productnamen ? [] : (u.segmenten ?? [])))]),
    ].filter((s) => e.referralSegments.some((x) => x.id === s));
    for (const seg of segs) {
      const age = a.uitzonderingen.find((u) => u.segmenten?.includes(seg) && !u.productcategorieen && !u.productnamen)?.leeftijd ?? a.leeftijd;
      list.push({
        id: `zorg-einde-${age}-${seg}`,
        weight: 1.5,
        run: async () => {
          const y = youth(e, ...aroundAge(e, age * 12, -10, 170));
          if (!y) return false;
          await inCare(e, y, referralPlan(e, seg), r.int(60, 300), { untilLimit: true });
          return true;
        },
      });
    }
    if (a.verlengingTot) {
      const seg = e.referralSegments[0]!.id;
      list.push({
        id: `verlenging-tot-${a.verlengingTot}`,
        weight: 1,
        run: async () => {
          const y = youth(e, 'age 18-19', (x) => x.age >= 18 && x.age <= 19);
          if (!y) return false;
          await inCare(e, y, { ...referralPlan(e, seg), verlengingBeoordeeld: true }, r.int(20, 90), { months: 12 });
          return true;
        },
      });
    }
  }
  return list;
}

async function scopeOf(db: Db, username: string): Promise<UserScope | null> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return u
    ? { userId: u.id, username: u.username, role: u.role as Role, regionId: u.regionId, municipalityCode: u.municipalityCode, providerId: u.providerId }
    : null;
}

/** Number of demo cases for a region: one per YOUTHS_PER_CASE youths, at least one of every kind (made anyway). */
export function demoCaseCount(youthsInRegion: number, kinds: number): number {
  return Math.max(kinds, Math.round(youthsInRegion / YOUTHS_PER_CASE));
}

/**
 * Creates demo cases for the demo municipality of `regionId` unless the region has cases already
 * (returns null then, or when the region has no demo users). `count` overrides the number of
 * cases; `openOnly` leaves out the closed kinds (benchmarks). Every kind is made once through the
 * access use cases (the showcase), the rest in bulk (src/demo/case-rows.ts); `useCasesOnly` makes
 * every case through the use cases (the bulk-vs-use-cases test, benchmarks).
 */
export async function ensureDemoCases(
  db: Db,
  regionId: string,
  today: string,
  seed: number,
  opts: { count?: number; openOnly?: boolean; between?: () => Promise<void>; useCasesOnly?: boolean } = {},
): Promise<DemoCasesResult | null> {
  const t0 = performance.now();
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(eq(cases.regionId, regionId));
  // Each case is its own transaction, so a stopped run leaves part of the caseload: demo_runs records
  // when the caseload is complete, and a run that finds cases without that mark continues it (with
  // youths that have no case yet) instead of leaving half a caseload. Cases without a demo_runs row
  // (not a generated demo region) count as complete.
  const [demoRun] = await db.select({ counts: demoRuns.counts }).from(demoRuns).where(eq(demoRuns.regionId, regionId));
  const resuming = Number(existing?.n ?? 0) > 0;
  if (resuming && (!demoRun || (demoRun.counts as { casesComplete?: boolean } | null)?.casesComplete)) return null;
  const [toegang, gemeente] = await Promise.all([scopeOf(db, `toegang.${regionId}`), scopeOf(db, `gemeente.${regionId}`)]);
  if (!toegang?.municipalityCode || !gemeente || gemeente.municipalityCode !== toegang.municipalityCode) return null;
  const profile = await loadRegionProfile(db, regionId);
  const rules = accessRules(profile);
  // Read as one JSON value (src/db/json-rows.ts: thousands of rows decoded at once), in id order.
  const pool = (
    await jsonRows<{ id: number; familyId: number; birthDate: string; areaId: string | null }>(
      db,
      sql`select id, family_id as "familyId", birth_date as "birthDate", area_id as "areaId" from ${youths}
        where region_id = ${regionId} and municipality_code = ${toegang.municipalityCode}`,
    )
  )
    .sort((a, b) => a.id - b.id)
    .map((y) => ({ ...y, age: ageOn(y.birthDate, today) }));
  const withCase = resuming
    ? new Set((await db.select({ youthId: cases.youthId }).from(cases).where(eq(cases.regionId, regionId))).map((c) => c.youthId))
    : new Set<number>();
  const [all] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(youths)
    .where(eq(youths.regionId, regionId));
  const contractRows = await db
    .select({ providerId: contracts.providerId, segmentId: contracts.segmentId, startDate: contracts.startDate, endDate: contracts.endDate })
    .from(contracts)
    .where(eq(contracts.regionId, regionId))
    .orderBy(asc(contracts.id));
  const [demoProvider] = await db
    .select({ id: users.providerId })
    .from(users)
    .where(eq(users.username, `aanbieder.${regionId}`));
  const roles = segmentRoles(profile, rules);
  // A segment whose allocations must go to contracted providers (gecontracteerde-aanbieder, blocking)
  // only gets demo cases when its contracts cover the demo's two years up to today.
  const contractedOnly = new Set(
    ofType(rules, 'gecontracteerde-aanbieder')
      .filter((r) => r.soort === 'blokkerend')
      .flatMap((r) => r.segmenten),
  );
  const covered = (segmentId: string) =>
    contractRows.some((c) => c.segmentId === segmentId && c.startDate <= addDays(today, -730) && c.endDate >= addDays(today, 400));
  roles.referralSegments = roles.referralSegments.filter((x) => !contractedOnly.has(x.id) || covered(x.id));
  roles.outOfHome = roles.outOfHome.filter((id) => roles.referralSegments.some((x) => x.id === id));
  roles.justice = roles.justice.filter((id) => roles.referralSegments.some((x) => x.id === id));
  if (pool.length === 0 || contractRows.length === 0 || roles.referralSegments.length === 0) return null;

  const result: DemoCasesResult = { cases: 0, commands: 0, byStatus: {}, byKind: {}, kinds: 0, showcase: 0, ms: 0 };
  const e: Env = {
    db,
    book: null,
    regionId,
    today,
    rng: new Random(seed ^ 0x7ca5e),
    users: { toegang, gemeente },
    profile,
    rules,
    contracts: contractRows,
    demoProviderId: demoProvider?.id ?? null,
    pool,
    used: withCase,
    candidates: new Map(),
    familyRegie: new Map(),
    areaKind: new Map(profile.gebieden.map((g) => [g.id, g.soort])),
    ...roles,
    commands: 0,
  };
  const list = kinds(e).filter((k) => !opts.openOnly || !k.closed);
  const target = Math.min(opts.count ?? demoCaseCount(Number(all?.n ?? 0), list.length), pool.length);
  const count = async () =>
    Number(
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(eq(cases.regionId, regionId))
      )[0]?.n ?? 0,
    );
  const run = async (k: Kind) => {
    let ok: boolean;
    try {
      ok = await db.transaction(async (tx) => {
        e.db = tx;
        return k.run(result.byKind[k.id] ?? 0);
      });
    } finally {
      e.db = db;
    }
    if (ok) result.byKind[k.id] = (result.byKind[k.id] ?? 0) + 1;
    await opts.between?.();
    return ok;
  };
  // The showcase: every kind once (where a youth fits) through the access use cases, each case its
  // own transaction. A resumed run goes on with the bulk from the cases there are.
  let made = resuming ? await count() : 0;
  if (!resuming) for (const k of list) if (await run(k)) made = await count();
  // The bulk, by weight until the target is reached: the same kinds and rules, the cases made in
  // memory (CaseBook) and written as rows in one transaction with the mark that the caseload is
  // complete, so a stopped run leaves the showcase only (and the next run makes the bulk again).
  let book: CaseBook | null = null;
  if (!opts.useCasesOnly) {
    const inDb = await db.select({ id: cases.id, familyId: cases.familyId, state: cases.state }).from(cases).where(eq(cases.regionId, regionId));
    e.book = book = new CaseBook(db, {
      regionId,
      profile,
      rules: accessRuleSet(profile),
      contracts: contractRows,
      existing: inDb.map((c) => ({ id: c.id, familyId: c.familyId, state: c.state as StoredCase })),
    });
  }
  const showcase = made;
  result.kinds = list.length;
  result.showcase = resuming ? 0 : made;
  let active = list;
  while (made < target && active.length > 0) {
    const k = e.rng.weighted(active, (x) => x.weight);
    if (!book) {
      if (await run(k)) made = await count();
      else active = active.filter((x) => x !== k);
      continue;
    }
    if (await k.run(result.byKind[k.id] ?? 0)) result.byKind[k.id] = (result.byKind[k.id] ?? 0) + 1;
    else active = active.filter((x) => x !== k); // no fitting youth left for this kind
    made = showcase + book.made;
    await opts.between?.();
  }
  await db.transaction(async (tx) => {
    if (book) result.bulk = await book.write(tx);
    await tx
      .update(demoRuns)
      .set({ counts: sql`${demoRuns.counts} || '{"casesComplete": true}'::jsonb` })
      .where(eq(demoRuns.regionId, regionId));
  });
  const rows = await db
    .select({ status: cases.status, n: sql<number>`count(*)::int` })
    .from(cases)
    .where(eq(cases.regionId, regionId))
    .groupBy(cases.status);
  result.byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  result.cases = made;
  result.commands = e.commands;
  result.ms = Math.round(performance.now() - t0);
  return result;
}
