/** All implemented rules (registry): conditions and constraints, and technical rules. */
import type { ElementRule, MessageRule } from './types.js';
import { CDCS_ELEMENT_RULES, CDCS_MESSAGE_RULES } from './cdcs.js';
import { TR_ELEMENT_RULES, TR_MESSAGE_RULES } from './tr.js';

export const ELEMENT_RULES: readonly ElementRule[] = [...CDCS_ELEMENT_RULES, ...TR_ELEMENT_RULES];
export const MESSAGE_RULES: readonly MessageRule[] = [...CDCS_MESSAGE_RULES, ...TR_MESSAGE_RULES];
