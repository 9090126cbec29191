/**
 * What the settlement of one declaration reads, inside its transaction (settle.ts): the
 * allocations, earlier lines and approved totals for the numbers and references of one chunk of
 * lines, the provider's tariffs, and the ceilings of the years and segments the declaration
 * touches with what is already spent under each.
 *
 * Lists travel as ONE array parameter (`= any($1)`): a message may hold 100,000 numbers, above the
 * 65,535 bound parameters of the PostgreSQL protocol.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { allocations, declarationLines, providers, tariffs, youths } from '../../db/schema.js';
import { debitKey, type Allocation, type CeilingState, type PriorLine } from '../../domain/funding/settlement.js';
import { valueAt } from '../../domain/funding/models.js';
import { isOpen, type RegionProfile } from '../../domain/landscape/profile-schema.js';
import { TECHNICAL_REJECTION } from '../../ijw/findings.js';
import { jsonRows } from '../../db/json-rows.js';

export const anyInt = (col: unknown, values: readonly number[]) => sql`${col} = any(${sql.param([...values])}::int[])`;
export const anyText = (col: unknown, values: readonly string[]) => sql`${col} = any(${sql.param([...values])}::text[])`;

/** Rows of a raw statement, on PGlite and node-postgres alike. */
export const rowsOf = <T>(r: unknown): T[] => (r as { rows?: T[] }).rows ?? (r as T[]);

export interface AllocationRow {
  id: number;
  segmentId: string;
  municipalityCode: string;
  allocation: Allocation;
}

/** The allocations with these numbers, as the settlement domain needs them (only the columns it reads). */
export async function loadAllocations(tx: Tx, regionId: string, nummers: readonly number[]): Promise<Map<number, AllocationRow>> {
  if (nummers.length === 0) return new Map();
  // As one JSON value: PGlite decodes result rows one by one in JavaScript (json-rows.ts); a demo batch reads thousands.
  return allocationMapOf(await jsonRows<AllocationSelected>(tx, allocationsQuery(regionId, nummers)));
}

/** A row of allocationsQuery. */
export interface AllocationSelected {
  id: number;
  nummer: number;
  segmentId: string;
  municipalityCode: string;
  productCategorie: string | null;
  productCode: string | null;
  ingangsdatum: string;
  einddatum: string | null;
  volume: number | null;
  eenheid: string | null;
  frequentie: string | null;
  budgetCents: number | null;
  redenWijziging: string | null;
  agb: string;
  bsn: string;
}

/** The select of loadAllocations (to be read as JSON rows, alone or with other reads of the same statement). */
export const allocationsQuery = (regionId: string, nummers: readonly number[]): SQL =>
  sql`select a.id, a.toewijzing_nummer as nummer, a.segment_id as "segmentId", a.municipality_code as "municipalityCode",
        a.product_categorie as "productCategorie", a.product_code as "productCode", a.ingangsdatum, a.einddatum, a.volume, a.eenheid,
        a.frequentie, a.budget_cents as "budgetCents", a.reden_wijziging as "redenWijziging", p.agb_code as agb, y.bsn
      from ${allocations} a join ${providers} p on p.id = a.provider_id join ${youths} y on y.id = a.youth_id
      where a.region_id = ${regionId} and ${anyInt(sql`a.toewijzing_nummer`, nummers)}`;

/** The allocations by ToewijzingNummer, as the settlement domain needs them. */
export function allocationMapOf(rows: readonly AllocationSelected[]): Map<number, AllocationRow> {
  const out = new Map<number, AllocationRow>();
  for (const a of rows) {
    out.set(a.nummer, {
      id: a.id,
      segmentId: a.segmentId,
      municipalityCode: a.municipalityCode,
      allocation: {
        toewijzingNummer: a.nummer,
        bsn: a.bsn,
        providerAgb: a.agb,
        gemeente: a.municipalityCode,
        productCategorie: a.productCategorie ?? undefined,
        productCode: a.productCode ?? undefined,
        ingangsdatum: a.ingangsdatum,
        einddatum: a.einddatum ?? undefined,
        omvang: a.volume !== null && a.eenheid && a.frequentie ? { volume: a.volume, eenheid: a.eenheid, frequentie: a.frequentie } : undefined,
        budgetCents: a.budgetCents ?? undefined,
        redenWijziging: a.redenWijziging ?? undefined,
      },
    });
  }
  return out;
}

