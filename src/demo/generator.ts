/**
 * Deterministic synthetic population for a demo region: providers with a long tail, contracts
 * that satisfy the profile's award rules, families, youths with valid BSNs, and care episodes
 * over several years. Pure: the same profile, parameters, seed and `today` give the same region.
 *
 * The output is a plain event-like structure (who, what, when); later modules (iJw messages,
 * settlement, outcomes) derive their own records from the same trajectories.
 */
import { isOpen, type RegionProfile, type SegmentProfile } from '../domain/landscape/profile-schema.js';
import { checkAwards, checkPartnership, isPartnershipSegment, type Award } from '../domain/landscape/awards.js';
import { addDays, addYears, minDate } from '../domain/dates.js';
import { syntheticBsns } from '../domain/people/bsn.js';
import type { DemoParameters } from '../domain/landscape/demo-schema.js';
import { Random } from './random.js';
import { FAMILY_NAMES, GIVEN_NAMES_F, GIVEN_NAMES_M, PROVIDER_NAME_PARTS } from './names.js';

export interface GenProvider {
  key: number;
  agbCode: string;
  name: string;
  kind: 'jeugdhulpaanbieder' | 'sociale-basis';
  weight: number;
}
export interface GenContract {
  key: number;
  providerKey: number;
  segmentId: string;
  lotId: string | null;
  startDate: string;
  endDate: string;
  extensionYears: number[];
  fundingVariant: string | null;
  status: 'overgang' | 'lopend' | 'gegund' | 'afgelopen';
  /** A partnership (samenwerkingsverband) contract: its member providers, the contract party (penvoerder) first. */
  members?: number[];
}
/** The family's BRP address (iJw Contact Soort 01), synthetic. */
export interface GenAddress {
  straatnaam: string;
  huisnummer: number;
  postcode: string;
  plaatsnaam: string;
}
export interface GenFamily {
  key: number;
  municipalityCode: string;
  areaId: string | null;
  address: GenAddress;
}
export interface GenYouth {
  key: number;
  familyKey: number;
  bsn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  gender: '1' | '2';
  municipalityCode: string;
  areaId: string | null;
}
export interface GenTrajectory {
  youthKey: number;
  providerKey: number;
  contractKey: number;
  segmentId: string;
  municipalityCode: string;
  productCategory: string;
  productCode: string | null;
  unit: string | null;
  volume: number | null;
  frequency: string | null;
  referrer: string;
  startDate: string;
  endDate: string | null;
}
export interface GeneratedRegion {
  providers: GenProvider[];
  contracts: GenContract[];
  families: GenFamily[];
  youths: GenYouth[];
  trajectories: GenTrajectory[];
}

const DURATION_SIGMA = 0.6;

export interface GenerateOptions {
  seed: number;
  today: string;
  /** Multiplies the number of youths (tests and benchmarks use a small region); default 1. */
  scale?: number;
}

/**
 * Zipf exponent such that the top 5 of `n` providers hold `share` of the weight: turnover
 * concentration as the seeds report it (a few large providers and a long tail).
 */
