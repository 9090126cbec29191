/**
 * CD/CS rules on the header, client, relations, contacts, start/stop products and the answer
 * (reference/ijw-regels/condities-constraints.md). Each test: a passing and a failing message,
 * built from the examples; the finding's code, retourcode (table: 0001) and path are asserted.
 */
import { describe, expect, it } from 'vitest';
import { cs015BerichtSubversie, cs025BerichtVersie } from '../../src/ijw/rules/cdcs-client.js';
import { ruleInfo } from '../../src/ijw/rules/catalogue.js';
import { edit, expectFails, expectPasses, recordingContext, valid, validate } from '../fixtures/ijw/cdcs/harness.js';

/** Sets the client's Geboortedatum (the first ijw:Datum of these messages). */
function geboortedatum(xml: string, datum: string, gebruik?: string): string {
  return xml.replace(/<ijw:Datum>[^<]*<\/ijw:Datum>/, `<ijw:Datum>${datum}</ijw:Datum>${gebruik ? `<ijw:DatumGebruik>${gebruik}</ijw:DatumGebruik>` : ''}`);
}
const ns = (code: string) => code.toLowerCase();

describe('header', () => {
  it.each([
    ['CS025', 'BerichtVersie', '3', '4', cs025BerichtVersie],
    ['CS015', 'BerichtSubversie', '2', '1', cs015BerichtSubversie],
  ] as const)('%s: %s must be the fixed value (an XSD pattern; the rule is a safety net)', (code, element, ok, wrong, rule) => {
    for (const m of ['JW301', 'JW302', 'JW319', 'JW323', 'JW325']) {
      const xml = valid(m);
      expectPasses(xml, code);
      const bad = validate(edit(xml, `<${ns(m)}:${element}>${ok}<`, `<${ns(m)}:${element}>${wrong}<`));
      expect(bad.findings.filter((f) => f.layer === 'xsd')).toMatchObject([{ layer: 'xsd', path: `/Bericht/Header/${element}` }]);
    }
    const ctx = recordingContext();
    rule(ok, `/Bericht/Header/${element}`, ctx);
    rule(wrong, `/Bericht/Header/${element}`, ctx);
    expect(ctx.reports).toMatchObject([{ code, path: `/Bericht/Header/${element}` }]);
    expect(ruleInfo(code).retourcode).toBeUndefined();
  });
});

describe('client', () => {
  it.each(['JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316', 'JW317', 'JW318'])(
    'CS002: the Bsn of the client in %s must pass the 11-check',
    (m) => {
      const xml = valid(m);
      expectPasses(xml, 'CS002');
      expectFails(edit(xml, '>999900006<', '>999900007<'), 'CS002', '/Bericht/Client/Bsn');
      expectFails(edit(xml, '>999900006<', '>123456789<'), 'CS002', '/Bericht/Client/Bsn');
    },
  );

  it.each(['JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316'])('CS139: DatumGebruik and Datum of Geboortedatum agree in %s', (m) => {
    const xml = valid(m);
    const path = '/Bericht/Client/Geboortedatum/DatumGebruik';
    for (const [datum, gebruik] of [
      ['2010-02-14', undefined],
      ['2010-02-01', '1'],
      ['2010-01-01', '2'],
      ['1900-01-01', '3'],
    ] as const)
      expectPasses(geboortedatum(xml, datum, gebruik), 'CS139');
    expectFails(geboortedatum(xml, '2010-02-14', '1'), 'CS139', path);
    expectFails(geboortedatum(xml, '2010-02-01', '2'), 'CS139', path);
    expectFails(geboortedatum(xml, '2010-01-01', '3'), 'CS139', path);
  });

  it('CS139: also on the Geboortedatum of a Relatie (JW301)', () => {
    const xml = valid('JW301');
    expectPasses(edit(xml, '<ijw:Datum>1971-04-07</ijw:Datum>', '<ijw:Datum>1971-04-01</ijw:Datum><ijw:DatumGebruik>1</ijw:DatumGebruik>'), 'CS139');
    expectFails(
      edit(xml, '<ijw:Datum>1971-04-07</ijw:Datum>', '<ijw:Datum>1971-04-07</ijw:Datum><ijw:DatumGebruik>3</ijw:DatumGebruik>'),
      'CS139',
      '/Bericht/Client/Relaties/Relatie[1]/Geboortedatum/DatumGebruik',
    );
  });

  it.each(['JW301', 'JW302'])('CS050: NaamGebruik 1-4 with a Partnernaam, else 1 or 6 (%s)', (m) => {
    const xml = valid(m);
    const gebruik = (nth: number, v: string) => edit(xml, '<ijw:NaamGebruik>1</ijw:NaamGebruik>', `<ijw:NaamGebruik>${v}</ijw:NaamGebruik>`, nth);
    expectPasses(xml, 'CS050');
    expectPasses(gebruik(2, '3'), 'CS050'); // Relatie[1] has a Partnernaam
    expectPasses(gebruik(3, '6'), 'CS050'); // Relatie[2] has none
    expectFails(gebruik(1, '2'), 'CS050', '/Bericht/Client/Naam/NaamGebruik');
    expectFails(gebruik(2, '6'), 'CS050', '/Bericht/Client/Relaties/Relatie[1]/Naam/NaamGebruik');
    expectFails(gebruik(3, '5'), 'CS050', '/Bericht/Client/Relaties/Relatie[2]/Naam/NaamGebruik');
  });

  it.each(['JW301', 'JW302'])('CS318: NaamGebruik 6 (niet-natuurlijk persoon) not for the client (%s)', (m) => {
    const xml = valid(m);
    expectPasses(edit(xml, '<ijw:NaamGebruik>1</ijw:NaamGebruik>', '<ijw:NaamGebruik>6</ijw:NaamGebruik>', 3), 'CS318'); // a Relatie may be one
    expectFails(edit(xml, '<ijw:NaamGebruik>1</ijw:NaamGebruik>', '<ijw:NaamGebruik>6</ijw:NaamGebruik>'), 'CS318', '/Bericht/Client/Naam/NaamGebruik');
  });

  it.each(['JW301', 'JW302'])('CD007: Taal only and always when Communicatie/Vorm is 1 (%s)', (m) => {
    const xml = valid(m);
    const path = '/Bericht/Client/Communicatie/Taal';
    expectPasses(xml, 'CD007');
    expectPasses(edit(xml, '<ijw:Vorm>1</ijw:Vorm>\n\t\t\t<ijw:Taal>Zweeds</ijw:Taal>', '<ijw:Vorm>2</ijw:Vorm>'), 'CD007');
    expectFails(edit(xml, '<ijw:Vorm>1</ijw:Vorm>\n\t\t\t<ijw:Taal>Zweeds</ijw:Taal>', '<ijw:Vorm>1</ijw:Vorm>'), 'CD007', path);
    expectFails(edit(xml, '<ijw:Vorm>1</ijw:Vorm>', '<ijw:Vorm>3</ijw:Vorm>'), 'CD007', path);
  });
});

