/**
 * The assumptions of the synthetic national data set (issue #14), as data: aannames/nationale-dataset.yaml,
 * each with its value, the assumption in words and, where a seed says it, its source. Read and checked
 * once when the national loader is loaded; a malformed file stops the loader with the path of the entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT } from '../paths.js';

/** Where the assumptions are kept. */
export const NATIONAL_ASSUMPTIONS_FILE = join(PROJECT_ROOT, 'aannames', 'nationale-dataset.yaml');

const Bron = z.object({ seed: z.string().regex(/^\d{3}$/), sectie: z.string().min(1), citaat: z.string().min(10) }).strict();
const Aanname = z.string().min(40);
/** A JZ020 product category (two digits). */
const Categorie = z.string().regex(/^\d{2}$/);
/** A share of trajectories, 0..1. */
const Aandeel = z.number().min(0).max(1);

const CombinedCare = z.object({ bij: Categorie, naast: Categorie, aandeel: Aandeel, aanname: Aanname, bron: Bron }).strict();

const NationalAssumptions = z
  .object({
    allocationPeriod: z.object({ waarde: z.enum(['trajectory', 'year']), aanname: Aanname }).strict(),
    linePeriod: z.object({ waarde: z.enum(['month', 'week']), aanname: Aanname }).strict(),
    historieDemojaren: z.object({ waarde: z.boolean(), aanname: Aanname, bron: Bron }).strict(),
    monthlyHistory: z.object({ waarde: z.boolean(), aanname: Aanname }).strict(),
    resultPerYear: z.object({ waarde: z.boolean(), aanname: Aanname, bron: Bron }).strict(),
    omvangWijziging: z
      .object({
        waarde: z
          .object({ vanafMaanden: z.number().int().min(1), totMaanden: z.number().int().min(1) })
          .strict()
          .refine((w) => w.totMaanden >= w.vanafMaanden, 'totMaanden is kleiner dan vanafMaanden')
          .nullable(),
        aanname: Aanname,
        bron: Bron,
      })
      .strict(),
    gecombineerdeZorg: z.object({ waarde: z.array(CombinedCare).nullable(), aanname: Aanname }).strict(),
    diagnostiekVooraf: z
      .object({
        // The product code has at most 5 positions (iJw RS012).
        waarde: z
          .object({ bij: Categorie, weken: z.number().int().min(1), productcode: z.string().min(1).max(5) })
          .strict()
          .nullable(),
        aanname: Aanname,
        bron: Bron,
      })
      .strict(),
    ambulanteNazorg: z
      .object({
        waarde: z
          .object({ bij: Categorie, naast: Categorie, weken: z.number().int().min(1) })
          .strict()
          .nullable(),
        aanname: Aanname,
        bron: Bron,
      })
      .strict(),
    jeugdhulpBijMaatregel: z
      .object({
        waarde: z
          .object({ bij: z.array(Categorie).min(1), naast: Categorie, aandeel: Aandeel })
          .strict()
          .nullable(),
        aanname: Aanname,
        bron: Bron,
      })
      .strict(),
  })
  .strict();
export type NationalAssumptions = z.infer<typeof NationalAssumptions>;

/** Jeugdhulp of another segment beside a maatregel, its own allocation with another provider (jeugdhulpBijMaatregel). */
export type NationalJeugdhulpBijMaatregel = NonNullable<NationalAssumptions['jeugdhulpBijMaatregel']['waarde']>;
/** Diagnostiek before a trajectory of a category, its own product and allocation (diagnostiekVooraf). */
export type NationalDiagnostiek = NonNullable<NationalAssumptions['diagnostiekVooraf']['waarde']>;
/** Ambulant aftercare at the end of a residential trajectory, its own allocation (ambulanteNazorg). */
export type NationalNazorg = NonNullable<NationalAssumptions['ambulanteNazorg']['waarde']>;
/** A second product beside a trajectory's own (combined care), in a share of the trajectories of a category. */
export type NationalCombinedCare = z.infer<typeof CombinedCare>;

/** Reads and checks the assumptions (exported for the test of a malformed file). */
export function parseNationalAssumptions(text: string, file = NATIONAL_ASSUMPTIONS_FILE): NationalAssumptions {
  const parsed = NationalAssumptions.safeParse(parse(text));
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`${file}: ${first.path.join('.') || '(het bestand)'}: ${first.message}`);
  }
  return parsed.data;
}

/** The national data set's assumptions (aannames/nationale-dataset.yaml). */
export const NATIONAL_FUNDING_ASSUMPTIONS: NationalAssumptions = parseNationalAssumptions(readFileSync(NATIONAL_ASSUMPTIONS_FILE, 'utf8'));
