/** The data types of the scenario engine (engine.ts): the base it replays, options and results. */

// ------------------------------------------------------------------------------------------------
// Input

export interface BaseTrajectory {
  /** Index into BaseData.segments. */
  seg: number;
  /** Index into BaseData.providers. */
  prov: number;
  /** Index into BaseData.municipalities; municipalities.length = regional (no municipality). */
  mun: number;
  /** iJw product category (2 digits). */
  cat: string;
  /** Stable client key (never a BSN), for caseload counting. */
  client: number;
  /** Allocation period (calendar dates; end undefined while it runs). */
  start: string;
  end?: string | undefined;
  /** Measured goal attainment 0..1 (allocation outcomes), or null. */
  goal: number | null;
  /** Month index from the first month of the base (0 = January of the first year). */
  months: ArrayLike<number>;
  /** Approved cents (signed) of that month. */
  cents: ArrayLike<number>;
}

export interface BaseData {
  /** Consecutive calendar years of the base. */
  years: number[];
  segments: { id: string; name: string }[];
  providers: { id: number; agb: string; name: string }[];
  municipalities: { code: string; name: string; inhabitants: number | null }[];
  trajectories: BaseTrajectory[];
  /** Paid schedule items (lump sum, availability, result-based) by month index. */
  schedules: { seg: number; prov: number; month: number; cents: number }[];
  /** Ceilings in force (database): reported, never applied again (the actual data already met them). */
  ceilings: { year: number; seg: number | null; prov: number | null; cents: number }[];
  /** Care budget per municipality and year (budget framework). */
  budgets: { mun: number; year: number; cents: number }[];
}

export interface Totals {
  totalCents: number;
  byYear: Record<string, number>;
  byMunicipality: Record<string, number>;
  bySegment: Record<string, number>;
  byProvider: Record<string, number>;
}

export interface SimulationOptions {
  spread: { volumegroei: number; doelbereik: number };
  /** The waterfall replays the changes one by one (one replay per change); off when only the totals are wanted (CLI). */
  waterfall?: boolean;
  /** Monte Carlo runs (0 = none: percentiles null). */
  runs: number;
  seed: number;
  /** Viability threshold: share of base revenue. */
  viability: number;
  onProgress?: (done: number, total: number) => void;
}

export interface CeilingExceedance {
  soort: 'segment' | 'aanbieder' | 'budget';
  key: string;
  naam: string;
  year: number;
  limitCents: number;
  /** What the scenario would pay without the ceiling. */
  amountCents: number;
  overCents: number;
  /** afwijzen: the excess is not paid (the scenario's spend is capped); signaleren: paid and reported. */
  beleid: 'afwijzen' | 'signaleren';
}

export interface ProviderChange {
  providerId: number;
  name: string;
  baseCents: number;
  scenarioCents: number;
  changeCents: number;
  /** change / base (null when the base is 0). */
  changeShare: number | null;
}

export interface ScenarioResult extends Totals {
  id: string;
  name: string;
  providersBelowThreshold: number;
  ceilingExceedances: CeilingExceedance[];
  percentiles: { p10: number; p50: number; p90: number } | null;
  /** Beyond the CLI shape: the details the comparison screens need. */
  details: {
    byMunicipalityYear: Record<string, Record<string, number>>;
    providerChanges: ProviderChange[];
    winners: number;
    losers: number;
    /** Histogram of provider revenue change (share of base). */
    distribution: { from: number; to: number; count: number }[];
    /** The change from the base, change by change (cumulative replays): every number traceable. */
    waterfall: { label: string; cents: number }[];
    fan: { year: number; p10: number; p50: number; p90: number }[] | null;
    notes: string[];
  };
}
