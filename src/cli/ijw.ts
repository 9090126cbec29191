import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { answerMessage, exampleMessage, validateFile, verdictJson } from '../ijw/service.js';
import { dutchDate } from '../domain/dates.js';
import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Verdict } from '../ijw/validate.js';
import { DEFAULT_LIMITS } from '../ijw/reader.js';
import { coverageMarkdown } from '../ijw/coverage.js';
import { defaultOpenOptions, openDatabase } from '../db/database.js';
import { cliUser, receiveMessage } from '../app/access/messages.js';

/** Refuses a file that cannot be a message before reading a byte of it: missing, not a file, or over the size limit. */
function unusableFile(file: string): Verdict | null {
  if (!existsSync(file)) return { message: null, valid: false, findings: [], unusable: { reason: 'empty', text: `bestand niet gevonden: ${file}` } };
  const stat = statSync(file);
  if (!stat.isFile()) return { message: null, valid: false, findings: [], unusable: { reason: 'empty', text: `geen bestand: ${file}` } };
  if (stat.size > DEFAULT_LIMITS.maxBytes) {
    return {
      message: null,
      valid: false,
      findings: [],
      unusable: { reason: 'too-large', text: `het bericht is groter dan de grens van ${DEFAULT_LIMITS.maxBytes} bytes (${stat.size} bytes); niet gelezen` },
    };
  }
  return null;
}

/** The first bytes of a file: enough to read a message's Header. */
function fileHead(file: string, bytes = 1 << 20): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(bytes, statSync(file).size));
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function registerIjwCommands(program: Command): void {
  const ijw = program.command('ijw').description('iJw 3.2 messages: validate, answer with a retour message, examples');

  ijw
    .command('validate')
    .description('validate messages; exit 0 when all are valid, 1 when any is invalid, 2 when any is unusable')
    .argument('<files...>', 'message files (XML)')
    .option('--json', 'print one JSON object per file')
    .option('--today <date>', 'validation date YYYY-MM-DD (default today)')
    .action(async (files: string[], opts: { json?: boolean; today?: string }) => {
      let exit = 0;
      for (const file of files) {
        const v = unusableFile(file) ?? (await validateFile(file, { today: opts.today ?? dutchDate(new Date()) }));
        exit = Math.max(exit, v.unusable ? 2 : v.valid ? 0 : 1);
        if (opts.json) {
          console.log(JSON.stringify(verdictJson(v, file)));
          continue;
        }
        if (v.unusable) console.log(`${file}: onbruikbaar: ${v.unusable.text}`);
        else
          console.log(
            `${file}: ${v.message} ${v.valid ? 'geldig' : `ongeldig (${v.findings.length} ${v.findings.length === 1 ? 'bevinding' : 'bevindingen'})`}`,
          );
        for (const f of v.findings)
          console.log(`  [${f.code}${f.retourcode ? ` retourcode ${f.retourcode}` : ''}] ${f.path}: ${f.text}${f.detail ? ` (${f.detail})` : ''}`);
      }
      process.exitCode = exit;
    });

  ijw
    .command('retour')
    .description('print the retour message (JW302/306/308/316/318/320, or JW325 for a declaration) for a message')
    .argument('<file>', 'message file (XML)')
    .option('--today <date>', 'DagtekeningRetour and validation date YYYY-MM-DD (default today)')
    .action(async (file: string, opts: { today?: string }) => {
      const bad = unusableFile(file);
      if (bad) {
        console.error(`regiekamer: ${bad.unusable!.text}`);
        process.exitCode = 2;
        return;
      }
      const today = opts.today ?? dutchDate(new Date());
      const answer = await answerMessage(createReadStream(file), { today, identificatie: randomBytes(6).toString('hex'), dagtekening: today });
      if (!answer.xml) {
        console.error(`regiekamer: geen retourbericht: ${answer.reason}`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(answer.xml);
    });

  ijw
    .command('receive')
    .description(
      'receive a provider message into a region (validate, store, act on it) and print its retour message (and answer); exit 0 when valid, 1 when invalid, 2 when unusable',
    )
    .argument('<file>', 'message file (XML)')
    .requiredOption('--region <id>', 'the region that receives the message')
    .option('--data <dir>', 'PGlite data folder (default ./data or $REGIEKAMER_DATA; DATABASE_URL selects PostgreSQL)')
    .option('--as <username>', 'act as this provider account (default: the provider named as Afzender, logged as "cli:<agb>")')
    .action(async (file: string, opts: { region: string; data?: string; as?: string }) => {
      const bad = unusableFile(file);
      if (bad) {
        console.error(`regiekamer: ${bad.unusable!.text}`);
        process.exitCode = 2;
        return;
      }
      const database = await openDatabase(defaultOpenOptions(process.env, opts.data));
      try {
        // Read as a stream: a declaration (JW323, up to 100,000 lines) is settled as it is read, never held whole.
        const message = { head: fileHead(file), chunks: () => createReadStream(file) };
        const user = await cliUser(database.db, opts.region, opts.as, message.head);
        const r = await receiveMessage(database.db, user, opts.region, message, new Date());
        if (r.unusable) {
          console.error(`${file}: unusable: ${r.unusable.text}`);
          process.exitCode = 2;
          return;
        }
        console.error(
          `${file}: ${r.message} ${r.valid ? 'valid' : `invalid (${r.findings.length} finding${r.findings.length === 1 ? '' : 's'})`}, stored as message ${r.id}`,
        );
        for (const f of r.findings) console.error(`  [${f.code}${f.retourcode ? ` retourcode ${f.retourcode}` : ''}] ${f.path}: ${f.text}`);
        if (r.requestId) console.error(`  open request ${r.requestId}${r.caseId ? ` on case ${r.caseId}` : ' (not linked to a case yet)'}`);
        for (const a of r.actions ?? [])
          console.error(
            `  ${a.command ?? 'action'} ${a.toewijzingNummer ?? ''}: ${a.applied ? `applied (case ${a.caseId}: ${a.caseStatus})` : `not applied: ${a.reason}`}`,
          );
        if (r.retourXml) process.stdout.write(r.retourXml);
        else console.error('  no retour message (the header cannot be addressed)');
        if (r.answerXml) process.stdout.write(r.answerXml);
        process.exitCode = r.valid ? 0 : 1;
      } finally {
        await database.close();
      }
    });

  ijw
    .command('coverage')
    .description('print which rules of the standard are implemented (markdown)')
    .action(() => {
      console.log(coverageMarkdown());
    });

  ijw
    .command('example')
    .description('print a valid example message (e.g. JW301)')
    .argument('<message>', 'message code, e.g. JW301 or 301')
    .action((code: string) => {
      process.stdout.write(exampleMessage(code));
    });
}
