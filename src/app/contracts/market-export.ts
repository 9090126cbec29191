/**
 * The market view as a workbook (exceljs): a summary per segment (turnover, providers, top-5 share
 * next to the seed's figure, HHI, development partners) and one sheet per segment with data
 * (rank, provider, turnover, share, cumulative share, tier). Regional roles only, like the view.
 * Amounts are written as numbers in euros with two decimals (from integer cents).
 */
import ExcelJS from 'exceljs';
import type { Db } from '../../db/database.js';
import type { UserScope } from '../../domain/access/roles.js';
import { marketView } from './market.js';

const EURO = '#,##0.00 [$€-413]';
const PCT = '0.0%';

export async function marketWorkbook(
  db: Db,
  user: UserScope,
  regionId: string,
  opts: { year?: number; asOf: string },
): Promise<{ file: Buffer; name: string }> {
  const m = await marketView(db, user, regionId, opts);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Regiekamer Jeugd';
  wb.created = new Date(`${opts.asOf}T12:00:00Z`);
  const summary = wb.addWorksheet('Overzicht');
  summary.columns = [
    { header: 'Taakgebied', key: 'segment', width: 40 },
    { header: `Omzet ${m.year} (€)`, key: 'total', width: 18, style: { numFmt: EURO } },
    { header: 'Aanbieders met omzet', key: 'count', width: 12 },
    { header: 'Top-5-aandeel', key: 'top5', width: 14, style: { numFmt: PCT } },
    { header: 'Top-5-aandeel volgens het inkoopdocument', key: 'seed', width: 16, style: { numFmt: PCT } },
    { header: 'Bron van dat cijfer', key: 'source', width: 34 },
    { header: 'HHI', key: 'hhi', width: 8 },
    { header: 'Ontwikkelpartners', key: 'partners', width: 12 },
    { header: 'Opmerking', key: 'note', width: 60 },
  ];
  summary.getRow(1).font = { bold: true };
  for (const s of m.segments) {
    const c = s.concentration;
    summary.addRow({
      segment: s.segmentName,
      total: c.totalCents / 100,
      count: c.providerCount,
      top5: s.hasData ? c.top5Share : null,
      seed: s.reportedTop5?.share ?? null,
      source: s.reportedTop5 ? `bron ${s.reportedTop5.source.seed} §${s.reportedTop5.source.section}` : '',
      hhi: s.hasData ? c.hhi : null,
      partners: s.tiers.filter((t) => t.tier === 'ontwikkelpartner').length,
      note: s.note ?? '',
    });
    if (!s.hasData) continue;
    const tierOf = new Map(s.tiers.map((t) => [t.providerId, t.tier]));
    const sheet = wb.addWorksheet(s.segmentName.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31));
    sheet.columns = [
      { header: '#', key: 'rank', width: 5 },
      { header: 'Aanbieder', key: 'name', width: 40 },
      { header: `Omzet ${m.year} (€)`, key: 'eur', width: 18, style: { numFmt: EURO } },
      { header: 'Aandeel', key: 'share', width: 10, style: { numFmt: PCT } },
      { header: 'Cumulatief', key: 'cum', width: 11, style: { numFmt: PCT } },
      { header: 'Positie', key: 'tier', width: 18 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const p of c.providers)
      sheet.addRow({ rank: p.rank, name: p.name, eur: p.cents / 100, share: p.share, cum: p.cumulativeShare, tier: tierOf.get(p.providerId) ?? '' });
  }
  const note = wb.addWorksheet('Toelichting');
  note.getColumn(1).width = 120;
  for (const line of [
    `Marktbeeld ${regionId}, ${m.year}, stand ${m.asOf}.`,
    'Omzet = goedgekeurde declaratieregels (met creditregels verrekend) plus betaalde termijnen volgens schema (lumpsum, beschikbaarheid, resultaat).',
    'HHI = som van de kwadraten van de procentuele marktaandelen (10.000 = één aanbieder).',
    ...(m.assumption ? [m.assumption.text] : []),
  ])
    note.addRow([line]);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  return { file, name: `marktbeeld-${regionId}-${m.year}.xlsx` };
}
