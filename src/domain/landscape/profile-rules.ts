/**
 * Consistency rules of a region profile: the checks that a schema alone cannot express.
 * Pure functions; each returns findings with the YAML path of the offending value.
 */
import { parameterProblems } from '../funding/parameters.js';
import { isOpen, type RegionProfile } from './profile-schema.js';
import { INTENT_KIND, isEvaluated } from '../rules/kinds.js';

export interface ProfileFinding {
  /** YAML path, e.g. ['gebieden', 2, 'gemeenten', 0]. */
  path: (string | number)[];
  message: string;
}

/** Known reference lists the rules check against (CBS municipality codes, JZ020, WJ756). */
export interface ReferenceLists {
  gemeenteCodes: ReadonlyMap<string, string>;
  productCategorieen: ReadonlyMap<string, string>;
  eenheden: ReadonlyMap<string, string>;
}

function duplicates<T>(items: readonly T[], key: (t: T) => string): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    seen.set(k, [...(seen.get(k) ?? []), i]);
  });
  return new Map([...seen].filter(([, idx]) => idx.length > 1));
}

export function checkProfile(p: RegionProfile, refs: ReferenceLists): ProfileFinding[] {
  const out: ProfileFinding[] = [];
  const gemeenten = new Set(p.gemeenten.map((g) => g.code));
  const deelregios = new Set(p.deelregios.map((d) => d.id));
  const gebieden = new Map(p.gebieden.map((g) => [g.id, g]));
  const segmentIds = new Set(p.segmenten.map((s) => s.id));

  const unique = <T>(list: readonly T[], key: (t: T) => string, at: (string | number)[], what: string) => {
    for (const [k, idx] of duplicates(list, key)) {
      for (const i of idx.slice(1)) out.push({ path: [...at, i], message: `duplicate ${what} "${k}" (also at index ${idx[0]})` });
    }
  };
  unique(p.gemeenten, (g) => g.code, ['gemeenten'], 'gemeentecode');
  unique(p.gebieden, (g) => g.id, ['gebieden'], 'gebied id');
  unique(p.segmenten, (s) => s.id, ['segmenten'], 'segment id');
  unique(p.deelregios, (d) => d.id, ['deelregios'], 'deelregio id');

  // Sources: every bron.seed used must be declared in `bronnen` (except external lists).
  const declared = new Set(Object.keys(p.bronnen));
  walkBronnen(p, [], (bron, path) => {
    if (bron.seed !== 'cbs' && bron.seed !== 'ijw' && !declared.has(bron.seed)) {
      out.push({ path: [...path, 'seed'], message: `source "${bron.seed}" is not declared under bronnen` });
    }
  });

  // Funding parameters: known ids with their unit, known segments, one per id and segment.
  for (const f of parameterProblems(p.parameters, segmentIds)) out.push({ path: ['parameters', f.index], message: f.message });
  const k = p.financieelKader;
  if (k?.ingekochteLijnen) {
    const lines = new Set(k.lijnen.map((l) => l.id));
    k.ingekochteLijnen.lijnen.forEach((l, i) => {
      if (!lines.has(l)) out.push({ path: ['financieelKader', 'ingekochteLijnen', 'lijnen', i], message: `unknown lijn "${l}"` });
    });
  }

  if (p.gemeenten.length === 0 && p.openVragen.length === 0) {
    out.push({ path: ['gemeenten'], message: 'no gemeenten listed: list the municipalities, or record under openVragen why the source names none' });
  }
  p.gemeenten.forEach((g, i) => {
    const official = refs.gemeenteCodes.get(g.code);
    if (!official) out.push({ path: ['gemeenten', i, 'code'], message: `"${g.code}" is not a CBS gemeentecode` });
    if (g.deelregio && !deelregios.has(g.deelregio)) {
      out.push({ path: ['gemeenten', i, 'deelregio'], message: `unknown deelregio "${g.deelregio}"` });
    }
  });

  // Areas must reference municipalities of this region.
  p.gebieden.forEach((a, i) =>
    a.gemeenten.forEach((code, j) => {
      if (!gemeenten.has(code)) {
        out.push({ path: ['gebieden', i, 'gemeenten', j], message: `unknown gemeente "${code}": not listed under gemeenten` });
      }
    }),
  );
  // Every municipality is served by at least one local area, when the profile lists areas.
  const localAreas = p.gebieden.filter((a) => a.soort !== 'centrale-intake');
  if (localAreas.length > 0) {
    p.gemeenten.forEach((g, i) => {
      if (!localAreas.some((a) => a.gemeenten.includes(g.code))) {
        out.push({ path: ['gemeenten', i], message: `gemeente ${g.code} ${g.naam} is not covered by any local area (gebied)` });
      }
    });
  }

  // Lot ids are referenced region-wide (areas list their lots), so they must be unique across segments.
  const lotOwner = new Map<string, string>();
  p.segmenten.forEach((s, si) =>
    s.percelen.forEach((lot, li) => {
      const other = lotOwner.get(lot.id);
      if (other !== undefined && other !== s.id)
        out.push({ path: ['segmenten', si, 'percelen', li, 'id'], message: `perceel id "${lot.id}" is also used in segment "${other}"` });
      lotOwner.set(lot.id, s.id);
    }),
  );

  p.segmenten.forEach((s, si) => {
    const at = ['segmenten', si] as (string | number)[];
    unique(s.percelen, (l) => l.id, [...at, 'percelen'], 'perceel id');
    const lotIds = new Set(s.percelen.map((l) => l.id));
    const lotOfArea = new Map<string, string>();
    s.percelen.forEach((lot, li) => {
      lot.gebieden?.forEach((gid, gi) => {
        if (!gebieden.has(gid)) {
          out.push({ path: [...at, 'percelen', li, 'gebieden', gi], message: `unknown gebied "${gid}"` });
          return;
        }
        const prev = lotOfArea.get(gid);
        if (prev) out.push({ path: [...at, 'percelen', li, 'gebieden', gi], message: `gebied "${gid}" is already in perceel "${prev}"` });
        lotOfArea.set(gid, lot.id);
      });
      lot.gemeenten?.forEach((code, gi) => {
        if (!gemeenten.has(code)) out.push({ path: [...at, 'percelen', li, 'gemeenten', gi], message: `unknown gemeente "${code}"` });
      });
    });

    s.producten.forEach((prod, pi) => {
      if (!refs.productCategorieen.has(prod.categorie)) {
        out.push({ path: [...at, 'producten', pi, 'categorie'], message: `"${prod.categorie}" is not a JZ020 productcategorie` });
      }
      if (prod.eenheid && !refs.eenheden.has(prod.eenheid)) {
        out.push({ path: [...at, 'producten', pi, 'eenheid'], message: `"${prod.eenheid}" is not a WJ756 eenheid` });
      }
      if (prod.code && !prod.code.startsWith(prod.categorie)) {
        // iJw: a region's product code conventionally starts with its category (e.g. 45A09 in category 45).
        out.push({ path: [...at, 'producten', pi, 'code'], message: `productcode "${prod.code}" does not start with its categorie "${prod.categorie}"` });
      }
    });
    for (const [k, idx] of duplicates(
      s.producten.filter((x) => x.code),
      (x) => x.code!,
    )) {
      out.push({ path: [...at, 'producten'], message: `productcode "${k}" listed ${idx.length} times` });
    }

    if (!isOpen(s.aantalPartners)) {
      const { min, max } = s.aantalPartners;
      if (min !== undefined && max !== undefined && max !== null && min > max) {
        out.push({ path: [...at, 'aantalPartners'], message: `min (${min}) is larger than max (${max})` });
      }
      if (max !== undefined && max !== null && s.percelen.length > max) {
        out.push({ path: [...at, 'aantalPartners', 'max'], message: `${s.percelen.length} percelen need at least as many partners, but max is ${max}` });
      }
    }
    if (!isOpen(s.looptijd)) {
      const l = s.looptijd;
      if (l.jaren === undefined && (l.jarenMin === undefined || l.jarenMax === undefined) && !l.einddatum) {
        out.push({ path: [...at, 'looptijd'], message: 'looptijd needs jaren, or jarenMin and jarenMax, or einddatum (or write it as openVraag)' });
      }
      if (l.jarenMin !== undefined && l.jarenMax !== undefined && l.jarenMin > l.jarenMax) {
        out.push({ path: [...at, 'looptijd'], message: `jarenMin (${l.jarenMin}) is larger than jarenMax (${l.jarenMax})` });
      }
    }
    if (!isOpen(s.bekostiging) && s.bekostiging.variant === 'resultaatgericht' && s.bekostiging.resultaatbetaling) {
      const r = s.bekostiging.resultaatbetaling;
      if (!isOpen(r) && Math.abs(r.voorschotAandeel + r.naDoelrealisatieAandeel - 1) > 1e-9) {
        out.push({ path: [...at, 'bekostiging', 'resultaatbetaling'], message: 'voorschotAandeel + naDoelrealisatieAandeel must be 1' });
      }
    }
    s.regels.forEach((r, ri) => {
      if (r.type === 'percelen-verschillend') {
        r.percelen.forEach((lid, li) => {
          if (!lotIds.has(lid)) out.push({ path: [...at, 'regels', ri, 'percelen', li], message: `unknown perceel "${lid}"` });
        });
      }
    });
  });

  // Access rules name segments and areas; they must exist in this profile.
  const checkRuleRefs = (r: RegionProfile['regels'][number], at: (string | number)[]) => {
    const segRef = (key: string, ids: readonly string[] | undefined) =>
      ids?.forEach((sid, k) => segmentIds.has(sid) || out.push({ path: [...at, key, k], message: `unknown segment "${sid}"` }));
    if ('segmenten' in r) segRef('segmenten', r.segmenten);
    if (r.type === 'warme-overdracht') {
      segRef('van', r.van);
      segRef('naar', r.naar);
    }
    const productNames = new Set(p.segmenten.flatMap((s) => s.producten.map((x) => x.naam)));
    const prodRef = (path: (string | number)[], names: readonly string[] | undefined) =>
      names?.forEach((n, k) => productNames.has(n) || out.push({ path: [...path, k], message: `unknown product "${n}" (a naam of segmenten[].producten)` }));
    if (r.type === 'maximale-duur') prodRef([...at, 'productnamen'], r.productnamen);
    if (r.type === 'zorg-einde-leeftijd') r.uitzonderingen.forEach((u, k) => prodRef([...at, 'uitzonderingen', k, 'productnamen'], u.productnamen));
    if (r.type === 'routering-complexiteit')
      r.routes.forEach((x, k) => segmentIds.has(x.segment) || out.push({ path: [...at, 'routes', k, 'segment'], message: `unknown segment "${x.segment}"` }));
    // A rule must be of a kind an engine evaluates (src/domain/rules/kinds.ts); a statement of intent says why it is one.
    if (r.type !== INTENT_KIND && !isEvaluated(r.type)) out.push({ path: [...at, 'type'], message: `rule kind "${r.type}" is not evaluated by any engine` });
    if (r.type === INTENT_KIND && !r.omschrijving)
      out.push({ path: [...at, 'omschrijving'], message: 'a statement of intent (beschreven) says in omschrijving why nothing is checked' });
    if (r.type === 'zorg-einde-leeftijd') {
      r.uitzonderingen.forEach((u, k) =>
        (u.segmenten ?? []).forEach(
          (sid, m) => segmentIds.has(sid) || out.push({ path: [...at, 'uitzonderingen', k, 'segmenten', m], message: `unknown segment "${sid}"` }),
        ),
      );
    }
    if (r.type === 'verwijzing-via-gebied' && !gebieden.has(r.via)) out.push({ path: [...at, 'via'], message: `unknown gebied "${r.via}"` });
  };
  p.regels.forEach((r, i) => checkRuleRefs(r, ['regels', i]));
  p.segmenten.forEach((s, si) => s.regels.forEach((r, ri) => checkRuleRefs(r, ['segmenten', si, 'regels', ri])));

  p.productvertaling.forEach((t, i) => {
    if (!segmentIds.has(t.nieuw.segment)) {
      out.push({ path: ['productvertaling', i, 'nieuw', 'segment'], message: `unknown segment "${t.nieuw.segment}"` });
    }
  });

  if (p.financieelKader) out.push(...checkFinancieelKader(p).map((f) => ({ ...f, path: ['financieelKader', ...f.path] })));
  return out;
}

