/**
 * Use cases of the scenario simulation: read a scenario file (YAML or an object, schema-checked
 * with Dutch messages), list the shipped and stored scenario files of a region, store one built in
 * the web app, export it as YAML, and run a file against the region's base.
 *
 * Who: controller, beleid and contractmanager of the region (seed questions of policy and
 * commissioning); every other role and other regions get 403.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { parseDocument, stringify } from 'yaml';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { regions } from '../../db/schema.js';
import { scenarioFiles } from '../../db/schema-simulation.js';
import type { UserScope } from '../../domain/access/roles.js';
import { dataScope } from '../../domain/access/roles.js';
import { baseTotals, checkScenario, simulateScenario, type ScenarioResult, type Totals } from '../../domain/simulation/engine.js';
import { baseYears, ScenarioFile } from '../../domain/simulation/scenario.js';
import { BadInput, Forbidden, NotFound } from '../errors.js';
import { DEFAULT_PROFILES_DIR } from '../profiles/profile-store.js';
import { loadBase } from './base.js';
import { dutchIssueMessage } from '../zod-messages.js';

export const SIMULATION_ROLES = ['controller', 'beleid', 'contractmanager'] as const;

/** The user may simulate for this region (or throws 403/404). A null user is the CLI (operator on the machine). */
export async function requireSimulationAccess(db: Db, user: UserScope | null, regionId: string): Promise<{ name: string }> {
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.id, regionId));
  if (!region) throw new NotFound(`regio "${regionId}" bestaat niet`);
  if (user === null) return region;
  if (!(SIMULATION_ROLES as readonly string[]).includes(user.role))
    throw new Forbidden('scenario-analyse is er voor de rollen controller, beleidsadviseur en contractmanager');
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'region') throw new Forbidden(`uw account hoort bij een andere regio dan ${regionId}`);
  return region;
}

// ------------------------------------------------------------------------------------------------
// Reading scenario files

