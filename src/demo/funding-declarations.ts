/**
 * The demo's declarations: what a provider delivers and declares per allocation and month (70-100%
 * of the allocated dosage, with a few over-declared lines sent again corrected and a few credited
 * and declared again the month after), and the JW323 messages that carry them, built with the iJw
 * codec: one per provider, municipality (Ontvanger) and declaration period.
 *
 * Declaration periods: the last months of the history (DEMO_MONTHLY_MONTHS) are declared each in
 * its own message the month after (the regular flow; TR318, CS340 one calendar month). The months
 * before them are declared afterwards in one message per provider, municipality and year, with the
 * year's last month as the DeclaratiePeriode and one Prestatie per month (IV090 "achteraf
 * declareren": as many Prestaties as separate messages would have had; TR319 allows ProductPeriodes
 * of earlier periods). That keeps the demo quick to build (the cost of a settlement is mostly per
 * message) with the same lines, amounts and checks; it is an assumption of the demo.
 */
import { allowedVolume } from '../domain/funding/settlement.js';
import { addDays, daysBetween, maxDate, minDate } from '../domain/dates.js';
import { serialize, type IjwMessages } from '../ijw/codec.js';
import { demoTariff, hash } from './funding-assumptions.js';
import type { Dated } from '../domain/funding/models.js';
import { monthEnd, monthOf, monthStart, nextMonth, type DemoLinePeriod, type Plan, type PlanAllocation } from './funding-plan.js';

export interface DemoLine {
  ref: string;
  vorig?: string;
  a: PlanAllocation;
  begin: string;
  end: string;
  volume: number;
  tarief: number;
  dc: 'D' | 'C';
}

/** The Monday-to-Sunday pieces of [begin, end] (calendar dates within one month). */
function weekPieces(begin: string, end: string): [string, string][] {
  const out: [string, string][] = [];
  let from = begin;
  while (from <= end) {
    // getUTCDay: 0 = Sunday; days to the week's Sunday.
    const toSunday = (7 - new Date(`${from}T00:00:00Z`).getUTCDay()) % 7;
    const to = minDate(addDays(from, toSunday), end);
    out.push([from, to]);
    from = addDays(to, 1);
  }
  return out;
}

/** What a provider delivered and declares for one allocation in one month, and the corrections it sends the month after. */
export function monthLines(
  a: PlanAllocation,
  month: string,
  indexation: Dated<number>,
  period: DemoLinePeriod = 'month',
): { now: DemoLine[]; next: DemoLine[] } {
  const begin = maxDate(monthStart(month), a.start);
  const end = minDate(monthEnd(month), a.end ?? monthEnd(month));
  if (begin > end) return { now: [], next: [] };
  const year = Number(month.slice(0, 4));
  const tarief = demoTariff(a.providerId, a.categorie, a.omvang.eenheid, year, indexation);
  const n = a.nummer!;
  const tag = month.replace('-', '');
  if (a.omvang.frequentie === '6') {
    // Output (a trajectory price): declared once, in the month the trajectory is completed.
    if (!a.end || monthOf(a.end) !== month) return { now: [], next: [] };
    return { now: [{ ref: `${n}D${tag}`, a, begin, end, volume: a.omvang.volume, tarief, dc: 'D' }], next: [] };
  }
  if (period === 'month') return pieceLines(a, begin, end, tarief, tag, hash('maand', n, month));
  const now: DemoLine[] = [];
  const next: DemoLine[] = [];
  for (const [from, to] of weekPieces(begin, end)) {
    const piece = pieceLines(a, from, to, tarief, from.replaceAll('-', ''), hash('week', n, from));
    now.push(...piece.now);
    next.push(...piece.next);
  }
  return { now, next };
}

