/**
 * CD/CS rules on allocated and requested products (reference/ijw-regels/condities-constraints.md):
 * ToegewezenProduct (JW301/302), AangevraagdProduct (JW315/316), NieuwProduct and
 * TeWijzigenProduct (JW317/318). Each product kind is rebuilt from parts in a valid example.
 */
import { describe, it } from 'vitest';
import { el, expectFails, expectPasses, replaceElement, retourCodes, valid } from '../fixtures/ijw/cdcs/harness.js';

/** Parts of a product; undefined takes the default, null leaves the element out. */
interface Parts {
  product?: string | null;
  begin?: string;
  eind?: string | null;
  reden?: string | null;
  omvang?: string | null;
  budget?: string | null;
  beschikkingNummer?: string | null;
  beschikkingIngangsdatum?: string | null;
  verwijzer?: string;
}

const product = (categorie: string, code?: string) => `<ijw:Categorie>${categorie}</ijw:Categorie>${code ? `<ijw:Code>${code}</ijw:Code>` : ''}`;
const omvang = (volume: string, eenheid: string, frequentie: string) =>
  `<ijw:Volume>${volume}</ijw:Volume><ijw:Eenheid>${eenheid}</ijw:Eenheid><ijw:Frequentie>${frequentie}</ijw:Frequentie>`;
const verwijzer = (type: string, naam?: string, agb?: string) =>
  `<ijw:Type>${type}</ijw:Type>${naam ? `<ijw:Naam>${naam}</ijw:Naam>` : ''}${agb ? `<ijw:ZorgverlenerCode>${agb}</ijw:ZorgverlenerCode>` : ''}`;
const pick = <T>(v: T | undefined, dflt: T) => (v === undefined ? dflt : v);

interface Kind {
  id: string;
  /** Location of the product in the message. */
  path: string;
  /** Name of the begin and end date elements. */
  begin: string;
  eind: string;
  build(p: Parts): string;
}

function toegewezen(m: 'JW301' | 'JW302'): Kind {
  const ns = m.toLowerCase();
  return {
    id: `${m} ToegewezenProduct`,
    path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]',
    begin: 'Ingangsdatum',
    eind: 'Einddatum',
    build: (p) =>
      replaceElement(
        valid(m),
        `${ns}:ToegewezenProduct`,
        el(ns, 'ToewijzingNummer', '300201') +
          el(ns, 'Product', pick(p.product, product('55', '55A11'))) +
          el(ns, 'Toewijzingsdatum', '2026-04-01') +
          el(ns, 'Toewijzingstijd', '12:34:56') +
          el(ns, 'Ingangsdatum', p.begin ?? '2026-04-01') +
          el(ns, 'Einddatum', pick(p.eind, '2026-07-14')) +
          el(ns, 'RedenWijziging', p.reden) +
          el(ns, 'Omvang', pick(p.omvang, omvang('2', '04', '2'))) +
          el(ns, 'Budget', p.budget) +
          (m === 'JW302' ? retourCodes(ns) : ''),
      ),
  };
}

function aangevraagd(m: 'JW315' | 'JW316'): Kind {
  const ns = m.toLowerCase();
  return {
    id: `${m} AangevraagdProduct`,
    path: '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]',
    begin: 'ToewijzingIngangsdatum',
    eind: 'ToewijzingEinddatum',
    build: (p) =>
      replaceElement(
        valid(m),
        `${ns}:AangevraagdProduct`,
        el(ns, 'ReferentieAanbieder', '40A12341234') +
          el(ns, 'BeschikkingNummer', pick(p.beschikkingNummer, '123')) +
          el(ns, 'Product', pick(p.product, product('55', '55A11'))) +
          el(ns, 'BeschikkingIngangsdatum', pick(p.beschikkingIngangsdatum, '2026-03-15')) +
          el(ns, 'ToewijzingIngangsdatum', p.begin ?? '2026-04-01') +
          el(ns, 'ToewijzingEinddatum', pick(p.eind, '2027-06-30')) +
          el(ns, 'Omvang', pick(p.omvang, omvang('2', '16', '4'))) +
          el(ns, 'Budget', p.budget) +
          el(ns, 'Verwijzer', p.verwijzer ?? verwijzer('01', 'huisarts')) +
          (m === 'JW316' ? retourCodes(ns) : ''),
      ),
  };
}

function nieuw(m: 'JW317' | 'JW318'): Kind {
  const ns = m.toLowerCase();
  return {
    id: `${m} NieuwProduct`,
    path: '/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[1]',
    begin: 'GewensteIngangsdatum',
    eind: 'Einddatum',
    build: (p) =>
      replaceElement(
        valid(m),
        `${ns}:NieuwProduct`,
        el(ns, 'Product', pick(p.product, product('45', '45A03'))) +
          el(ns, 'GewensteIngangsdatum', p.begin ?? '2026-11-01') +
          el(ns, 'Einddatum', pick(p.eind, '2027-02-28')) +
          el(ns, 'Omvang', pick(p.omvang, omvang('4', '04', '4'))) +
          el(ns, 'Budget', p.budget) +
          (m === 'JW318' ? retourCodes(ns) : ''),
      ),
  };
}

