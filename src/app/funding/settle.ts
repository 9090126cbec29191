/**
 * Settles a received declaration (JW323) exactly once.
 *
 * 1. The bytes are hashed; a declaration with the same content from the same provider returns the
 *    stored answer (no second payment).
 * 2. The message is validated in one streaming pass (XSD, TR, CD, CS); each Prestatie is kept as
 *    a compact line.
 * 3. In ONE transaction, with the provider row locked (concurrent declarations of a provider
 *    settle one after the other): the allocations, earlier lines, tariffs and ceiling are loaded
 *    for just the numbers in this message; every line is settled (src/domain/funding/settlement);
 *    the message (gzip), the declaration, its lines and the JW325 answer are written. A process
 *    killed before the commit leaves nothing behind and the declaration can be sent again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.js';
import { allocations, ceilings, declarationLines, declarations, ijwMessages, providers, tariffs, youths } from '../../db/schema.js';
import { validateMessage } from '../../ijw/validate.js';
import { declarationAnswer, type RejectedLine } from '../../ijw/retour.js';
import { serializeMessage } from '../../ijw/serialize.js';
import { TECHNICAL_REJECTION, type Finding } from '../../ijw/findings.js';
import type { XmlObject } from '../../ijw/reader.js';
import { debitKey, settleLine, type Allocation, type CeilingState, type Line, type PriorLine } from '../../domain/funding/settlement.js';
import { valueAt } from '../../domain/funding/models.js';
import { isOpen } from '../../domain/landscape/profile-schema.js';
import { dutchDate } from '../../domain/dates.js';
import { BadInput } from '../errors.js';
import { loadRegionProfile } from '../landscape.js';

export interface SettlementResult {
  declarationId: number;
  /** True when this exact declaration was settled before: the stored answer is returned. */
  duplicate: boolean;
  answerXml: string;
  submittedCents: number;
  approvedCents: number;
  lines: number;
  rejected: number;
  signals: string[];
}

interface CollectedLine {
  line: Line;
  location: string;
  findings: Finding[];
}

const BATCH = 1000;

function toLine(p: XmlObject, bsn: string): Line {
  const ref = p.ProductReferentie as XmlObject;
  const periode = p.ProductPeriode as XmlObject;
  const bedrag = p.IngediendBedrag as XmlObject;
  return {
    referentieNummer: ref.ReferentieNummer as string,
    ...(ref.VorigReferentieNummer ? { vorigReferentieNummer: ref.VorigReferentieNummer as string } : {}),
    toewijzingNummer: Number(p.ToewijzingNummer),
    bsn,
    productCategorie: p.ProductCategorie as string,
    productCode: p.ProductCode as string,
    begindatum: periode.Begindatum as string,
    einddatum: periode.Einddatum as string,
    volume: Number(p.GeleverdVolume),
    eenheid: p.Eenheid as string,
    ...(p.ProductTarief !== undefined ? { tariefCents: Number(p.ProductTarief) } : {}),
    bedragCents: Number(bedrag.Bedrag),
    debetCredit: bedrag.DebetCredit === 'C' ? 'C' : 'D',
  };
}

function toPrestatie(l: Line): XmlObject {
  return {
    ProductReferentie: { ReferentieNummer: l.referentieNummer, ...(l.vorigReferentieNummer ? { VorigReferentieNummer: l.vorigReferentieNummer } : {}) },
    ToewijzingNummer: String(l.toewijzingNummer),
    ProductCategorie: l.productCategorie,
    ProductCode: l.productCode,
    ProductPeriode: { Begindatum: l.begindatum, Einddatum: l.einddatum },
    GeleverdVolume: String(l.volume),
    Eenheid: l.eenheid,
    ...(l.tariefCents !== undefined ? { ProductTarief: String(l.tariefCents) } : {}),
    IngediendBedrag: { Bedrag: String(l.bedragCents), DebetCredit: l.debetCredit },
  };
}

