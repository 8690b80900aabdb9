/**
 * The search tree of `query.ts` as an SQLite FTS5 MATCH expression. Every term is a double-quoted
 * FTS5 string, so no FTS5 operator, column filter or special query can come from the user: the
 * only operators are the ones written here (AND, OR, NOT, parentheses, the prefix star).
 */
import type { ParsedQuery, SearchTerm } from './query.js';

/** One term as an FTS5 string: `"korea utara"`, `"ekonom"*` (the star marks the last word a prefix). */
export function fts5Term(t: SearchTerm): string {
  const body = `"${t.words.join(' ').replace(/"/g, '""')}"`;
  return t.prefix ? `${body}*` : body;
}

/**
 * The FTS5 MATCH expression of a parsed query.
 * @example toFts5(parseSearchQuery('harga OR cabai -"korea utara"')) // '(("harga" OR "cabai")) NOT ("korea utara")'
 */
export function toFts5(q: ParsedQuery): string {
  const groups = q.all.map((g) => (g.length === 1 ? fts5Term(g[0]!) : `(${g.map(fts5Term).join(' OR ')})`));
  const positive = groups.join(' AND ');
  if (q.none.length === 0) return positive;
  return `(${positive}) NOT (${q.none.map(fts5Term).join(' OR ')})`;
}