/**
 * The segments of the allocations with these numbers (to lock and load segment ceilings before
 * settling in chunks). Asked `per` numbers at a time: on PGlite one statement with an array of
 * 100,000 numbers raises the WebAssembly memory's high-water mark for good.
 */
export async function allocationSegments(tx: Tx, regionId: string, nummers: readonly number[], per = 5_000): Promise<string[]> {
  const out = new Set<string>();
  for (let i = 0; i < nummers.length; i += per) {
    const rows = await tx
      .selectDistinct({ segmentId: allocations.segmentId })
      .from(allocations)
      .where(and(eq(allocations.regionId, regionId), anyInt(allocations.toewijzingNummer, nummers.slice(i, i + per))));
    for (const r of rows) out.add(r.segmentId);
  }
  return [...out];
}

/**
 * Earlier lines of this provider by ReferentieNummer (approved or rejected; TR314, credits). A
 * ReferentieNummer may have been sent again and rejected (8021): the approved line is the one that counts.
 */
export async function loadPriorLines(
  tx: Tx,
  regionId: string,
  agb: string,
  refs: readonly string[],
  into: Map<string, PriorLine & { id: number }>,
  /** Lines of this declaration are left out (a declaration settled in chunks wrote its earlier chunks already). */
  excludeDeclarationId?: number,
): Promise<void> {
  if (refs.length === 0) return;
  addPriorLines(await jsonRows<PriorLineRow>(tx, priorLinesQuery(regionId, agb, refs, excludeDeclarationId)), into);
}

/** A row of priorLinesQuery. */
export type PriorLineRow = Omit<PriorLine, 'debetCredit'> & { id: number; debetCredit: string };

/** The select of loadPriorLines (JSON rows; dates as YYYY-MM-DD). */
export const priorLinesQuery = (regionId: string, agb: string, refs: readonly string[], excludeDeclarationId?: number): SQL =>
  sql`select l.id, l.referentie_nummer as "referentieNummer", l.toewijzing_nummer as "toewijzingNummer", l.product_code as "productCode",
      l.begindatum, l.einddatum, l.debet_credit as "debetCredit", l.bedrag_cents as "bedragCents", l.volume, l.credited, l.approved
    from ${declarationLines} l
    where l.region_id = ${regionId} and l.provider_agb = ${agb} and ${anyText(sql`l.referentie_nummer`, refs)}
      ${excludeDeclarationId === undefined ? sql`` : sql`and l.declaration_id <> ${excludeDeclarationId}`}`;

/** Adds earlier lines to the running map: an approved line counts over a rejected one of the same ReferentieNummer. */
export function addPriorLines(rows: readonly PriorLineRow[], into: Map<string, PriorLine & { id: number }>): void {
  for (const r of rows) {
    const existing = into.get(r.referentieNummer);
    if (existing?.approved && !r.approved) continue;
    into.set(r.referentieNummer, { ...r, debetCredit: r.debetCredit as 'D' | 'C' });
  }
}

/**
 * For these allocations: the approved totals (volume debit minus credit, signed amount; TR322,
 * TR369) aggregated per allocation, and of the given debit keys those that already have an open
 * approved debit (not credited; TR389), added to the running maps. One statement; it returns one
 * row per allocation and one per conflicting debit, not every earlier line. The caller asks totals
 * only for allocations that need them (a total volume or a budget).
 */
export async function loadAllocationTotals(
  tx: Tx,
  regionId: string,
  nummers: readonly number[],
  debitKeys: readonly DebitKeyParts[],
  totals: Map<number, { volume: number; amountCents: number }>,
  debits: Set<string>,
): Promise<void> {
  if (nummers.length === 0 && debitKeys.length === 0) return addTotals(nummers, [], totals, debits);
  addTotals(nummers, await jsonRows<TotalRow>(tx, totalsQuery(regionId, nummers, debitKeys)), totals, debits);
}

