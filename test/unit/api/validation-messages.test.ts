/**
 * Schema errors in Dutch per field (issue #13: an empty change notice showed "body/description
 * must NOT have fewer than 1 characters").
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeFieldErrors, dutchValidation } from '../../../src/api/validation-messages.js';
import { dutchIssueMessage } from '../../../src/app/zod-messages.js';

describe('Dutch validation messages', () => {
  it('an empty description: the field and "is verplicht", no English', () => {
    const e = dutchValidation(
      [{ instancePath: '/description', keyword: 'minLength', params: { limit: 1 }, message: 'must NOT have fewer than 1 characters' }],
      'body',
    );
    expect(e).toEqual([{ field: 'description', message: 'is verplicht; vul dit veld in' }]);
    expect(describeFieldErrors(e)).toBe('description: is verplicht; vul dit veld in');
  });
  it('missing, wrong type, out of range, unknown field, nested paths', () => {
    expect(
      dutchValidation(
        [
          { instancePath: '', keyword: 'required', params: { missingProperty: 'version' } },
          { instancePath: '/scores/plan', keyword: 'type', params: { type: 'number' } },
          { instancePath: '/limit', keyword: 'maximum', params: { limit: 500 } },
          { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'bsn' } },
          { instancePath: '/street', keyword: 'maxLength', params: { limit: 24 } },
        ],
        'body',
      ),
    ).toEqual([
      { field: 'version', message: 'is verplicht' },
      { field: 'scores.plan', message: 'moet een getal zijn' },
      { field: 'limit', message: 'moet 500 of minder zijn' },
      { field: 'bsn', message: 'is geen veld van dit formulier' },
      { field: 'street', message: 'mag ten hoogste 24 tekens lang zijn' },
    ]);
  });
  it('an unknown keyword or no detail still gives a Dutch message', () => {
    expect(dutchValidation([{ keyword: 'oneOf' }], 'querystring')).toEqual([{ field: 'zoekopdracht', message: 'is ongeldig' }]);
    expect(dutchValidation(undefined, 'body')).toEqual([{ field: 'invoer', message: 'is ongeldig' }]);
  });
  it("a date field (the API's JJJJ-MM-DD) that is empty or half typed asks for a valid date; another pattern keeps the general message", () => {
    expect(dutchValidation([{ instancePath: '/scheduledOn', keyword: 'pattern', params: { pattern: '^\\d{4}-\\d{2}-\\d{2}$' } }], 'body')).toEqual([
      { field: 'scheduledOn', message: 'vul een geldige datum in' },
    ]);
    expect(dutchValidation([{ instancePath: '/agb', keyword: 'pattern', params: { pattern: '^\\d{8}$' } }], 'body')).toEqual([
      { field: 'agb', message: 'heeft niet de juiste vorm' },
    ]);
  });
});

describe('zod issues in Dutch (scenario files, bodies a use case checks)', () => {
  const messages = (schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    return r.success ? [] : r.error.issues.map(dutchIssueMessage);
  };
  it('ranges, types, lengths, choices, unknown fields and missing fields', () => {
    expect(messages(z.number().int().min(1).max(99), 150)).toEqual(['moet 99 of minder zijn']);
    expect(messages(z.number().gt(0), 0)).toEqual(['moet meer dan 0 zijn']);
    expect(messages(z.number().min(0), -1)).toEqual(['moet 0 of meer zijn']);
    expect(messages(z.string().min(1), '')).toEqual(['is verplicht; vul dit veld in']);
    expect(messages(z.string().max(3), 'abcd')).toEqual(['mag ten hoogste 3 tekens lang zijn']);
    expect(messages(z.number(), 'x')).toEqual(['moet een getal zijn']);
    expect(messages(z.object({ a: z.number() }), {})).toEqual(['is verplicht']);
    expect(messages(z.enum(['inwoners', 'historisch']), 'x')).toEqual(['kies een van: inwoners, historisch']);
    expect(messages(z.object({}).strict(), { b: 1 })).toEqual(['onbekend veld: b']);
    expect(
      messages(
        z.string().refine(() => false, 'eigen melding'),
        'x',
      ),
    ).toEqual(['eigen melding']);
  });
});
