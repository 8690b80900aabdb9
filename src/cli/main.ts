import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './errors.js';

type Registrar = (program: Command) => void | Promise<void>;

/**
 * Each command registers itself from its own file. Only the files of the command being run are
 * loaded: `saksi search` need not load the HTML parser, the tagger or the knowledge base, and
 * starts in a fraction of the time. `--help` (no command) loads them all to list them.
 */
const COMMANDS: Readonly<Record<string, Registrar>> = {
  analyze: async (p) => (await import('./analyze.js')).registerAnalyzeCommand(p),
  ingest: async (p) => (await import('./ingest.js')).registerIngestCommand(p),
  search: async (p) => (await import('./search.js')).registerSearchCommand(p),
  // `entities` and `entity` live in one file.
  entities: async (p) => (await import('./entities.js')).registerEntitiesCommand(p),
  show: async (p) => (await import('./show.js')).registerShowCommand(p),
  export: async (p) => (await import('./export.js')).registerExportCommand(p),
  worker: async (p) => (await import('./worker.js')).registerWorkerCommand(p),
  queue: async (p) => (await import('./queue.js')).registerQueueCommand(p),
  migrate: async (p) => (await import('./migrate.js')).registerMigrateCommand(p),
  rebuild: async (p) => (await import('./rebuild.js')).registerRebuildCommand(p),
  serve: async (p) => (await import('./serve.js')).registerServeCommand(p),
  // `stories`, `story` and `rebuild-stories` live in one file (issue 9).
  stories: async (p) => (await import('./stories.js')).registerStoriesCommands(p),
  watch: async (p) => (await import('./watch.js')).registerWatchCommand(p),
  eval: async (p) => {
    const [{ getEvalCommand, registerEvalCommand }, { registerEvalQuotesCommand }, { registerEvalExtractCommand }, { entityStageAsTagger }] = await Promise.all([
      import('./eval.js'),
      import('./eval-quotes.js'),
      import('./eval-extract.js'),
      import('../eval/entity-predictor.js'),
    ]);
    registerEvalCommand(p, { pipelinePredictor: entityStageAsTagger });
    registerEvalQuotesCommand(getEvalCommand(p));
    registerEvalExtractCommand(getEvalCommand(p));
    (await import('./stories.js')).registerEvalStoriesCommand(getEvalCommand(p));
  },
};
const ALIASES: Readonly<Record<string, string>> = { entity: 'entities', story: 'stories', 'rebuild-stories': 'stories' };
/** Commands that run long over a growing corpus: their heap is kept close to what it holds. */
const LONG_RUNNING = new Set(['ingest', 'worker', 'rebuild', 'serve', 'watch']);

/** The `saksi` command line. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('saksi')
    .description('Reads news the way a fact-checker does: who said what, when, with which numbers, and who denied it.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  try {
    const name = argv[2];
    const wanted = name !== undefined ? COMMANDS[ALIASES[name] ?? name] : undefined;
    if (name !== undefined && LONG_RUNNING.has(ALIASES[name] ?? name)) (await import('../corpus/heap.js')).keepHeapNearLive();
    for (const register of wanted ? [wanted] : Object.values(COMMANDS)) await register(program);
    await program.parseAsync([...argv]);
  } catch (err) {
    process.exitCode = exitCodeOf(err);
  }
}

function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end through exitOverride with code 0; everything else commander
    // rejects (missing argument, unknown command or option, no command at all) is a usage error.
    return err.exitCode === 0 ? 0 : EXIT.usage;
  }
  if (err instanceof CliError) {
    process.stderr.write(`saksi: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`saksi: internal error (please report): ${message}\n`);
  return 70;
}
