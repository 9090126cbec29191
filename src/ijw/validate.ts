/**
 * Validation of an iJw 3.2 message in the standard's layers: XSD structure and datatypes, then
 * the technical rules, conditions and constraints within the message (TR/CD/CS). Business rules
 * that need the region's data (OP) are a separate layer the app calls (src/app).
 *
 * Every input yields a verdict: usable input gets findings; unusable input (not XML, not UTF-8,
 * too large or deep, a DTD, an unknown message) gets `unusable` and no findings.
 */
import type { Readable } from 'node:stream';
import { MessageReader, UnusableInput, type ElementEvent, type ReaderLimits, type XmlObject } from './reader.js';
import type { Finding } from './findings.js';
import { ruleInfo } from './rules/catalogue.js';
import { ELEMENT_RULES, MESSAGE_RULES } from './rules/index.js';
import type { ElementRule, RuleContext } from './rules/types.js';
import type { MessageSchema } from './xsd/model.js';
import { STATEFUL_RULES, type IjwState, type StatefulContext, type StatefulRule } from './stateful.js';

export interface Verdict {
  /** "JW301" ..., null when the input is unusable before the root element. */
  message: string | null;
  valid: boolean;
  findings: Finding[];
  /** Set when the input cannot be used at all (CLI exit code 2). */
  unusable?: { reason: UnusableInput['reason']; text: string };
  /** The parsed message when `retain` was asked and the input was usable (streamed paths removed). */
  parsed?: XmlObject;
  schema?: MessageSchema;
}

export interface ValidateOptions {
  limits?: Partial<ReaderLimits>;
  /** Validation date (YYYY-MM-DD); defaults to today. */
  today?: string;
  /** Element paths (without root) dropped after their rules ran: keeps memory bounded for large declarations. */
  stream?: readonly string[];
  /**
   * Called after the rules of each completed element ran, with the XSD-layer and rule-layer
   * findings so far (both append-only; not copied, so observers stay linear).
   */
  observe?: (e: ElementEvent, xsdFindings: readonly Finding[], ruleFindings: readonly Finding[]) => void;
  /** The region's state: enables the stateful layer (berichtoverstijgende rules, reported as layer OP). */
  state?: IjwState;
}

/** Element paths streamed by default: the lines of a declaration and of its answer. */
export const STREAMED_PATHS = ['Declaratie/Clienten/Client', 'DeclaratieAntwoord/Clienten/Client'];

function byMessageAndPath(rules: readonly ElementRule[]): Map<string, ElementRule[]> {
  const map = new Map<string, ElementRule[]>();
  for (const r of rules) for (const m of r.messages) map.set(`${m}:${r.path}`, [...(map.get(`${m}:${r.path}`) ?? []), r]);
  return map;
}
const ELEMENT_INDEX = byMessageAndPath(ELEMENT_RULES);
const STATEFUL_INDEX = byMessageAndPath(STATEFUL_RULES as unknown as readonly ElementRule[]) as unknown as Map<string, StatefulRule[]>;

class Validation {
  readonly findings: Finding[] = [];
  private header: XmlObject | undefined;
  private schema: MessageSchema | undefined;
  private readonly state = new Map<string, unknown>();
  private readonly reported = new Set<string>();
  readonly reader: MessageReader;
  private readonly ctx: RuleContext;
  private readonly statefulCtx: StatefulContext | undefined;
  /** The rules of each element path of this message (the reader hands the same path string each time). */
  private readonly rulesByPath = new Map<string, { rules: ElementRule[] | undefined; stateful: StatefulRule[] | undefined } | null>();

  constructor(private readonly opts: ValidateOptions) {
    const self = this;
    this.ctx = {
      get message() {
        return self.schema?.code ?? '';
      },
      get header() {
        return self.header;
      },
      state: this.state,
      today: opts.today ?? new Date().toISOString().slice(0, 10),
      report: (code, path, text) => {
        // One finding per rule and element, also when two rule groups check the same code.
        const key = `${code}|${path}`;
        if (this.reported.has(key)) return;
        this.reported.add(key);
        const info = ruleInfo(code);
        this.findings.push({ layer: info.layer, code, ...(info.retourcode ? { retourcode: info.retourcode } : {}), path, ...ruleTexts(code, info.text, text) });
      },
    };
    const state = opts.state;
    this.statefulCtx = state && {
      state,
      get header() {
        return self.header;
      },
      scratch: this.state,
      report: (code, path, text) => {
        const info = ruleInfo(code);
        this.findings.push({ layer: 'OP', code, ...(info.retourcode ? { retourcode: info.retourcode } : {}), path, ...ruleTexts(code, info.text, text) });
      },
    };
    this.reader = new MessageReader({
      limits: opts.limits,
      stream: new Set((opts.stream ?? STREAMED_PATHS).map((p) => `Bericht/${p}`)),
      onMessage: (schema) => (this.schema = schema),
      onElement: (e) => this.element(e),
    });
  }

