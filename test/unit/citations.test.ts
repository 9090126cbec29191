/**
 * Citation check (issue #11 item 9): every `bron.citaat` of every region profile, and of every
 * rule test (regeltest) that quotes the seed sentence behind a corrected encoding, appears
 * literally in its seed text (../shared/seeds, named by the profile's `bronnen[seed].bestand`).
 * Whitespace and line breaks of the PDF text are normalised to one space. Without the seed texts
 * this test fails: a citation that cannot be checked is not accepted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/app/profiles/profile-store.js';
import { loadRuleTests } from '../../src/app/profiles/rule-tests.js';
import { ROOT } from './helpers.js';

const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const cache = new Map<string, string>();
const seedText = (bestand: string) => {
  const file = join(SEEDS, basename(bestand));
  if (!cache.has(file)) cache.set(file, norm(readFileSync(file, 'utf8')));
  return cache.get(file)!;
};

interface Citation {
  path: string;
  seed: string;
  citaat: string;
}
/** Every `bron` with a `citaat` in a YAML-shaped tree, with its path. */
function citations(node: unknown, path: string, out: Citation[] = []): Citation[] {
  if (Array.isArray(node)) node.forEach((v, i) => citations(v, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'bron' && v && typeof v === 'object' && 'citaat' in v && typeof (v as { citaat: unknown }).citaat === 'string') {
        out.push({ path: `${path}.bron`, seed: String((v as { seed: unknown }).seed), citaat: (v as { citaat: string }).citaat });
      } else citations(v, `${path}.${k}`, out);
    }
  }
  return out;
}

const profiles = loadProfiles().profiles;
const tests = loadRuleTests().tests;

describe('the seed texts are present (the citation check never skips)', () => {
  it(`../shared/seeds exists with the seed files the profiles name`, () => {
    expect(existsSync(SEEDS), `${SEEDS} is missing: the citation check cannot run`).toBe(true);
    for (const p of profiles)
      for (const b of Object.values(p.profile.bronnen)) expect(existsSync(join(SEEDS, basename(b.bestand))), `${b.bestand} (${p.file})`).toBe(true);
  });
});

describe.each(profiles.map((p) => [p.file, p] as const))('every citaat of %s is literal seed text', (_file, p) => {
  const all = citations(p.profile, p.profile.regio).filter((c) => c.seed !== 'cbs' && c.seed !== 'ijw');
  it('has citations', () => expect(all.length).toBeGreaterThan(0));
  it.each(all.map((c) => [c.path, c] as const))('%s', (_path, c) => {
    const bron = p.profile.bronnen[c.seed];
    expect(bron, `seed ${c.seed} is not declared under bronnen`).toBeDefined();
    expect(seedText(bron!.bestand)).toContain(norm(c.citaat));
  });
});

describe('every seed sentence a rule test quotes is literal seed text', () => {
  const quoted = tests.filter((t) => t.test.bron);
  it('the corrections quote their seed sentence', () => expect(quoted.length).toBeGreaterThan(5));
  it.each(quoted.map((t) => [`${t.file}: ${t.test.naam}`, t] as const))('%s', (_name, t) => {
    const p = profiles.find((x) => x.profile.regio === t.region)!;
    const bron = p.profile.bronnen[t.test.bron!.seed];
    expect(bron, `seed ${t.test.bron!.seed} is not declared under bronnen of ${t.region}`).toBeDefined();
    expect(seedText(bron!.bestand)).toContain(norm(t.test.bron!.citaat));
  });
});
