/**
 * Technical rules (TR) checkable within one message, for all 14 iJw 3.2 messages (retour messages
 * carry the rules of their heenbericht; the declaration answer JW325 has its own). The rules live
 * in tr-client.ts (JW301 ... JW319), tr-keys.ts (TR101 logical keys) and tr-declaratie.ts (JW323,
 * JW325); each is one named function quoting its rule, registered per (message, path).
 *
 * Implemented: TR002, TR006, TR018, TR061, TR101, TR134, TR135, TR137, TR302, TR314 (the part
 * within one message), TR315, TR316, TR319 (the part within one message), TR335, TR342, TR352,
 * TR353, TR358, TR377, TR380, TR383, TR386, TR409, TR410, TR416. Rules that need earlier messages
 * or a register (controleniveau "berichtoverstijgend") are the stateful layer's (src/ijw/stateful.ts);
 * TR346, TR378 and TR381 need tariffs, the CBS list of the allocation date and the region's
 * product code list.
 *
 * The execution-variant table (tr-varianten.ts) is data plus one evaluator. Its refusals are the
 * conditions CD041/CD076/CD077/CD079/CD080/CD095/CD096 and constraints CS338/CS343, which
 * cdcs-product.ts already reports per element with the same code and path; TR_VARIANT_RULES is
 * therefore not registered here (registering it would report every refusal twice). The table is
 * the oracle the tests hold those rules against.
 */
import type { ElementRule, MessageRule } from './types.js';
import { TR_CLIENT_RULES } from './tr-client.js';
import { TR_KEY_RULES } from './tr-keys.js';
import { TR_DECLARATIE_MESSAGE_RULES, TR_DECLARATIE_RULES } from './tr-declaratie.js';

export const TR_ELEMENT_RULES: readonly ElementRule[] = [...TR_CLIENT_RULES, ...TR_KEY_RULES, ...TR_DECLARATIE_RULES];
export const TR_MESSAGE_RULES: readonly MessageRule[] = [...TR_DECLARATIE_MESSAGE_RULES];