/** The line of one ProductPeriode (a month or a week) and its corrections; `tag` makes the references unique, `h` varies the delivery. */
function pieceLines(a: PlanAllocation, begin: string, end: string, tarief: number, tag: string, h: number): { now: DemoLine[]; next: DemoLine[] } {
  const n = a.nummer!;
  const days = daysBetween(begin, end) + 1;
  const allowed = Math.floor(allowedVolume(a.omvang, begin, end) ?? 0);
  const utilisation = a.omvang.eenheid === '14' ? 1 : 0.7 + (h % 31) / 100;
  const perDay =
    a.omvang.frequentie === '1'
      ? a.omvang.volume
      : a.omvang.frequentie === '2'
        ? a.omvang.volume / 7
        : a.omvang.frequentie === '4'
          ? (a.omvang.volume * 12) / 365
          : 0;
  const delivered = Math.min(allowed, Math.round(perDay * days * utilisation));
  if (delivered <= 0) return { now: [], next: [] };
  const line: DemoLine = { ref: `${n}D${tag}`, a, begin, end, volume: delivered, tarief, dc: 'D' };
  if (h % 211 === 0) {
    // Over-declared (rejected, TR321 9321) and sent again correctly the next month.
    return { now: [{ ...line, volume: allowed + 1 }], next: [{ ...line, ref: `${n}R${tag}` }] };
  }
  if (h % 173 === 1 && delivered >= 2) {
    // Corrected the next month: a credit of the line (TR323) and a new debit for one unit less.
    return {
      now: [line],
      next: [
        { ...line, ref: `${n}C${tag}`, vorig: line.ref, dc: 'C' },
        { ...line, ref: `${n}K${tag}`, volume: delivered - 1 },
      ],
    };
  }
  return { now: [line], next: [] };
}

export type JW323 = IjwMessages['JW323'];

/** A JW323 of one provider to one municipality for one month, built with the iJw codec. */
export function buildDeclaration(input: {
  agb: string;
  municipalityCode: string;
  month: string;
  sendDate: string;
  lines: DemoLine[];
  nummer?: string;
}): string {
  return serialize('JW323', declarationMessage(input));
}

/** The JW323 of buildDeclaration as the message object (what the batch settlement reads without parsing the XML). */
export function declarationMessage(input: {
  agb: string;
  municipalityCode: string;
  month: string;
  sendDate: string;
  lines: DemoLine[];
  nummer?: string;
}): JW323 {
  const tag = input.month.replace('-', '');
  const nummer = input.nummer ?? `D${tag}${input.municipalityCode}`;
  const byBsn = new Map<string, DemoLine[]>();
  for (const l of input.lines) byBsn.set(l.a.bsn, [...(byBsn.get(l.a.bsn) ?? []), l]);
  let total = 0;
  const clients = [...byBsn].map(([bsn, lines]) => ({
    Bsn: bsn,
    Prestaties: {
      // Credits first, so a credited line's period is free again for its corrected debit.
      Prestatie: [...lines]
        .sort((x, y) => (x.dc === y.dc ? 0 : x.dc === 'C' ? -1 : 1))
        .map((l) => {
          const bedrag = l.volume * l.tarief;
          total += l.dc === 'C' ? -bedrag : bedrag;
          return {
            ProductReferentie: { ReferentieNummer: l.ref, ...(l.vorig ? { VorigReferentieNummer: l.vorig } : {}) },
            ToewijzingNummer: String(l.a.nummer),
            ProductCategorie: l.a.categorie as JW323['Declaratie']['Clienten']['Client'][number]['Prestaties']['Prestatie'][number]['ProductCategorie'],
            ProductCode: l.a.code,
            ProductPeriode: { Begindatum: l.begin, Einddatum: l.end },
            GeleverdVolume: String(l.volume),
            Eenheid: l.a.omvang.eenheid as JW323['Declaratie']['Clienten']['Client'][number]['Prestaties']['Prestatie'][number]['Eenheid'],
            ProductTarief: String(l.tarief),
            IngediendBedrag: { Bedrag: String(bedrag), DebetCredit: l.dc },
          };
        }),
    },
  }));
  const message: JW323 = {
    Header: {
      BerichtCode: '490',
      BerichtVersie: '3',
      BerichtSubversie: '2',
      Afzender: input.agb,
      Ontvanger: input.municipalityCode,
      BerichtIdentificatie: { Identificatie: nummer, Dagtekening: input.sendDate },
      XsdVersie: { BasisschemaXsdVersie: '1.0.0', BerichtXsdVersie: '1.0.0' },
    },
    Declaratie: {
      DeclaratieNummer: nummer,
      DeclaratiePeriode: { Begindatum: monthStart(input.month), Einddatum: monthEnd(input.month) },
      DeclaratieDagtekening: input.sendDate,
      TotaalIngediendBedrag: { TotaalBedrag: String(Math.abs(total)), DebetCredit: total < 0 ? 'C' : 'D' },
      Clienten: { Client: clients },
    },
  };
  return message;
}

