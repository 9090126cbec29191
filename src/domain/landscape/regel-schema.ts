/**
 * The region profile's rules (regels): access, funding and procurement rules, each of a type with
 * its own fields and a bron. Part of the profile schema (profile-schema.ts re-exports it).
 */
import { z } from 'zod';
import { Bron, Cents, Id, IsoDate } from './profile-schema-common.js';

const RegelBasis = {
  id: Id,
  soort: z.enum(['blokkerend', 'signaal']),
  omschrijving: z.string().optional(),
  bron: Bron,
};
/** Region model rules evaluated by the landscape rule engine (profile-rules.ts). Later modules add kinds. */
export const Regel = z.discriminatedUnion('type', [
  /** The named lots must be awarded to different parties (seed 003 §5.3.3). */
  z.object({ ...RegelBasis, type: z.literal('percelen-verschillend'), percelen: z.array(Id).min(2) }).strict(),
  /** At most N contract partners per lot (seed 003 §5.3.3: one partner per lot). */
  z.object({ ...RegelBasis, type: z.literal('partners-per-perceel'), max: z.number().int().positive() }).strict(),
  /** A consortium must contain at least one party of each listed kind (seed 003 SLT). */
  z.object({ ...RegelBasis, type: z.literal('consortium-samenstelling'), vereist: z.array(z.string().min(1)).min(1) }).strict(),
  // --- Access (toegang) rules, evaluated by src/domain/access/access-rules.ts ---
  /** An MDO with agreement must precede a referral or decision for (highly) complex cases (seed 003 §5.2). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('mdo-verplicht'),
      complexiteit: z.array(z.enum(['enkelvoudig', 'meervoudig', 'complex', 'hoogcomplex'])).min(1),
      /** Participant roles that must attend (e.g. specialistische-jeugdhulp, verblijf-crisis, sociale-basis). */
      deelnemers: z.array(z.string().min(1)).default([]),
    })
    .strict(),
  /** When an MDO does not agree, the next escalation step is due within `termijnDagen` (seed 003 §5.2). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('escalatieladder'),
      stappen: z.array(z.string().min(1)).min(1),
      termijnDagen: z.number().int().positive().optional(),
    })
    .strict(),
  /** Cross-domain problems: the MDO includes municipal social-domain staff (seed 003 §4.3). */
  z.object({ ...RegelBasis, type: z.literal('mdo-sociaal-domein'), deelnemer: z.string().min(1) }).strict(),
  /** Exactly one regievoerder per family (seed 003 §5.1). */
  z.object({ ...RegelBasis, type: z.literal('een-regievoerder') }).strict(),
  /** One procesregisseur when several trajectories run at once (seed 003 §5.2). */
  z.object({ ...RegelBasis, type: z.literal('procesregisseur-bij-meerdere-trajecten'), minimumTrajecten: z.number().int().min(2) }).strict(),
  /** Before an out-of-home placement: the listed steps are recorded (seed 003 §3.1.3, §8.2). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('uithuisplaatsing-voorwaarden'),
      segmenten: z.array(Id).min(1),
      vereist: z.array(z.enum(['mdo', 'verklarende-analyse', 'ambulante-alternatieven'])).min(1),
      /** Only this kind of area (e.g. slt) may take the decision. */
      besluitDoor: z.string().optional(),
    })
    .strict(),
  /** Referrals by these referrers (COD327) to non-freely-accessible care are flagged under their protocol (seed 003 §4.3). */
  z.object({ ...RegelBasis, type: z.literal('verwijzing-via-toegang'), verwijzers: z.array(z.string().regex(/^\d{2}$/)).min(1) }).strict(),
  /** Referrals to these segments go through an area of kind `via` (seed 004 §4.1: Centrale Intake). */
  z.object({ ...RegelBasis, type: z.literal('verwijzing-via-gebied'), segmenten: z.array(Id).min(1), via: Id }).strict(),
  /** Crisis: first intervention within `uren` after registration (seed 003 §8.2: 24 h; seed 004 §4.6: 48 h). */
  z.object({ ...RegelBasis, type: z.literal('crisis-termijn'), uren: z.number().int().positive() }).strict(),
  /** Crisis help lasts at most `weken` weeks (seed 004 §4.6, seed 001). */
  z.object({ ...RegelBasis, type: z.literal('crisis-maximale-duur'), segmenten: z.array(Id).min(1), weken: z.number().int().positive() }).strict(),
  /** A signal at an age (in months), e.g. a future plan at 16 (seed 003) or a perspective plan at 16.5 (seed 004). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('leeftijdssignaal'),
      leeftijdMaanden: z.number().int().positive(),
      actie: z.string().min(1),
      vooraankondigingDagen: z.number().int().nonnegative().default(30),
    })
    .strict(),
  /** Youth care ends at `leeftijd`; some segments later; extension up to `verlengingTot` only after assessment (seed 004 §4.2). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('zorg-einde-leeftijd'),
      leeftijd: z.number().int().positive(),
      /**
       * Other end ages: for allocations in `segmenten`, or of a product (`productcategorieen` and
       * optionally `productnamen`, the product names of the profile), e.g. foster care at 21 (seed 004 §4.2).
       */
      uitzonderingen: z
        .array(
          z
            .object({
              segmenten: z.array(Id).min(1).optional(),
              productcategorieen: z
                .array(z.string().regex(/^\d{2}$/))
                .min(1)
                .optional(),
              productnamen: z.array(z.string().min(1)).min(1).optional(),
              leeftijd: z.number().int().positive(),
            })
            .strict()
            .refine((u) => u.segmenten || u.productcategorieen, 'an exception names segmenten or productcategorieen'),
        )
        .default([]),
      verlengingTot: z.number().int().positive().optional(),
    })
    .strict(),
  /** A referral to these segments needs a completed diagnostic trajectory (seed 004 §4.3). */
  z.object({ ...RegelBasis, type: z.literal('diagnostiek-vooraf'), segmenten: z.array(Id).min(1) }).strict(),
  /** Waiting registrations in these segments need bridging care within `dagen` days (seed 004 §4.2). */
  z
    .object({ ...RegelBasis, type: z.literal('overbrugging-bij-wachten'), segmenten: z.array(Id).min(1), dagen: z.number().int().positive().optional() })
    .strict(),
  /** Procesregie: with the access team for voluntary, with the GI for compulsory placements (seed 004 §4.1). */
  z.object({ ...RegelBasis, type: z.literal('procesregie'), vrijwillig: z.string().min(1), gedwongen: z.string().min(1) }).strict(),
  /** Placements with more than `maximum` moves within `maanden` months are signalled (seed 003 §3.1.3 matched care). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('plaatsingen-maximum'),
      segmenten: z.array(Id).min(1),
      maximum: z.number().int().nonnegative(),
      maanden: z.number().int().positive().optional(),
    })
    .strict(),
  // --- Procurement (inkoop) rules, evaluated by src/domain/procurement ---
  /** Contract changes are announced at least `maanden` months before they take effect (seed 004 §4 Planning: six months). */
  z.object({ ...RegelBasis, type: z.literal('wijzigingstermijn'), maanden: z.number().int().positive() }).strict(),
  /**
   * Development partners (ontwikkelpartners) are selected by an objective criterion (seed 004 §3.2 c):
   * a Pareto analysis (the largest providers that together hold `paretoAandeel` of the segment's
   * turnover) or a turnover threshold in cents per year.
   */
  z
    .object({
      ...RegelBasis,
      type: z.literal('ontwikkelpartners'),
      methode: z.enum(['pareto', 'omzetdrempel']),
      paretoAandeel: z.number().gt(0).max(1).optional(),
      /** When the seed gives no share: the share the screen proposes, as a stated assumption. */
      voorstelParetoAandeel: z
        .object({ waarde: z.number().gt(0).max(1), aanname: z.string().min(1) })
        .strict()
        .optional(),
      omzetdrempelCents: Cents.optional(),
    })
    .strict(),
  /** Suitability requirements (geschiktheidseisen) an applicant must meet, each with the evidence asked (seed 004 §3.2 b). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('geschiktheidseisen'),
      eisen: z.array(z.object({ id: Id, omschrijving: z.string().min(1), bewijs: z.string().optional() }).strict()).min(1),
    })
    .strict(),
  /** Applicants submit a plan that must reach a minimum score (seed 004 §3.2 d); the procedure sets the score when the seed does not. */
  z
    .object({
      ...RegelBasis,
      type: z.literal('plan-minimumscore'),
      minimumScore: z.number().int().nonnegative().optional(),
      schaalMax: z.number().int().positive().optional(),
    })
    .strict(),
  /** A condition every contract in the segment carries, e.g. participation in the Centrale Intake (seed 004 segment 1). */
  z.object({ ...RegelBasis, type: z.literal('contractvoorwaarde'), voorwaarde: z.object({ id: Id, omschrijving: z.string().min(1) }).strict() }).strict(),
  /** Steering and accountability dialogues held per contract, lot or segment (seed 003 §10.2; seed 004 leveranciersmanagement). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('dialoogcyclus'),
      dialogen: z
        .array(
          z
            .object({
              soort: z.enum(['sturingsdialoog', 'verantwoordingsdialoog', 'contractgesprek', 'ontwikkeltafel', 'marktconsultatie']),
              niveau: z.enum(['contract', 'perceel', 'segment']),
              /** How often; absent when the seed only says "periodiek" (the demo then assumes one). */
              frequentie: z.enum(['maand', 'kwartaal', 'halfjaar', 'jaar']).optional(),
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
  /**
   * Ambulatory emergency help before, during and after a crisis or stay placement (seed 003 §8.2):
   * a placement is an allocation in `segmenten` (with a category in `productcategorieen` when given);
   * for each phase in `fasen` the help must be recorded on it (the `spoedhulp` command), else a
   * signal is due: `voor` by the placement's start, `tijdens` `termijnDagen` after the start,
   * `na` on the day the placement ends (from `vooraankondigingDagen` before).
   */
  z
    .object({
      ...RegelBasis,
      type: z.literal('ambulante-spoedhulp-bij-plaatsing'),
      segmenten: z.array(Id).min(1),
      productcategorieen: z.array(z.string().regex(/^\d{2}$/, 'productcategorie is a 2-digit JZ020 code')).optional(),
      fasen: z.array(z.enum(['voor', 'tijdens', 'na'])).min(1),
      termijnDagen: z.number().int().nonnegative().default(0),
      vooraankondigingDagen: z.number().int().nonnegative().default(14),
    })
    .strict(),
  /** Referral by complexity: a case of the listed complexity goes to the named segment (seed 002: laagcomplex to B, hoogcomplex to C). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('routering-complexiteit'),
      routes: z.array(z.object({ complexiteit: z.array(z.enum(['enkelvoudig', 'meervoudig', 'complex', 'hoogcomplex'])).min(1), segment: Id }).strict()).min(2),
    })
    .strict(),
  /** An allocation of these segments (and products) lasts at most `uren` hours (seed 004 §4.6: crisis intervention at most 48 hours). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('maximale-duur'),
      segmenten: z.array(Id).min(1),
      productnamen: z.array(z.string().min(1)).min(1).optional(),
      uren: z.number().int().positive(),
    })
    .strict(),
  /** When care moves from a segment of `van` to another segment (of `naar`, any when absent), the handover is warm: marked handled before the new care starts (seed 001 gezinsvormen). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('warme-overdracht'),
      van: z.array(Id).min(1),
      naar: z.array(Id).min(1).optional(),
      dagen: z.number().int().nonnegative().default(14),
    })
    .strict(),
  /** Care continues until the end of the decision (at the latest `uiterlijk`): an allocation ending earlier is signalled (seed 000). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('zorgcontinuiteit'),
      segmenten: z.array(Id).min(1),
      uiterlijk: IsoDate.optional(),
      vooraankondigingDagen: z.number().int().nonnegative().default(30),
    })
    .strict(),
  /**
   * Who holds the regie (regievoerder) of a case: `partij` (a kind of area or party, e.g. sociaal-team, gi),
   * for cases of the given complexity and/or framework; the most specific matching rule applies
   * (seed 001 Toegangsmanagement, seed 002 segment C, seed 004 §4.4).
   */
  z
    .object({
      ...RegelBasis,
      type: z.literal('regie-bij'),
      partij: z.string().min(1),
      complexiteit: z
        .array(z.enum(['enkelvoudig', 'meervoudig', 'complex', 'hoogcomplex']))
        .min(1)
        .optional(),
      kader: z.enum(['vrijwillig', 'gedwongen']).optional(),
      /** Samenregie: the procesregie (coordination) stays with this party (seed 001). */
      procesregiePartij: z.string().min(1).optional(),
    })
    .strict(),
  /** Before a referral, decision or allocation in `segmenten`, an MDO (overleg) with `deelnemer` is recorded (seed 002 segment C, seed 004 §4.3). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('afstemming-verplicht'),
      segmenten: z.array(Id).min(1),
      deelnemer: z.string().min(1),
      /** `wijziging`: a change of an allocation (heroverweging). */
      bij: z.array(z.enum(['verwijzing', 'beschikking', 'toewijzing', 'wijziging'])).min(1),
    })
    .strict(),
  /** Only these kinds of area or party take a decision (beschikking) in `segmenten` (all when absent) (seed 003 §4.3). */
  z.object({ ...RegelBasis, type: z.literal('besluit-door'), door: z.array(z.string().min(1)).min(1), segmenten: z.array(Id).min(1).optional() }).strict(),
  /** Allocations in these segments do not include these product categories (seed 003 §6.2: no begeleiding in specialist treatment). */
  z
    .object({
      ...RegelBasis,
      type: z.literal('product-uitgesloten'),
      segmenten: z.array(Id).min(1),
      productcategorieen: z.array(z.string().regex(/^\d{2}$/)).min(1),
      /** Only allowed when this holds (seed 003 §6.2 vervoer: medical necessity); then use `soort: signaal`. */
      tenzij: z.string().min(1).optional(),
    })
    .strict(),
  /** The decision names the segment, the provider decides the care: allocations in these segments carry a category, no product code (seed 000). */
  z.object({ ...RegelBasis, type: z.literal('toewijzing-op-categorie'), segmenten: z.array(Id).min(1) }).strict(),
  /** An allocation in these segments goes to a provider with a contract for the segment on its start date (seed 004 §4.5); `soort: signaal` only signals (seed 004 §4.7: the judge may appoint a non-contracted GI). */
  z.object({ ...RegelBasis, type: z.literal('gecontracteerde-aanbieder'), segmenten: z.array(Id).min(1) }).strict(),
  /** When all care of a case has ended, who keeps in touch (waakvlamcontact) is agreed before closing (seed 001). */
  z.object({ ...RegelBasis, type: z.literal('waakvlamcontact'), dagen: z.number().int().nonnegative().default(14) }).strict(),
  /** Statement of intent with nothing to check; `onderwerp` says what it is about and `omschrijving` why it is not typed. */
  z.object({ ...RegelBasis, type: z.literal('beschreven'), onderwerp: z.string().min(1) }).strict(),
]);
export type Regel = z.infer<typeof Regel>;
