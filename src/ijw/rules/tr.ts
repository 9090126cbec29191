/** Technical rules (TR) checkable within one message. */
import type { ElementRule, MessageRule } from './types.js';

export const TR_ELEMENT_RULES: readonly ElementRule[] = [];
export const TR_MESSAGE_RULES: readonly MessageRule[] = [];
