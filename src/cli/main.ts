/**
 * The `regiekamer` command. Every subcommand calls app use cases; nothing here holds rules.
 */
import { Command, CommanderError } from 'commander';
import { registerProfileCommands } from './profiles.js';
import { registerServeCommand } from './serve.js';
import { registerIjwCommands } from './ijw.js';
import { registerUserCommands } from './users.js';
import { registerBackupCommands } from './backup.js';
import { registerAuditCommands } from './audit.js';
import { registerSimulateCommand } from './simulate.js';
import { registerGenerateCommand } from './generate.js';
import { registerTemplateCommand } from './template.js';

const program = new Command();
program.name('regiekamer').description('Regiekamer Jeugd: commissioning cycle for youth-care regions').exitOverride();
registerProfileCommands(program);
registerServeCommand(program);
registerIjwCommands(program);
registerUserCommands(program);
registerBackupCommands(program);
registerAuditCommands(program);
registerSimulateCommand(program);
registerGenerateCommand(program);
registerTemplateCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  console.error(`regiekamer: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
