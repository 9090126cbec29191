/**
 * Procedure use cases: the procedure board of a region, one procedure in detail (with the next
 * actions the domain allows), creating a procedure for a segment (its kind from the profile),
 * configuring it while in concept, and phase transitions with who/when/why in procedure_events.
 * Each command is one transaction with the procedure row locked and its version checked.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';

import { applications, procedures } from '../../db/schema-procurement.js';
import type { UserScope } from '../../domain/access/roles.js';

import { configure, defaultConfig, procedureSoort, type ConfigInput } from '../../domain/procurement/config.js';

import { transition, type ApplicationStatus, type ProcedureAction } from '../../domain/procurement/procedure.js';

import { dutchDate } from '../../domain/dates.js';
import { BadInput } from '../errors.js';

import { loadRegionProfile } from '../landscape.js';
import {
  checkVersion,
  configOf,
  Conflict,
  describeRefusal,
  loadProcedure,
  recordEvent,
  requireChange,
  RuleRefused,
  segmentOf,
  stateOf,
  touchProcedure,
} from './common.js';
import { type ProcedureDetail, type ProcedureReadBack, detailReadBack } from './procedure-views.js';

export {
  type ProcedureSummary,
  type BoardSegment,
  type Board,
  procedureBoard,
  type MemberView,
  type ApplicationView,
  type ProcedureDetail,
  type IntentionView,
  type BidderNotice,
  procedureDetail,
  loadApplications,
  type ProcedureReadBack,
  type ProcedureVersions,
  detailReadBack,
  procedureVersions,
} from './procedure-views.js';

export interface CreateProcedureInput {
  segmentId: string;
  name?: string;
}

/** Starts a procedure for a segment in phase concept; its kind and default set-up come from the profile. */
export async function createProcedure<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  input: CreateProcedureInput,
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  const seg = segmentOf(profile, input.segmentId);
  const soort = procedureSoort(seg);
  if (typeof soort !== 'string') throw new RuleRefused([soort], 'Geen procedure mogelijk');
  const today = dutchDate(now);
  const config = defaultConfig(profile, seg, soort, today);
  const name = input.name?.trim() || `${seg.naam} ${today.slice(0, 4)}`;
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(procedures)
      .values({
        regionId,
        segmentId: seg.id,
        soort,
        name,
        status: 'concept',
        config,
        entryOpen: true,
        contractStart: config.looptijd?.startDate ?? null,
        contractEnd: config.looptijd?.endDate ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordEvent(tx, row!, user, now, { action: 'aanmaken', toStatus: 'concept', data: { soort, segmentId: seg.id } });
    return row!.id;
  });
  return readBack(db, user, regionId, id, new Date());
}

/** Changes the set-up while the procedure is in concept (criteria, weights, minimum plan score, lots, start date). */
export async function configureProcedure<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  input: ConfigInput & { version?: number },
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  await db.transaction(async (tx) => {
    const row = await loadProcedure(tx, regionId, procedureId, true);
    checkVersion('procedure', row.version, input.version);
    if (row.status !== 'concept') throw new Conflict(`de inrichting ligt vast zodra de procedure is gepubliceerd (fase ${row.status})`);
    const seg = segmentOf(profile, row.segmentId);
    const r = configure(seg, configOf(row), input);
    if (!r.ok) throw new RuleRefused(r.problems, 'Ongeldige inrichting');
    await touchProcedure(tx, row, now, {
      config: r.config,
      contractStart: r.config.looptijd?.startDate ?? null,
      contractEnd: r.config.looptijd?.endDate ?? null,
    });
    await recordEvent(tx, row, user, now, { action: 'inrichten', data: { ...input } });
  });
  return readBack(db, user, regionId, procedureId, now);
}

/** Applies a phase transition (publish, go/no-go, close intake round, close/reopen entry, end, withdraw). */
export async function transitionProcedure<T = ProcedureDetail>(
  db: Db,
  user: UserScope,
  regionId: string,
  procedureId: number,
  action: ProcedureAction,
  expectedVersion: number | undefined,
  now: Date,
  readBack: ProcedureReadBack<T> = detailReadBack as ProcedureReadBack<T>,
): Promise<T> {
  requireChange(user, regionId);
  if (action.type === 'gunnen') throw new BadInput('gunnen gaat via het gunningsbesluit (POST /procedures/{id}/award) met de gunning per perceel');
  await db.transaction(async (tx) => {
    const row = await loadProcedure(tx, regionId, procedureId, true);
    checkVersion('procedure', row.version, expectedVersion);
    const apps = await tx.select({ status: applications.status }).from(applications).where(eq(applications.procedureId, row.id));
    const state = stateOf(row);
    if (action.type === 'publiceren') {
      const cfg = configOf(row);
      if (cfg.emvi === null && state.soort === 'sas-dialoog')
        throw new RuleRefused([{ ruleId: 'emvi-criteria', message: 'leg de EMVI-criteria vast voordat de procedure wordt gepubliceerd' }]);
    }
    const r = transition(
      state,
      action,
      apps.map((a) => ({ status: a.status as ApplicationStatus })),
    );
    if (!r.ok) {
      if (r.conflict) throw new Conflict(describeRefusal(r.refusal), { violations: [r.refusal] });
      throw new RuleRefused([r.refusal]);
    }
    const today = dutchDate(now);
    await touchProcedure(tx, row, now, {
      status: r.state.status,
      entryOpen: r.state.entryOpen,
      ...(action.type === 'publiceren' ? { publishedOn: today } : {}),
    });
    const reason = 'reden' in action ? action.reden : null;
    const name =
      action.type === 'go-no-go'
        ? `go-no-go:${action.besluit}`
        : action.type === 'toetreding'
          ? action.open
            ? 'toetreding-openen'
            : 'toetreding-sluiten'
          : action.type;
    await recordEvent(tx, row, user, now, { action: name, fromStatus: row.status, toStatus: r.state.status, reason });
  });
  return readBack(db, user, regionId, procedureId, now);
}
