/**
 * National law values as data (house rule: rules are data; like MinBZK poc-machine-law, one file
 * per law per date, and OpenFisca parameters, a value with its unit, start date and reference).
 * A law file `wetten/<wet>/<geldigVanaf>.yaml` holds the values the software needs from that law,
 * each with a literal citation of the law text. Pure: the app layer reads the files.
 */
import { z } from 'zod';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be written as YYYY-MM-DD');

export const LawValue = z
  .object({
    omschrijving: z.string().min(1),
    waarde: z.number(),
    eenheid: z.enum(['jaar', 'maanden', 'dagen', 'EUR', '%']),
    geldigVanaf: IsoDate,
    bron: z
      .object({
        artikel: z.string().min(1),
        begrip: z.string().min(1).optional(),
        lid: z.string().min(1).optional(),
        onderdeel: z.string().min(1).optional(),
        citaat: z.string().min(1),
      })
      .strict(),
  })
  .strict();
export type LawValue = z.infer<typeof LawValue>;

export const LawFile = z
  .object({
    wet: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'wet is the folder name of the law (e.g. "jeugdwet")'),
    naam: z.string().min(1),
    organisatie: z.string().min(1),
    geldigVanaf: IsoDate,
    bron: z.object({ bwb: z.string().regex(/^BWBR\d{7}$/), tekst: z.string().min(1), tekstversie: IsoDate }).strict(),
    waarden: z.record(z.string(), LawValue),
  })
  .strict();
export type LawFile = z.infer<typeof LawFile>;

/** The Jeugdwet values the domain uses (ids in `wetten/jeugdwet/*.yaml`). */
export const JEUGDWET_WAARDEN = { hoogsteLeeftijd: 'jeugdige-hoogste-leeftijd' } as const;
