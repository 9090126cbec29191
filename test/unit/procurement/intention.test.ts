/**
 * Voornemen tot gunning and the standstill (src/domain/procurement/intention.ts). The 20 calendar
 * days come from the shipped profiles (procedure.opschortendeTermijn, a stated aanname: the seeds set
 * no number; seed 003 §5.3.2 "Deze fase eindigt met de definitieve gunning van de opdracht.").
 * Expected dates are counted by hand on the calendar.
 */
import { describe, expect, it } from 'vitest';
import {
  announce,
  choicesOffRank,
  definitiveAwardRefusal,
  firstAwardDay,
  intentionReasons,
  resume,
  sameAwards,
  standstillState,
  suspend,
} from '../../../src/domain/procurement/intention.js';
import type { RankedTender } from '../../../src/domain/procurement/emvi.js';

const ranked = (ids: number[]): RankedTender[] =>
  ids.map((applicationId, i) => ({
    applicationId,
    providerId: applicationId,
    total: 9000 - i * 100,
    quality: 6000,
    perCriterion: {},
    missing: [],
    rank: i + 1,
  }));
const ranking = { p1: ranked([4, 1]), p2: ranked([2, 3]), p3: ranked([2, 3]) };

describe('a choice other than rank 1 needs a written reason (422)', () => {
  it('finds the perceel whose choice is not rank 1, with the rank chosen', () => {
    expect(
      choicesOffRank(ranking, [
        { applicationId: 4, lotId: 'p1' },
        { applicationId: 2, lotId: 'p2' },
        { applicationId: 3, lotId: 'p3' },
      ]),
    ).toEqual([{ lotId: 'p3', applicationId: 3, rankOneApplicationId: 2, rank: 2 }]);
  });
  it('refuses without a reason or with fewer than 10 characters; records the reasons given', () => {
    const proposed = [
      { applicationId: 1, lotId: 'p1' },
      { applicationId: 2, lotId: 'p2' },
      { applicationId: 3, lotId: 'p3' },
    ];
    const none = intentionReasons(ranking, proposed, []);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.refusals.map((r) => r.message)).toEqual([expect.stringContaining('perceel "p1"'), expect.stringContaining('perceel "p3"')]);
    expect(
      intentionReasons(ranking, proposed, [
        { lotId: 'p1', reason: 'te kort' },
        { lotId: 'p3', reason: 'Breda-regel: p2 en p3 verschillend' },
      ]).ok,
    ).toBe(false);
    const ok = intentionReasons(ranking, proposed, [
      { lotId: 'p1', reason: 'consortium onvolledig' },
      { lotId: 'p3', reason: 'Breda-regel: p2 en p3 verschillend' },
    ]);
    expect(ok).toEqual({
      ok: true,
      reasons: [
        { lotId: 'p1', rankOneApplicationId: 4, reason: 'consortium onvolledig' },
        { lotId: 'p3', rankOneApplicationId: 2, reason: 'Breda-regel: p2 en p3 verschillend' },
      ],
    });
  });
  it('a procedure without EMVI ranking (subsidy) needs no reason', () => {
    expect(intentionReasons(null, [{ applicationId: 9, lotId: null }], [])).toEqual({ ok: true, reasons: [] });
  });
});

describe('standstill of 20 calendar days', () => {
  const i = announce([{ applicationId: 4, lotId: 'p1' }], [], '2026-05-18', 20);
  it('announced 18-05-2026: the last day is 07-06-2026, the definitive award from 08-06-2026', () => {
    expect(i.standstillEndsOn).toBe('2026-06-07');
    expect(firstAwardDay(i)).toBe('2026-06-08');
    expect(standstillState(i, '2026-06-07')).toBe('lopend');
    expect(standstillState(i, '2026-06-08')).toBe('verstreken');
  });
  it('the definitive award is refused (409) within the standstill and without an intention, allowed after it', () => {
    expect(definitiveAwardRefusal(null, '2026-07-01')).toMatchObject({ ruleId: 'voornemen-tot-gunning' });
    expect(definitiveAwardRefusal(i, '2026-06-07')).toMatchObject({
      ruleId: 'opschortende-termijn',
      message: expect.stringContaining('loopt tot en met 07-06-2026; definitief gunnen kan vanaf 08-06-2026'),
    });
    expect(definitiveAwardRefusal(i, '2026-06-08')).toBeNull();
  });
  it('a year boundary and a leap day: 20-12-2027 + 20 = 09-01-2028; 15-02-2028 + 20 = 06-03-2028', () => {
    expect(announce([], [], '2027-12-20', 20).standstillEndsOn).toBe('2028-01-09');
    expect(announce([], [], '2028-02-15', 20).standstillEndsOn).toBe('2028-03-06');
  });
  it('suspended on an objection: no award; resumed after 7 days, the last day moves 7 days', () => {
    const s = suspend(i, '2026-05-25', 'Bezwaar van inschrijver 3 tegen perceel p1');
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(standstillState(s.intention, '2026-06-10')).toBe('opgeschort');
    expect(firstAwardDay(s.intention)).toBeNull();
    expect(definitiveAwardRefusal(s.intention, '2026-06-10')).toMatchObject({ message: expect.stringContaining('sinds 25-05-2026 opgeschort') });
    expect(suspend(s.intention, '2026-05-26', 'nogmaals een bezwaar')).toMatchObject({ ok: false, conflict: true });
    const r = resume(s.intention, '2026-06-01');
    expect(r.ok && r.intention.standstillEndsOn).toBe('2026-06-14');
    expect(r.ok && firstAwardDay(r.intention)).toBe('2026-06-15');
  });
  it('suspending needs a reason (422) and is not possible after the standstill (409); resuming what runs is 409', () => {
    expect(suspend(i, '2026-05-20', '')).toMatchObject({ ok: false, conflict: false });
    expect(suspend(i, '2026-06-08', 'Bezwaar na de termijn')).toMatchObject({ ok: false, conflict: true });
    expect(resume(i, '2026-05-20')).toMatchObject({ ok: false, conflict: true });
  });
  it('the definitive award names the same parties per perceel as the intention', () => {
    expect(
      sameAwards(
        [
          { applicationId: 1, lotId: 'p1' },
          { applicationId: 2, lotId: 'p2' },
        ],
        [
          { applicationId: 2, lotId: 'p2' },
          { applicationId: 1, lotId: 'p1' },
        ],
      ),
    ).toBe(true);
    expect(sameAwards([{ applicationId: 1, lotId: 'p1' }], [{ applicationId: 2, lotId: 'p1' }])).toBe(false);
    expect(
      sameAwards(
        [{ applicationId: 1, lotId: 'p1' }],
        [
          { applicationId: 1, lotId: 'p1' },
          { applicationId: 1, lotId: 'p2' },
        ],
      ),
    ).toBe(false);
  });
});
