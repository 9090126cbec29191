/**
 * Procurement of a partnership (samenwerkingsverband) as one procedure kind: one partnership of
 * providers is the contract party, and its member count is the segment's partner count (seed 000
 * "4—8 aanbieders in samenwerkingsverband"; seed 001 "Samenwerking van groepje aanbieders").
 */
import { describe, expect, it } from 'vitest';
import { checkAwards, checkPartnership } from '../../../src/domain/landscape/awards.js';
import { mayApply, transition, type ProcedureState } from '../../../src/domain/procurement/procedure.js';
import { procedureSoort } from '../../../src/domain/procurement/config.js';
import { generateRegion } from '../../../src/demo/generator.js';
import { loadDemoParameters } from '../../../src/app/profiles/demo-parameters.js';
import { realProfile } from '../helpers.js';

const hvb = realProfile('hart-van-brabant');
const spec = hvb.segmenten.find((s) => s.id === 'specialistische-zorg')!;

describe('seed 000: 4-8 providers in one samenwerkingsverband', () => {
  it('the kind is supported for Hart van Brabant specialised care and the 2021 region family forms', () => {
    expect(procedureSoort(spec)).toBe('samenwerkingsverband');
    expect(procedureSoort(realProfile('regio-2021').segmenten.find((s) => s.id === 'gezinsvormen')!)).toBe('samenwerkingsverband');
  });

  it('a partnership of 4 to 8 members passes; 3 or 9 are refused, citing the seed', () => {
    for (const n of [4, 6, 8]) expect(checkPartnership(spec, n)).toEqual([]);
    const three = checkPartnership(spec, 3, 'Verband Noord');
    expect(three).toMatchObject([{ ruleId: 'samenwerkingsverband-leden-min', source: { seed: '000', quote: '4—8 aanbieders in samenwerkingsverband' } }]);
    expect(three[0]!.message).toBe('Verband Noord telt 3 aanbieder(s); Specialistische zorg vraagt een samenwerkingsverband van minstens 4');
    expect(checkPartnership(spec, 9)).toMatchObject([{ ruleId: 'samenwerkingsverband-leden-max' }]);
  });

  it('one partnership is the contract party: awarding two parties is refused, one passes (the count is of members, not of contracts)', () => {
    expect(checkAwards(spec, [{ providerId: 1, lotId: null }], { complete: true })).toEqual([]);
    expect(
      checkAwards(
        spec,
        [
          { providerId: 1, lotId: null },
          { providerId: 2, lotId: null },
        ],
        { complete: true },
      ).map((v) => v.ruleId),
    ).toEqual(['een-samenwerkingsverband']);
  });

  it('phases: concept -> aanmeldperiode -> beoordeling -> gegund; partnerships register only in the registration period', () => {
    let state: ProcedureState = { soort: 'samenwerkingsverband', status: 'concept', entryOpen: false };
    expect(mayApply(state)?.ruleId).toBe('aanmelding-samenwerkingsverband');
    const step = (a: Parameters<typeof transition>[1]) => {
      const r = transition(state, a);
      if (!r.ok) throw new Error(r.refusal.message);
      state = r.state;
    };
    step({ type: 'publiceren' });
    expect(state.status).toBe('aanvraag');
    expect(mayApply(state)).toBeNull();
    expect(transition(state, { type: 'gunnen' })).toMatchObject({ ok: false, conflict: true });
    step({ type: 'aanvraag-sluiten' });
    expect(state.status).toBe('beoordeling');
    expect(mayApply(state)).not.toBeNull();
    step({ type: 'gunnen' });
    expect(state.status).toBe('gegund');
  });

  it('the Hart van Brabant demo contracts one partnership of 6 members instead of six separate providers', () => {
    const g = generateRegion(hvb, loadDemoParameters('hart-van-brabant'), { seed: 7, today: '2026-06-01', scale: 0.01 });
    const contracts = g.contracts.filter((c) => c.segmentId === 'specialistische-zorg');
    expect(new Set(contracts.map((c) => c.providerKey)).size).toBe(1);
    for (const c of contracts) {
      expect(c.members).toHaveLength(6);
      expect(c.members![0]).toBe(c.providerKey);
    }
  });
});
