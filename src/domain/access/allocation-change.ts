/**
 * Changing and withdrawing an allocation (toewijzing), as the iJw 3.2 rules allow it. Pure: the
 * case, the change, the moment and what was declared on the allocation are passed in.
 *
 * What the standard allows (reference/ijw-regels/regels-op-berichten.md):
 * - OP033x1 / IV066: an allocation keeps its ToewijzingNummer when its end date changes (intrekken:
 *   shorter, oprekken: longer), when its Budget changes, or when its Volume changes and the
 *   Frequentie is 6 (totaal binnen geldigheidsduur toewijzing). Removing it (verwijderen) sets the
 *   end date to the start date with RedenWijziging 13 (CS335); it then counts as never sent.
 * - OP257 / IV066 / IV093: any other change of the Omvang ends the allocation the day before the
 *   change takes effect and gives a new allocation (new ToewijzingNummer, no RedenWijziging) from
 *   that day with the new Omvang.
 * - OP033x1, OP186, OP299: on the municipality's own initiative a change is made only in
 *   consultation with (and, for volume and budget, with the consent of) the provider; a change the
 *   provider asked for (JW317, RedenWijziging 12) needs no further consultation.
 * - UP031, OP345, OP362, TR385: a change may not make delivered or declared care unlawful: the end
 *   stays on or after the last declared day and after the start or stop of delivery, volume and
 *   budget stay at or above what was declared, and an allocation that was started or declared on
 *   cannot be removed.
 * - IV099 / IV013: the changed product carries its RedenWijziging (JZ002) and the moment of the
 *   change as Toewijzingsdatum/-tijd.
 */
import { JZ002, type JZ002Code } from '../../ijw/generated/codelists.js';
import { addDays } from '../dates.js';
import { findAllocation, IllegalTransition, statusFromAllocations, withAllocation, type CaseState, type Toewijzing } from './case.js';

export type Omvang = NonNullable<Toewijzing['omvang']>;

/** JZ002 codes a municipality may use for a change; 01 is withdrawn (vervallen) from the list. */
export const REDENEN_WIJZIGING = Object.fromEntries(Object.entries(JZ002).filter(([k]) => k !== '01')) as Record<Exclude<JZ002Code, '01'>, string>;
export type RedenWijziging = keyof typeof REDENEN_WIJZIGING;
export const isRedenWijziging = (code: string): code is RedenWijziging => code in REDENEN_WIJZIGING;

/** JZ002 12: the change honours a request of the provider (JW317, IV093). */
export const REDEN_OP_VERZOEK: RedenWijziging = '12';
/** JZ002 13: the allocation is removed (end date = start date, CS335). */
export const REDEN_VERWIJDERD: RedenWijziging = '13';
/** WMO757 6: Totaal binnen geldigheidsduur toewijzing. */
export const FREQUENTIE_TOTAAL = '6';

export interface AllocationChange {
  nummer: number;
  redenWijziging: string;
  /** The new end date (shorter, longer, or equal to the start date with reden 13). */
  einddatum?: string;
  /** The new extent (specific allocations: product code with Omvang). */
  omvang?: Omvang;
  /** The new budget in cents (aspecific or generic allocations). */
  budgetCents?: number;
  /** The day a new extent takes effect when that needs a new allocation (OP257); absent = the whole period. */
  wijzigingsdatum?: string;
  /** Who asked for it: the municipality itself, or the provider (a honoured JW317). */
  initiatief: 'gemeente' | 'aanbieder';
  /** The municipality consulted the provider (and has its consent for volume or budget), OP033x1. */
  afgestemdMetAanbieder?: boolean;
  /** A decision (beschikking) that covers a longer period; found on the case when absent. */
  beschikkingId?: number;
}

/** What was declared and approved on the allocation (not credited): its last day, volume and amount. */
export interface Declared {
  totEnMet: string | null;
  volume: number;
  bedragCents: number;
}

export const NOTHING_DECLARED: Declared = { totEnMet: null, volume: 0, bedragCents: 0 };

export interface ChangeResult {
  state: CaseState;
  /** The changed (or removed) allocation. */
  changed: Toewijzing;
  /** The allocation that carries a new extent from its wijzigingsdatum on (OP257), if any. */
  created?: Toewijzing;
}

const sameOmvang = (a: Omvang | undefined, b: Omvang | undefined) =>
  (!a && !b) || (!!a && !!b && a.volume === b.volume && a.eenheid === b.eenheid && a.frequentie === b.frequentie);

/**
 * True when the change needs a new allocation (a ToewijzingNummer from the sequence): a change of
 * the extent, unless it is the volume of a total over the period in the same unit (OP033x1, OP257).
 */
export function needsNewAllocation(s: CaseState, c: AllocationChange): boolean {
  const t = s.toewijzingen.find((x) => x.nummer === c.nummer);
  if (!t || !c.omvang || !t.omvang || sameOmvang(c.omvang, t.omvang)) return false;
  return !(t.omvang.frequentie === FREQUENTIE_TOTAAL && c.omvang.frequentie === FREQUENTIE_TOTAAL && c.omvang.eenheid === t.omvang.eenheid);
}

