/**
 * saksi's own search syntax, the same for every store backend: the user's string is parsed here
 * into a small tree (groups of alternatives that must all match, and exclusions) which each backend
 * translates to its own query language (SQLite FTS5 in `sqlite-search.ts`; a PostgreSQL tsquery
 * reads the same tree). Nothing the user types reaches a backend's parser as syntax.
 *
 * The syntax (docs/search.md):
 * - `word word`: both words (implicit AND); `AND` between terms is allowed and changes nothing;
 * - `"a phrase"`: these words next to each other, in this order;
 * - `-word`, `-"a phrase"`, `NOT word`: no document with it;
 * - `a OR b`: either (OR binds the terms right before and after it: `x a OR b` is x AND (a OR b));
 * - `ekonom*`: a word starting with at least MIN_PREFIX_CHARS letters; `"bank indo"*`: a phrase
 *   whose last word is a prefix;
 * - parentheses separate like spaces: `("harga beras" OR cabai)` is the phrase or the word;
 * - everything else is text: punctuation inside a word joins its pieces as a phrase (`Jong-un`,
 *   `U.S.`, `10.000`), other punctuation separates words (`harga:beras` is harga and beras).
 *
 * Terms are folded (NFKC, lower case) and deduplicated; the query is capped at MAX_QUERY_CHARS
 * characters, MAX_TERMS terms and MAX_PREFIXES prefixes, and each cut is said in `notes`. A string that leaves nothing to
 * look for is a `SearchSyntaxError` with a message for the user.
 */
import { StoreError } from './store.js';

/** Characters of the query read; the rest is ignored (with a note). */
export const MAX_QUERY_CHARS = 1000;
/** Distinct terms (words, phrases, prefixes, alternatives and exclusions together) searched. */
export const MAX_TERMS = 16;
/** Words of one phrase searched; a longer phrase keeps its first ones. */
export const MAX_PHRASE_WORDS = 16;
/** Letters or digits a prefix needs before its `*` (`ek*`, not `e*`). */
export const MIN_PREFIX_CHARS = 2;
/**
 * Prefixes searched as prefixes; later ones are searched as whole words. A short prefix stands for
 * thousands of words (Indonesian `me*`): on 20,000 Detik articles one costs as much as a dozen
 * common words, and two with a long OR passed 1 s (bench section 5b).
 */
export const MAX_PREFIXES = 1;

/** A word (one entry in `words`), or a phrase: its words next to each other, in order. */
export interface SearchTerm {
  /** Folded words: letters, digits (and private-use characters) only, never empty. */
  readonly words: readonly string[];
  /** The last word is a prefix. */
  readonly prefix: boolean;
}

/** A parsed query: every group must match (AND), any term of a group will do (OR). */
export interface ParsedQuery {
  /** Never empty; no group is empty. */
  readonly all: readonly (readonly SearchTerm[])[];
  /** A document matching any of these is left out. */
  readonly none: readonly SearchTerm[];
  /** What was cut, ignored or read in a particular way, for the user. */
  readonly notes: readonly string[];
}

/** A query the user must change; the message says why, in the user's terms (no backend wording). */
export class SearchSyntaxError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'bad-query');
    this.name = 'SearchSyntaxError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** Punctuation that joins the pieces of one word into a phrase when it stands alone between them. */
const JOINERS = new Set(['-', '\u2010', '\u2011', '.', "'", '\u2019', '/', ',', '_', '&', '@']);
const WORD_RUN = /[\p{L}\p{N}\p{Co}]+/gu;
/** What separates chunks: spaces, and parentheses (a reader's grouping, which OR's binding makes needless). */
const SPACE = /[\s()]/u;

interface Item {
  readonly kind: 'term';
  readonly term: SearchTerm;
  readonly negated: boolean;
}
type Token = Item | { readonly kind: 'or' };

