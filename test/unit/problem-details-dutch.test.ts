/**
 * Brief "Bad input": a 4xx answer is problem+json in Dutch. The use cases give the problem's detail
 * as the message of the error they throw (src/app/errors.ts); this reads every such message literal
 * in src/app and src/api and fails on English words that Dutch text does not use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ERRORS = /new (?:Forbidden|NotFound|BadInput|Conflict|Gone|Unprocessable|TooManyRequests|AppError)\(\s*(['`])((?:\\.|(?!\1).)*)\1/gs;
// Words of English sentences that do not occur in Dutch ones (no "is", "in", "de": both languages use them).
const ENGLISH =
  /\b(the|your|this|these|only|must|cannot|can't|does|doesn't|sees|needs|should|whose|which|there is|has no|is not|are not|not found|already|first)\b/i;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The message literals of the errors thrown in a source text, with ${...} placeholders left out. */
function problemMessages(source: string): string[] {
  return [...source.matchAll(ERRORS)].map((m) => m[2]!.replace(/\$\{[^}]*\}/g, '…'));
}

describe('problem details are Dutch', () => {
  it('finds the English words it looks for (so the check below can fail)', () => {
    expect(problemMessages("throw new Forbidden('the local team (toegang) has no access to funding data');").filter((m) => ENGLISH.test(m))).toHaveLength(1);
    expect(problemMessages('throw new BadInput(`segment ${seg.id} is not funded result-based`);').filter((m) => ENGLISH.test(m))).toHaveLength(1);
    expect(
      problemMessages("throw new Forbidden('het lokale team (toegang) heeft geen inzage in bekostigingsgegevens');").filter((m) => ENGLISH.test(m)),
    ).toHaveLength(0);
  });

  it('no error thrown by a use case or route carries an English detail', () => {
    const english = ['src/app', 'src/api'].flatMap((dir) =>
      files(dir).flatMap((file) => problemMessages(readFileSync(file, 'utf8')).flatMap((m) => (ENGLISH.test(m) ? [`${file}: ${m}`] : []))),
    );
    expect(english).toEqual([]);
  });
});