/**
 * Applies a change or withdrawal of allocation `c.nummer`. `nieuwNummer` is the ToewijzingNummer
 * for the new allocation when needsNewAllocation says one is needed. Throws IllegalTransition
 * (the case is left as it was) when the standard or the case does not allow it.
 */
export function wijzigToewijzing(s: CaseState, c: AllocationChange, opts: { at: string; declared?: Declared; nieuwNummer?: number }): ChangeResult {
  const cmd = 'toewijzing wijzigen';
  const fail = (detail: string): never => {
    throw new IllegalTransition(cmd, s.status, detail);
  };
  const t = findAllocation(cmd, s, c.nummer);
  const declared = opts.declared ?? NOTHING_DECLARED;
  if (t.status === 'ingetrokken') fail(`toewijzing ${t.nummer} is verwijderd (reden 13) en telt als niet verzonden`);
  if (!isRedenWijziging(c.redenWijziging))
    fail(`reden wijziging ${c.redenWijziging} staat niet in JZ002 (of is vervallen): kies uit ${Object.keys(REDENEN_WIJZIGING).join(', ')}`);
  if (c.initiatief === 'aanbieder' && c.redenWijziging !== REDEN_OP_VERZOEK)
    fail(`een wijziging op verzoek van de aanbieder krijgt reden ${REDEN_OP_VERZOEK} (IV093)`);
  if (c.initiatief === 'gemeente' && c.redenWijziging === REDEN_OP_VERZOEK)
    fail(`reden ${REDEN_OP_VERZOEK} hoort bij een gehonoreerd verzoek om wijziging van de aanbieder (JW317)`);

  const einddatum = c.einddatum ?? t.einddatum;
  const omvang = c.omvang && !sameOmvang(c.omvang, t.omvang) ? c.omvang : undefined;
  const budgetCents = c.budgetCents !== undefined && c.budgetCents !== t.budgetCents ? c.budgetCents : undefined;
  if (einddatum === t.einddatum && !omvang && budgetCents === undefined) fail('er verandert niets aan de toewijzing');
  if (omvang && !t.omvang) fail('alleen een specifieke toewijzing (met productcode en omvang) krijgt een andere omvang; wijzig anders het budget');
  if (budgetCents !== undefined && t.omvang) fail('een specifieke toewijzing heeft een omvang, geen budget');
  if (budgetCents !== undefined && (!Number.isInteger(budgetCents) || budgetCents < 0)) fail('het budget is een heel aantal centen, niet negatief');
  if (omvang && (!Number.isInteger(omvang.volume) || omvang.volume < 0)) fail('het volume is een geheel getal, niet negatief');
  if (c.initiatief === 'gemeente' && c.redenWijziging !== REDEN_VERWIJDERD && !c.afgestemdMetAanbieder) {
    fail(
      'een wijziging op initiatief van de gemeente gebeurt alleen in overleg met de aanbieder, voor volume en budget na diens instemming (OP033x1, OP186, OP299): bevestig dat dit is afgestemd',
    );
  }
  if (einddatum < t.ingangsdatum) fail(`de einddatum ${einddatum} ligt voor de ingangsdatum ${t.ingangsdatum}`);
  if (einddatum > t.einddatum && (s.status === 'afgesloten' || s.status === 'nazorg'))
    fail('de casus is afgesloten: een toewijzing wordt dan niet meer verlengd');

  // Removal (verwijderen): CS335, OP362, TR385.
  if (c.redenWijziging === REDEN_VERWIJDERD) {
    if (einddatum !== t.ingangsdatum) fail(`verwijderen (reden 13) zet de einddatum gelijk aan de ingangsdatum ${t.ingangsdatum} (CS335)`);
    if (omvang || budgetCents !== undefined) fail('verwijderen (reden 13) verandert geen omvang of budget');
    if (t.startdatum)
      fail(
        `toewijzing ${t.nummer} is gestart op ${t.startdatum}: verwijderen zou geleverde zorg onrechtmatig maken (OP362); beëindig haar met een andere reden`,
      );
    if (declared.totEnMet) fail(`op toewijzing ${t.nummer} is goedgekeurd gedeclareerd: verwijderen mag niet (TR385)`);
    const changed: Toewijzing = { ...t, einddatum, status: 'ingetrokken', redenWijziging: c.redenWijziging, vastgesteldOp: opts.at };
    const next = withAllocation(s, changed);
    return { state: { ...next, status: statusFromAllocations(next) }, changed };
  }

  // Lawfulness of delivered and declared care (UP031, OP345).
  const delivered = t.stopdatum && t.status === 'gestopt' ? t.stopdatum : t.startdatum;
  if (delivered && einddatum < delivered)
    fail(`de zorg is ${t.status === 'gestopt' ? 'geleverd tot' : 'gestart op'} ${delivered}: de einddatum ligt daar niet voor`);
  if (declared.totEnMet && einddatum < declared.totEnMet) fail(`er is gedeclareerd tot en met ${declared.totEnMet}: de einddatum ligt daar niet voor (UP031)`);
  if (budgetCents !== undefined && budgetCents < declared.bedragCents)
    fail(`er is al ${declared.bedragCents} cent gedeclareerd: het budget komt daar niet onder (OP299)`);

  const split = needsNewAllocation(s, c);
  if (omvang && !split && declared.volume > omvang.volume)
    fail(`er is al een volume van ${declared.volume} gedeclareerd: het totaal komt daar niet onder (UP031)`);

  // A longer period needs a decision that covers it (the allocation lies within its decision).
  const beschikkingId = coveringDecision(s, t, einddatum, c.beschikkingId, fail);

  if (!split) {
    const changed: Toewijzing = {
      ...t,
      einddatum,
      beschikkingId,
      ...(omvang ? { omvang } : {}),
      ...(budgetCents !== undefined ? { budgetCents } : {}),
      redenWijziging: c.redenWijziging,
      vastgesteldOp: opts.at,
    };
    const next = withAllocation(s, changed);
    return { state: { ...next, status: statusFromAllocations(next) }, changed };
  }

  // OP257 / IV093: end the current allocation the day before the new extent takes effect, and allocate anew from that day.
  if (opts.nieuwNummer === undefined) fail('een andere omvang vraagt een nieuwe toewijzing, maar er is geen toewijzingsnummer');
  const vanaf = c.wijzigingsdatum ?? t.ingangsdatum;
  if (vanaf < t.ingangsdatum || vanaf > einddatum) fail(`de wijzigingsdatum ${vanaf} ligt buiten de toewijzing (${t.ingangsdatum} t/m ${einddatum})`);
  const created: Toewijzing = {
    nummer: opts.nieuwNummer!,
    beschikkingId,
    segmentId: t.segmentId,
    providerId: t.providerId,
    productCategorie: t.productCategorie,
    ...(t.productCode ? { productCode: t.productCode } : {}),
    ingangsdatum: vanaf,
    einddatum,
    omvang: omvang!,
    status: 'toegewezen',
    vastgesteldOp: opts.at,
  };
  let changed: Toewijzing;
  if (vanaf === t.ingangsdatum) {
    // Over the whole period: the current allocation cannot end the day before it starts, so it is removed (CS335, OP362, TR385).
    if (t.startdatum || declared.totEnMet)
      fail(
        `een andere omvang over de hele periode vervangt toewijzing ${t.nummer}, maar daarop is al zorg ${t.startdatum ? 'gestart' : 'gedeclareerd'}: kies een wijzigingsdatum na ${delivered ?? declared.totEnMet}`,
      );
    changed = { ...t, einddatum: t.ingangsdatum, status: 'ingetrokken', redenWijziging: REDEN_VERWIJDERD, vastgesteldOp: opts.at };
  } else {
    const end = addDays(vanaf, -1);
    if (delivered && end < delivered)
      fail(`de zorg is ${t.status === 'gestopt' ? 'geleverd tot' : 'gestart op'} ${delivered}: de nieuwe omvang gaat op zijn vroegst de dag erna in`);
    if (declared.totEnMet && end < declared.totEnMet)
      fail(`er is gedeclareerd tot en met ${declared.totEnMet}: de nieuwe omvang gaat op zijn vroegst de dag erna in (UP031)`);
    changed = { ...t, einddatum: end, redenWijziging: c.redenWijziging, vastgesteldOp: opts.at };
  }
  const next = { ...withAllocation(s, changed), toewijzingen: [...withAllocation(s, changed).toewijzingen, created] };
  return { state: { ...next, status: statusFromAllocations(next) }, changed, created };
}

