/**
 * The landscape view of a region: its profile (Dutch keys) mapped onto the English API shape,
 * joined with the providers and contracts in force. Pure: the caller passes the data in.
 */
import { isOpen, type Bron, type OpenVraag, type RegionProfile, type SegmentProfile } from './profile-schema.js';

export interface Source {
  seed: string;
  section: string;
  quote?: string;
}
export interface Open {
  openQuestion: string;
  source?: Source;
}

export interface FundingView {
  /** Bekostigingsvariant, null when the profile leaves it open. */
  variant: string | null;
  form?: string;
  clientAccounting?: boolean;
  ceiling?: { level: string; period: string; adjustment?: string; note?: string; source: Source } | Open;
  resultPayment?: { upfrontShare: number; afterGoalShare: number; source: Source } | Open;
  extra: { variant: string; description: string; source: Source }[];
  note?: string;
  openQuestion?: string;
  source?: Source;
}

export interface ContractView {
  id: number;
  providerId: number;
  providerName: string;
  agbCode: string;
  segmentId: string;
  lotId: string | null;
  startDate: string;
  endDate: string;
  extensionYears: number[];
  status: string;
  ceilingCents: number | null;
}

export interface ProviderView {
  id: number;
  name: string;
  agbCode: string;
  kind: string;
}

export interface SegmentView {
  id: string;
  name: string;
  kind: 'taakgebied' | 'segment';
  description?: string;
  targetGroup?: string;
  funding: FundingView;
  executionVariant: string | null;
  contractRules: {
    term:
      | {
          years?: number;
          minYears?: number;
          maxYears?: number;
          extensions: number[];
          maxTotalYears?: number;
          startDate?: string;
          endDate?: string;
          note?: string;
          source?: Source;
        }
      | Open;
    partners: { min?: number; max: number | null | undefined; note?: string; source?: Source } | Open;
    procedure: { type: string; phases: string[]; note?: string; source?: Source } | Open;
  };
  supplierManagement?: { strategy: string; note?: string; source: Source };
  lots: { id: string; name: string; areaIds: string[]; municipalityCodes: string[]; description?: string; source: Source; contracts: ContractView[] }[];
  products: {
    category: string;
    categoryName?: string;
    code?: string;
    name: string;
    unit?: string;
    unitName?: string;
    funding?: string;
    note?: string;
    source: Source;
  }[];
  rules: { id: string; type: string; severity: string; description?: string; source: Source; [k: string]: unknown }[];
  openQuestions: Open[];
  providers: (ProviderView & { contractCount: number; lotIds: string[] })[];
  contracts: ContractView[];
  source: Source;
}

export interface Landscape {
  region: { id: string; name: string; validFrom: string; description?: string; sources: Record<string, { title: string; file: string }> };
  subregions: { id: string; name: string }[];
  municipalities: { code: string; name: string; subregion?: string; inhabitants?: number; youths?: number }[];
  areas: { id: string; name: string; kind: string; municipalityCodes: string[]; lotIds: string[]; postcodes?: string[] }[];
  segments: SegmentView[];
  keyFigures: { id: string; description: string; value: number; unit: string; year?: number; segmentId?: string; source: Source }[];
  productTranslation: { old: { code?: string; name: string }; new: { segmentId: string; code?: string; name: string }; note?: string; source: Source }[];
  openQuestions: Open[];
  rules: SegmentView['rules'];
  hasBudgetFramework: boolean;
  /** The region's clusters of result areas (profile `resultaatclusters`), to name the one a goal belongs to; empty when it has none. */
  resultClusters: { id: string; name: string }[];
  /**
   * The highest age (exclusive) of a jeugdige in this region: the region's end-age rules, else the
   * Jeugdwet's (law file); set by the app layer, which reads the law.
   */
  careAgeLimit?: number;
  /** True when the reader does not see the contract register (not logged in): no providers or contracts, which is not zero of them. */
  registerHidden?: boolean;
}

