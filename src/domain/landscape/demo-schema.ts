/**
 * Parameters of a region's synthetic demo population (`profiles/<regio>/demo.yaml`).
 * Each number either cites the seed (`bron`) or is written down as an assumption (`aanname`),
 * so nobody mistakes generated volumes for facts.
 */
import { z } from 'zod';
import { Bron, Parameter } from './profile-schema.js';

const Onderbouwd = <T extends z.ZodTypeAny>(value: T) =>
  z
    .object({ waarde: value, bron: Bron.optional(), aanname: z.string().min(1).optional() })
    .strict()
    .refine((v) => v.bron !== undefined || v.aanname !== undefined, { message: 'give a bron (seed) or write the value down as aanname' });

export const DemoParameters = z
  .object({
    /** Calendar years with care trajectories; the last one runs until the generator's "today". */
    jaren: z.array(z.number().int().min(2000).max(2100)).min(1),
    jeugdigenInZorgPerJaar: Onderbouwd(z.number().int().positive()),
    /** The year `jeugdigenInZorgPerJaar` applies to (default: the last demo year); other years grow from it. */
    peiljaar: z.number().int().min(2000).max(2100).optional(),
    groeiPerJaar: Onderbouwd(z.number().min(-0.5).max(0.5)),
    aanbieders: z
      .object({
        aantal: Onderbouwd(z.number().int().min(5)),
        top5Aandeel: Onderbouwd(z.number().gt(0).lt(1)),
      })
      .strict(),
    /** Share of youths who return to care after an earlier episode ("herhaald beroep"). */
    herhaaldBeroep: Onderbouwd(z.number().min(0).max(0.9)),
    /** Per segment id: share of episodes, median duration in months, number of contract partners. */
    segmenten: z.record(
      z.string(),
      z
        .object({
          aandeel: Onderbouwd(z.number().gt(0)),
          mediaanDuurMaanden: Onderbouwd(z.number().positive()),
          partners: Onderbouwd(z.number().int().positive()).optional(),
          /** Turnover share of the segment's five largest providers, where the seed reports it. */
          top5Aandeel: Onderbouwd(z.number().gt(0).lt(1)).optional(),
        })
        .strict(),
    ),
    /** COD327 referrer code -> share. */
    verwijzers: z.record(z.string().regex(/^\d{2}$/), z.number().nonnegative()),
    /** Inhabitants per municipality code when the profile has none (weights for where youths live). */
    inwoners: z.record(z.string().regex(/^\d{4}$/), Onderbouwd(z.number().int().positive())).default({}),
    /**
     * Funding parameters the profile leaves open, as stated assumptions of the demo (each value an
     * `aanname`); a value of the profile always wins.
     */
    parameters: z.array(Parameter).default([]),
    /**
     * Municipalities of the demo when the profile names none (seed 001 names no region): real CBS
     * codes, chosen for the demo and written down as aanname. The profile itself keeps its open
     * question; only the demo region's loaded copy gets these municipalities.
     */
    gemeenten: z
      .array(
        z
          .object({ code: z.string().regex(/^\d{4}$/), naam: z.string().min(1), inwoners: z.number().int().positive().optional(), aanname: z.string().min(1) })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type DemoParameters = z.infer<typeof DemoParameters>;
