/**
 * Scenario definitions (impactanalyse) as data: a file holds one or more scenarios over one base
 * (the region's actual allocations, declarations and outcomes over a period). Dutch keys as in the
 * region profiles; money in euros, shares and rates as fractions (0.6 = 60%). Every policy number
 * carries its source: a seed citation (`bron`) or a written-down assumption (`aanname`).
 */
import { z } from 'zod';
import { Bron } from '../landscape/profile-schema.js';

const Fraction = z.number().min(0).max(1);
const Euro = z.number().min(0).max(1e11);
const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'gebruik kleine letters, cijfers en streepjes');
const Year = z.number().int().min(2000).max(2100);

/** Why a number is what it is: a seed sentence, an assumption, or both. */
const Onderbouwing = { bron: Bron.optional(), aanname: z.string().min(1).optional() };

/** A value with its source (the file-level defaults). */
const Onderbouwd = <T extends z.ZodType>(value: T) => z.object({ waarde: value, ...Onderbouwing }).strict();

export const Bekostigingsmodel = z.discriminatedUnion('model', [
  /** P x Q -> trajectory price: the chosen percentile of the historical cost per trajectory in the segment. */
  z.object({ model: z.literal('trajectprijs'), percentiel: z.number().int().min(1).max(99) }).strict(),
  /** P x Q -> lump sum per area: the historical spend (minus a discount) split by population or historical share. */
  z.object({ model: z.literal('lumpsum'), verdeling: z.enum(['inwoners', 'historisch']), korting: Fraction.default(0) }).strict(),
  /** -> result-based: an upfront share, the rest paid by the goal-attainment rate (a number, or measured from the outcomes). */
  z.object({ model: z.literal('resultaat'), voorschot: Fraction, doelbereik: z.union([Fraction, z.literal('gemeten')]) }).strict(),
  /** -> caseload (seed 001): a price per client per month; without a price the historical average (cost neutral). */
  z.object({ model: z.literal('caseload'), prijsPerClientPerMaand: Euro.optional() }).strict(),
  /** -> availability funding (seed 004): a share of the historical spend paid as a fixed amount per provider, the rest P x Q. */
  z.object({ model: z.literal('beschikbaarheid'), aandeel: Fraction }).strict(),
]);
export type Bekostigingsmodel = z.infer<typeof Bekostigingsmodel>;

const PerJaar = z.array(z.object({ jaar: Year, percentage: z.number().min(-0.5).max(0.5) }).strict()).min(1);

export const Wijziging = z.discriminatedUnion('soort', [
  z
    .object({
      soort: z.literal('bekostiging'),
      segment: Id,
      /** Only these product categories of the segment (all when absent). */
      productcategorieen: z
        .array(z.string().regex(/^\d{2}$/))
        .min(1)
        .optional(),
      naar: Bekostigingsmodel,
      ...Onderbouwing,
    })
    .strict(),
  z
    .object({
      soort: z.literal('plafond'),
      segment: Id.optional(),
      /** AGB code of a provider (8 digits). */
      aanbieder: z
        .string()
        .regex(/^\d{8}$/)
        .optional(),
      bedragPerJaar: Euro.optional(),
      /** The ceiling as a share of the base's actual spend of that segment or provider in each year. */
      aandeelVanBasis: z.number().min(0).max(5).optional(),
      beleid: z.enum(['afwijzen', 'signaleren']),
      ...Onderbouwing,
    })
    .strict()
    .refine((c) => c.segment !== undefined || c.aanbieder !== undefined, { message: 'een plafond geldt voor een segment, een aanbieder of beide' })
    .refine((c) => (c.bedragPerJaar === undefined) !== (c.aandeelVanBasis === undefined), {
      message: 'geef bedragPerJaar of aandeelVanBasis (precies een van beide)',
    }),
  z
    .object({
      soort: z.literal('verschuiving'),
      van: Id,
      naar: Id,
      aandeel: Fraction,
      efficiencykorting: Fraction.default(0),
      productcategorieen: z
        .array(z.string().regex(/^\d{2}$/))
        .min(1)
        .optional(),
      /** AGB code of the provider that takes the moved share (default: the target segment's providers by their historical share). */
      naarAanbieder: z
        .string()
        .regex(/^\d{8}$/)
        .optional(),
      ...Onderbouwing,
    })
    .strict()
    .refine((v) => v.van !== v.naar, { message: 'van en naar moeten verschillende segmenten zijn' }),
  /** perJaar: a rate from 1 January of that year; elkJaar: the same rate every year of the base (cumulative). */
  z
    .object({ soort: z.literal('indexatie'), perJaar: PerJaar.optional(), elkJaar: z.number().min(-0.5).max(0.5).optional(), ...Onderbouwing })
    .strict()
    .refine((w) => (w.perJaar === undefined) !== (w.elkJaar === undefined), { message: 'geef perJaar of elkJaar (precies een van beide)' }),
  z
    .object({ soort: z.literal('efficiencykorting'), perJaar: PerJaar.optional(), elkJaar: z.number().min(-0.5).max(0.5).optional(), ...Onderbouwing })
    .strict()
    .refine((w) => (w.perJaar === undefined) !== (w.elkJaar === undefined), { message: 'geef perJaar of elkJaar (precies een van beide)' }),
  z
    .object({
      soort: z.literal('volumegroei'),
      /** A segment id, or "alle" for every segment. */
      segment: z.union([Id, z.literal('alle')]),
      percentagePerJaar: z.number().min(-0.5).max(1),
      ...Onderbouwing,
    })
    .strict(),
]);
export type Wijziging = z.infer<typeof Wijziging>;

