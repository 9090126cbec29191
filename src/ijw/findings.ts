/** A validation finding in the layers of the iJw standard. */
export interface Finding {
  /** xsd: structure and datatypes; TR/CD/CS: rules within the message; OP: business rules with state. */
  layer: 'xsd' | 'TR' | 'CD' | 'CS' | 'OP';
  /** Rule code (e.g. "TR018", "CS002") or "XSD". */
  code: string;
  /** WJ001 retourcode, where the standard defines one. */
  retourcode?: string;
  /** Element path, e.g. "/Bericht/Client/Bsn" (1-based indices on repeatable elements). */
  path: string;
  /** Dutch: the official rule text for a rule finding, a Dutch description for an XSD finding. */
  text: string;
  /** The specific technical detail of a rule finding (which value or date); for developers and logs. */
  detail?: string;
}

/** The retour code for a message that is rejected as a whole (WJ001 0001: afgekeurd om technische redenen). */
export const TECHNICAL_REJECTION = '0001';
