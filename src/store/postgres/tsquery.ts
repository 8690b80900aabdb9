/**
 * saksi's search syntax (src/store/query.ts, the same parser as SQLite's) translated into a
 * PostgreSQL tsquery expression. Every user word goes in as a bound parameter through
 * `phraseto_tsquery` / `to_tsquery` with the store's text search configuration, so it is folded
 * (unaccent, lower case) exactly as the indexed text was, and no user text is ever spliced into SQL.
 *
 * The tree: every group must match (&&), any term of a group will do (||), and no excluded term
 * may (&& !!). A phrase is its words next to each other (<->); a prefix term's last word is
 * matched as a prefix (`:*`).
 */
import type { ParsedQuery, SearchTerm } from '../query.js';

/**
 * The SQL expression of the query's tsquery, with its parameters appended to `params`
 * (numbered from `params.length + 1`).
 * @example tsqueryExpression(parseSearchQuery('harga "Korea Utara"'), 'saksi_fts', [])
 *   // "((phraseto_tsquery('saksi_fts'::regconfig, $1)) && (phraseto_tsquery('saksi_fts'::regconfig, $2)))"
 */
export function tsqueryExpression(q: ParsedQuery, config: string, params: unknown[]): string {
  const cfg = `'${config.replace(/'/g, "''")}'::regconfig`;
  const term = (t: SearchTerm): string => {
    const words = t.prefix ? t.words.slice(0, -1) : t.words;
    const parts: string[] = [];
    if (words.length > 0) {
      params.push(words.join(' '));
      parts.push(`phraseto_tsquery(${cfg}, $${params.length})`);
    }
    if (t.prefix) {
      // The words are letters and digits only (query.ts), so quoting them as a lexeme is safe.
      params.push(`'${t.words[t.words.length - 1]!}':*`);
      parts.push(`to_tsquery(${cfg}, $${params.length})`);
    }
    return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
  };
  const groups = q.all.map((g) => `(${g.map(term).join(' || ')})`);
  const none = q.none.map((t) => `!!${term(t)}`);
  return `(${[...groups, ...none].join(' && ')})`;
}
