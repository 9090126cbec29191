/**
 * The iJw state of one region over the database, for the stateful validation layer
 * (src/ijw/stateful.ts). Validation runs synchronously while a message streams, so everything a
 * message can ask is loaded up front, one query per kind, bounded by the message's provider:
 * - allocations: the `toewijzingen` in the case states of the cases that name the provider (in
 *   the addressed municipality), with the provider's AGB code and the youth's BSN;
 * - message identificaties: whether this sender already sent this Identificatie for this
 *   message type (TR056), from `ijw_messages` (received messages).
 * - ReferentieNummer (TR314) and DeclaratieNummer (TR333): declarations (JW323) are not stored
 *   yet, so no number counts as used; both answer false until the settlement module keeps them.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { cases, ijwMessages, providers, youths } from '../../db/schema.js';
import type { AllocationView, IjwState } from '../../ijw/stateful.js';
import { messageSchemas } from '../../ijw/xsd/compile.js';
import type { StoredCase } from './cases.js';

/** Where an allocation lives, for acting on a message after validation. */
export interface AllocationHome {
  caseId: number;
  municipalityCode: string;
  youthId: number;
}

export interface IjwStateNeeds {
  regionId: string;
  /** The provider the message is from (or to); bounds every query. */
  providerId: number;
  agbCode: string;
  /**
   * The addressed municipality (CBS code): ToewijzingNummers are the allocating municipality's, so
   * only its allocations can be started, stopped or declared in a message to it.
   */
  municipalityCode?: string;
  /** Header of the message: Afzender, message code ("JW305") and Identificatie, for TR056. */
  message?: { afzender: string; code: string; identificatie: string };
}

/** BerichtCode ("438") -> message code ("JW305"). */
function codeOfBerichtCode(berichtCode: string): string | undefined {
  for (const [code, schema] of messageSchemas()) if (schema.berichtCode === berichtCode) return code;
  return undefined;
}

/** A snapshot of the region's iJw state for one message. */
export class DbIjwState implements IjwState {
  private constructor(
    private readonly allocations: Map<string, AllocationView & { home: AllocationHome }>,
    private readonly seen: Set<string>,
  ) {}

  /** Loads the state one message of `needs.providerId` can ask about. */
  static async load(db: Tx, needs: IjwStateNeeds): Promise<DbIjwState> {
    const rows = await db
      .select({ caseId: cases.id, state: cases.state, municipalityCode: cases.municipalityCode, youthId: cases.youthId, bsn: youths.bsn })
      .from(cases)
      .innerJoin(youths, eq(youths.id, cases.youthId))
      .where(
        and(
          eq(cases.regionId, needs.regionId),
          sql`${needs.providerId} = any(${cases.providerIds})`,
          ...(needs.municipalityCode ? [eq(cases.municipalityCode, needs.municipalityCode)] : []),
        ),
      );
    const allocations = new Map<string, AllocationView & { home: AllocationHome }>();
    for (const r of rows) {
      for (const t of (r.state as StoredCase).toewijzingen) {
        if (t.providerId !== needs.providerId) continue;
        allocations.set(String(t.nummer), {
          toewijzingNummer: String(t.nummer),
          bsn: r.bsn,
          aanbieder: needs.agbCode,
          productCategorie: t.productCategorie,
          ...(t.productCode ? { productCode: t.productCode } : {}),
          ingangsdatum: t.ingangsdatum,
          einddatum: t.einddatum,
          ...(t.omvang ? { omvang: t.omvang } : {}),
          ...(t.budgetCents !== undefined ? { budgetCents: t.budgetCents } : {}),
          ...(t.redenWijziging ? { redenWijziging: t.redenWijziging } : {}),
          home: { caseId: r.caseId, municipalityCode: r.municipalityCode, youthId: r.youthId },
        });
      }
    }
    const seen = new Set<string>();
    if (needs.message) {
      const m = needs.message;
      const [hit] = await db
        .select({ id: ijwMessages.id })
        .from(ijwMessages)
        .where(
          and(
            eq(ijwMessages.regionId, needs.regionId),
            eq(ijwMessages.direction, 'in'),
            eq(ijwMessages.afzender, m.afzender),
            eq(ijwMessages.code, m.code),
            eq(ijwMessages.identificatie, m.identificatie),
          ),
        )
        .limit(1);
      if (hit) seen.add(`${m.afzender}|${m.code}|${m.identificatie}`);
    }
    return new DbIjwState(allocations, seen);
  }

  allocation(toewijzingNummer: string): AllocationView | undefined {
    const a = this.allocations.get(toewijzingNummer);
    if (!a) return undefined;
    const { home: _home, ...view } = a;
    return view;
  }

  /** The case holding an allocation of this provider. */
  home(toewijzingNummer: string): AllocationHome | undefined {
    return this.allocations.get(toewijzingNummer)?.home;
  }

  messageIdentificatieSeen(afzender: string, berichtCode: string, identificatie: string): boolean {
    const code = codeOfBerichtCode(berichtCode) ?? berichtCode;
    return this.seen.has(`${afzender}|${code}|${identificatie}`);
  }

  /** Declarations are not stored yet: no ReferentieNummer counts as used. */
  referentieNummerUsed(_aanbieder: string, _referentieNummer: string): boolean {
    return false;
  }

  /** Declarations are not stored yet: no DeclaratieNummer counts as used. */
  declaratieNummerUsed(_aanbieder: string, _declaratieNummer: string): boolean {
    return false;
  }
}

/** The provider of a region with this AGB code. */
export async function providerByAgb(db: Tx, regionId: string, agbCode: string) {
  const [p] = await db
    .select()
    .from(providers)
    .where(and(eq(providers.regionId, regionId), eq(providers.agbCode, agbCode)));
  return p;
}
