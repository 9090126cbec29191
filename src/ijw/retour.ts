/**
 * Retour messages (JW302, 306, 308, 316, 318, 320) built from a validation verdict, and the
 * structure of the declaration answer JW325.
 *
 * A retour message mirrors its heenbericht: the same classes with a RetourCodes element per
 * class. Each finding goes to the innermost class that contains its path; a class without
 * findings gets 0200 ("Geen opmerking over deze berichtklasse"). A message rejected as a whole
 * (XSD layer) gets 0001 in the header and no further classes (the retour XSD allows that).
 */
import type { Finding } from './findings.js';
import { TECHNICAL_REJECTION } from './findings.js';
import type { XmlObject, XmlValue } from './reader.js';
import {
  asHeenHeader,
  asJw323,
  asJw323Prestatie,
  retourCodes,
  toXmlObject,
  type HeenHeader,
  type Jw323Declaratie,
  type Jw323Header,
  type Jw323Prestatie,
} from './codec.js';
import type {
  CDT_XsdVersie,
  JW302_Bericht_Header,
  JW325,
  JW325_Bericht_DeclaratieAntwoord,
  JW325_Bericht_DeclaratieAntwoord_Clienten_Client_Prestaties_Prestatie,
} from './generated/messages.js';
import { messageSchemas } from './xsd/compile.js';
import type { ComplexType, ElementDecl, MessageSchema } from './xsd/model.js';

export const NO_REMARK = '0200';

/** Heenbericht -> retour message. */
export const RETOUR_OF: Readonly<Record<string, string>> = {
  JW301: 'JW302',
  JW305: 'JW306',
  JW307: 'JW308',
  JW315: 'JW316',
  JW317: 'JW318',
  JW319: 'JW320',
  JW323: 'JW325',
};

export interface RetourOptions {
  /** IdentificatieRetour (max. 12 characters). */
  identificatie: string;
  /** DagtekeningRetour (YYYY-MM-DD). */
  dagtekening: string;
}

/** The XSD versions this system works with, as the retour's XsdVersieRetour. */
export function xsdVersion(): CDT_XsdVersie {
  return { BasisschemaXsdVersie: '1.0.0', BerichtXsdVersie: '1.0.0' };
}

const hasRetourCodes = (t: ComplexType) => t.sequence.some((d) => d.name === 'RetourCodes');

/** Codes for the class at `location`: findings inside it that are not inside a deeper class. */
function codesFor(location: string, findings: readonly Finding[], deeper: readonly string[]): string[] {
  const inside = findings.filter((f) => f.path === location || f.path.startsWith(`${location}/`));
  const own = inside.filter((f) => !deeper.some((d) => f.path === d || f.path.startsWith(`${d}/`)));
  const codes = [...new Set(own.map((f) => f.retourcode ?? TECHNICAL_REJECTION))];
  return codes.length > 0 ? codes : [NO_REMARK];
}

/** All class locations (elements with RetourCodes in the retour schema) present in the value. */
function classLocations(decl: ElementDecl, value: XmlValue, location: string, out: string[]): void {
  if (decl.type.kind !== 'complex' || typeof value !== 'object') return;
  if (hasRetourCodes(decl.type)) out.push(location);
  for (const child of decl.type.sequence) {
    const v = value[child.name];
    if (v === undefined) continue;
    (Array.isArray(v) ? v : [v]).forEach((item, i) => classLocations(child, item, `${location}/${child.name}${child.maxOccurs > 1 ? `[${i + 1}]` : ''}`, out));
  }
}

