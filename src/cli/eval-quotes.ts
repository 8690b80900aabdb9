import type { Command } from 'commander';
import { analyze } from '../analysis/analyze.js';
import { BratError } from '../eval/brat.js';
import { EvalInputError, evalQuotesDir, formatQuotesReport } from '../eval/quotes.js';
import { CliError, EXIT } from './errors.js';

/**
 * `saksi eval quotes <dir> [--json] [--lang CODE]`: scores claim attribution against brat gold.
 * @example registerEvalQuotesCommand(program.commands.find((c) => c.name() === 'eval')!)
 */
export function registerEvalQuotesCommand(evalCmd: Command): Command {
  return evalCmd
    .command('quotes')
    .description(
      'score quote attribution (source, cue, content; exact span and overlap) against brat standoff gold: NAME.txt with NAME.ann beside it',
    )
    .argument('<dir>', 'directory of .txt files with brat .ann annotations (searched recursively)')
    .option('--json', 'print the report as JSON')
    .option('--lang <code>', "language of the texts: 'id', 'en' or 'auto'", 'auto')
    .option('--cues <which>', "'all' attributions, or only 'speech' ones (cue: say, tell, deny, according to... in any inflection)", 'all')
    .option('--acts <which>', "predictions scored: 'statement' (claims alone, as saksi's convention annotates), 'speech' (claims and requests: the speech acts) or 'all' (claims and attitudes: beliefs, feelings, intentions, requests, as PolNeAR annotates)", 'statement')
    .addHelpText(
      'after',
      `
Gold annotations (brat standoff: fields separated by tabs, offsets in characters):
  T1 Source 10 25 Ana             spans typed Source (or Speaker), Cue (or Trigger),
  T2 Cue 26 30 said               Content (or Quote, Quotation, Message);
  T3 Content 0 5;10 20 ...        discontinuous spans as START END;START END
  R1 Attribution Arg1:T2 Arg2:T1  relations: roles come from the spans' types
  E1 Attribution:T2 Source:T1 Content:T3
                                  events: the trigger is the cue; argument names
                                  give roles to spans of other types
  Other span types, attributes (A), notes (#) and normalisations (N) are ignored.
Predictions: each claim's speakers (source), cue and span (content); with
--acts all, each attitude's too (beliefs, feelings, intentions, requests); with
--acts speech, the requests' (urged, called for) besides the claims.
Scores: precision, recall, F1 per role, by exact span and by overlap (a shared
character, matched one to one), micro-averaged over the directory. Per claim
(gold event and claim matched one to one by content overlap): claim precision
and recall; speaker accuracy (resolved name, else the speaker's text, against
the AnnotatorNotes name, else the Source text, folded); precision and recall
of the deny and doubt stances (from 'A1 Stance E1 deny' attributes).
`,
    )
    .action((dir: string, opts: { json?: boolean; lang: string; cues: string; acts: string }) => {
      if (opts.cues !== 'all' && opts.cues !== 'speech') {
        throw new CliError(`--cues must be 'all' or 'speech', not ${JSON.stringify(opts.cues)}`, EXIT.usage);
      }
      if (opts.acts !== 'statement' && opts.acts !== 'speech' && opts.acts !== 'all') {
        throw new CliError(`--acts must be 'statement', 'speech' or 'all', not ${JSON.stringify(opts.acts)}`, EXIT.usage);
      }
      const { cues, acts } = opts;
      const report = runOrExplain(() => evalQuotesDir(dir, { analyze: (text) => analyze(text, { lang: opts.lang }), cues, acts }));
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatQuotesReport(report)}\n`);
    });
}

/** Turns evaluation input errors into one-line CLI errors with a fitting exit code. */
export function runOrExplain<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof EvalInputError) throw new CliError(err.message, err.kind === 'missing' ? EXIT.noInput : EXIT.badInput);
    if (err instanceof BratError) throw new CliError(err.message, EXIT.badInput);
    throw err;
  }
}
