/**
 * The KPI/KRI catalogue of a region (`profiles/<regio>/indicatoren.yaml`): per indicator its Dutch
 * name and definition, the named measure (a pure function in measures.ts) with its parameters,
 * unit, target and direction, levels, minimum n and source. No expressions or SQL: a measure is
 * chosen by name and configured by typed parameters only. A target is a cited norm (`bron`) or an
 * assumption (`aanname`, with its reason), shown as such on screen. A KRI has a threshold
 * (`drempel`) that raises a signal.
 */
import { z } from 'zod';
import { Bron } from '../landscape/profile-schema.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: kleine letters, cijfers en streepjes');
const Categorie = z.string().regex(/^\d{2}$/, 'productcategorie: twee cijfers (JZ020)');
const Reden = z.string().regex(/^\d{2}$/, 'reden beëindiging: twee cijfers (JZ588)');
const Maanden = z.number().int().min(1).max(60);

/** The measures and their parameters (one parameter shape per measure). */
export const MaatDefinitie = z.discriminatedUnion('maat', [
  /** Share of definitively ended allocations whose JW307 reason is one of `redenen` (CBS §3.7, outcome 1). */
  z.object({ maat: z.literal('uitval'), parameters: z.object({ redenen: z.array(Reden).min(1) }).strict() }).strict(),
  /** Mean "hoe nuttig was deze hulp" mark 1-10 over the measurements (CBS §4.3). */
  z.object({ maat: z.literal('tevredenheid'), parameters: z.object({}).strict().default({}) }).strict(),
  /** Share of measurements whose "zonder hulp verder" answer is one of `codes` (CBS §4.4). */
  z.object({ maat: z.literal('zonder-hulp-verder'), parameters: z.object({ codes: z.array(z.enum(['01', '02', '03', '04'])).min(1) }).strict() }).strict(),
  /** Mean goal attainment 0-100 % (seed 002). */
  z.object({ maat: z.literal('doelrealisatie'), parameters: z.object({}).strict().default({}) }).strict(),
  /** Share of ended trajectories without a new start of youth care within `maanden` (CBS §4.2, outcome 3.2). */
  z.object({ maat: z.literal('geen-nieuwe-start'), parameters: z.object({ maanden: Maanden }).strict() }).strict(),
  /** Share of ended trajectories followed by a new start in the same segment within `maanden` (repeat indication). */
  z.object({ maat: z.literal('herhaalindicatie'), parameters: z.object({ maanden: Maanden }).strict() }).strict(),
  /** Mean length in days of ended trajectories (optionally only these product categories / segments). */
  z
    .object({
      maat: z.literal('verblijfsduur'),
      parameters: z.object({ productcategorieen: z.array(Categorie).optional(), segmenten: z.array(Id).optional() }).strict(),
    })
    .strict(),
  /** Share of starts in `productcategorieen` where the youth left another such placement within `maanden` before. */
  z.object({ maat: z.literal('doorplaatsing'), parameters: z.object({ productcategorieen: z.array(Categorie).min(1), maanden: Maanden }).strict() }).strict(),
  /** Mean days from the help request (aanmelding) or the referral (verwijzing) to the start of care. */
  z.object({ maat: z.literal('wachtdagen'), parameters: z.object({ van: z.enum(['aanmelding', 'verwijzing']) }).strict() }).strict(),
  /** Mean days per step of the access path (aanmelding -> triage -> verwijzing -> beschikking -> start). */
  z.object({ maat: z.literal('doorlooptijd'), parameters: z.object({}).strict().default({}) }).strict(),
  /** Number of trajectory starts (optionally only these categories / segments / crisis cases). */
  z
    .object({
      maat: z.literal('aantal-starts'),
      parameters: z
        .object({ productcategorieen: z.array(Categorie).optional(), segmenten: z.array(Id).optional() })
        .strict()
        .default({}),
    })
    .strict(),
  /** Care pathways: per ended trajectory the segment of the youth's next start within `maanden` (or none): the Sankey of step-up, step-down and re-entry. */
  z
    .object({
      maat: z.literal('zorgpad'),
      parameters: z
        .object({
          maanden: Maanden,
          /**
           * Segments from the lightest to the most intensive form of care: a next start in a later one is
           * opschaling (step-up), in an earlier one afschaling (step-down). Segments not listed have no order.
           */
          intensiteit: z.array(z.string().min(1)).optional(),
        })
        .strict(),
    })
    .strict(),
  /** Herfindahl-Hirschman index of the providers' shares of starts (0-10,000). */
  z.object({ maat: z.literal('concentratie-hhi'), parameters: z.object({}).strict().default({}) }).strict(),
  /** Share of starts with the `aantal` largest providers. */
  z.object({ maat: z.literal('topaandeel'), parameters: z.object({ aantal: z.number().int().min(1).max(50) }).strict() }).strict(),
]);
export type MaatDefinitie = z.infer<typeof MaatDefinitie>;
export type Maat = MaatDefinitie['maat'];

