/**
 * Sources of the procedure rules that belong to a procedure kind itself (not to one region): the
 * SAS dialogue tender of seed 003 §5.3.2 and §11.2, the open house of seed 003 §9.3.2 and seed 004
 * §3.2, bestuurlijk aanbesteden (seed 004 §3.1/§3.2) and subsidy (seed 004 §4.6). A region picks
 * the kind in its profile (`procedure.soort`); what differs per region (lots, partner counts, lot
 * rules, suitability requirements, plan minimum, contract conditions) is profile data.
 * Every quote is literal from the seed text.
 */
import type { Source } from '../landscape/landscape.js';

export interface Refusal {
  ruleId: string;
  message: string;
  source?: Source;
  /** The input field the refusal is about (e.g. "scores.plan-van-aanpak"), for the message beside the field. */
  field?: string;
}

const src = (seed: string, section: string, quote: string): Source => ({ seed, section, quote });

export const SOURCES = {
  sasFasen: src('003', '5.3.2', 'We richten de SAS-procedure voor de SLT’s dan ook in als een dialooggerichte aanbesteding'),
  sasSelectie: src('003', '5.3.2', 'Deze fase eindigt met de definitieve selectie van de geselecteerde partijen.'),
  sasAanmelding: src('003', '5.3.2', 'Iedere geïnteresseerde die voldoet aan de gestelde eisen mag een aanmelding indienen.'),
  sasDialoog: src('003', '5.3.2', 'Fase waarin we met de geselecteerde partijen gesprekken voeren'),
  sasInschrijving: src('003', '5.3.2', 'uitnodigen om zich in te schrijven op de opdracht.'),
  sasGunningDeelnemers: src('003', '5.3.2', 'Alleen de partijen uit de dialoogfase komen in aanmerking voor gunning van de opdracht.'),
  sasEmvi: src('003', '5.3.2', 'Na de dialoogfase gunt Regio WBO Jeugd de opdracht op basis van EMVI.'),
  sasPercelen: src('003', '5.3.3', 'Een geïnteresseerde kan zich tijdens de selectiefase aanmelden voor één of meerdere geografische percelen'),
  goNoGo: src('003', '11.2', 'momenten ingebouwd bij de selectiefase en de dialoogfase.'),
  openHouse: src('003', '9.3.2', 'Dit is een toelatingssysteem op basis van een vooraf bekendgemaakte toelatingsprocedure.'),
  openHouseDoorlopend: src('003', '9.3.2', 'partijen gedurende de hele looptijd van de overeenkomst toetreden en hun diensten aanbieden.'),
  openHouseToelating: src('003', '9.3.2', 'De partijen die voldoen aan de eisen voor toelating, laat de Regio WBO Jeugd toetreden tot de open house.'),
  eersteInstroomronde: src('003', '11.1', 'Keuze contract- partners bij aanvang overeenkomst (eerste instroomronde)'),
  toetredingSluiten: src('004', '3.2 f', 'Gemeenten kunnen ervoor kiezen voor bepaalde segmenten deze mogelijkheid tot tussentijdse toetreding (tijdelijk) af te schaffen.'),
  bestuurlijk: src('004', '3.1 Inkoopmodel', 'De gemeenten in de regio Holland Rijnland hebben de ontwikkel- en resultaatovereenkomsten bestuurlijk aanbesteed'),
  ontwikkelovereenkomst: src('004', '3.1 Inkoopmodel', 'Jeugdhulpaanbieders die niet aan de voorwaarden voldoen of niet akkoord gaan met de overlegstructuur, mogen geen jeugdhulp leveren in de gemeenten.'),
  resultaatovereenkomst: src('004', '3.1 Inkoopmodel', 'De resultaatovereenkomsten bevatten vervolgens specifieke eisen aan jeugdhulpaanbieders'),
  geschiktheidseisen: src('004', '3.2 b', 'Aanscherping én handhaving hiervan leidt niet alleen tot een betere borging van kwaliteit'),
  plan: src('004', '3.2 d', 'Door te eisen dat deze plannen minimaal een bepaalde score moeten halen'),
  subsidie: src('004', '4.6 Contractvorm', 'middels het subsidiëren van een groep aanbieders gespecialiseerd op crisishulp in de regio'),
  subsidieEisen: src('004', '4.6 Bekostigingsmodel', 'Voor de start wordt gedacht aan het verstrekken van een incidentele subsidie, waarbij strikte eisen worden gesteld aan de taken'),
} as const;
