/**
 * The outgoing allocation message (JW301): composed for one client and one provider (OP087) from
 * the case states, validated before it is stored (an invalid message is never sent: 422).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { caseEvents, cases, families, providers, youths } from '../../db/schema.js';
import type { UserScope } from '../../domain/access/roles.js';
import type { RegionProfile } from '../../domain/landscape/profile-schema.js';
import { dutchDate } from '../../domain/dates.js';
import { buildJw301, type Jw301Product } from '../../ijw/build/jw301.js';
import { AppError, NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { Conflict, type StoredCase } from './cases.js';
import { build, newIdentificatie, requireMunicipality, storeOutgoing, validateOutgoing, variantOf, type SentMessage } from './ijw-common.js';

// ------------------------------------------------------------------------------------------------
// Outgoing allocation message

interface ComposeInput {
  regionId: string;
  gemeente: string;
  youthId: number;
  provider: { id: number; agbCode: string };
  /**
   * Allocations that must be in the message (the reason it is sent), with their ReferentieAanbieder
   * and, for a changed or removed one, its RedenWijziging (IV099: only when it changed since it was last sent).
   */
  explicit: Map<number, { referentieAanbieder?: string; redenWijziging?: string }>;
  /** ReferentieAanbieder for every other allocation in the message (JW317 answer, IV093). */
  referentieVoorAlle?: string;
  profile: RegionProfile;
  now: Date;
}

/**
 * Composes the JW301 (composeJw301), stores it as sent on the municipality's initiative and puts
 * it on the case's timeline with the caller's text (which says why it was sent).
 */
export async function sendJw301(
  tx: Tx,
  c: ComposeInput & { caseId: number; byUser: string; provider: { name: string } },
  eventText: (nummers: number[]) => string,
): Promise<SentMessage> {
  const built = await composeJw301(tx, c);
  const id = await storeOutgoing(tx, {
    regionId: c.regionId,
    code: 'JW301',
    gemeente: c.gemeente,
    agb: c.provider.agbCode,
    identificatie: built.identificatie,
    xml: built.xml,
    now: c.now,
    caseId: c.caseId,
    answersId: null,
    verdict: { toewijzingNummers: built.nummers, initiatief: 'gemeente' },
  });
  await tx.insert(caseEvents).values({ caseId: c.caseId, at: c.now, type: 'ijw-JW301', byUser: c.byUser, text: eventText(built.nummers) });
  return { id, code: 'JW301', identificatie: built.identificatie, xml: built.xml, toewijzingNummers: built.nummers };
}

/**
 * The JW301 for one client and one provider (OP087): the explicit allocations plus every other
 * allocation of the client at that provider in this municipality valid on or after today.
 * Allocations of taakgericht segments are not iJw allocations and are left out, and so are removed
 * ones (RedenWijziging 13: not current, OP087) unless the message reports their removal.
 */