/** Copies the heenbericht value into the retour schema's shape, adding RetourCodes per class. */
function mirror(decl: ElementDecl, value: XmlValue, location: string, findings: readonly Finding[], classes: readonly string[]): XmlValue {
  if (decl.type.kind !== 'complex') return value;
  const src = value as XmlObject;
  const out: XmlObject = {};
  for (const child of decl.type.sequence) {
    if (child.name === 'RetourCodes') continue;
    const v = src[child.name];
    if (v === undefined) continue;
    const mapItem = (item: XmlValue, i: number) =>
      mirror(child, item, `${location}/${child.name}${child.maxOccurs > 1 ? `[${i + 1}]` : ''}`, findings, classes);
    out[child.name] = Array.isArray(v) ? v.map(mapItem) : mapItem(v, 0);
  }
  if (hasRetourCodes(decl.type)) {
    const deeper = classes.filter((c) => c !== location && c.startsWith(`${location}/`));
    out.RetourCodes = { RetourCode: codesFor(location, findings, deeper) };
  }
  return out;
}

/** The retour header (the same fields in JW302, 306, 308, 316, 318 and 320) copied from the heenbericht's. */
function retourHeader(schema: MessageSchema, heenHeader: HeenHeader, opts: RetourOptions, codes: string[] | undefined): JW302_Bericht_Header {
  const header: JW302_Bericht_Header = {
    BerichtCode: schema.berichtCode,
    BerichtVersie: heenHeader.BerichtVersie,
    BerichtSubversie: heenHeader.BerichtSubversie,
    Afzender: heenHeader.Afzender,
    Ontvanger: heenHeader.Ontvanger,
    BerichtIdentificatie: heenHeader.BerichtIdentificatie,
    XsdVersie: heenHeader.XsdVersie,
    IdentificatieRetour: opts.identificatie,
    DagtekeningRetour: opts.dagtekening,
    XsdVersieRetour: xsdVersion(),
  };
  if (codes) header.RetourCodes = retourCodes(codes);
  return header;
}

export class RetourError extends Error {
  override name = 'RetourError';
}

/**
 * The retour message for a validated heenbericht (not JW323; see declarationAnswer).
 * `message` is the parsed heenbericht; `findings` all findings of its validation.
 */
export function buildRetour(heenCode: string, message: XmlObject, findings: readonly Finding[], opts: RetourOptions): { code: string; message: XmlObject } {
  const code = RETOUR_OF[heenCode];
  if (!code || code === 'JW325') throw new RetourError(`${heenCode} has no retour message of this kind`);
  const schema = messageSchemas().get(code)!;
  const header = message.Header;
  if (!header || typeof header !== 'object' || Array.isArray(header) || headerUnusable(findings)) {
    throw new RetourError('the Header is not valid, so no retour message can be addressed (transport-level rejection)');
  }
  const rejected = findings.some((f) => f.layer === 'xsd');
  if (rejected) return { code, message: { Header: toXmlObject(retourHeader(schema, asHeenHeader(header), opts, [TECHNICAL_REJECTION])) } };
  const root = schema.root.type;
  if (root.kind !== 'complex') throw new RetourError(`${code}: the root element Bericht has no children in its schema`);
  const out: XmlObject = {};
  const classes: string[] = [];
  classLocations(schema.root, message, '/Bericht', classes);
  const headerFindings = findings.filter((f) => f.path === '/Bericht' || f.path.startsWith('/Bericht/Header'));
  const headerCodes = [...new Set(headerFindings.map((f) => f.retourcode ?? TECHNICAL_REJECTION))];
  out.Header = toXmlObject(retourHeader(schema, asHeenHeader(header), opts, headerCodes.length > 0 ? headerCodes : undefined));
  for (const decl of root.sequence) {
    if (decl.name === 'Header') continue;
    const v = message[decl.name];
    // Bericht's classes occur once (a repeated one is an XSD finding, answered above with 0001).
    if (v !== undefined && !Array.isArray(v)) out[decl.name] = mirror(decl, v, `/Bericht/${decl.name}`, findings, classes);
  }
  return { code, message: out };
}

function headerUnusable(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.layer === 'xsd' && f.path.startsWith('/Bericht/Header'));
}

export interface RejectedLine {
  /** The Client's Bsn and the Prestatie as received. */
  bsn: string;
  prestatie: XmlObject;
  codes: string[];
}