function teWijzigen(m: 'JW317' | 'JW318'): Kind {
  const ns = m.toLowerCase();
  return {
    id: `${m} TeWijzigenProduct`,
    path: '/Bericht/Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[1]',
    begin: 'GewensteIngangsdatum',
    eind: 'Einddatum',
    build: (p) => {
      const body =
        el(ns, 'ToewijzingNummer', '10072') +
        el(ns, 'GewensteIngangsdatum', p.begin ?? '2026-11-01') +
        el(ns, 'Einddatum', pick(p.eind, '2027-02-28')) +
        el(ns, 'Omvang', pick(p.omvang, omvang('4', '04', '4'))) +
        el(ns, 'Budget', p.budget) +
        (m === 'JW318' ? retourCodes(ns) : '');
      const after = `</${ns}:OngewijzigdeProducten>`;
      return valid(m).replace(after, `${after}${el(ns, 'TeWijzigenProducten', el(ns, 'TeWijzigenProduct', body))}`);
    },
  };
}

const TOEGEWEZEN = [toegewezen('JW301'), toegewezen('JW302')];
const AANGEVRAAGD = [aangevraagd('JW315'), aangevraagd('JW316')];
const NIEUW = [nieuw('JW317'), nieuw('JW318')];
const TE_WIJZIGEN = [teWijzigen('JW317'), teWijzigen('JW318')];
const WITH_PRODUCT = [...TOEGEWEZEN, ...AANGEVRAAGD, ...NIEUW];
const ALL = [...WITH_PRODUCT, ...TE_WIJZIGEN];
const byId = (kinds: Kind[]) => kinds.map((k) => [k.id, k] as const);

describe('Omvang, Budget and Product (execution variants)', () => {
  it.each(byId(WITH_PRODUCT))('CD079: Product required when Budget is empty (%s)', (_, k) => {
    expectPasses(k.build({}), 'CD079');
    expectPasses(k.build({ product: null, omvang: null, budget: '5000' }), 'CD079');
    expectFails(k.build({ product: null, omvang: null }), 'CD079', `${k.path}/Product`);
  });

  it.each(byId(ALL))('CD075: end date required when Budget is filled (%s)', (_, k) => {
    expectPasses(k.build({ omvang: null, budget: '5000' }), 'CD075');
    expectFails(k.build({ omvang: null, budget: '5000', eind: null }), 'CD075', `${k.path}/${k.eind}`);
  });

  it.each(byId(ALL))('CD076: end date required when Frequentie is 2 (per week) (%s)', (_, k) => {
    expectPasses(k.build({ omvang: omvang('3', '04', '2') }), 'CD076');
    expectPasses(k.build({ omvang: omvang('3', '04', '4'), eind: null }), 'CD076');
    expectFails(k.build({ omvang: omvang('3', '04', '2'), eind: null }), 'CD076', `${k.path}/${k.eind}`);
  });

  it.each(byId(WITH_PRODUCT))('CD041: Omvang required when Product/Code is filled (%s)', (_, k) => {
    expectPasses(k.build({}), 'CD041');
    expectPasses(k.build({ product: product('55'), omvang: null }), 'CD041');
    expectFails(k.build({ omvang: null }), 'CD041', `${k.path}/Omvang`);
  });

  it.each(byId(ALL))('CD077: Omvang empty when Budget is filled (%s)', (_, k) => {
    expectPasses(k.build({ product: product('55'), omvang: null, budget: '5000' }), 'CD077');
    expectFails(k.build({ budget: '5000' }), 'CD077', `${k.path}/Omvang`);
  });

  it.each(byId(ALL))('CD078: Budget empty when Omvang is filled (%s)', (_, k) => {
    expectPasses(k.build({}), 'CD078');
    expectFails(k.build({ budget: '5000' }), 'CD078', `${k.path}/Budget`);
  });

  it.each([
    ...byId(TOEGEWEZEN).map(([id, k]) => ['CD080', id, k] as const),
    ...byId(AANGEVRAAGD).map(([id, k]) => ['CD095', id, k] as const),
    ...byId(NIEUW).map(([id, k]) => ['CD096', id, k] as const),
  ])('%s: no Omvang without Product/Code when the end date is after 2020-12-31 or empty (%s)', (code, _, k) => {
    const aspecifiek = product(k.id.includes('Nieuw') ? '45' : '55');
    expectPasses(k.build({}), code);
    expectPasses(k.build({ product: aspecifiek, begin: '2020-01-01', eind: '2020-12-31' }), code);
    expectFails(k.build({ product: aspecifiek }), code, `${k.path}/Omvang`);
    expectFails(k.build({ product: null, eind: null }), code, `${k.path}/Omvang`);
  });

  it.each([
    ...byId([...TOEGEWEZEN, ...NIEUW, ...TE_WIJZIGEN]).map(([id, k]) => ['CS338', id, k] as const),
    ...byId(AANGEVRAAGD).map(([id, k]) => ['CS343', id, k] as const),
  ])('%s: Frequentie 2, 4 or 6 for Eenheid 14, 16, 83 or 84 when the end date is after 2020-12-31 or empty (%s)', (code, _, k) => {
    expectPasses(k.build({ omvang: omvang('3', '14', '4') }), code);
    expectPasses(k.build({ omvang: omvang('3', '04', '1') }), code);
    expectPasses(k.build({ omvang: omvang('3', '16', '1'), begin: '2020-01-01', eind: '2020-06-30' }), code);
    for (const eenheid of ['14', '16', '83', '84']) expectFails(k.build({ omvang: omvang('3', eenheid, '1') }), code, `${k.path}/Omvang/Frequentie`);
    expectFails(k.build({ omvang: omvang('3', '84', '1'), eind: null }), code, `${k.path}/Omvang/Frequentie`);
  });
});

