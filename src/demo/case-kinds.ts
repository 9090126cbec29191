/**
 * The kinds of demo case (src/demo/cases.ts): every status, crisis clocks, MDOs without agreement
 * and escalations, youths near the age signals of the profile, allocations about to expire,
 * waiting without bridging care, placement moves and families with several trajectories, each made
 * with the steps of src/demo/case-script.ts under the region's rules.
 */
import { addDays, minDate } from '../domain/dates.js';
import {
  type PoolYouth,
  ofType,
  type Env,
  DemoCase,
  routedComplexiteit,
  intake,
  allocate,
  periodFrom,
  youth,
  aroundAge,
  referralPlan,
  inCare,
  episode,
} from './case-script.js';

export interface Kind {
  id: string;
  weight: number;
  closed?: boolean;
  /** Creates one or more cases (`n`: how many of this kind exist already; the first shows the kind's signal); false when no fitting youth is left. */
  run: (n: number) => Promise<boolean>;
}

export function kinds(e: Env): Kind[] {
  const r = e.rng;
  const crisisSeg = e.crisisSegment;
  const ageRules = ofType(e.rules, 'leeftijdssignaal');
  const endRules = ofType(e.rules, 'zorg-einde-leeftijd');
  const list: Kind[] = [
    {
      id: 'aangemeld',
      weight: 8,
      run: async (n) => {
        const y = youth(e);
        if (!y) return false;
        await new DemoCase(e, y).register(addDays(e.today, -r.int(0, 6)), false, n > 0 && r.chance(0.6));
        return true;
      },
    },
    {
      id: 'verheldering',
      weight: 7,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'verheldering', addDays(e.today, -r.int(0, 10)), referralPlan(e));
        return true;
      },
    },
    {
      id: 'getrieerd-lokaal-team',
      weight: 6,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'getrieerd', addDays(e.today, -r.int(0, 30)), {
          segmentId: e.referralSegments[0]!.id,
          complexiteit: r.pick(['enkelvoudig', 'meervoudig'] as const),
          uitkomsten: r.chance(0.3) ? ['hulp-lokaal-team', 'sociale-basis'] : ['hulp-lokaal-team'],
        });
        return true;
      },
    },
    {
      id: 'getrieerd-mdo-nodig',
      weight: 3,
      run: async () => {
        const y = youth(e);
        if (!y || e.outOfHome.length === 0) return false;
        await intake(e, y, 'getrieerd', addDays(e.today, -r.int(0, 7)), { ...referralPlan(e, r.pick(e.outOfHome)), complexiteit: 'complex' });
        return true;
      },
    },
    {
      id: 'mdo-zonder-overeenstemming',
      weight: 3,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'getrieerd', addDays(e.today, -r.int(0, 10)), {
          ...referralPlan(e, r.pick(e.outOfHome.length ? e.outOfHome : [e.referralSegments[0]!.id])),
          complexiteit: 'hoogcomplex',
          mdo: 'disagree',
        });
        return true;
      },
    },
    {
      id: 'verwezen',
      weight: 7,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const p = referralPlan(e);
        await intake(e, y, 'verwezen', addDays(e.today, -r.int(0, 20)), {
          ...p,
          mdo: p.complexiteit === 'complex' || p.complexiteit === 'hoogcomplex' ? r.pick(['agree', 'agree', 'escalated'] as const) : undefined,
        });
        return true;
      },
    },
    {
      id: 'beschikt',
      weight: 5,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const p = referralPlan(e);
        const day = addDays(e.today, -r.int(0, 10));
        await intake(e, y, 'beschikt', day, p, periodFrom(e, y, p.segmentId, addDays(day, r.int(7, 21)), 12));
        return true;
      },
    },
    {
      id: 'toegewezen-wacht-op-plaatsing',
      weight: 6,
      run: async (n) => {
        const y = youth(e);
        if (!y || e.outOfHome.length === 0) return false;
        const p = referralPlan(e, r.pick(e.outOfHome));
        const from = addDays(e.today, -r.int(3, 40));
        const c = await intake(e, y, 'toegewezen', addDays(from, -r.int(3, 10)), p, periodFrom(e, y, p.segmentId, from, 12));
        if (n % 2 === 1)
          await c.run('toegang', minDate(e.today, addDays(from, r.int(0, 5))), { type: 'overbrugging', nummer: c.state.toewijzingen.at(-1)!.nummer });
        return true;
      },
    },
    {
      // A GP, youth doctor or medical specialist refers directly; the case is referred before any triage.
      id: 'verwezen-extern',
      weight: 2,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const gated = new Set(ofType(e.rules, 'diagnostiek-vooraf').flatMap((x) => x.segmenten));
        const segs = e.referralSegments.filter((x) => !e.outOfHome.includes(x.id) && !e.justice.includes(x.id) && x.id !== e.crisisSegment && !gated.has(x.id));
        if (segs.length === 0) return false;
        const seg = r.pick(segs).id;
        const via = ofType(e.rules, 'verwijzing-via-gebied').find((x) => x.segmenten.includes(seg))?.via;
        const day = addDays(e.today, -r.int(0, 14));
        await new DemoCase(e, y).register(day, false, true, {
          datum: day,
          verwijzer: r.pick(['02', '03', '05']),
          segmentId: seg,
          kader: 'vrijwillig',
          ...(via ? { viaGebied: via } : {}),
        });
        return true;
      },
    },
    {
      // Care that turned out shorter: the municipality ends the allocation earlier (JZ002 05) and sends the JW301.
      id: 'in-zorg-toewijzing-verkort',
      weight: 2,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const c = await inCare(e, y, referralPlan(e), r.int(30, 120), { months: 12 });
        const t = c.state.toewijzingen.at(-1)!;
        const einddatum = addDays(e.today, r.int(20, 60));
        if (einddatum >= t.einddatum) return true;
        await c.change(e.today, t.nummer, { redenWijziging: '05', einddatum, afgestemdMetAanbieder: true });
        return true;
      },
    },
    {
      id: 'toegewezen-start-gepland',
      weight: 3,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const p = referralPlan(e);
        await intake(e, y, 'toegewezen', addDays(e.today, -r.int(0, 5)), p, periodFrom(e, y, p.segmentId, addDays(e.today, r.int(3, 30)), 6));
        return true;
      },
    },
    {
      id: 'in-zorg',
      weight: 18,
      run: async (n) => {
        const y = youth(e);
        if (!y) return false;
        const c = await inCare(e, y, referralPlan(e), r.int(10, 250), { expiring: n % 4 === 0 });
        if (n % 3 === 1) {
          // A second trajectory next to the first: several trajectories → procesregisseur (seed 003 §5.2).
          // Only segments the region's rules admit for this case: its triage complexity (routering-complexiteit) and a consultation already held (afstemming-verplicht).
          const cx = c.state.triage?.complexiteit;
          const fits = (id: string) =>
            (!cx || routedComplexiteit(e, id, cx) === cx) &&
            ofType(e.rules, 'afstemming-verplicht')
              .filter((x) => x.segmenten.includes(id))
              .every((x) => c.state.mdos.some((m) => m.deelnemers.includes(x.deelnemer)));
          const options = e.referralSegments.filter((s) => !e.outOfHome.includes(s.id) && !e.justice.includes(s.id) && s.id !== e.crisisSegment && fits(s.id));
          if (options.length === 0) return true;
          const seg = r.pick(options).id;
          const day = addDays(e.today, -r.int(0, 8));
          const via = ofType(e.rules, 'verwijzing-via-gebied').find((x) => x.segmenten.includes(seg))?.via;
          if (ofType(e.rules, 'diagnostiek-vooraf').some((x) => x.segmenten.includes(seg)) && !c.state.analyse?.diagnostiekAfgerond) {
            await c.run('toegang', day, {
              type: 'analyse',
              verklarendeAnalyse: c.state.analyse?.verklarendeAnalyse ?? false,
              ambulanteAlternatieven: c.state.analyse?.ambulanteAlternatieven ?? '',
              diagnostiekAfgerond: true,
            });
          }
          await c.run('toegang', day, {
            type: 'verwijzing',
            verwijzing: { datum: day, verwijzer: '01', segmentId: seg, kader: 'vrijwillig', ...(via ? { viaGebied: via } : {}) },
          });
          const period = periodFrom(e, y, seg, addDays(day, 7), 6);
          await c.run('gemeente', day, {
            type: 'beschikking',
            beschikking: {
              verwijzingId: c.state.verwijzingen.at(-1)!.id,
              segmentId: seg,
              ...period,
              besluitDoor: (y.areaId && e.areaKind.get(y.areaId)) || 'gemeente',
            },
          });
          await allocate(e, c, day, seg, period, false);
          if (r.chance(0.5)) await c.run('toegang', day, { type: 'regie', procesregisseur: c.regievoerder() });
        }
        return true;
      },
    },
    {
      id: 'tijdelijk-gestopt',
      weight: 4,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const c = await inCare(e, y, referralPlan(e), r.int(30, 200));
        const day = addDays(e.today, -r.int(1, 20));
        await c.run('gemeente', day, { type: 'stop', nummer: c.state.toewijzingen.at(-1)!.nummer, datum: day, reden: '20' });
        return true;
      },
    },
    {
      id: 'overplaatsingen',
      weight: 1.5,
      run: async () => {
        const y = youth(e, 'age 8-14', (x) => x.age >= 8 && x.age <= 14);
        if (!y || e.outOfHome.length === 0) return false;
        const p = referralPlan(e, r.pick(e.outOfHome));
        const first = addDays(e.today, -r.int(330, 420));
        const c = await intake(e, y, 'toegewezen', addDays(first, -5), p, periodFrom(e, y, p.segmentId, first, 18));
        const period = { ingangsdatum: first, einddatum: c.state.beschikkingen.at(-1)!.einddatum };
        let start = first;
        for (let i = 0; i < 3; i++) {
          const nummer = i === 0 ? c.state.toewijzingen.at(-1)!.nummer : await allocate(e, c, start, p.segmentId, { ...period, ingangsdatum: start }, false);
          await c.run('gemeente', start, { type: 'start', nummer, datum: start });
          if (i === 2) break;
          const stop = addDays(start, r.int(90, 140));
          await c.run('gemeente', stop, { type: 'stop', nummer, datum: stop, reden: '38' });
          start = addDays(stop, 1);
        }
        return true;
      },
    },
    {
      id: 'gezin-meerdere-trajecten',
      weight: 2,
      run: async () => {
        const fams = new Map<number, PoolYouth[]>();
        for (const y of e.pool) {
          if (e.used.has(y.id) || y.age > 16) continue;
          const fam = fams.get(y.familyId);
          // Appended in place (a copy per youth was a pass over the whole pool's families per case).
          if (fam) fam.push(y);
          else fams.set(y.familyId, [y]);
        }
        const siblings = [...fams.values()].filter((f) => f.length >= 2);
        if (siblings.length === 0) return false;
        const [a, b] = r.pick(siblings);
        for (const y of [a!, b!]) await inCare(e, y, referralPlan(e, e.referralSegments[0]!.id), r.int(20, 120));
        return true;
      },
    },
    {
      id: 'afgesloten-geen-jeugdhulp',
      weight: 6,
      closed: true,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const day = addDays(e.today, -r.int(5, 300));
        const c = await intake(e, y, 'getrieerd', day, {
          segmentId: e.referralSegments[0]!.id,
          complexiteit: 'enkelvoudig',
          uitkomsten: [r.pick(['geen-jeugdhulp', 'andere-wet'] as const)],
        });
        await c.run('toegang', day, { type: 'afsluiten', waakvlam: false });
        return true;
      },
    },
    {
      id: 'nazorg',
      weight: 5,
      closed: true,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const ago = r.int(10, 120);
        const c = await episode(e, y, ago);
        await c.run('toegang', addDays(e.today, -r.int(0, ago)), { type: 'afsluiten', waakvlam: true, contactpersoon: c.regievoerder() });
        return true;
      },
    },
    {
      id: 'afgesloten-na-zorg',
      weight: 7,
      closed: true,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        const ago = r.int(100, 400);
        const c = await episode(e, y, ago);
        const closed = addDays(e.today, -r.int(60, ago));
        await c.run('toegang', closed, { type: 'afsluiten', waakvlam: r.chance(0.5), contactpersoon: c.regievoerder() });
        if (c.state.status === 'nazorg') await c.run('toegang', addDays(closed, r.int(30, 59)), { type: 'nazorg-beeindigen' });
        return true;
      },
    },
  ];
  if (crisisSeg) {
    // Outside office hours a crisis comes in before a regievoerder is known.
    list.push({
      id: 'crisis-aangemeld',
      weight: 2,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await new DemoCase(e, y).register(addDays(e.today, -r.int(0, 1)), true, false);
        return true;
      },
    });
    // A crisis referred to the crisis segment the same day, care not started yet: the crisis clock of a segment rule runs (seed 004 §4.6).
    list.push({
      id: 'crisis-verwezen',
      weight: 1,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'verwezen', addDays(e.today, -r.int(0, 1)), { ...referralPlan(e, crisisSeg), crisis: true, complexiteit: 'complex' });
        return true;
      },
    });
    list.push({
      id: 'crisis-in-zorg',
      weight: 3,
      run: async (n) => {
        const y = youth(e);
        if (!y) return false;
        await inCare(e, y, { ...referralPlan(e, crisisSeg), crisis: true, complexiteit: 'complex' }, n === 0 ? r.int(21, 26) : r.int(2, 27), { months: 2 });
        return true;
      },
    });
  }
  // A rule of a segment applies to cases in that segment only: the demo case is in care there.
  const ruleSegment = (id: string) =>
    e.profile.segmenten.find((s) => s.regels.some((x) => x.id === id) && e.referralSegments.some((x) => x.id === s.id))?.id ?? e.referralSegments[0]!.id;
  // A segment's case-coordination rule (een-regievoerder, e.g. seed 000 "Casus coördinatie"): a referred case still without one.
  const segmentRegie = ofType(e.rules, 'een-regievoerder').filter((a) =>
    e.profile.segmenten.some((s) => s.regels.some((x) => x.id === a.id) && e.referralSegments.some((x) => x.id === s.id)),
  );
  for (const a of segmentRegie) {
    list.push({
      id: `zonder-coordinator-${a.id}`,
      weight: 1,
      run: async () => {
        const y = youth(e);
        if (!y) return false;
        await intake(e, y, 'verwezen', addDays(e.today, -r.int(0, 5)), { ...referralPlan(e, ruleSegment(a.id)), regie: false });
        return true;
      },
    });
  }
  for (const a of ageRules) {
    list.push({
      id: `leeftijd-${a.id}`,
      weight: 2,
      run: async () => {
        const y = youth(e, ...aroundAge(e, a.leeftijdMaanden, 50, Math.max(5, a.vooraankondigingDagen - 5)));
        if (!y) return false;
        await inCare(e, y, referralPlan(e, ruleSegment(a.id)), r.int(30, 200));
        return true;
      },
    });
  }
  for (const a of endRules) {
    const segs = [
      ...new Set([ruleSegment(a.id), ...a.uitzonderingen.flatMap((u) => (u.productcategorieen || u.productnamen ? [] : (u.segmenten ?? [])))]),
    ].filter((s) => e.referralSegments.some((x) => x.id === s));
    for (const seg of segs) {
      const age = a.uitzonderingen.find((u) => u.segmenten?.includes(seg) && !u.productcategorieen && !u.productnamen)?.leeftijd ?? a.leeftijd;
      list.push({
        id: `zorg-einde-${age}-${seg}`,
        weight: 1.5,
        run: async () => {
          const y = youth(e, ...aroundAge(e, age * 12, -10, 170));
          if (!y) return false;
          await inCare(e, y, referralPlan(e, seg), r.int(60, 300), { untilLimit: true });
          return true;
        },
      });
    }
    if (a.verlengingTot) {
      const seg = e.referralSegments[0]!.id;
      list.push({
        id: `verlenging-tot-${a.verlengingTot}`,
        weight: 1,
        run: async () => {
          const y = youth(e, 'age 18-19', (x) => x.age >= 18 && x.age <= 19);
          if (!y) return false;
          await inCare(e, y, { ...referralPlan(e, seg), verlengingBeoordeeld: true }, r.int(20, 90), { months: 12 });
          return true;
        },
      });
    }
  }
  return list;
}
