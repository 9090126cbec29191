/**
 * The national outcome set per ended allocation (CBS Beleidsinformatie Jeugd §4.2-4.5) and seed
 * 002's goal attainment: what may be entered, and when. Uitval (outcome 1) and geen nieuwe start
 * (3.2) are derived from the JW307 reason for ending and the care register, never entered here.
 * Pure: the allocation's facts and today are passed in.
 */
import { z } from 'zod';

/** CBS §4.5: de jeugdige, or de ouder/opvoeder; at most two measurements per trajectory. */
export const INFORMANTS = ['jeugdige', 'ouder'] as const;
export type Informant = (typeof INFORMANTS)[number];
export const INFORMANT_LABELS: Record<Informant, string> = { jeugdige: 'De jeugdige', ouder: 'De ouder/opvoeder' };

/** CBS §4.4 answer codes of "zonder hulp verder". */
export const ZONDER_HULP_VERDER: Record<string, string> = {
  '01': 'Ik heb eenzelfde soort of zwaardere hulp nodig',
  '02': 'Met een lichtere vorm van hulp red ik het goed',
  '03': 'Voor nu heb ik geen verdere hulp nodig, maar ik verwacht dat ik later nog wel eens om hulp zal aankloppen',
  '04': 'Ik heb geen verdere hulp meer nodig',
};

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'een datum als JJJJ-MM-DD');

export const OutcomeInput = z
  .object({
    informant: z.enum(INFORMANTS, { error: 'informant is "jeugdige" of "ouder" (de ouder/opvoeder)' }),
    gemetenOp: Day,
    /** CBS §4.3: "hoe nuttig was deze hulp", 1 (volkomen nutteloos) to 10 (uitstekend). */
    tevredenheid: z
      .number({ error: 'tevredenheid is een rapportcijfer van 1 tot en met 10' })
      .int('tevredenheid is een heel cijfer van 1 tot en met 10')
      .min(1, 'tevredenheid is minimaal 1')
      .max(10, 'tevredenheid is maximaal 10')
      .optional(),
    zonderHulpVerder: z
      .enum(Object.keys(ZONDER_HULP_VERDER) as [string, ...string[]], { error: 'zonder hulp verder is een antwoordcode 01, 02, 03 of 04' })
      .optional(),
    /** Seed 002: the degree to which the agreed goals were reached. */
    doelrealisatiePct: z
      .number({ error: 'doelrealisatie is een percentage van 0 tot en met 100' })
      .int('doelrealisatie is een heel percentage')
      .min(0, 'doelrealisatie is minimaal 0 %')
      .max(100, 'doelrealisatie is maximaal 100 %')
      .optional(),
    /** The region's cluster of result areas (profile `resultaatclusters`) the goal belongs to. */
    resultaatcluster: z.string({ error: 'resultaatcluster is de code van een cluster van resultaatgebieden' }).min(1).optional(),
  })
  .strict();
export type OutcomeInput = z.infer<typeof OutcomeInput>;

export interface AllocationForOutcome {
  ingangsdatum: string;
  einddatum: string | null;
  /** Definitive stop (JW307), when there was one. */
  stopdatum: string | null;
}

/** The day the allocation's care ended, or null while it runs (on `today`). */
export function endedOn(a: AllocationForOutcome, today: string): string | null {
  if (a.stopdatum) return a.stopdatum;
  if (a.einddatum && a.einddatum < today) return a.einddatum;
  return null;
}

/**
 * Why an outcome cannot be recorded (Dutch), or null when it can. `clusters` are the region's
 * clusters of result areas (profile `resultaatclusters`): a degree of goal attainment may name one
 * of them; a region without clusters takes none.
 */
export function outcomeProblem(
  a: AllocationForOutcome,
  input: OutcomeInput,
  today: string,
  clusters: readonly { id: string; naam: string }[] = [],
): string | null {
  if (input.tevredenheid === undefined && input.zonderHulpVerder === undefined && input.doelrealisatiePct === undefined) {
    return 'vul ten minste één uitkomst in: tevredenheid, zonder hulp verder of doelrealisatie';
  }
  if (input.resultaatcluster !== undefined) {
    if (clusters.length === 0) return 'deze regio kent geen clusters van resultaatgebieden: laat het cluster leeg';
    if (!clusters.some((c) => c.id === input.resultaatcluster))
      return `"${input.resultaatcluster}" is geen cluster van resultaatgebieden van deze regio; kies uit: ${clusters.map((c) => c.naam).join('; ')}`;
    if (input.doelrealisatiePct === undefined) return 'een cluster van resultaatgebieden hoort bij een doelrealisatie: vul ook de doelrealisatie in';
  }
  const end = endedOn(a, today);
  if (!end) return 'de toewijzing loopt nog: een uitkomst wordt vastgelegd nadat de hulp is beëindigd';
  if (input.gemetenOp < end) return `de meting (${input.gemetenOp}) ligt vóór het einde van de hulp (${end})`;
  if (input.gemetenOp > today) return `de meting (${input.gemetenOp}) ligt in de toekomst`;
  return null;
}
