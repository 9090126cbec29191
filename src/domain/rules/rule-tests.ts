/**
 * Rule tests (regeltests): policy-readable examples a region writes next to its profile, in
 * `profiles/<regio>/tests/*.yaml`. Each test says: given a case (or a contract, a procurement
 * application, ...) on a date, when an action is taken, then it is allowed, or refused by rule X
 * (with its citation), or rule X signals on date Y. This module is pure: it parses a test file's
 * data and evaluates a test against a profile with the same engines the application uses
 * (access rules, procurement admission, awards, consortium, contract changes, dialogues,
 * development partners). Files are read by src/app/profiles/rule-tests.ts.
 */
import { z } from 'zod';
import { applicableRules, caseSignals, checkAction, ruleSet, type AccessAction, type RuleHit } from '../access/access-rules.js';
import { newCase, type Beschikking, type CaseState, type Mdo, type Toewijzing, type Verwijzing } from '../access/case.js';
import { checkConsortium } from '../contracts/consortium.js';
import { checkChange } from '../contracts/changes.js';
import { cycleFor } from '../contracts/dialogues.js';
import { selectDevelopmentPartners, SelectionError } from '../contracts/market.js';
import { checkAwards } from '../landscape/awards.js';
import { isOpen, type Regel, type RegionProfile, type SegmentProfile } from '../landscape/profile-schema.js';
import { source } from '../landscape/landscape.js';
import { admissionRefusals } from '../procurement/award.js';
import type { ProcedureConfig } from '../procurement/config.js';

const Datum = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'datum is JJJJ-MM-DD');
const Complexiteit = z.enum(['enkelvoudig', 'meervoudig', 'complex', 'hoogcomplex']);
const Kader = z.enum(['vrijwillig', 'gedwongen']);

const TestToewijzing = z
  .object({
    segment: z.string().min(1),
    productcategorie: z
      .string()
      .regex(/^\d{2}$/)
      .default('45'),
    productcode: z.string().optional(),
    product: z.string().optional(),
    ingangsdatum: Datum,
    einddatum: Datum,
    status: z.enum(['toegewezen', 'gestart', 'tijdelijk-gestopt', 'gestopt', 'ingetrokken']).default('toegewezen'),
    startdatum: Datum.optional(),
    stopdatum: Datum.optional(),
    /** The decision it belongs to (1 = the first beschikking of the case). */
    beschikking: z.number().int().min(1).default(1),
    aanbieder: z.number().int().min(1).default(1),
  })
  .strict();

