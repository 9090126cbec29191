/**
 * The case side of answering a request: allocating a requested product (JW315, or a NieuwProduct of
 * a JW317) and honouring the changes of a JW317 (TeWijzigenProduct) on the case, through the case
 * commands so the region's rules and the transitions apply (iJw IV093, OP033x1, OP257, OP380).
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { cases } from '../../db/schema.js';
import { REDEN_OP_VERZOEK, type AllocationChange } from '../../domain/access/allocation-change.js';
import type { UserScope } from '../../domain/access/roles.js';
import type { RegionProfile } from '../../domain/landscape/profile-schema.js';
import { addDays } from '../../domain/dates.js';
import type { JW317 } from '../../ijw/generated/messages.js';
import { BadInput, NotFound } from '../errors.js';
import { applyCaseCommand, Conflict, type StoredCase } from './cases.js';
import { variantOf } from './ijw-common.js';

/** The decision to allocate a requested product (one variant of ProductBesluit in requests.ts). */
export interface ToewijzenBesluit {
  referentieAanbieder: string;
  besluit: 'toewijzen';
  /** Segment of the allocation; derived from the case's referrals and the product when absent. */
  segmentId?: string;
  /** Existing decision to allocate under; a new beschikking is made when absent and none covers the period. */
  beschikkingId?: number;
  /** Who took the decision (access rules may ask for e.g. "slt"); default "gemeente". */
  besluitDoor?: string;
  /** IV094: the municipality may allocate other dates or volume than requested. */
  ingangsdatum?: string;
  einddatum?: string;
  productCode?: string;
  omvang?: { volume: number; eenheid: string; frequentie: string };
  budgetCents?: number;
}

export interface WantedAllocation {
  categorie?: string;
  code?: string;
  ingangsdatum: string;
  einddatum?: string;
  beschikkingIngangsdatum?: string;
  omvang?: { volume: number; eenheid: string; frequentie: string };
  budgetCents?: number;
}

/** Makes the allocation of one requested product on the case: a beschikking when none covers it, then the toewijzing. */
export async function allocate(
  tx: Tx,
  user: UserScope,
  regionId: string,
  caseId: number,
  providerId: number,
  profile: RegionProfile,
  want: WantedAllocation,
  d: ToewijzenBesluit,
  now: Date,
): Promise<number> {
  const [row] = await tx
    .select({ state: cases.state })
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.regionId, regionId)));
  if (!row) throw new NotFound(`casus ${caseId} niet gevonden`);
  const state = row.state as StoredCase;
  const categorie = want.categorie;
  if (!categorie)
    throw new BadInput('een generiek verzoek (budget zonder product) kan niet worden toegewezen: een toewijzing in een casus noemt een productcategorie');
  const code = d.productCode ?? want.code;
  const ingangsdatum = d.ingangsdatum ?? want.ingangsdatum;
  const einddatum = d.einddatum ?? want.einddatum;
  if (!einddatum) throw new BadInput(`product ${d.referentieAanbieder} heeft geen einddatum: geef een einddatum op`);
  let segmentId = d.segmentId;
  if (!segmentId) {
    const referred = new Set(state.verwijzingen.map((v) => v.segmentId));
    const candidates = profile.segmenten.filter(
      (s) => referred.has(s.id) && (s.producten.length === 0 || s.producten.some((x) => x.categorie === categorie && (!x.code || !code || x.code === code))),
    );
    if (candidates.length !== 1) {
      throw new BadInput(
        candidates.length === 0
          ? `casus ${caseId} heeft geen verwijzing naar een segment met productcategorie ${categorie}: het lokale team legt eerst de verwijzing vast, of geef het segment op`
          : `productcategorie ${categorie} past bij meerdere segmenten waarnaar verwezen is (${candidates.map((s) => s.id).join(', ')}): geef het segment op`,
      );
    }
    segmentId = candidates[0]!.id;
  }
  if (!profile.segmenten.some((s) => s.id === segmentId)) throw new BadInput(`onbekend segment "${segmentId}"`);
  if (variantOf(profile, segmentId) === 'taakgericht')
    throw new Conflict(`segment ${segmentId} is taakgericht: die hulp wordt niet met een JW301 toegewezen (OP086); beantwoord het verzoek met een reden`);
  let beschikkingId =
    d.beschikkingId ?? state.beschikkingen.filter((b) => b.segmentId === segmentId && b.ingangsdatum <= ingangsdatum && b.einddatum >= einddatum).at(-1)?.id;
  if (beschikkingId === undefined) {
    const verwijzing = state.verwijzingen.filter((v) => v.segmentId === segmentId).at(-1);
    if (!verwijzing) throw new BadInput(`casus ${caseId} heeft geen verwijzing naar segment ${segmentId}: het lokale team legt eerst de verwijzing vast`);
    const start = want.beschikkingIngangsdatum && want.beschikkingIngangsdatum <= ingangsdatum ? want.beschikkingIngangsdatum : ingangsdatum;
    const after = await applyCaseCommand(
      tx,
      user,
      regionId,
      caseId,
      {
        type: 'beschikking',
        beschikking: { verwijzingId: verwijzing.id, segmentId, ingangsdatum: start, einddatum, besluitDoor: d.besluitDoor ?? 'gemeente' },
      },
      now,
      undefined,
      { onProviderRequest: true },
    );
    beschikkingId = after.state.beschikkingen.at(-1)!.id;
  }
  const omvang = d.omvang ?? want.omvang;
  const budgetCents = d.budgetCents ?? want.budgetCents;
  const after = await applyCaseCommand(
    tx,
    user,
    regionId,
    caseId,
    {
      type: 'toewijzing',
      toewijzing: {
        beschikkingId,
        segmentId,
        providerId,
        productCategorie: categorie,
        ...(code ? { productCode: code } : {}),
        ingangsdatum,
        einddatum,
        ...(omvang ? { omvang } : {}),
        ...(budgetCents !== undefined ? { budgetCents } : {}),
      },
    },
    now,
  );
  return after.state.toewijzingen.at(-1)!.nummer;
}

