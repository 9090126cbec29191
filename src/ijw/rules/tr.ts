/**
 * Technical rules (TR) checkable within one message, for all 14 iJw 3.2 messages (retour messages
 * carry the rules of their heenbericht; the declaration answer JW325 has its own). The rules live
 * in tr-client.ts (JW301 ... JW319), tr-keys.ts (TR101 logical keys), tr-declaratie.ts (JW323,
 * JW325) and tr-varianten.ts (the execution-variant table for allocations and requests).
 *
 * Implemented: TR002, TR006, TR018, TR061, TR101, TR134, TR135, TR137, TR302, TR314 (within the
 * message), TR315, TR316, TR319 (within the message), TR335, TR342, TR352, TR353, TR358, TR377,
 * TR380, TR383, TR386, TR409, TR410, TR416, and the table of toewijzingsvarianten (reported as the
 * CD/CS codes that refuse a combination). Rules that need other messages or a register are the OP
 * layer's (see the report in the rules' tests).
 */
import type { ElementRule, MessageRule } from './types.js';
import { TR_CLIENT_RULES } from './tr-client.js';
import { TR_KEY_RULES } from './tr-keys.js';
import { TR_DECLARATIE_MESSAGE_RULES, TR_DECLARATIE_RULES } from './tr-declaratie.js';
import { TR_VARIANT_RULES } from './tr-varianten.js';

export const TR_ELEMENT_RULES: readonly ElementRule[] = [...TR_CLIENT_RULES, ...TR_KEY_RULES, ...TR_DECLARATIE_RULES, ...TR_VARIANT_RULES];
export const TR_MESSAGE_RULES: readonly MessageRule[] = [...TR_DECLARATIE_MESSAGE_RULES];
