/**
 * Property-based tests of declaration settlement (fast-check).
 *
 * Pure part: settleLine (src/domain/funding/settlement.ts) driven by a small in-memory settlement
 * loop (`Ledger`) that keeps the state settle.ts keeps between lines and declarations: earlier lines
 * by ReferentieNummer, approved totals per allocation, open debits (TR389) and the ceiling spend.
 * Database part (fewer runs): the same properties through settleDeclaration on PGlite in memory,
 * with the Ledger as the model the stored outcome must agree with.
 *
 * Properties: the settled total equals the sum of the approved lines; under ceiling policy
 * 'afwijzen' the approved spend never exceeds the ceiling; a credit never makes an allocation's
 * approved amount negative; resubmitting any subset of already-settled lines approves nothing new.
 * Properties that found bugs in src/ (fixed) keep their fixed seed as regressions.
 *
 * The Ledger only feeds settleLine its context; whether each verdict is right is checked against
 * `modelVerdict`, an independent model written from the iJw rule texts and seed 004 §3.3.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { settleLine, type Allocation, type CeilingState, type Line, type LineOutcome, type PriorLine } from '../../src/domain/funding/settlement.js';
import { debitKey } from '../../src/domain/funding/settlement.js';
import { start, type Started } from '../../src/app/startup.js';
import { settleDeclaration } from '../../src/app/funding/settle.js';
import { declarationLines } from '../../src/db/schema.js';
import { buildJw323, type DeclLine } from '../fixtures/funding/jw323.js';
import { createWorld, makeAllocations, PRICE, setCeilingPolicy, type WorldAllocation } from '../fixtures/funding/world.js';

const AGB = '12345678';

// ------------------------------------------------------------------------------------------------
// The in-memory settlement loop

interface Stored {
  line: Line;
  approved: boolean;
  amountCents: number;
  codes: string[];
  credited: boolean;
}

/**
 * Settles lines the way settle.ts does, declaration by declaration: the context of each line is
 * built from what was approved before (earlier declarations and earlier lines of this one).
 * Earlier line by ReferentieNummer: the approved one when there is one (a rejected resubmission
 * of a number must not hide the approved debit; the reliability test checks settle.ts for this).
 */
class Ledger {
  readonly stored: Stored[] = [];
  spentCents = 0;
  constructor(
    readonly allocations: Map<number, Allocation>,
    readonly ceiling?: { ceilingCents: number; policy: CeilingState['policy'] },
    readonly agb = AGB,
  ) {}

  prior(ref: string): PriorLine | undefined {
    const rows = this.stored.filter((s) => s.line.referentieNummer === ref);
    const s = rows.find((r) => r.approved) ?? rows.at(-1);
    return s && { ...s.line, credited: s.credited, approved: s.approved };
  }

  /** Approved amount per ToewijzingNummer (signed). */
  amountByAllocation(): Map<number, number> {
    const m = new Map<number, number>();
    for (const s of this.stored) if (s.approved) m.set(s.line.toewijzingNummer, (m.get(s.line.toewijzingNummer) ?? 0) + s.amountCents);
    return m;
  }

  approvedTotal(): number {
    return this.stored.reduce((a, s) => a + (s.approved ? s.amountCents : 0), 0);
  }