export const Spreiding = z
  .object({
    /** Standard deviation of the yearly volume growth per segment (0.03 = 3 percentage points). */
    volumegroei: z.number().min(0).max(0.5),
    /** Standard deviation of the goal-attainment rate (0.05 = 5 percentage points). */
    doelbereik: z.number().min(0).max(0.5),
  })
  .strict();

export const Scenario = z
  .object({
    id: Id,
    naam: z.string().min(1).max(120),
    toelichting: z.string().max(2000).optional(),
    wijzigingen: z.array(Wijziging).max(50).default([]),
    /** Overrides the file's default spreads. */
    spreiding: Spreiding.partial().optional(),
    ...Onderbouwing,
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;

export const Basis = z.union([
  /** Explicit calendar years, e.g. { jaren: [2024, 2025] }. */
  z.object({ jaren: z.array(Year).min(1).max(10) }).strict(),
  /** The last N full calendar years before today (so a shipped file stays valid as time passes). */
  z.object({ volledigeJarenTerug: z.number().int().min(1).max(10) }).strict(),
]);

export const ScenarioFile = z
  .object({
    regio: Id,
    basis: Basis,
    /** A provider whose scenario revenue falls below this share of its base revenue counts as "below viability". */
    levensvatbaarheidsdrempel: Onderbouwd(Fraction),
    /** Default spreads for the Monte Carlo runs (every scenario carries them, the no-change one too). */
    spreiding: z.object({ volumegroei: Onderbouwd(z.number().min(0).max(0.5)), doelbereik: Onderbouwd(z.number().min(0).max(0.5)) }).strict(),
    scenarios: z.array(Scenario).min(1).max(20),
  })
  .strict()
  .refine((f) => new Set(f.scenarios.map((s) => s.id)).size === f.scenarios.length, { message: 'elk scenario heeft een eigen id' });
export type ScenarioFile = z.infer<typeof ScenarioFile>;
export type ScenarioFileInput = z.input<typeof ScenarioFile>;

/** The years of the base for a reference date (today). */
export function baseYears(basis: z.infer<typeof Basis>, today: string): number[] {
  if ('jaren' in basis) return [...new Set(basis.jaren)].sort((a, b) => a - b);
  const thisYear = Number(today.slice(0, 4));
  return Array.from({ length: basis.volledigeJarenTerug }, (_, i) => thisYear - basis.volledigeJarenTerug + i);
}

/** A Dutch, readable description of one change (for the waterfall and the trace). */
export function describeChange(w: Wijziging, names: (segmentId: string) => string): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  switch (w.soort) {
    case 'bekostiging': {
      const seg = names(w.segment);
      switch (w.naar.model) {
        case 'trajectprijs':
          return `${seg}: trajectprijs op percentiel ${w.naar.percentiel}`;
        case 'lumpsum':
          return `${seg}: lumpsum naar ${w.naar.verdeling === 'inwoners' ? 'inwonertal' : 'historisch aandeel'}${w.naar.korting ? `, korting ${pct(w.naar.korting)}` : ''}`;
        case 'resultaat':
          return `${seg}: resultaatbekostiging, voorschot ${pct(w.naar.voorschot)}, doelbereik ${w.naar.doelbereik === 'gemeten' ? 'zoals gemeten' : pct(w.naar.doelbereik)}`;
        case 'caseload':
          return `${seg}: caseloadbekostiging${w.naar.prijsPerClientPerMaand !== undefined ? ` (€ ${w.naar.prijsPerClientPerMaand} per cliënt per maand)` : ' (kostenneutrale prijs per cliënt per maand)'}`;
        case 'beschikbaarheid':
          return `${seg}: beschikbaarheidsbekostiging voor ${pct(w.naar.aandeel)}`;
      }
      break;
    }
    case 'plafond':
      return `Plafond ${[w.segment ? names(w.segment) : '', w.aanbieder ? `aanbieder ${w.aanbieder}` : ''].filter(Boolean).join(', ')}: ${w.bedragPerJaar !== undefined ? `€ ${w.bedragPerJaar.toLocaleString('nl-NL')} per jaar` : `${pct(w.aandeelVanBasis!)} van de basis`} (${w.beleid})`;
    case 'verschuiving':
      return `${pct(w.aandeel)} van ${names(w.van)} naar ${names(w.naar)}${w.efficiencykorting ? `, efficiëntiekorting ${pct(w.efficiencykorting)}` : ''}`;
    case 'indexatie':
      return `Indexatie ${w.perJaar ? w.perJaar.map((p) => `${p.jaar}: ${pct(p.percentage)}`).join(', ') : `${pct(w.elkJaar!)} per jaar`}`;
    case 'efficiencykorting':
      return `Efficiëntiekorting ${w.perJaar ? w.perJaar.map((p) => `${p.jaar}: ${pct(p.percentage)}`).join(', ') : `${pct(w.elkJaar!)} per jaar`}`;
    case 'volumegroei':
      return `Volumegroei ${w.segment === 'alle' ? 'alle segmenten' : names(w.segment)}: ${pct(w.percentagePerJaar)} per jaar`;
  }
  return w satisfies never;
}
