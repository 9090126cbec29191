/**
 * Issue #14: the bulk of the demo caseload computed in memory and written as rows with COPY. Every
 * command goes through the same steps as the access use cases (src/app/access/cases.ts
 * `applyCaseCommand`, help-request.ts `registerHelpRequest`, allocation-change.ts
 * `changeAllocation`), with their shared pure parts: the role of the command, the input guards, the
 * region's rules (`checkAction` with the family's other cases and the provider's contracts; a
 * blocking hit refuses the command), the domain transition (`caseTransition`), the timeline text
 * (`describeCommand`) and the allocation register rows (`allocationValues`). What the database
 * gives the use cases is given here without a round trip per command: case ids and
 * ToewijzingNummers are reserved from their sequences in blocks, and a changed allocation has no
 * declarations (its number was reserved in this run, so no declaration can name it yet).
 *
 * `write` puts the cases, their timeline, the allocation register and the JW301 messages of
 * allocation changes (composed and validated by the app's `sendJw301`, after the rows are there)
 * into the caller's transaction: the bulk of a caseload commits or rolls back as one. The KPI facts
 * are not kept per command as the use cases keep them: the region's facts are refreshed in full
 * when its demo is whole (the fingerprint of the case register changed).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.js';
import { providers } from '../db/schema.js';
import { isExterneVerwijzer, IllegalTransition, newCase, type CaseState } from '../domain/access/case.js';
import { COMMAND_ROLES } from '../domain/access/commands.js';
import { applicableRules, checkAction, type AccessRuleSet, type RuleHit } from '../domain/access/access-rules.js';
import { guardDecision, guardMdo, guardReferral } from '../domain/access/input-guards.js';
import { dataScope, type UserScope } from '../domain/access/roles.js';
import { dutchDate, isCalendarDate } from '../domain/dates.js';
import type { RegionProfile } from '../domain/landscape/profile-schema.js';
import { BadInput, FieldRefused, Forbidden, NotFound } from '../app/errors.js';
import {
  allocationValues,
  changedAllocationValues,
  caseTransition,
  checkAllocationChange,
  commandAction,
  Conflict,
  describeCommand,
  refuseBlocking,
  type CaseCommand,
  type StoredCase,
} from '../app/access/cases.js';
import { redenLabel } from '../domain/access/allocation-change.js';
import type { ChangeAllocationInput } from '../app/access/allocation-change.js';
import type { HelpRequestInput } from '../app/access/help-request.js';
import { requireMunicipality, variantOf } from '../app/access/ijw-common.js';
import { sendJw301 } from '../app/access/jw301-out.js';
import { copyInTransaction, type CopyValue } from './copy.js';

/** One case of the book: its row as the use cases would store it. */
interface CaseRec {
  id: number;
  regionId: string;
  familyId: number;
  youthId: number;
  municipalityCode: string;
  areaId: string | null;
  state: StoredCase;
  version: number;
  openedAt: Date;
  updatedAt: Date;
  /** Not in the database yet (made by this book). */
  fresh: boolean;
}

type AllocationRow = ReturnType<typeof allocationValues>;

interface EventRow {
  caseId: number;
  at: Date;
  type: string;
  byUser: string;
  text: string;
  data: { signals: RuleHit[] } | null;
}

/** A JW301 of an allocation change, sent once the rows are written (the message reads them). */
interface PendingJw301 {
  user: UserScope;
  caseId: number;
  nummer: number;
  now: Date;
}

/** What a demo case needs back from a command: its id and state. */
export interface DemoCaseState {
  id: number;
  state: StoredCase;
}

export interface CaseBookContext {
  regionId: string;
  profile: RegionProfile;
  rules: AccessRuleSet;
  /** The region's contracts (the rule that allocations go to contracted providers). */
  contracts: { providerId: number; segmentId: string; startDate: string; endDate: string }[];
  /** The region's cases already in the database (the family rules look at them). */
  existing: { id: number; familyId: number; state: StoredCase }[];
}