type DebitKeyParts = { toewijzingNummer: number; productCode: string; begindatum: string; einddatum: string };

/** A row of totalsQuery: a total per allocation (kind t) or an open debit (kind d). */
export interface TotalRow {
  kind: string;
  nummer: number;
  code: string | null;
  b: string | null;
  e: string | null;
  volume: string | null;
  amount: string | null;
}

/** The select of loadAllocationTotals (JSON rows). */
export const totalsQuery = (regionId: string, nummers: readonly number[], debitKeys: readonly DebitKeyParts[]): SQL => sql`
    select 't' as kind, l.toewijzing_nummer as nummer, null::text as code, null::text as b, null::text as e,
      sum(case when l.debet_credit = 'C' then -l.volume else l.volume end)::text as volume, sum(l.amount_cents)::text as amount
    from ${declarationLines} l
    where l.region_id = ${regionId} and l.approved and l.toewijzing_nummer = any(${sql.param([...nummers])}::int[])
    group by l.toewijzing_nummer
    union all
    select 'd', l.toewijzing_nummer, l.product_code, to_char(l.begindatum, 'YYYY-MM-DD'), to_char(l.einddatum, 'YYYY-MM-DD'), null, null
    from ${declarationLines} l
    where l.region_id = ${regionId} and l.approved and l.debet_credit = 'D' and not l.credited
      -- through the allocation index first, then the exact key (the text of debitKey)
      and l.toewijzing_nummer = any(${sql.param(debitKeys.map((k) => k.toewijzingNummer))}::int[])
      and (l.toewijzing_nummer::text || '|' || l.product_code || '|' || to_char(l.begindatum, 'YYYY-MM-DD') || '|' || to_char(l.einddatum, 'YYYY-MM-DD'))
        = any(${sql.param(debitKeys.map((k) => debitKey(k)))}::text[])`;

/** Adds the rows of totalsQuery to the running maps (an allocation without approved lines totals zero). */
export function addTotals(
  nummers: readonly number[],
  rows: readonly TotalRow[],
  totals: Map<number, { volume: number; amountCents: number }>,
  debits: Set<string>,
): void {
  for (const n of nummers) totals.set(n, { volume: 0, amountCents: 0 });
  for (const r of rows) {
    if (r.kind === 't') totals.set(Number(r.nummer), { volume: Number(r.volume), amountCents: Number(r.amount) });
    else debits.add(debitKey({ toewijzingNummer: Number(r.nummer), productCode: r.code!, begindatum: r.b!, einddatum: r.e! }));
  }
}

/** The provider's contract tariff for a line: valid on its Begindatum, in its unit when the contract has one (else the first unit). */
export async function tariffLookup(tx: Tx, regionId: string, providerId: number | undefined) {
  const rows =
    providerId === undefined
      ? []
      : await tx
          .select()
          .from(tariffs)
          .where(and(eq(tariffs.regionId, regionId), eq(tariffs.providerId, providerId)))
          .orderBy(tariffs.id);
  return tariffLookupOf(rows);
}

export type TariffRow = typeof tariffs.$inferSelect;

/** What tariffLookupOf reads of a tariff row. */
export type TariffFields = Pick<TariffRow, 'id' | 'productCategorie' | 'productCode' | 'eenheid' | 'validFrom' | 'priceCents'>;

/** The tariff rows of one provider (an SQL expression giving its id) as JSON rows; sort them by id (byId) before tariffLookupOf. */
export const tariffsQuery = (regionId: string, providerId: SQL): SQL =>
  sql`select t.id, t.product_categorie as "productCategorie", t.product_code as "productCode", t.eenheid, t.valid_from as "validFrom",
      t.price_cents as "priceCents"
    from ${tariffs} t where t.region_id = ${regionId} and t.provider_id = ${providerId}`;