export function zipfExponentForTop5(n: number, share: number): number {
  const top5 = (s: number) => {
    let all = 0;
    let top = 0;
    for (let i = 1; i <= n; i++) {
      const w = i ** -s;
      all += w;
      if (i <= 5) top += w;
    }
    return top / all;
  };
  let lo = 0;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (top5(mid) < share) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function makeProviders(rng: Random, params: DemoParameters): GenProvider[] {
  const n = params.aanbieders.aantal.waarde;
  const s = zipfExponentForTop5(n, params.aanbieders.top5Aandeel.waarde);
  const used = new Set<string>();
  const out: GenProvider[] = [];
  for (let i = 1; i <= n; i++) {
    let name: string;
    do {
      name = `${rng.pick(PROVIDER_NAME_PARTS.prefix)} ${rng.pick(PROVIDER_NAME_PARTS.core)}${rng.chance(0.3) ? ` ${rng.pick(PROVIDER_NAME_PARTS.suffix)}` : ''}`;
    } while (used.has(name));
    used.add(name);
    // Synthetic AGB codes: 8 digits in a 98xxxxxx block, unique per region.
    out.push({
      key: i,
      agbCode: `98${String(100000 + i * 37).padStart(6, '0')}`,
      name,
      kind: i % 9 === 0 ? 'sociale-basis' : 'jeugdhulpaanbieder',
      weight: i ** -s,
    });
  }
  return out;
}

/** How many contract partners a segment gets: the demo parameter, bounded by the profile's rule. */
function partnerCount(seg: SegmentProfile, params: DemoParameters, available: number): number {
  const wanted = params.segmenten[seg.id]?.partners?.waarde;
  const ap = seg.aantalPartners;
  let min = Math.max(1, seg.percelen.length);
  let max = available;
  if (!isOpen(ap)) {
    if (ap.min !== undefined) min = Math.max(min, ap.min);
    if (ap.max !== undefined && ap.max !== null) max = Math.min(max, ap.max);
  }
  return Math.max(min, Math.min(max, wanted ?? Math.min(max, 12)));
}

interface ContractTerm {
  startDate: string;
  endDate: string;
  extensionYears: number[];
  status: GenContract['status'];
}

/**
 * The contract terms of a segment from `from` to `today`: a transition contract before the
 * profile's start date, the profile's own term (using extension options while the demo runs past
 * its end), and follow-up terms of the same length when the region re-contracts afterwards.
 */
function contractTerms(seg: SegmentProfile, profile: RegionProfile, from: string, today: string): ContractTerm[] {
  const l = seg.looptijd;
  const start = (!isOpen(l) && l.ingangsdatum) || profile.geldigVanaf;
  const years = isOpen(l) ? 4 : (l.jaren ?? l.jarenMax ?? 4);
  const extensions = isOpen(l) ? [] : (l.verlengingen ?? []);
  const status = (s: string, e: string): ContractTerm['status'] => (s > today ? 'gegund' : e < today ? 'afgelopen' : 'lopend');
  const terms: ContractTerm[] = [];
  if (start > from) terms.push({ startDate: from, endDate: addDays(start, -1), extensionYears: [], status: 'overgang' });
  let termStart = start;
  do {
    let end = addDays(addYears(termStart, years), -1);
    for (const e of extensions) {
      if (end >= today) break;
      end = addDays(addYears(addDays(end, 1), e), -1);
    }
    terms.push({ startDate: termStart, endDate: end, extensionYears: extensions, status: status(termStart, end) });
    termStart = addDays(end, 1);
  } while (termStart <= today);
  return terms;
}

function awardSegment(rng: Random, seg: SegmentProfile, providers: GenProvider[], count: number): Award[] {
  // Larger providers are more likely to hold a contract (weighted draw without replacement).
  const pool = [...providers];
  const chosen: GenProvider[] = [];
  while (chosen.length < count && pool.length > 0) {
    const p = rng.weighted(pool, (x) => x.weight + 0.002);
    chosen.push(p);
    pool.splice(pool.indexOf(p), 1);
  }
  if (seg.percelen.length === 0) return chosen.map((p) => ({ providerId: p.key, lotId: null }));
  // One partner per lot, distinct partners over the lots (satisfies percelen-verschillend).
  return seg.percelen.map((lot, i) => ({ providerId: chosen[i % chosen.length]!.key, lotId: lot.id }));
}

export function generateRegion(profile: RegionProfile, params: DemoParameters, opts: GenerateOptions): GeneratedRegion {
  if (profile.gemeenten.length === 0) throw new Error(`region ${profile.regio} lists no municipalities; a demo population needs them`);
  const rng = new Random(opts.seed);
  const providers = makeProviders(rng, params);
  const firstDay = `${Math.min(...params.jaren)}-01-01`;
  const lastDay = minDate(`${Math.max(...params.jaren)}-12-31`, opts.today);

  const unknown = Object.keys(params.segmenten).filter((id) => !profile.segmenten.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`demo parameters name segments the profile does not have: ${unknown.join(', ')}`);
  const activeSegments = profile.segmenten.filter((s) => params.segmenten[s.id]);
  // Episode arrivals: in-care count per year ~ arrivals x (1 + mean duration in years).
  // Durations are log-normal (sigma DURATION_SIGMA): mean = median x exp(sigma^2 / 2).
  const meanMonths =
    (activeSegments.reduce((a, s) => a + params.segmenten[s.id]!.aandeel.waarde * params.segmenten[s.id]!.mediaanDuurMaanden.waarde, 0) /
      activeSegments.reduce((a, s) => a + params.segmenten[s.id]!.aandeel.waarde, 0)) *
    Math.exp(DURATION_SIGMA ** 2 / 2);
  // Episodes start well before the first year so that year already has its youths in care (warm-up).
  const warmUp = addDays(firstDay, -Math.round(3 * meanMonths * 30.4));
  // Returning youths are counted once per year: raise arrivals so distinct youths meet the target.
  const distinctFactor = 1 / (1 - params.herhaaldBeroep.waarde / 2);

  // Contracts per segment, checked against the profile's own award rules.
  const contracts: GenContract[] = [];
  const segmentContracts = new Map<string, GenContract[]>();
  const segmentWeight = new Map<string, Map<number, number>>();
  for (const seg of activeSegments) {
    let awards = awardSegment(rng, seg, providers, partnerCount(seg, params, providers.length));
    let members: number[] | undefined;
    if (isPartnershipSegment(seg)) {
      // One partnership is the contract party (seeds 000, 001): the chosen providers are its members, the largest the penvoerder.
      members = [...new Set(awards.map((a) => a.providerId))];
      awards = [{ providerId: members[0]!, lotId: seg.percelen[0]?.id ?? null }];
      const wrong = checkPartnership(seg, members.length);
      if (wrong.length > 0) throw new Error(`demo partnership for ${seg.id} breaks ${wrong.map((v) => v.ruleId).join(', ')}`);
    }
    const violations = checkAwards(seg, awards, { complete: true });
    if (violations.length > 0) throw new Error(`demo awards for ${seg.id} break ${violations.map((v) => v.ruleId).join(', ')}`);
    const terms = contractTerms(seg, profile, warmUp, opts.today);
    const variant = isOpen(seg.bekostiging) ? null : seg.bekostiging.variant;
    const list: GenContract[] = [];
    for (const a of awards) {
      for (const t of terms) {
        list.push({
          ...t,
          key: contracts.length + list.length + 1,
          providerKey: a.providerId,
          segmentId: seg.id,
          lotId: a.lotId,
          fundingVariant: variant,
          ...(members ? { members } : {}),
        });
      }
    }
    contracts.push(...list);
    segmentContracts.set(seg.id, list);
    // Within the segment, providers get Zipf weights for the segment's own top-5 share (seed 004 §4.x reports these).
    const share = params.segmenten[seg.id]!.top5Aandeel?.waarde;
    const ranked = [...new Set(awards.map((a) => a.providerId))].sort((x, y) => providers[y - 1]!.weight - providers[x - 1]!.weight);
    const s = share === undefined ? undefined : zipfExponentForTop5(ranked.length, share);
    segmentWeight.set(seg.id, new Map(ranked.map((key, i) => [key, s === undefined ? providers[key - 1]!.weight : (i + 1) ** -s])));
  }
  const segments = activeSegments;
  if (segments.length === 0) throw new Error('demo parameters name none of the profile segments');

  // Where youths live: municipalities weighted by inhabitants; areas covering each municipality.
  const inhabitants = (code: string) => profile.gemeenten.find((g) => g.code === code)?.inwoners ?? params.inwoners[code]?.waarde ?? 10_000;
  const areasOf = new Map(
    profile.gemeenten.map((g) => [g.code, profile.gebieden.filter((a) => a.soort !== 'centrale-intake' && a.gemeenten.includes(g.code))]),
  );

  const lastYear = Math.max(...params.jaren);
  const referenceYear = params.peiljaar ?? lastYear;
  const bsns = syntheticBsns();
  const families: GenFamily[] = [];
  const youths: GenYouth[] = [];
  const trajectories: GenTrajectory[] = [];
  const referrers = Object.entries(params.verwijzers);
  /** The first youth of each family (family key -> youth): siblings share the family name. */
  const firstOfFamily = new Map<number, GenYouth>();

  const newYouth = (municipalityCode: string, startDate: string): GenYouth => {
    const areas = areasOf.get(municipalityCode) ?? [];
    const areaId = areas.length > 0 ? rng.pick(areas).id : null;
    const recent = families.length > 0 ? families[families.length - 1 - rng.int(0, Math.min(30, families.length - 1))]! : undefined;
    let family: GenFamily;
    if (recent && recent.municipalityCode === municipalityCode && rng.chance(0.25))
      family = recent; // sibling
    else {
      const key = families.length + 1;
      family = { key, municipalityCode, areaId, address: syntheticAddress(profile, municipalityCode, areaId, opts.seed, key) };
      families.push(family);
    }
    const sibling = firstOfFamily.get(family.key);
    const gender = rng.chance(0.55) ? '1' : '2';
    const age = Math.min(17, Math.max(0, Math.round(rng.logNormal(10, 0.45))));
    const youth: GenYouth = {
      key: youths.length + 1,
      familyKey: family.key,
      bsn: bsns.next().value as string,
      givenName: rng.pick(gender === '1' ? GIVEN_NAMES_M : GIVEN_NAMES_F),
      familyName: sibling?.familyName ?? rng.pick(FAMILY_NAMES),
      birthDate: addDays(addYears(startDate, -age), -rng.int(0, 364)),
      gender,
      municipalityCode,
      areaId: family.areaId,
    };
    youths.push(youth);
    if (!firstOfFamily.has(family.key)) firstOfFamily.set(family.key, youth);
    return youth;
  };

  for (let day = warmUp; day <= lastDay; day = addDays(day, 7)) {
    const year = Number(day.slice(0, 4));
    const perYear = params.jeugdigenInZorgPerJaar.waarde * (opts.scale ?? 1) * (1 + params.groeiPerJaar.waarde) ** (Math.min(year, lastYear) - referenceYear);
    const weekly = (perYear * distinctFactor) / (1 + meanMonths / 12) / 52.18;
    const arrivals = Math.floor(weekly) + (rng.chance(weekly - Math.floor(weekly)) ? 1 : 0);
    for (let i = 0; i < arrivals; i++) {
      const startDate = addDays(day, rng.int(0, 6));
      if (startDate > lastDay) break;
      const returning = youths.length > 50 && rng.chance(params.herhaaldBeroep.waarde) ? youths[rng.int(0, youths.length - 1)]! : undefined;
      const municipalityCode = returning?.municipalityCode ?? rng.weighted(profile.gemeenten, (g) => inhabitants(g.code)).code;
      const seg = rng.weighted(segments, (s) => params.segmenten[s.id]!.aandeel.waarde);
      const options = segmentContracts.get(seg.id)!.filter((c) => c.startDate <= startDate && c.endDate >= startDate);
      if (options.length === 0) continue;
      const youth = returning ?? newYouth(municipalityCode, startDate);
      // Lot-based task areas (e.g. the SLT) serve the youth's own area; others by provider size.
      const lotFor = seg.percelen.find((l) => youth.areaId !== null && (l.gebieden ?? []).includes(youth.areaId));
      const byLot = lotFor ? options.filter((c) => c.lotId === lotFor.id) : [];
      const contract = byLot.length > 0 ? byLot[0]! : rng.weighted(options, (c) => segmentWeight.get(seg.id)!.get(c.providerKey)!);
      const months = Math.max(0.5, rng.logNormal(params.segmenten[seg.id]!.mediaanDuurMaanden.waarde, DURATION_SIGMA));
      const plannedEnd = addDays(startDate, Math.round(months * 30.4));
      // Care continues across contract terms (zorgcontinuïteit, seed 000); the trajectory keeps the contract it started under.
      const endDate = plannedEnd > opts.today ? null : plannedEnd;
      const product = seg.producten.length > 0 ? rng.pick(seg.producten) : undefined;
      const dosage = volumeFor(rng, product?.eenheid);
      trajectories.push({
        youthKey: youth.key,
        providerKey: contract.providerKey,
        contractKey: contract.key,
        segmentId: seg.id,
        municipalityCode: youth.municipalityCode,
        productCategory: product?.categorie ?? '45',
        productCode: product?.code ?? null,
        unit: dosage ? product!.eenheid! : null,
        volume: dosage?.volume ?? null,
        frequency: dosage?.frequency ?? null,
        referrer: rng.weighted(referrers, ([, w]) => w)[0],
        startDate,
        endDate,
      });
    }
  }
  return { providers, contracts, families, youths, trajectories };
}

/**
 * Four-digit postcode (PC4) ranges per CBS municipality code, used only to make synthetic demo
 * addresses look plausible for their municipality. The ranges approximate the municipality's
 * real PC4 area but are NOT authoritative: every generated address (street, number, letters) is
 * fictitious. An area's own `postcodes` in the region profile take precedence.
 */
export const SYNTHETIC_PC4_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  // West-Brabant-Oost (wbo)
  '1959': [4251, 4287], // Altena
  '0758': [4811, 4841], // Breda
  '1719': [4921, 4926], // Drimmelen
  '0779': [4931, 4942], // Geertruidenberg
  '0826': [4901, 4909], // Oosterhout
  // Holland Rijnland
  '0546': [2311, 2334], // Leiden
  '0547': [2351, 2353], // Leiderdorp
  '0579': [2341, 2343], // Oegstgeest
  '0638': [2381, 2382], // Zoeterwoude
  '0537': [2221, 2226], // Katwijk
  '0575': [2201, 2204], // Noordwijk
  '0534': [2181, 2182], // Hillegom
  '0553': [2160, 2165], // Lisse
  '1525': [2171, 2172], // Teylingen
  // Haaglanden
  '0503': [2611, 2629], // Delft
  '0518': [2491, 2599], // 's-Gravenhage
  '1916': [2261, 2275], // Leidschendam-Voorburg
  '1842': [2635, 2636], // Midden-Delfland
  '1926': [2641, 2645], // Pijnacker-Nootdorp
  '0603': [2281, 2289], // Rijswijk
  '0626': [2251, 2253], // Voorschoten
  '0629': [2241, 2245], // Wassenaar
  '1783': [2671, 2695], // Westland
  '0637': [2711, 2729], // Zoetermeer
  // Hart van Brabant (Midden Brabant)
  '0766': [5101, 5107], // Dongen
  '0784': [5121, 5126], // Gilze en Rijen
  '0785': [5051, 5054], // Goirle
  '0797': [5251, 5258], // Heusden
  '0798': [5081, 5089], // Hilvarenbeek
  '0809': [5171, 5176], // Loon op Zand
  '0824': [5061, 5066], // Oisterwijk
  '0855': [5011, 5049], // Tilburg
  '0867': [5141, 5146], // Waalwijk
};