/** One declaration period of the demo: the months it declares and the month it is declared for. */
export interface DemoPeriod {
  /** DeclaratiePeriode (YYYY-MM). */
  month: string;
  /** Months whose deliveries it declares (one for the regular flow, a whole year for a bundled year). */
  months: string[];
  /** DeclaratieNummer prefix: D + YYYYMM for a month, J + YYYY for a year declared afterwards. */
  tag: string;
}

/**
 * The declaration periods from `from` through `lastMonth`: the years before `monthlyFrom` as one
 * period each (declared afterwards, IV090), then every month.
 */
export function demoPeriods(from: string, lastMonth: string | null, monthlyFrom: string): DemoPeriod[] {
  const out: DemoPeriod[] = [];
  if (!lastMonth) return out;
  let month = monthOf(from);
  while (month <= lastMonth && month < monthlyFrom) {
    const year = month.slice(0, 4);
    const months: string[] = [];
    for (let m = month; m <= lastMonth && m < monthlyFrom && m.startsWith(year); m = nextMonth(m)) months.push(m);
    out.push({ month: months.at(-1)!, months, tag: `J${year}` });
    month = nextMonth(months.at(-1)!);
  }
  for (; month <= lastMonth; month = nextMonth(month)) out.push({ month, months: [month], tag: `D${month.replace('-', '')}` });
  return out;
}

/** DeclaratieNummer of a demo declaration. */
export const demoDeclarationNumber = (period: Pick<DemoPeriod, 'tag'>, municipalityCode: string) => `${period.tag}${municipalityCode}`;

/**
 * The JW323 messages of one declaration period of the plan, per provider and municipality, with
 * the corrections carried over from the period before; returns the corrections for the next one.
 */
export function periodDeclarations(
  plan: Pick<Plan, 'clientLevel' | 'indexation' | 'linePeriod'>,
  period: DemoPeriod,
  carried: readonly DemoLine[] = [],
): { messages: { agb: string; municipalityCode: string; nummer: string; xml: string; message: JW323; lines: number }[]; next: DemoLine[] } {
  const { messages, next } = periodMessages(plan, period, carried);
  return { messages: messages.map((m) => ({ ...m, xml: serialize('JW323', m.message) })), next };
}

/** periodDeclarations without the XML (the message objects; the caller writes the XML when it needs it). */
export function periodMessages(
  plan: Pick<Plan, 'clientLevel' | 'indexation' | 'linePeriod'>,
  period: DemoPeriod,
  carried: readonly DemoLine[] = [],
): { messages: { agb: string; municipalityCode: string; nummer: string; message: JW323; lines: number }[]; next: DemoLine[] } {
  const groups = new Map<string, DemoLine[]>();
  const next: DemoLine[] = [];
  const push = (l: DemoLine) => {
    const key = `${l.a.agb}|${l.a.municipalityCode}`;
    const g = groups.get(key);
    if (g) g.push(l);
    else groups.set(key, [l]);
  };
  carried.forEach(push);
  // Corrections (a line sent again, a credit and its new debit) always go in the next message: a
  // credit may not be in the message of its debit (TR316).
  for (const month of period.months) {
    for (const a of plan.clientLevel) {
      // Result-based and caseload care are paid by schedule, not declared per line.
      if (a.kind === 'result' || a.kind === 'caseload' || a.start > monthEnd(month) || (a.end !== null && a.end < monthStart(month))) continue;
      const { now, next: corrections } = monthLines(a, month, plan.indexation, plan.linePeriod);
      now.forEach(push);
      next.push(...corrections);
    }
  }
  const sendDate = monthStart(nextMonth(period.month));
  const messages = [...groups]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([key, lines]) => {
      const [agb, municipalityCode] = key.split('|') as [string, string];
      const nummer = demoDeclarationNumber(period, municipalityCode);
      const message = declarationMessage({ agb, municipalityCode, month: period.month, sendDate, lines, nummer });
      return { agb, municipalityCode, nummer, message, lines: lines.length };
    });
  return { messages, next };
}

/** The JW323 messages of one month of the plan, per provider and municipality (the regular monthly flow). */
export function monthDeclarations(plan: Pick<Plan, 'clientLevel' | 'indexation' | 'linePeriod'>, month: string, carried: readonly DemoLine[] = []) {
  return periodDeclarations(plan, { month, months: [month], tag: `D${month.replace('-', '')}` }, carried);
}
