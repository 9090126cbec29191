/**
 * Region profile schema (the YAML that a region's own staff read and edit).
 *
 * Keys are in Dutch, as the field spells them (DESIGN.md "What a region profile should feel like").
 * Every fact carries a `bron` (source: seed file and section). What a seed leaves open is written
 * as `{ openVraag: "..." }` instead of an invented value.
 *
 * This module is pure: it only describes shapes. Cross-references (a lot naming an unknown area,
 * an area naming an unknown municipality, ...) are checked in `profile-rules.ts`.
 */
import { z } from 'zod';
import { parseWaarde, ParameterEenheid } from '../funding/units.js';
import { Bron, Cents, GemeenteCode, Id, IsoDate, OpenVraag, orOpen } from './profile-schema-common.js';
import { Regel } from './regel-schema.js';

export { Bron, OpenVraag, orOpen } from './profile-schema-common.js';
export { Regel } from './regel-schema.js';

/** Funding variants (bekostigingsvarianten) used across the seeds. */
export const BekostigingsVariant = z.enum([
  'inspanningsgericht', // P x Q per unit of time/effort (seed 004 today, seed 000 segment 2)
  'outputgericht', // fixed price per trajectory or output unit
  'taakgericht', // lump sum for a task, no client-level accounting (seed 003 SLT; seed 000 wonen)
  'beschikbaarheid', // fixed component for capacity or coordination (seed 004 Centrale Intake, crisis)
  'resultaatgericht', // part paid after goal attainment (seed 002, seed 000 segment 3)
  'populatie', // budget per population (seed 001 discussion)
  'caseload', // client-following: a price per client per month for a provider's caseload (seed 001 ambulante hulp)
]);
export type BekostigingsVariant = z.infer<typeof BekostigingsVariant>;

/** iJw execution variants (uitvoeringsvarianten), see reference processen/Uitvoeringsvarianten. */
export const UitvoeringsVariant = z.enum(['inspanningsgericht', 'outputgericht', 'taakgericht']);
export type UitvoeringsVariant = z.infer<typeof UitvoeringsVariant>;

export const Plafond = z
  .object({
    niveau: z.enum(['aanbieder', 'segment', 'perceel', 'aanbieder-segment']),
    periode: z.enum(['jaar', 'contractperiode']),
    bijstelling: z.string().optional(),
    /**
     * What settlement does with a line that would pass the ceiling: refuse it (with `retourcode`,
     * the standard has no code of its own) or accept it and signal. Absent: accept and signal, as
     * the seeds do not say that payment stops.
     */
    bijOverschrijding: z.enum(['afwijzen', 'accepteren-en-signaleren']).optional(),
    retourcode: z
      .string()
      .regex(/^\w{4}$/)
      .optional(),
    toelichting: z.string().optional(),
    bron: Bron,
  })
  .strict();

export const Bekostiging = z
  .object({
    variant: BekostigingsVariant,
    vorm: z
      .enum(['lumpsum', 'pxq', 'trajectprijs', 'outputprijs', 'beschikbaarheidsbijdrage', 'resultaatbetaling', 'populatiebudget', 'groepsbudget'])
      .optional(),
    clientVerantwoording: z.boolean().optional(),
    plafond: orOpen(Plafond).optional(),
    /** Result-based: share paid up front vs after goal attainment (fractions 0..1, or open). */
    resultaatbetaling: orOpen(
      z
        .object({
          voorschotAandeel: z.number().min(0).max(1),
          naDoelrealisatieAandeel: z.number().min(0).max(1),
          bron: Bron,
        })
        .strict(),
    ).optional(),
    /** Extra components beside the main variant (e.g. availability funding next to P x Q). */
    aanvullend: z
      .array(
        z
          .object({
            variant: BekostigingsVariant,
            omschrijving: z.string(),
            bron: Bron,
          })
          .strict(),
      )
      .optional(),
    toelichting: z.string().optional(),
    bron: Bron,
  })
  .strict();
export type Bekostiging = z.infer<typeof Bekostiging>;

export const ProcedureSoort = z.enum([
  'sas-dialoog', // selectie -> dialoog -> gunning (seed 003 §5.3.2)
  'open-house', // toelatingsprocedure, rolling admission (seed 003 wonen, seed 004)
  'bestuurlijk-aanbesteden', // seed 004
  'subsidie', // seed 004 crisis
  'openbaar',
  'niet-openbaar',
  'meervoudig-onderhands',
  'enkelvoudig-onderhands',
  'samenwerkingsverband', // a small partnership selected as one party (seed 000, 001)
]);
/**
 * The standstill period (opschortende termijn) between the intention to award (voornemen tot
 * gunning) and the definitive award, in calendar days. When the seed has no sentence that sets the
 * number, `aanname` states the assumption in words and `bron` cites the seed passage the award
 * step comes from.
 */
