/**
 * The bundled examples (`regiekamer ijw example`) are valid in every layer, and each answers with
 * a retour message that is itself valid (reference/ijw-voorbeelden/README.md lists the corrections
 * made to the official examples).
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerMessage, exampleCodes, exampleMessage } from '../../src/ijw/service.js';
import { validateMessage } from '../../src/ijw/validate.js';

const TODAY = '2026-11-22';

describe('bundled examples', () => {
  it('cover all 14 message types', () => {
    expect(exampleCodes()).toHaveLength(14);
  });
  for (const code of exampleCodes()) {
    it(`${code} is valid in every layer`, () => {
      const v = validateMessage(exampleMessage(code), { today: TODAY });
      expect(v.findings).toEqual([]);
      expect(v.valid).toBe(true);
    });
  }
  for (const code of ['JW301', 'JW305', 'JW307', 'JW315', 'JW317', 'JW319', 'JW323']) {
    it(`${code} answers with a valid retour message`, async () => {
      const a = await answerMessage(Readable.from([Buffer.from(exampleMessage(code))]), { today: TODAY, identificatie: 'R1', dagtekening: TODAY });
      expect(a.xml).not.toBeNull();
      const retour = validateMessage(a.xml!, { today: TODAY });
      expect(retour.findings.filter((f) => f.layer === 'xsd')).toEqual([]);
      expect(retour.message).toBe(a.retourCode);
    });
  }
  it('an invalid Bsn is answered in the retour with the rule’s retourcode at the Client class', async () => {
    const xml = exampleMessage('JW301').replace('<jw301:Bsn>999900006</jw301:Bsn>', '<jw301:Bsn>999900007</jw301:Bsn>');
    const a = await answerMessage(Readable.from([Buffer.from(xml)]), { today: TODAY, identificatie: 'R2', dagtekening: TODAY });
    expect(a.verdict.findings.map((f) => f.code)).toContain('CS002');
    expect(a.xml).toMatch(/<jw302:Bsn>999900007<\/jw302:Bsn>/);
    const clientCodes =
      /<jw302:Client>[\s\S]*<jw302:RetourCodes>\s*<jw302:RetourCode>(\d+)<\/jw302:RetourCode>\s*<\/jw302:RetourCodes>\s*<\/jw302:Client>/.exec(a.xml!);
    expect(clientCodes?.[1]).toBe('0001');
  });
  it('an XSD-invalid message is rejected as a whole with 0001 in the header', async () => {
    const a = await answerMessage(Readable.from([readFileSync('test/fixtures/ijw/examples/JW315.xml')]), {
      today: TODAY,
      identificatie: 'R3',
      dagtekening: TODAY,
    });
    expect(a.xml).toMatch(/<jw316:RetourCode>0001<\/jw316:RetourCode>/);
    expect(a.xml).not.toMatch(/<jw316:Client>/);
  });
});