function issuesText(issues: z.core.$ZodIssue[]): string[] {
  return issues.slice(0, 20).map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${dutchIssueMessage(i)}`);
}

/** A scenario file from YAML text; BadInput with the problems (and their lines) when it is not valid. */
export function parseScenarioYaml(text: string, shownAs = 'scenariobestand'): ScenarioFile {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw new BadInput(`${shownAs} is geen geldige YAML: ${doc.errors[0]!.message}`);
  return parseScenarioObject(doc.toJS(), shownAs);
}

export function parseScenarioObject(data: unknown, shownAs = 'scenariobestand'): ScenarioFile {
  const parsed = ScenarioFile.safeParse(data);
  if (!parsed.success) {
    const problems = issuesText(parsed.error.issues);
    throw new BadInput(`${shownAs} klopt niet: ${problems.join('; ')}`, { problems });
  }
  return parsed.data;
}

/** The scenario files shipped with a region (profiles/<regio>/scenarios/*.yaml). */
export function shippedScenarioFiles(regionId: string, dir = DEFAULT_PROFILES_DIR): { file: string; definition: ScenarioFile }[] {
  const folder = join(dir, regionId, 'scenarios');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((file) => ({ file, definition: parseScenarioYaml(readFileSync(join(folder, file), 'utf8'), `${regionId}/scenarios/${file}`) }));
}

/** Every scenario file under `dir` (profiles/<regio>/scenarios/*.yaml) checked: valid files and problems (file: message). */
export function checkScenarioFiles(dir = DEFAULT_PROFILES_DIR): { ok: { file: string; scenarios: number }[]; problems: string[] } {
  const ok: { file: string; scenarios: number }[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { ok, problems };
  for (const region of readdirSync(dir).sort()) {
    const folder = join(dir, region, 'scenarios');
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()) {
      const shown = relative(process.cwd(), join(folder, name)) || join(folder, name);
      try {
        const f = parseScenarioYaml(readFileSync(join(folder, name), 'utf8'), shown);
        if (f.regio !== region) problems.push(`${shown}: regio "${f.regio}" hoort bij de map "${region}"`);
        else ok.push({ file: shown, scenarios: f.scenarios.length });
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
    }
  }
  return { ok, problems };
}

export interface ScenarioFileSummary {
  source: 'meegeleverd' | 'opgeslagen';
  /** File name (shipped) or stored id. */
  ref: string;
  name: string;
  scenarios: { id: string; naam: string; wijzigingen: number }[];
  definition: ScenarioFile;
}

export async function listScenarioFiles(db: Db, user: UserScope, regionId: string): Promise<ScenarioFileSummary[]> {
  await requireSimulationAccess(db, user, regionId);
  const summary = (definition: ScenarioFile) => definition.scenarios.map((s) => ({ id: s.id, naam: s.naam, wijzigingen: s.wijzigingen.length }));
  const shipped = shippedScenarioFiles(regionId).map(({ file, definition }): ScenarioFileSummary => ({
    source: 'meegeleverd',
    ref: file,
    name: file.replace(/\.ya?ml$/, ''),
    scenarios: summary(definition),
    definition,
  }));
  const stored = await db.select().from(scenarioFiles).where(eq(scenarioFiles.regionId, regionId)).orderBy(desc(scenarioFiles.id));
  return [
    ...shipped,
    ...stored.map((r): ScenarioFileSummary => {
      const definition = ScenarioFile.parse(r.definition);
      return { source: 'opgeslagen', ref: String(r.id), name: r.name, scenarios: summary(definition), definition };
    }),
  ];
}

/** Stores a scenario file built in the web app (validated; the region must be the file's). */
export async function saveScenarioFile(db: Db, user: UserScope, regionId: string, input: { name: string; definition: unknown }): Promise<{ id: number }> {
  await requireSimulationAccess(db, user, regionId);
  const definition = parseScenarioObject(input.definition);
  if (definition.regio !== regionId) throw new BadInput(`het scenariobestand is voor regio "${definition.regio}", niet voor ${regionId}`);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 120) throw new BadInput('geef het scenariobestand een naam van 1 tot 120 tekens');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(scenarioFiles).values({ regionId, name, definition, createdBy: user.username }).returning({ id: scenarioFiles.id });
    return { id: row!.id };
  });
}

/** A stored or shipped scenario file as YAML (the same format as profiles/<regio>/scenarios/*.yaml). */
export async function exportScenarioFile(db: Db, user: UserScope, regionId: string, ref: string): Promise<{ fileName: string; yaml: string }> {
  const definition = await resolveScenarioFile(db, user, regionId, ref);
  return { fileName: `${regionId}-${ref.replace(/\.ya?ml$/, '')}.yaml`, yaml: stringify(definition, { lineWidth: 0 }) };
}

async function resolveScenarioFile(db: Db, user: UserScope, regionId: string, ref: string): Promise<ScenarioFile> {
  await requireSimulationAccess(db, user, regionId);
  if (/^\d+$/.test(ref)) {
    const [row] = await db
      .select()
      .from(scenarioFiles)
      .where(and(eq(scenarioFiles.regionId, regionId), eq(scenarioFiles.id, Number(ref))));
    if (!row) throw new NotFound(`opgeslagen scenariobestand ${ref} bestaat niet in deze regio`);
    return ScenarioFile.parse(row.definition);
  }
  const hit = shippedScenarioFiles(regionId).find((f) => f.file === ref || f.file === `${ref}.yaml`);
  if (!hit) throw new NotFound(`scenariobestand "${ref}" bestaat niet voor deze regio`);
  return hit.definition;
}

// ------------------------------------------------------------------------------------------------
// Running

export interface SimulationReport {
  region: string;
  period: { from: string; to: string };
  base: Totals;
  scenarios: ScenarioResult[];
  /** Names for the keys (segments, providers, municipalities) and the settings of the run. */
  labels: { segments: Record<string, string>; providers: Record<string, string>; municipalities: Record<string, string> };
  runs: number;
  seed: number;
  viabilityThreshold: number;
}

export interface RunOptions {
  runs?: number;
  seed?: number;
  /** Reference date (Dutch calendar day): "last N full years" and the schedule items due. */
  today: string;
  /** Only these scenarios of the file. */
  scenarioIds?: string[];
  onProgress?: (scenario: string, done: number, total: number) => void;
  /** Replay change by change for the waterfall (default true; the CLI's JSON does not need it). */
  waterfall?: boolean;
}

export const MAX_RUNS = 10_000;

/** Runs a scenario file against the region's base (one transaction-free read; nothing is written). */
export async function runScenarioFile(db: Db, user: UserScope | null, regionId: string, file: ScenarioFile, opts: RunOptions): Promise<SimulationReport> {
  await requireSimulationAccess(db, user, regionId);
  if (file.regio !== regionId) throw new BadInput(`het scenariobestand is voor regio "${file.regio}", niet voor ${regionId}`);
  const runs = opts.runs ?? 0;
  if (!Number.isInteger(runs) || runs < 0 || runs > MAX_RUNS) throw new BadInput(`het aantal runs is een geheel getal van 0 tot ${MAX_RUNS}`);
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) throw new BadInput('de seed van de kansberekening is een geheel getal');
  const listed = baseYears(file.basis, opts.today);
  const years = Array.from({ length: listed[listed.length - 1]! - listed[0]! + 1 }, (_, i) => listed[0]! + i);
  const base = await loadBase(db, regionId, years, opts.today);
  const chosen = opts.scenarioIds ? file.scenarios.filter((s) => opts.scenarioIds!.includes(s.id)) : file.scenarios;
  if (opts.scenarioIds && chosen.length !== opts.scenarioIds.length)
    throw new BadInput(`onbekend scenario: ${opts.scenarioIds.filter((id) => !file.scenarios.some((s) => s.id === id)).join(', ')}`);
  const problems = chosen.flatMap((s) => checkScenario(base, s));
  if (problems.length > 0) throw new BadInput(problems.join('; '), { problems });
  const baseT = baseTotals(base);
  const spread = { volumegroei: file.spreiding.volumegroei.waarde, doelbereik: file.spreiding.doelbereik.waarde };
  const scenarios = chosen.map((s) =>
    simulateScenario(
      base,
      s,
      {
        spread,
        runs,
        seed,
        viability: file.levensvatbaarheidsdrempel.waarde,
        waterfall: opts.waterfall ?? true,
        ...(opts.onProgress ? { onProgress: (d: number, t: number) => opts.onProgress!(s.id, d, t) } : {}),
      },
      baseT,
    ),
  );
  return {
    region: regionId,
    period: { from: `${years[0]}-01-01`, to: `${years[years.length - 1]}-12-31` },
    base: baseT,
    scenarios,
    labels: {
      segments: Object.fromEntries(base.segments.map((s) => [s.id, s.name])),
      providers: Object.fromEntries(base.providers.map((p) => [String(p.id), p.name])),
      municipalities: { ...Object.fromEntries(base.municipalities.map((m) => [m.code, m.name])), regionaal: 'Regionaal (niet per gemeente)' },
    },
    runs,
    seed,
    viabilityThreshold: file.levensvatbaarheidsdrempel.waarde,
  };
}

/** Resolves the source of a run request: exactly one of an inline file, YAML text, a shipped file name or a stored id. */
export async function scenarioFileFrom(
  db: Db,
  user: UserScope,
  regionId: string,
  source: { file?: unknown; yaml?: string; ref?: string },
): Promise<ScenarioFile> {
  const given = [source.file !== undefined, source.yaml !== undefined, source.ref !== undefined].filter(Boolean).length;
  if (given !== 1) throw new BadInput('geef precies een van: file (scenariobestand), yaml (tekst) of ref (meegeleverd of opgeslagen scenariobestand)');
  if (source.yaml !== undefined) return parseScenarioYaml(source.yaml);
  if (source.file !== undefined) return parseScenarioObject(source.file);
  return resolveScenarioFile(db, user, regionId, source.ref!);
}

/** The CLI's JSON: exactly {region, period, base, scenarios:[{id, name, totals..., providersBelowThreshold, ceilingExceedances, percentiles}]}. */
export function cliJson(r: SimulationReport) {
  const totals = (t: Totals) => ({
    totalCents: t.totalCents,
    byYear: t.byYear,
    byMunicipality: t.byMunicipality,
    bySegment: t.bySegment,
    byProvider: t.byProvider,
  });
  return {
    region: r.region,
    period: r.period,
    base: totals(r.base),
    scenarios: r.scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      ...totals(s),
      providersBelowThreshold: s.providersBelowThreshold,
      ceilingExceedances: s.ceilingExceedances,
      percentiles: s.percentiles,
    })),
  };
}
