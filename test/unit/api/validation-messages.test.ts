/**
 * Schema errors in Dutch per field (issue #13: an empty change notice showed "body/description
 * must NOT have fewer than 1 characters").
 */
import { describe, expect, it } from 'vitest';
import { describeFieldErrors, dutchValidation } from '../../../src/api/validation-messages.js';

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
});
