import { tokenize, type Token } from './tokenize.js';
import { WordFilter } from './word-filter.js';

/** Tokens of one region with their lower-cased text, so each token is lower-cased once. */
export interface TokenRun {
  readonly tokens: readonly Token[];
  readonly lower: readonly string[];
}

/**
 * The lower-cased forms of each token array a run was made from, so that a phrase matcher given
 * the bare tokens of a run (as the stages that keep `Token[]` signatures pass them) reads the
 * forms made once instead of lower-casing every token it looks at again. They are kept on the
 * array itself, under a symbol and not enumerable (a WeakMap entry per sentence cost the
 * collector an ephemeron each, and a hash lookup per question).
 */
const LOWER_OF: unique symbol = Symbol('saksi.lowerForms');
type WithLower = { [LOWER_OF]?: readonly string[] };
/** The last array looked up and its forms: a stage asks about the same sentence many times in a row. */
let lastTokens: readonly Token[] | undefined;
let lastLower: readonly string[] | undefined;

function remember(tokens: readonly Token[], lower: readonly string[]): void {
  Object.defineProperty(tokens, LOWER_OF, { value: lower, configurable: true });
  if (tokens === lastTokens) lastTokens = lastLower = undefined;
}

export function tokenRun(tokens: readonly Token[]): TokenRun {
  const lower = new Array<string>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    lower[i] = t.kind === 'word' ? t.text.toLowerCase() : t.text;
  }
  remember(tokens, lower);
  return { tokens, lower };
}

/**
 * tokens[from, to) as an array of its own that keeps the lower-cased forms of `tokens` (when it is
 * a run's tokens), for a stage that reads part of a run as a token array.
 */
export function sliceTokens(tokens: readonly Token[], from: number, to: number): readonly Token[] {
  const part = tokens.slice(from, to);
  const lower = (tokens as WithLower)[LOWER_OF];
  if (lower !== undefined) remember(part, lower.slice(from, to));
  return part;
}

/** The lower-cased forms of `tokens` when they are a run's tokens, else undefined. */
export function lowerFormsOf(tokens: readonly Token[]): readonly string[] | undefined {
  if (tokens === lastTokens) return lastLower;
  const lower = (tokens as WithLower)[LOWER_OF];
  lastTokens = tokens;
  lastLower = lower;
  return lower;
}

/**
 * Multi-token phrases ("lebih dari", "US$", "the end of") matched against a token run, longest
 * first. Phrases are tokenized with the project tokenizer, so they match exactly when the text
 * tokenizes the same way; whitespace between tokens is free, except between tokens the phrase
 * writes together ("US$", "Dr.").
 */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, { readonly words: readonly string[]; readonly glued: readonly boolean[]; readonly value: T }[]>();
  /** The first words, for a quick no at the many tokens that start no phrase. */
  private readonly firstFilter: WordFilter;

  constructor(entries: Iterable<readonly [string, T]>, private readonly caseSensitive = false) {
    for (const [phrase, value] of entries) {
      const tokens = tokenize(phrase);
      const words = tokens.map((t) => (caseSensitive ? t.text : t.text.toLowerCase()));
      // Words written together in the phrase must stand together in the text: "A$" is not "a $".
      const glued = tokens.map((t, k) => k > 0 && tokens[k - 1]!.end === t.start);
      const first = words[0];
      if (first === undefined) continue;
      const list = this.byFirst.get(first) ?? [];
      list.push({ words, glued, value });
      list.sort((a, b) => b.words.length - a.words.length);
      this.byFirst.set(first, list);
    }
    this.firstFilter = new WordFilter(this.byFirst.keys());
  }

  static of(phrases: readonly string[], caseSensitive = false): PhraseIndex<true> {
    return new PhraseIndex(phrases.map((p) => [p, true] as const), caseSensitive);
  }

  /**
   * The words phrases start with (lower-cased unless the index is case-sensitive): a token whose
   * form is not among them starts no phrase.
   */
  firstWords(): IterableIterator<string> {
    return this.byFirst.keys();
  }

  /** The longest phrase starting at token `i`: its value and the index of the token after it. */
  match(run: TokenRun | readonly Token[], i: number): { value: T; next: number } | undefined {
    const bare = Array.isArray(run);
    const tokens: readonly Token[] = bare ? run : (run as TokenRun).tokens;
    if (i < 0 || i >= tokens.length) return undefined;
    const lowered = this.caseSensitive ? undefined : bare ? lowerFormsOf(tokens) : (run as TokenRun).lower;
    const key = this.caseSensitive ? tokens[i]!.text : lowered ? lowered[i]! : tokens[i]!.text.toLowerCase();
    if (!this.firstFilter.mayHave(key)) return undefined;
    const list = this.byFirst.get(key);
    if (list === undefined) return undefined;
    outer: for (const cand of list) {
      for (let k = 1; k < cand.words.length; k++) {
        const w = this.caseSensitive ? tokens[i + k]?.text : lowered ? lowered[i + k] : tokens[i + k]?.text.toLowerCase();
        if (w !== cand.words[k]) continue outer;
        if (cand.glued[k] && tokens[i + k - 1]!.end !== tokens[i + k]!.start) continue outer;
      }
      return { value: cand.value, next: i + cand.words.length };
    }
    return undefined;
  }
}

/**
 * Finds pack phrases ("Sekretaris Jenderal", "tidak memiliki bukti", "according to") in a token
 * sequence, longest first, case-insensitively, answering with the phrase as the pack wrote it.
 */
export class PhraseMatcher extends PhraseIndex<string> {
  readonly maxTokens: number;

  constructor(phrases: Iterable<string>) {
    const list = [...phrases];
    super(list.map((p) => [p, p] as const));
    this.maxTokens = Math.max(0, ...list.map((p) => tokenize(p).length));
  }

  /** The longest phrase starting at tokens[i]: its length in tokens and the phrase, or undefined. */
  matchAt(tokens: TokenRun | readonly Token[], i: number): { length: number; phrase: string } | undefined {
    const m = this.match(tokens, i);
    return m ? { length: m.next - i, phrase: m.value } : undefined;
  }

  /** The longest phrase ending at tokens[j] (inclusive), searching back at most maxTokens. */
  matchEndingAt(tokens: TokenRun | readonly Token[], j: number): { length: number; phrase: string } | undefined {
    for (let len = Math.min(this.maxTokens, j + 1); len >= 1; len--) {
      const m = this.matchAt(tokens, j - len + 1);
      if (m && m.length === len) return m;
    }
    return undefined;
  }
}
