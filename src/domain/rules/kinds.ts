/**
 * Which engine evaluates which kind of region rule (`regels` of a profile). `profiles check`
 * reports a rule of a kind no engine evaluates, so a profile cannot carry a rule that silently
 * does nothing. `beschreven` is a statement of intent with nothing to check (evaluated by none).
 */
import { ACCESS_RULE_KINDS } from '../access/access-rules.js';
import type { Regel } from '../landscape/profile-schema.js';

/** Procurement and contract rules, evaluated by src/domain/procurement, src/domain/landscape/awards.ts and src/domain/contracts. */
export const PROCUREMENT_RULE_KINDS = [
  'percelen-verschillend', // awards.ts
  'partners-per-perceel', // awards.ts
  'consortium-samenstelling', // procurement/award.ts, contracts/consortium.ts
  'wijzigingstermijn', // contracts/changes.ts
  'ontwikkelpartners', // contracts/market.ts
  'geschiktheidseisen', // procurement/config.ts (checks of an application)
  'plan-minimumscore', // procurement/config.ts
  'contractvoorwaarde', // procurement/config.ts (conditions every contract carries)
  'dialoogcyclus', // contracts/dialogues.ts
] as const satisfies readonly Regel['type'][];

export const EVALUATED_RULE_KINDS: ReadonlySet<string> = new Set<string>([...ACCESS_RULE_KINDS, ...PROCUREMENT_RULE_KINDS]);

/** A statement of intent: kept with its source, nothing to check. */
export const INTENT_KIND = 'beschreven';

export const isEvaluated = (type: string) => EVALUATED_RULE_KINDS.has(type);
