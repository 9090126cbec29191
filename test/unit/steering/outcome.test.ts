/**
 * An outcome's degree of goal attainment names the region's cluster of result areas (seed 002
 * "Profielen / Clusters van resultaatgebieden"): a known cluster is accepted, an unknown one or a
 * cluster in a region without clusters is refused with a Dutch reason.
 */
import { describe, expect, it } from 'vitest';
import { outcomeProblem } from '../../../src/domain/steering/outcome.js';
import { realProfile } from '../helpers.js';

const ended = { ingangsdatum: '2026-01-01', einddatum: '2026-06-30', stopdatum: '2026-06-30' };
const TODAY = '2026-07-15';
const haaglanden = realProfile('haaglanden').resultaatclusters;

describe('clusters of result areas on an outcome (seed 002)', () => {
  it('Haaglanden has the three clusters the seed names', () => {
    expect(haaglanden.map((c) => c.bron.citaat)).toEqual([
      'Behoefte aan het verbeteren van psychosociaal functioneren van jeugdigen en verbeteren van gezinscommunicatie.',
      'Behoefte aan het vergroten van specifieke opvoedingsvaardigheden van de ouders en daarnaast de hulp vanwege kind met eigen problematiek.',
      'Behoefte aan het vergroten van specifieke opvoedingsvaardigheden van ouders met een beperking.',
    ]);
  });
  it('a goal attainment on a known cluster is accepted', () => {
    expect(
      outcomeProblem(
        ended,
        { informant: 'ouder', gemetenOp: '2026-07-01', doelrealisatiePct: 60, resultaatcluster: 'opvoedingsvaardigheden-ouders-met-beperking' },
        TODAY,
        haaglanden,
      ),
    ).toBeNull();
    expect(outcomeProblem(ended, { informant: 'ouder', gemetenOp: '2026-07-01', doelrealisatiePct: 60 }, TODAY, haaglanden)).toBeNull();
  });
  it('an unknown cluster, a cluster without goal attainment, or a cluster in a region without clusters is refused', () => {
    expect(
      outcomeProblem(ended, { informant: 'ouder', gemetenOp: '2026-07-01', doelrealisatiePct: 60, resultaatcluster: 'onbekend' }, TODAY, haaglanden),
    ).toMatch(/geen cluster van resultaatgebieden van deze regio/);
    expect(
      outcomeProblem(
        ended,
        { informant: 'ouder', gemetenOp: '2026-07-01', tevredenheid: 7, resultaatcluster: 'opvoedingsvaardigheden-ouders-met-beperking' },
        TODAY,
        haaglanden,
      ),
    ).toMatch(/vul ook de doelrealisatie in/);
    expect(
      outcomeProblem(
        ended,
        { informant: 'ouder', gemetenOp: '2026-07-01', doelrealisatiePct: 60, resultaatcluster: 'x' },
        TODAY,
        realProfile('wbo').resultaatclusters,
      ),
    ).toMatch(/geen clusters/);
  });
});
