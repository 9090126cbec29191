/**
 * The EMVI criteria a new procedure starts with are profile data (procedure.emvi), not code: the
 * WBO profile states them as an assumption beside the seed sentence "Na de dialoogfase gunt Regio
 * WBO Jeugd de opdracht op basis van EMVI." (seed 003 §5.3.2); a profile without them starts without
 * criteria; weights that do not sum to 100 are refused when the profile loads.
 */
import { describe, expect, it } from 'vitest';
import { RegionProfile } from '../../../src/domain/landscape/profile-schema.js';
import { defaultConfig } from '../../../src/domain/procurement/config.js';
import { minimalInput, realProfile } from '../helpers.js';

describe('EMVI criteria from the profile', () => {
  it('WBO SLT: plan 60 %, samenwerking 20 %, prijs 20 % on a 0-10 scale, as the profile states', () => {
    const p = realProfile('wbo');
    const cfg = defaultConfig(
      p,
      p.segmenten.find((s) => s.id === 'slt')!,
      'sas-dialoog',
      '2027-01-01',
    );
    expect(cfg.emvi).toEqual({
      schaalMax: 10,
      criteria: [
        { id: 'plan-van-aanpak', naam: 'Kwalitatief plan van aanpak', soort: 'kwaliteit', gewicht: 60 },
        { id: 'samenwerking', naam: 'Samenwerking en lokale inbedding', soort: 'kwaliteit', gewicht: 20 },
        { id: 'prijs', naam: 'Prijs', soort: 'prijs', gewicht: 20 },
      ],
    });
  });
  it('a profile without EMVI criteria starts without them (the contract manager sets them before publishing)', () => {
    const p = RegionProfile.parse(minimalInput());
    expect(defaultConfig(p, p.segmenten[0]!, 'sas-dialoog', '2027-01-01').emvi).toBeNull();
  });
  it('weights that do not sum to 100 are refused', () => {
    const input = minimalInput();
    input.segmenten[0].procedure.emvi = {
      schaalMax: 10,
      criteria: [
        { id: 'plan', naam: 'Plan', soort: 'kwaliteit', gewicht: 70 },
        { id: 'prijs', naam: 'Prijs', soort: 'prijs', gewicht: 20 },
      ],
      bron: { seed: '003', sectie: '5.3.2' },
    };
    expect(RegionProfile.safeParse(input).success).toBe(false);
    input.segmenten[0].procedure.emvi.criteria[0].gewicht = 80;
    expect(RegionProfile.safeParse(input).success).toBe(true);
  });
});