/** Validates the message and collects its lines with the findings inside each line (or its client). */
function readDeclaration(bytes: Uint8Array, today: string) {
  const lines: CollectedLine[] = [];
  let bsn = '';
  let clientLocation = '';
  let clientFindings: Finding[] = [];
  let cursorXsd = 0;
  let cursorRules = 0;
  const verdict = validateMessage(bytes, {
    today,
    observe: (e, xsd, rules) => {
      if (e.path === 'Bericht/Declaratie/Clienten/Client/Bsn' && typeof e.value === 'string') {
        bsn = e.value;
        clientLocation = e.location.slice(0, -'/Bsn'.length);
        clientFindings = [];
      }
      if (e.path !== 'Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie') return;
      const fresh = [...xsd.slice(cursorXsd), ...rules.slice(cursorRules)];
      cursorXsd = xsd.length;
      cursorRules = rules.length;
      const inLine = (f: Finding) => f.path === e.location || f.path.startsWith(`${e.location}/`);
      clientFindings.push(...fresh.filter((f) => !inLine(f) && f.path.startsWith(`${clientLocation}/`) && !f.path.includes('/Prestatie[')));
      if (e.valid || fresh.some(inLine) || clientFindings.length > 0) {
        // An XSD-invalid line cannot be read into a Line; it is rejected below with its findings.
        const line = e.valid ? toLine(e.value as XmlObject, bsn) : null;
        if (line) lines.push({ line, location: e.location, findings: [...clientFindings, ...fresh.filter(inLine)] });
      }
    },
  });
  return { verdict, lines };
}

/** `column = any($1)` with the whole list as ONE array parameter (a message may hold 100,000 numbers). */
const anyInt = (col: unknown, values: number[]) => sql`${col} = any(${sql.param(values)}::int[])`;
const anyText = (col: unknown, values: string[]) => sql`${col} = any(${sql.param(values)}::text[])`;

async function loadContext(tx: Tx, regionId: string, agb: string, collected: CollectedLine[]) {
  const nummers = [...new Set(collected.map((c) => c.line.toewijzingNummer))];
  const refs = [...new Set(collected.flatMap((c) => [c.line.referentieNummer, c.line.vorigReferentieNummer].filter((x): x is string => !!x)))];
  const allocationRows = nummers.length === 0 ? [] : await tx
    .select({ a: allocations, agb: providers.agbCode, bsn: youths.bsn })
    .from(allocations)
    .innerJoin(providers, eq(providers.id, allocations.providerId))
    .innerJoin(youths, eq(youths.id, allocations.youthId))
    .where(and(eq(allocations.regionId, regionId), anyInt(allocations.toewijzingNummer, nummers)));
  const prior = new Map<string, PriorLine & { id: number }>();
  const priorRows = refs.length === 0 ? [] : await tx
    .select()
    .from(declarationLines)
    .where(and(eq(declarationLines.regionId, regionId), eq(declarationLines.providerAgb, agb), anyText(declarationLines.referentieNummer, refs)));
  for (const r of priorRows) {
    // A ReferentieNummer may have been sent again and rejected (8021): the approved line is the one that counts.
    const existing = prior.get(r.referentieNummer);
    if (existing?.approved && !r.approved) continue;
    prior.set(r.referentieNummer, { id: r.id, referentieNummer: r.referentieNummer, toewijzingNummer: r.toewijzingNummer, productCode: r.productCode, begindatum: r.begindatum, einddatum: r.einddatum, debetCredit: r.debetCredit as 'D' | 'C', bedragCents: r.bedragCents, volume: r.volume, credited: r.credited, approved: r.approved });
  }
  const byAllocation = nummers.length === 0 ? [] : await tx
    .select({
      nummer: declarationLines.toewijzingNummer,
      productCode: declarationLines.productCode,
      begindatum: declarationLines.begindatum,
      einddatum: declarationLines.einddatum,
      debetCredit: declarationLines.debetCredit,
      volume: declarationLines.volume,
      amount: declarationLines.amountCents,
      credited: declarationLines.credited,
    })
    .from(declarationLines)
    .where(and(eq(declarationLines.regionId, regionId), eq(declarationLines.approved, true), anyInt(declarationLines.toewijzingNummer, nummers)));
  return { allocationRows, prior, byAllocation };
}

