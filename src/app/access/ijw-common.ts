/**
 * Shared parts of the access module's iJw message flow: the stored shapes of messages and requests,
 * scope checks, validation of outgoing messages and storing them. Used by ijw-receive.ts,
 * jw301-out.ts, requests.ts and messages.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../db/database.js';
import { ijwMessages } from '../../db/schema.js';
import { dataScope, type UserScope } from '../../domain/access/roles.js';
import { isOpen, type RegionProfile } from '../../domain/landscape/profile-schema.js';
import type { Finding } from '../../ijw/findings.js';
import type { WJ759Code } from '../../ijw/generated/codelists.js';
import type { XmlObject, XmlValue } from '../../ijw/reader.js';
import { validateMessage, type Verdict } from '../../ijw/validate.js';
import { IjwBuildError, type Uitvoeringsvariant } from '../../ijw/build/jw301.js';
import { AppError, Forbidden } from '../errors.js';

/** A built message failed validation (never sent). */
export class InvalidOutgoing extends AppError {
  constructor(code: string, findings: Finding[]) {
    super(422, 'Bericht ongeldig', `het ${code}-bericht uit de casus is niet geldig: ${findings.map((f) => `${f.code} ${f.path}: ${f.text}`).join(' | ')}`, {
      findings,
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Stored shapes

export type ProductStatus = 'open' | 'in-onderzoek' | 'toegewezen' | 'afgewezen';

/** One ReferentieAanbieder of a request: a requested product (JW315) or the whole request (JW317). */
export interface ProductState {
  referentieAanbieder: string;
  status: ProductStatus;
  /** Allocations made for it (ToewijzingNummers). */
  nummers?: number[];
  reden?: WJ759Code;
  woonplaatsGemeente?: string;
  /** ids of the JW301 / JW319 messages that answered it. */
  answerIds?: number[];
  by?: string;
  at?: string;
}

export interface RequestState {
  kind: 'JW315' | 'JW317';
  status: 'open' | 'afgehandeld';
  youthId: number | null;
  producten: ProductState[];
}

export interface ActionOutcome {
  toewijzingNummer?: string;
  command?: 'start' | 'stop';
  applied: boolean;
  caseId?: number;
  caseStatus?: string;
  reason?: string;
}

export interface StoredVerdict {
  message: string | null;
  valid: boolean;
  findings: Finding[];
  retourCode?: string | null;
  request?: RequestState;
  actions?: ActionOutcome[];
  /** Outgoing messages: what they carry. */
  toewijzingNummers?: number[];
  initiatief?: 'gemeente' | 'verzoek';
}

// ------------------------------------------------------------------------------------------------
// Helpers

export const newIdentificatie = () => randomBytes(6).toString('hex');

export function txt(v: XmlValue | XmlValue[] | undefined, ...path: string[]): string | undefined {
  let cur: unknown = v;
  for (const p of path) {
    if (Array.isArray(cur)) cur = cur[0];
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as XmlObject)[p];
  }
  if (Array.isArray(cur)) cur = cur[0];
  return typeof cur === 'string' ? cur : undefined;
}

export function requireProviderScope(user: UserScope, regionId: string): number {
  if (user.role !== 'aanbieder') throw new Forbidden('alleen een aanbieder stuurt iJw-berichten aan de regio');
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'provider') throw new Forbidden('uw account is geen aanbieder in deze regio');
  return scope.providerId;
}

export function requireMunicipality(user: UserScope, regionId: string, roles: UserScope['role'][] = ['gemeente']): string {
  if (!roles.includes(user.role)) throw new Forbidden(`alleen ${roles.join(' of ')} mag dit (uw rol: ${user.role})`);
  const scope = dataScope(user, regionId);
  if (scope.kind !== 'municipality') throw new Forbidden('uw account hoort niet bij een gemeente van deze regio');
  return scope.municipalityCode;
}

export function verdictOf(v: Verdict): StoredVerdict {
  return { message: v.message, valid: v.valid, findings: v.findings, ...(v.unusable ? { unusable: v.unusable } : {}) } as StoredVerdict;
}

export async function validateOutgoing(code: string, xml: string, today: string): Promise<void> {
  const v = validateMessage(xml, { today });
  if (!v.valid) throw new InvalidOutgoing(code, v.findings);
}

export function variantOf(profile: RegionProfile, segmentId: string): Uitvoeringsvariant | undefined {
  const seg = profile.segmenten.find((s) => s.id === segmentId);
  if (!seg || !seg.uitvoeringsvariant || isOpen(seg.uitvoeringsvariant)) return undefined;
  return seg.uitvoeringsvariant;
}

export function build<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IjwBuildError) throw new AppError(422, 'Bericht kan niet worden opgesteld', `het iJw-bericht kan niet worden opgesteld: ${e.message}`);
    throw e;
  }
}

export async function storeOutgoing(
  tx: Tx,
  v: {
    regionId: string;
    code: 'JW301' | 'JW319';
    gemeente: string;
    agb: string;
    identificatie: string;
    xml: string;
    now: Date;
    caseId: number | null;
    answersId: number | null;
    verdict: Partial<StoredVerdict>;
  },
): Promise<number> {
  const [row] = await tx
    .insert(ijwMessages)
    .values({
      regionId: v.regionId,
      direction: 'out',
      code: v.code,
      afzender: v.gemeente,
      ontvanger: v.agb,
      identificatie: v.identificatie,
      at: v.now,
      xml: v.xml,
      verdict: { message: v.code, valid: true, findings: [], ...v.verdict },
      answersId: v.answersId,
      caseId: v.caseId,
    })
    .returning({ id: ijwMessages.id });
  return row!.id;
}

export interface SentMessage {
  id: number;
  code: 'JW301' | 'JW319';
  identificatie: string;
  xml: string;
  referentieAanbieder?: string;
  toewijzingNummers?: number[];
}
