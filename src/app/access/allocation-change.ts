/**
 * Use case: the municipality changes or withdraws an allocation on its own initiative, and the
 * provider receives the changed ToegewezenProduct at once (iJw OP033x1, IV066, IV099): one
 * transaction applies the change to the case (src/domain/access/allocation-change.ts), updates the
 * allocation register and sends a JW301 with the same ToewijzingNummer and its RedenWijziging (plus
 * the client's other current allocations at that provider, OP087; no ReferentieAanbieder, IV097).
 * When the message cannot be sent (e.g. no BRP address) nothing changes. Allocations of taakgericht
 * segments are not sent with messages (OP086): their change is recorded on the case only.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { providers } from '../../db/schema.js';
import { redenLabel, type AllocationChange } from '../../domain/access/allocation-change.js';
import type { RuleHit } from '../../domain/access/access-rules.js';
import type { UserScope } from '../../domain/access/roles.js';
import { NotFound } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';
import { applyCaseCommand, type CaseView } from './cases.js';
import { requireMunicipality, variantOf, type SentMessage } from './ijw-common.js';
import { sendJw301 } from './jw301-out.js';

export type ChangeAllocationInput = Omit<AllocationChange, 'nummer' | 'initiatief'>;

export interface ChangeAllocationResult extends CaseView {
  hits: RuleHit[];
  /** The JW301 sent to the provider; absent for a taakgericht segment. */
  jw301?: SentMessage;
}

export async function changeAllocation(
  db: Db,
  user: UserScope,
  regionId: string,
  caseId: number,
  nummer: number,
  input: ChangeAllocationInput,
  now: Date,
  expectedVersion?: number,
): Promise<ChangeAllocationResult> {
  const gemeente = requireMunicipality(user, regionId);
  const profile = await loadRegionProfile(db, regionId);
  return db.transaction(async (tx) => {
    const after = await applyCaseCommand(
      tx,
      user,
      regionId,
      caseId,
      { type: 'toewijzing-wijzigen', wijziging: { ...input, nummer, initiatief: 'gemeente' } },
      now,
      expectedVersion,
    );
    const changed = after.state.toewijzingen.find((t) => t.nummer === nummer);
    if (!changed) throw new NotFound(`toewijzing ${nummer} hoort niet bij casus ${caseId}`);
    if (variantOf(profile, changed.segmentId) === 'taakgericht') return after;
    // A change of extent ends this allocation and creates one, established at the same moment without a reason (OP257).
    const created = after.state.toewijzingen
      .filter((t) => t.nummer !== nummer && t.vastgesteldOp === changed.vastgesteldOp && !t.redenWijziging)
      .map((t) => t.nummer);
    const [p] = await tx.select().from(providers).where(eq(providers.id, changed.providerId));
    if (!p) throw new NotFound(`aanbieder ${changed.providerId} niet gevonden`);
    // The changed allocation with its reason, and the allocation a change of extent created (new, so no reason).
    const explicit = new Map<number, { redenWijziging?: string }>([
      [nummer, { redenWijziging: changed.redenWijziging }],
      ...created.map((n): [number, { redenWijziging?: string }] => [n, {}]),
    ]);
    const jw301 = await sendJw301(
      tx,
      { regionId, gemeente, youthId: after.youthId, provider: p, explicit, profile, now, caseId, byUser: user.username },
      (nummers) =>
        `Toewijzingsbericht (JW301) verstuurd aan ${p.name}: toewijzing ${nummer} ${changed.status === 'ingetrokken' ? 'verwijderd' : 'gewijzigd'} (reden: ${redenLabel(changed.redenWijziging ?? '').toLowerCase()}); in het bericht: ${nummers.join(', ')}`,
    );
    return { ...after, jw301 };
  });
}