/** Rows read as JSON (no order guaranteed) in id order. */
export const byId = <T extends { id: number }>(rows: T[]): T[] => rows.sort((a, b) => a.id - b.id);

/** The tariff rows of every provider of the region (in id order, as tariffLookup reads one provider's), for tariffLookupOf. */
export async function loadRegionTariffs(tx: Tx, regionId: string): Promise<Map<number, TariffRow[]>> {
  const out = new Map<number, TariffRow[]>();
  for (const t of await tx.select().from(tariffs).where(eq(tariffs.regionId, regionId)).orderBy(tariffs.id)) {
    if (t.providerId === null) continue;
    const list = out.get(t.providerId);
    if (list) list.push(t);
    else out.set(t.providerId, [t]);
  }
  return out;
}

/** tariffLookup over a provider's tariff rows already read (in id order). */
export function tariffLookupOf(rows: readonly TariffFields[]) {
  const cache = new Map<string, Map<string, { validFrom: string; value: number }[]>>();
  return (line: { productCategorie: string; productCode: string; eenheid: string; begindatum: string }): { cents: number; eenheid: string } | undefined => {
    const key = `${line.productCategorie}|${line.productCode}`;
    let byUnit = cache.get(key);
    if (!byUnit) {
      byUnit = new Map();
      for (const t of rows) {
        if (t.productCategorie !== line.productCategorie || (t.productCode !== null && t.productCode !== line.productCode)) continue;
        byUnit.set(t.eenheid, [...(byUnit.get(t.eenheid) ?? []), { validFrom: t.validFrom, value: t.priceCents }]);
      }
      cache.set(key, byUnit);
    }
    const unit = byUnit.has(line.eenheid) ? line.eenheid : [...byUnit.keys()][0];
    const cents = unit ? valueAt(byUnit.get(unit)!, line.begindatum) : undefined;
    return cents !== undefined && unit ? { cents, eenheid: unit } : undefined;
  };
}

type Plafond = { bijOverschrijding?: CeilingState['policy']; retourcode?: string; niveau: string };

/** The ceiling policy of a segment's plafond, when the profile gives one. */
function segmentPlafond(profile: RegionProfile, segmentId: string): Plafond | undefined {
  const s = profile.segmenten.find((x) => x.id === segmentId);
  const b = s?.bekostiging;
  if (!b || isOpen(b) || !b.plafond || isOpen(b.plafond)) return undefined;
  return b.plafond;
}

/** The policy for provider ceilings: the first segment with a provider ceiling decides (seed 004 §3.3). */
function providerPlafond(profile: RegionProfile): Plafond | undefined {
  for (const s of profile.segmenten) {
    const p = segmentPlafond(profile, s.id);
    if (p?.niveau === 'aanbieder') return p;
  }
  return undefined;
}

/**
 * Segments whose segment-level ceiling rejects lines (profile policy afwijzen): settlements of
 * different providers touching such a segment are serialised on it, so its spend cannot pass the
 * ceiling through concurrent declarations. Sorted: locks are always taken in the same order.
 */
export function segmentsToLock(profile: RegionProfile, segments: readonly string[]): string[] {
  return [...new Set(segments)]
    .filter((s) => {
      const p = segmentPlafond(profile, s);
      return !!p && (p.niveau === 'segment' || p.niveau === 'perceel') && p.bijOverschrijding === 'afwijzen';
    })
    .sort();
}

/** Key of a ceiling state: provider `p|year`, segment `s|segment|year`, provider within segment `ps|segment|year`. */
export const ceilingKey = (kind: 'p' | 's' | 'ps', year: number, segmentId?: string) => (kind === 'p' ? `p|${year}` : `${kind}|${segmentId}|${year}`);

/**
 * The ceilings of these years that apply to this sender's lines: per provider (segment empty,
 * seed 004 §3.1/§3.3), per segment (provider empty, seed 003 §6.3.5) and per provider within a
 * segment, each with the approved spend of its year so far and the profile's policy; in ONE
 * statement (the spend as a sub-select per ceiling row).
 */