export async function settleDeclaration(db: Db, regionId: string, bytes: Uint8Array, now: Date): Promise<SettlementResult> {
  const today = dutchDate(now);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const [seen] = await db.select().from(declarations).where(and(eq(declarations.regionId, regionId), eq(declarations.contentHash, contentHash)));
  if (seen) return fromStored(seen, true);

  const { verdict, lines: collected } = readDeclaration(bytes, today);
  if (verdict.unusable) throw new BadInput(`declaration unusable: ${verdict.unusable.text}`);
  if (verdict.message !== 'JW323' || !verdict.parsed) throw new BadInput(`expected a declaration (JW323), got ${verdict.message}`);
  const header = verdict.parsed.Header as XmlObject | undefined;
  const declaratie = verdict.parsed.Declaratie as XmlObject | undefined;
  const headerBroken = verdict.findings.some((f) => f.layer === 'xsd' && f.path.startsWith('/Bericht/Header'));
  if (!header || headerBroken) throw new BadInput('the Header of the declaration is not valid: it cannot be answered (transport-level rejection)');
  if (header.Ontvanger !== undefined && !(await loadRegionProfile(db, regionId)).gemeenten.some((g) => g.code === header.Ontvanger)) {
    throw new BadInput(`Ontvanger ${String(header.Ontvanger)} is not a municipality of region ${regionId}`);
  }
  const agb = header.Afzender as string;
  const technical = verdict.findings.some((f) => f.layer === 'xsd' || !f.path.startsWith('/Bericht/Declaratie/Clienten/Client'));
  const periode = declaratie?.DeclaratiePeriode as XmlObject | undefined;
  const profile = await loadRegionProfile(db, regionId);

  return db.transaction(async (tx) => {
    // Serialise settlements of one sender (ceiling and uniqueness are read inside the lock), also
    // for a sender without a providers row.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`settle|${regionId}|${agb}`}))`);
    const [provider] = await tx.select().from(providers).where(and(eq(providers.regionId, regionId), eq(providers.agbCode, agb)));
    const [again] = await tx.select().from(declarations).where(and(eq(declarations.regionId, regionId), eq(declarations.providerAgb, agb), eq(declarations.contentHash, contentHash)));
    if (again) return fromStored(again, true);

    const signals: string[] = [];
    const rejected: RejectedLine[] = [];
    const rows: Omit<typeof declarationLines.$inferInsert, 'declarationId'>[] = [];
    let approvedCents = 0;
    const creditedIds: number[] = [];
    if (!technical) {
      const { allocationRows, prior, byAllocation } = await loadContext(tx, regionId, agb, collected);
      const allocationMap = new Map(allocationRows.map((r) => [r.a.toewijzingNummer, r]));
      const totals = new Map<number, { volume: number; amountCents: number }>();
      const debits = new Set<string>();
      for (const r of byAllocation) {
        const t = totals.get(r.nummer) ?? { volume: 0, amountCents: 0 };
        t.volume += r.debetCredit === 'C' ? -r.volume : r.volume;
        t.amountCents += r.amount;
        totals.set(r.nummer, t);
        if (r.debetCredit === 'D' && !r.credited) debits.add(debitKey({ toewijzingNummer: r.nummer, productCode: r.productCode, begindatum: r.begindatum, einddatum: r.einddatum }));
      }
      const tariffRows = provider ? await tx.select().from(tariffs).where(and(eq(tariffs.regionId, regionId), eq(tariffs.providerId, provider.id))) : [];
      // Ceilings are per calendar year of the line (a late line of last year counts against last year's ceiling).
      const years = [...new Set(collected.map((c) => Number(c.line.begindatum.slice(0, 4))))];
      const ceilingByYear = new Map<number, CeilingState | undefined>();
      for (const y of years) ceilingByYear.set(y, provider ? await ceilingState(tx, regionId, provider.id, agb, y, profile) : undefined);
      for (const c of collected) {
        const a = allocationMap.get(c.line.toewijzingNummer);
        const allocation: Allocation | undefined = a && {
          toewijzingNummer: a.a.toewijzingNummer,
          bsn: a.bsn,
          providerAgb: a.agb,
          productCategorie: a.a.productCategorie ?? undefined,
          productCode: a.a.productCode ?? undefined,
          ingangsdatum: a.a.ingangsdatum,
          einddatum: a.a.einddatum ?? undefined,
          omvang: a.a.volume !== null && a.a.eenheid && a.a.frequentie ? { volume: a.a.volume, eenheid: a.a.eenheid, frequentie: a.a.frequentie } : undefined,
          budgetCents: a.a.budgetCents ?? undefined,
          redenWijziging: a.a.redenWijziging ?? undefined,
        };
        const tariffCandidates = tariffRows.filter((t) => t.productCategorie === c.line.productCategorie && (t.productCode === null || t.productCode === c.line.productCode));
        const byUnit = new Map<string, { validFrom: string; value: number }[]>();
        for (const t of tariffCandidates) byUnit.set(t.eenheid, [...(byUnit.get(t.eenheid) ?? []), { validFrom: t.validFrom, value: t.priceCents }]);
        const unit = byUnit.has(c.line.eenheid) ? c.line.eenheid : [...byUnit.keys()][0];
        const cents = unit ? valueAt(byUnit.get(unit)!, c.line.begindatum) : undefined;
        const t = totals.get(c.line.toewijzingNummer) ?? { volume: 0, amountCents: 0 };
        const outcome = c.findings.length > 0
          ? { approved: false, codes: [...new Set(c.findings.map((f) => f.retourcode ?? TECHNICAL_REJECTION))], amountCents: 0, signals: [] }
          : settleLine(c.line, {
              allocation,
              providerAgb: agb,
              tariff: cents !== undefined && unit ? { cents, eenheid: unit } : undefined,
              totals: t,
              prior: (ref) => prior.get(ref),
              debitExists: (key) => debits.has(key),
              ceiling: ceilingByYear.get(Number(c.line.begindatum.slice(0, 4))),
            });
        signals.push(...outcome.signals.map((sgl) => `${c.location}: ${sgl}`));
        if (outcome.approved) {
          approvedCents += outcome.amountCents;
          t.volume += c.line.debetCredit === 'C' ? -c.line.volume : c.line.volume;
          t.amountCents += outcome.amountCents;
          totals.set(c.line.toewijzingNummer, t);
          const ceiling = ceilingByYear.get(Number(c.line.begindatum.slice(0, 4)));
          if (ceiling) ceiling.spentCents += outcome.amountCents;
          if (c.line.debetCredit === 'D') debits.add(debitKey(c.line));
          else {
            const p = prior.get(c.line.vorigReferentieNummer!);
            if (p) {
              creditedIds.push(p.id);
              p.credited = true;
              debits.delete(debitKey(p));
            }
          }
        } else {
          rejected.push({ bsn: c.line.bsn, prestatie: toPrestatie(c.line), codes: outcome.codes });
        }
        rows.push({
          regionId,
          providerAgb: agb,
          referentieNummer: c.line.referentieNummer,
          vorigReferentieNummer: c.line.vorigReferentieNummer ?? null,
          toewijzingNummer: c.line.toewijzingNummer,
          allocationId: a?.a.id ?? null,
          segmentId: a?.a.segmentId ?? null,
          municipalityCode: a?.a.municipalityCode ?? null,
          productCategorie: c.line.productCategorie,
          productCode: c.line.productCode,
          begindatum: c.line.begindatum,
          einddatum: c.line.einddatum,
          volume: c.line.volume,
          eenheid: c.line.eenheid,
          bedragCents: c.line.bedragCents,
          debetCredit: c.line.debetCredit,
          approved: outcome.approved,
          codes: outcome.codes,
          amountCents: outcome.amountCents,
        });
      }
    }
    const answer = declarationAnswer(header, declaratie, {
      identificatie: randomBytes(6).toString('hex'),
      dagtekening: today,
      rejected,
      awardedCents: approvedCents,
      technicalRejection: technical,
    });
    const answerXml = serializeMessage('JW325', answer);
    const submitted = declaratie?.TotaalIngediendBedrag as XmlObject | undefined;
    const submittedCents = Number(submitted?.TotaalBedrag ?? 0) * (submitted?.DebetCredit === 'C' ? -1 : 1);
    const [msg] = await tx
      .insert(ijwMessages)
      .values({ regionId, direction: 'in', code: 'JW323', afzender: agb, ontvanger: String(header.Ontvanger ?? ''), identificatie: String((header.BerichtIdentificatie as XmlObject)?.Identificatie ?? ''), at: now, xml: `(stored compressed in declarations.received_gzip, sha256 ${contentHash})`, verdict: { valid: verdict.valid, findings: verdict.findings.slice(0, 100) } })
      .returning({ id: ijwMessages.id });
    const [decl] = await tx
      .insert(declarations)
      .values({
        regionId,
        providerId: provider?.id ?? null,
        providerAgb: agb,
        declaratieNummer: String(declaratie?.DeclaratieNummer ?? ''),
        contentHash,
        messageId: msg!.id,
        receivedAt: now,
        periodStart: (periode?.Begindatum as string) ?? null,
        periodEnd: (periode?.Einddatum as string) ?? null,
        submittedCents,
        approvedCents,
        lineCount: technical ? collected.length : rows.length,
        rejectedCount: technical ? collected.length : rejected.length,
        answerXml,
        receivedGzip: gzipSync(bytes, { level: 1 }),
      })
      .returning();
    await insertLines(tx, decl!.id, rows);
    for (let i = 0; i < creditedIds.length; i += BATCH) {
      await tx.update(declarationLines).set({ credited: true }).where(inArray(declarationLines.id, creditedIds.slice(i, i + BATCH)));
    }
    await tx.insert(ijwMessages).values({ regionId, direction: 'out', code: 'JW325', afzender: String(header.Ontvanger ?? ''), ontvanger: agb, identificatie: String((answer.Header as XmlObject).BerichtIdentificatie && ((answer.Header as XmlObject).BerichtIdentificatie as XmlObject).Identificatie), at: now, xml: answerXml, answersId: msg!.id });
    return { ...fromStored(decl!, false), signals };
  });
}

