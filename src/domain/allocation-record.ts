/**
 * The product part of an allocation (Toewijzing, iJw ToegewezenProduct): what was allocated, from
 * when to when, and how much. One definition, shared by settlement (domain/funding/settlement.ts),
 * the stateful iJw rules (ijw/stateful.ts) and the JW301 builder (ijw/build/jw301.ts), which each
 * add how they identify the allocation.
 */

/** Omvang of an allocation: Volume per Eenheid (WJ756) and Frequentie (WJ757). */
export interface AllocationOmvang {
  volume: number;
  eenheid: string;
  frequentie: string;
}

export interface AllocationProduct {
  /** JZ020; absent for a generic allocation (budget only). */
  productCategorie?: string;
  productCode?: string;
  /** Calendar dates, YYYY-MM-DD. */
  ingangsdatum: string;
  einddatum?: string;
  omvang?: AllocationOmvang;
  /** Budget in cents. */
  budgetCents?: number;
}