/** A rejected declaration line in the generated JW323 model. */
export interface RejectedPrestatie {
  bsn: string;
  prestatie: Jw323Prestatie;
  codes: string[];
}

type Jw325Prestatie = JW325_Bericht_DeclaratieAntwoord_Clienten_Client_Prestaties_Prestatie;

/**
 * The declaration answer JW325 (OP303/OP304) in the generated model: only rejected Prestaties,
 * grouped per Client, with the totals of submitted and awarded amounts. Header code 0001 when the
 * whole declaration is rejected; otherwise 0200 (the settlement module decides per line). A
 * Declaratie without its number or total (an XSD finding, so a technical rejection) is answered
 * with the header only.
 */
export function jw325Answer(
  header323: Jw323Header,
  declaratie: Jw323Declaratie | undefined,
  opts: RetourOptions & { rejected: readonly RejectedPrestatie[]; awardedCents: number; technicalRejection?: boolean; headerCodes?: string[] },
): JW325 {
  const header: JW325['Header'] = {
    BerichtCode: messageSchemas().get('JW325')!.berichtCode,
    BerichtVersie: header323.BerichtVersie,
    BerichtSubversie: header323.BerichtSubversie,
    Afzender: header323.Ontvanger,
    Ontvanger: header323.Afzender,
    BerichtIdentificatie: { Identificatie: opts.identificatie, Dagtekening: opts.dagtekening },
    XsdVersie: xsdVersion(),
    DeclaratieIdentificatie: header323.BerichtIdentificatie,
    XsdVersieDeclaratie: header323.XsdVersie,
    RetourCodes: retourCodes(opts.technicalRejection ? [TECHNICAL_REJECTION] : (opts.headerCodes ?? [NO_REMARK])),
  };
  if (opts.technicalRejection || !declaratie?.DeclaratieNummer || !declaratie.TotaalIngediendBedrag) return { Header: header };
  const byBsn = new Map<string, Jw325Prestatie[]>();
  for (const line of opts.rejected) {
    byBsn.set(line.bsn, [...(byBsn.get(line.bsn) ?? []), { ...line.prestatie, RetourCodes: retourCodes(line.codes) }]);
  }
  const antwoord: JW325_Bericht_DeclaratieAntwoord = {
    DeclaratieNummer: declaratie.DeclaratieNummer,
    TotaalIngediendBedrag: declaratie.TotaalIngediendBedrag,
    TotaalToegekendBedrag: { TotaalBedrag: String(Math.abs(opts.awardedCents)), DebetCredit: opts.awardedCents < 0 ? 'C' : 'D' },
    RetourCodes: retourCodes([NO_REMARK]),
  };
  if (byBsn.size > 0) {
    antwoord.Clienten = {
      Client: [...byBsn].map(([Bsn, prestaties]) => ({ Bsn, Prestaties: { Prestatie: prestaties }, RetourCodes: retourCodes([NO_REMARK]) })),
    };
  }
  return { Header: header, DeclaratieAntwoord: antwoord };
}

/**
 * jw325Answer for callers that hold the JW323 as the untyped tree (the settlement passes its
 * typed parts through toXmlObject); the answer as the tree serializeMessage takes.
 */
export function declarationAnswer(
  header323: XmlObject,
  declaratie: XmlObject | undefined,
  opts: RetourOptions & { rejected: readonly RejectedLine[]; awardedCents: number; technicalRejection?: boolean; headerCodes?: string[] },
): XmlObject {
  const read = asJw323({ Header: header323, ...(declaratie ? { Declaratie: declaratie } : {}) });
  const rejected = opts.rejected.map((l) => ({ ...l, prestatie: asJw323Prestatie(withoutRetourCodes(l.prestatie)) }));
  return toXmlObject(jw325Answer(read.Header!, read.Declaratie, { ...opts, rejected }));
}

function withoutRetourCodes(prestatie: XmlObject): XmlObject {
  const { RetourCodes: _ignored, ...rest } = prestatie;
  return rest;
}