/**
 * Inserts the lines with one `insert ... select from unnest(...)` per batch: one array parameter per
 * column instead of one parameter per value (about 4x faster than row inserts).
 */
async function insertLines(tx: Tx, declarationId: number, rows: Omit<typeof declarationLines.$inferInsert, 'declarationId'>[]): Promise<void> {
  const CHUNK = BATCH;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const col = <T>(f: (r: (typeof part)[number]) => T) => sql.param(part.map(f));
    await tx.execute(sql`insert into ${declarationLines} (declaration_id, region_id, provider_agb, referentie_nummer, vorig_referentie_nummer, toewijzing_nummer,
        allocation_id, segment_id, municipality_code, product_categorie, product_code, begindatum, einddatum, volume, eenheid, bedrag_cents,
        debet_credit, approved, codes, amount_cents)
      select ${declarationId}, u.region_id, u.provider_agb, u.ref, u.vorig, u.nummer, u.allocation_id, u.segment_id, u.municipality_code,
        u.categorie, u.code, u.begindatum, u.einddatum, u.volume, u.eenheid, u.bedrag, u.dc, u.approved,
        case when u.codes = '' then '{}'::text[] else string_to_array(u.codes, ',') end, u.amount
      from unnest(${col((r) => r.regionId)}::text[], ${col((r) => r.providerAgb)}::text[], ${col((r) => r.referentieNummer)}::text[],
        ${col((r) => r.vorigReferentieNummer ?? null)}::text[], ${col((r) => r.toewijzingNummer)}::int[], ${col((r) => r.allocationId ?? null)}::int[],
        ${col((r) => r.segmentId ?? null)}::text[], ${col((r) => r.municipalityCode ?? null)}::text[], ${col((r) => r.productCategorie)}::text[],
        ${col((r) => r.productCode)}::text[], ${col((r) => r.begindatum)}::date[], ${col((r) => r.einddatum)}::date[], ${col((r) => r.volume)}::int[],
        ${col((r) => r.eenheid)}::text[], ${col((r) => r.bedragCents)}::bigint[], ${col((r) => r.debetCredit)}::text[], ${col((r) => r.approved)}::boolean[],
        ${col((r) => (r.codes ?? []).join(','))}::text[], ${col((r) => r.amountCents)}::bigint[])
        as u(region_id, provider_agb, ref, vorig, nummer, allocation_id, segment_id, municipality_code, categorie, code, begindatum, einddatum,
             volume, eenheid, bedrag, dc, approved, codes, amount)`);
  }
}

