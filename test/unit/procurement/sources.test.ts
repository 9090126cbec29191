/**
 * Refusals of the procedure steps cite the region's own profile data (issue #11): the segment's
 * `procedure.stapbronnen` and otherwise its `procedure.bron`, never another region's text. The
 * literal check of every quote is test/unit/citations.test.ts (every `bron.citaat` of every profile).
 */
import { describe, expect, it } from 'vitest';
import { isOpen } from '../../../src/domain/landscape/profile-schema.js';
import { defaultConfig } from '../../../src/domain/procurement/config.js';
import { mayApply, transition, isSupportedSoort } from '../../../src/domain/procurement/procedure.js';
import { cite, procedureBronnen } from '../../../src/domain/procurement/sources.js';
import { minimalInput, realProfile } from '../helpers.js';
import { RegionProfile } from '../../../src/domain/landscape/profile-schema.js';

const REGIONS = ['wbo', 'holland-rijnland', 'haaglanden', 'hart-van-brabant', 'regio-2021'];

describe('every procedure source of a region is its own seed', () => {
  for (const region of REGIONS) {
    const p = realProfile(region);
    for (const seg of p.segmenten) {
      it(`${region}: ${seg.id}`, () => {
        const b = procedureBronnen(seg);
        const all = [b.procedure, ...Object.values(b.stappen ?? {})].filter((s) => s !== undefined);
        for (const s of all) expect(Object.keys(p.bronnen), `${seg.id} cites seed ${s!.seed}`).toContain(s!.seed);
      });
    }
  }
});

describe('a refusal cites the step sentence of the profile, else the procedure source', () => {
  it('WBO SLT (seed 003 §5.3.2): applying outside the selection phase cites the sentence about who may apply', () => {
    const seg = realProfile('wbo').segmenten.find((s) => s.id === 'slt')!;
    const r = mayApply({ soort: 'sas-dialoog', status: 'dialoog', entryOpen: true, bronnen: procedureBronnen(seg) });
    expect(r?.source).toEqual({
      seed: '003',
      section: '5.3.2',
      quote: 'Iedere geïnteresseerde die voldoet aan de gestelde eisen mag een aanmelding indienen.',
    });
  });
  it('Holland Rijnland (seed 004 §3.2 f): closed intermediate entry cites its own sentence, not another region', () => {
    const seg = realProfile('holland-rijnland').segmenten.find((s) => s.id === 'ambulante-jeugdhulp')!;
    const r = mayApply({ soort: 'bestuurlijk-aanbesteden', status: 'doorlopend', entryOpen: false, bronnen: procedureBronnen(seg) });
    expect(r?.source?.seed).toBe('004');
    expect(r?.source?.quote).toContain('tussentijdse toetreding');
  });
  it('a region without step sentences cites its procedure source (a sixth region needs no code)', () => {
    const input = minimalInput();
    input.segmenten[0].procedure = {
      soort: 'sas-dialoog',
      fasen: ['selectie', 'dialoog', 'gunning'],
      bron: { seed: '003', sectie: '9.9', citaat: 'eigen tekst' },
    };
    const p = RegionProfile.parse(input);
    const seg = p.segmenten[0]!;
    const cfg = defaultConfig(p, seg, 'sas-dialoog', '2027-01-01');
    const r = transition({ soort: 'sas-dialoog', status: 'concept', entryOpen: true, bronnen: cfg.bronnen }, { type: 'go-no-go', besluit: 'go', reden: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.source).toEqual({ seed: '003', section: '9.9', quote: 'eigen tekst' });
    expect(cite(undefined, 'sasEmvi')).toBeUndefined();
  });
  it('every supported procedure of the shipped profiles has a cited source', () => {
    for (const region of REGIONS) {
      for (const seg of realProfile(region).segmenten) {
        if (isOpen(seg.procedure) || !isSupportedSoort(seg.procedure.soort)) continue;
        expect(procedureBronnen(seg).procedure?.quote, `${region}/${seg.id}`).toBeTruthy();
      }
    }
  });
});
