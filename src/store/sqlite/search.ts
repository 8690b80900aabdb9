/**
 * Full-text search on SQLite FTS5 (bm25 ranking, snippets, diacritic-insensitive), kept apart
 * from the store so that the query translation can change without touching the rest.
 * `search` runs with the store as `this` (its cached statements and liveness check).
 */
import type Database from 'better-sqlite3';
import { StoreError, type SearchHit, type SearchQuery } from '../store.js';
import { documentFilters, pick, type Row } from './rows.js';
import { SearchSyntaxError, parseSearchQuery } from '../query.js';
import { toFts5 } from '../sqlite-search.js';

/** bm25 weight of the title against the body (1.0): a word in the title says more about the article. */
export const TITLE_WEIGHT = 4.0;
/** Words around each match in a search snippet. */
export const SNIPPET_TOKENS = 24;
const DEFAULT_SEARCH_LIMIT = 20;
const MAX_SEARCH_LIMIT = 1000;

/** What `search` needs of the store it runs in. */
export interface SearchHost {
  alive(): void;
  stmt(sql: string): Database.Statement;
}


/**
 * Makes a user's search words safe for FTS5 without taking its syntax away: a bare word with
 * inner punctuation ("Jong-un", "U.S.") becomes a quoted phrase; quotes, parentheses, AND, OR,
 * NOT, NEAR, prefix* and column filters pass through untouched.
 * @example ftsQuery('Kim Jong-un') // 'Kim "Jong-un"'
 */
export function ftsQuery(query: string): string {
  return query
    .split(/(\s+)/)
    .map((part) => {
      if (part === '' || /^\s+$/.test(part)) return part;
      if (/["()^:*+]/.test(part)) return part;
      if (/^(AND|OR|NOT|NEAR)$/.test(part)) return part;
      if (/^[\p{L}\p{N}\p{M}_\u0080-\uffff]+$/u.test(part) && !/[\p{P}\p{S}]/u.test(part)) return part;
      return `"${part}"`;
    })
    .join('');
}

/** Ranked full-text search (`Store.search`); `this` is the store. */
export async function search(this: SearchHost, q: SearchQuery): Promise<SearchHit[]> {
  this.alive();
  // saksi's own syntax, parsed (a SearchSyntaxError for the user) and translated with every term
  // quoted: no FTS5 syntax of the user's reaches SQLite.
  const match = toFts5(parseSearchQuery(q.query));
  const filters = documentFilters(q);
  const where = ['documents_fts MATCH ?', 'documents_fts.rank MATCH ?', ...filters.where];
  const params: unknown[] = [match, `bm25(${TITLE_WEIGHT}, 1.0)`, ...filters.params];
  const limit = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.floor(q.limit ?? DEFAULT_SEARCH_LIMIT)));
  params.push(limit);
  // ORDER BY the FTS5 rank column (bm25 with the title weighted, set by `rank MATCH`) alone lets
  // FTS5 hand the rows over best first, so SQLite needs no sort of its own and the LIMIT stops
  // the scan: snippets, highlights and joins are computed for the rows returned only, not for
  // every hit of a common word. Ties come in id order.
  const sql = `SELECT d.id, d.title, d.url, d.source, d.published, d.language, r.target_id AS copy_of,
      documents_fts.rank AS rank,
      snippet(documents_fts, 1, char(2), char(3), '…', ${SNIPPET_TOKENS}) AS snip,
      highlight(documents_fts, 0, char(2), char(3)) AS title_hl
    FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
    LEFT JOIN relations r ON r.document_id = d.id AND r.kind = 'copy-of'
    WHERE ${where.join(' AND ')}
    ORDER BY documents_fts.rank LIMIT ?`;
  let rows: Row[];
  try {
    rows = this.stmt(sql).all(...params) as Row[];
  } catch (err) {
    // The translation quotes every term, so this is a bug, not the user's doing: said without SQLite's wording.
    if (/fts5|syntax error|unterminated|no such column|malformed MATCH|unknown special query/i.test((err as Error).message)) {
      throw new SearchSyntaxError(`cannot search for ${JSON.stringify(q.query.slice(0, 80))} (please report this query)`, { cause: err });
    }
    throw err;
  }
  return rows.map((r) => ({
    id: r['id'] as number,
    ...pick(r, { title: 'title', url: 'url', source: 'source', published: 'published', language: 'language' }),
    score: -(r['rank'] as number),
    snippet: r['snip'] as string,
    ...(r['title'] != null ? { titleHighlighted: r['title_hl'] as string } : {}),
    ...(r['copy_of'] != null ? { copyOf: r['copy_of'] as number } : {}),
  }));
}
