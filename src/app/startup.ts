/**
 * Start-up use case shared by `serve` and the tests: open the database, load every valid region
 * profile in force, and optionally generate a demo region.
 */
import { openDatabase, type Database, type OpenOptions } from '../db/database.js';
import { dutchDate } from '../domain/dates.js';
import { currentVersions, syncProfile } from './landscape.js';
import { loadProfiles, type ProfileProblem } from './profiles/profile-store.js';
import { ensureDemoRegion, type DemoCounts } from './demo.js';

export interface Started {
  database: Database;
  regions: string[];
  profileProblems: ProfileProblem[];
  demo?: { regionId: string; generated: DemoCounts | null };
}

export async function start(open: OpenOptions, opts: { demo?: string; today?: string; profilesDir?: string } = {}): Promise<Started> {
  const database = await openDatabase(open);
  try {
    const today = opts.today ?? dutchDate(new Date());
    const { profiles, problems } = loadProfiles(opts.profilesDir);
    const versions = currentVersions(profiles, today);
    for (const v of versions) await syncProfile(database.db, v);
    const result: Started = { database, regions: versions.map((v) => v.profile.regio), profileProblems: problems };
    if (opts.demo) {
      if (!result.regions.includes(opts.demo)) throw new Error(`--demo ${opts.demo}: no valid profile for that region (known: ${result.regions.join(', ')})`);
      result.demo = { regionId: opts.demo, generated: await ensureDemoRegion(database.db, opts.demo, { today }) };
    }
    return result;
  } catch (e) {
    await database.close();
    throw e;
  }
}