  settle(lines: readonly Line[]): { outcomes: LineOutcome[]; approvedCents: number } {
    const totals = new Map<number, { volume: number; amountCents: number }>();
    const debits = new Set<string>();
    for (const s of this.stored) {
      if (!s.approved) continue;
      const t = totals.get(s.line.toewijzingNummer) ?? { volume: 0, amountCents: 0 };
      t.volume += s.line.debetCredit === 'C' ? -s.line.volume : s.line.volume;
      t.amountCents += s.amountCents;
      totals.set(s.line.toewijzingNummer, t);
      if (s.line.debetCredit === 'D' && !s.credited) debits.add(debitKey(s.line));
    }
    // Earlier lines as the declaration starts (settle.ts loads them once, before the loop).
    const before = new Map<string, PriorLine>();
    for (const l of lines)
      for (const r of [l.referentieNummer, l.vorigReferentieNummer])
        if (r && !before.has(r)) {
          const p = this.prior(r);
          if (p) before.set(r, p);
        }
    const ceiling: CeilingState | undefined = this.ceiling && { ...this.ceiling, spentCents: this.spentCents, retourcode: '0001' };
    const outcomes: LineOutcome[] = [];
    let approvedCents = 0;
    for (const line of lines) {
      const t = totals.get(line.toewijzingNummer) ?? { volume: 0, amountCents: 0 };
      const o = settleLine(line, {
        allocation: this.allocations.get(line.toewijzingNummer),
        providerAgb: this.agb,
        tariff: { cents: PRICE[line.productCode] ?? 1000, eenheid: '04' },
        totals: t,
        prior: (ref) => before.get(ref),
        debitExists: (k) => debits.has(k),
        ceiling,
      });
      outcomes.push(o);
      const stored: Stored = { line, approved: o.approved, amountCents: o.amountCents, codes: o.codes, credited: false };
      if (o.approved) {
        approvedCents += o.amountCents;
        t.volume += line.debetCredit === 'C' ? -line.volume : line.volume;
        t.amountCents += o.amountCents;
        totals.set(line.toewijzingNummer, t);
        if (ceiling) ceiling.spentCents += o.amountCents;
        this.spentCents += o.amountCents;
        if (line.debetCredit === 'D') debits.add(debitKey(line));
        else {
          const p = before.get(line.vorigReferentieNummer!);
          const target = this.stored.find((s) => s.approved && s.line.referentieNummer === line.vorigReferentieNummer);
          if (p && target) {
            p.credited = true;
            target.credited = true;
            debits.delete(debitKey(p));
          }
        }
      }
      this.stored.push(stored);
    }
    return { outcomes, approvedCents };
  }
}

// ------------------------------------------------------------------------------------------------
// Generators

const WORLD: WorldAllocation[] = makeAllocations(6, { firstNummer: 500_000, bsnOffset: 2000, perClient: 2 });
const allocationMap = (agb = AGB, world = WORLD) =>
  new Map<number, Allocation>(
    world.map((a) => [
      a.nummer,
      {
        toewijzingNummer: a.nummer,
        bsn: a.bsn,
        providerAgb: agb,
        productCategorie: '45',
        productCode: a.productCode,
        ingangsdatum: '2025-01-01',
        einddatum: '2026-12-31',
      },
    ]),
  );

/** One line of a generated declaration, resolved against what was generated before. */
interface LineSpec {
  kind: 'debit' | 'credit' | 'resend';
  /** 0..5: an allocation of WORLD; 6: a number without allocation (9338). */
  alloc: number;
  day: 1 | 11;
  volume: number;
  wrongAmount: boolean;
  /** Which earlier line a credit or resend refers to (modulo the number of earlier lines). */
  target: number;
  /** Credit with other key fields (ToewijzingNummer) than its debit. */
  otherAllocation: boolean;
}

const lineSpec = (opts: { keyMismatch: boolean; resend: boolean }) =>
  fc.record<LineSpec>({
    kind: opts.resend
      ? fc.constantFrom('debit', 'debit', 'debit', 'credit', 'credit', 'resend')
      : fc.constantFrom('debit', 'debit', 'debit', 'credit', 'credit'),
    alloc: fc.integer({ min: 0, max: 6 }),
    day: fc.constantFrom(1 as const, 11 as const),
    volume: fc.integer({ min: 1, max: 12 }),
    wrongAmount: fc.constantFrom(false, false, false, false, true),
    target: fc.nat(),
    otherAllocation: opts.keyMismatch ? fc.boolean() : fc.constant(false),
  });