const quote = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** The query as a canonical string in this syntax: `tentara (korea OR "korea utara") -rusia`. */
export function formatQuery(q: ParsedQuery): string {
  const term = (t: SearchTerm): string => {
    const body = t.words.length === 1 ? t.words[0]! : `"${t.words.join(' ')}"`;
    return t.prefix ? `${body}*` : body;
  };
  const parts = q.all.map((g) => (g.length === 1 ? term(g[0]!) : `(${g.map(term).join(' OR ')})`));
  for (const t of q.none) parts.push(`-${term(t)}`);
  return parts.join(' ');
}

/** A term's identity: folded further (marks removed) as every backend's index folds them. */
function termKey(t: SearchTerm): string {
  const words = t.words.map((w) => w.normalize('NFKD').replace(/\p{M}+/gu, ''));
  return `${words.join(' ')}${t.prefix ? '*' : ''}`;
}

/**
 * The terms of one bare chunk (no spaces): its runs of letters and digits; a single joiner between
 * two runs keeps them in one phrase, anything else starts a new term. A `*` right after the last
 * run makes it a prefix.
 */
function chunkTerms(chunk: string, notes: string[]): SearchTerm[] {
  // Lower case before the split: a capital may lower to a letter and a mark (İ to i and U+0307).
  const text = chunk.normalize('NFKC').toLowerCase();
  const groups: string[][] = [];
  let lastEnd = -1;
  let lastIndex = 0;
  for (const m of text.matchAll(WORD_RUN)) {
    const gap = lastEnd < 0 ? '' : text.slice(lastEnd, m.index);
    const word = m[0];
    if (lastEnd >= 0 && gap.length === 1 && JOINERS.has(gap)) groups[groups.length - 1]!.push(word);
    else groups.push([word]);
    lastEnd = m.index + m[0].length;
    lastIndex = groups.length - 1;
  }
  if (groups.length === 0) return [];
  const starred = text[lastEnd] === '*';
  const terms: SearchTerm[] = groups.map((words) => ({ words, prefix: false }));
  if (starred) {
    const last = groups[lastIndex]!;
    const stem = last[last.length - 1]!;
    if ([...stem].length >= MIN_PREFIX_CHARS) terms[lastIndex] = { words: last, prefix: true };
    else notes.push(`a prefix needs at least ${MIN_PREFIX_CHARS} letters before the *: ${quote(chunk)} is searched as the word ${quote(stem)}`);
  }
  return terms;
}

/** A quoted phrase's terms: its words as one phrase (a prefix when a `*` follows the closing quote). */
function phraseTerm(content: string): SearchTerm[] {
  const words = [...content.normalize('NFKC').toLowerCase().matchAll(WORD_RUN)].map((m) => m[0]);
  return words.length === 0 ? [] : [{ words, prefix: false }];
}

/** Cuts the query to MAX_QUERY_CHARS, at a space when one is near the end, never inside a surrogate pair. */
function capLength(input: string, notes: string[]): string {
  if (input.length <= MAX_QUERY_CHARS) return input;
  let cut = MAX_QUERY_CHARS;
  const space = input.lastIndexOf(' ', MAX_QUERY_CHARS);
  if (space > MAX_QUERY_CHARS * 0.8) cut = space;
  else if (/[\uD800-\uDBFF]/.test(input[cut - 1] ?? '')) cut--;
  notes.push(`the query is ${input.length.toLocaleString('en-US')} characters long; only its first ${cut.toLocaleString('en-US')} are searched`);
  return input.slice(0, cut);
}