export async function composeJw301(tx: Tx, c: ComposeInput): Promise<{ xml: string; identificatie: string; nummers: number[]; caseIds: number[] }> {
  const today = dutchDate(c.now);
  const [youth] = await tx
    .select()
    .from(youths)
    .where(and(eq(youths.id, c.youthId), eq(youths.regionId, c.regionId)));
  if (!youth) throw new NotFound(`jeugdige ${c.youthId} niet gevonden`);
  const [family] = await tx.select().from(families).where(eq(families.id, youth.familyId));
  if (!family?.postcode || family.huisnummer === null || !family.plaatsnaam) {
    throw new AppError(
      422,
      'Geen BRP-adres',
      'het gezin van de jeugdige heeft geen BRP-adres (straat, huisnummer, postcode, woonplaats); een toewijzingsbericht (JW301) vraagt dat adres (TR061, CD034). Leg het adres vast bij de hulpvraag.',
    );
  }
  const caseRows = await tx
    .select({ id: cases.id, state: cases.state })
    .from(cases)
    .where(and(eq(cases.regionId, c.regionId), eq(cases.youthId, youth.id), eq(cases.municipalityCode, c.gemeente)));
  const selected: { caseId: number; t: StoredCase['toewijzingen'][number] }[] = [];
  for (const r of caseRows) {
    for (const t of (r.state as StoredCase).toewijzingen) {
      if (t.providerId !== c.provider.id) continue;
      const explicit = c.explicit.has(t.nummer);
      if (!explicit && (t.einddatum < today || t.status === 'ingetrokken' || variantOf(c.profile, t.segmentId) === 'taakgericht')) continue;
      selected.push({ caseId: r.id, t });
    }
  }
  for (const n of c.explicit.keys())
    if (!selected.some((s) => s.t.nummer === n)) throw new NotFound(`toewijzing ${n} niet gevonden voor deze jeugdige en aanbieder`);
  // IV013: Toewijzingsdatum/-tijd = when the allocation was established: its latest change, else its event on the case timeline.
  const caseIds = [...new Set(selected.map((s) => s.caseId))];
  const events =
    caseIds.length === 0
      ? []
      : await tx
          .select({ at: caseEvents.at, text: caseEvents.text })
          .from(caseEvents)
          .where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.type, 'toewijzing')));
  const established = (t: StoredCase['toewijzingen'][number]) =>
    t.vastgesteldOp ? new Date(t.vastgesteldOp) : (events.find((e) => e.text.startsWith(`Toewijzing ${t.nummer}:`))?.at ?? c.now);
  const producten: Jw301Product[] = selected
    .sort((a, b) => a.t.nummer - b.t.nummer)
    .map(({ t }) => {
      const ref = c.explicit.get(t.nummer)?.referentieAanbieder ?? c.referentieVoorAlle;
      const reden = c.explicit.get(t.nummer)?.redenWijziging;
      return {
        toewijzing: t,
        vastgesteld: established(t),
        ...(ref ? { referentieAanbieder: ref } : {}),
        ...(reden ? { redenWijziging: reden as Jw301Product['redenWijziging'] } : {}),
        ...(variantOf(c.profile, t.segmentId) ? { uitvoeringsvariant: variantOf(c.profile, t.segmentId) } : {}),
      };
    });
  const identificatie = newIdentificatie();
  const xml = build(() =>
    buildJw301({
      gemeente: c.gemeente,
      aanbieder: c.provider.agbCode,
      identificatie,
      dagtekening: today,
      client: {
        bsn: youth.bsn,
        geboortedatum: youth.birthDate,
        geslacht: youth.gender as '0' | '1' | '2',
        voornamen: youth.givenName,
        achternaam: youth.familyName,
      },
      adres: {
        straatnaam: family?.straatnaam ?? null,
        huisnummer: family?.huisnummer ?? null,
        huisletter: family?.huisletter ?? null,
        huisnummertoevoeging: family?.huisnummertoevoeging ?? null,
        postcode: family?.postcode ?? null,
        plaatsnaam: family?.plaatsnaam ?? null,
      },
      producten,
    }),
  );
  await validateOutgoing('JW301', xml, today);
  return { xml, identificatie, nummers: selected.map((s) => s.t.nummer), caseIds };
}

/**
 * Builds and stores the JW301 for an allocation the municipality made on its own initiative (the
 * `toewijzing` command): no ReferentieAanbieder (IV097); the message also carries the client's
 * other current allocations at that provider (OP087). Role gemeente, own municipality.
 */
export async function sendAllocation(db: Db, user: UserScope, regionId: string, caseId: number, nummer: number, now: Date): Promise<SentMessage> {
  const gemeente = requireMunicipality(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(cases)
      .where(and(eq(cases.id, caseId), eq(cases.regionId, regionId), eq(cases.municipalityCode, gemeente)));
    if (!row) throw new NotFound(`casus ${caseId} niet gevonden binnen uw bevoegdheid`);
    const t = (row.state as StoredCase).toewijzingen.find((x) => x.nummer === nummer);
    if (!t) throw new NotFound(`toewijzing ${nummer} hoort niet bij casus ${caseId}`);
    if (variantOf(profile, t.segmentId) === 'taakgericht')
      throw new Conflict(`segment ${t.segmentId} is taakgericht: die hulp wordt niet met een toewijzingsbericht (JW301) toegewezen (OP086)`);
    if (t.status === 'ingetrokken') throw new Conflict(`toewijzing ${nummer} is verwijderd (reden 13); het bericht daarover is al verstuurd`);
    const [p] = await tx
      .select()
      .from(providers)
      .where(and(eq(providers.id, t.providerId), eq(providers.regionId, regionId)));
    if (!p) throw new NotFound(`aanbieder ${t.providerId} niet gevonden`);
    return sendJw301(
      tx,
      { regionId, gemeente, youthId: row.youthId, provider: p, explicit: new Map([[nummer, {}]]), profile, now, caseId, byUser: user.username },
      (nummers) => `Toewijzingsbericht (JW301) verstuurd aan ${p.name} voor toewijzing ${nummers.join(', ')}`,
    );
  });
}
