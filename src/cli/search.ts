/**
 * `saksi search "<query>"`: ranked full-text search over the stored articles, with highlighted
 * snippets (colour on a TTY, [brackets] in a pipe; match offsets in `--json`).
 */
import type { Command } from 'commander';
import { hitJson, splitHighlights } from '../store/search-hit.js';
import { formatQuery, parseSearchQuery, type ParsedQuery } from '../store/query.js';
import { CliError, EXIT } from './errors.js';
import { colorsFor, dbOption, positiveInt, storeErrorToCli, withReadStore, writeJson, type Colors } from './store-cli.js';

interface SearchFlags {
  db?: string;
  lang?: string;
  since?: string;
  until?: string;
  source?: string;
  limit?: string;
  json?: boolean;
}


function render(marked: string, c: Colors, color: boolean): string {
  const { text, matches } = splitHighlights(marked.replace(/\s+/g, ' '));
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start);
    const word = text.slice(m.start, m.end);
    out += color ? c.bold(c.yellow(word)) : `[${word}]`;
    at = m.end;
  }
  return out + text.slice(at);
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (since) or last (until) day it covers. */
export function dayBound(value: string, option: string, end: boolean): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  const fail = (): never => {
    throw new CliError(`${option} expects a date as YYYY-MM-DD (or YYYY-MM, YYYY), got '${value}'`, EXIT.usage);
  };
  if (!m) return fail();
  const year = Number(m[1]);
  const month = m[2] !== undefined ? Number(m[2]) : end ? 12 : 1;
  if (month < 1 || month > 12) return fail();
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m[3] !== undefined ? Number(m[3]) : end ? last : 1;
  if (day < 1 || day > last) return fail();
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function registerSearchCommand(program: Command): void {
  dbOption(
    program
      .command('search')
      .description('Full-text search over stored articles: words (all must match), "a phrase", -excluded, a OR b, prefix* (docs/search.md)')
      .argument('<query>', 'what to look for'),
  )
    .option('--lang <code>', 'only articles in this language (id, en…)')
    .option('--since <date>', 'only articles published on or after (YYYY-MM-DD)')
    .option('--until <date>', 'only articles published on or before (YYYY-MM-DD)')
    .option('--source <name>', 'only articles from this outlet')
    .option('--limit <n>', 'at most this many results (default 20)')
    .option('--json', 'print results as JSON')
    .action(async (query: string, flags: SearchFlags) => {
      const limit = positiveInt(flags.limit, '--limit') ?? 20;
      const since = flags.since !== undefined ? dayBound(flags.since, '--since', false) : undefined;
      const until = flags.until !== undefined ? dayBound(flags.until, '--until', true) : undefined;
      if (since && until && since > until) throw new CliError(`--since ${since} is after --until ${until}`, EXIT.usage);
      // Parsed here too, before the store opens: a query the user must change is said at once (exit
      // 64), and what the parser cut or ignored is said on stderr.
      let parsed: ParsedQuery;
      try {
        parsed = parseSearchQuery(query);
      } catch (err) {
        throw storeErrorToCli(err);
      }
      for (const note of parsed.notes) process.stderr.write(`saksi: note: ${note}\n`);
      const started = process.hrtime.bigint();
      const hits = await withReadStore(flags.db, (store) =>
        store.search({
          query,
          limit,
          ...(flags.lang ? { language: flags.lang } : {}),
          ...(since ? { since } : {}),
          ...(until ? { until } : {}),
          ...(flags.source ? { source: flags.source } : {}),
        }),
      );
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (flags.json) {
        writeJson({ query, searched: formatQuery(parsed), ...(parsed.notes.length > 0 ? { notes: parsed.notes } : {}), count: hits.length, elapsedMs: Math.round(ms * 10) / 10, results: hits.map(hitJson) });
        return;
      }
      const c = colorsFor(process.stdout);
      const color = Boolean(process.stdout.isTTY) && c.isColorSupported;
      if (hits.length === 0) {
        process.stderr.write(`no articles match ${formatQuery(parsed)}\n`);
        return;
      }
      const out: string[] = [];
      const best = Math.max(...hits.map((h) => h.score));
      hits.forEach((h, i) => {
        const title = h.titleHighlighted !== undefined ? render(h.titleHighlighted, c, color) : c.dim('(untitled)');
        const meta = [h.source, h.published?.slice(0, 10), h.language, h.copyOf !== undefined ? `copy of #${h.copyOf}` : undefined].filter(Boolean).join(' · ');
        out.push(`${c.dim(`${String(i + 1).padStart(2)}.`)} ${c.cyan(`#${h.id}`)} ${c.bold(title)}`);
        out.push(`    ${c.dim(`${meta}${meta ? ' · ' : ''}${relevance(h.score, best)}`)}`);
        out.push(`    ${render(h.snippet, c, color)}`);
        if (h.url) out.push(`    ${c.dim(h.url)}`);
      });
      out.push(c.dim(`${hits.length} result${hits.length === 1 ? '' : 's'} in ${ms.toFixed(1)} ms; saksi show <id> for the analysis`));
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

/**
 * A hit's score as a share of the best hit's: bm25's raw values depend on the store's size (on a
 * few documents, words found in most of them score near 0 and printed as "0.00" for every hit).
 */
export function relevance(score: number, best: number): string {
  if (!(best > 0) || !Number.isFinite(score)) return 'relevance n/a';
  return `relevance ${Math.max(0, Math.round((100 * score) / best))}%`;
}