async function ceilingState(tx: Tx, regionId: string, providerId: number, agb: string, year: number, profile: Awaited<ReturnType<typeof loadRegionProfile>>): Promise<CeilingState | undefined> {
  const [c] = await tx.select().from(ceilings).where(and(eq(ceilings.regionId, regionId), eq(ceilings.providerId, providerId), eq(ceilings.year, year)));
  if (!c) return undefined;
  const [spent] = await tx
    .select({ cents: sql<string>`coalesce(sum(${declarationLines.amountCents}), 0)` })
    .from(declarationLines)
    .where(and(eq(declarationLines.regionId, regionId), eq(declarationLines.providerAgb, agb), eq(declarationLines.approved, true), sql`extract(year from ${declarationLines.begindatum}) = ${year}`));
  // The profile's ceiling policy (first segment with a provider ceiling decides; seed 004 §3.3).
  const plafond = profile.segmenten.map((s) => (isOpen(s.bekostiging) ? undefined : s.bekostiging.plafond)).find((p) => p && !isOpen(p) && p.niveau === 'aanbieder');
  const policy = plafond && !isOpen(plafond) ? plafond : undefined;
  return { ceilingCents: c.amountCents, spentCents: Number(spent?.cents ?? 0), policy: policy?.bijOverschrijding ?? 'accepteren-en-signaleren', retourcode: policy?.retourcode ?? TECHNICAL_REJECTION };
}

function fromStored(d: typeof declarations.$inferSelect, duplicate: boolean): SettlementResult {
  return { declarationId: d.id, duplicate, answerXml: d.answerXml, submittedCents: d.submittedCents, approvedCents: d.approvedCents, lines: d.lineCount, rejected: d.rejectedCount, signals: [] };
}
