/**
 * The dated funding parameters of a region: the profile's own (facts with their citation, or open
 * questions) and, for a demo region, the stated assumptions of `profiles/<regio>/demo.yaml` where
 * the profile leaves a value open. The real reports use the same set, so a demo's assumption is
 * always shown as `aanname`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Tx } from '../../db/database.js';
import { ParameterSet } from '../../domain/funding/parameters.js';
import type { Parameter, RegionProfile } from '../../domain/landscape/profile-schema.js';
import { PROFILES_DIR } from '../../paths.js';
import { loadDemoParameters } from '../profiles/demo-parameters.js';
import { loadRegionProfile } from '../landscape.js';
import { demoRun } from './demo-scale.js';

/**
 * The demo assumptions of a region's demo.yaml, read and validated once per version of the file
 * (its modification time and size): every spend report and budget framework asks for them, and
 * parsing the YAML each time was a quarter of a cold spend report's CPU (issue #14).
 */
const demoAssumptions = new Map<string, { stamp: string; parameters: readonly Parameter[] }>();
function demoAssumptionsOf(demoRegion: string): readonly Parameter[] {
  const file = join(PROFILES_DIR, demoRegion, 'demo.yaml');
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return [];
  const stamp = `${stat.mtimeMs}|${stat.size}`;
  const kept = demoAssumptions.get(file);
  if (kept?.stamp === stamp) return kept.parameters;
  const parameters = loadDemoParameters(demoRegion).parameters;
  demoAssumptions.set(file, { stamp, parameters });
  return parameters;
}

/** The parameters of a profile with the demo's assumptions of that region (when it has a demo file). */
export function parameterSetFor(profile: RegionProfile, withDemo: boolean, demoRegion = profile.regio): ParameterSet {
  return new ParameterSet(profile.parameters, withDemo ? demoAssumptionsOf(demoRegion) : []);
}

/** The parameters of a region: the demo's assumptions count only when the region holds a demo population. */
export async function regionParameters(db: Tx, regionId: string, profile?: RegionProfile): Promise<ParameterSet> {
  const p = profile ?? (await loadRegionProfile(db, regionId));
  const run = await demoRun(db, regionId);
  return parameterSetFor(p, !!run, demoBaseOf(regionId, run?.counts));
}

/**
 * The region whose demo.yaml holds a demo region's assumptions: its own, or for a synthetic copy
 * of the national set (src/demo/national.ts) the region it copies (`base` in demo_runs.counts).
 */
export function demoBaseOf(regionId: string, counts: unknown): string {
  const base = (counts as { base?: unknown } | null | undefined)?.base;
  return typeof base === 'string' ? base : regionId;
}