export interface NamedCodes {
  productCategory(code: string): string | undefined;
  unit(code: string): string | undefined;
}

export const source = (b: Bron): Source => ({ seed: b.seed, section: b.sectie, ...(b.citaat ? { quote: b.citaat } : {}) });
const open = (o: OpenVraag): Open => ({ openQuestion: o.openVraag, ...(o.bron ? { source: source(o.bron) } : {}) });

function mapRule(r: SegmentProfile['regels'][number]): SegmentView['rules'][number] {
  const { id, type, soort, omschrijving, bron, ...rest } = r;
  return { id, type, severity: soort === 'blokkerend' ? 'blocking' : 'signal', description: omschrijving, source: source(bron), ...rest };
}

function mapFunding(b: SegmentProfile['bekostiging']): FundingView {
  if (isOpen(b)) return { variant: null, extra: [], openQuestion: b.openVraag, ...(b.bron ? { source: source(b.bron) } : {}) };
  return {
    variant: b.variant,
    form: b.vorm,
    clientAccounting: b.clientVerantwoording,
    ceiling: b.plafond
      ? isOpen(b.plafond)
        ? open(b.plafond)
        : { level: b.plafond.niveau, period: b.plafond.periode, adjustment: b.plafond.bijstelling, note: b.plafond.toelichting, source: source(b.plafond.bron) }
      : undefined,
    resultPayment: b.resultaatbetaling
      ? isOpen(b.resultaatbetaling)
        ? open(b.resultaatbetaling)
        : {
            upfrontShare: b.resultaatbetaling.voorschotAandeel,
            afterGoalShare: b.resultaatbetaling.naDoelrealisatieAandeel,
            source: source(b.resultaatbetaling.bron),
          }
      : undefined,
    extra: (b.aanvullend ?? []).map((a) => ({ variant: a.variant, description: a.omschrijving, source: source(a.bron) })),
    note: b.toelichting,
    source: source(b.bron),
  };
}

/** Total contract term in years including all extension options (e.g. 5+1+1 = 7). */
export function maxTermYears(l: { jaren?: number; jarenMax?: number; verlengingen?: number[] }): number | undefined {
  const base = l.jaren ?? l.jarenMax;
  return base === undefined ? undefined : base + (l.verlengingen ?? []).reduce((a, b) => a + b, 0);
}