/**
 * Declarations (each a list of line specs) for months 2026-03, 2026-04, ... `resend: false` leaves
 * out lines sent again with their ReferentieNummer (they would hit the settle.ts bug pinned in the
 * reliability test when a credit of that number follows).
 */
const declarationsArb = (opts: { keyMismatch?: boolean; max?: number; resend?: boolean } = {}) =>
  fc.array(fc.array(lineSpec({ keyMismatch: opts.keyMismatch ?? false, resend: opts.resend ?? true }), { minLength: 1, maxLength: 8 }), {
    minLength: 1,
    maxLength: opts.max ?? 4,
  });

/**
 * Turns specs into lines that respect the message rules (unique ReferentieNummers, unique
 * VorigReferentieNummers, no credit of a debit of the same declaration, one debit per allocation,
 * product and period within a declaration), so the same lines can go through settleDeclaration.
 */
function resolve(decls: LineSpec[][], world = WORLD): Line[][] {
  const earlier: Line[] = [];
  let n = 0;
  const out: Line[][] = [];
  decls.forEach((specs, d) => {
    const month = `2026-${String(3 + d).padStart(2, '0')}`;
    const lines: Line[] = [];
    const vorig = new Set<string>();
    const debitKeys = new Set<string>();
    for (const s of specs) {
      const ref = `L${++n}`;
      if (s.kind !== 'debit' && earlier.length > 0) {
        const t = earlier[s.target % earlier.length]!;
        if (s.kind === 'resend') {
          if (lines.some((l) => l.referentieNummer === t.referentieNummer)) continue;
          if (t.debetCredit === 'D' && debitKeys.has(debitKey(t))) continue;
          lines.push(t);
          if (t.debetCredit === 'D') debitKeys.add(debitKey(t));
          continue;
        }
        if (t.debetCredit !== 'D' || vorig.has(t.referentieNummer)) continue;
        vorig.add(t.referentieNummer);
        const other = world[(world.findIndex((a) => a.nummer === t.toewijzingNummer) + 1) % world.length]!;
        lines.push({
          ...t,
          referentieNummer: ref,
          vorigReferentieNummer: t.referentieNummer,
          debetCredit: 'C',
          ...(s.otherAllocation ? { toewijzingNummer: other.nummer, bsn: other.bsn } : {}),
        });
        continue;
      }
      const a = world[s.alloc] ?? { nummer: 599_999, bsn: world[0]!.bsn, productCode: '45A03' };
      const tarief = PRICE[a.productCode]!;
      const line: Line = {
        referentieNummer: ref,
        toewijzingNummer: a.nummer,
        bsn: a.bsn,
        productCategorie: '45',
        productCode: a.productCode,
        begindatum: `${month}-${String(s.day).padStart(2, '0')}`,
        einddatum: `${month}-${String(s.day + 9).padStart(2, '0')}`,
        volume: s.volume,
        eenheid: '04',
        tariefCents: tarief,
        bedragCents: s.volume * tarief + (s.wrongAmount ? 1 : 0),
        debetCredit: 'D',
      };
      if (debitKeys.has(debitKey(line))) continue;
      debitKeys.add(debitKey(line));
      lines.push(line);
    }
    out.push(lines);
    earlier.push(...lines.filter((l) => !earlier.some((e) => e.referentieNummer === l.referentieNummer)));
  });
  return out;
}

// ------------------------------------------------------------------------------------------------

