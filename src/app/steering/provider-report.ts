/**
 * Quarterly provider report (issue #12) for the contract dialogue: the provider's figures of the
 * region's catalogue per segment for one quarter, beside the anonymised figures of all providers,
 * as a PDF (pdfkit, like the procurement export). The figures are those of GET .../kpis.
 */
import PDFDocument from 'pdfkit';
import type { Db } from '../../db/database.js';
import type { UserScope } from '../../domain/access/roles.js';
import { dataScope } from '../../domain/access/roles.js';
import { Forbidden } from '../errors.js';
import { listKpis, type KpiItem } from './kpis.js';

const STATUS: Record<KpiItem['status'], string> = {
  'on-target': 'op doel',
  'off-target': 'niet op doel',
  'no-target': 'geen doel',
  'insufficient-n': 'te weinig waarnemingen',
};

function fmt(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '-';
  if (unit === 'aandeel') return `${(v * 100).toFixed(1).replace('.', ',')} %`;
  if (unit === 'dagen') return `${Math.round(v)} dagen`;
  if (unit === 'cijfer' || unit === 'procent') return v.toFixed(1).replace('.', ',') + (unit === 'procent' ? ' %' : '');
  return Math.round(v).toLocaleString('nl-NL');
}

export async function providerReportPdf(
  db: Db,
  user: UserScope,
  regionId: string,
  providerId: number,
  year: number,
  quarter: number,
  today: string,
): Promise<{ file: Buffer; name: string }> {
  const scope = dataScope(user, regionId);
  if (scope.kind === 'municipality') throw new Forbidden('het kwartaalrapport is voor de aanbieder en de regio');
  const period = `${year}-Q${quarter}`;
  const r = await listKpis(db, user, regionId, { level: 'segment', year, provider: providerId, period }, today);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: { Title: `Kwartaalrapport ${r.scope} ${year} kwartaal ${quarter}`, Author: 'Regiekamer Jeugd' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font('Helvetica-Bold').fontSize(16).text(`Kwartaalrapport ${r.scope}`);
  doc.font('Helvetica').fontSize(10).text(`Regio ${regionId} · ${r.period.label} · gegevens tot en met ${r.dataDate} · voor de sturingsdialoog`);
  doc
    .moveDown()
    .text(
      'Per indicator en segment: de eigen waarde (met 95%-interval en aantal waarnemingen n) naast alle aanbieders in het segment samen (geanonimiseerd), en de stand ten opzichte van het doel. Een doel met "(aanname)" is een werkhypothese, geen vastgestelde norm.',
    );
  const signals = r.items.filter((i) => i.signal);
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Signalen van risico-indicatoren').font('Helvetica').fontSize(10);
  if (signals.length === 0) doc.text('Geen.');
  for (const i of signals) doc.text(`${i.label} (${i.keyLabel}): ${fmt(i.value, i.unit)}, drempel ${fmt(i.threshold?.value, i.unit)} (n = ${i.n})`);
  const segments = [...new Set(r.items.map((i) => i.keyLabel))];
  for (const seg of segments) {
    doc.moveDown().font('Helvetica-Bold').fontSize(12).text(seg).font('Helvetica').fontSize(10);
    for (const i of r.items.filter((x) => x.keyLabel === seg)) {
      const own =
        i.status === 'insufficient-n'
          ? `te weinig waarnemingen (n = ${i.n})`
          : `${fmt(i.value, i.unit)}${i.interval ? ` (${fmt(i.interval[0], i.unit)} – ${fmt(i.interval[1], i.unit)})` : ''}, n = ${i.n}`;
      const peers = i.peers ? `; alle aanbieders ${fmt(i.peers.value, i.unit)} (n = ${i.peers.n})` : '';
      const norm = i.threshold
        ? `drempel ${fmt(i.threshold.value, i.unit)}${i.threshold.aanname ? ' (aanname)' : ''}`
        : i.target
          ? `doel ${fmt(i.target.value, i.unit)}${i.target.aanname ? ' (aanname)' : ''}`
          : 'geen doel';
      doc.font('Helvetica-Bold').text(i.label, { continued: true }).font('Helvetica').text(`: ${own}${peers}; ${norm}; ${STATUS[i.status]}`);
    }
  }
  if (r.items.length === 0) doc.moveDown().text('Geen gegevens voor deze aanbieder in dit kwartaal.');
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Definities en bronnen').font('Helvetica').fontSize(9);
  const seen = new Set<string>();
  for (const i of r.items) {
    if (seen.has(i.id)) continue;
    seen.add(i.id);
    doc.text(`${i.label}: ${i.definition} (bron: ${i.bron.seed} ${i.bron.sectie})`);
  }
  doc.end();
  await done;
  return { file: Buffer.concat(chunks), name: `kwartaalrapport-${regionId}-${providerId}-${year}-Q${quarter}.pdf` };
}
