/**
 * Start-up use case shared by `serve` and the tests: open the database, load every valid region
 * profile in force, and optionally generate a demo region.
 */
import { jeugdigeHoogsteLeeftijd } from './law/law-store.js';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db, type OpenOptions } from '../db/database.js';
import { demoRuns } from '../db/schema.js';
import { dutchDate } from '../domain/dates.js';
import { currentVersions, syncProfile } from './landscape.js';
import { loadProfiles, type ProfileProblem } from './profiles/profile-store.js';
import { DEMO_SEED, ensureDemoRegion, startDemoPopulations, withDemoMunicipalities, type DemoCounts } from '../demo/region.js';
import type { DemoPopulations } from '../demo/population-worker.js';
import { ensureDemoCases, type DemoCasesResult } from '../demo/cases.js';
import { BadInput } from './errors.js';
import { configurePseudonymKey } from './pseudonym.js';
import { ensureDemoFunding } from '../demo/funding.js';
import { ensureDemoProcurement } from '../demo/procurement.js';
import { ensureDemoContracts } from '../demo/contracts.js';
import { ensureDemoOutcomes } from '../demo/outcomes.js';

export interface Started {
  database: Database;
  regions: string[];
  profileProblems: ProfileProblem[];
  /** Per demo region: the generated population (null when it existed) and the demo access cases made with it. */
  demo: { regionId: string; generated: DemoCounts | null; cases?: DemoCasesResult | null }[];
  /**
   * The demo populations still to be written, generated on a worker thread ahead of the writes
   * (null: none, or generated in this thread): pass to ensureDemoRegion as `populations`.
   */
  demoPopulations: DemoPopulations | null;
}

export interface StartOptions {
  /** Region ids to fill with a demo population (generated once, on first start). */
  demo?: string[];
  /** The calendar date the demo runs up to; default today in the Netherlands. */
  today?: string;
  profilesDir?: string;
  /** Demo population scale (1 = the seed's volumes). */
  scale?: number;
  /** Scale per demo region, overriding `scale` (`serve --demo region:scale`). */
  scales?: Readonly<Record<string, number>>;
  /**
   * Regions whose demo also gets funding data (tariffs, allocations, schedules, ceilings and
   * monthly declarations settled through the real settlement path). Slow: minutes per region.
   */
  demoFunding?: string[];
  /** Years of declared history for demo funding (default: the funding module's). */
  demoFundingYears?: number;
  /**
   * Only the demo populations and accounts before returning; the rest of each demo region (cases,
   * procurement, outcomes, contract changes: prepareDemoRegion) is left to the caller, e.g. `serve`
   * in the background once it listens (issue #14: listening within seconds on first start).
   */
  deferDemo?: boolean;
  /**
   * With deferDemo: how many of the demo regions (in order) get their population before returning;
   * the others are left to the caller (ensureDemoRegion, then prepareDemoRegion). Default: all.
   */
  populateFirst?: number;
}

export interface PreparedDemo {
  regionId: string;
  /** The demo access cases made now (null: there were cases already, or none fit). */
  cases: DemoCasesResult | null;
  /** False when the region was prepared before (demo_runs records it). */
  prepared: boolean;
}

/**
 * The parts of a demo region made through the use cases once its population exists: the caseload
 * (access use cases), procurement procedures, outcomes of ended allocations and contract changes
 * and dialogues. Each part is exactly once (each checks what exists), and the region is marked
 * prepared in demo_runs so a restart skips it; a run interrupted half-way continues at the next.
 * `between` is awaited between cases (a server yields to requests there).
 */
