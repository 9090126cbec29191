/**
 * Exports of a procedure's outcome (issue #6): a workbook (exceljs) and a PDF report (pdfkit) with
 * the applicants, their checks and scores, the EMVI ranking per perceel, the awards and the lot
 * constraint checks with their sources. Regional roles only: the export holds every applicant's
 * scores, which a provider may not see.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { Db } from '../../db/database.js';
import type { UserScope } from '../../domain/access/roles.js';
import { checkProcedureAward } from '../../domain/procurement/award.js';
import { STATUS_LABELS, type ApplicationStatus, type ProcedureStatus } from '../../domain/procurement/procedure.js';
import { Forbidden } from '../errors.js';
import { procedureVisibility } from '../../domain/access/visibility.js';
import { loadRegionProfile } from '../landscape.js';
import { readScope, segmentOf } from './common.js';
import { cite } from '../../domain/procurement/sources.js';
import { procedureDetail, type ProcedureDetail } from './procedures.js';

export interface ConstraintRow {
  ruleId: string;
  description: string;
  source: string;
  result: string;
}

const euro = (cents: number | null) => (cents === null ? '' : new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100));
const pct = (bp: number | null) => (bp === null ? '' : `${(bp / 100).toFixed(2).replace('.', ',')}%`);
const src = (s?: { seed: string; section: string } | null) => (s ? `bron ${s.seed} §${s.section}` : '');

interface Outcome {
  detail: ProcedureDetail;
  constraints: ConstraintRow[];
}

async function outcome(db: Db, user: UserScope, regionId: string, procedureId: number): Promise<Outcome> {
  const scope = readScope(user, regionId);
  if (!procedureVisibility(user).export || scope.providerId !== null)
    throw new Forbidden('de uitkomst van een procedure (met alle inschrijvingen en scores) is alleen voor inkoop (contractmanager, functioneel beheer)');
  const detail = await procedureDetail(db, user, regionId, procedureId);
  const profile = await loadRegionProfile(db, regionId);
  const seg = segmentOf(profile, detail.segmentId);
  const constraints: ConstraintRow[] = [];
  if (detail.awards.length > 0 && (detail.soort === 'sas-dialoog' || detail.soort === 'subsidie')) {
    const apps = detail.applications.map((a) => ({
      id: a.id,
      providerId: a.providerId,
      providerName: a.providerName,
      status: (a.status === 'gegund' ? 'ingeschreven' : a.status === 'toegekend' ? 'ingediend' : a.status) as ApplicationStatus,
      lotIds: a.lotIds,
      memberKinds: a.members.map((m) => m.kind),
    }));
    const violations = checkProcedureAward(
      profile,
      seg,
      detail.soort,
      detail.config,
      apps,
      detail.awards.map((a) => ({ applicationId: a.applicationId, lotId: a.lotId })),
    );
    for (const r of detail.lotRules) {
      const v = violations.filter((x) => x.ruleId === r.ruleId || (r.ruleId === 'aantalPartners' && x.ruleId.startsWith('aantal-partners')));
      constraints.push({
        ruleId: r.ruleId,
        description: r.description,
        source: src(r.source),
        result: v.length === 0 ? 'voldaan' : v.map((x) => x.message).join('; '),
      });
    }
    for (const v of violations.filter((x) => !detail.lotRules.some((r) => r.ruleId === x.ruleId) && !x.ruleId.startsWith('aantal-partners'))) {
      constraints.push({ ruleId: v.ruleId, description: v.message, source: src(v.source), result: 'niet voldaan' });
    }
    constraints.push({
      ruleId: 'gunning-alleen-dialoogdeelnemers',
      description: 'Alleen partijen uit de dialoogfase gegund',
      source: src(cite(detail.config.bronnen, 'sasGunningDeelnemers')),
      result: violations.some((x) => x.ruleId === 'gunning-alleen-dialoogdeelnemers') ? 'niet voldaan' : 'voldaan',
    });
  } else {
    for (const r of detail.lotRules)
      constraints.push({
        ruleId: r.ruleId,
        description: r.description,
        source: src(r.source),
        result: detail.awards.length > 0 ? 'voldaan' : 'nog niet gegund',
      });
  }
  for (const e of detail.config.geschiktheidseisen)
    constraints.push({ ruleId: e.regelId, description: `Geschiktheidseis: ${e.omschrijving}`, source: src(e.source), result: 'getoetst per aanmelding' });
  if (detail.config.plan)
    constraints.push({
      ruleId: detail.config.plan.regelId,
      description: `Plan minimaal ${detail.config.plan.minimumScore ?? '(niet vastgesteld)'} van ${detail.config.plan.schaalMax}`,
      source: src(detail.config.plan.source),
      result: 'getoetst per aanmelding',
    });
  return { detail, constraints };
}

const fileName = (d: ProcedureDetail, ext: string) => `procedure-${d.regionId}-${d.id}-${d.segmentId}.${ext}`;
const statusLabel = (s: string) => STATUS_LABELS[s as ProcedureStatus] ?? s;

export async function procedureXlsx(db: Db, user: UserScope, regionId: string, procedureId: number): Promise<{ file: Buffer; name: string }> {
  const { detail: d, constraints } = await outcome(db, user, regionId, procedureId);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Regiekamer Jeugd';
  wb.created = new Date(d.events.at(-1)?.at ?? Date.now());
  const meta = wb.addWorksheet('Procedure');
  meta.columns = [
    { header: 'Gegeven', key: 'k', width: 28 },
    { header: 'Waarde', key: 'v', width: 80 },
  ];
  meta.addRows([
    { k: 'Procedure', v: d.name },
    { k: 'Segment / taakgebied', v: d.segmentName },
    { k: 'Soort', v: d.soort },
    { k: 'Fase', v: d.statusLabel },
    { k: 'Gepubliceerd op', v: d.publishedOn ?? '' },
    { k: 'Gegund op', v: d.awardedOn ?? '' },
    { k: 'Contractsoort', v: d.config.contractType },
    {
      k: 'Looptijd',
      v: d.config.looptijd
        ? `${d.config.looptijd.startDate} t/m ${d.config.looptijd.endDate}${d.config.looptijd.extensionYears.length ? ` + verlengingen ${d.config.looptijd.extensionYears.join('+')} jaar` : ''}`
        : 'open',
    },
    { k: 'Contractvoorwaarden', v: d.config.voorwaarden.map((v) => v.omschrijving).join('; ') },
    { k: 'EMVI-criteria', v: d.config.emvi ? d.config.emvi.criteria.map((c) => `${c.naam} (${c.soort}, ${c.gewicht}%)`).join('; ') : '' },
  ]);
  const criteria = d.config.emvi?.criteria ?? [];
  const apps = wb.addWorksheet('Aanmeldingen');
  apps.columns = [
    { header: 'Nr', key: 'id', width: 6 },
    { header: 'Aanbieder (penvoerder)', key: 'provider', width: 34 },
    { header: 'Percelen', key: 'lots', width: 14 },
    { header: 'Status', key: 'status', width: 14 },
    { header: 'Ingediend', key: 'submitted', width: 12 },
    { header: 'Samenwerkingsverband', key: 'members', width: 50 },
    { header: 'Geschiktheidseisen voldaan', key: 'checks', width: 16 },
    { header: 'Planscore', key: 'plan', width: 10 },
    { header: 'Prijs', key: 'price', width: 16 },
    ...criteria.filter((c) => c.soort === 'kwaliteit').map((c) => ({ header: c.naam, key: `c_${c.id}`, width: 14 })),
    { header: 'EMVI-totaal', key: 'emvi', width: 12 },
    { header: 'Besluit / reden', key: 'reason', width: 40 },
  ];
  for (const a of d.applications) {
    apps.addRow({
      id: a.id,
      provider: a.providerName,
      lots: a.lotIds.join(', '),
      status: a.status,
      submitted: a.submittedOn,
      members: a.members.map((m) => `${m.name} (${m.kind}, ${m.role})`).join('; '),
      checks: `${a.checks.filter((c) => c.voldaan).length}/${a.checks.length}`,
      plan: a.planScore ?? '',
      price: euro(a.priceCents),
      ...Object.fromEntries(criteria.filter((c) => c.soort === 'kwaliteit').map((c) => [`c_${c.id}`, a.scores[c.id] ?? ''])),
      emvi: pct(a.emviTotal),
      reason: a.decisionReason ?? '',
    });
  }
  const rank = wb.addWorksheet('Ranking per perceel');
  rank.columns = [
    { header: 'Perceel', key: 'lot', width: 14 },
    { header: 'Rang', key: 'rank', width: 8 },
    { header: 'Aanbieder', key: 'provider', width: 34 },
    { header: 'EMVI-totaal', key: 'total', width: 12 },
    { header: 'Kwaliteit', key: 'quality', width: 12 },
  ];
  const names = new Map(d.applications.map((a) => [a.id, a.providerName]));
  for (const [lot, list] of Object.entries(d.ranking ?? {}))
    for (const r of list) rank.addRow({ lot, rank: r.rank, provider: names.get(r.applicationId), total: pct(r.total), quality: pct(r.quality) });
  const aw = wb.addWorksheet('Gunning');
  aw.columns = [
    { header: 'Perceel', key: 'lot', width: 14 },
    { header: 'Aanbieder', key: 'provider', width: 34 },
    { header: 'EMVI-totaal', key: 'emvi', width: 12 },
    { header: 'Gegund op', key: 'on', width: 12 },
    { header: 'Contract', key: 'contract', width: 10 },
  ];
  for (const a of d.awards) aw.addRow({ lot: a.lotId ?? '-', provider: a.providerName, emvi: pct(a.emviScore), on: a.awardedOn, contract: a.contractId ?? '' });
  const ch = wb.addWorksheet('Toetsing regels');
  ch.columns = [
    { header: 'Regel', key: 'ruleId', width: 34 },
    { header: 'Omschrijving', key: 'description', width: 60 },
    { header: 'Bron', key: 'source', width: 26 },
    { header: 'Uitkomst', key: 'result', width: 40 },
  ];
  ch.addRows(constraints);
  const tl = wb.addWorksheet('Tijdlijn');
  tl.columns = [
    { header: 'Moment', key: 'at', width: 22 },
    { header: 'Door', key: 'by', width: 26 },
    { header: 'Actie', key: 'action', width: 22 },
    { header: 'Van', key: 'from', width: 14 },
    { header: 'Naar', key: 'to', width: 14 },
    { header: 'Reden', key: 'reason', width: 50 },
  ];
  for (const e of d.events) tl.addRow({ at: e.at, by: e.byUser, action: e.action, from: e.fromStatus ?? '', to: e.toStatus ?? '', reason: e.reason ?? '' });
  for (const ws of wb.worksheets) ws.getRow(1).font = { bold: true };
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  return { file, name: fileName(d, 'xlsx') };
}

export async function procedurePdf(db: Db, user: UserScope, regionId: string, procedureId: number): Promise<{ file: Buffer; name: string }> {
  const { detail: d, constraints } = await outcome(db, user, regionId, procedureId);
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `Uitkomst procedure ${d.name}`, Author: 'Regiekamer Jeugd' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const h = (t: string) => doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(t).moveDown(0.2).font('Helvetica').fontSize(9);
  doc.font('Helvetica-Bold').fontSize(16).text(`Uitkomst procedure: ${d.name}`);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`${d.segmentName} · ${d.soort} · fase: ${d.statusLabel}${d.awardedOn ? ` · gegund op ${d.awardedOn}` : ''}`);
  if (d.config.looptijd)
    doc.text(
      `Looptijd ${d.config.looptijd.startDate} t/m ${d.config.looptijd.endDate}${d.config.looptijd.extensionYears.length ? ` (verlengingen ${d.config.looptijd.extensionYears.join('+')} jaar)` : ''}; contractsoort ${d.config.contractType}`,
    );
  if (d.config.emvi)
    doc.text(
      `EMVI: ${d.config.emvi.criteria.map((c) => `${c.naam} ${c.gewicht}%`).join(', ')} (kwaliteit op schaal 0-${d.config.emvi.schaalMax}; prijs ten opzichte van de laagste prijs)`,
    );
  h(`Aanmeldingen (${d.applications.length})`);
  for (const a of d.applications) {
    doc
      .font('Helvetica-Bold')
      .text(`${a.id}. ${a.providerName}`, { continued: true })
      .font('Helvetica')
      .text(`  — ${a.status}${a.lotIds.length ? ` · percelen ${a.lotIds.join(', ')}` : ''} · ingediend ${a.submittedOn}`);
    const parts = [
      a.members.length > 1 ? `samenwerkingsverband: ${a.members.map((m) => `${m.name} (${m.kind})`).join(', ')}` : null,
      a.checks.length ? `geschiktheidseisen voldaan ${a.checks.filter((c) => c.voldaan).length}/${a.checks.length}` : null,
      a.planScore !== null ? `planscore ${a.planScore}` : null,
      a.priceCents !== null ? `prijs ${euro(a.priceCents)}` : null,
      a.emviTotal !== null ? `EMVI ${pct(a.emviTotal)}` : null,
      a.decisionReason ? `reden: ${a.decisionReason}` : null,
    ].filter(Boolean);
    if (parts.length) doc.text(`   ${parts.join(' · ')}`);
  }
  if (d.ranking) {
    h('Ranking per perceel (EMVI)');
    const names = new Map(d.applications.map((a) => [a.id, a.providerName]));
    for (const [lot, list] of Object.entries(d.ranking)) {
      doc.font('Helvetica-Bold').text(`Perceel ${lot}`).font('Helvetica');
      if (list.length === 0) doc.text('   geen volledige inschrijvingen');
      for (const r of list) doc.text(`   ${r.rank}. ${names.get(r.applicationId)} — ${pct(r.total)} (kwaliteit ${pct(r.quality)})`);
    }
  }
  h('Gunning');
  if (d.awards.length === 0) doc.text('Nog niet gegund.');
  for (const a of d.awards)
    doc.text(
      `Perceel ${a.lotId ?? '-'}: ${a.providerName}${a.emviScore !== null ? ` (EMVI ${pct(a.emviScore)})` : ''} — gegund op ${a.awardedOn}${a.contractId ? `, contract ${a.contractId}` : ''}`,
    );
  h('Toetsing van de regels');
  for (const c of constraints) doc.text(`${c.ruleId} — ${c.description}${c.source ? ` (${c.source})` : ''}: ${c.result}`);
  h('Tijdlijn');
  for (const e of d.events)
    doc.text(
      `${e.at.slice(0, 16).replace('T', ' ')} · ${e.byUser} · ${e.action}${e.toStatus ? ` (${e.fromStatus ? `${statusLabel(e.fromStatus)} naar ` : 'naar '}${statusLabel(e.toStatus)})` : ''}${e.reason ? ` · ${e.reason}` : ''}`,
    );
  doc.end();
  await done;
  return { file: Buffer.concat(chunks), name: fileName(d, 'pdf') };
}
