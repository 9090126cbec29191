/**
 * Writes a valid JW323 (declaratie Jeugdhulp) with N Prestatie lines to a file as a stream: the
 * document is produced in batches of lines and written with back-pressure, never held whole.
 *
 * Valid at the XSD layer and under the TR/CD/CS rules within one message:
 * - one Client per `linesPerClient` lines (default 10), each with its own 11-check valid BSN from
 *   syntheticBsns() (test BSNs first; TR101 unique clients, CS002);
 * - DeclaratiePeriode is one whole calendar month (CS340) from 2021 on (CS100); every
 *   ProductPeriode lies inside it, begin and end in the same month (CS337, TR137, TR319);
 * - dagtekening after the period and not in the future (TR134, TR135, TR137, TR335);
 * - unique ReferentieNummers (TR101, TR314), debet lines only, no VorigReferentieNummer (CD060,
 *   TR315, TR316); within a client each line has its own ToewijzingNummer (TR416);
 * - Eenheid 04 (uur) with a ProductTarief (CD087), IngediendBedrag = GeleverdVolume x ProductTarief
 *   (TR346), TotaalIngediendBedrag = the sum of all IngediendBedrag, debet (TR358, CS325).
 * The total is written before the lines (the XSD order), so it is computed first from the same
 * deterministic per-line formulas; no line is kept in memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { syntheticBsns } from '../src/domain/people/bsn.js';

export interface Jw323Options {
  /** Number of Prestatie lines. */
  lines: number;
  /** Lines per Client (the last client may get fewer). Default 10. */
  linesPerClient?: number;
  /** Declaration month "YYYY-MM"; default the calendar month before `today`. */
  month?: string;
  /** "YYYY-MM-DD"; default the current date. Only used to pick the default month. */
  today?: string;
  /** AGB code of the provider (Afzender), 8 digits. */
  afzender?: string;
  /** CBS code of the municipality (Ontvanger), 4 digits. */
  ontvanger?: string;
  /** Lines per write() call. Default 500 (about 350 KB). */
  batch?: number;
}

export interface Jw323File {
  file: string;
  lines: number;
  clients: number;
  bytes: number;
  /** TotaalIngediendBedrag in eurocents. */
  totaal: number;
  declaratiePeriode: { begin: string; eind: string };
  dagtekening: string;
}

const PRODUCT_CODES = ['45A03', '45A04', '45A07', '45A09'] as const;

