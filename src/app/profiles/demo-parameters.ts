/**
 * A region's demo parameters (`profiles/<regio>/demo.yaml`), read and validated. Production code
 * reads them too: the funding parameters of a region with a demo population include the demo's
 * stated assumptions (app/funding/parameters.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DemoParameters } from '../../domain/landscape/demo-schema.js';
import { PROFILES_DIR } from '../../paths.js';
import { BadInput } from '../errors.js';
import { pathToString } from './profile-store.js';

/** Whether the region has a demo parameter file. */
export function hasDemoParameters(regionId: string, dir = PROFILES_DIR): boolean {
  return existsSync(join(dir, regionId, 'demo.yaml'));
}

/** The region's demo parameters; BadInput when the file is missing or does not match the schema (a YAML syntax error is thrown as is). */
export function loadDemoParameters(regionId: string, dir = PROFILES_DIR): DemoParameters {
  const file = join(dir, regionId, 'demo.yaml');
  if (!existsSync(file)) throw new BadInput(`regio "${regionId}" heeft geen demoparameters (${join('profiles', regionId, 'demo.yaml')})`);
  const parsed = DemoParameters.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new BadInput(
      `invalid demo parameters in profiles/${regionId}/demo.yaml:\n${parsed.error.issues.map((i) => `  ${pathToString(i.path)}: ${i.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}
