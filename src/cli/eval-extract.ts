import type { Command } from 'commander';
import { analyze } from '../analysis/analyze.js';
import { type ExtractOutcome, evalExtractDir, formatExtractReport, keptText } from '../eval/extract.js';
import { htmlToDocument } from '../read/read-source.js';
import { runOrExplain } from './eval-quotes.js';

/**
 * `saksi eval extract <dir> [--json]`: token-level precision, recall and F1 of the text saksi keeps
 * from each page (readability's article minus the boilerplate the analysis removes).
 * @example registerEvalExtractCommand(program.commands.find((c) => c.name() === 'eval')!)
 */
export function registerEvalExtractCommand(evalCmd: Command): Command {
  return evalCmd
    .command('extract')
    .description(
      'score article-text extraction: NAME.html[.gz] with the expected body in NAME.txt, or one .json mapping ids to {articleBody}',
    )
    .argument('<dir>', 'directory of pages and expected texts')
    .option('--json', 'print the report as JSON')
    .action((dir: string, opts: { json?: boolean }) => {
      const report = runOrExplain(() => evalExtractDir(dir, { extract: saksiKeeps }));
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatExtractReport(report)}\n`);
    });
}

/** The text saksi keeps from one page: the document's text minus the spans the analysis removes. */
export function saksiKeeps(html: string, origin: string, url?: string): ExtractOutcome {
  const read = htmlToDocument(html, origin, url);
  if (!read.ok) return { ok: false, error: read.diagnostics.map((d) => d.message).join('; ') || 'no article found' };
  const analysis = analyze(read.doc.text, { meta: read.doc.meta, diagnostics: read.doc.diagnostics });
  return { ok: true, text: keptText(analysis) };
}