/** Fictitious but common-sounding street names for synthetic addresses. */
const STREET_NAMES = [
  'Kerkstraat',
  'Dorpsstraat',
  'Schoolstraat',
  'Molenweg',
  'Julianastraat',
  'Beatrixlaan',
  'Wilhelminastraat',
  'Stationsweg',
  'Lindelaan',
  'Eikenlaan',
  'Berkenhof',
  'Populierenstraat',
  'Rozenstraat',
  'Tulpstraat',
  'Sportlaan',
  'Parkweg',
  'Nieuwstraat',
  'Marktstraat',
  'Havenkade',
  'Dijkstraat',
  'Oranjestraat',
  'Zonnebloemstraat',
  'Meidoornlaan',
  'Kastanjelaan',
  'Vlierstraat',
  'Lijsterlaan',
  'Merelstraat',
  'Spoorstraat',
  'Weverstraat',
  'Bakkerstraat',
];
/** Postcode letters; S is avoided (SA, SD and SS are not issued). */
const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRTVWXZ';

function pc4Range(profile: RegionProfile, municipalityCode: string, areaId: string | null): [number, number] {
  const ranges = (profile.gebieden.find((g) => g.id === areaId)?.postcodes ?? []).map((r) => r.split('-').map(Number) as [number] | [number, number]);
  const own = ranges.length > 0 ? ranges[0]! : undefined;
  if (own) return [own[0], own[1] ?? own[0]];
  return [...(SYNTHETIC_PC4_RANGES[municipalityCode] ?? [9990, 9999])] as [number, number];
}