/**
 * The printed totals of a budget framework must equal the sum of its posts, within the printed
 * rounding (each printed figure may be off by half a rounding unit). Seed 004 §6.1.
 */
export function checkFinancieelKader(p: RegionProfile): ProfileFinding[] {
  const fk = p.financieelKader;
  if (!fk) return [];
  const out: ProfileFinding[] = [];
  const gemeenten = new Set(p.gemeenten.map((g) => g.code));
  const lijnen = new Set(fk.lijnen.map((l) => l.id));
  fk.posten.forEach((post, i) => {
    if (!gemeenten.has(post.gemeente)) out.push({ path: ['posten', i, 'gemeente'], message: `unknown gemeente "${post.gemeente}"` });
    if (!lijnen.has(post.lijn)) out.push({ path: ['posten', i, 'lijn'], message: `unknown lijn "${post.lijn}"` });
    for (const y of Object.keys(post.bedragen)) {
      if (!fk.jaren.includes(Number(y))) out.push({ path: ['posten', i, 'bedragen', y], message: `year ${y} is not one of jaren` });
    }
  });
  fk.gedrukteTotalen.forEach((t, i) => {
    const members = (code: string) => {
      if (t.niveau === 'regio') return true;
      if (t.niveau === 'gemeente') return code === t.id;
      return p.gemeenten.find((g) => g.code === code)?.deelregio === t.id;
    };
    const posts = fk.posten.filter((x) => members(x.gemeente));
    if (posts.length === 0) {
      out.push({ path: ['gedrukteTotalen', i, 'id'], message: `no posts belong to ${t.niveau} "${t.id ?? ''}"` });
      return;
    }
    for (const [y, printed] of Object.entries(t.bedragen)) {
      const sum = posts.reduce((acc, x) => acc + (x.bedragen[y] ?? 0), 0);
      // Each post was rounded when printed; the tolerance grows with the number of rounded figures.
      const tolerance = Math.ceil((posts.length + 1) / 2) * fk.afrondingCent;
      if (Math.abs(sum - printed) > tolerance) {
        out.push({
          path: ['gedrukteTotalen', i, 'bedragen', y],
          message: `printed total ${printed} cents differs from the sum of the posts ${sum} cents by more than the rounding (${tolerance})`,
        });
      }
    }
  });
  return out;
}

function walkBronnen(node: unknown, path: (string | number)[], visit: (b: { seed: string }, path: (string | number)[]) => void): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => walkBronnen(v, [...path, i], visit));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'bron' && v && typeof v === 'object' && 'seed' in v) visit(v as { seed: string }, [...path, k]);
      else walkBronnen(v, [...path, k], visit);
    }
  }
}