export const omvangOf = (o: { Volume: string; Eenheid: string; Frequentie: string } | undefined) =>
  o ? { volume: Number(o.Volume), eenheid: o.Eenheid, frequentie: o.Frequentie } : undefined;

type TeWijzigenProduct = NonNullable<JW317['Client']['Verzoek']['TeWijzigenProducten']>['TeWijzigenProduct'][number];

/**
 * Honours the TeWijzigenProducten of a JW317 on the case (IV093): each becomes a change of the
 * current allocation with RedenWijziging 12 (geïnitieerd door de aanbieder) and the same
 * ToewijzingNummer when only the end date, the budget or a total volume changes (OP033x1, OP380);
 * any other change of extent ends the allocation the day before the GewensteIngangsdatum and
 * allocates the new extent from that day with a new number (OP257). An absent Einddatum keeps the
 * current end date (allocations in a case always end). Returns the numbers of the changed
 * allocations and of those the changes created.
 */
export async function honourChanges(
  tx: Tx,
  user: UserScope,
  regionId: string,
  caseId: number,
  providerId: number,
  products: readonly TeWijzigenProduct[],
  now: Date,
): Promise<{ changed: number[]; created: number[] }> {
  const changed: number[] = [];
  const created: number[] = [];
  for (const p of products) {
    const nummer = Number(p.ToewijzingNummer);
    const [row] = await tx
      .select({ state: cases.state })
      .from(cases)
      .where(and(eq(cases.id, caseId), eq(cases.regionId, regionId)));
    if (!row) throw new NotFound(`casus ${caseId} niet gevonden`);
    const before = row.state as StoredCase;
    const t = before.toewijzingen.find((x) => x.nummer === nummer);
    if (!t || t.providerId !== providerId) throw new Conflict(`toewijzing ${p.ToewijzingNummer} uit het verzoek hoort niet bij deze casus en aanbieder`);
    const omvang = omvangOf(p.Omvang);
    const wijziging: AllocationChange = {
      nummer,
      redenWijziging: REDEN_OP_VERZOEK,
      initiatief: 'aanbieder',
      einddatum: p.Einddatum ?? t.einddatum,
      ...(omvang ? { omvang } : {}),
      ...(p.Budget !== undefined ? { budgetCents: Number(p.Budget) } : {}),
      ...(p.GewensteIngangsdatum > t.ingangsdatum ? { wijzigingsdatum: p.GewensteIngangsdatum } : {}),
    };
    // The longer period may need a decision first: one from the referral that continues the current decision.
    const own = before.beschikkingen.find((b) => b.id === t.beschikkingId);
    if (
      own &&
      wijziging.einddatum! > own.einddatum &&
      !before.beschikkingen.some((b) => b.segmentId === t.segmentId && b.einddatum >= wijziging.einddatum! && b.ingangsdatum <= addDays(own.einddatum, 1))
    ) {
      await applyCaseCommand(
        tx,
        user,
        regionId,
        caseId,
        {
          type: 'beschikking',
          beschikking: {
            verwijzingId: own.verwijzingId,
            segmentId: t.segmentId,
            ingangsdatum: addDays(own.einddatum, 1),
            einddatum: wijziging.einddatum!,
            besluitDoor: own.besluitDoor,
          },
        },
        now,
      );
    }
    const after = await applyCaseCommand(tx, user, regionId, caseId, { type: 'toewijzing-wijzigen', wijziging }, now);
    changed.push(nummer);
    created.push(...after.state.toewijzingen.filter((x) => !before.toewijzingen.some((b) => b.nummer === x.nummer)).map((x) => x.nummer));
  }
  return { changed, created };
}
