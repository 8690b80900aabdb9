/**
 * The store's search syntax (as on SQLite FTS5: words ANDed, "quoted phrases", OR, AND, NOT,
 * parentheses, prefix*) translated into a PostgreSQL tsquery expression. Every user word goes in
 * as a bound parameter through `phraseto_tsquery`/`to_tsquery` with the store's text search
 * configuration, so it is folded (unaccent, lower case) exactly as the indexed text was, and no
 * user text is ever spliced into SQL.
 *
 * Precedence as in FTS5: NOT binds tighter than AND (explicit or implied), AND tighter than OR.
 */
import { StoreError } from '../store.js';

type Node =
  | { readonly kind: 'phrase'; readonly text: string }
  | { readonly kind: 'prefix'; readonly text: string }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Node[] }
  | { readonly kind: 'not'; readonly item: Node; readonly from?: Node };

type Token =
  | { readonly t: 'word'; readonly text: string; readonly at: number }
  | { readonly t: 'phrase'; readonly text: string; readonly at: number }
  | { readonly t: 'AND' | 'OR' | 'NOT' | '(' | ')'; readonly at: number };

function bad(query: string, why: string): StoreError {
  return new StoreError(`bad search query ${JSON.stringify(query)}: ${why}`, 'bad-query');
}

function tokenize(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      const end = query.indexOf('"', i + 1);
      if (end < 0) throw bad(query, `unterminated phrase starting at character ${i + 1}`);
      out.push({ t: 'phrase', text: query.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (c === '(' || c === ')') {
      out.push({ t: c, at: i });
      i++;
    } else {
      let j = i;
      while (j < query.length && !/[\s"()]/.test(query[j]!)) j++;
      const word = query.slice(i, j);
      if (word === 'AND' || word === 'OR' || word === 'NOT') out.push({ t: word, at: i });
      else out.push({ t: 'word', text: word, at: i });
      i = j;
    }
  }
  return out;
}

/** Parses the user's query; a malformed one is a `StoreError` with code `bad-query`. */
export function parseSearch(query: string): Node {
  const tokens = tokenize(query);
  if (tokens.length === 0) throw new StoreError('empty search query', 'bad-query');
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const describe = (t: Token | undefined): string => (t === undefined ? 'the end of the query' : t.t === 'word' || t.t === 'phrase' ? JSON.stringify(t.text) : t.t);

  const orExpr = (): Node => {
    const items = [andExpr()];
    while (peek()?.t === 'OR') {
      pos++;
      items.push(andExpr());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const andExpr = (): Node => {
    const items = [notExpr()];
    for (;;) {
      const t = peek();
      if (t?.t === 'AND') {
        pos++;
        items.push(notExpr());
      } else if (t && (t.t === 'word' || t.t === 'phrase' || t.t === '(' || t.t === 'NOT')) {
        items.push(notExpr());
      } else break;
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const notExpr = (): Node => {
    if (peek()?.t === 'NOT') {
      pos++;
      return { kind: 'not', item: primary() };
    }
    let left = primary();
    while (peek()?.t === 'NOT') {
      pos++;
      left = { kind: 'not', from: left, item: primary() };
    }
    return left;
  };
  const primary = (): Node => {
    const t = peek();
    if (t === undefined || t.t === 'AND' || t.t === 'OR' || t.t === 'NOT' || t.t === ')') {
      const after = tokens[pos - 1];
      throw bad(query, after ? `expected a word after ${describe(after)}, found ${describe(t)}` : `expected a word, found ${describe(t)}`);
    }
    pos++;
    if (t.t === '(') {
      const inner = orExpr();
      if (peek()?.t !== ')') throw bad(query, `missing ) for the ( at character ${t.at + 1}`);
      pos++;
      return inner;
    }
    if (t.t === 'phrase') {
      if (t.text.trim() === '') throw bad(query, `empty phrase at character ${t.at + 1}`);
      return { kind: 'phrase', text: t.text };
    }
    if (t.t !== 'word') throw bad(query, `unexpected ${describe(t)}`);
    if (t.text.length > 1 && t.text.endsWith('*')) return { kind: 'prefix', text: t.text.slice(0, -1) };
    return { kind: 'phrase', text: t.text };
  };

  const node = orExpr();
  if (pos < tokens.length) throw bad(query, `unexpected ${describe(tokens[pos])} at character ${tokens[pos]!.at + 1}`);
  return node;
}

/** A lexeme quoted for to_tsquery: 'it''s':* */
function quoteLexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The SQL expression of the query's tsquery, with its parameters appended to `params`
 * (numbered from `params.length + 1`).
 * @example tsqueryExpression(parseSearch('tentar* OR "Korea Utara"'), 'saksi_fts', [])
 *   // "(to_tsquery('saksi_fts', $1) || phraseto_tsquery('saksi_fts', $2))"
 */
export function tsqueryExpression(node: Node, config: string, params: unknown[]): string {
  const cfg = `'${config}'::regconfig`;
  const walk = (n: Node): string => {
    switch (n.kind) {
      case 'phrase':
        params.push(n.text);
        return `phraseto_tsquery(${cfg}, $${params.length})`;
      case 'prefix':
        params.push(`${quoteLexeme(n.text)}:*`);
        return `to_tsquery(${cfg}, $${params.length})`;
      case 'and':
        return `(${n.items.map(walk).join(' && ')})`;
      case 'or':
        return `(${n.items.map(walk).join(' || ')})`;
      case 'not':
        return n.from ? `(${walk(n.from)} && !!${walk(n.item)})` : `(!!${walk(n.item)})`;
    }
  };
  return walk(node);
}
