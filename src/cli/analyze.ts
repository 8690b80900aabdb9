import type { Command } from 'commander';
import { analyzeSource } from '../analysis/analyze.js';
import { NETWORK_FAILURE_CODES } from '../read/index.js';
import { loadKnowledgeBase } from '../kb/index.js';
import type { Diagnostic } from '../types.js';
import { CliError, EXIT, requireFiles } from './errors.js';
import { formatDiagnostic, formatReport } from './report.js';
import { nonNegativeInt } from './store-cli.js';

interface AnalyzeFlags {
  json?: boolean;
  lang: string;
  date?: string;
  kb?: string[];
  maxSize?: string;
  timeout?: string;
  maxRedirects?: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(value: string, option: string): string {
  const m = ISO_DATE.exec(value);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : undefined;
  if (!m || !d || d.getUTCDate() !== +m[3]! || d.getUTCMonth() !== +m[2]! - 1) {
    throw new CliError(`${option} expects a date as YYYY-MM-DD, got '${value}'`, EXIT.usage);
  }
  return value;
}

function parsePositive(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${option} expects a positive number, got '${value}'`, EXIT.usage);
  return n;
}

/** Exit code for a source that could not be read: missing files differ from bad content. */
function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  const codes = new Set(diagnostics.map((d) => d.code));
  if (codes.has('not-found') || codes.has('is-directory') || codes.has('unreadable')) return EXIT.noInput;
  if ([...codes].some((c) => NETWORK_FAILURE_CODES.has(c))) return EXIT.unavailable;
  return EXIT.badInput;
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('analyse one article (a .txt or .html file, an http(s) URL, or - for standard input)')
    .argument('<source>', 'file, URL, or - for standard input')
    .option('--json', 'print the analysis as JSON (docs/analysis-contract.md)')
    .option('--lang <code>', 'language of the article: id, en, or auto', 'auto')
    .option('--date <YYYY-MM-DD>', 'the article date, for relative dates ("kemarin", "last week")')
    .option('--kb <file...>', 'extra knowledge-base files (.csv or .json)')
    .option('--max-size <MB>', 'largest input to read, in megabytes (default 10)')
    .option('--timeout <seconds>', 'for URLs: give up after this long (default 15)')
    .option('--max-redirects <n>', 'for URLs: redirects to follow (default 5)')
    .action(async (source: string, flags: AnalyzeFlags) => {
      const date = flags.date !== undefined ? parseIsoDate(flags.date, '--date') : undefined;
      if (!/^(auto|[a-z]{2,3})$/.test(flags.lang)) throw new CliError(`--lang expects a language code such as id or en, or auto; got '${flags.lang}'`);
      const maxMb = parsePositive(flags.maxSize, '--max-size');
      const timeout = parsePositive(flags.timeout, '--timeout');
      const maxRedirects = nonNegativeInt(flags.maxRedirects, '--max-redirects');
      const kb = flags.kb ? loadUserKb(flags.kb) : undefined;

      const result = await analyzeSource(source, {
        lang: flags.lang,
        ...(date ? { date } : {}),
        ...(kb ? { kb } : {}),
        ...(maxMb ? { maxBytes: Math.round(maxMb * 1024 * 1024) } : {}),
        ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
        ...(maxRedirects !== undefined ? { maxRedirects } : {}),
      });
      if (!result.ok) {
        for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.exitCode = exitCodeFor(result.diagnostics);
        return;
      }
      const { analysis } = result;
      for (const d of analysis.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      if (flags.json) process.stdout.write(`${JSON.stringify(analysis, null, 2)}\n`);
      else process.stdout.write(formatReport(analysis, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }));
    });
}

function loadUserKb(files: string[]) {
  requireFiles(files, '--kb');
  try {
    return loadKnowledgeBase({ extraFiles: files });
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), EXIT.badInput);
  }
}
