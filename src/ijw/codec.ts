/**
 * Typed entry points of the iJw codec: parse XML into the generated message types and serialize
 * them back, in the exact element order and namespaces of the XSDs.
 */
import type {
  IjwMessageCode,
  IjwMessages,
  JW323_Bericht_Declaratie,
  JW323_Bericht_Declaratie_Clienten_Client_Prestaties_Prestatie,
  JW323_Bericht_Header,
  JW325_Bericht_Header_RetourCodes,
  JW301_Bericht_Header,
} from './generated/messages.js';
import { readMessage, type XmlObject } from './reader.js';
import { serializeMessage } from './serialize.js';
import type { Finding } from './findings.js';

export type { IjwMessageCode, IjwMessages } from './generated/messages.js';

export class WrongMessage extends Error {
  override name = 'WrongMessage';
}

/**
 * Parses a message (XSD layer only; use validate.ts for the rule layers). Throws UnusableInput
 * for unusable input and WrongMessage when `expected` is given and the message is another type.
 */
export function parseMessage<C extends IjwMessageCode>(xml: string | Uint8Array, expected?: C): { code: C; message: IjwMessages[C]; findings: Finding[] } {
  const r = readMessage(xml, { stream: new Set() });
  if (expected && r.schema.code !== expected) throw new WrongMessage(`expected ${expected}, got ${r.schema.code}`);
  return { code: r.schema.code as C, message: r.message as unknown as IjwMessages[C], findings: r.findings };
}

export function serialize<C extends IjwMessageCode>(code: C, message: IjwMessages[C]): string {
  return serializeMessage(code, message as unknown as XmlObject);
}

/** A JW323 Prestatie (a declaration line), as generated from the XSD. */
export type Jw323Prestatie = JW323_Bericht_Declaratie_Clienten_Client_Prestaties_Prestatie;
export type Jw323Header = JW323_Bericht_Header;
/**
 * The Declaratie of a JW323 as the validator keeps it: the lines (Clienten) are streamed and left
 * out, and an element the XSD layer found missing or wrong may be absent.
 */
export type Jw323Declaratie = Partial<Omit<JW323_Bericht_Declaratie, 'Clienten'>> & { Clienten?: JW323_Bericht_Declaratie['Clienten'] };
/** A JW323 as read: the Header is complete only when it has no XSD finding (callers check that). */
export interface Jw323Read {
  Header?: Jw323Header;
  Declaratie?: Jw323Declaratie;
}

/**
 * The parsed JW323 of a verdict in the generated types. The reader builds its objects from the
 * XSD (element names, repeatable elements as arrays, simple values as strings), so the generated
 * model describes them; this is the one place where the untyped tree is given that type.
 */
export function asJw323(parsed: XmlObject): Jw323Read {
  return parsed as unknown as Jw323Read;
}

/** A Prestatie element that passed the XSD layer (ElementEvent.valid), in the generated type. */
export function asJw323Prestatie(value: XmlObject): Jw323Prestatie {
  return value as unknown as Jw323Prestatie;
}

/** A typed message part back as the untyped tree that the retour builders and the serializer take. */
export function toXmlObject(value: object): XmlObject {
  return value as XmlObject;
}

/**
 * The header fields every heenbericht has (JW301 ... JW323 share them), as a retour message copies
 * them. Only for a Header without an XSD finding (the caller checks that), like asJw323.
 */
export type HeenHeader = Omit<JW301_Bericht_Header, 'BerichtCode'>;
export function asHeenHeader(value: XmlObject): HeenHeader {
  return value as unknown as HeenHeader;
}

/** A RetourCodes element of the generated model (the same WJ001 list in every retour message). */
export type RetourCodes = JW325_Bericht_Header_RetourCodes;
/**
 * Retourcodes of findings as the generated RetourCodes element. Every finding's retourcode comes
 * from the rule catalogue, which holds WJ001 codes only (test/unit/ijw-coverage.test.ts), and
 * 0001 / 0200 are WJ001 codes; this is the one place where the strings get the WJ001 type.
 */
export function retourCodes(codes: readonly string[]): RetourCodes {
  return { RetourCode: [...codes] as RetourCodes['RetourCode'] };
}
