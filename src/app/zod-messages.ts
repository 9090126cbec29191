/**
 * Zod's validation issues in Dutch (zod's own messages are English: "Too big: expected number to
 * be <=99"). Used where a user sees them: scenario files and request bodies checked by a use case.
 * A schema's own custom message (already Dutch) is kept.
 */
import type { z } from 'zod';

const TYPES: Record<string, string> = {
  number: 'een getal',
  int: 'een heel getal',
  string: 'tekst',
  boolean: 'ja of nee (true/false)',
  array: 'een lijst',
  object: 'een samengestelde waarde',
  date: 'een datum',
};

const bound = (v: unknown) => (typeof v === 'bigint' ? v.toString() : String(v));

export function dutchIssueMessage(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'invalid_type':
      // Zod leaves the input out of its issues; its own message says whether the value was missing.
      return /received undefined$/.test(i.message) ? 'is verplicht' : `moet ${TYPES[i.expected] ?? 'een andere soort waarde'} zijn`;
    case 'too_big':
      if (i.origin === 'string') return `mag ten hoogste ${bound(i.maximum)} tekens lang zijn`;
      if (i.origin === 'array' || i.origin === 'set') return `ten hoogste ${bound(i.maximum)} toegestaan`;
      return i.inclusive === false ? `moet minder dan ${bound(i.maximum)} zijn` : `moet ${bound(i.maximum)} of minder zijn`;
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'is verplicht; vul dit veld in' : `vul minstens ${bound(i.minimum)} tekens in`;
      if (i.origin === 'array' || i.origin === 'set') return `kies er minstens ${bound(i.minimum)}`;
      return i.inclusive === false ? `moet meer dan ${bound(i.minimum)} zijn` : `moet ${bound(i.minimum)} of meer zijn`;
    case 'invalid_value':
      return `kies een van: ${i.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `onbekend veld: ${i.keys.join(', ')}`;
    case 'invalid_format':
      return 'heeft niet de juiste vorm';
    case 'not_multiple_of':
      return `moet een veelvoud van ${bound(i.divisor)} zijn`;
    case 'invalid_union':
      return 'past bij geen van de toegestane vormen';
    case 'custom':
      return i.message;
    default:
      return 'is ongeldig';
  }
}