/** The deterministic content of line `i` (0-based). */
function line(i: number, perClient: number) {
  const k = i % perClient;
  const volume = 1 + (i % 40);
  const tarief = 5000 + (i % 7) * 250;
  const begin = 1 + (k % 10) * 2; // 1, 3, ..., 19
  return {
    referentie: `RN${String(i + 1).padStart(10, '0')}`,
    toewijzing: 100_000 + i,
    productCode: PRODUCT_CODES[i % PRODUCT_CODES.length]!,
    begin,
    eind: begin + 9, // at most the 28th: inside every month
    volume,
    tarief,
    bedrag: volume * tarief,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function monthBefore(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad2(m - 1)}`;
}

/** Writes the JW323 to `file`; resolves when it is flushed. */
export async function writeJw323(file: string, opts: Jw323Options): Promise<Jw323File> {
  const perClient = opts.linesPerClient ?? 10;
  if (!Number.isInteger(opts.lines) || opts.lines < 1) throw new Error('a JW323 needs at least one Prestatie line');
  if (!Number.isInteger(perClient) || perClient < 1) throw new Error('linesPerClient must be a positive integer');
  const batch = opts.batch ?? 500;
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const month = opts.month ?? monthBefore(today);
  const [year, mon] = month.split('-').map(Number) as [number, number];
  if (!(year >= 2021) || !(mon >= 1 && mon <= 12)) throw new Error(`month ${month}: expected YYYY-MM from 2021-01`);
  const lastDay = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const periodBegin = `${month}-01`;
  const periodEnd = `${month}-${pad2(lastDay)}`;
  const next = mon === 12 ? `${year + 1}-01` : `${year}-${pad2(mon + 1)}`;
  const dagtekening = `${next}-01` <= today ? `${next}-01` : today;
  if (dagtekening < periodEnd) throw new Error(`month ${month} has not ended on ${today}`);

  let totaal = 0;
  for (let i = 0; i < opts.lines; i++) totaal += line(i, perClient).bedrag;

  const out = createWriteStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };

  await write(`<?xml version="1.0" encoding="UTF-8"?>
<jw323:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema">
\t<jw323:Header>
\t\t<jw323:BerichtCode>490</jw323:BerichtCode>
\t\t<jw323:BerichtVersie>3</jw323:BerichtVersie>
\t\t<jw323:BerichtSubversie>2</jw323:BerichtSubversie>
\t\t<jw323:Afzender>${opts.afzender ?? '42420001'}</jw323:Afzender>
\t\t<jw323:Ontvanger>${opts.ontvanger ?? '0384'}</jw323:Ontvanger>
\t\t<jw323:BerichtIdentificatie>
\t\t\t<ijw:Identificatie>D${year}${pad2(mon)}001</ijw:Identificatie>
\t\t\t<ijw:Dagtekening>${dagtekening}</ijw:Dagtekening>
\t\t</jw323:BerichtIdentificatie>
\t\t<jw323:XsdVersie>
\t\t\t<ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
\t\t\t<ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
\t\t</jw323:XsdVersie>
\t</jw323:Header>
\t<jw323:Declaratie>
\t\t<jw323:DeclaratieNummer>DN${year}${pad2(mon)}</jw323:DeclaratieNummer>
\t\t<jw323:DeclaratiePeriode>
\t\t\t<ijw:Begindatum>${periodBegin}</ijw:Begindatum>
\t\t\t<ijw:Einddatum>${periodEnd}</ijw:Einddatum>
\t\t</jw323:DeclaratiePeriode>
\t\t<jw323:DeclaratieDagtekening>${dagtekening}</jw323:DeclaratieDagtekening>
\t\t<jw323:TotaalIngediendBedrag>
\t\t\t<ijw:TotaalBedrag>${totaal}</ijw:TotaalBedrag>
\t\t\t<ijw:DebetCredit>D</ijw:DebetCredit>
\t\t</jw323:TotaalIngediendBedrag>
\t\t<jw323:Clienten>
`);

  const bsns = syntheticBsns();
  let clients = 0;
  let buf = '';
  for (let i = 0; i < opts.lines; i++) {
    const k = i % perClient;
    if (k === 0) {
      const bsn = bsns.next();
      if (bsn.done) throw new Error('ran out of synthetic BSNs');
      clients++;
      buf += `\t\t\t<jw323:Client>\n\t\t\t\t<jw323:Bsn>${bsn.value}</jw323:Bsn>\n\t\t\t\t<jw323:Prestaties>\n`;
    }
    const l = line(i, perClient);
    buf += `\t\t\t\t\t<jw323:Prestatie>
\t\t\t\t\t\t<jw323:ProductReferentie>
\t\t\t\t\t\t\t<ijw:ReferentieNummer>${l.referentie}</ijw:ReferentieNummer>
\t\t\t\t\t\t</jw323:ProductReferentie>
\t\t\t\t\t\t<jw323:ToewijzingNummer>${l.toewijzing}</jw323:ToewijzingNummer>
\t\t\t\t\t\t<jw323:ProductCategorie>45</jw323:ProductCategorie>
\t\t\t\t\t\t<jw323:ProductCode>${l.productCode}</jw323:ProductCode>
\t\t\t\t\t\t<jw323:ProductPeriode>
\t\t\t\t\t\t\t<ijw:Begindatum>${month}-${pad2(l.begin)}</ijw:Begindatum>
\t\t\t\t\t\t\t<ijw:Einddatum>${month}-${pad2(l.eind)}</ijw:Einddatum>
\t\t\t\t\t\t</jw323:ProductPeriode>
\t\t\t\t\t\t<jw323:GeleverdVolume>${l.volume}</jw323:GeleverdVolume>
\t\t\t\t\t\t<jw323:Eenheid>04</jw323:Eenheid>
\t\t\t\t\t\t<jw323:ProductTarief>${l.tarief}</jw323:ProductTarief>
\t\t\t\t\t\t<jw323:IngediendBedrag>
\t\t\t\t\t\t\t<ijw:Bedrag>${l.bedrag}</ijw:Bedrag>
\t\t\t\t\t\t\t<ijw:DebetCredit>D</ijw:DebetCredit>
\t\t\t\t\t\t</jw323:IngediendBedrag>
\t\t\t\t\t</jw323:Prestatie>
`;
    if (k === perClient - 1 || i === opts.lines - 1) buf += '\t\t\t\t</jw323:Prestaties>\n\t\t\t</jw323:Client>\n';
    if ((i + 1) % batch === 0) {
      await write(buf);
      buf = '';
    }
  }
  await write(`${buf}\t\t</jw323:Clienten>\n\t</jw323:Declaratie>\n</jw323:Bericht>\n`);
  out.end();
  await finished(out);
  return { file, lines: opts.lines, clients, bytes: out.bytesWritten, totaal, declaratiePeriode: { begin: periodBegin, eind: periodEnd }, dagtekening };
}
