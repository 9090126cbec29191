/**
 * "Mijn werk": the start page of a logged-in user, per role, in the user's own region and scope.
 * It composes the existing read use cases (each applies the user's tenancy):
 * - toegang: own cases with a signal due within the attention window;
 * - gemeente: cases waiting for a beschikking (verwezen) or a toewijzing (beschikt), and due signals;
 * - contractmanager: procedures with a next step or a standstill, contracts ending soon, open dialogue actions;
 * - controller and beleid: ceilings nearly used up, declarations with rejected lines;
 * - aanbieder: own allocations not yet started, own recent declarations;
 * - beheer: open questions in the region profile and the background demo funding.
 * Items carry a target (page kind and id) that the web turns into a link.
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { cases, contracts, providers } from '../db/schema.js';
import { dialogueActions, dialogues } from '../db/schema-procurement.js';
import { ATTENTION, TABS_BY_ROLE, type Tab } from '../domain/access/navigation.js';
import { dataScope, ROLE_LABELS, type UserScope } from '../domain/access/roles.js';
import type { CaseState, Toewijzing } from '../domain/access/case.js';
import { addDays, addMonths, dutchDate } from '../domain/dates.js';
import { isOpen } from '../domain/landscape/profile-schema.js';
import { worklist, type WorklistRow } from './access/case-queries.js';
import { listContracts } from './contracts/contracts.js';
import { NotFound } from './errors.js';
import { listDeclarations } from './funding/declarations.js';
import { loadRegionProfile } from './landscape.js';
import { procedureBoard } from './procurement/procedures.js';

export interface WorkTarget {
  page: 'case' | 'procedure' | 'contract' | 'declaration' | 'worklist' | 'contracts' | 'declarations' | 'landscape' | 'funding';
  id?: number;
}

export interface WorkItem {
  text: string;
  detail?: string;
  /** Calendar date the item is due or ends (YYYY-MM-DD). */
  due?: string | null;
  target?: WorkTarget;
}

export interface WorkSection {
  id: string;
  title: string;
  /** All items in the section (the list shows the first ones). */
  total: number;
  items: WorkItem[];
  /** Where the full list is. */
  more?: WorkTarget;
  empty: string;
}

export interface MyWork {
  regionId: string;
  role: string;
  roleLabel: string;
  tabs: readonly Tab[];
  sections: WorkSection[];
}

const SHOWN = 8;

function section(id: string, title: string, items: WorkItem[], empty: string, more?: WorkTarget): WorkSection {
  return { id, title, total: items.length, items: items.slice(0, SHOWN), empty, ...(more ? { more } : {}) };
}

/** A signal's text for the start page, without the rule reference the case page shows ("(regel …, bron …)"). */
const signalText = (message: string) => {
  const at = message.indexOf(' (regel ');
  return at >= 0 ? message.slice(0, at) : message;
};

const caseItem = (r: WorklistRow, detail?: string): WorkItem => ({
  text: `Casus ${r.caseId}: ${r.youthName}`,
  detail: detail ?? (r.signals[0] ? signalText(r.signals[0].message) : r.expiring[0] ? `Toewijzing ${r.expiring[0].nummer} loopt af` : undefined),
  due: r.due,
  target: { page: 'case', id: r.caseId },
});

