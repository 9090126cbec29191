/**
 * Schema validation errors (Ajv, as Fastify reports them) in Dutch, per field: the web app shows
 * each message beside its field; the problem's detail lists them. Never the raw English message
 * ("body/description must NOT have fewer than 1 characters").
 */
export interface FieldError {
  /** The input field, e.g. "description" or "scores.plan" (body), "q" (query string). */
  field: string;
  message: string;
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

const TYPES: Record<string, string> = {
  number: 'een getal',
  integer: 'een heel getal',
  string: 'tekst',
  boolean: 'ja of nee',
  array: 'een lijst',
  object: 'een samengestelde waarde',
  null: 'leeg',
};
const PLACES: Record<string, string> = { body: '', querystring: 'zoekopdracht', params: 'adres', headers: 'kop' };

function fieldOf(e: AjvError, context: string | undefined): string {
  const path = (e.instancePath ?? '').split('/').filter(Boolean).join('.');
  const missing =
    e.keyword === 'required' ? String(e.params?.missingProperty ?? '') : e.keyword === 'additionalProperties' ? String(e.params?.additionalProperty ?? '') : '';
  const full = [path, missing].filter(Boolean).join('.');
  return full || PLACES[context ?? 'body'] || 'invoer';
}

function messageOf(e: AjvError): string {
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'required':
      return 'is verplicht';
    case 'minLength':
      return Number(p.limit) <= 1 ? 'is verplicht; vul dit veld in' : `vul minstens ${String(p.limit)} tekens in`;
    case 'maxLength':
      return `mag ten hoogste ${String(p.limit)} tekens lang zijn`;
    case 'type':
      return `moet ${TYPES[String(p.type).split(',')[0] ?? ''] ?? 'een andere soort waarde'} zijn`;
    case 'minimum':
      return `moet ${String(p.limit)} of meer zijn`;
    case 'exclusiveMinimum':
      return `moet meer dan ${String(p.limit)} zijn`;
    case 'maximum':
      return `moet ${String(p.limit)} of minder zijn`;
    case 'exclusiveMaximum':
      return `moet minder dan ${String(p.limit)} zijn`;
    case 'minItems':
      return `kies er minstens ${String(p.limit)}`;
    case 'maxItems':
      return `ten hoogste ${String(p.limit)} toegestaan`;
    case 'enum':
      return `kies een van: ${((p.allowedValues as unknown[]) ?? []).map(String).join(', ')}`;
    case 'const':
      return `moet "${String(p.allowedValue)}" zijn`;
    case 'pattern':
      // A calendar date (the API's JJJJ-MM-DD): what a form's empty or half-typed date field sends.
      return String(p.pattern ?? '').includes('\\d{4}-\\d{2}-\\d{2}') ? 'vul een geldige datum in' : 'heeft niet de juiste vorm';
    case 'format':
      return String(p.format) === 'date' ? 'vul een geldige datum in' : 'heeft niet de juiste vorm';
    case 'additionalProperties':
      return 'is geen veld van dit formulier';
    default:
      return 'is ongeldig';
  }
}

/** Dutch field errors from Fastify's validation errors; duplicates (one per union branch) removed. */
export function dutchValidation(validation: unknown, context: string | undefined): FieldError[] {
  const list = Array.isArray(validation) ? (validation as AjvError[]) : [];
  const out: FieldError[] = [];
  for (const e of list) {
    const f = { field: fieldOf(e, context), message: messageOf(e) };
    if (!out.some((x) => x.field === f.field && x.message === f.message)) out.push(f);
  }
  return out.length > 0 ? out : [{ field: PLACES[context ?? 'body'] || 'invoer', message: 'is ongeldig' }];
}

export const describeFieldErrors = (errors: FieldError[]) => errors.map((e) => `${e.field}: ${e.message}`).join('; ');
