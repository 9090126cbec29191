import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { answerMessage, exampleMessage, validateFile, verdictJson } from '../ijw/service.js';
import { dutchDate } from '../domain/dates.js';
import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Verdict } from '../ijw/validate.js';
import { coverageMarkdown } from '../ijw/coverage.js';

function unusableFile(file: string): Verdict | null {
  if (!existsSync(file)) return { message: null, valid: false, findings: [], unusable: { reason: 'empty', text: `file not found: ${file}` } };
  if (!statSync(file).isFile()) return { message: null, valid: false, findings: [], unusable: { reason: 'empty', text: `not a file: ${file}` } };
  return null;
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
        if (v.unusable) console.log(`${file}: unusable: ${v.unusable.text}`);
        else console.log(`${file}: ${v.message} ${v.valid ? 'valid' : `invalid (${v.findings.length} finding${v.findings.length === 1 ? '' : 's'})`}`);
        for (const f of v.findings) console.log(`  [${f.code}${f.retourcode ? ` retourcode ${f.retourcode}` : ''}] ${f.path}: ${f.text}`);
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
        console.error(`regiekamer: no retour message: ${answer.reason}`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(answer.xml);
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