export async function loadCeilings(
  tx: Tx,
  input: { regionId: string; providerId: number | undefined; agb: string; segments: readonly string[]; years: readonly number[]; profile: RegionProfile },
): Promise<Map<string, CeilingState>> {
  if (input.years.length === 0) return new Map();
  return ceilingStates(ceilingRowsOf(await jsonRows<CeilingSelected>(tx, ceilingsQuery(input))), input.profile);
}

/** A row of ceilingsQuery (amount and spend as text: sums of bigint). */
export type CeilingSelected = Omit<CeilingRow, 'spent'> & { id: number; spent: string };

/** The ceiling rows of ceilingsQuery in id order, the spend as a number. */
export const ceilingRowsOf = (rows: CeilingSelected[]): CeilingRow[] => byId(rows).map((r) => ({ ...r, spent: Number(r.spent) }));

/** The select of loadCeilings (JSON rows; sort them by id: ceilingRowsOf). */
export function ceilingsQuery(input: {
  regionId: string;
  providerId: number | undefined;
  agb: string;
  segments: readonly string[];
  years: readonly number[];
}): SQL {
  const { regionId, agb } = input;
  const inYear = sql`l.begindatum >= make_date(c.year, 1, 1) and l.begindatum < make_date(c.year + 1, 1, 1)`;
  return sql`
    select c.id, c.provider_id, c.segment_id, c.year, c.amount_cents::text as amount,
      (case
        when c.segment_id is null then (select coalesce(sum(l.amount_cents), 0) from declaration_lines l where l.region_id = ${regionId} and l.approved and l.provider_agb = ${agb} and ${inYear})
        when c.provider_id is null then (select coalesce(sum(l.amount_cents), 0) from declaration_lines l where l.region_id = ${regionId} and l.approved and l.segment_id = c.segment_id and ${inYear})
        else (select coalesce(sum(l.amount_cents), 0) from declaration_lines l where l.region_id = ${regionId} and l.approved and l.provider_agb = ${agb} and l.segment_id = c.segment_id and ${inYear})
      end)::text as spent
    from ceilings c
    where c.region_id = ${regionId} and c.year = any(${sql.param([...input.years])}::int[])
      and (c.provider_id = ${input.providerId ?? null}::int or (c.provider_id is null and c.segment_id = any(${sql.param([...input.segments])}::text[])))`;
}

/** A stored ceiling with the approved spend under it (loadCeilings; settle-batch.ts computes the spend itself from what it knows). */
export interface CeilingRow {
  provider_id: number | null;
  segment_id: string | null;
  year: number;
  amount: string;
  spent: number;
}

/** The ceiling states of these rows (in id order; one per kind, segment and year: the first row), with the profile's policy. */
export function ceilingStates(rows: readonly CeilingRow[], profile: RegionProfile): Map<string, CeilingState> {
  const out = new Map<string, CeilingState>();
  const forProvider = providerPlafond(profile);
  for (const r of rows) {
    const year = Number(r.year);
    const kind = r.segment_id === null ? 'p' : r.provider_id === null ? 's' : 'ps';
    const key = ceilingKey(kind, year, r.segment_id ?? undefined);
    if (out.has(key)) continue; // one ceiling per kind, segment and year (the first row)
    // The policy of the profile's plafond at this level; a stored ceiling without one is signalled, not enforced.
    const candidate = kind === 'p' ? forProvider : segmentPlafond(profile, r.segment_id!);
    const level = kind === 'p' ? ['aanbieder'] : kind === 's' ? ['segment', 'perceel'] : ['aanbieder-segment'];
    const plafond = candidate && level.includes(candidate.niveau) ? candidate : undefined;
    out.set(key, {
      ceilingCents: Number(r.amount),
      spentCents: r.spent,
      policy: plafond?.bijOverschrijding ?? 'accepteren-en-signaleren',
      retourcode: plafond?.retourcode ?? TECHNICAL_REJECTION,
      ...(kind === 's' ? { label: `segment ${r.segment_id} ${year}` } : kind === 'ps' ? { label: `aanbieder in segment ${r.segment_id} ${year}` } : {}),
    });
  }
  return out;
}