  private element(e: ElementEvent): void {
    if (e.path === 'Bericht/Header' && typeof e.value === 'object') this.header = e.value;
    if (!e.valid || !this.schema) {
      this.opts.observe?.(e, this.reader.findingsSoFar(), this.findings);
      return; // rules run on structurally valid elements only
    }
    let entry = this.rulesByPath.get(e.path);
    if (entry === undefined) {
      const key = `${this.schema.code}:${e.path.slice('Bericht/'.length)}`;
      const rules = ELEMENT_INDEX.get(key);
      const stateful = this.statefulCtx ? STATEFUL_INDEX.get(key) : undefined;
      entry = rules || stateful ? { rules, stateful } : null;
      this.rulesByPath.set(e.path, entry);
    }
    if (entry) {
      // Without a closure per rule and element (this runs for every line of a declaration).
      if (entry.rules)
        for (const r of entry.rules) {
          try {
            r.check(e.value, e.location, this.ctx);
          } catch (err) {
            this.ruleFailed(r, err);
          }
        }
      if (entry.stateful)
        for (const r of entry.stateful) {
          try {
            r.check(e.value, e.location, this.statefulCtx!);
          } catch (err) {
            this.ruleFailed(r, err);
          }
        }
    }
    this.opts.observe?.(e, this.reader.findingsSoFar(), this.findings);
  }

  /** A defect in one rule must not crash validation: it becomes a finding naming the rule. */
  private runSafely(rule: { code: string }, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.ruleFailed(rule, err);
    }
  }

  private ruleFailed(rule: { code: string }, err: unknown): void {
    this.findings.push({
      layer: ruleInfo(rule.code).layer,
      code: rule.code,
      path: '/Bericht',
      text: `regel ${rule.code} kon niet worden beoordeeld`,
      detail: `rule could not be evaluated: ${err instanceof Error ? err.message : String(err)}`,
    });
  }

  finish(): Verdict {
    const result = this.reader.end();
    const xsdValid = result.findings.length === 0;
    if (xsdValid) {
      for (const r of MESSAGE_RULES) if (r.messages.includes(result.schema.code)) this.runSafely(r, () => r.finish(result.message, this.ctx));
    }
    const findings = [...result.findings, ...this.findings];
    return { message: result.schema.code, valid: findings.length === 0, findings, parsed: result.message, schema: result.schema };
  }
}

function unusableVerdict(e: UnusableInput, message: string | null): Verdict {
  return { message, valid: false, findings: [], unusable: { reason: e.reason, text: e.message } };
}

/** Validates a message held in memory. */
export function validateMessage(input: Uint8Array | string, opts: ValidateOptions = {}): Verdict {
  const v = new Validation(opts);
  try {
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    for (let i = 0; i < bytes.byteLength; i += 1 << 16) v.reader.write(bytes.subarray(i, i + (1 << 16)));
    return v.finish();
  } catch (e) {
    if (e instanceof UnusableInput) return unusableVerdict(e, v.reader.messageCode);
    throw e;
  }
}

/** Validates a message from a stream (a file or an HTTP body) with bounded memory. */
export async function validateStream(input: Readable | AsyncIterable<Uint8Array>, opts: ValidateOptions = {}): Promise<Verdict> {
  const v = new Validation(opts);
  try {
    for await (const chunk of input as AsyncIterable<Uint8Array>) v.reader.write(chunk);
    return v.finish();
  } catch (e) {
    if (e instanceof UnusableInput) {
      if (typeof (input as Readable).destroy === 'function') (input as Readable).destroy();
      return unusableVerdict(e, v.reader.messageCode);
    }
    throw e;
  }
}

/**
 * A rule finding reads as the official Dutch rule text (the reference tables), which providers and
 * municipalities see in retour messages and screens; the specific technical detail (which value,
 * which date) stays beside it for developers and logs.
 */
function ruleTexts(code: string, official: string, detail: string): { text: string; detail?: string } {
  return official && official !== code ? { text: official, detail } : { text: detail };
}