function tokenize(input: string, notes: string[]): Token[] {
  const tokens: Token[] = [];
  const n = input.length;
  let i = 0;
  let not = false;
  let danglingNot = false;
  const ignored: string[] = [];
  const push = (terms: SearchTerm[], negated: boolean): void => {
    for (const term of terms) tokens.push({ kind: 'term', term, negated });
  };
  while (i < n) {
    while (i < n && SPACE.test(input[i]!)) i++;
    if (i >= n) break;
    let negated = false;
    if (input[i] === '-' && i + 1 < n && (input[i + 1] === '"' || /^[\p{L}\p{N}\p{Co}]/u.test(input.slice(i + 1, i + 3)))) {
      negated = true;
      i++;
    }
    if (input[i] === '"') {
      let close = input.indexOf('"', i + 1);
      if (close < 0) {
        notes.push(`a quote is not closed: ${quote(input.slice(i))} is read as a phrase to the end of the query`);
        close = n;
      }
      let terms = phraseTerm(input.slice(i + 1, close));
      i = close + 1;
      if (input[i] === '*') {
        i++;
        const last = terms[0]?.words.at(-1);
        if (last !== undefined && [...last].length >= MIN_PREFIX_CHARS) terms = [{ words: terms[0]!.words, prefix: true }];
        else if (last !== undefined) notes.push(`a prefix needs at least ${MIN_PREFIX_CHARS} letters before the *: the phrase's last word ${quote(last)} is searched whole`);
      }
      push(terms, negated || not);
      if (not && terms.length === 0) danglingNot = true;
      not = false;
      continue;
    }
    let end = i;
    while (end < n && !SPACE.test(input[end]!)) end++;
    const chunk = input.slice(i, end);
    i = end;
    if (!negated && chunk === 'OR') {
      if (not) danglingNot = true;
      not = false;
      tokens.push({ kind: 'or' });
      continue;
    }
    if (!negated && chunk === 'AND') continue;
    if (!negated && chunk === 'NOT') {
      not = true;
      continue;
    }
    const terms = chunkTerms(chunk, notes);
    if (terms.length === 0 && ignored.length < 5) ignored.push(quote(chunk));
    push(terms, negated || not);
    if (not && terms.length === 0) danglingNot = true;
    not = false;
  }
  if (ignored.length > 0) notes.push(`no letters or digits to search for in ${ignored.join(', ')}: ignored`);
  if (not || danglingNot) notes.push('NOT needs a term right after it; a NOT without one is ignored');
  return tokens;
}

/**
 * Parses a search string into the backend-neutral tree.
 * @throws SearchSyntaxError when nothing is left to look for (empty, only punctuation, only exclusions).
 * @example formatQuery(parseSearchQuery('Harga:beras OR cabai -"Jong-un"')) // 'harga (beras OR cabai) -"jong un"'
 */
