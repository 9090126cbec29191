/**
 * Which rules of the iJw 3.2 standard this validator implements, derived from the rule
 * registries and the official catalogue (never maintained by hand): `regiekamer ijw coverage`
 * prints it; docs/ijw.md holds a copy.
 */
import { allRuleCodes, ruleInfo } from './rules/catalogue.js';
import { ELEMENT_RULES, MESSAGE_RULES } from './rules/index.js';
import { STATEFUL_CODES } from './stateful.js';

export interface CoverageRow {
  code: string;
  text: string;
  retourcode?: string;
  /** Where it is enforced: the XSD facets, a rule within the message, the stateful layer, or not yet. */
  where: 'xsd' | 'bericht' | 'berichtoverstijgend' | 'niet';
  reason?: string;
}

/** Why a rule is not implemented (yet). Keys are rule codes. */
const NOT_YET: Record<string, string> = {
  TR063: 'needs the start/stop history per logical key (stored messages); planned with the access message flow',
  TR071: 'needs the start/stop history per logical key (stored messages)',
  TR074: 'needs the start/stop history per logical key (stored messages)',
  TR318: 'needs the provider’s previous declaration periods (funding issue)',
  TR321: 'needs volumes already declared per allocation (funding issue)',
  TR322: 'needs volumes already declared per allocation (funding issue)',
  TR323: 'needs earlier approved debit lines (funding issue)',
  TR326: 'needs the current start message per allocation',
  TR332: 'the region issues ToewijzingNummers from one sequence, so they are unique by construction',
  TR337: 'retour-side rule for the provider receiving a JW325',
  TR346: 'needs the contract tariff (funding issue)',
  TR347: 'needs earlier requests of the provider',
  TR349: 'needs the client’s current allocations',
  TR350: 'needs the client’s current allocations',
  TR351: 'needs the client’s current allocations',
  TR355: 'needs earlier requests of the provider',
  TR357: 'needs the original allocation',
  TR359: 'needs earlier requests and answers',
  TR360: 'needs earlier requests and answers',
  TR361: 'needs the client’s current allocations',
  TR365: 'needs earlier requests and answers',
  TR366: 'retour-side rule for the provider receiving a JW325',
  TR367: 'retour-side rule for the provider receiving a JW325',
  TR369: 'needs volumes already declared per allocation (funding issue)',
  TR371: 'retour-side rule for the provider receiving a JW325',
  TR373: 'needs the original allocation',
  TR374: 'needs open requests of the provider',
  TR375: 'needs the original allocation',
  TR376: 'retour-side rule for the provider receiving a JW325',
  TR378: 'needs the CBS list valid on the Ingangsdatum (external source)',
  TR379: 'needs earlier requests of the provider',
  TR381: 'needs the region’s product code list per category (external source)',
  TR382: 'needs the start message of the stopped delivery',
  TR385: 'needs approved declaration lines (funding issue)',
  TR389: 'needs earlier debit lines (funding issue)',
  TR390: 'needs earlier credit lines (funding issue)',
  TR411: 'needs the original allocation',
  TR412: 'needs the original allocation',
  TR413: 'needs earlier stop messages',
  TR414: 'needs earlier stop messages',
  TR415: 'needs earlier stop messages',
  TR416: 'needs earlier debit lines (funding issue)',
  TR418: 'needs the contract tariff (funding issue)',
};

export function ruleCoverage(): CoverageRow[] {
  const within = new Set([...ELEMENT_RULES, ...MESSAGE_RULES].map((r) => r.code));
  const stateful = new Set(STATEFUL_CODES);
  const rows: CoverageRow[] = [];
  for (const kind of ['TR', 'CD', 'CS', 'RS'] as const) {
    for (const code of allRuleCodes(kind)) {
      const info = ruleInfo(code);
      const where: CoverageRow['where'] = kind === 'RS' ? 'xsd' : within.has(code) ? 'bericht' : stateful.has(code) ? 'berichtoverstijgend' : 'niet';
      rows.push({
        code,
        text: info.text,
        ...(info.retourcode ? { retourcode: info.retourcode } : {}),
        where,
        ...(where === 'niet' ? { reason: NOT_YET[code] ?? 'not implemented yet' } : {}),
      });
    }
  }
  return rows;
}

export function coverageMarkdown(): string {
  const rows = ruleCoverage();
  const count = (w: CoverageRow['where']) => rows.filter((r) => r.where === w).length;
  const lines = [
    `| where | rules |`,
    `|---|---|`,
    `| XSD facets (restrictions RS) | ${count('xsd')} |`,
    `| within the message (TR/CD/CS) | ${count('bericht')} |`,
    `| stateful layer, reported as OP (berichtoverstijgend TR) | ${count('berichtoverstijgend')} |`,
    `| not implemented | ${count('niet')} |`,
    '',
    '| code | retourcode | enforced | rule | why not |',
    '|---|---|---|---|---|',
    ...rows
      .filter((r) => r.where !== 'xsd')
      .map((r) => `| ${r.code} | ${r.retourcode ?? ''} | ${r.where} | ${r.text.replace(/\|/g, '/').replace(/\s+/g, ' ').slice(0, 160)} | ${r.reason ?? ''} |`),
  ];
  return lines.join('\n');
}