/** Ids from a sequence, reserved in blocks (one statement per block); unused ones stay unused, like a rolled-back insert's. */
class IdBlock {
  private ids: number[] = [];
  constructor(
    private readonly db: Db,
    private readonly nextval: string,
    private readonly size = 64,
  ) {}
  async next(): Promise<number> {
    if (this.ids.length === 0) {
      const r = (await this.db.execute(sql.raw(`select nextval(${this.nextval})::int as id from generate_series(1, ${this.size})`))) as unknown as {
        rows: { id: number }[];
      };
      this.ids = r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
    }
    return this.ids.shift()!;
  }
}

export class CaseBook {
  private readonly cases = new Map<number, CaseRec>();
  private readonly byFamily = new Map<number, number[]>();
  private readonly events: EventRow[] = [];
  private readonly allocations = new Map<number, AllocationRow>();
  private readonly pending: PendingJw301[] = [];
  private readonly providerNames = new Map<number, string>();
  private readonly caseIds: IdBlock;
  private readonly nummers: IdBlock;
  commands = 0;

  constructor(
    private readonly db: Db,
    private readonly ctx: CaseBookContext,
  ) {
    this.caseIds = new IdBlock(db, `pg_get_serial_sequence('cases', 'id')`);
    this.nummers = new IdBlock(db, `'toewijzing_nummer_seq'`);
    for (const c of ctx.existing) this.family(c.familyId).push(c.id);
    for (const c of ctx.existing) {
      this.cases.set(c.id, {
        id: c.id,
        regionId: ctx.regionId,
        familyId: c.familyId,
        youthId: 0,
        municipalityCode: '',
        areaId: null,
        state: c.state,
        version: 0,
        openedAt: new Date(0),
        updatedAt: new Date(0),
        fresh: false,
      });
    }
  }

  /** Number of cases this book made. */
  get made(): number {
    let n = 0;
    for (const c of this.cases.values()) if (c.fresh) n++;
    return n;
  }

  private family(familyId: number): number[] {
    let list = this.byFamily.get(familyId);
    if (!list) this.byFamily.set(familyId, (list = []));
    return list;
  }

  /** The other cases of the family (familyStates of the use cases). */
  private familyOf(c: Pick<CaseRec, 'id' | 'familyId'>): CaseState[] {
    return this.family(c.familyId)
      .filter((id) => id !== c.id)
      .map((id) => this.cases.get(id)!.state);
  }

  private async providerName(id: number): Promise<string | undefined> {
    if (!this.providerNames.has(id)) {
      const [p] = await this.db.select({ name: providers.name }).from(providers).where(eq(providers.id, id));
      if (p) this.providerNames.set(id, p.name);
    }
    return this.providerNames.get(id);
  }

