/**
 * The scenario comparison as a workbook (exceljs): totals side by side (base and each scenario,
 * with P10/P50/P90), per year, segment, municipality (with the budget exceedances) and provider
 * (revenue change), the waterfall of each scenario and the ceiling exceedances. Amounts in euros
 * with two decimals, from integer cents.
 */
import ExcelJS from 'exceljs';
import type { SimulationReport } from './run.js';

const EURO = '#,##0.00 [$€-413]';
const PCT = '0.0%';

export async function comparisonWorkbook(r: SimulationReport, asOf: string): Promise<{ file: Buffer; name: string }> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Regiekamer Jeugd';
  wb.created = new Date(`${asOf}T12:00:00Z`);
  const eur = (c: number | undefined) => (c === undefined ? null : c / 100);

  const sum = wb.addWorksheet('Vergelijking');
  sum.columns = [
    { header: 'Scenario', key: 'name', width: 44 },
    { header: 'Totaal (€)', key: 'total', width: 18, style: { numFmt: EURO } },
    { header: 'Verschil met basis (€)', key: 'diff', width: 20, style: { numFmt: EURO } },
    { header: 'P10 (€)', key: 'p10', width: 18, style: { numFmt: EURO } },
    { header: 'P50 (€)', key: 'p50', width: 18, style: { numFmt: EURO } },
    { header: 'P90 (€)', key: 'p90', width: 18, style: { numFmt: EURO } },
    { header: 'Aanbieders erop vooruit', key: 'win', width: 12 },
    { header: 'Aanbieders erop achteruit', key: 'lose', width: 12 },
    { header: 'Onder levensvatbaarheidsgrens', key: 'below', width: 14 },
    { header: 'Plafond- en budgetoverschrijdingen', key: 'exc', width: 14 },
  ];
  sum.getRow(1).font = { bold: true };
  sum.addRow({ name: `Werkelijke uitgaven ${r.period.from} t/m ${r.period.to}`, total: eur(r.base.totalCents), diff: 0 });
  for (const s of r.scenarios)
    sum.addRow({
      name: s.name,
      total: eur(s.totalCents),
      diff: eur(s.totalCents - r.base.totalCents),
      p10: eur(s.percentiles?.p10),
      p50: eur(s.percentiles?.p50),
      p90: eur(s.percentiles?.p90),
      win: s.details.winners,
      lose: s.details.losers,
      below: s.providersBelowThreshold,
      exc: s.ceilingExceedances.length,
    });

  const by = (title: string, pick: (t: SimulationReport['base']) => Record<string, number>, label: (k: string) => string) => {
    const sheet = wb.addWorksheet(title);
    sheet.columns = [
      { header: title.replace(/^Per /, '').replace(/^./, (c) => c.toUpperCase()), key: 'k', width: 44 },
      { header: 'Basis (€)', key: 'base', width: 18, style: { numFmt: EURO } },
      ...r.scenarios.map((s, i) => ({ header: `${s.name} (€)`, key: `s${i}`, width: 22, style: { numFmt: EURO } })),
    ];
    sheet.getRow(1).font = { bold: true };
    const keys = [...new Set([...Object.keys(pick(r.base)), ...r.scenarios.flatMap((s) => Object.keys(pick(s)))])].sort();
    for (const k of keys)
      sheet.addRow({ k: label(k), base: eur(pick(r.base)[k] ?? 0), ...Object.fromEntries(r.scenarios.map((s, i) => [`s${i}`, eur(pick(s)[k] ?? 0)])) });
  };
  by(
    'Per jaar',
    (t) => t.byYear,
    (k) => k,
  );
  by(
    'Per segment',
    (t) => t.bySegment,
    (k) => r.labels.segments[k] ?? k,
  );
  by(
    'Per gemeente',
    (t) => t.byMunicipality,
    (k) => r.labels.municipalities[k] ?? k,
  );
  by(
    'Per aanbieder',
    (t) => t.byProvider,
    (k) => r.labels.providers[k] ?? k,
  );

  const wf = wb.addWorksheet('Opbouw verschil');
  wf.columns = [
    { header: 'Scenario', key: 's', width: 40 },
    { header: 'Stap', key: 'label', width: 70 },
    { header: 'Bedrag (€)', key: 'eur', width: 20, style: { numFmt: EURO } },
  ];
  wf.getRow(1).font = { bold: true };
  for (const s of r.scenarios) for (const step of s.details.waterfall) wf.addRow({ s: s.name, label: step.label, eur: eur(step.cents) });

  const ex = wb.addWorksheet('Overschrijdingen');
  ex.columns = [
    { header: 'Scenario', key: 's', width: 40 },
    { header: 'Soort', key: 'soort', width: 12 },
    { header: 'Waarop', key: 'naam', width: 44 },
    { header: 'Jaar', key: 'year', width: 8 },
    { header: 'Grens (€)', key: 'limit', width: 18, style: { numFmt: EURO } },
    { header: 'Scenario zonder grens (€)', key: 'amount', width: 20, style: { numFmt: EURO } },
    { header: 'Erboven (€)', key: 'over', width: 18, style: { numFmt: EURO } },
    { header: 'Gevolg', key: 'beleid', width: 30 },
  ];
  ex.getRow(1).font = { bold: true };
  for (const s of r.scenarios)
    for (const e of s.ceilingExceedances)
      ex.addRow({
        s: s.name,
        soort: e.soort === 'budget' ? 'budget gemeente' : `plafond ${e.soort}`,
        naam: e.naam,
        year: e.year,
        limit: eur(e.limitCents),
        amount: eur(e.amountCents),
        over: eur(e.overCents),
        beleid: e.beleid === 'afwijzen' ? 'boven het plafond niet betaald' : 'betaald en gesignaleerd',
      });

  const pc = wb.addWorksheet('Aanbieders');
  pc.columns = [
    { header: 'Scenario', key: 's', width: 40 },
    { header: 'Aanbieder', key: 'name', width: 40 },
    { header: 'Basis (€)', key: 'base', width: 18, style: { numFmt: EURO } },
    { header: 'Scenario (€)', key: 'sc', width: 18, style: { numFmt: EURO } },
    { header: 'Verschil (€)', key: 'diff', width: 18, style: { numFmt: EURO } },
    { header: 'Verschil', key: 'share', width: 10, style: { numFmt: PCT } },
  ];
  pc.getRow(1).font = { bold: true };
  for (const s of r.scenarios)
    for (const p of s.details.providerChanges)
      pc.addRow({ s: s.name, name: p.name, base: eur(p.baseCents), sc: eur(p.scenarioCents), diff: eur(p.changeCents), share: p.changeShare });

  const note = wb.addWorksheet('Toelichting');
  note.getColumn(1).width = 120;
  for (const line of [
    `Regio ${r.region}, basisperiode ${r.period.from} t/m ${r.period.to}.`,
    'Basis: de werkelijke uitgaven zoals Financiën ze toont (goedgekeurde declaratieregels plus betaalde bedragen volgens betaalschema).',
    'Scenario: de eigen trajecten van de basisperiode opnieuw afgespeeld met de wijzigingen van het scenario; het blad "Opbouw verschil" toont het effect per wijziging.',
    r.runs > 0
      ? `P10/P50/P90: ${r.runs} kansberekeningen (seed ${r.seed}) over de volumegroei en het doelbereik.`
      : 'Zonder kansberekening: P10/P50/P90 zijn leeg.',
    `Levensvatbaarheidsgrens: een aanbieder houdt minder dan ${Math.round(r.viabilityThreshold * 100)}% van zijn omzet in de basis over.`,
    ...r.scenarios.flatMap((s) => s.details.notes.map((n) => `${s.name}: ${n}`)),
  ])
    note.addRow([line]);

  const file = Buffer.from(await wb.xlsx.writeBuffer());
  return { file, name: `scenariovergelijking-${r.region}.xlsx` };
}
