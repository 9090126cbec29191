/**
 * What a procurement command reads back (issue #14, the demo's first start): by default the
 * procedure's detail, as the API answers; a caller that goes on with the next command (the demo's
 * procurement scripts) passes procedureVersions, two reads instead of the detail's seven. Expected:
 * procedureVersions gives exactly the detail's id, segment, status, version, configuration and
 * applications (id, provider, version) for every reader, including a provider, who sees only its
 * own application; a command with that reader returns the versions the detail shows after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { procedures } from '../../src/db/schema-procurement.js';
import type { UserScope } from '../../src/domain/access/roles.js';
import { procedureDetail, procedureVersions, transitionProcedure, type ProcedureDetail } from '../../src/app/procurement/procedures.js';
import { setUp, tearDown, type Harness } from './procurement-helpers.js';
import { users } from '../../src/db/schema.js';

const TODAY = '2026-12-06';
let h: Harness;
let cm: UserScope;

const subset = (d: ProcedureDetail) => ({
  id: d.id,
  segmentId: d.segmentId,
  status: d.status,
  version: d.version,
  config: d.config,
  applications: d.applications.map((a) => ({ id: a.id, providerId: a.providerId, version: a.version })),
});

beforeAll(async () => {
  // The demo's procurement (src/demo/procurement.ts) runs on start: Holland Rijnland's procedures with admitted providers.
  h = await setUp(TODAY, ['holland-rijnland']);
  const [u] = await h.s.database.db.select().from(users).where(eq(users.username, 'contractmanager.holland-rijnland'));
  cm = { userId: u!.id, username: u!.username, role: 'contractmanager', regionId: u!.regionId, municipalityCode: null, providerId: null };
}, 180_000);
afterAll(async () => tearDown(h));

describe('procedureVersions: what the next command needs, the same as the detail', () => {
  it('for the contract manager: every procedure of the region, with all its applications', async () => {
    const db = h.s.database.db;
    const list = await db.select({ id: procedures.id }).from(procedures).where(eq(procedures.regionId, 'holland-rijnland')).orderBy(asc(procedures.id));
    expect(list.length).toBeGreaterThan(0);
    let apps = 0;
    for (const { id } of list) {
      const detail = await procedureDetail(db, cm, 'holland-rijnland', id);
      apps += detail.applications.length;
      expect(await procedureVersions(db, cm, 'holland-rijnland', id)).toEqual(subset(detail));
    }
    expect(apps).toBeGreaterThan(0);
  });

  it('for a provider: only its own application, as in its detail', async () => {
    const db = h.s.database.db;
    const [p] = await db.select({ id: procedures.id }).from(procedures).where(eq(procedures.regionId, 'holland-rijnland')).orderBy(asc(procedures.id));
    const all = await procedureDetail(db, cm, 'holland-rijnland', p!.id);
    const own = all.applications[0]!;
    const provider: UserScope = {
      userId: 0,
      username: 'aanbieder.test',
      role: 'aanbieder',
      regionId: 'holland-rijnland',
      municipalityCode: null,
      providerId: own.providerId,
    };
    const versions = await procedureVersions(db, provider, 'holland-rijnland', p!.id);
    expect(versions.applications).toEqual([{ id: own.id, providerId: own.providerId, version: own.version }]);
    expect(versions).toEqual(subset(await procedureDetail(db, provider, 'holland-rijnland', p!.id)));
  });

  it('a command with procedureVersions as its read-back answers the versions after the command', async () => {
    const db = h.s.database.db;
    const [p] = await db.select({ id: procedures.id }).from(procedures).where(eq(procedures.regionId, 'holland-rijnland')).orderBy(asc(procedures.id));
    const before = await procedureDetail(db, cm, 'holland-rijnland', p!.id);
    // Intermediate entry switched (seed 004 §3.2 f): a command on the procedure itself.
    const after = await transitionProcedure(
      db,
      cm,
      'holland-rijnland',
      p!.id,
      { type: 'toetreding', open: !before.entryOpen, reden: 'Toetreding gewijzigd (test)' },
      before.version,
      new Date(`${TODAY}T10:00:00Z`),
      procedureVersions,
    );
    expect(after.version).toBe(before.version + 1);
    expect(after).toEqual(subset(await procedureDetail(db, cm, 'holland-rijnland', p!.id)));
  });
});
