/**
 * Registering a help request (hulpvraag) in the professional's municipality: the youth, the family
 * with its BRP address (needed for any later allocation message, TR061) and the case, in one
 * transaction. An external referral (huisarts, jeugdarts, GI, medisch specialist, rechter; iJw
 * COD327) can come with it: it is recorded on the new case before any triage, through the same
 * `verwijzing` command and rules as a later referral (the region's verwijzing-via-toegang rule
 * flags it under its protocol, seed 003 §4.3).
 */
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { caseEvents, cases, families, youths } from '../../db/schema.js';
import { isExterneVerwijzer, newCase, type CaseState, type Verwijzing } from '../../domain/access/case.js';
import { applicableRules, checkAction, type RuleHit } from '../../domain/access/access-rules.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { validateBrpAdres, type BrpAdres } from '../../domain/people/address.js';
import { isValidBsn } from '../../domain/people/bsn.js';
import { dutchDate, isCalendarDate } from '../../domain/dates.js';
import { BadInput, FieldRefused, Forbidden, NotFound } from '../errors.js';
import { guardBirthDate, guardReferral } from '../../domain/access/input-guards.js';
import { loadRegionProfile } from '../landscape.js';
import { jeugdigeHoogsteLeeftijd } from '../law/law-store.js';
import { pseudonymise } from '../pseudonym.js';
import { accessRuleSet, Conflict, RuleBlocked, view, type CaseView, type StoredCase } from './case-store.js';
import { applyCaseCommand } from './cases.js';

export interface HelpRequestInput {
  youth: { bsn: string; givenName: string; familyName: string; birthDate: string; gender: '0' | '1' | '2' } | { youthId: number };
  /** Existing family of the youth; when absent a family is created in the user's municipality. */
  familyId?: number;
  areaId?: string;
  hulpvraag: string;
  crisis: boolean;
  regievoerder?: string;
  /** The family's BRP address; replaces the one on record (the BRP is leading). */
  adres?: { straat: string; huisnummer: number; huisletter?: string; toevoeging?: string; postcode: string; woonplaats: string };
  /** A referral by an external referrer, recorded on the new case before triage. */
  verwijzing?: Omit<Verwijzing, 'id'>;
}

const addressColumns = (a: BrpAdres) => ({
  straatnaam: a.straat,
  huisnummer: a.huisnummer,
  huisletter: a.huisletter ?? null,
  huisnummertoevoeging: a.toevoeging ?? null,
  postcode: a.postcode,
  plaatsnaam: a.woonplaats,
});

