import { Command, CommanderError } from 'commander';
import { entityStageAsTagger } from '../eval/entity-predictor.js';
import { registerAnalyzeCommand } from './analyze.js';
import { registerEntitiesCommand } from './entities.js';
import { registerExportCommand } from './export.js';
import { registerIngestCommand } from './ingest.js';
import { registerSearchCommand } from './search.js';
import { registerShowCommand } from './show.js';
import { getEvalCommand, registerEvalCommand } from './eval.js';
import { registerEvalExtractCommand } from './eval-extract.js';
import { registerEvalQuotesCommand } from './eval-quotes.js';
import { CliError } from './errors.js';

/** The `saksi` command line. Each command lives in its own file under src/cli and registers itself here. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('saksi')
    .description('Reads news the way a fact-checker does: who said what, when, with which numbers, and who denied it.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  registerAnalyzeCommand(program);
  registerIngestCommand(program);
  registerSearchCommand(program);
  registerEntitiesCommand(program);
  registerShowCommand(program);
  registerExportCommand(program);
  registerEvalCommand(program, { pipelinePredictor: entityStageAsTagger });
  registerEvalQuotesCommand(getEvalCommand(program));
  registerEvalExtractCommand(getEvalCommand(program));

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    process.exitCode = exitCodeOf(err);
  }
}

function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end through exitOverride with code 0.
    return err.exitCode;
  }
  if (err instanceof CliError) {
    process.stderr.write(`saksi: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`saksi: internal error (please report): ${message}\n`);
  return 70;
}