/** The start page of the user in a region (NotFound for a region the user does not belong to). */
export async function myWork(db: Db, user: UserScope, regionId: string, now: Date): Promise<MyWork> {
  if (dataScope(user, regionId).kind === 'none') throw new NotFound(`regio "${regionId}" is niet zichtbaar voor uw account`);
  const today = dutchDate(now);
  const sections: WorkSection[] = [];
  const role = user.role;
  if (role === 'toegang' || role === 'gemeente') {
    const rows = await worklist(db, user, regionId, {}, now);
    if (role === 'gemeente') {
      const decide = rows.filter((r) => r.status === 'verwezen');
      const allocate = rows.filter((r) => r.status === 'beschikt');
      sections.push(
        section(
          'beschikken',
          'Beschikkingen af te geven',
          decide.map((r) => caseItem(r, 'Verwezen; wacht op een beschikking')),
          'Geen casussen die op een beschikking wachten.',
          { page: 'worklist' },
        ),
      );
      sections.push(
        section(
          'toewijzen',
          'Toewijzingen te maken',
          allocate.map((r) => caseItem(r, 'Beschikt; wacht op een toewijzing aan een aanbieder')),
          'Geen casussen die op een toewijzing wachten.',
          { page: 'worklist' },
        ),
      );
    }
    const horizon = addDays(today, ATTENTION.caseDueDays);
    const due = rows.filter((r) => r.due !== null && r.due <= horizon);
    sections.push(
      section(
        'termijnen',
        `Casussen met een termijn tot en met ${ATTENTION.caseDueDays} dagen`,
        due.map((r) => caseItem(r)),
        'Geen termijnen in de komende twee weken.',
        { page: 'worklist' },
      ),
    );
  }
  if (role === 'contractmanager' || role === 'beheer') {
    const board = await procedureBoard(db, user, regionId);
    const open = board.segments.flatMap((s) =>
      s.procedures.filter((p) => !['gegund', 'verleend', 'beeindigd', 'ingetrokken', 'concept'].includes(p.status)).map((p) => ({ p, s })),
    );
    sections.push(
      section(
        'procedures',
        'Procedures met een volgende stap',
        open.map(({ p, s }) => ({ text: p.name, detail: `${s.name} · ${p.statusLabel}: ${p.nextStep}`, target: { page: 'procedure', id: p.id } })),
        'Geen lopende procedures.',
      ),
    );
  }
  if (role === 'contractmanager' || role === 'aanbieder' || role === 'beleid') {
    const until = addMonths(today, ATTENTION.contractEndMonths);
    const ending = await db
      .select({ id: contracts.id, endDate: contracts.endDate, segmentId: contracts.segmentId, lotId: contracts.lotId, providerName: providers.name })
      .from(contracts)
      .innerJoin(providers, eq(providers.id, contracts.providerId))
      .where(
        and(
          eq(contracts.regionId, regionId),
          gte(contracts.endDate, today),
          lte(contracts.endDate, until),
          lte(contracts.startDate, today),
          role === 'aanbieder' ? eq(contracts.providerId, user.providerId!) : undefined,
        ),
      )
      .orderBy(asc(contracts.endDate), asc(contracts.id));
    const profile = await loadRegionProfile(db, regionId);
    const segName = (id: string) => profile.segmenten.find((s) => s.id === id)?.naam ?? id;
    sections.push(
      section(
        'contracten-aflopend',
        `Contracten die binnen ${ATTENTION.contractEndMonths} maanden aflopen`,
        ending.map((c) => ({
          text: `${c.providerName} · ${segName(c.segmentId)}${c.lotId ? ` · perceel ${c.lotId}` : ''}`,
          detail: 'Verlengen, opnieuw inkopen of laten aflopen',
          due: c.endDate,
          target: { page: 'contract', id: c.id },
        })),
        'Geen contracten die binnenkort aflopen.',
        { page: 'contracts' },
      ),
    );
  }
  if (role === 'contractmanager') {
    const horizon = addDays(today, ATTENTION.actionDueDays);
    const actions = await db
      .select({
        id: dialogueActions.id,
        description: dialogueActions.description,
        owner: dialogueActions.owner,
        dueOn: dialogueActions.dueOn,
        contractId: dialogues.contractId,
        providerName: providers.name,
      })
      .from(dialogueActions)
      .innerJoin(dialogues, eq(dialogues.id, dialogueActions.dialogueId))
      .leftJoin(providers, eq(providers.id, dialogues.providerId))
      .where(and(eq(dialogueActions.regionId, regionId), eq(dialogueActions.status, 'open'), lte(dialogueActions.dueOn, horizon)))
      .orderBy(asc(dialogueActions.dueOn), asc(dialogueActions.id));
    sections.push(
      section(
        'dialoogacties',
        'Open acties uit dialogen',
        actions.map((a) => ({
          text: a.description,
          // The same action of dialogues with two providers reads the same: the provider tells them apart.
          detail: `${a.providerName ? `${a.providerName} · ` : ''}Eigenaar: ${a.owner}${a.dueOn < today ? ' · over de datum' : ''}`,
          due: a.dueOn,
          ...(a.contractId ? { target: { page: 'contract' as const, id: a.contractId } } : {}),
        })),
        'Geen open acties in de komende maand.',
      ),
    );
  }
  if (role === 'controller' || role === 'beleid') {
    const list = await listContracts(db, user, regionId, { status: 'lopend', limit: 2000 }, today);
    const near = list.rows.flatMap((c) => c.ceilings.filter((x) => x.usedShare !== null && x.usedShare >= ATTENTION.ceilingShare).map((x) => ({ c, x })));
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const levels: Record<string, string> = {
      aanbieder: 'aanbiederplafond',
      segment: 'segmentplafond',
      contract: 'contractplafond',
      perceel: 'perceelplafond',
      'aanbieder-segment': 'plafond van de aanbieder in het segment',
    };
    sections.push(
      section(
        'plafonds',
        `Plafonds voor ${pct(ATTENTION.ceilingShare)} of meer benut`,
        near
          .sort((a, b) => (b.x.usedShare ?? 0) - (a.x.usedShare ?? 0))
          .map(({ c, x }) => ({
            text: `${c.providerName} · ${c.segmentName}`,
            detail: `${levels[x.level] ?? 'plafond'} ${x.year}: ${pct(x.usedShare!)} benut`,
            target: { page: 'contract', id: c.id },
          })),
        'Geen plafonds die bijna op zijn.',
        { page: 'contracts' },
      ),
    );
  }
  if (role === 'controller' || role === 'aanbieder' || role === 'gemeente') {
    const rejected = role !== 'aanbieder';
    const decl = await listDeclarations(db, user, regionId, { ...(rejected ? { rejectedOnly: true } : {}), limit: SHOWN });
    const euro = (c: number) => `€ ${(c / 100).toLocaleString('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    sections.push({
      id: 'declaraties',
      title: rejected ? 'Declaraties met afgewezen regels' : 'Uw declaraties',
      total: decl.total,
      items: decl.rows.map((d) => ({
        text: `Declaratie ${d.declaratieNummer}${d.providerName && role !== 'aanbieder' ? ` · ${d.providerName}` : ''}`,
        detail: rejected
          ? `${d.rejectedCount} van ${d.lineCount} regels afgewezen · ingediend ${euro(d.submittedCents)}, toegekend ${euro(d.approvedCents)}`
          : `${d.lineCount} regels · ingediend ${euro(d.submittedCents)}, toegekend ${euro(d.approvedCents)}`,
        target: { page: 'declaration', id: d.id },
      })),
      more: { page: 'declarations' },
      empty: rejected ? 'Geen declaraties met afgewezen regels.' : 'Nog geen declaraties ontvangen.',
    });
  }
  if (role === 'aanbieder') {
    const rows = await db
      .select({ id: cases.id, state: cases.state })
      .from(cases)
      .where(and(eq(cases.regionId, regionId), sql`${cases.status} <> 'afgesloten'`, sql`${user.providerId!} = any(${cases.providerIds})`))
      .orderBy(asc(cases.id));
    const toStart = rows.flatMap((r) =>
      ((r.state as CaseState).toewijzingen as Toewijzing[])
        .filter((t) => t.providerId === user.providerId && t.status === 'toegewezen')
        .map((t) => ({ caseId: r.id, t })),
    );
    toStart.sort((a, b) => a.t.ingangsdatum.localeCompare(b.t.ingangsdatum) || a.t.nummer - b.t.nummer);
    sections.unshift(
      section(
        'te-starten',
        'Toewijzingen om te starten',
        toStart.map(({ caseId, t }) => ({
          text: `Toewijzing ${t.nummer} (casus ${caseId})`,
          detail: `Product ${t.productCode ?? t.productCategorie}; start de zorg en meld die met een startbericht`,
          due: t.ingangsdatum,
        })),
        'Geen toewijzingen die nog moeten starten.',
      ),
    );
  }
  if (role === 'beheer') {
    const profile = await loadRegionProfile(db, regionId);
    const open = [
      ...profile.openVragen.map((q) => ({ text: q.openVraag, detail: 'Regioprofiel' })),
      ...profile.segmenten.flatMap((s) => [
        ...s.openVragen.map((q) => ({ text: q.openVraag, detail: s.naam })),
        ...(isOpen(s.procedure) ? [{ text: s.procedure.openVraag, detail: `${s.naam} · inkoopprocedure` }] : []),
      ]),
    ];
    sections.push(
      section(
        'profielvragen',
        'Open vragen in het regioprofiel',
        open.map((o) => ({ ...o, target: { page: 'landscape' as const } })),
        'Het profiel heeft geen open vragen.',
        { page: 'landscape' },
      ),
    );
  }
  return { regionId, role, roleLabel: ROLE_LABELS[role], tabs: TABS_BY_ROLE[role], sections };
}
