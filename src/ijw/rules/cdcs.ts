/** Conditions (CD) and constraints (CS) per data element. */
import type { ElementRule, MessageRule } from './types.js';

export const CDCS_ELEMENT_RULES: readonly ElementRule[] = [];
export const CDCS_MESSAGE_RULES: readonly MessageRule[] = [];