/**
 * A synthetic BRP address for a family: deterministic for (seed, family key), drawn from its own
 * generator so the population itself does not change when the address rules do.
 */
export function syntheticAddress(profile: RegionProfile, municipalityCode: string, areaId: string | null, seed: number, familyKey: number): GenAddress {
  const rng = new Random((seed ^ Math.imul(familyKey, 0x9e3779b1)) >>> 0);
  rng.next();
  const [from, to] = pc4Range(profile, municipalityCode, areaId);
  const letters = rng.pick([...POSTCODE_LETTERS]) + rng.pick([...POSTCODE_LETTERS]);
  const name = profile.gemeenten.find((g) => g.code === municipalityCode)?.naam ?? 'Onbekend';
  return {
    straatnaam: rng.pick(STREET_NAMES),
    huisnummer: rng.int(1, 180),
    postcode: `${rng.int(from, to)}${letters}`,
    plaatsnaam: name.replace(/\s*\(.*\)$/, ''), // "Rijswijk (ZH.)" -> "Rijswijk"
  };
}

/** A plausible volume per WJ756 unit and WMO757 frequency (2 = per week, 6 = total). */
function volumeFor(rng: Random, unit: string | undefined): { volume: number; frequency: string } | null {
  switch (unit) {
    case '01':
      return { volume: rng.int(4, 24) * 15, frequency: '2' };
    case '04':
      return { volume: rng.int(1, 6), frequency: '2' };
    case '14':
      return { volume: 7, frequency: '2' };
    case '16':
      return { volume: rng.int(2, 8), frequency: '2' };
    case '82':
    case '84':
      return { volume: 1, frequency: '6' };
    case '83':
      return { volume: rng.int(20, 400) * 100, frequency: '6' };
    default:
      return null;
  }
}

/** Number of distinct youths in care per calendar year (for checks and the bench). */
export function youthsInCarePerYear(region: GeneratedRegion, year: number): number {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const ids = new Set<number>();
  for (const t of region.trajectories) if (t.startDate <= to && (t.endDate === null || t.endDate >= from)) ids.add(t.youthKey);
  return ids.size;
}
