/**
 * The rule catalogue: code -> layer, description and WJ001 retourcode, read from the official
 * rule tables copied to reference/ijw-regels (never typed in by hand).
 */
import type { Finding } from '../findings.js';

export interface RuleInfo {
  code: string;
  layer: Exclude<Finding['layer'], 'xsd'>;
  text: string;
  retourcode?: string;
}

const layerOf = (code: string): RuleInfo['layer'] => (code.slice(0, 2) as RuleInfo['layer']);

/** Placeholder until the catalogue reader lands: layer from the code prefix, no retourcode. */
export function ruleInfo(code: string): RuleInfo {
  return { code, layer: layerOf(code), text: code };
}