export const OpschortendeTermijn = z
  .object({
    kalenderdagen: z.number().int('a standstill period is a whole number of calendar days').min(0).max(365),
    aanname: z.string().min(1).optional(),
    bron: Bron,
  })
  .strict();
export type OpschortendeTermijn = z.infer<typeof OpschortendeTermijn>;

/** The steps of the procedure kinds a profile cites a seed sentence for (refusals at that step cite it). */
export const ProcedureStap = z.enum([
  'sasFasen',
  'sasSelectie',
  'sasAanmelding',
  'sasDialoog',
  'sasInschrijving',
  'sasGunningDeelnemers',
  'sasEmvi',
  'sasPercelen',
  'goNoGo',
  'openHouse',
  'openHouseDoorlopend',
  'openHouseToelating',
  'eersteInstroomronde',
  'toetredingSluiten',
  'bestuurlijk',
  'resultaatovereenkomst',
  'geschiktheidseisen',
  'plan',
  'subsidie',
  'subsidieEisen',
]);
export type ProcedureStap = z.infer<typeof ProcedureStap>;

export const Procedure = z
  .object({
    soort: ProcedureSoort,
    fasen: z.array(z.string()).optional(),
    toelichting: z.string().optional(),
    /**
     * The award criteria (EMVI) a new procedure starts with: scale and weighted criteria (weights in
     * percent, summing to 100). Where the seed names EMVI but no criteria, `aanname` says so.
     */
    emvi: z
      .object({
        schaalMax: z.number().int().positive(),
        criteria: z.array(z.object({ id: Id, naam: z.string().min(1), soort: z.enum(['kwaliteit', 'prijs']), gewicht: z.number().positive() }).strict()).min(1),
        aanname: z.string().min(1).optional(),
        bron: z.lazy(() => Bron),
      })
      .strict()
      .refine((e) => e.criteria.reduce((a, c) => a + c.gewicht, 0) === 100, { message: 'the EMVI weights sum to 100' })
      .optional(),
    /** A cited seed sentence per step of the procedure; a refusal at a step without one cites `bron`. */
    stapbronnen: z.array(z.object({ stap: ProcedureStap, bron: z.lazy(() => Bron) }).strict()).optional(),
    /** Standstill between the intention to award and the definitive award (award procedures). */
    opschortendeTermijn: OpschortendeTermijn.optional(),
    bron: Bron,
  })
  .strict();

/** Contract term: fixed years with extension options, or a range (seed 004 per segment). */
export const Looptijd = z
  .object({
    jaren: z.number().positive().optional(),
    jarenMin: z.number().positive().optional(),
    jarenMax: z.number().positive().optional(),
    verlengingen: z.array(z.number().positive()).optional(),
    /**
     * Extension options whose number or length the seed does not state ("2 jaar met optie verlenging",
     * seed 000; "met opties tot verlenging", seed 004): the options exist, `aantal` and `jaren` only when given.
     */
    verlengingsoptie: z
      .object({
        aantal: z.number().int().positive().optional(),
        jaren: z.number().positive().optional(),
        toelichting: z.string().optional(),
        bron: z.lazy(() => Bron),
      })
      .strict()
      .optional(),
    ingangsdatum: IsoDate.optional(),
    einddatum: IsoDate.optional(),
    toelichting: z.string().optional(),
    bron: Bron,
  })
  .strict();
export type Looptijd = z.infer<typeof Looptijd>;

export const AantalPartners = z
  .object({
    min: z.number().int().nonnegative().optional(),
    /** null = unlimited (open house). */
    max: z.number().int().positive().nullable().optional(),
    toelichting: z.string().optional(),
    bron: Bron,
  })
  .strict();
export type AantalPartners = z.infer<typeof AantalPartners>;

export const Perceel = z
  .object({
    id: Id,
    naam: z.string().min(1),
    gebieden: z.array(Id).optional(),
    gemeenten: z.array(GemeenteCode).optional(),
    omschrijving: z.string().optional(),
    bron: Bron,
  })
  .strict();

