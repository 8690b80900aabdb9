/**
 * `saksi eval ...`: measure saksi against annotated files. This file adds the `eval` command and its
 * `ner` subcommand; other subcommands (`eval quotes`, `eval extract`) attach to the same command
 * from their own files through `getEvalCommand(program)`.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConllFormatError, parseConll, type ConllSentence } from '../eval/conll.js';
import { formatNerReport, parseTypeMap, scoreNer, type NerPredictor } from '../eval/ner.js';
import { loadTagger } from '../ner/tagger.js';
import { CliError, EXIT } from './errors.js';

/** Makes the predictor `eval ner` scores, for a language. May be async (loading a pipeline). */
export type NerPredictorFactory = (lang: string) => NerPredictor | undefined | Promise<NerPredictor | undefined>;

export interface EvalCommandOptions {
  /** What `eval ner --stage tagger` measures (the default): the statistical tagger of `src/ner`. */
  readonly nerPredictor?: NerPredictorFactory;
  /** What `eval ner --stage pipeline` measures: the whole entity stage of `analyze`. */
  readonly pipelinePredictor?: NerPredictorFactory;
}

/** The default predictor: the shipped statistical tagger for the language. */
export const taggerPredictor: NerPredictorFactory = (lang) => {
  const tagger = loadTagger(lang);
  return tagger ? (tokens) => tagger.tag(tokens) : undefined;
};

/**
 * The `eval` command of `program`, created on first use, so each subcommand can register itself
 * from its own file in any order.
 * @example getEvalCommand(program).command('quotes <file>').action(...)
 */
export function getEvalCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'eval');
  if (existing) return existing;
  return program.command('eval').description('measure saksi against annotated files');
}

/**
 * Adds `saksi eval ner <file.conll> [--map TAG=TYPE,...] [--lang id] [--json]`.
 * @example registerEvalCommand(program, { nerPredictor: async (lang) => entityStageAsTagger(lang) })
 */
export function registerEvalCommand(program: Command, options: EvalCommandOptions = {}): Command {
  const evalCmd = getEvalCommand(program);
  const predictorFor = options.nerPredictor ?? taggerPredictor;
  evalCmd
    .command('ner')
    .description('score named entities against a CoNLL file (token first, IOB tag last): exact spans, P/R/F1 per type')
    .argument('<file>', 'CoNLL file: one token a line, tag in the last column, blank line between sentences')
    .option('--map <pairs>', 'rename types before matching, on both sides: PER=PERSON,LOC=GPE (TYPE=O drops one)')
    .option('--lang <code>', 'language of the text', 'id')
    .option('--stage <stage>', 'tagger (the statistical tagger) or pipeline (tagger + gazetteers + title rules, as analyze runs)', 'tagger')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { map?: string; lang: string; stage: string; json?: boolean }) => {
      if (opts.stage !== 'tagger' && opts.stage !== 'pipeline') throw new CliError(`--stage expects tagger or pipeline, got '${opts.stage}'`, EXIT.usage);
      if (opts.stage === 'pipeline' && !options.pipelinePredictor) throw new CliError('--stage pipeline is not available here', EXIT.usage);
      let map: Record<string, string> | undefined;
      if (opts.map !== undefined) {
        try {
          map = parseTypeMap(opts.map);
        } catch (err) {
          throw new CliError(`--map: ${(err as Error).message}`, EXIT.usage);
        }
      }
      const gold = readConllFile(file);
      const predict = await (opts.stage === 'pipeline' ? options.pipelinePredictor! : predictorFor)(opts.lang);
      if (!predict) throw new CliError(`no named-entity tagger for language "${opts.lang}"`, EXIT.unavailable);
      const report = scoreNer(gold, predict, map ? { map } : {});
      process.stdout.write(opts.json ? `${JSON.stringify({ file, ...report }, null, 2)}\n` : `${formatNerReport(report)}\n`);
    });
  return evalCmd;
}

/**
 * Reads and parses a CoNLL file, turning problems into CliErrors that name the file:
 * EXIT.noInput when it cannot be read, EXIT.badInput when it is malformed or has no sentence.
 */
export function readConllFile(file: string): ConllSentence[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`, EXIT.noInput);
    if (code === 'EISDIR') throw new CliError(`${file}: is a directory, expected a CoNLL file`, EXIT.noInput);
    throw new CliError(`${file}: cannot read (${code ?? (err as Error).message})`, EXIT.noInput);
  }
  let sentences: ConllSentence[];
  try {
    sentences = parseConll(text, { file });
  } catch (err) {
    if (err instanceof ConllFormatError) throw new CliError(err.message, EXIT.badInput);
    throw err;
  }
  if (sentences.length === 0) throw new CliError(`${file}: no sentences (empty CoNLL file)`, EXIT.badInput);
  return sentences;
}