const TestCasus = z
  .object({
    geboortedatum: Datum,
    aangemeldOp: z.string().optional(),
    crisis: z.boolean().default(false),
    regievoerder: z.string().optional(),
    triage: z
      .object({ complexiteit: Complexiteit, domeinoverstijgend: z.boolean().default(false), datum: Datum.optional() })
      .strict()
      .optional(),
    mdos: z
      .array(
        z
          .object({
            datum: Datum.optional(),
            deelnemers: z.array(z.string()).min(1),
            overeenstemming: z.boolean().default(true),
            escalatiestap: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    analyse: z
      .object({
        verklarendeAnalyse: z.boolean().default(false),
        ambulanteAlternatieven: z.string().default(''),
        diagnostiekAfgerond: z.boolean().default(false),
      })
      .strict()
      .optional(),
    verwijzingen: z
      .array(
        z
          .object({
            segment: z.string(),
            verwijzer: z.string().default('01'),
            kader: Kader.default('vrijwillig'),
            viaGebied: z.string().optional(),
            datum: Datum.optional(),
          })
          .strict(),
      )
      .default([]),
    beschikkingen: z
      .array(
        z
          .object({
            segment: z.string(),
            ingangsdatum: Datum,
            einddatum: Datum,
            besluitDoor: z.string().default('gemeente'),
            verlengingBeoordeeld: z.boolean().optional(),
          })
          .strict(),
      )
      .default([]),
    toewijzingen: z.array(TestToewijzing).default([]),
    status: z.string().optional(),
  })
  .strict();

const Wanneer = z
  .object({
    verwijzing: z
      .object({ segment: z.string(), verwijzer: z.string().default('01'), kader: Kader.default('vrijwillig'), viaGebied: z.string().optional() })
      .strict()
      .optional(),
    beschikking: z
      .object({
        segment: z.string(),
        ingangsdatum: Datum,
        einddatum: Datum,
        besluitDoor: z.string().default('gemeente'),
        verlengingBeoordeeld: z.boolean().optional(),
      })
      .strict()
      .optional(),
    toewijzing: TestToewijzing.omit({ status: true, startdatum: true, stopdatum: true })
      .extend({ aanbieder: z.number().int().min(1).default(1) })
      .optional(),
    /** A change of allocation `nummer` (1 = the first allocation of the case) to a new end date. */
    toewijzingWijziging: z
      .object({ nummer: z.number().int().min(1), einddatum: Datum })
      .strict()
      .optional(),
    regie: z
      .object({
        regievoerder: z.string().optional(),
        regievoerderPartij: z.string().optional(),
        procesregisseur: z.string().optional(),
        procesregiePartij: z.string().optional(),
      })
      .strict()
      .optional(),
    /** The worklist on the test's date: the case's signals. */
    werklijst: z.literal(true).optional(),
    /** A procurement application for the segment: the suitability requirements met (by id) and the plan score. */
    aanmelding: z
      .object({ segment: z.string(), voldaan: z.array(z.string()).default([]), planScore: z.number().nullable().default(null) })
      .strict()
      .optional(),
    /** A contract in the segment: the conditions it carries. */
    contract: z.object({ segment: z.string() }).strict().optional(),
    /** Awards in the segment: provider number and lot. */
    gunning: z
      .object({
        segment: z.string(),
        gunningen: z.array(z.object({ aanbieder: z.number().int().min(1), perceel: z.string().nullable().default(null) }).strict()).min(1),
      })
      .strict()
      .optional(),
    /** A consortium (samenwerkingsverband) in the segment: its members' kind and role. */
    samenwerkingsverband: z
      .object({
        segment: z.string(),
        leden: z.array(z.object({ soort: z.string(), rol: z.enum(['penvoerder', 'lid', 'onderaannemer']).default('lid') }).strict()).min(1),
      })
      .strict()
      .optional(),
    /** A contract change announced on `aangekondigd`, taking effect on `ingang`. */
    contractwijziging: z.object({ segment: z.string(), aangekondigd: Datum, ingang: Datum }).strict().optional(),
    /** The dialogues the rules ask for in the segment. */
    dialogen: z.object({ segment: z.string() }).strict().optional(),
    /** Development partners selected from turnover per provider (euros) in the segment; `paretoAandeel` when the profile leaves it open. */
    ontwikkelpartners: z
      .object({
        segment: z.string().optional(),
        omzet: z.array(z.object({ aanbieder: z.number().int().min(1), euro: z.number().nonnegative() }).strict()).min(1),
        paretoAandeel: z.number().optional(),
      })
      .strict()
      .optional(),
    /** An extension (verlenging) of a contract in the segment under the profile's looptijd. */
    verlenging: z.object({ segment: z.string() }).strict().optional(),
  })
  .strict()
  .refine((w) => Object.values(w).filter((v) => v !== undefined).length === 1, 'wanneer noemt precies één handeling');

const Dan = z
  .object({
    toegestaan: z.literal(true).optional(),
    geweigerd: z.string().optional(),
    signaal: z.union([z.string(), z.object({ regel: z.string(), datum: Datum.optional() }).strict()]).optional(),
    geenSignaal: z.string().optional(),
    voorwaarden: z.array(z.string()).optional(),
    dialogen: z.array(z.object({ soort: z.string(), niveau: z.string(), frequentie: z.string().optional() }).strict()).optional(),
    ontwikkelpartners: z.array(z.number().int()).optional(),
  })
  .strict()
  .refine((d) => Object.values(d).filter((v) => v !== undefined).length >= 1, 'dan noemt wat er moet gebeuren');

export const RegelTest = z
  .object({
    naam: z.string().min(1),
    /** The rule this test is about (every typed rule has at least one test); `looptijd` for an extension test. */
    regel: z.string().min(1),
    /** For a fix of a wrong encoding: the seed sentence it rests on (checked literally against the seed). */
    bron: z
      .object({ seed: z.string(), sectie: z.string(), citaat: z.string().min(1) })
      .strict()
      .optional(),
    gegeven: z
      .object({
        datum: Datum,
        casus: TestCasus.optional(),
        /** Contracts of the providers (for rules that allocations go to contracted providers). */
        contracten: z.array(z.object({ aanbieder: z.number().int().min(1), segment: z.string(), ingangsdatum: Datum, einddatum: Datum }).strict()).optional(),
      })
      .strict(),
    wanneer: Wanneer,
    dan: Dan,
  })
  .strict();
export type RegelTest = z.infer<typeof RegelTest>;
export const RegelTestBestand = z.object({ regeltests: z.array(RegelTest).min(1) }).strict();

/** The result of one test: passed, or why not (Dutch). */
export interface RegelTestResult {
  ok: boolean;
  problems: string[];
}

function buildCase(c: z.infer<typeof TestCasus>, today: string): CaseState {
  const s = newCase({
    hulpvraag: 'regeltest',
    aangemeldOp: c.aangemeldOp ?? `${today}T08:00:00.000Z`,
    crisis: c.crisis,
    geboortedatum: c.geboortedatum,
    ...(c.regievoerder ? { regievoerder: c.regievoerder } : {}),
  });
  const verwijzingen: Verwijzing[] = c.verwijzingen.map((v, i) => ({
    id: i + 1,
    datum: v.datum ?? today,
    verwijzer: v.verwijzer,
    segmentId: v.segment,
    kader: v.kader,
    ...(v.viaGebied ? { viaGebied: v.viaGebied } : {}),
  }));
  const beschikkingen: Beschikking[] = c.beschikkingen.map((b, i) => ({
    id: i + 1,
    datum: b.ingangsdatum,
    verwijzingId: Math.min(i + 1, Math.max(1, verwijzingen.length)),
    segmentId: b.segment,
    ingangsdatum: b.ingangsdatum,
    einddatum: b.einddatum,
    besluitDoor: b.besluitDoor,
    ...(b.verlengingBeoordeeld ? { verlengingBeoordeeld: true } : {}),
  }));
  const toewijzingen: Toewijzing[] = c.toewijzingen.map((t, i) => ({
    nummer: i + 1,
    beschikkingId: t.beschikking,
    segmentId: t.segment,
    providerId: t.aanbieder,
    productCategorie: t.productcategorie,
    ...(t.productcode ? { productCode: t.productcode } : {}),
    ...(t.product ? { product: t.product } : {}),
    ingangsdatum: t.ingangsdatum,
    einddatum: t.einddatum,
    status: t.status,
    ...(t.startdatum ? { startdatum: t.startdatum } : {}),
    ...(t.stopdatum ? { stopdatum: t.stopdatum } : {}),
  }));
  const mdos: Mdo[] = c.mdos.map((m) => ({
    datum: m.datum ?? today,
    deelnemers: m.deelnemers,
    overeenstemming: m.overeenstemming,
    afweging: 'regeltest',
    ...(m.escalatiestap ? { escalatiestap: m.escalatiestap } : {}),
  }));
  const status =
    (c.status as CaseState['status'] | undefined) ??
    (toewijzingen.some((t) => t.status === 'gestart')
      ? 'in-zorg'
      : toewijzingen.length
        ? 'toegewezen'
        : beschikkingen.length
          ? 'beschikt'
          : verwijzingen.length
            ? 'verwezen'
            : c.triage
              ? 'getrieerd'
              : 'aangemeld');
  return {
    ...s,
    status,
    ...(c.triage
      ? {
          triage: {
            datum: c.triage.datum ?? today,
            uitkomsten: ['niet-vrij-toegankelijk'],
            complexiteit: c.triage.complexiteit,
            domeinoverstijgend: c.triage.domeinoverstijgend,
          },
        }
      : {}),
    mdos,
    ...(c.analyse ? { analyse: c.analyse } : {}),
    verwijzingen,
    beschikkingen,
    toewijzingen,
  };
}

function accessAction(w: z.infer<typeof Wanneer>, s: CaseState, today: string): AccessAction | null {
  if (w.verwijzing)
    return {
      kind: 'verwijzing',
      verwijzing: {
        datum: today,
        verwijzer: w.verwijzing.verwijzer,
        segmentId: w.verwijzing.segment,
        kader: w.verwijzing.kader,
        ...(w.verwijzing.viaGebied ? { viaGebied: w.verwijzing.viaGebied } : {}),
      },
    };
  if (w.beschikking)
    return {
      kind: 'beschikking',
      beschikking: {
        datum: today,
        verwijzingId: 1,
        segmentId: w.beschikking.segment,
        ingangsdatum: w.beschikking.ingangsdatum,
        einddatum: w.beschikking.einddatum,
        besluitDoor: w.beschikking.besluitDoor,
        ...(w.beschikking.verlengingBeoordeeld ? { verlengingBeoordeeld: true } : {}),
      },
    };
  if (w.toewijzing) {
    const t = w.toewijzing;
    return {
      kind: 'toewijzing',
      toewijzing: {
        segmentId: t.segment,
        ingangsdatum: t.ingangsdatum,
        einddatum: t.einddatum,
        beschikkingId: t.beschikking,
        productCategorie: t.productcategorie,
        ...(t.productcode ? { productCode: t.productcode } : {}),
        ...(t.product ? { product: t.product } : {}),
      },
    };
  }
  if (w.toewijzingWijziging) {
    const t = s.toewijzingen.find((x) => x.nummer === w.toewijzingWijziging!.nummer);
    if (!t) return null;
    return {
      kind: 'toewijzing',
      toewijzing: {
        wijziging: true,
        segmentId: t.segmentId,
        ingangsdatum: t.ingangsdatum,
        einddatum: w.toewijzingWijziging.einddatum,
        beschikkingId: t.beschikkingId,
        productCategorie: t.productCategorie,
        ...(t.product ? { product: t.product } : {}),
      },
    };
  }
  if (w.regie) return { kind: 'regie', ...w.regie };
  return null;
}

interface Outcome {
  /** Refusals (blocking hits) and signals, by rule id, with their message. */
  refused: { ruleId: string; message: string }[];
  signals: { ruleId: string; message: string; due?: string }[];
  voorwaarden?: string[];
  dialogen?: { soort: string; niveau: string; frequentie?: string }[];
  ontwikkelpartners?: number[];
}

const segmentOf = (p: RegionProfile, id: string): SegmentProfile => {
  const s = p.segmenten.find((x) => x.id === id);
  if (!s) throw new RuleTestError(`onbekend segment "${id}"`);
  return s;
};
const rulesOf = (p: RegionProfile, seg: SegmentProfile): Regel[] => [...seg.regels, ...p.regels];

export class RuleTestError extends Error {}

/** The procurement configuration the rules of a segment imply (requirements, plan minimum, conditions). */
function configFromRules(rules: readonly Regel[]): ProcedureConfig {
  const plan = rules.find((r): r is Extract<Regel, { type: 'plan-minimumscore' }> => r.type === 'plan-minimumscore');
  return {
    percelen: [],
    emvi: null,
    geschiktheidseisen: rules.flatMap((r) =>
      r.type === 'geschiktheidseisen' ? r.eisen.map((e) => ({ id: e.id, omschrijving: e.omschrijving, regelId: r.id, source: source(r.bron) })) : [],
    ),
    plan: plan ? { regelId: plan.id, minimumScore: plan.minimumScore ?? null, schaalMax: plan.schaalMax ?? 10, source: source(plan.bron) } : null,
    contractType: '',
    voorwaarden: rules.flatMap((r) =>
      r.type === 'contractvoorwaarde' ? [{ id: r.voorwaarde.id, omschrijving: r.voorwaarde.omschrijving, regelId: r.id }] : [],
    ),
    looptijd: null,
  };
}

function evaluate(p: RegionProfile, t: RegelTest): Outcome {
  const today = t.gegeven.datum;
  const w = t.wanneer;
  const hitsOut = (hits: RuleHit[]): Outcome => ({
    refused: hits.filter((h) => h.severity === 'blocking').map((h) => ({ ruleId: h.ruleId, message: h.message })),
    signals: hits.filter((h) => h.severity === 'signal').map((h) => ({ ruleId: h.ruleId, message: h.message, ...(h.due ? { due: h.due } : {}) })),
  });
  if (w.aanmelding) {
    const seg = segmentOf(p, w.aanmelding.segment);
    const config = configFromRules(rulesOf(p, seg));
    const refusals = admissionRefusals(config, {
      checks: w.aanmelding.voldaan.map((id) => ({ eisId: id, voldaan: true, bewijs: 'regeltest' })),
      planScore: w.aanmelding.planScore,
    });
    return { refused: refusals.map((r) => ({ ruleId: r.ruleId, message: r.message })), signals: [] };
  }
  if (w.contract) {
    const seg = segmentOf(p, w.contract.segment);
    return { refused: [], signals: [], voorwaarden: configFromRules(rulesOf(p, seg)).voorwaarden.map((v) => v.id) };
  }
  if (w.gunning) {
    const seg = segmentOf(p, w.gunning.segment);
    return {
      refused: checkAwards(
        seg,
        w.gunning.gunningen.map((g) => ({ providerId: g.aanbieder, lotId: g.perceel })),
      ).map((v) => ({ ruleId: v.ruleId, message: v.message })),
      signals: [],
    };
  }
  if (w.samenwerkingsverband) {
    const seg = segmentOf(p, w.samenwerkingsverband.segment);
    return {
      refused: checkConsortium(
        rulesOf(p, seg),
        w.samenwerkingsverband.leden.map((l, i) => ({ providerId: i + 1, name: `lid ${i + 1}`, kind: l.soort, role: l.rol })),
      ).map((r) => ({ ruleId: r.ruleId, message: r.message })),
      signals: [],
    };
  }
  if (w.contractwijziging) {
    const seg = segmentOf(p, w.contractwijziging.segment);
    const check = checkChange(
      { kind: 'tarief', announcedOn: w.contractwijziging.aangekondigd, effectiveOn: w.contractwijziging.ingang },
      rulesOf(p, seg),
      today,
    );
    return { refused: check.refusals.map((r) => ({ ruleId: r.ruleId, message: r.message })), signals: [] };
  }
  if (w.dialogen) {
    const seg = segmentOf(p, w.dialogen.segment);
    return {
      refused: [],
      signals: [],
      dialogen: cycleFor(rulesOf(p, seg)).map((d) => ({ soort: d.soort, niveau: d.niveau, ...(d.frequentie ? { frequentie: d.frequentie } : {}) })),
    };
  }
  if (w.ontwikkelpartners) {
    const rules = w.ontwikkelpartners.segment ? rulesOf(p, segmentOf(p, w.ontwikkelpartners.segment)) : p.regels;
    const rule = rules.find((r): r is Extract<Regel, { type: 'ontwikkelpartners' }> => r.type === 'ontwikkelpartners' && r.id === t.regel);
    if (!rule) throw new RuleTestError(`regel ${t.regel} is geen ontwikkelpartners-regel`);
    try {
      const sel = selectDevelopmentPartners(
        rule,
        w.ontwikkelpartners.omzet.map((o) => ({ providerId: o.aanbieder, name: `aanbieder ${o.aanbieder}`, cents: Math.round(o.euro * 100) })),
        {
          segmentName: 'regeltest',
          period: today,
          ...(w.ontwikkelpartners.paretoAandeel !== undefined ? { paretoAandeel: w.ontwikkelpartners.paretoAandeel } : {}),
        },
      );
      return { refused: [], signals: [], ontwikkelpartners: [...sel.partners].sort((a, b) => a - b) };
    } catch (e) {
      if (e instanceof SelectionError) return { refused: [{ ruleId: rule.id, message: e.message }], signals: [] };
      throw e;
    }
  }
  if (w.verlenging) {
    const seg = segmentOf(p, w.verlenging.segment);
    const l = seg.looptijd;
    const options = isOpen(l) ? false : (l.verlengingen?.length ?? 0) > 0 || !!l.verlengingsoptie;
    return { refused: options ? [] : [{ ruleId: 'looptijd', message: 'de looptijd van dit segment kent geen verlengingsoptie' }], signals: [] };
  }
  // Access: a case on the date.
  if (!t.gegeven.casus) throw new RuleTestError('gegeven.casus ontbreekt voor een handeling op een casus');
  const s = buildCase(t.gegeven.casus, today);
  const set = ruleSet(p);
  if (w.werklijst) return hitsOut(caseSignals(applicableRules(set, s), s, { today, family: [] }));
  const action = accessAction(w, s, today);
  if (!action) throw new RuleTestError('de handeling kan niet op deze casus worden uitgevoerd');
  const contracten =
    w.toewijzing && t.gegeven.contracten
      ? t.gegeven.contracten
          .filter((c) => c.aanbieder === w.toewijzing!.aanbieder)
          .map((c) => ({ segmentId: c.segment, startDate: c.ingangsdatum, endDate: c.einddatum }))
      : undefined;
  return hitsOut(checkAction(applicableRules(set, s, action), s, action, { today, family: [], ...(contracten ? { contracten } : {}) }));
}

/** All rules of a profile by id (region and segments). */
export function allRules(p: RegionProfile): Regel[] {
  return [...p.regels, ...p.segmenten.flatMap((s) => s.regels)];
}

const LOOPTIJD = 'looptijd';
const LOOPTIJD_RULE: Regel = { id: LOOPTIJD, type: 'beschreven', soort: 'signaal', onderwerp: LOOPTIJD, bron: { seed: '-', sectie: '-' } };

/** Runs one test against the profile; a problem is a Dutch sentence saying what differs. */
export function runRegelTest(p: RegionProfile, t: RegelTest): RegelTestResult {
  const problems: string[] = [];
  // `regel: looptijd` names the contract term of the segment (not a rule) in an extension test.
  const rule = t.regel === LOOPTIJD && t.wanneer.verlenging ? LOOPTIJD_RULE : allRules(p).find((r) => r.id === t.regel);
  if (!rule) return { ok: false, problems: [`regel "${t.regel}" bestaat niet in het profiel`] };
  let out: Outcome;
  try {
    out = evaluate(p, t);
  } catch (e) {
    if (e instanceof RuleTestError) return { ok: false, problems: [e.message] };
    throw e;
  }
  const d = t.dan;
  const list = (xs: { ruleId: string }[]) => (xs.length ? xs.map((x) => x.ruleId).join(', ') : 'geen');
  if (d.toegestaan && out.refused.length > 0) problems.push(`verwacht: toegestaan; geweigerd door ${list(out.refused)}`);
  if (d.geweigerd) {
    const r = out.refused.find((x) => x.ruleId === d.geweigerd);
    if (!r) problems.push(`verwacht: geweigerd door ${d.geweigerd}; geweigerd door ${list(out.refused)}`);
    else if (rule.id === d.geweigerd && rule.bron.citaat && !r.message.includes(rule.bron.citaat) && !isProcurement(t)) {
      problems.push(`de weigering door ${d.geweigerd} noemt het citaat van de regel niet`);
    }
  }
  if (d.signaal) {
    const want = typeof d.signaal === 'string' ? { regel: d.signaal } : d.signaal;
    const hits = [...out.signals, ...out.refused].filter((x) => x.ruleId === want.regel);
    if (hits.length === 0) problems.push(`verwacht: signaal van ${want.regel}; signalen van ${list(out.signals)}`);
    else if (want.datum && !out.signals.some((x) => x.ruleId === want.regel && x.due === want.datum)) {
      problems.push(
        `verwacht: signaal van ${want.regel} op ${want.datum}; op ${out.signals
          .filter((x) => x.ruleId === want.regel)
          .map((x) => x.due ?? 'geen datum')
          .join(', ')}`,
      );
    }
  }
  if (d.geenSignaal && [...out.signals, ...out.refused].some((x) => x.ruleId === d.geenSignaal))
    problems.push(`verwacht: geen signaal van ${d.geenSignaal}, maar het is er`);
  if (d.voorwaarden) {
    const got = out.voorwaarden ?? [];
    for (const v of d.voorwaarden) if (!got.includes(v)) problems.push(`verwacht: contractvoorwaarde ${v}; het contract draagt ${got.join(', ') || 'geen'}`);
  }
  if (d.dialogen) {
    const got = out.dialogen ?? [];
    for (const v of d.dialogen)
      if (!got.some((g) => g.soort === v.soort && g.niveau === v.niveau && g.frequentie === v.frequentie))
        problems.push(
          `verwacht: dialoog ${v.soort} per ${v.niveau}${v.frequentie ? ` per ${v.frequentie}` : ''}; gevonden ${got.map((g) => `${g.soort}/${g.niveau}/${g.frequentie ?? '-'}`).join(', ') || 'geen'}`,
        );
  }
  if (d.ontwikkelpartners) {
    const got = out.ontwikkelpartners ?? [];
    const want = [...d.ontwikkelpartners].sort((a, b) => a - b);
    if (got.join(',') !== want.join(',')) problems.push(`verwacht: ontwikkelpartners ${want.join(', ')}; gekozen ${got.join(', ') || 'geen'}`);
  }
  return { ok: problems.length === 0, problems };
}

/** Procurement outcomes carry no citation in their message (they carry a source); only access hits quote. */
const isProcurement = (t: RegelTest) =>
  !!(
    t.wanneer.aanmelding ||
    t.wanneer.gunning ||
    t.wanneer.samenwerkingsverband ||
    t.wanneer.contractwijziging ||
    t.wanneer.ontwikkelpartners ||
    t.wanneer.verlenging
  );

/** Typed rules of a profile without any test naming them. */
export function untestedRules(p: RegionProfile, tests: readonly RegelTest[]): Regel[] {
  const tested = new Set(tests.map((t) => t.regel));
  return allRules(p).filter((r) => r.type !== 'beschreven' && !tested.has(r.id));
}
