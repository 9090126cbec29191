/**
 * Sources of the procedure rules that belong to a step of a procedure kind (selection, dialogue,
 * admission, award...). The text a refusal cites is the region's own profile data: the segment's
 * `procedure.stapbronnen` (a cited seed sentence per step) and otherwise the segment's
 * `procedure.bron`. No region's text lives in code, so a region cites only its own seed.
 */
import type { Source } from '../landscape/landscape.js';
import { source } from '../landscape/landscape.js';
import { isOpen, type ProcedureStap, type SegmentProfile } from '../landscape/profile-schema.js';

export interface Refusal {
  ruleId: string;
  message: string;
  source?: Source;
  /** The input field the refusal is about (e.g. "scores.plan-van-aanpak"), for the message beside the field. */
  field?: string;
}

export type { ProcedureStap };

/** The cited sources of one segment's procedure: per step, and the procedure's own `bron` as fallback. */
export interface ProcedureBronnen {
  procedure?: Source;
  stappen?: Partial<Record<ProcedureStap, Source>>;
}

/** The sources a segment's profile gives its procedure. */
export function procedureBronnen(seg: SegmentProfile): ProcedureBronnen {
  const p = seg.procedure;
  if (isOpen(p)) return p.bron ? { procedure: source(p.bron) } : {};
  const stappen: Partial<Record<ProcedureStap, Source>> = {};
  for (const s of p.stapbronnen ?? []) stappen[s.stap] = source(s.bron);
  return { procedure: source(p.bron), stappen };
}

/** The source a refusal at `stap` cites: the step's own sentence, else the procedure's source. */
export const cite = (b: ProcedureBronnen | undefined, stap: ProcedureStap): Source | undefined => b?.stappen?.[stap] ?? b?.procedure;