  /** registerHelpRequest for an existing youth of the user's municipality (no new youth, no address). */
  async register(
    user: UserScope,
    youth: { id: number; familyId: number; birthDate: string },
    input: Omit<HelpRequestInput, 'youth' | 'adres' | 'familyId'>,
    now: Date,
  ): Promise<DemoCaseState> {
    const { regionId, profile, rules } = this.ctx;
    if (user.role !== 'toegang') throw new Forbidden('alleen het lokale team (toegang) registreert hulpvragen');
    const scope = dataScope(user, regionId);
    if (scope.kind !== 'municipality') throw new Forbidden('uw account hoort niet bij een gemeente van deze regio');
    if (input.areaId && !profile.gebieden.some((g) => g.id === input.areaId && g.gemeenten.includes(scope.municipalityCode))) {
      throw new BadInput(`gebied "${input.areaId}" bedient gemeente ${scope.municipalityCode} niet`);
    }
    if (!input.hulpvraag.trim()) throw new BadInput('beschrijf de hulpvraag');
    const v = input.verwijzing;
    if (v) {
      if (!isExterneVerwijzer(v.verwijzer))
        throw new BadInput(`bij de aanmelding wordt alleen een verwijzing door een externe verwijzer vastgelegd, niet ${v.verwijzer}`);
      if (!profile.segmenten.some((s) => s.id === v.segmentId)) throw new BadInput(`onbekend taakgebied of segment "${v.segmentId}"`);
      if (!isCalendarDate(v.datum)) throw new BadInput('de datum van de verwijzing is een datum (JJJJ-MM-DD)');
      const guards = guardReferral(v, dutchDate(now));
      if (guards.length > 0) throw new FieldRefused(guards);
    }
    const today = dutchDate(now);
    const state: StoredCase = {
      ...newCase({
        hulpvraag: input.hulpvraag,
        aangemeldOp: now.toISOString(),
        crisis: input.crisis,
        geboortedatum: youth.birthDate,
        regievoerder: input.regievoerder,
      }),
      afgehandeld: [],
    };
    const rec: CaseRec = {
      id: await this.caseIds.next(),
      regionId,
      familyId: youth.familyId,
      youthId: youth.id,
      municipalityCode: scope.municipalityCode,
      areaId: input.areaId ?? null,
      state,
      version: 1,
      openedAt: now,
      updatedAt: now,
      fresh: true,
    };
    if (input.regievoerder) {
      // One regievoerder per family (seed 003 §5.1): the same check as a later regie command.
      const action = { kind: 'regie' as const, regievoerder: input.regievoerder };
      refuseBlocking(checkAction(applicableRules(rules, state, action), state, action, { today, family: this.familyOf(rec) }));
    }
    this.cases.set(rec.id, rec);
    this.family(rec.familyId).push(rec.id);
    this.events.push({
      caseId: rec.id,
      at: now,
      type: 'hulpvraag',
      byUser: user.username,
      text: `Hulpvraag geregistreerd${input.crisis ? ' (crisis)' : ''}`,
      data: null,
    });
    if (v) return this.apply(user, rec.id, { type: 'verwijzing', verwijzing: v }, now);
    return { id: rec.id, state: rec.state };
  }

