/**
 * Outcome registration (issue #12, national outcome set): the provider of an ended allocation
 * (own allocations only) or the local team of the youth's municipality records, per informant,
 * tevredenheid, zonder hulp verder and doelrealisatie. One transaction: the measurement and its
 * KPI facts (kept on write).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { allocationOutcomes, allocations } from '../../db/schema.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { dutchDate } from '../../domain/dates.js';
import { INFORMANT_LABELS, OutcomeInput, outcomeProblem } from '../../domain/steering/outcome.js';
import { AppError, BadInput, Forbidden, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { addOutcomeFacts } from './facts-store.js';

export interface OutcomeView {
  toewijzingNummer: number;
  informant: string;
  informantLabel: string;
  gemetenOp: string;
  tevredenheid: number | null;
  zonderHulpVerder: string | null;
  doelrealisatiePct: number | null;
  /** The cluster of result areas of the goal (profile `resultaatclusters`), when named. */
  resultaatcluster: string | null;
}

const ROLES_THAT_RECORD = new Set(['aanbieder', 'toegang']);

export async function registerOutcome(db: Db, user: UserScope, regionId: string, nummer: number, body: unknown, now: Date): Promise<OutcomeView> {
  const parsed = OutcomeInput.safeParse(body);
  if (!parsed.success) throw new BadInput(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
  const input = parsed.data;
  const scope = dataScope(user, regionId);
  if (scope.kind === 'none') throw new NotFound(`toewijzing ${nummer} niet gevonden binnen uw bevoegdheid`);
  if (!ROLES_THAT_RECORD.has(user.role)) throw new Forbidden('alleen de aanbieder van de toewijzing of het lokale team legt een uitkomst vast');
  const today = dutchDate(now);
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(allocations)
      .where(and(eq(allocations.regionId, regionId), eq(allocations.toewijzingNummer, nummer)))
      .for('update');
    const visible =
      a &&
      (scope.kind === 'provider' ? a.providerId === scope.providerId : scope.kind === 'municipality' ? a.municipalityCode === scope.municipalityCode : false);
    if (!a || !visible) throw new NotFound(`toewijzing ${nummer} niet gevonden binnen uw bevoegdheid`);
    const problem = outcomeProblem(a, input, today, profile.resultaatclusters);
    if (problem) throw new AppError(422, 'Uitkomst niet mogelijk', problem);
    const [existing] = await tx
      .select({ id: allocationOutcomes.id })
      .from(allocationOutcomes)
      .where(
        and(eq(allocationOutcomes.regionId, regionId), eq(allocationOutcomes.toewijzingNummer, nummer), eq(allocationOutcomes.informant, input.informant)),
      );
    if (existing)
      throw new AppError(
        409,
        'Conflict',
        `voor toewijzing ${nummer} is al een meting van ${INFORMANT_LABELS[input.informant].toLowerCase()} vastgelegd (per informant één meting)`,
      );
    const [row] = await tx
      .insert(allocationOutcomes)
      .values({
        regionId,
        allocationId: a.id,
        toewijzingNummer: nummer,
        informant: input.informant,
        gemetenOp: input.gemetenOp,
        tevredenheid: input.tevredenheid ?? null,
        zonderHulpVerder: input.zonderHulpVerder ?? null,
        doelrealisatiePct: input.doelrealisatiePct ?? null,
        resultaatcluster: input.resultaatcluster ?? null,
        recordedBy: user.username,
        recordedRole: user.role,
      })
      .returning();
    await addOutcomeFacts(tx, regionId, [row!]);
    return view(row!);
  });
}

export function view(r: typeof allocationOutcomes.$inferSelect): OutcomeView {
  return {
    toewijzingNummer: r.toewijzingNummer,
    informant: r.informant,
    informantLabel: INFORMANT_LABELS[r.informant as keyof typeof INFORMANT_LABELS] ?? r.informant,
    gemetenOp: r.gemetenOp,
    tevredenheid: r.tevredenheid,
    zonderHulpVerder: r.zonderHulpVerder,
    doelrealisatiePct: r.doelrealisatiePct,
    resultaatcluster: r.resultaatcluster,
  };
}

/** The outcomes recorded for an allocation, in the same scope as recording. */
export async function listOutcomes(db: Db, user: UserScope, regionId: string, nummer: number): Promise<OutcomeView[]> {
  const scope = dataScope(user, regionId);
  if (scope.kind === 'none') throw new NotFound(`toewijzing ${nummer} niet gevonden binnen uw bevoegdheid`);
  const [a] = await db
    .select()
    .from(allocations)
    .where(and(eq(allocations.regionId, regionId), eq(allocations.toewijzingNummer, nummer)));
  const visible =
    a &&
    (scope.kind === 'provider' ? a.providerId === scope.providerId : scope.kind === 'municipality' ? a.municipalityCode === scope.municipalityCode : false);
  if (!a || !visible) throw new NotFound(`toewijzing ${nummer} niet gevonden binnen uw bevoegdheid`);
  return (
    await db
      .select()
      .from(allocationOutcomes)
      .where(and(eq(allocationOutcomes.regionId, regionId), eq(allocationOutcomes.toewijzingNummer, nummer)))
  ).map(view);
}
