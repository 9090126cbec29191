/**
 * Shared test helpers (not a test file): a minimal valid region profile built in code, and the
 * real profiles under profiles/ loaded once.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RegionProfile } from '../../src/domain/landscape/profile-schema.js';
import { loadProfiles } from '../../src/app/profiles/profile-store.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROFILES = join(ROOT, 'profiles');

export const bron = (sectie = '5.3.3', seed = '003') => ({ seed, sectie });

/**
 * A small valid profile modelled on seed 003 (WBO): two municipalities, two SLT areas, one task
 * area with two lots that must go to different parties. The raw (YAML-shaped) object, before zod.
 */
export function minimalInput(): Record<string, any> {
  return {
    regio: 'testregio',
    naam: 'Testregio Jeugd',
    geldigVanaf: '2027-01-01',
    bronnen: { '003': { titel: 'Inkoopstrategie Regio WBO Jeugd', bestand: 'seeds/003_753b968547ba64f9.txt' } },
    gemeenten: [
      { code: '0758', naam: 'Breda', bron: bron('1.1') },
      { code: '0826', naam: 'Oosterhout', bron: bron('1.1') },
    ],
    gebieden: [
      { id: 'slt-breda', naam: 'SLT Breda', soort: 'slt', gemeenten: ['0758'], bron: bron() },
      { id: 'slt-oosterhout', naam: 'SLT Oosterhout', soort: 'slt', gemeenten: ['0826'], bron: bron() },
    ],
    segmenten: [
      {
        id: 'slt',
        naam: 'Stevig Lokaal Team',
        soort: 'taakgebied',
        bekostiging: { variant: 'taakgericht', vorm: 'lumpsum', bron: bron('5.3.5') },
        procedure: { soort: 'sas-dialoog', fasen: ['selectie', 'dialoog', 'gunning'], bron: bron('5.3.2') },
        looptijd: { jaren: 5, verlengingen: [1, 1], bron: bron('5.3.1') },
        aantalPartners: { min: 2, max: 3, bron: bron('5.3.4') },
        percelen: [
          { id: 'p1', naam: 'Perceel Breda', gebieden: ['slt-breda'], bron: bron() },
          { id: 'p2', naam: 'Perceel Oosterhout', gebieden: ['slt-oosterhout'], bron: bron() },
        ],
        producten: [{ categorie: '45', code: '45A09', naam: 'Ambulante jeugdhulp', eenheid: '04', bron: bron('5.2') }],
        regels: [{ id: 'lots-distinct', type: 'percelen-verschillend', soort: 'blokkerend', percelen: ['p1', 'p2'], bron: bron() }],
        bron: bron('5'),
      },
    ],
  };
}

/** The minimal profile after `mutate`, parsed by the schema (defaults filled in). */
export function makeProfile(mutate: (raw: Record<string, any>) => void = () => {}): RegionProfile {
  const raw = minimalInput();
  mutate(raw);
  return RegionProfile.parse(raw);
}

let loaded: ReturnType<typeof loadProfiles> | undefined;
export function realProfiles(): ReturnType<typeof loadProfiles> {
  loaded ??= loadProfiles(PROFILES);
  return loaded;
}

export function realProfile(regio: string): RegionProfile {
  const found = realProfiles().profiles.filter((p) => p.profile.regio === regio);
  if (found.length === 0) throw new Error(`no valid profile for ${regio}`);
  return found.sort((a, b) => b.profile.geldigVanaf.localeCompare(a.profile.geldigVanaf))[0]!.profile;
}
