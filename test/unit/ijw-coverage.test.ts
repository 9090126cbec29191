/** The coverage list in docs/ijw.md is the generated one, and every registered rule is an official code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageMarkdown, ruleCoverage } from '../../src/ijw/coverage.js';
import { ruleCatalogue } from '../../src/ijw/rules/catalogue.js';
import { ELEMENT_RULES, MESSAGE_RULES } from '../../src/ijw/rules/index.js';
import { STATEFUL_RULES } from '../../src/ijw/stateful.js';
import { PROJECT_ROOT } from '../../src/paths.js';

describe('rule coverage', () => {
  it('docs/ijw.md holds the current coverage list (regenerate with npx regiekamer ijw coverage)', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'docs', 'ijw.md'), 'utf8')).toContain(coverageMarkdown());
  });
  it('every implemented rule code exists in the official catalogue', () => {
    const catalogue = ruleCatalogue();
    for (const r of [...ELEMENT_RULES, ...MESSAGE_RULES, ...STATEFUL_RULES]) expect(catalogue.has(r.code), r.code).toBe(true);
  });
  it('every rule not implemented says why', () => {
    for (const r of ruleCoverage().filter((x) => x.where === 'niet')) expect(r.reason, r.code).not.toBe('not implemented yet');
  });
});
