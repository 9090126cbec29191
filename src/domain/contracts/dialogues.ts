/**
 * Steering and accountability dialogues (seed 003 §10.2: sturingsdialogen, verantwoordingsdialoog;
 * seed 004 leveranciersmanagement: periodic individual and collective contract talks,
 * ontwikkeltafels) and the actions agreed in them. Lifecycles:
 *
 *   dialogue: gepland -> gehouden | geannuleerd        (nothing after gehouden or geannuleerd)
 *   action:   open -> afgerond | vervallen             (overdue: open after its due date)
 *
 * The schedule follows the profile rule `dialoogcyclus` (frequency per kind). Pure: today passed in.
 */
import { addMonths } from '../dates.js';
import type { Regel } from '../landscape/profile-schema.js';

export type DialogueStatus = 'gepland' | 'gehouden' | 'geannuleerd';
export type ActionStatus = 'open' | 'afgerond' | 'vervallen';
export type Dialoogcyclus = Extract<Regel, { type: 'dialoogcyclus' }>;
export type DialoogSoort = Dialoogcyclus['dialogen'][number]['soort'];
export type Frequentie = NonNullable<Dialoogcyclus['dialogen'][number]['frequentie']>;

export const DIALOGUE_KINDS: readonly DialoogSoort[] = ['sturingsdialoog', 'verantwoordingsdialoog', 'contractgesprek', 'ontwikkeltafel', 'marktconsultatie'];

export class IllegalDialogueTransition extends Error {}

const DIALOGUE_NEXT: Record<DialogueStatus, DialogueStatus[]> = { gepland: ['gehouden', 'geannuleerd'], gehouden: [], geannuleerd: [] };
const ACTION_NEXT: Record<ActionStatus, ActionStatus[]> = { open: ['afgerond', 'vervallen'], afgerond: [], vervallen: [] };

/** Throws when the dialogue cannot move from `from` to `to`. */
export function dialogueTransition(from: string, to: DialogueStatus): DialogueStatus {
  const allowed = DIALOGUE_NEXT[from as DialogueStatus];
  if (!allowed?.includes(to))
    throw new IllegalDialogueTransition(
      `een dialoog met status "${from}" kan niet naar "${to}" (alleen een geplande dialoog kan worden gehouden of geannuleerd)`,
    );
  return to;
}

export function actionTransition(from: string, to: ActionStatus): ActionStatus {
  const allowed = ACTION_NEXT[from as ActionStatus];
  if (!allowed?.includes(to))
    throw new IllegalDialogueTransition(`een actie met status "${from}" kan niet naar "${to}" (alleen een open actie kan worden afgerond of laten vervallen)`);
  return to;
}

/** A dialogue is held on a day that has come (not in the future). */
export function holdRefusal(d: { status: string }, heldOn: string, today: string): string | null {
  if (d.status !== 'gepland') return `een dialoog met status "${d.status}" kan niet (opnieuw) worden gehouden`;
  if (heldOn > today) return `de datum ${heldOn} ligt in de toekomst; een dialoog wordt vastgelegd nadat hij is gehouden`;
  return null;
}

/** Open and past its due date. */
export function isOverdue(a: { status: string; dueOn: string }, today: string): boolean {
  return a.status === 'open' && a.dueOn < today;
}

const MONTHS: Record<Frequentie, number> = { maand: 1, kwartaal: 3, halfjaar: 6, jaar: 12 };

export function frequencyMonths(f: Frequentie): number {
  return MONTHS[f];
}

/**
 * The next `count` dates of a cycle starting at `from` (inclusive) every `frequentie`, counted from
 * `anchor` (e.g. the contract start) so the rhythm stays fixed: anchor, anchor + 1 period, ...
 */
export function scheduleDates(anchor: string, frequentie: Frequentie, from: string, count: number): string[] {
  const step = MONTHS[frequentie];
  const out: string[] = [];
  for (let i = 0; out.length < count && i < 1200; i++) {
    const d = addMonths(anchor, i * step);
    if (d >= from) out.push(d);
  }
  return out;
}

/** The dialogue kinds a segment's rule set asks for at a level (contract, perceel or segment). */
export function cycleFor(
  rules: readonly Regel[],
  niveau?: 'contract' | 'perceel' | 'segment',
): { ruleId: string; soort: DialoogSoort; niveau: string; frequentie?: Frequentie }[] {
  return rules
    .filter((r): r is Dialoogcyclus => r.type === 'dialoogcyclus')
    .flatMap((r) =>
      r.dialogen
        .filter((d) => !niveau || d.niveau === niveau)
        .map((d) => ({ ruleId: r.id, soort: d.soort, niveau: d.niveau, ...(d.frequentie ? { frequentie: d.frequentie } : {}) })),
    );
}