/** A product: iJw product category (JZ020) + product code + unit (WJ756). */
export const Product = z
  .object({
    categorie: z.string().regex(/^\d{2}$/, 'categorie is a 2-digit JZ020 productcategorie (e.g. "45")'),
    code: z
      .string()
      .regex(/^[0-9A-Z]{5}$/, 'productcode is 5 characters (digits/capitals), e.g. "45A09"')
      .optional(),
    naam: z.string().min(1),
    eenheid: z
      .string()
      .regex(/^\d{2}$/, 'eenheid is a 2-digit WJ756 code (e.g. "04" uur)')
      .optional(),
    bekostiging: BekostigingsVariant.optional(),
    toelichting: z.string().optional(),
    bron: Bron,
  })
  .strict();
export type Product = z.infer<typeof Product>;

export const Segment = z
  .object({
    id: Id,
    naam: z.string().min(1),
    soort: z.enum(['taakgebied', 'segment']),
    omschrijving: z.string().optional(),
    doelgroep: z.string().optional(),
    bekostiging: orOpen(Bekostiging),
    uitvoeringsvariant: orOpen(UitvoeringsVariant).optional(),
    procedure: orOpen(Procedure),
    looptijd: orOpen(Looptijd),
    aantalPartners: orOpen(AantalPartners),
    leveranciersmanagement: z
      .object({ strategie: z.string().min(1), toelichting: z.string().optional(), bron: Bron })
      .strict()
      .optional(),
    percelen: z.array(Perceel).default([]),
    producten: z.array(Product).default([]),
    regels: z.array(Regel).default([]),
    openVragen: z.array(OpenVraag).default([]),
    bron: Bron,
  })
  .strict();
export type SegmentProfile = z.infer<typeof Segment>;

export const Gemeente = z
  .object({
    code: GemeenteCode,
    naam: z.string().min(1),
    deelregio: Id.optional(),
    inwoners: z.number().int().positive().optional(),
    jeugdigen: z.number().int().positive().optional(),
    bron: Bron,
  })
  .strict();

export const GebiedSoort = z.enum([
  'slt', // Stevig Lokaal Team (seed 003)
  'wijkteam',
  'jgt', // Jeugd- en Gezinsteam (seed 004)
  'sociaal-team', // seed 001
  'toegangsteam', // regional access team (seed 000)
  'centrale-intake', // seed 004 segment 1
  'lokaal-team', // generic local team (seed 002)
]);
export const Gebied = z
  .object({
    id: Id,
    naam: z.string().min(1),
    soort: GebiedSoort,
    gemeenten: z.array(GemeenteCode).min(1, 'an area covers at least one municipality'),
    wijken: z.array(z.string()).optional(),
    /** Postcode ranges "4811-4819" this area serves, where the seed or CBS gives them. */
    postcodes: z.array(z.string().regex(/^\d{4}(-\d{4})?$/, 'postcode range is "1234" or "1234-1299"')).optional(),
    bron: Bron,
  })
  .strict();

export const Kengetal = z
  .object({
    id: Id,
    omschrijving: z.string().min(1),
    waarde: z.number(),
    eenheid: z.enum(['jeugdigen', 'clienten', 'aanbieders', 'cent', 'procent', 'fte', 'aantal', 'jaar']),
    jaar: z.number().int().optional(),
    segment: Id.optional(),
    bron: Bron,
  })
  .strict();
export type Kengetal = z.infer<typeof Kengetal>;

export const ProductVertaling = z
  .object({
    oud: z.object({ code: z.string().optional(), naam: z.string().min(1) }).strict(),
    nieuw: z.object({ segment: Id, code: z.string().optional(), naam: z.string().min(1) }).strict(),
    toelichting: z.string().optional(),
    bron: Bron,
  })
  .strict();

// Dated, cited funding parameters (OpenFisca style); see domain/funding/parameters.ts.
export const ParameterWaarde = z
  .object({
    vanaf: IsoDate,
    waarde: z.union([z.string().min(1), z.number()]),
    bron: Bron.optional(),
    aanname: z.string().min(1).optional(),
  })
  .strict();

/**
 * One parameter: its id (what the funding code asks for), optionally the segment it belongs to,
 * its unit and its dated values. A parameter the seed leaves open has no values and an
 * `openVraag`; a demo may then supply values as `aanname`.
 */
