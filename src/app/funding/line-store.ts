/**
 * The lines of a received declaration, held compactly from validation until they are settled
 * (settle.ts). A JW323 may carry 100,000 Prestaties: as objects (a Line with a dozen properties,
 * its location and an empty findings array each) they took about 600 bytes a line on the V8 heap,
 * and the text values the XML reader hands out are slices of its decoded chunks, so keeping them
 * kept those chunks alive too. Here a line is a row in typed columns: numbers in Float64Arrays,
 * the few distinct values (BSN, product, dates, unit, debit/credit, the location's client part
 * and its Prestatie part) as indexes into one table of strings, the per-line texts
 * (ReferentieNummer, VorigReferentieNummer) as UTF-8 bytes in one growing buffer, and findings only for the lines that have them. About 100
 * bytes a line; the CollectedLine objects are rebuilt per settlement chunk, with fresh strings.
 */
import type { Line } from '../../domain/funding/settlement.js';
import type { Finding } from '../../ijw/findings.js';

export interface CollectedLine {
  line: Line;
  location: string;
  findings: Finding[];
}

/** Separator of the per-line texts (U+0000 cannot occur in XML). */
const SEP = '\u0000';
/** Coded values per line. */
const CODED = 9;

class Float64Column {
  data = new Float64Array(1024);
  set(i: number, v: number) {
    if (i >= this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }
}

class Int32Column {
  data = new Int32Array(1024);
  set(i: number, v: number) {
    if (i >= this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }
}

export class CompactLines {
  private n = 0;
  private readonly nummer = new Float64Column();
  private readonly volume = new Float64Column();
  /** ProductTarief in cents; NaN when not sent. */
  private readonly tarief = new Float64Column();
  private readonly bedrag = new Float64Column();
  /** Indexes into `strings`, CODED per line: bsn, categorie, code, begindatum, einddatum, eenheid, debet/credit, location up to and from its last '/'. */
  private readonly coded = new Int32Column();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  /** Byte offset of each line's texts in `text` (line i spans offsets[i] .. offsets[i + 1]). */
  private readonly offsets = new Int32Column();
  private text = Buffer.alloc(1 << 16);
  private used = 0;
  private readonly findings = new Map<number, Finding[]>();

  get length(): number {
    return this.n;
  }

  push(c: CollectedLine): void {
    const i = this.n;
    const l = c.line;
    this.nummer.set(i, l.toewijzingNummer);
    this.volume.set(i, l.volume);
    this.tarief.set(i, l.tariefCents ?? Number.NaN);
    this.bedrag.set(i, l.bedragCents);
    const cut = c.location.lastIndexOf('/');
    const codes = [
      l.bsn,
      l.productCategorie,
      l.productCode,
      l.begindatum,
      l.einddatum,
      l.eenheid,
      l.debetCredit,
      c.location.slice(0, cut),
      c.location.slice(cut),
    ];
    for (let k = 0; k < CODED; k++) this.coded.set(i * CODED + k, this.id(codes[k]!));
    const texts = `${l.referentieNummer}${SEP}${l.vorigReferentieNummer ?? ''}`;
    if (this.used + texts.length * 3 > this.text.length) {
      const grown = Buffer.alloc(Math.max(this.text.length * 2, this.used + texts.length * 3));
      this.text.copy(grown, 0, 0, this.used);
      this.text = grown;
    }
    this.offsets.set(i, this.used);
    this.used += this.text.write(texts, this.used, 'utf8');
    this.offsets.set(i + 1, this.used);
    if (c.findings.length > 0) this.findings.set(i, c.findings);
    this.n++;
  }

  /** The ToewijzingNummer of line i. */
  toewijzingNummer(i: number): number {
    return this.nummer.data[i]!;
  }

  /** The Begindatum of line i (YYYY-MM-DD). */
  begindatum(i: number): string {
    return this.strings[this.coded.data[i * CODED + 3]!]!;
  }

  /** Lines from .. to (exclusive), as objects. */
  slice(from: number, to: number): CollectedLine[] {
    const out: CollectedLine[] = [];
    const s = this.strings;
    const coded = this.coded.data;
    for (let i = from; i < Math.min(to, this.n); i++) {
      const [ref, vorig] = this.text.toString('utf8', this.offsets.data[i], this.offsets.data[i + 1]).split(SEP) as [string, string];
      const at = i * CODED;
      const tarief = this.tarief.data[i]!;
      const line: Line = {
        referentieNummer: ref,
        ...(vorig ? { vorigReferentieNummer: vorig } : {}),
        toewijzingNummer: this.nummer.data[i]!,
        bsn: s[coded[at]!]!,
        productCategorie: s[coded[at + 1]!]!,
        productCode: s[coded[at + 2]!]!,
        begindatum: s[coded[at + 3]!]!,
        einddatum: s[coded[at + 4]!]!,
        volume: this.volume.data[i]!,
        eenheid: s[coded[at + 5]!]!,
        ...(Number.isNaN(tarief) ? {} : { tariefCents: tarief }),
        bedragCents: this.bedrag.data[i]!,
        debetCredit: s[coded[at + 6]!] as 'D' | 'C',
      };
      out.push({ line, location: s[coded[at + 7]!]! + s[coded[at + 8]!]!, findings: this.findings.get(i) ?? [] });
    }
    return out;
  }

  /** Index of a short value in the table; the table keeps its own flat copy (not a slice of the reader's text). */
  private id(value: string): number {
    let id = this.stringIds.get(value);
    if (id === undefined) {
      const own = Buffer.from(value, 'utf8').toString('utf8');
      id = this.strings.push(own) - 1;
      this.stringIds.set(own, id);
    }
    return id;
  }
}
