/**
 * Payment schedules as pure calculators: which components of a segment's funding are paid by
 * schedule (lump sum, availability, one budget for a group of providers), and the monthly items of
 * one contract component within a period. Amounts are input (profile parameters or a demo's stated
 * assumptions); nothing here reads a database or the clock.
 */
import { monthlySchedule, type ScheduleItem } from './models.js';
import { isOpen, type Bron, type SegmentProfile } from '../landscape/profile-schema.js';
import { maxDate, minDate } from '../dates.js';

/** The funding models that appear in schedules (`byModel[].model`). */
export type ScheduleModel = 'taakgericht' | 'groepsbudget' | 'beschikbaarheid' | 'resultaatgericht' | 'caseload' | 'outputgericht';

/** One scheduled component of a segment's funding (the lump sum itself, or an extra component beside it). */
export interface ScheduleComponent {
  model: 'taakgericht' | 'groepsbudget' | 'beschikbaarheid';
  /** Short label, part of the schedule's unique key (e.g. "lumpsum", "beschikbaarheid 1"). */
  description: string;
  /** The profile's own words for an extra component (aanvullend[].omschrijving). */
  omschrijving?: string;
  /** Index in `aanvullend`, or null for the segment's main variant. */
  aanvullend: number | null;
  bron: Bron;
}

/**
 * The components of a segment that are paid by schedule: a taakgericht (lump sum) or
 * beschikbaarheid main variant, plus every `aanvullend` entry of those variants.
 */
export function scheduleComponents(seg: SegmentProfile): ScheduleComponent[] {
  const b = seg.bekostiging;
  if (isOpen(b)) return [];
  const out: ScheduleComponent[] = [];
  // One budget for a group of providers (seed 001 gezinsvormen: "Taakgerichte uitvoeringsvariant, een budget").
  if (b.variant === 'taakgericht' && b.vorm === 'groepsbudget')
    out.push({ model: 'groepsbudget', description: 'groepsbudget', aanvullend: null, bron: b.bron });
  else if (b.variant === 'taakgericht') out.push({ model: 'taakgericht', description: 'lumpsum', aanvullend: null, bron: b.bron });
  if (b.variant === 'beschikbaarheid') out.push({ model: 'beschikbaarheid', description: 'beschikbaarheidsbijdrage', aanvullend: null, bron: b.bron });
  (b.aanvullend ?? []).forEach((a, i) => {
    if (a.variant !== 'taakgericht' && a.variant !== 'beschikbaarheid') return;
    out.push({
      model: a.variant,
      description: `${a.variant === 'taakgericht' ? 'taakgericht budget' : 'beschikbaarheid'} ${i + 1}`,
      omschrijving: a.omschrijving,
      aanvullend: i,
      bron: a.bron,
    });
  });
  return out;
}

export interface ScheduleContract {
  id: number;
  providerId: number;
  segmentId: string;
  lotId: string | null;
  startDate: string;
  endDate: string;
  status: string;
}

export interface CreateSchedulesInput {
  /** First day that may be scheduled (e.g. the start of the demo history). */
  from: string;
  /** Last day that may be scheduled; default the contract's end. */
  to?: string;
  /** Yearly amount in cents for a FULL calendar year of this component, or undefined for none that year. */
  yearlyCents: (contract: ScheduleContract, component: ScheduleComponent, year: number) => number | undefined;
  /** Discount on the yearly amount (fraction 0..1), e.g. an efficiency cut on the SGGZ share (seed 003 §5.3.5). */
  discount?: (contract: ScheduleContract, component: ScheduleComponent, year: number) => number | undefined;
}

/** The schedule items of one contract component within [from, to]: per calendar year a monthly split (models.monthlySchedule). */
export function contractComponentSchedule(c: ScheduleContract, component: ScheduleComponent, input: CreateSchedulesInput): ScheduleItem[] {
  const from = maxDate(c.startDate, input.from);
  const to = minDate(c.endDate, input.to ?? c.endDate);
  const out: ScheduleItem[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    const cents = input.yearlyCents(c, component, year);
    if (cents === undefined || cents === 0) continue;
    const discount = input.discount?.(c, component, year) ?? 0;
    if (discount < 0 || discount >= 1) throw new RangeError(`discount must be in [0, 1), got ${discount}`);
    const startDate = maxDate(from, `${year}-01-01`);
    const endDate = minDate(to, `${year}-12-31`);
    if (startDate > endDate) continue;
    out.push(...monthlySchedule({ yearlyCents: () => cents, startDate, endDate, discount }));
  }
  return out;
}