describe('contact (client and relation)', () => {
  const xml = valid('JW301');
  const contact2 = '/Bericht/Client/Contactgegevens/Contact[2]';

  it('CD009: Periode only when Soort adres is 04 (tijdelijk adres)', () => {
    expectPasses(xml, 'CD009');
    expectFails(edit(xml, '<jw301:Soort>04</jw301:Soort>', '<jw301:Soort>02</jw301:Soort>'), 'CD009', `${contact2}/Periode`);
    const periode = '<jw301:Periode><ijw:Begindatum>2020-01-01</ijw:Begindatum></jw301:Periode>';
    expectFails(
      edit(xml, '<jw301:Emailadres>abc@def.com</jw301:Emailadres>', `<jw301:Emailadres>abc@def.com</jw301:Emailadres>${periode}`),
      'CD009',
      '/Bericht/Client/Relaties/Relatie[1]/Contact/Periode',
    );
  });

  it('CD034: Postcode required when Soort adres is 01 (BRP-adres) or 03 (verblijfadres)', () => {
    expectPasses(xml, 'CD034');
    expectPasses(edit(xml, '<ijw:Postcode>9999XX</ijw:Postcode>', '', 4), 'CD034'); // Contact[2] is Soort 04
    expectFails(edit(xml, '<ijw:Postcode>9999XX</ijw:Postcode>', '', 3), 'CD034', '/Bericht/Client/Contactgegevens/Contact[1]/Adres/Postcode');
    const noPostcode = edit(edit(xml, '<jw301:Soort>03</jw301:Soort>', '<jw301:Soort>01</jw301:Soort>', 3), '<ijw:Postcode>9999XX</ijw:Postcode>', '', 3);
    expectFails(noPostcode, 'CD034', '/Bericht/Client/Contactgegevens/Contact[1]/Adres/Postcode');
    const noAdres = xml.replace(/<jw301:Adres>\s*<ijw:Huis>\s*<ijw:Huisnummer>23<\/ijw:Huisnummer>[\s\S]*?<\/jw301:Adres>\s*/, '');
    expectFails(noAdres, 'CD034', '/Bericht/Client/Relaties/Relatie[2]/Contact/Adres/Postcode');
  });

  it('CD025: Huis required when LandCode is NL', () => {
    const noHuis = xml.replace(/<ijw:Huis>\s*<ijw:Huisnummer>12<\/ijw:Huisnummer>[\s\S]*?<\/ijw:Huis>\s*/, '');
    expectPasses(xml, 'CD025');
    expectPasses(edit(noHuis, '<ijw:LandCode>NL</ijw:LandCode>', '<ijw:LandCode>BE</ijw:LandCode>', 4), 'CD025');
    expectFails(noHuis, 'CD025', `${contact2}/Adres/Huis`);
  });

  it('CD005: LandCode when and only when Postcode is filled', () => {
    expectPasses(xml, 'CD005');
    expectPasses(edit(edit(xml, '<ijw:Postcode>9999XX</ijw:Postcode>', '', 4), '<ijw:LandCode>NL</ijw:LandCode>', '', 4), 'CD005');
    expectFails(edit(xml, '<ijw:LandCode>NL</ijw:LandCode>', '', 4), 'CD005', `${contact2}/Adres/LandCode`);
    expectFails(edit(xml, '<ijw:Postcode>9999XX</ijw:Postcode>', '', 1), 'CD005', '/Bericht/Client/Relaties/Relatie[1]/Contact/Adres/LandCode');
  });

  it('CS089: a Dutch postcode ([1-9][0-9]{3}[a-zA-Z]{2}) when LandCode is NL', () => {
    const postcode = (v: string) => edit(xml, '<ijw:Postcode>9999XX</ijw:Postcode>', `<ijw:Postcode>${v}</ijw:Postcode>`, 4);
    expectPasses(xml, 'CS089');
    expectPasses(postcode('1234ab'), 'CS089');
    expectPasses(edit(postcode('B-1000'), '<ijw:LandCode>NL</ijw:LandCode>', '<ijw:LandCode>BE</ijw:LandCode>', 4), 'CS089');
    for (const bad of ['0999XX', '999XX', '9999 XX', 'B-1000']) expectFails(postcode(bad), 'CS089', `${contact2}/Adres/Postcode`);
  });

  it('CS003: Einddatum of a contact Periode not before its Begindatum', () => {
    const eind = (d: string) =>
      edit(xml, '<ijw:Begindatum>2018-02-03</ijw:Begindatum>', `<ijw:Begindatum>2018-02-03</ijw:Begindatum><ijw:Einddatum>${d}</ijw:Einddatum>`);
    expectPasses(eind('2018-02-03'), 'CS003');
    expectFails(eind('2018-02-02'), 'CS003', `${contact2}/Periode/Einddatum`);
  });

  it('JW302: the contact rules apply to the retour message too', () => {
    const retour = valid('JW302');
    expectPasses(retour, 'CD009');
    expectFails(edit(retour, '<jw302:Soort>04</jw302:Soort>', '<jw302:Soort>02</jw302:Soort>'), 'CD009', `${contact2}/Periode`);
    expectFails(edit(retour, '<ijw:Postcode>9999XX</ijw:Postcode>', '<ijw:Postcode>99XX</ijw:Postcode>', 4), 'CS089', `${contact2}/Adres/Postcode`);
  });
});