function mapSegment(s: SegmentProfile, p: RegionProfile, contracts: ContractView[], providers: Map<number, ProviderView>, codes: NamedCodes): SegmentView {
  const own = contracts.filter((c) => c.segmentId === s.id);
  const byProvider = new Map<number, ContractView[]>();
  for (const c of own) byProvider.set(c.providerId, [...(byProvider.get(c.providerId) ?? []), c]);
  const areaMunicipalities = new Map(p.gebieden.map((g) => [g.id, g.gemeenten]));
  const l = s.looptijd;
  const a = s.aantalPartners;
  const pr = s.procedure;
  return {
    id: s.id,
    name: s.naam,
    kind: s.soort,
    description: s.omschrijving,
    targetGroup: s.doelgroep,
    funding: mapFunding(s.bekostiging),
    executionVariant: s.uitvoeringsvariant === undefined || isOpen(s.uitvoeringsvariant) ? null : s.uitvoeringsvariant,
    contractRules: {
      term: isOpen(l)
        ? open(l)
        : {
            years: l.jaren,
            minYears: l.jarenMin,
            maxYears: l.jarenMax,
            extensions: l.verlengingen ?? [],
            maxTotalYears: maxTermYears(l),
            startDate: l.ingangsdatum,
            endDate: l.einddatum,
            note: l.toelichting,
            source: source(l.bron),
          },
      partners: isOpen(a) ? open(a) : { min: a.min, max: a.max, note: a.toelichting, source: source(a.bron) },
      procedure: isOpen(pr) ? open(pr) : { type: pr.soort, phases: pr.fasen ?? [], note: pr.toelichting, source: source(pr.bron) },
    },
    supplierManagement: s.leveranciersmanagement
      ? { strategy: s.leveranciersmanagement.strategie, note: s.leveranciersmanagement.toelichting, source: source(s.leveranciersmanagement.bron) }
      : undefined,
    lots: s.percelen.map((lot) => ({
      id: lot.id,
      name: lot.naam,
      areaIds: lot.gebieden ?? [],
      municipalityCodes: [...new Set([...(lot.gemeenten ?? []), ...(lot.gebieden ?? []).flatMap((g) => areaMunicipalities.get(g) ?? [])])],
      description: lot.omschrijving,
      source: source(lot.bron),
      contracts: own.filter((c) => c.lotId === lot.id),
    })),
    products: s.producten.map((x) => ({
      category: x.categorie,
      categoryName: codes.productCategory(x.categorie),
      code: x.code,
      name: x.naam,
      unit: x.eenheid,
      unitName: x.eenheid ? codes.unit(x.eenheid) : undefined,
      funding: x.bekostiging,
      note: x.toelichting,
      source: source(x.bron),
    })),
    rules: s.regels.map(mapRule),
    openQuestions: s.openVragen.map(open),
    providers: [...byProvider]
      .map(([id, cs]) => ({
        ...(providers.get(id) ?? { id, name: cs[0]!.providerName, agbCode: cs[0]!.agbCode, kind: 'onbekend' }),
        contractCount: cs.length,
        lotIds: [...new Set(cs.map((c) => c.lotId).filter((x): x is string => x !== null))],
      }))
      .sort((x, y) => x.name.localeCompare(y.name, 'nl')),
    contracts: own,
    source: source(s.bron),
  };
}

export function toLandscape(p: RegionProfile, contracts: ContractView[], providers: ProviderView[], codes: NamedCodes): Landscape {
  const providerMap = new Map(providers.map((x) => [x.id, x]));
  const lotsOfArea = new Map<string, string[]>();
  for (const s of p.segmenten) for (const lot of s.percelen) for (const g of lot.gebieden ?? []) lotsOfArea.set(g, [...(lotsOfArea.get(g) ?? []), lot.id]);
  return {
    region: {
      id: p.regio,
      name: p.naam,
      validFrom: p.geldigVanaf,
      description: p.omschrijving,
      sources: Object.fromEntries(Object.entries(p.bronnen).map(([k, v]) => [k, { title: v.titel, file: v.bestand }])),
    },
    subregions: p.deelregios.map((d) => ({ id: d.id, name: d.naam })),
    municipalities: p.gemeenten.map((g) => ({ code: g.code, name: g.naam, subregion: g.deelregio, inhabitants: g.inwoners, youths: g.jeugdigen })),
    areas: p.gebieden.map((g) => ({
      id: g.id,
      name: g.naam,
      kind: g.soort,
      municipalityCodes: g.gemeenten,
      lotIds: lotsOfArea.get(g.id) ?? [],
      postcodes: g.postcodes,
    })),
    segments: p.segmenten.map((s) => mapSegment(s, p, contracts, providerMap, codes)),
    keyFigures: p.kengetallen.map((k) => ({
      id: k.id,
      description: k.omschrijving,
      value: k.waarde,
      unit: k.eenheid,
      year: k.jaar,
      segmentId: k.segment,
      source: source(k.bron),
    })),
    productTranslation: p.productvertaling.map((t) => ({
      old: { code: t.oud.code, name: t.oud.naam },
      new: { segmentId: t.nieuw.segment, code: t.nieuw.code, name: t.nieuw.naam },
      note: t.toelichting,
      source: source(t.bron),
    })),
    openQuestions: p.openVragen.map(open),
    rules: p.regels.map(mapRule),
    hasBudgetFramework: p.financieelKader !== undefined,
    resultClusters: p.resultaatclusters.map((c) => ({ id: c.id, name: c.naam })),
  };
}