  /** applyCaseCommand on a case of this book. */
  async apply(user: UserScope, caseId: number, cmd: CaseCommand, now: Date): Promise<DemoCaseState> {
    const { profile, rules } = this.ctx;
    const allowed = COMMAND_ROLES[cmd.type];
    if (!allowed.includes(user.role)) throw new Forbidden(`de rol ${user.role} mag "${cmd.type}" niet doen (wel: ${allowed.join(', ')})`);
    const today = dutchDate(now);
    const row = this.cases.get(caseId);
    if (!row?.fresh) throw new NotFound(`casus ${caseId} niet gevonden in deze bulk`);
    const state = row.state;
    const guards =
      cmd.type === 'verwijzing'
        ? guardReferral(cmd.verwijzing, today)
        : cmd.type === 'beschikking'
          ? guardDecision(state, cmd.beschikking)
          : cmd.type === 'mdo'
            ? guardMdo(applicableRules(rules, state), state, cmd.mdo)
            : [];
    if (guards.length > 0) throw new FieldRefused(guards);
    const family = this.familyOf(row);
    const action = commandAction(cmd, today);
    const contracten =
      cmd.type === 'toewijzing'
        ? this.ctx.contracts
            .filter((c) => c.providerId === cmd.toewijzing.providerId)
            .map((c) => ({ segmentId: c.segmentId, startDate: c.startDate, endDate: c.endDate }))
        : undefined;
    const hits = action ? checkAction(applicableRules(rules, state, action), state, action, { today, family, ...(contracten ? { contracten } : {}) }) : [];
    refuseBlocking(hits);
    let next: StoredCase;
    try {
      // A changed allocation was made in this run (its number reserved here): nothing can be declared on it yet.
      const nummer = cmd.type === 'toewijzing' ? await this.nummers.next() : undefined;
      next = caseTransition(state, cmd, today, now, user, nummer !== undefined ? { nummer } : {});
      if (cmd.type === 'toewijzing-wijzigen' && next.toewijzingen.length > state.toewijzingen.length)
        throw new Error('demo: an allocation change that makes a new allocation is not made in bulk');
    } catch (e) {
      if (e instanceof IllegalTransition) throw new Conflict(e.message);
      throw e;
    }
    if (cmd.type === 'toewijzing-wijzigen') {
      checkAllocationChange(rules, state, next, { today, family }, hits);
      const t = next.toewijzingen.find((x) => x.nummer === cmd.wijziging.nummer)!;
      const reg = this.allocations.get(t.nummer)!;
      Object.assign(reg, changedAllocationValues(t));
    }
    if (cmd.type === 'toewijzing') {
      const t = next.toewijzingen.at(-1)!;
      this.allocations.set(t.nummer, allocationValues(row, t));
    }
    if (cmd.type === 'stop' && cmd.reden !== '20') {
      const reg = this.allocations.get(cmd.nummer);
      if (reg) Object.assign(reg, { stopdatum: cmd.datum, redenBeeindiging: cmd.reden });
    }
    row.state = next;
    row.version++;
    row.updatedAt = now;
    if (cmd.type === 'regie' && cmd.regievoerder) {
      // One regievoerder per family (seed 003 §5.1): a handover applies to every open case of the family.
      for (const id of this.family(row.familyId)) {
        const sib = this.cases.get(id)!;
        if (id === row.id || sib.state.status === 'afgesloten') continue;
        if (!sib.fresh) throw new Error('demo: a family handover that changes a case outside this bulk is not made in bulk');
        sib.state = { ...sib.state, regievoerder: cmd.regievoerder };
        sib.version++;
        sib.updatedAt = now;
        this.events.push({
          caseId: sib.id,
          at: now,
          type: 'regie',
          byUser: user.username,
          text: `Regievoerder van het gezin: ${cmd.regievoerder}`,
          data: null,
        });
      }
    }
    const providerName = cmd.type === 'toewijzing' ? await this.providerName(cmd.toewijzing.providerId) : undefined;
    const segmentName = (id: string) => profile.segmenten.find((x) => x.id === id)?.naam ?? id;
    this.events.push({
      caseId: row.id,
      at: now,
      type: cmd.type,
      byUser: user.username,
      text: describeCommand(cmd, state, next, { segment: segmentName, provider: providerName }),
      data: hits.length > 0 ? { signals: hits } : null,
    });
    return { id: row.id, state: row.state };
  }

  /** changeAllocation: the change on the case now, its JW301 when the rows are written. */
  async change(user: UserScope, caseId: number, nummer: number, input: ChangeAllocationInput, now: Date): Promise<DemoCaseState> {
    requireMunicipality(user, this.ctx.regionId);
    const after = await this.apply(user, caseId, { type: 'toewijzing-wijzigen', wijziging: { ...input, nummer, initiatief: 'gemeente' } }, now);
    const changed = after.state.toewijzingen.find((t) => t.nummer === nummer);
    if (!changed) throw new NotFound(`toewijzing ${nummer} hoort niet bij casus ${caseId}`);
    if (variantOf(this.ctx.profile, changed.segmentId) !== 'taakgericht') this.pending.push({ user, caseId, nummer, now });
    return after;
  }