/** Registers a help request; with an external referral the case is referred at once (201 with the referral's signals as `hits`). */
export async function registerHelpRequest(
  db: Db,
  user: UserScope,
  regionId: string,
  input: HelpRequestInput,
  now: Date,
): Promise<CaseView & { hits: RuleHit[] }> {
  if (user.role !== 'toegang') throw new Forbidden('alleen het lokale team (toegang) registreert hulpvragen');
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'municipality') throw new Forbidden('uw account hoort niet bij een gemeente van deze regio');
  const profile = await loadRegionProfile(db, regionId);
  if (input.areaId && !profile.gebieden.some((g) => g.id === input.areaId && g.gemeenten.includes(scope.municipalityCode))) {
    throw new BadInput(`gebied "${input.areaId}" bedient gemeente ${scope.municipalityCode} niet`);
  }
  if (!input.hulpvraag.trim()) throw new BadInput('beschrijf de hulpvraag');
  let adres: BrpAdres | undefined;
  if (input.adres) {
    const checked = validateBrpAdres(input.adres);
    if ('errors' in checked) throw new FieldRefused(Object.entries(checked.errors).map(([field, message]) => ({ field: `adres.${field}`, message: message! })));
    adres = checked.adres;
  }
  const v = input.verwijzing;
  if (v) {
    if (!isExterneVerwijzer(v.verwijzer))
      throw new BadInput(
        `bij de aanmelding wordt alleen een verwijzing door een externe verwijzer vastgelegd (COD327 02, 03, 04, 05, 08), niet ${v.verwijzer}; het lokale team verwijst na de triage`,
      );
    if (!profile.segmenten.some((s) => s.id === v.segmentId)) throw new BadInput(`onbekend taakgebied of segment "${v.segmentId}"`);
    if (!isCalendarDate(v.datum)) throw new BadInput('de datum van de verwijzing is een datum (JJJJ-MM-DD)');
  }
  const guards = [
    ...(v ? guardReferral(v, dutchDate(now)) : []),
    ...('birthDate' in input.youth && isCalendarDate(input.youth.birthDate)
      ? guardBirthDate(
          input.youth.birthDate,
          dutchDate(now),
          [...profile.regels, ...profile.segmenten.flatMap((x) => x.regels)],
          jeugdigeHoogsteLeeftijd(dutchDate(now)),
        )
      : []),
  ];
  if (guards.length > 0) throw new FieldRefused(guards);
  const rules = accessRuleSet(profile);
  const today = dutchDate(now);
  return db.transaction(async (tx) => {
    const { youthId, familyId, birthDate } = await youthAndFamily(tx, regionId, scope.municipalityCode, input, adres);
    const state: StoredCase = {
      ...newCase({
        hulpvraag: input.hulpvraag,
        aangemeldOp: now.toISOString(),
        crisis: input.crisis,
        geboortedatum: birthDate,
        regievoerder: input.regievoerder,
      }),
      afgehandeld: [],
    };
    if (input.regievoerder) {
      // One regievoerder per family (seed 003 §5.1): the same check as a later regie command.
      const family = (await tx.select({ state: cases.state }).from(cases).where(eq(cases.familyId, familyId))).map((r) => r.state as CaseState);
      const action = { kind: 'regie' as const, regievoerder: input.regievoerder };
      const blocking = checkAction(applicableRules(rules, state, action), state, action, { today, family }).filter((h) => h.severity === 'blocking');
      if (blocking.length > 0) throw new RuleBlocked(blocking);
    }
    const [c] = await tx
      .insert(cases)
      .values({
        regionId,
        familyId,
        youthId,
        municipalityCode: scope.municipalityCode,
        areaId: input.areaId ?? null,
        status: state.status,
        regievoerder: state.regievoerder ?? null,
        crisis: state.crisis,
        state,
        openedAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(caseEvents).values({
      caseId: c!.id,
      at: now,
      type: 'hulpvraag',
      byUser: user.username,
      text: `Hulpvraag geregistreerd${input.crisis ? ' (crisis)' : ''}${adres ? ', met BRP-adres' : ''}`,
    });
    if (v) return applyCaseCommand(tx, user, regionId, c!.id, { type: 'verwijzing', verwijzing: v }, now);
    return { ...view(c!, rules, [], today, user), hits: [] };
  });
}

/** The youth (existing, or new with its family) of a help request; the family's address is set when one is given. */
async function youthAndFamily(tx: Tx, regionId: string, municipalityCode: string, input: HelpRequestInput, adres: BrpAdres | undefined) {
  if ('youthId' in input.youth) {
    const [y] = await tx
      .select()
      .from(youths)
      .where(and(eq(youths.id, input.youth.youthId), eq(youths.regionId, regionId), eq(youths.municipalityCode, municipalityCode)));
    if (!y) throw new NotFound(`jeugdige ${input.youth.youthId} niet gevonden binnen uw gemeente`);
    if (adres) await tx.update(families).set(addressColumns(adres)).where(eq(families.id, y.familyId));
    return { youthId: y.id, familyId: y.familyId, birthDate: y.birthDate };
  }
  const y = input.youth;
  if (!isValidBsn(y.bsn)) throw new BadInput('het BSN voldoet niet aan de elfproef (11-check)');
  if (!isCalendarDate(y.birthDate)) throw new BadInput('de geboortedatum is een datum (JJJJ-MM-DD)');
  let familyId: number;
  if (input.familyId) {
    const [f] = await tx
      .select()
      .from(families)
      .where(and(eq(families.id, input.familyId), eq(families.regionId, regionId), eq(families.municipalityCode, municipalityCode)));
    if (!f) throw new NotFound(`gezin ${input.familyId} niet gevonden binnen uw gemeente`);
    familyId = f.id;
    if (adres) await tx.update(families).set(addressColumns(adres)).where(eq(families.id, f.id));
  } else {
    const [f] = await tx
      .insert(families)
      .values({ regionId, municipalityCode, areaId: input.areaId ?? null, ...(adres ? addressColumns(adres) : {}) })
      .returning({ id: families.id });
    familyId = f!.id;
  }
  // Only this municipality's records are looked at: a youth known to another municipality of the
  // region gets its own record here, exactly as a youth nobody knows, so the answer never reveals
  // that another municipality knows the child (issue #10). Each municipality is the controller of
  // its own youth-care records; the region links them only through the pseudonym.
  const [existing] = await tx
    .select({ id: youths.id })
    .from(youths)
    .where(and(eq(youths.regionId, regionId), eq(youths.municipalityCode, municipalityCode), eq(youths.bsn, y.bsn)));
  if (existing)
    throw new Conflict(
      'dit BSN kan niet als nieuwe jeugdige worden geregistreerd; zoek de jeugdige in uw werklijst of neem contact op met functioneel beheer van de regio',
    );
  const [row] = await tx
    .insert(youths)
    .values({
      regionId,
      familyId,
      bsn: y.bsn,
      pseudonym: pseudonymise(y.bsn),
      givenName: y.givenName,
      familyName: y.familyName,
      birthDate: y.birthDate,
      gender: y.gender,
      municipalityCode,
      areaId: input.areaId ?? null,
    })
    .returning({ id: youths.id });
  return { youthId: row!.id, familyId, birthDate: y.birthDate };
}
