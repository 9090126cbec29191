/**
 * The demo's worker thread hands a message's lines to the main thread as columns (funding-worker.ts
 * packLines/unpackLines) instead of the message's Clienten: the lines the batch settles must be
 * exactly those linesOf reads from the whole message (every field; an optional one only when sent),
 * and the message without its Clienten keeps everything else the batch reads (header, number,
 * period, submitted total) and hashes and compresses the XML of the whole message.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { declarationMessage, type DemoLine } from '../../src/demo/funding-declarations.js';
import { packLines, prepareMessage, unpackLines } from '../../src/demo/funding-worker.js';
import { linesOf } from '../../src/app/funding/settle-batch.js';
import { serialize } from '../../src/ijw/codec.js';
import type { Line } from '../../src/domain/funding/settlement.js';
import type { PlanAllocation } from '../../src/demo/funding-plan.js';

const allocation = (nummer: number, bsn: string, code: string, eenheid: string) =>
  ({ nummer, bsn, categorie: '45', code, omvang: { volume: 10, eenheid, frequentie: '2' } }) as unknown as PlanAllocation;

describe('demo funding worker: lines as columns', () => {
  it('packs and unpacks lines field by field, with and without the optional fields', () => {
    const lines: Line[] = [
      {
        referentieNummer: 'R1',
        toewijzingNummer: 1001,
        bsn: '999990019',
        productCategorie: '45',
        productCode: '45A12',
        begindatum: '2024-01-01',
        einddatum: '2024-01-31',
        volume: 12,
        eenheid: '04',
        tariefCents: 8123,
        bedragCents: 97476,
        debetCredit: 'D',
      },
      {
        referentieNummer: 'R2',
        vorigReferentieNummer: 'R1',
        toewijzingNummer: 1001,
        bsn: '999990019',
        productCategorie: '45',
        productCode: '45A12',
        begindatum: '2024-01-01',
        einddatum: '2024-01-31',
        volume: 0,
        eenheid: '04',
        bedragCents: 0,
        debetCredit: 'C',
      },
    ];
    expect(unpackLines(packLines(lines))).toStrictEqual(lines);
    expect(unpackLines(packLines([]))).toStrictEqual([]);
  });

  it('a prepared message: the lines of the whole message, the rest without Clienten, hash and gzip of the whole XML', () => {
    const a = allocation(2001, '999990020', '45A12', '04');
    const b = allocation(2002, '999990032', '43A33', '14');
    const demo: DemoLine[] = [
      { ref: 'A-2024-01', a, begin: '2024-01-01', end: '2024-01-31', volume: 8, tarief: 6500, dc: 'D' },
      { ref: 'B-2024-01', a: b, begin: '2024-01-01', end: '2024-01-31', volume: 3, tarief: 12000, dc: 'D' },
      { ref: 'A-2023-12c', vorig: 'A-2023-12', a, begin: '2023-12-01', end: '2023-12-31', volume: 8, tarief: 6500, dc: 'C' },
    ];
    const message = declarationMessage({ agb: '12345678', municipalityCode: '0546', month: '2024-01', sendDate: '2024-02-01', lines: demo });
    const prepared = prepareMessage({ agb: '12345678', municipalityCode: '0546', nummer: 'D2024010546', message, lines: 3 });
    const whole = linesOf(message);
    expect(whole).toHaveLength(3);
    expect(unpackLines(prepared.columns)).toStrictEqual(whole);
    // By hand: the credit comes first (declarationMessage), with its VorigReferentieNummer; amounts are volume x tariff.
    expect(whole.map((l) => `${l.debetCredit}:${l.referentieNummer}:${l.vorigReferentieNummer ?? '-'}:${l.bedragCents}`)).toEqual([
      'C:A-2023-12c:A-2023-12:52000',
      'D:A-2024-01:-:52000',
      'D:B-2024-01:-:36000',
    ]);
    const { Clienten, ...rest } = message.Declaratie;
    expect(Clienten.Client).toHaveLength(2);
    expect(prepared.message).toStrictEqual({ ...message, Declaratie: rest });
    const xml = serialize('JW323', message);
    expect(prepared.sha256).toBe(createHash('sha256').update(Buffer.from(xml, 'utf8')).digest('hex'));
    expect(gunzipSync(prepared.gzip).toString('utf8')).toBe(xml);
  });
});