  /** Writes the book's cases, timeline, allocation register and JW301 messages in `tx` (COPY; the messages through sendJw301). */
  async write(tx: Tx): Promise<{ cases: number; events: number; allocations: number; messages: number }> {
    const fresh = [...this.cases.values()].filter((c) => c.fresh).sort((a, b) => a.id - b.id);
    const ts = (d: Date) => d.toISOString();
    await copyInTransaction(
      tx,
      'cases',
      [
        'id',
        'region_id',
        'family_id',
        'youth_id',
        'municipality_code',
        'area_id',
        'status',
        'regievoerder',
        'crisis',
        'provider_ids',
        'state',
        'version',
        'opened_at',
        'updated_at',
      ],
      fresh.map((c): CopyValue[] => [
        c.id,
        c.regionId,
        c.familyId,
        c.youthId,
        c.municipalityCode,
        c.areaId,
        c.state.status,
        c.state.regievoerder ?? null,
        c.state.crisis,
        [...new Set(c.state.toewijzingen.map((t) => t.providerId))],
        c.state as unknown as Record<string, unknown>,
        c.version,
        ts(c.openedAt),
        ts(c.updatedAt),
      ]),
    );
    await copyInTransaction(
      tx,
      'case_events',
      ['case_id', 'at', 'type', 'by_user', 'text', 'data'],
      this.events.map((e): CopyValue[] => [e.caseId, ts(e.at), e.type, e.byUser, e.text, e.data]),
    );
    const allocationRows = [...this.allocations.values()];
    await copyInTransaction(
      tx,
      'allocations',
      [
        'region_id',
        'toewijzing_nummer',
        'youth_id',
        'provider_id',
        'segment_id',
        'municipality_code',
        'case_id',
        'product_categorie',
        'product_code',
        'ingangsdatum',
        'einddatum',
        'volume',
        'eenheid',
        'frequentie',
        'budget_cents',
        'reden_wijziging',
        'stopdatum',
        'reden_beeindiging',
      ],
      allocationRows.map((a): CopyValue[] => [
        a.regionId,
        a.toewijzingNummer,
        a.youthId,
        a.providerId,
        a.segmentId,
        a.municipalityCode,
        a.caseId ?? null,
        a.productCategorie ?? null,
        a.productCode ?? null,
        a.ingangsdatum,
        a.einddatum ?? null,
        a.volume ?? null,
        a.eenheid ?? null,
        a.frequentie ?? null,
        a.budgetCents ?? null,
        a.redenWijziging ?? null,
        a.stopdatum ?? null,
        a.redenBeeindiging ?? null,
      ]),
    );
    // The JW301 of each allocation change, as changeAllocation sends it (composed from the rows just written).
    for (const p of this.pending) {
      const c = this.cases.get(p.caseId)!;
      const changed = c.state.toewijzingen.find((t) => t.nummer === p.nummer)!;
      const created = c.state.toewijzingen
        .filter((t) => t.nummer !== p.nummer && t.vastgesteldOp === changed.vastgesteldOp && !t.redenWijziging)
        .map((t) => t.nummer);
      const [prov] = await tx.select().from(providers).where(eq(providers.id, changed.providerId));
      if (!prov) throw new NotFound(`aanbieder ${changed.providerId} niet gevonden`);
      const explicit = new Map<number, { redenWijziging?: string }>([
        [p.nummer, { redenWijziging: changed.redenWijziging }],
        ...created.map((n): [number, { redenWijziging?: string }] => [n, {}]),
      ]);
      await sendJw301(
        tx,
        {
          regionId: this.ctx.regionId,
          gemeente: requireMunicipality(p.user, this.ctx.regionId),
          youthId: c.youthId,
          provider: prov,
          explicit,
          profile: this.ctx.profile,
          now: p.now,
          caseId: c.id,
          byUser: p.user.username,
        },
        (nummers) =>
          `Toewijzingsbericht (JW301) verstuurd aan ${prov.name}: toewijzing ${p.nummer} ${changed.status === 'ingetrokken' ? 'verwijderd' : 'gewijzigd'} (reden: ${redenLabel(changed.redenWijziging ?? '').toLowerCase()}); in het bericht: ${nummers.join(', ')}`,
      );
    }
    return { cases: fresh.length, events: this.events.length, allocations: allocationRows.length, messages: this.pending.length };
  }
}