describe('dates and reasons', () => {
  it.each(byId(ALL))('CS003: end date not before the begin date (%s)', (_, k) => {
    expectPasses(k.build({ begin: '2026-11-01', eind: '2026-11-01' }), 'CS003');
    expectFails(k.build({ begin: '2026-11-01', eind: '2026-10-31' }), 'CS003', `${k.path}/${k.eind}`);
  });

  it.each(byId(TOEGEWEZEN))('CS335: RedenWijziging 13 (verwijderd) only when Einddatum equals Ingangsdatum (%s)', (_, k) => {
    expectPasses(k.build({ reden: '13', begin: '2026-04-01', eind: '2026-04-01' }), 'CS335');
    expectFails(k.build({ reden: '13', begin: '2026-04-01', eind: '2026-04-02' }), 'CS335', `${k.path}/RedenWijziging`);
    expectFails(k.build({ reden: '13', eind: null, omvang: omvang('2', '04', '4') }), 'CS335', `${k.path}/RedenWijziging`);
  });

  it.each(byId(TOEGEWEZEN))('CS336: RedenWijziging 01 (administratieve correctie, vervallen) not used (%s)', (_, k) => {
    expectPasses(k.build({ reden: '14' }), 'CS336');
    expectFails(k.build({ reden: '01' }), 'CS336', `${k.path}/RedenWijziging`);
  });

  it.each(byId(AANGEVRAAGD))('CD043: BeschikkingIngangsdatum when and only when BeschikkingNummer is filled (%s)', (_, k) => {
    expectPasses(k.build({}), 'CD043');
    expectPasses(k.build({ beschikkingNummer: null, beschikkingIngangsdatum: null }), 'CD043');
    expectFails(k.build({ beschikkingIngangsdatum: null }), 'CD043', `${k.path}/BeschikkingIngangsdatum`);
    expectFails(k.build({ beschikkingNummer: null }), 'CD043', `${k.path}/BeschikkingIngangsdatum`);
  });
});

describe('Verwijzer (JW315, JW316)', () => {
  it.each(byId(AANGEVRAAGD))('CD066: no Naam when Type is 02-05 and ZorgverlenerCode is filled (%s)', (_, k) => {
    expectPasses(k.build({ verwijzer: verwijzer('02', undefined, '12345678') }), 'CD066');
    expectPasses(k.build({ verwijzer: verwijzer('01', 'gemeente') }), 'CD066');
    expectFails(k.build({ verwijzer: verwijzer('05', 'specialist', '12345678') }), 'CD066', `${k.path}/Verwijzer/Naam`);
  });

  it.each(byId(AANGEVRAAGD))('CD067: Naam required when Type is 02-05 and ZorgverlenerCode is empty (%s)', (_, k) => {
    expectPasses(k.build({ verwijzer: verwijzer('03', 'jeugdarts') }), 'CD067');
    expectPasses(k.build({ verwijzer: verwijzer('06') }), 'CD067');
    expectFails(k.build({ verwijzer: verwijzer('03') }), 'CD067', `${k.path}/Verwijzer/Naam`);
  });

  it.each(byId(AANGEVRAAGD))('CD068: no ZorgverlenerCode when Type is not 02-05 (%s)', (_, k) => {
    expectPasses(k.build({ verwijzer: verwijzer('04', undefined, '12345678') }), 'CD068');
    expectFails(k.build({ verwijzer: verwijzer('01', 'gemeente', '12345678') }), 'CD068', `${k.path}/Verwijzer/ZorgverlenerCode`);
    expectFails(k.build({ verwijzer: verwijzer('08', undefined, '12345678') }), 'CD068', `${k.path}/Verwijzer/ZorgverlenerCode`);
  });
});
