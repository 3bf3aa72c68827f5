import { Command, CommanderError } from 'commander';
import { registerChecksCommand } from './cli/checks-command.ts';
import { registerDiffCommand } from './cli/diff-command.ts';
import { registerEmulatorCommand } from './cli/emulator-command.ts';
import { registerKeygenCommand } from './cli/keygen-command.ts';
import { registerMergeCommand } from './cli/merge-command.ts';
import { registerReportCommand } from './cli/report-command.ts';
import { registerRunCommand } from './cli/run-command.ts';
import { registerTableCommand } from './cli/table-command.ts';
import { UsageError } from './cli/usage-error.ts';
import { registerVerifyCommand } from './cli/verify-command.ts';
import { TargetError } from './target/target-error.ts';

export const TOOL_NAME = 'conformance';
export const TOOL_VERSION = '0.1.0';

/**
 * Runs the `conformance` command and resolves to its exit code: 0 all passed, 1 a check failed,
 * 2 the run could not happen (bad flags, unreachable target, bad credentials), with one line saying why.
 */
export async function main(argv: string[]): Promise<number> {
  let pending: Promise<number> | undefined;
  const program = new Command()
    .name(TOOL_NAME)
    .description('Conformance suite for the ONTAP NDMP REST API (and its embedded emulator)')
    .version(TOOL_VERSION)
    // Root options only before the command: `conformance emulator --version 9.8` sets the emulated release.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text.startsWith('error:') ? `${TOOL_NAME}: ${text}` : text) })
    .showHelpAfterError(`(run "${TOOL_NAME} --help" for usage)`);
  const done = (code: Promise<number>) => {
    pending = code;
  };
  registerRunCommand(program, done, { name: TOOL_NAME, version: TOOL_VERSION });
  registerEmulatorCommand(program, done);
  registerDiffCommand(program, done);
  registerMergeCommand(program, done);
  registerTableCommand(program, done);
  registerReportCommand(program, done);
  registerChecksCommand(program, done);
  registerVerifyCommand(program, done);
  registerKeygenCommand(program, done);
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!pending) {
      program.outputHelp();
      return 2;
    }
    return await pending;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; parse errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError || error instanceof TargetError) {
      process.stderr.write(`${TOOL_NAME}: error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${TOOL_NAME}: internal error: ${String((error as Error).message ?? error).split("\n")[0]}\n`);
    return 3;
  }
}
