/**
 * Every source the procurement rules cite is literal seed text: the built-in procedure-kind
 * sources (src/domain/procurement/sources.ts) and the procurement rules of the profiles
 * (geschiktheidseisen, plan-minimumscore, contractvoorwaarde). Whitespace and line breaks of the
 * PDF text are normalised to one space.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../src/domain/procurement/sources.js';
import { realProfile, ROOT } from '../helpers.js';

const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const seedText = (seed: string) => {
  const f = readdirSync(SEEDS).find((x) => x.startsWith(`${seed}_`));
  if (!f) throw new Error(`seed ${seed} not found in ${SEEDS}`);
  return readFileSync(join(SEEDS, f), 'utf8').replace(/\s+/g, ' ');
};
const norm = (s: string) => s.replace(/\s+/g, ' ');
/** The seed texts live beside the checkout (../shared/seeds); without them these checks fail (never skip). */
describe('the seed texts are present', () => {
  it('../shared/seeds exists', () => expect(existsSync(SEEDS), `${SEEDS} is missing: the citation check cannot run`).toBe(true));
});

describe('procedure-kind sources are literal seed quotes', () => {
  for (const [name, s] of Object.entries(SOURCES)) {
    it(`${name}: seed ${s.seed} §${s.section}`, () => {
      expect(seedText(s.seed)).toContain(norm(s.quote!));
    });
  }
});

describe('procurement rules in the profiles quote their seed', () => {
  for (const region of ['wbo', 'holland-rijnland', 'haaglanden', 'hart-van-brabant', 'regio-2021']) {
    const p = realProfile(region);
    const rules = [...p.regels, ...p.segmenten.flatMap((s) => s.regels)].filter((r) => ['geschiktheidseisen', 'plan-minimumscore', 'contractvoorwaarde', 'consortium-samenstelling', 'percelen-verschillend', 'partners-per-perceel'].includes(r.type));
    for (const r of rules) {
      it(`${region}: ${r.id} (${r.type})`, () => {
        expect(r.bron.citaat, `${r.id} has no citaat`).toBeTruthy();
        expect(seedText(r.bron.seed)).toContain(norm(r.bron.citaat!));
      });
    }
  }
});
