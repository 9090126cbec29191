/**
 * The building blocks of the region profile schema (profile-schema.ts, which re-exports them):
 * the source citation (bron), an open question, ids, dates, municipality codes and cents.
 */
import { z } from 'zod';

/** Where a fact comes from: a seed document and its section, or an external list (CBS, iJw). */
export const Bron = z
  .object({
    /** A key of the profile's `bronnen` (checked in profile-rules.ts), or an external list: `cbs`, `ijw`. */
    seed: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'seed is a key of bronnen (e.g. "003") or cbs / ijw'),
    sectie: z.string().min(1),
    citaat: z.string().optional(),
  })
  .strict();
export type Bron = z.infer<typeof Bron>;

/** A value the seed leaves open. */
export const OpenVraag = z
  .object({
    openVraag: z.string().min(1),
    bron: Bron.optional(),
  })
  .strict();
export type OpenVraag = z.infer<typeof OpenVraag>;

/** Either a concrete value or an explicit open question. */
export const orOpen = <T extends z.ZodTypeAny>(schema: T) => z.union([schema, OpenVraag]);

export const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lower-case letters, digits and dashes (e.g. "slt-breda-nw")');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be written as YYYY-MM-DD');
/** CBS gemeentecode as used in iJw (LDT_GemeenteCode): four digits. */
export const GemeenteCode = z.string().regex(/^\d{4}$/, 'gemeentecode must be the 4-digit CBS code (e.g. "0758")');
export const Cents = z.number().int('amounts are integer euro cents');
