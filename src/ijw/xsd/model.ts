/**
 * The schema model of iJw 3.2 messages, compiled from the official XSDs (reference/ijw-xsd).
 * The structure is never written by hand: every element, order, cardinality and facet comes
 * from the XSD files. Only the XSD subset the iJw schemas use is supported (sequence, element,
 * complexType, simpleType restriction with enumeration/pattern/length/inclusive facets); any
 * other construct makes the compiler fail loudly.
 */

export interface Facets {
  base: 'string' | 'integer' | 'date' | 'time';
  /** Anchored JS regexes translated from xs:pattern (all must match, as within one restriction step). */
  patterns: { source: string; regex: RegExp }[][];
  enumeration?: Set<string>;
  minLength?: number;
  maxLength?: number;
  minInclusive?: bigint;
  maxInclusive?: bigint;
}

export interface SimpleType {
  kind: 'simple';
  /** e.g. "LDT_Datum" or an anonymous type named after its element. */
  name: string;
  facets: Facets;
}

export interface ElementDecl {
  name: string;
  namespace: string;
  minOccurs: number;
  /** Infinity for unbounded. */
  maxOccurs: number;
  type: SimpleType | ComplexType;
}

export interface ComplexType {
  kind: 'complex';
  name: string;
  sequence: ElementDecl[];
}

export interface MessageSchema {
  /** "JW301" ... */
  code: string;
  namespace: string;
  /** The Bericht root element. */
  root: ElementDecl;
  /** BerichtCode fixed by the XSD (e.g. "436" for JW301). */
  berichtCode: string;
}

export const BASIS_NS = 'http://www.istandaarden.nl/ijw/3_2/basisschema/schema';
export const messageNamespace = (code: string) => `http://www.istandaarden.nl/ijw/3_2/${code.toLowerCase()}/schema`;
