/**
 * Consortium composition (consortium-samenstelling): a consortium holding a contract needs at least
 * one party of each kind the rule lists. Seed 003 §5.2 (SLT): the samenwerkingsverband "bestaat uit
 * een partij binnen de sociale basis en een jeugdhulpaanbieder"; §4.3: at least one party from the
 * institutional social base. Checked on every change of a contract's members: a change may not
 * make the composition worse (remove the last party of a required kind); a consortium being built
 * up may still be incomplete, and says what is missing. Pure.
 */
import type { Regel } from '../landscape/profile-schema.js';
import { source } from '../landscape/landscape.js';
import type { RuleRefusal } from './changes.js';

export interface Member {
  name: string;
  kind: string;
  /** penvoerder | lid | onderaannemer */
  role: string;
}

export const MEMBER_ROLES = ['penvoerder', 'lid', 'onderaannemer'] as const;

/**
 * Refusals for a contract's member list against the segment's consortium rules. Subcontractors
 * (onderaannemers) are not consortium members and do not count towards the composition. A
 * contract without any consortium members (a single provider) is not a consortium and not checked.
 */
export function checkConsortium(rules: readonly Regel[], members: readonly Member[]): RuleRefusal[] {
  const consortium = members.filter((m) => m.role !== 'onderaannemer');
  if (consortium.length === 0) return [];
  const out: RuleRefusal[] = [];
  for (const rule of rules) {
    if (rule.type !== 'consortium-samenstelling' || rule.soort !== 'blokkerend') continue;
    const kinds = new Set(consortium.map((m) => m.kind));
    const missing = rule.vereist.filter((k) => !kinds.has(k));
    if (missing.length > 0) {
      out.push({
        ruleId: rule.id,
        message: `het samenwerkingsverband mist een partij van het soort: ${missing.join(', ')} (vereist: ${rule.vereist.join(', ')})`,
        source: source(rule.bron),
      });
    }
  }
  const leads = consortium.filter((m) => m.role === 'penvoerder').length;
  if (leads > 1) out.push({ ruleId: 'een-penvoerder', message: `een samenwerkingsverband heeft één penvoerder, niet ${leads}` });
  return out;
}

/** Per blocking consortium rule, the required kinds the consortium lacks (all of them when there is no consortium). */
export function missingKinds(rules: readonly Regel[], members: readonly Member[]): { ruleId: string; missing: string[] }[] {
  const kinds = new Set(members.filter((m) => m.role !== 'onderaannemer').map((m) => m.kind));
  const isConsortium = members.some((m) => m.role !== 'onderaannemer');
  return rules.flatMap((r) =>
    r.type === 'consortium-samenstelling' && r.soort === 'blokkerend'
      ? [{ ruleId: r.id, missing: r.vereist.filter((k) => !isConsortium || !kinds.has(k)) }]
      : [],
  );
}

/**
 * A change of the members from `before` to `after`: refused when it removes the last party of a
 * required kind (the composition gets worse) or leaves more than one lead party. Adding parties to
 * a consortium that is still being formed is allowed; `incomplete` lists what it still lacks.
 */
export function checkConsortiumChange(
  rules: readonly Regel[],
  before: readonly Member[],
  after: readonly Member[],
): { refusals: RuleRefusal[]; incomplete: { ruleId: string; missing: string[] }[] } {
  const was = new Map(missingKinds(rules, before).map((m) => [m.ruleId, new Set(m.missing)]));
  const now = missingKinds(rules, after);
  const refusals: RuleRefusal[] = [];
  for (const m of now) {
    const worse = m.missing.filter((k) => !was.get(m.ruleId)?.has(k));
    if (worse.length > 0 && after.some((x) => x.role !== 'onderaannemer')) {
      const rule = rules.find((r) => r.id === m.ruleId)!;
      refusals.push({
        ruleId: m.ruleId,
        message: `na deze wijziging mist het samenwerkingsverband een partij van het soort: ${worse.join(', ')} (vereist: ${rule.type === 'consortium-samenstelling' ? rule.vereist.join(', ') : ''})`,
        source: source(rule.bron),
      });
    }
  }
  const leads = after.filter((x) => x.role === 'penvoerder').length;
  if (leads > 1) refusals.push({ ruleId: 'een-penvoerder', message: `een samenwerkingsverband heeft één penvoerder, niet ${leads}` });
  return { refusals, incomplete: now.filter((m) => m.missing.length > 0 && after.some((x) => x.role !== 'onderaannemer')) };
}