export const Parameter = z
  .object({
    id: Id,
    segment: Id.optional(),
    omschrijving: z.string().min(1),
    eenheid: ParameterEenheid,
    waarden: z.array(ParameterWaarde).default([]),
    openVraag: z.string().min(1).optional(),
    bron: Bron.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.waarden.length === 0 && !p.openVraag)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['waarden'],
        message: 'give at least one dated value, or an openVraag when the seed leaves the parameter open',
      });
    const seen = new Set<string>();
    p.waarden.forEach((w, i) => {
      const v = parseWaarde(w.waarde);
      if (!v)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['waarden', i, 'waarde'],
          message: `"${w.waarde}" is not a readable value (write e.g. "€ 1.234,56", "1234.56 EUR", "1,5 %", "3 jaar", "6 maanden" or a number)`,
        });
      else if (v.eenheid !== p.eenheid)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['waarden', i, 'waarde'],
          message: `"${w.waarde}" is a value in ${v.eenheid}, but the parameter's eenheid is ${p.eenheid}`,
        });
      if (!w.bron && !w.aanname)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['waarden', i], message: 'give a bron (seed quote) or write the value down as aanname' });
      if (seen.has(w.vanaf)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['waarden', i, 'vanaf'], message: `two values from ${w.vanaf}` });
      seen.add(w.vanaf);
    });
  });
export type Parameter = z.infer<typeof Parameter>;

const BedragenPerJaar = z.record(z.string().regex(/^\d{4}$/, 'year key is YYYY'), Cents);
export const FinancieelKader = z
  .object({
    naam: z.string().min(1),
    jaren: z.array(z.number().int()).min(1),
    /** The printed figures are rounded to this many cents (e.g. 100000 = EUR 1,000). */
    afrondingCent: z.number().int().positive(),
    lijnen: z.array(z.object({ id: Id, naam: z.string().min(1) }).strict()).min(1),
    posten: z.array(z.object({ gemeente: GemeenteCode, lijn: Id, bedragen: BedragenPerJaar }).strict()).min(1),
    /** Totals as printed in the seed; the loader checks them against the sum of the posts. */
    gedrukteTotalen: z
      .array(
        z
          .object({
            niveau: z.enum(['gemeente', 'deelregio', 'regio']),
            id: z.string().optional(),
            bedragen: BedragenPerJaar,
          })
          .strict(),
      )
      .default([]),
    /**
     * The framework lines that the region's purchased care (and this system's spend and risk
     * equalisation) covers, with the source or the stated assumption behind the choice.
     */
    ingekochteLijnen: z
      .object({ lijnen: z.array(Id).min(1), bron: Bron.optional(), aanname: z.string().min(1).optional() })
      .strict()
      .refine((v) => v.bron !== undefined || v.aanname !== undefined, { message: 'give a bron or write the choice down as aanname' })
      .optional(),
    toelichting: z.string().optional(),
    bron: Bron,
  })
  .strict();
export type FinancieelKader = z.infer<typeof FinancieelKader>;

export const RegionProfile = z
  .object({
    regio: Id,
    naam: z.string().min(1),
    geldigVanaf: IsoDate,
    omschrijving: z.string().optional(),
    bronnen: z.record(z.string(), z.object({ titel: z.string().min(1), bestand: z.string().min(1) }).strict()),
    deelregios: z.array(z.object({ id: Id, naam: z.string().min(1), bron: Bron }).strict()).default([]),
    /** May be empty only when the seed names no municipalities; then an openVraag must say so. */
    gemeenten: z.array(Gemeente).default([]),
    gebieden: z.array(Gebied).default([]),
    segmenten: z.array(Segment).min(1),
    kengetallen: z.array(Kengetal).default([]),
    productvertaling: z.array(ProductVertaling).default([]),
    financieelKader: FinancieelKader.optional(),
    /** Dated funding parameters (indexation, efficiency cut, result shares, caseload price, ...). */
    parameters: z.array(Parameter).default([]),
    /**
     * Profiles / clusters of result areas (resultaatgebieden): the groups of needs a result is agreed
     * and measured on. An outcome's degree of goal attainment names its cluster, and result-based
     * payment reports the clusters it pays for.
     */
    resultaatclusters: z.array(z.object({ id: Id, naam: z.string().min(1), bron: Bron }).strict()).default([]),
    regels: z.array(Regel).default([]),
    openVragen: z.array(OpenVraag).default([]),
  })
  .strict();
export type RegionProfile = z.infer<typeof RegionProfile>;

export function isOpen(v: unknown): v is OpenVraag {
  return typeof v === 'object' && v !== null && 'openVraag' in v;
}