/** The decision an allocation lies in after its end moves to `einddatum`: its own, or one of the segment that continues it. */
function coveringDecision(s: CaseState, t: Toewijzing, einddatum: string, wanted: number | undefined, fail: (d: string) => never): number {
  const own = s.beschikkingen.find((b) => b.id === t.beschikkingId);
  if (own && einddatum <= own.einddatum && wanted === undefined) return t.beschikkingId;
  // Same segment, reaching the new end, and starting no later than the day after the current decision ends (no gap).
  const fits = (b: CaseState['beschikkingen'][number]) =>
    b.segmentId === t.segmentId && b.einddatum >= einddatum && b.ingangsdatum <= addDays(own?.einddatum ?? t.einddatum, 1);
  if (wanted !== undefined) {
    const b = s.beschikkingen.find((x) => x.id === wanted);
    if (!b || !fits(b)) fail(`beschikking ${wanted} dekt de toewijzing tot ${einddatum} niet (zelfde segment, aansluitend, tot en met de nieuwe einddatum)`);
    return wanted;
  }
  const b = s.beschikkingen.filter(fits).at(-1);
  if (!b) fail(`de beschikking loopt tot ${own?.einddatum ?? '?'}: leg eerst een beschikking vast die de toewijzing tot ${einddatum} dekt`);
  return b!.id;
}

export const redenLabel = (code: string) => (REDENEN_WIJZIGING as Record<string, string>)[code] ?? `reden ${code}`;