describe('start and stop products', () => {
  it.each([
    ['JW305', 'StartProducten/StartProduct'],
    ['JW306', 'StartProducten/StartProduct'],
    ['JW307', 'StopProducten/StopProduct'],
    ['JW308', 'StopProducten/StopProduct'],
  ])('CS058: StatusAanlevering 1 or 3 in %s', (m, path) => {
    const xml = valid(m);
    const status = (v: string) => edit(xml, `<${ns(m)}:StatusAanlevering>1<`, `<${ns(m)}:StatusAanlevering>${v}<`);
    expectPasses(xml, 'CS058');
    expectPasses(status('3'), 'CS058');
    expectFails(status('2'), 'CS058', `/Bericht/Client/${path}[1]/StatusAanlevering`);
    expectFails(status('9'), 'CS058', `/Bericht/Client/${path}[1]/StatusAanlevering`);
  });
});

describe('answer (JW319, JW320)', () => {
  const path = '/Bericht/Antwoord/RedenAfwijzingVerzoek';
  it('CD085: RedenAfwijzingVerzoek required when VerzoekAntwoord is 1 (verzoek afgewezen)', () => {
    const xml = valid('JW319');
    expectPasses(xml, 'CD085');
    expectFails(edit(xml, '<jw319:RedenAfwijzingVerzoek>8</jw319:RedenAfwijzingVerzoek>', ''), 'CD085', path);
    expectFails(edit(valid('JW320'), '<jw320:VerzoekAntwoord>2<', '<jw320:VerzoekAntwoord>1<'), 'CD085', path);
  });
  it('CD086: RedenAfwijzingVerzoek empty when VerzoekAntwoord is 2 (aanvraag in onderzoek)', () => {
    expectPasses(valid('JW320'), 'CD086');
    expectFails(edit(valid('JW319'), '<jw319:VerzoekAntwoord>1<', '<jw319:VerzoekAntwoord>2<'), 'CD086', path);
    const reden = '<jw320:VerzoekAntwoord>2</jw320:VerzoekAntwoord><jw320:RedenAfwijzingVerzoek>3</jw320:RedenAfwijzingVerzoek>';
    expectFails(edit(valid('JW320'), '<jw320:VerzoekAntwoord>2</jw320:VerzoekAntwoord>', reden), 'CD086', path);
  });
});
