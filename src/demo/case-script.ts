/**
 * The demo caseload's tools (src/demo/cases.ts): the environment of a run (the region's rules and
 * segment roles, the youth pool, the demo users), a demo case that runs its commands through the
 * access use cases (the showcase) or through the CaseBook in memory (the bulk, src/demo/case-rows.ts),
 * and the steps the kinds of case share (intake up to a stage, allocation, care, episodes), each
 * respecting the region's rules. The kinds themselves are in src/demo/case-kinds.ts.
 */
import type { Db } from '../db/database.js';
import { Random } from './random.js';
import { addDays, addMonths, maxDate, minDate } from '../domain/dates.js';
import type { Complexiteit, TriageUitkomst } from '../domain/access/case.js';
import type { UserScope } from '../domain/access/roles.js';
import type { Regel, RegionProfile } from '../domain/landscape/profile-schema.js';
import { applyCaseCommand, type CaseCommand } from '../app/access/cases.js';
import { changeAllocation, type ChangeAllocationInput } from '../app/access/allocation-change.js';
import { registerHelpRequest, type HelpRequestInput } from '../app/access/help-request.js';
import type { CaseBook, DemoCaseState } from './case-rows.js';

/** Relative weight of referral segments per region (others: every segment with products, weight 1). */
export const SEGMENT_MIX: Record<string, Record<string, number>> = {
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

export const HULPVRAGEN = [
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
export const CRISIS = [
  'Acuut onveilige thuissituatie; politie betrokken',
  'Ouder plotseling opgenomen; niemand thuis voor de kinderen',
  'Jeugdige weggelopen, ernstige zorgen om veiligheid',
];
export const PROFESSIONALS = ['a.jansen', 's.el-khatib', 'l.dekker', 'm.bakker', 'n.vos', 'r.pinas'];

export interface PoolYouth {
  id: number;
  familyId: number;
  birthDate: string;
  areaId: string | null;
  /** Age in whole years on today. */
  age: number;
}

export type OfType<T extends Regel['type']> = Extract<Regel, { type: T }>;
export const ofType = <T extends Regel['type']>(rules: Regel[], type: T) => rules.filter((r): r is OfType<T> => r.type === type);

export interface Env {
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
export function segmentRoles(profile: RegionProfile, rules: Regel[]) {
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
export class DemoCase {
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

export interface Intake {
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
export type Stage = 'aangemeld' | 'verheldering' | 'getrieerd' | 'verwezen' | 'beschikt' | 'toegewezen';
export const STAGES: Stage[] = ['aangemeld', 'verheldering', 'getrieerd', 'verwezen', 'beschikt', 'toegewezen'];

/** The last day of youth care in `segmentId` for someone born on `birth` (zorg-einde-leeftijd; to 23 after assessment). */
export function ageLimit(e: Env, segmentId: string, birth: string, verlenging: boolean): string {
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
export function lastAllowedDay(e: Env, segmentId: string, birth: string, from: string, verlenging: boolean): string {
  let last = ageLimit(e, segmentId, birth, verlenging);
  for (const r of ofType(e.rules, 'crisis-maximale-duur')) if (r.segmenten.includes(segmentId)) last = minDate(last, addDays(from, r.weken * 7 - 1));
  return last;
}

export function productCategory(e: Env, segmentId: string, crisis: boolean): string {
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

export function provider(e: Env, segmentId: string, on: string): number {
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
export function routedComplexiteit(e: Env, segmentId: string, planned: Complexiteit): Complexiteit {
  const admitted = ofType(e.rules, 'routering-complexiteit').flatMap((r) => r.routes.filter((x) => x.segment === segmentId).flatMap((x) => x.complexiteit));
  return admitted.length === 0 || admitted.includes(planned) ? planned : e.rng.pick(admitted);
}

export async function intake(
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

export async function allocate(
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
export function periodFrom(e: Env, y: PoolYouth, segmentId: string, from: string, months: number, verlenging = false) {
  return { ingangsdatum: from, einddatum: minDate(addDays(addMonths(from, months), -1), lastAllowedDay(e, segmentId, y.birthDate, from, verlenging)) };
}

/** Picks an unused youth of the selection `key` (`fit` decides membership; default: aged 4 to 16 today). */
export function youth(e: Env, key = 'age 4-16', fit: (y: PoolYouth) => boolean = (y) => y.age >= 4 && y.age <= 16): PoolYouth | null {
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
export function removeById(list: PoolYouth[], id: number): void {
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
export const aroundAge = (e: Env, months: number, before: number, after: number): [string, (y: PoolYouth) => boolean] => {
  const [from, to] = [addDays(e.today, -before), addDays(e.today, after)];
  // addMonths kept per birth date: the selection is made over the whole pool (tens of thousands of youths, a few thousand dates).
  const shifted = new Map<string, string>();
  return [
    `${months} months ${before}/${after}`,
    (y) => {
      let d = shifted.get(y.birthDate);
      if (d === undefined) shifted.set(y.birthDate, (d = addMonths(y.birthDate, months)));
      return d >= from && d <= to;
    },
  ];
};

export function referralPlan(e: Env, segmentId = e.rng.weighted(e.referralSegments, (s) => s.weight).id): Intake {
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
export async function inCare(
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
export async function emergencyHelp(e: Env, c: DemoCase, fasen: ('voor' | 'tijdens' | 'na')[], day: string): Promise<void> {
  const t = c.state.toewijzingen.at(-1)!;
  const rule = ofType(e.rules, 'ambulante-spoedhulp-bij-plaatsing').find(
    (r) => r.segmenten.includes(t.segmentId) && (!r.productcategorieen || r.productcategorieen.includes(t.productCategorie)),
  );
  if (!rule || e.rng.chance(0.25)) return;
  for (const fase of fasen.filter((f) => rule.fasen.includes(f))) await c.run('toegang', day, { type: 'spoedhulp', nummer: t.nummer, fase, datum: day });
}

/** A completed episode of care that ended `endedAgo` days ago. */
export async function episode(e: Env, y: PoolYouth, endedAgo: number): Promise<DemoCase> {
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
