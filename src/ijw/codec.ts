/**
 * Typed entry points of the iJw codec: parse XML into the generated message types and serialize
 * them back, in the exact element order and namespaces of the XSDs.
 */
import type { IjwMessageCode, IjwMessages } from './generated/messages.js';
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
