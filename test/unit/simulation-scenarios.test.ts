/**
 * The shipped scenario files (profiles/<regio>/scenarios/*.yaml): valid against the schema, every
 * segment they name exists in the region's profile, and every seed citation is literal seed text
 * (whitespace of the PDF text normalised to one space).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedScenarioFiles, parseScenarioYaml } from '../../src/app/simulation/run.js';
import { realProfile, ROOT } from './helpers.js';

const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const HAVE_SEEDS = existsSync(SEEDS);
const seedText = (seed: string) => {
  const f = readdirSync(SEEDS).find((x) => x.startsWith(`${seed}_`))!;
  return readFileSync(join(SEEDS, f), 'utf8').replace(/\s+/g, ' ');
};
const norm = (s: string) => s.replace(/\s+/g, ' ');

const REGIONS = ['wbo', 'holland-rijnland', 'haaglanden', 'regio-2021', 'hart-van-brabant'];

describe('shipped scenario files', () => {
  for (const region of REGIONS) {
    it(`${region}: valid, with a no-change scenario, naming only the profile's segments`, () => {
      const files = shippedScenarioFiles(region);
      expect(files.length).toBeGreaterThan(0);
      const segs = new Set(realProfile(region).segmenten.map((s) => s.id));
      for (const { definition } of files) {
        expect(definition.regio).toBe(region);
        expect(definition.scenarios.some((s) => s.wijzigingen.length === 0)).toBe(true);
        for (const sc of definition.scenarios)
          for (const w of sc.wijzigingen) {
            const named = w.soort === 'bekostiging' ? [w.segment] : w.soort === 'verschuiving' ? [w.van, w.naar] : w.soort === 'plafond' && w.segment ? [w.segment] : [];
            for (const id of named) expect(segs.has(id), `${sc.id}: ${id}`).toBe(true);
          }
      }
    });
  }
  it.skipIf(!HAVE_SEEDS)('every citation is literal seed text', () => {
    let n = 0;
    for (const region of REGIONS)
      for (const { definition } of shippedScenarioFiles(region))
        for (const sc of definition.scenarios)
          for (const b of [sc.bron, ...sc.wijzigingen.map((w) => w.bron)]) {
            if (!b?.citaat) continue;
            n++;
            expect(seedText(b.seed), `${region}/${sc.id}`).toContain(norm(b.citaat));
          }
    expect(n).toBeGreaterThanOrEqual(8);
  });
  it('a bad file gives Dutch problems with their path', () => {
    expect(() => parseScenarioYaml('regio: wbo\nbasis: { jaren: [2025] }\nscenarios: []\n')).toThrow(/levensvatbaarheidsdrempel/);
    expect(() => parseScenarioYaml('regio: [')).toThrow(/geen geldige YAML/);
  });
});