export function parseSearchQuery(input: string): ParsedQuery {
  const notes: string[] = [];
  const text = capLength(input, notes);
  if (text.trim() === '') throw new SearchSyntaxError('the search query is empty');
  const tokens = tokenize(text, notes);

  // Groups of alternatives in reading order; OR joins the positive terms on either side.
  const all: { term: SearchTerm; at: number }[][] = [];
  const none: { term: SearchTerm; at: number }[] = [];
  let orPending = false;
  let lastPositive = false;
  let ignoredOr = false;
  tokens.forEach((t, at) => {
    if (t.kind === 'or') {
      if (!lastPositive || orPending) ignoredOr = true;
      else orPending = true;
      return;
    }
    if (t.negated) {
      if (orPending) ignoredOr = true;
      orPending = false;
      lastPositive = false;
      none.push({ term: t.term, at });
      return;
    }
    if (orPending) all[all.length - 1]!.push({ term: t.term, at });
    else all.push([{ term: t.term, at }]);
    orPending = false;
    lastPositive = true;
  });
  if (orPending) ignoredOr = true;
  if (ignoredOr) notes.push('OR needs a term to look for on each side (not an exclusion); an OR without them is ignored');

  // Phrases capped, terms deduplicated: within a group, across groups (a group equal to another,
  // or holding a term that is required on its own, adds nothing), and among exclusions.
  let longPhrase = false;
  const capPhrase = (x: { term: SearchTerm; at: number }): { term: SearchTerm; at: number } => {
    if (x.term.words.length <= MAX_PHRASE_WORDS) return x;
    longPhrase = true;
    return { at: x.at, term: { words: x.term.words.slice(0, MAX_PHRASE_WORDS), prefix: false } };
  };
  const uniqueTerms = <T extends { term: SearchTerm }>(xs: T[]): T[] => {
    const seen = new Set<string>();
    return xs.filter((x) => {
      const k = termKey(x.term);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  type At = { term: SearchTerm; at: number };
  const dedupe = (gs: At[][], ex: At[]): [At[][], At[]] => {
    const unique = gs.map((g) => uniqueTerms(g));
    const required = new Set(unique.filter((g) => g.length === 1).map((g) => termKey(g[0]!.term)));
    const seenGroups = new Set<string>();
    const kept = unique.filter((g) => {
      const keys = g.map((x) => termKey(x.term));
      if (g.length > 1 && keys.some((k) => required.has(k))) return false;
      const k = keys.sort().join('\u0000');
      if (seenGroups.has(k)) return false;
      seenGroups.add(k);
      return true;
    });
    return [kept, uniqueTerms(ex)];
  };
  let [groups, excluded] = dedupe(
    all.map((g) => g.map(capPhrase)),
    none.map(capPhrase),
  );
  if (longPhrase) notes.push(`a phrase is searched by its first ${MAX_PHRASE_WORDS} words`);

  // The term cap, in reading order.
  const positions = [...groups.flat(), ...excluded].map((x) => x.at).sort((a, b) => a - b);
  if (positions.length > MAX_TERMS) {
    const last = positions[MAX_TERMS - 1]!;
    groups = groups.map((g) => g.filter((x) => x.at <= last)).filter((g) => g.length > 0);
    excluded = excluded.filter((x) => x.at <= last);
    notes.push(`the query has ${positions.length} distinct terms; only the first ${MAX_TERMS} are searched`);
  }

  // The prefix cap, in reading order; a prefix turned into a whole word may repeat a word, so
  // terms are deduplicated again.
  const prefixes = [...groups.flat(), ...excluded].filter((x) => x.term.prefix).sort((a, b) => a.at - b.at);
  if (prefixes.length > MAX_PREFIXES) {
    const whole = new Set(prefixes.slice(MAX_PREFIXES));
    const unstar = (x: At): At => (whole.has(x) ? { ...x, term: { words: x.term.words, prefix: false } } : x);
    [groups, excluded] = dedupe(
      groups.map((g) => g.map(unstar)),
      excluded.map(unstar),
    );
    const what = MAX_PREFIXES === 1 ? 'one prefix is' : `${MAX_PREFIXES} prefixes are`;
    notes.push(`only ${what} searched as a prefix; ${[...whole].map((x) => quote(`${x.term.words.join(' ')}*`)).join(', ')} ${whole.size === 1 ? 'is' : 'are'} searched as whole words`);
  }

  if (groups.length === 0) {
    if (excluded.length > 0) {
      throw new SearchSyntaxError(
        `the query ${quote(input)} only excludes (-word, NOT word): give at least one word to look for, as in "banjir -jakarta"`,
      );
    }
    const star = /\*/.test(text) ? ' (a * only ends a prefix, as in ekonom*)' : '';
    if (/(^|\s)(OR|AND|NOT)(\s|$)/.test(text)) {
      throw new SearchSyntaxError(`no words to search for in ${quote(input)}: OR, AND and NOT join terms; to look for the word itself, write it in lower case or in quotes ("or")${star}`);
    }
    throw new SearchSyntaxError(`no words to search for in ${quote(input)}: give at least one word of letters or digits${star}`);
  }
  const requiredNow = new Set(groups.filter((g) => g.length === 1).map((g) => termKey(g[0]!.term)));
  const clash = excluded.find((x) => requiredNow.has(termKey(x.term)));
  if (clash) notes.push(`${quote(clash.term.words.join(' '))} is both required and excluded, so nothing can match`);

  return {
    all: groups.map((g) => g.map((x) => x.term)),
    none: excluded.map((x) => x.term),
    notes,
  };
}