export const NIVEAUS = ['regio', 'segment', 'gebied', 'proces'] as const;
export type Niveau = (typeof NIVEAUS)[number];
export const Richting = z.enum(['hoger-is-beter', 'lager-is-beter']);
export type Richting = z.infer<typeof Richting>;
export const EENHEDEN = ['aandeel', 'cijfer', 'procent', 'dagen', 'aantal', 'index'] as const;

/** A norm: cited from a seed (`bron`) or an assumption with its reason (`aanname`). */
const normSource = { waarde: z.number(), bron: Bron.optional(), aanname: z.string().min(10, 'aanname: schrijf de reden op').optional() };
const oneSource = (d: { bron?: unknown; aanname?: unknown }) => (d.bron ? 1 : 0) + (d.aanname ? 1 : 0) === 1;
const NORM_MESSAGE = { message: 'een norm heeft óf een bron (seed) óf een aanname met reden' };
export const Doel = z
  .object({ ...normSource, richting: Richting })
  .strict()
  .refine(oneSource, NORM_MESSAGE);
export const Drempel = z
  .object({ ...normSource, signaal: z.enum(['boven', 'onder']) })
  .strict()
  .refine(oneSource, NORM_MESSAGE);
export type Doel = z.infer<typeof Doel>;
export type Drempel = z.infer<typeof Drempel>;

export const Indicator = z
  .object({
    id: Id,
    soort: z.enum(['kpi', 'kri']),
    naam: z.string().min(1),
    definitie: z.string().min(10),
    eenheid: z.enum(EENHEDEN),
    niveaus: z.array(z.enum(NIVEAUS)).min(1),
    minimumN: z.number().int().min(1),
    doel: Doel.optional(),
    /** KRI: the value that raises a signal (above or below). */
    drempel: Drempel.optional(),
    /** Shown on the public results page (outcomes only: aggregates, small cells suppressed). */
    publiek: z.boolean().default(false),
    bron: Bron,
  })
  .and(MaatDefinitie)
  .superRefine((d, ctx) => {
    if (d.soort === 'kri' && !d.drempel) ctx.addIssue({ code: 'custom', path: ['drempel'], message: 'een KRI heeft een drempel die een signaal geeft' });
    if (d.niveaus.includes('proces') && d.maat !== 'doorlooptijd')
      ctx.addIssue({ code: 'custom', path: ['niveaus'], message: 'niveau proces (stappen van het toegangspad) kan alleen met maat doorlooptijd' });
    if (d.maat === 'doorlooptijd' && d.niveaus.some((n) => n !== 'proces' && n !== 'regio'))
      ctx.addIssue({ code: 'custom', path: ['niveaus'], message: 'doorlooptijd geldt op niveau proces (en regio)' });
    if (d.maat === 'zorgpad' && (d.niveaus.length !== 1 || d.niveaus[0] !== 'segment'))
      ctx.addIssue({ code: 'custom', path: ['niveaus'], message: 'zorgpad geldt op niveau segment (van segment naar segment)' });
  });
export type Indicator = z.infer<typeof Indicator>;

export const Catalogue = z
  .object({
    regio: Id,
    /** Public page: cells with fewer than this many are suppressed (primary and secondary). */
    publicatie: z.object({ minimumN: z.number().int().min(1), bron: Bron.optional(), aanname: z.string().min(10).optional() }).strict(),
    indicatoren: z.array(Indicator).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.indicatoren.forEach((i, n) => {
      if (seen.has(i.id)) ctx.addIssue({ code: 'custom', path: ['indicatoren', n, 'id'], message: `id ${i.id} komt twee keer voor` });
      seen.add(i.id);
    });
  });
export type Catalogue = z.infer<typeof Catalogue>;

/** The access-path steps (level `proces`), in order. */
export const STAPPEN = ['aanmelding', 'triage', 'verwijzing', 'beschikking', 'start'] as const;
export type Stap = (typeof STAPPEN)[number];
export const STAP_LABELS: Record<Stap, string> = {
  aanmelding: 'Aanmelding',
  triage: 'Aanmelding → triage',
  verwijzing: 'Triage → verwijzing',
  beschikking: 'Verwijzing → beschikking',
  start: 'Beschikking → start',
};