describe('settlement properties (settleLine in an in-memory settlement loop)', () => {
  it('the settled total of a declaration equals the sum of its approved lines; approved amounts are +/- IngediendBedrag, rejected 0', () => {
    fc.assert(
      fc.property(declarationsArb(), (specs) => {
        const ledger = new Ledger(allocationMap());
        let total = 0;
        for (const lines of resolve(specs)) {
          const { outcomes, approvedCents } = ledger.settle(lines);
          expect(approvedCents).toBe(outcomes.reduce((a, o) => a + (o.approved ? o.amountCents : 0), 0));
          outcomes.forEach((o, i) => {
            const l = lines[i]!;
            expect(o.amountCents).toBe(o.approved ? (l.debetCredit === 'C' ? -l.bedragCents : l.bedragCents) : 0);
            expect(o.approved).toBe(o.codes.length === 0);
          });
          total += approvedCents;
        }
        expect(ledger.approvedTotal()).toBe(total);
      }),
      { numRuns: 400 },
    );
  });

  it("with ceiling policy 'afwijzen' the approved spend never exceeds the ceiling (after every line)", () => {
    fc.assert(
      fc.property(declarationsArb(), fc.integer({ min: 0, max: 60_000 }), (specs, ceilingCents) => {
        const ledger = new Ledger(allocationMap(), { ceilingCents, policy: 'afwijzen' });
        for (const lines of resolve(specs)) {
          const { outcomes } = ledger.settle(lines);
          let running = ledger.spentCents - outcomes.reduce((a, o) => a + o.amountCents, 0);
          for (const o of outcomes) {
            running += o.amountCents;
            expect(running).toBeLessThanOrEqual(ceilingCents);
          }
          expect(ledger.spentCents).toBeLessThanOrEqual(ceilingCents);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("with 'accepteren-en-signaleren' a debit passing the ceiling is approved and signalled", () => {
    fc.assert(
      fc.property(declarationsArb(), fc.integer({ min: 0, max: 30_000 }), (specs, ceilingCents) => {
        const ledger = new Ledger(allocationMap(), { ceilingCents, policy: 'accepteren-en-signaleren' });
        for (const lines of resolve(specs)) {
          const before = ledger.spentCents;
          const { outcomes } = ledger.settle(lines);
          let running = before;
          outcomes.forEach((o, i) => {
            const passes = lines[i]!.debetCredit === 'D' && o.approved && running + lines[i]!.bedragCents > ceilingCents;
            expect(o.signals.some((s) => s.startsWith('budgetplafond overschreden'))).toBe(passes);
            running += o.amountCents;
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a credit of its own debit (same key fields) never makes an allocation's approved amount negative", () => {
    fc.assert(
      fc.property(declarationsArb(), (specs) => {
        const ledger = new Ledger(allocationMap());
        for (const lines of resolve(specs)) {
          ledger.settle(lines);
          for (const [, cents] of ledger.amountByAllocation()) expect(cents).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  // TR323: a credit must be "gerelateerd aan een eerder verzonden (goedgekeurde) debet Prestatie op
  // basis van sleutelvelden": a credit whose ToewijzingNummer, product or period differ from its debit
  // is refused (8017), so no allocation's approved amount goes negative.
  it("a credit never makes an allocation's approved amount negative (credits with any key fields)", () => {
    fc.assert(
      fc.property(declarationsArb({ keyMismatch: true }), (specs) => {
        const ledger = new Ledger(allocationMap());
        for (const lines of resolve(specs)) {
          ledger.settle(lines);
          for (const [, cents] of ledger.amountByAllocation()) expect(cents).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });

  // The same rule as one example: debit on allocation A, credit of it on allocation B.
  it('example: a credit on another allocation than its debit is refused (8017)', () => {
    const [a, b] = WORLD;
    const debit: Line = {
      referentieNummer: 'D1',
      toewijzingNummer: a!.nummer,
      bsn: a!.bsn,
      productCategorie: '45',
      productCode: a!.productCode,
      begindatum: '2026-03-01',
      einddatum: '2026-03-10',
      volume: 4,
      eenheid: '04',
      tariefCents: PRICE[a!.productCode]!,
      bedragCents: 4 * PRICE[a!.productCode]!,
      debetCredit: 'D',
    };
    const ledger = new Ledger(allocationMap());
    expect(ledger.settle([debit]).approvedCents).toBe(debit.bedragCents);
    const credit: Line = { ...debit, referentieNummer: 'C1', vorigReferentieNummer: 'D1', debetCredit: 'C', toewijzingNummer: b!.nummer, bsn: b!.bsn };
    const { outcomes } = ledger.settle([credit]);
    expect(outcomes[0]!.codes).toContain('8017');
    expect(ledger.amountByAllocation().get(b!.nummer) ?? 0).toBeGreaterThanOrEqual(0);
  });

  it('resubmitting any subset of settled lines (same ReferentieNummers) approves nothing: 8021 for each', () => {
    fc.assert(
      fc.property(declarationsArb(), fc.array(fc.nat()), (specs, picks) => {
        const ledger = new Ledger(allocationMap());
        for (const lines of resolve(specs)) ledger.settle(lines);
        const settled = [...new Map(ledger.stored.map((s) => [s.line.referentieNummer, s.line])).values()];
        const subset = [...new Map(picks.map((p) => settled[p % settled.length]!).map((l) => [l.referentieNummer, l])).values()];
        const total = ledger.approvedTotal();
        const { outcomes, approvedCents } = ledger.settle(subset);
        expect(approvedCents).toBe(0);
        expect(outcomes.every((o) => !o.approved && o.codes.includes('8021'))).toBe(true);
        expect(ledger.approvedTotal()).toBe(total);
      }),
      { numRuns: 400 },
    );
  });

  it('resubmitting approved lines under new ReferentieNummers approves nothing: open debits 9389, credits 9390', () => {
    fc.assert(
      fc.property(declarationsArb(), fc.array(fc.nat(), { minLength: 1 }), (specs, picks) => {
        const ledger = new Ledger(allocationMap());
        for (const lines of resolve(specs)) ledger.settle(lines);
        // Already paid: approved debits not credited since, and approved credits.
        const paid = ledger.stored.filter((s) => s.approved && (s.line.debetCredit === 'C' || !s.credited)).map((s) => s.line);
        fc.pre(paid.length > 0);
        const seenVorig = new Set<string>();
        const subset = [...new Map(picks.map((p) => paid[p % paid.length]!).map((l) => [l.referentieNummer, l])).values()]
          .filter((l) => l.debetCredit === 'D' || (!seenVorig.has(l.vorigReferentieNummer!) && seenVorig.add(l.vorigReferentieNummer!)))
          .map((l, i) => ({ ...l, referentieNummer: `NEW${i}` }));
        const total = ledger.approvedTotal();
        const { outcomes, approvedCents } = ledger.settle(subset);
        expect(approvedCents).toBe(0);
        outcomes.forEach((o, i) => expect(o.codes).toContain(subset[i]!.debetCredit === 'D' ? '9389' : '9390'));
        expect(ledger.approvedTotal()).toBe(total);
      }),
      { numRuns: 300 },
    );
  });
});

// ------------------------------------------------------------------------------------------------
// An independent model of the settlement rules, written from the rule texts (not from settleLine).
// It keeps only a history of what was sent and what was decided, and derives each verdict from it:
// - TR314 (8021): "Het ReferentieNummer van een Prestatie is uniek voor de zorgaanbieder": any
//   number sent before (approved or not) is refused again.
// - TR323 (8017): a credit "gerelateerd aan een eerder verzonden (goedgekeurde) debet Prestatie op
//   basis van sleutelvelden": the VorigReferentieNummer names an approved debit with the same
//   ToewijzingNummer, ProductCode, period, volume and amount; TR390 (9390): a debit is credited once.
// - TR338 (9338): the line is related to an allocation (ToewijzingNummer) of this provider.
// - TR389 (9389): no second debit for an allocation, product and period while an approved debit
//   for them stands (not credited).
// - TR346 (9346): IngediendBedrag = Volume x ProductTarief (the contract tariff, PRICE).
// - Ceiling (seed 004 §3.3, "de maximale bestedingsruimte"; policy from the profile): a debit whose
//   amount takes the approved spend of the year over the ceiling is refused ('afwijzen', code 0001
//   in this test) or approved with a signal ('accepteren-en-signaleren'). Only a debit that passes
//   every other rule reaches the ceiling; credits are never refused for the ceiling.

interface Decided {
  line: Line;
  approved: boolean;
  signed: number;
}

function modelVerdict(
  line: Line,
  history: readonly Decided[],
  earlierRefs: ReadonlySet<string>,
  ceiling: { ceilingCents: number; policy: 'afwijzen' | 'accepteren-en-signaleren' } | undefined,
) {
  const codes = new Set<string>();
  if (earlierRefs.has(line.referentieNummer)) codes.add('8021');
  const spent = history.reduce((a, h) => a + (h.approved ? h.signed : 0), 0);
  const approvedDebit = (ref: string) => history.find((h) => h.approved && h.line.debetCredit === 'D' && h.line.referentieNummer === ref);
  const creditedAlready = (ref: string) => history.some((h) => h.approved && h.line.debetCredit === 'C' && h.line.vorigReferentieNummer === ref);
  if (line.debetCredit === 'C') {
    const d = approvedDebit(line.vorigReferentieNummer ?? '');
    if (!d) codes.add('8017');
    else if (creditedAlready(d.line.referentieNummer)) codes.add('9390');
    else {
      const same = (['toewijzingNummer', 'productCode', 'begindatum', 'einddatum', 'volume', 'bedragCents'] as const).every((k) => d.line[k] === line[k]);
      if (!same) codes.add('8017');
    }
    const ok = codes.size === 0;
    return { approved: ok, codes: [...codes].sort(), amountCents: ok ? -line.bedragCents : 0, signalled: false };
  }
  const allocation = WORLD.find((a) => a.nummer === line.toewijzingNummer);
  if (!allocation) codes.add('9338');
  else {
    const standing = history.some(
      (h) =>
        h.approved &&
        h.line.debetCredit === 'D' &&
        h.line.toewijzingNummer === line.toewijzingNummer &&
        h.line.productCode === line.productCode &&
        h.line.begindatum === line.begindatum &&
        h.line.einddatum === line.einddatum &&
        !creditedAlready(h.line.referentieNummer),
    );
    if (standing) codes.add('9389');
    if (line.bedragCents !== line.volume * PRICE[allocation.productCode]!) codes.add('9346');
  }
  if (codes.size > 0) return { approved: false, codes: [...codes].sort(), amountCents: 0, signalled: false };
  const over = ceiling !== undefined && spent + line.bedragCents > ceiling.ceilingCents;
  if (over && ceiling.policy === 'afwijzen') return { approved: false, codes: ['0001'], amountCents: 0, signalled: false };
  return { approved: true, codes: [], amountCents: line.bedragCents, signalled: over };
}

describe('settleLine agrees with an independent model of the rules', () => {
  it('line by line: approved or not, the retourcodes, the signed amount and the ceiling signal', () => {
    const policyArb = fc.constantFrom(undefined, 'afwijzen' as const, 'accepteren-en-signaleren' as const);
    const checked = { approved: 0, rejected: new Set<string>() };
    fc.assert(
      fc.property(declarationsArb({ keyMismatch: true }), policyArb, fc.integer({ min: 0, max: 60_000 }), (specs, policy, ceilingCents) => {
        const ceiling = policy && { ceilingCents, policy };
        const ledger = new Ledger(allocationMap(), ceiling);
        const history: Decided[] = [];
        for (const lines of resolve(specs)) {
          // TR314 looks at numbers of earlier declarations (a declaration's own numbers are unique by the message rules).
          const earlierRefs = new Set(history.map((h) => h.line.referentieNummer));
          const { outcomes } = ledger.settle(lines);
          lines.forEach((line, i) => {
            const expected = modelVerdict(line, history, earlierRefs, ceiling);
            const o = outcomes[i]!;
            expect({
              ref: line.referentieNummer,
              approved: o.approved,
              codes: [...o.codes].sort(),
              amountCents: o.amountCents,
              signalled: o.signals.length > 0,
            }).toEqual({ ref: line.referentieNummer, ...expected });
            history.push({ line, approved: expected.approved, signed: expected.amountCents });
            if (expected.approved) checked.approved++;
            else for (const c of expected.codes) checked.rejected.add(c);
          });
        }
      }),
      { numRuns: 500 },
    );
    // The generator reaches every rule the model knows (otherwise this test could not fail on it).
    expect(checked.approved).toBeGreaterThan(0);
    expect([...checked.rejected].sort()).toEqual(['0001', '8017', '8021', '9338', '9346', '9389', '9390']);
  });

  // The ceiling boundary, which random ceilings rarely hit exactly: reaching the ceiling is allowed,
  // passing it by one cent is not. 4 x 12,50 = 50,00 euro = 5000 cents.
  it.each([
    [5000, 'afwijzen', true, false],
    [4999, 'afwijzen', false, false],
    [5000, 'accepteren-en-signaleren', true, false],
    [4999, 'accepteren-en-signaleren', true, true],
  ] as const)(
    'ceiling %i cents, policy %s: a debit of 5000 cents approved %s, signalled %s (model and settleLine)',
    (ceilingCents, policy, approved, signalled) => {
      const a = WORLD.find((w) => w.productCode === '45A03')!;
      const line: Line = {
        referentieNummer: 'B1',
        toewijzingNummer: a.nummer,
        bsn: a.bsn,
        productCategorie: '45',
        productCode: '45A03',
        begindatum: '2026-03-01',
        einddatum: '2026-03-10',
        volume: 4,
        eenheid: '04',
        tariefCents: 1250,
        bedragCents: 5000,
        debetCredit: 'D',
      };
      const ceiling = { ceilingCents, policy };
      expect(modelVerdict(line, [], new Set(), ceiling)).toMatchObject({ approved, signalled });
      const o = new Ledger(allocationMap(), ceiling).settle([line]).outcomes[0]!;
      expect({ approved: o.approved, signalled: o.signals.length > 0 }).toEqual({ approved, signalled });
    },
  );
});

describe('settlement properties through settleDeclaration (PGlite in memory)', () => {
  const HR = 'holland-rijnland';
  const NOW = new Date('2026-11-22T10:00:00Z');
  let s: Started;
  let run = 0;
  beforeAll(async () => {
    s = await start({ dataDir: 'memory://' }, { today: '2026-11-22' });
    await setCeilingPolicy(s.database.db, HR, 'afwijzen');
  });
  afterAll(async () => {
    await s?.database.close();
  });

  const toDecl = (l: Line): DeclLine => ({
    ref: l.referentieNummer,
    ...(l.vorigReferentieNummer ? { vorig: l.vorigReferentieNummer } : {}),
    nummer: l.toewijzingNummer,
    bsn: l.bsn,
    productCode: l.productCode,
    begin: l.begindatum,
    end: l.einddatum,
    volume: l.volume,
    tarief: l.tariefCents!,
    bedrag: l.bedragCents,
    dc: l.debetCredit,
  });
  const answerTotal = (xml: string) => {
    const m = /<jw325:TotaalToegekendBedrag>\s*<ijw:TotaalBedrag>(\d+)<\/ijw:TotaalBedrag>\s*<ijw:DebetCredit>([DC])<\/ijw:DebetCredit>/.exec(xml);
    return m ? Number(m[1]) * (m[2] === 'C' ? -1 : 1) : undefined;
  };

  it('stored totals, JW325 totals and the ceiling agree with the in-memory model, whatever the chunk size of the settlement; a resubmitted subset approves nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        declarationsArb({ max: 3, resend: false }),
        fc.integer({ min: 5_000, max: 80_000 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(1, 2, 3, 5_000),
        async (specs, ceilingCents, picks, chunk) => {
          run++;
          const agb = `7${String(run).padStart(7, '0')}`;
          const world = makeAllocations(6, { firstNummer: 700_000 + run * 10, bsnOffset: 3000 + run * 3, perClient: 2 });
          await createWorld(s.database.db, { regionId: HR, agb, municipality: '0546', allocations: world, ceilings: [{ year: 2026, cents: ceilingCents }] });
          const ledger = new Ledger(allocationMap(agb, world), { ceilingCents, policy: 'afwijzen' }, agb);
          const decls = resolve(specs, world);
          const all: Line[] = [];
          for (const [d, lines] of decls.entries()) {
            if (lines.length === 0) continue;
            const built = buildJw323(
              { agb, ontvanger: '0546', identificatie: `R${run}D${d}`, month: `2026-${String(3 + d).padStart(2, '0')}`, dagtekening: '2026-11-05' },
              lines.map(toDecl),
            );
            const ordered = built.ordered.map((b) => lines.find((l) => l.referentieNummer === b.ref)!);
            const model = ledger.settle(ordered);
            // Settled in chunks of `chunk` lines: running totals, open debits, credits and the ceiling carry over between chunks.
            const r = await settleDeclaration(s.database.db, HR, built.bytes, NOW, { chunk });
            const stored = await s.database.db
              .select()
              .from(declarationLines)
              .where(eq(declarationLines.declarationId, r.declarationId))
              .orderBy(declarationLines.id);
            // Total = sum of approved lines = JW325 TotaalToegekendBedrag.
            expect(r.approvedCents).toBe(stored.reduce((a, l) => a + (l.approved ? l.amountCents : 0), 0));
            expect(answerTotal(r.answerXml)).toBe(r.approvedCents);
            // settle.ts agrees with the model line by line.
            expect(stored.map((l) => [l.referentieNummer, l.approved, l.amountCents])).toEqual(
              ordered.map((l, i) => [l.referentieNummer, model.outcomes[i]!.approved, model.outcomes[i]!.amountCents]),
            );
            expect(r.approvedCents).toBe(model.approvedCents);
            all.push(...ordered);
          }
          const spent = (await s.database.db.select().from(declarationLines).where(eq(declarationLines.providerAgb, agb))).reduce(
            (a, l) => a + (l.approved ? l.amountCents : 0),
            0,
          );
          expect(spent).toBeLessThanOrEqual(ceilingCents);
          expect(spent).toBe(ledger.approvedTotal());
          // Resubmit a subset of the settled lines (same ReferentieNummers) in a new declaration.
          fc.pre(all.length > 0);
          const subset = [...new Map(picks.map((p) => all[p % all.length]!).map((l) => [l.referentieNummer, l])).values()];
          const seen = new Set<string>();
          const valid = subset.filter((l) =>
            l.debetCredit === 'D'
              ? !seen.has(debitKey(l)) && seen.add(debitKey(l))
              : !seen.has(`v${l.vorigReferentieNummer}`) && seen.add(`v${l.vorigReferentieNummer}`),
          );
          const again = await settleDeclaration(
            s.database.db,
            HR,
            buildJw323({ agb, ontvanger: '0546', identificatie: `R${run}AGAIN`, month: '2026-06', dagtekening: '2026-11-05' }, valid.map(toDecl)).bytes,
            NOW,
            { chunk },
          );
          expect(again.approvedCents).toBe(0);
          expect(again.rejected).toBe(valid.length);
          const after = (await s.database.db.select().from(declarationLines).where(eq(declarationLines.providerAgb, agb))).reduce(
            (a, l) => a + (l.approved ? l.amountCents : 0),
            0,
          );
          expect(after).toBe(spent);
        },
      ),
      { numRuns: 40, seed: 4242 },
    );
  }, 180_000);
});