export async function prepareDemoRegion(db: Db, regionId: string, today: string, opts: { between?: () => Promise<void> } = {}): Promise<PreparedDemo> {
  const [run] = await db.select({ counts: demoRuns.counts }).from(demoRuns).where(eq(demoRuns.regionId, regionId));
  if (!run || (run.counts as { prepared?: boolean } | null)?.prepared) return { regionId, cases: null, prepared: false };
  // The caseload, made through the access use cases.
  const cases = await ensureDemoCases(db, regionId, today, DEMO_SEED, opts.between ? { between: opts.between } : {});
  await opts.between?.();
  // ... its procurement procedures, made through the procurement use cases.
  await ensureDemoProcurement(db, regionId, today);
  await opts.between?.();
  // ... and the outcomes of its ended allocations (JW307 stop reasons, national outcome set).
  await ensureDemoOutcomes(db, regionId, today);
  await opts.between?.();
  // Contract changes and dialogues (development partners follow once funding data is there).
  await ensureDemoContracts(db, regionId, today);
  await db
    .update(demoRuns)
    .set({ counts: sql`${demoRuns.counts} || '{"prepared": true}'::jsonb` })
    .where(eq(demoRuns.regionId, regionId));
  return { regionId, cases, prepared: true };
}

export async function start(open: OpenOptions, opts: StartOptions = {}): Promise<Started> {
  configurePseudonymKey(process.env, open.dataDir);
  const database = await openDatabase(open);
  let populations: DemoPopulations | null = null;
  try {
    const today = opts.today ?? dutchDate(new Date());
    const { profiles, problems } = loadProfiles(opts.profilesDir);
    jeugdigeHoogsteLeeftijd(today); // the Jeugdwet's law file: a missing or invalid one stops the start, naming the file
    const versions = currentVersions(profiles, today).map((v) => withDemoMunicipalities(v, opts.demo ?? []));
    const result: Started = { database, regions: versions.map((v) => v.profile.regio), profileProblems: problems, demo: [], demoPopulations: null };
    for (const regionId of opts.demo ?? [])
      if (!result.regions.includes(regionId))
        throw new BadInput(`--demo ${regionId}: geen geldig profiel voor die regio (bekend: ${result.regions.join(', ')})`);
    // New demo populations are generated on a worker thread, each ahead of its write (issue #14): the
    // first while the profiles are stored, from the same loaded profiles.
    populations = result.demoPopulations = await startDemoPopulations(database.db, opts.demo ?? [], {
      today,
      scale: opts.scale,
      scales: opts.scales,
      profiles: new Map(versions.map((v) => [v.profile.regio, v.profile])),
    });
    for (const v of versions) await syncProfile(database.db, v);
    for (const [n, regionId] of (opts.demo ?? []).entries()) {
      if (opts.deferDemo && opts.populateFirst !== undefined && n >= opts.populateFirst) continue;
      const generated = await ensureDemoRegion(database.db, regionId, { today, scale: opts.scales?.[regionId] ?? opts.scale, database, populations });
      if (opts.deferDemo) {
        result.demo.push({ regionId, generated });
        continue;
      }
      // A newly generated region gets its caseload, made through the access use cases.
      const cases = generated ? await ensureDemoCases(database.db, regionId, today, DEMO_SEED) : undefined;
      // ... and its procurement procedures, made through the procurement use cases.
      if (generated) await ensureDemoProcurement(database.db, regionId, today);
      // ... and the outcomes of its ended allocations (JW307 stop reasons, national outcome set).
      if (generated) await ensureDemoOutcomes(database.db, regionId, today);
      result.demo.push({ regionId, generated, ...(cases !== undefined ? { cases } : {}) });
    }
    if (opts.deferDemo) return result;
    for (const regionId of opts.demoFunding ?? []) {
      if (!(opts.demo ?? []).includes(regionId)) throw new BadInput(`--demo-funding ${regionId}: de regio moet ook bij --demo staan`);
      await ensureDemoFunding(database.db, regionId, today, opts.demoFundingYears ? { historyYears: opts.demoFundingYears } : {});
      await ensureDemoOutcomes(database.db, regionId, today);
    }
    // Contract changes, dialogues and (with funding data) development partners, once per demo region.
    for (const regionId of opts.demo ?? []) await ensureDemoContracts(database.db, regionId, today);
    return result;
  } catch (e) {
    await populations?.close();
    await database.close();
    throw e;
  }
}
