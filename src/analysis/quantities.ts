/**
 * Quantity extraction: numbers, amounts of money, percentages, measures, ranges and vague
 * plurals, read with the words of one language pack (NumberLexicon). The algorithm names no word
 * of any language; everything it knows about words comes from the lexicon.
 *
 * A quantity's span is the number expression: approximator or range opener, currency, digits or
 * number words, scale, percent, currency word or measure ("antara 2.000 dan 12.000",
 * "Rp 5 triliun", "45%", "5 km"). The counted noun after it goes to `unit`, outside the span.
 *
 * Linear in the length of the text: one tokenization per region, and every match looks at a
 * bounded number of tokens from where it starts.
 */
import type { Quantity, QuantityKind, Span } from '../types.js';
import type {
  ApproximatorKind,
  MultiplierWord,
  NumberLexicon,
  ScaleAbbreviation,
  VagueNumber,
} from '../lang/lexicon-numbers.js';
import { PhraseIndex, tokenRun, type TokenRun } from '../text/phrases.js';
import { tokenize, type Token } from '../text/tokenize.js';
import { WordFilter } from '../text/word-filter.js';


/** Longest spelled number read as one ("dua ratus lima puluh tiga ribu …"); longer runs are not numbers but lists. */
const MAX_SPELLED_WORDS = 12;
/** Modifiers looked through for an English head noun: "40 maritime militia vessels". */
const MAX_UNIT_MODIFIERS = 2;
/** More integer digits than this is an account number or an id, not a quantity (and loses precision). */
const MAX_INTEGER_DIGITS = 15;
/** A bare four-digit number in this range is a year unless something shows it is an amount. */
const YEAR_MIN = 1800;
const YEAR_MAX = 2100;
/** Punctuation that may stand glued before a number: brackets, quotes and approximate signs. */
const OPENERS_BEFORE_NUMBER = new Set(['(', '[', '{', '"', "'", '“', '‘', '«', '~', '≈', '±', '<', '>', '≤', '≥', '-', '–', '—']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface CompiledNumbers {
  readonly lex: NumberLexicon;
  readonly scales: ReadonlyMap<string, number>;
  readonly abbreviations: ReadonlyMap<string, ScaleAbbreviation>;
  readonly numberWords: ReadonlyMap<string, number>;
  readonly multipliers: ReadonlyMap<string, MultiplierWord>;
  readonly articles: ReadonlySet<string>;
  readonly ambiguous: ReadonlySet<string>;
  readonly vague: ReadonlyMap<string, VagueNumber>;
  readonly vagueLinkers: ReadonlySet<string>;
  readonly approximators: PhraseIndex<ApproximatorKind>;
  readonly openers: PhraseIndex<PhraseIndex<true>>;
  readonly connectors: PhraseIndex<true>;
  readonly percent: PhraseIndex<true>;
  readonly prefixes: PhraseIndex<string>;
  /** Currency prefixes written in letters ("Rp", "USD"), which may be glued to the digits ("Rp5.000"). */
  readonly gluedPrefixes: readonly string[];
  readonly suffixes: PhraseIndex<string>;
  readonly measures: PhraseIndex<true>;
  readonly unitSkips: ReadonlySet<string>;
  readonly notUnits: ReadonlySet<string>;
  readonly notBefore: ReadonlySet<string>;
  readonly notAfter: PhraseIndex<true>;
  readonly yearMarkers: ReadonlySet<string>;
  /** Full-token matchers for a decimal number in the lexicon's convention, then in the other one. */
  readonly decimalForms: readonly RegExp[];
  /**
   * Lower-cased words a quantity can start at (range openers, approximators, currency prefixes,
   * vague plurals, articles, number words, multipliers, scales): besides these only a number token
   * or a hyphenated word ("twenty-five") can start one, so every other token is passed over unread.
   */
  readonly starters: ReadonlySet<string>;
  /** Quick noes for `starters`. */
  readonly starterFilter: WordFilter;
}

/** Lexicon words as a lower-cased set, and a lexicon record with lower-cased keys. */
export const lowerSet = (words: readonly string[]): ReadonlySet<string> => new Set(words.map((w) => w.toLowerCase()));
export const lowerMap = <T>(rec: Readonly<Record<string, T>>): ReadonlyMap<string, T> =>
  new Map(Object.entries(rec).map(([k, v]) => [k.toLowerCase(), v] as const));

// Group separator then decimal separator: '.' and ',' (Indonesian), ',' and '.' (English).
// Linear: the alternatives are anchored and each digit run is followed by a fixed separator.
const DECIMAL_DOT_GROUPS = /^([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]+))?$/;
const DECIMAL_COMMA_GROUPS = /^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?$/;
const LETTERS_ONLY = /^\p{L}+$/u;
const YEAR_START = /^([0-9]{4})(?:$|[.,])/;
const YEAR_LIST = /^[0-9]{4}(?:[.,][0-9]{4})+$/;

/** A pack's number words compiled for reading: an analyzer compiles each pack's once. */
export function compileNumbers(lex: NumberLexicon): CompiledNumbers {
  const c: Omit<CompiledNumbers, 'starterFilter'> = {
    lex,
    scales: lowerMap(lex.scales),
    abbreviations: new Map(Object.entries(lex.scaleAbbreviations)),
    numberWords: lowerMap(lex.numberWords),
    multipliers: lowerMap(lex.multiplierWords),
    articles: lowerSet(lex.articles),
    ambiguous: lowerSet(lex.ambiguousNumberWords),
    vague: lowerMap(lex.vague),
    vagueLinkers: lowerSet(lex.vagueLinkers),
    approximators: new PhraseIndex(Object.entries(lex.approximators)),
    openers: new PhraseIndex(Object.entries(lex.rangeOpeners).map(([w, cs]) => [w, PhraseIndex.of(cs)] as const)),
    connectors: PhraseIndex.of(lex.rangeConnectors),
    percent: PhraseIndex.of(lex.percent),
    prefixes: new PhraseIndex(Object.entries(lex.currencyPrefixes)),
    gluedPrefixes: Object.keys(lex.currencyPrefixes)
      .filter((p) => LETTERS_ONLY.test(p))
      .sort((a, b) => b.length - a.length),
    suffixes: new PhraseIndex(Object.entries(lex.currencySuffixes)),
    measures: PhraseIndex.of(lex.measures, true),
    unitSkips: lowerSet(lex.unitSkips),
    notUnits: lowerSet(lex.notUnits),
    notBefore: lowerSet(lex.notQuantityBefore),
    notAfter: PhraseIndex.of(lex.notQuantityAfter),
    yearMarkers: lowerSet(lex.yearMarkers),
    decimalForms:
      lex.decimalSeparator === ',' ? [DECIMAL_DOT_GROUPS, DECIMAL_COMMA_GROUPS] : [DECIMAL_COMMA_GROUPS, DECIMAL_DOT_GROUPS],
    starters: new Set<string>(),
  };
  const starters = c.starters as Set<string>;
  for (const index of [c.openers, c.approximators, c.prefixes] as const) for (const w of index.firstWords()) starters.add(w);
  for (const words of [c.vague.keys(), c.articles, c.numberWords.keys(), c.multipliers.keys(), c.scales.keys()]) for (const w of words) starters.add(w);
  return { ...c, starterFilter: new WordFilter(starters) };
}

/**
 * Tokens of `text[start, end)`, with a letter-written currency prefix glued to digits split off
 * ("Rp5.000" → Rp | 5.000, "Rp5rb" → Rp | 5 | rb), which the general tokenizer keeps as one word.
 */
function numberTokens(text: string, raw: readonly Token[], gluedPrefixes: readonly string[]): readonly Token[] {
  let out: Token[] | undefined; // a copy only once a token is split
  for (let k = 0; k < raw.length; k++) {
    const t = raw[k]!;
    const split = t.kind === 'word' ? splitGluedPrefix(t.text, gluedPrefixes) : undefined;
    if (split === undefined) {
      out?.push(t);
      continue;
    }
    out ??= raw.slice(0, k);
    const [prefix, digits, rest] = split;
    const cut = t.start + prefix.length;
    out.push({ start: t.start, end: cut, text: prefix, kind: 'word' });
    let numEnd = cut + digits.length;
    // The number goes on in the tokens after the word when they are glued: "Rp5" "." "000".
    if (rest === '') {
      while (k + 2 < raw.length) {
        const sep = raw[k + 1]!;
        const more = raw[k + 2]!;
        if (sep.start !== numEnd || (sep.text !== '.' && sep.text !== ',') || more.start !== sep.end || more.kind !== 'number') break;
        numEnd = more.end;
        k += 2;
      }
    }
    out.push({ start: cut, end: numEnd, text: text.slice(cut, numEnd), kind: 'number' });
    if (rest !== '') out.push({ start: numEnd, end: t.end, text: rest, kind: 'word' });
  }
  return out ?? raw;
}

const GLUED_AMOUNT = /^([0-9]+)(\p{L}*)$/u;

/** "Rp5" → ["Rp", "5", ""], "Rp5rb" → ["Rp", "5", "rb"]; undefined when the word is no currency and amount. */
function splitGluedPrefix(word: string, gluedPrefixes: readonly string[]): [string, string, string] | undefined {
  // A word must start as a prefix does and hold a digit: nearly every word is passed over at once.
  if (!startsAsAny(word, gluedPrefixes) || !hasAsciiDigit(word)) return undefined;
  for (const p of gluedPrefixes) {
    if (!word.startsWith(p)) continue;
    const m = GLUED_AMOUNT.exec(word.slice(p.length));
    if (m) return [p, m[1]!, m[2]!];
  }
  return undefined;
}

function startsAsAny(word: string, prefixes: readonly string[]): boolean {
  const c = word.charCodeAt(0);
  for (const p of prefixes) if (p.charCodeAt(0) === c) return true;
  return false;
}

function hasAsciiDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** A number token read as a decimal in the lexicon's convention (or, failing that, the other). */
function readDecimal(s: string, c: CompiledNumbers): number | undefined {
  for (const form of c.decimalForms) {
    const m = form.exec(s);
    if (!m) continue;
    const int = m[1]!.replace(/[.,]/g, '');
    if (int.length > MAX_INTEGER_DIGITS) return undefined;
    // A leading zero on a longer integer part is a time (08.30), a phone number or a code.
    if (int.length > 1 && int.startsWith('0')) return undefined;
    return Number(m[2] === undefined ? int : `${int}.${m[2]}`);
  }
  return undefined;
}

/** n × scale without binary rounding noise for powers of ten: 1.4 × 1e6 = 1400000 exactly. */
function scaleBy(n: number, scale: number): number {
  let exp = 0;
  let s = scale;
  while (s >= 10 && s % 10 === 0) {
    s /= 10;
    exp++;
  }
  const str = String(n);
  return s === 1 && !str.includes('e') ? Number(`${str}e${exp}`) : n * scale;
}

/** A number expression: what `readAmount` found at a token. */
interface Amount {
  readonly start: number; // token index
  readonly next: number; // token index after it
  readonly low: number;
  readonly high: number;
  /** A written range ("2.000-3.000") or a vague plural: low < high, no single value. */
  readonly spread: boolean;
  readonly vague: boolean;
  readonly scale: number | undefined;
  readonly currency: string | undefined;
  readonly percent: boolean;
  readonly measure: string | undefined;
  readonly base: 'number' | 'number-scale' | 'spelled' | 'vague' | 'range-dash';
  /** A bare four-digit number in the year range. */
  readonly yearLike: boolean;
  /** Preceded by a year marker ("tahun", "since"). */
  readonly yearMarked: boolean;
  /** Characters at the end of the last token that are not part of it: the list number glued to "miliar3." */
  readonly trimEnd?: number;
}

/** A word followed by a one- or two-digit list number: "miliar3". */
const SCALE_THEN_LIST_NUMBER = /^(\p{L}+?)(\d{1,2})$/u;

const CAPITALISED = /^\p{Lu}\p{Ll}/u;
const SENTENCE_END = /^[.!?]$/;
const SMALL_WHOLE = /^[0-9]{1,3}$/;

const isNumberToken = (t: Token | undefined): boolean => t !== undefined && t.kind === 'number';
const glued = (a: Token | undefined, b: Token | undefined): boolean => a !== undefined && b !== undefined && a.end === b.start;
const hasEvidence = (a: Amount): boolean =>
  a.scale !== undefined || a.currency !== undefined || a.percent || a.measure !== undefined;

class QuantityReader {
  constructor(
    private readonly text: string,
    private readonly run: TokenRun,
    private readonly c: CompiledNumbers,
  ) {}

  private get tokens(): readonly Token[] {
    return this.run.tokens;
  }

  /** The quantity starting at token i, if any, and the token index after it. */
  matchAt(i: number): { quantity: Quantity; next: number } | undefined {
    const opener = this.c.openers.match(this.run, i);
    const between = opener ? this.readAmount(opener.next) : undefined;
    if (opener && between) {
      const r = this.readRange(between, opener.value, i, 'range-between');
      if (r) return r;
    }
    const approx = this.c.approximators.match(this.run, i);
    const bounded = approx ? this.readAmount(approx.next) : undefined;
    if (approx && bounded) {
      const r = this.readRange(bounded, this.c.connectors, i, 'range', approx.value) ?? this.readSingle(bounded, i, approx.value);
      if (r) return r;
    }
    const plain = this.readAmount(i);
    return plain && (this.readRange(plain, this.c.connectors, i, 'range') ?? this.readSingle(plain, i));
  }

  private readSingle(a: Amount, spanStart: number, approx?: ApproximatorKind): { quantity: Quantity; next: number } | undefined {
    if (this.isYear(a, a)) return undefined;
    const exact = !a.spread;
    const value = exact && (approx === undefined || approx === 'about') ? a.low : undefined;
    const low = !exact ? a.low : approx === 'min' ? a.low : undefined;
    const high = !exact ? a.high : approx === 'max' ? a.high : undefined;
    const rule = approx ? `${approx}+${a.base}` : a.base;
    return this.build(spanStart, a, { value, low, high, approximate: a.vague || approx !== undefined, rule });
  }

  private readRange(
    x: Amount,
    connectors: PhraseIndex<true>,
    spanStart: number,
    base: string,
    approx?: ApproximatorKind,
  ): { quantity: Quantity; next: number } | undefined {
    if (x.spread) return undefined;
    const conn = connectors.match(this.run, x.next);
    if (!conn) return undefined;
    const y = this.readAmount(conn.next);
    if (!y || y.spread) return undefined;
    if (x.currency !== undefined && y.currency !== undefined && x.currency !== y.currency) return undefined;
    if (this.isYear(x, y) || this.isYear(y, x)) return undefined;
    // A scale written only on the second number belongs to both ("2 hingga 3 juta"), unless that
    // would put the first above the second ("500 hingga 2 juta").
    let low = x.low;
    if (x.scale === undefined && y.scale !== undefined && scaleBy(x.low, y.scale) < y.low) low = scaleBy(x.low, y.scale);
    if (!(low < y.high)) return undefined;
    const merged: Amount = {
      ...y,
      start: x.start,
      currency: x.currency ?? y.currency,
      percent: x.percent || y.percent,
      measure: y.measure ?? x.measure,
    };
    const rule = approx ? `${approx}+${base}` : base;
    return this.build(spanStart, merged, { low, high: y.high, approximate: approx !== undefined || x.vague || y.vague, rule });
  }

  /** A year, not an amount: marked by a year word, or a bare year with nothing (here or in its partner) showing an amount. */
  private isYear(a: Amount, partner: Amount): boolean {
    if (!a.yearLike) return false;
    if (a.yearMarked) return true;
    if (hasEvidence(a) || hasEvidence(partner)) return false;
    return partner === a || partner.yearLike;
  }

  private build(
    spanStart: number,
    a: Amount,
    q: { value?: number; low?: number; high?: number; approximate: boolean; rule: string },
  ): { quantity: Quantity; next: number } {
    const first = this.tokens[spanStart]!;
    const last = this.tokens[a.next - 1]!;
    const kind: QuantityKind = a.percent ? 'percent' : a.currency !== undefined ? 'money' : a.measure !== undefined ? 'measure' : 'count';
    const unit = kind === 'measure' ? a.measure : kind === 'count' ? this.unitAfter(a) : undefined;
    const end = last.end - (a.trimEnd ?? 0);
    const quantity: Mutable<Quantity> = { start: first.start, end, text: this.text.slice(first.start, end), rule: q.rule, kind };
    // Optional fields are left out rather than set to undefined, so the JSON stays small.
    if (q.value !== undefined) quantity.value = q.value;
    if (q.low !== undefined) quantity.low = q.low;
    if (q.high !== undefined) quantity.high = q.high;
    if (q.approximate) quantity.approximate = true;
    if (unit !== undefined) quantity.unit = unit;
    if (kind === 'money') quantity.currency = a.currency;
    return { quantity, next: a.next };
  }

  /** The counted noun after an amount: "10.000 tentara", "thousands of troops", "tiga buah rumah". */
  private unitAfter(a: Amount): string | undefined {
    let k = a.next;
    if (a.vague && this.c.vagueLinkers.has(this.run.lower[k] ?? '')) k++;
    // A number spelled out again in brackets, as in legal style: "1 (satu) orang".
    if (this.run.lower[k] === '(' && this.run.lower[k + 2] === ')' && this.c.numberWords.has(this.run.lower[k + 1] ?? '')) k += 3;
    for (let skipped = 0; skipped < 2 && this.c.unitSkips.has(this.run.lower[k] ?? ''); skipped++) k++;
    const t = this.tokens[k];
    const w = this.run.lower[k];
    if (t === undefined || w === undefined || t.kind !== 'word' || glued(this.tokens[k - 1], t)) return undefined;
    if (!this.canBeUnit(k)) return undefined;
    if (this.c.lex.unitHead === 'plural-last') {
      // The head is the last plural of the few words that follow: "maritime militia vessels".
      let head = k;
      for (let j = k + 1; j <= k + MAX_UNIT_MODIFIERS && this.canBeUnit(j) && !glued(this.tokens[j - 1], this.tokens[j]!); j++) {
        if (this.c.lex.pluralSuffixes.some((suffix) => this.run.lower[j]!.endsWith(suffix))) head = j;
      }
      return this.tokens[head]!.text;
    }
    return t.text;
  }

  private canBeUnit(k: number): boolean {
    const t = this.tokens[k];
    const w = this.run.lower[k];
    if (t === undefined || w === undefined || t.kind !== 'word') return false;
    const c = this.c;
    return !(c.notUnits.has(w) || c.notAfter.match(this.run, k) || c.numberWords.has(w) || c.scales.has(w) || c.multipliers.has(w) || c.vague.has(w));
  }

  /**
   * Currency prefix, then digits, number words or a vague plural, then scale, then percent,
   * currency word or measure. Undefined when the token at j starts no amount, or the number is a
   * label, a time, a code, an ordinal or a phone number.
   */
  private readAmount(j: number): Amount | undefined {
    const c = this.c;
    const pre = c.prefixes.match(this.run, j);
    const currency = pre?.value;
    const core = pre ? pre.next : j;
    const t = this.tokens[core];
    if (t === undefined) return undefined;
    if (!pre && this.labelledBefore(core)) return undefined;
    let low: number;
    let high: number;
    let next: number;
    let base: Amount['base'];
    let scale: number | undefined;
    let vague = false;
    let yearLike = false;
    let trimEnd: number | undefined;
    const prevIsYearMarker = c.yearMarkers.has(this.run.lower[j - 1] ?? '');
    if (t.kind === 'number') {
      const read = this.readNumberToken(core, pre !== undefined);
      if (!read) return undefined;
      ({ low, high } = read);
      base = low === high ? 'number' : 'range-dash';
      const year = YEAR_START.exec(t.text);
      const inYearRange = year !== null && Number(year[1]) >= YEAR_MIN && Number(year[1]) <= YEAR_MAX;
      // "2022", or after a year word "sejak 2015,3" (a year and a footnote), is a year.
      yearLike = inYearRange && (t.text.length === 4 || (prevIsYearMarker && low === high));
      next = core + 1;
      const sc = this.scaleAt(next, currency !== undefined);
      if (sc) {
        scale = sc.scale;
        low = scaleBy(low, scale);
        high = scaleBy(high, scale);
        next = sc.next;
        trimEnd = sc.trim;
        if (base === 'number') base = 'number-scale';
      } else {
        const after = this.tokens[next];
        // Glued letters that are not a unit make a code or an ordinal: 4G, 3D, 3rd.
        if (after?.kind === 'word' && glued(t, after) && !this.unitMarkerAt(next)) return undefined;
        if (c.notAfter.match(this.run, next)) return undefined;
        if (!pre && this.titleOrHeadingNumber(core)) return undefined;
      }
    } else if (t.kind === 'word') {
      const v = c.vague.get(this.run.lower[core]!);
      if (v) {
        const r = this.readVague(core, v);
        ({ low, high, next } = r);
        scale = r.scale;
        base = 'vague';
        vague = true;
      } else {
        const s = this.readSpelled(core);
        if (!s) return undefined;
        // The bracketed gloss of a number written just before it is not a second quantity: "1 (satu)".
        if (this.run.lower[core - 1] === '(' && isNumberToken(this.tokens[core - 2]) && this.run.lower[s.next] === ')') return undefined;
        low = high = s.value;
        next = s.next;
        scale = s.scale;
        base = 'spelled';
      }
    } else {
      return undefined;
    }
    // Percent, currency word or measure after the number (and its scale).
    let percent = false;
    let suffixCurrency: string | undefined;
    let measure: string | undefined;
    let m: { value: unknown; next: number } | undefined;
    const linked = vague && c.vagueLinkers.has(this.run.lower[next] ?? '') ? next + 1 : next;
    if ((m = c.percent.match(this.run, next))) {
      percent = true;
      next = m.next;
    } else if (currency === undefined && (m = c.suffixes.match(this.run, linked))) {
      suffixCurrency = m.value as string;
      next = m.next;
    } else if (currency === undefined && (m = c.measures.match(this.run, next))) {
      measure = this.text.slice(this.tokens[next]!.start, this.tokens[m.next - 1]!.end);
      next = m.next;
    }
    return {
      start: j,
      next,
      low,
      high,
      spread: low !== high,
      vague,
      scale,
      currency: currency ?? suffixCurrency,
      percent,
      measure,
      base,
      yearLike,
      yearMarked: yearLike && prevIsYearMarker,
      ...(trimEnd ? { trimEnd } : {}),
    };
  }

  /**
   * A bare number that is part of a title ("Film 5", a capitalised word before it inside a
   * sentence, nothing counted after it) or numbers a list heading ("1 Plan ahead": a line that
   * starts with the number and goes on with a capitalised word).
   */
  private titleOrHeadingNumber(k: number): boolean {
    const t = this.tokens[k]!;
    const before = this.tokens[k - 1];
    const after = this.tokens[k + 1];
    const capital = (x: Token | undefined) => x !== undefined && x.kind === 'word' && CAPITALISED.test(x.text);
    // Only the gaps between tokens are looked at, so a long line costs nothing more.
    const newlineBetween = (from: number) => this.text.slice(from, t.start).includes('\n');
    const atLineStart = before ? newlineBetween(before.end) : t.start === 0 || /\n[^\S\n]*$/.test(this.text.slice(Math.max(0, t.start - 80), t.start));
    if (atLineStart) {
      // "1 Plan ahead", "1. Dinas Kesehatan", "2) Pack light".
      const heading = capital(after) || (/^[.)]$/.test(after?.text ?? '') && capital(this.tokens[k + 2]));
      return heading && SMALL_WHOLE.test(t.text) && !this.unitMarkerAt(k + 1);
    }
    const beforeBefore = this.tokens[k - 2];
    const inside = beforeBefore !== undefined && !newlineBetween(beforeBefore.end) && !SENTENCE_END.test(beforeBefore.text);
    // A title's number is a small whole number ("Film 5", "Episode 12"), with no percent or unit after it.
    const nothingCounted = (after === undefined || after.kind !== 'word' || capital(after)) && !this.unitMarkerAt(k + 1);
    return SMALL_WHOLE.test(t.text) && capital(before) && inside && nothingCounted && !this.c.notBefore.has(this.run.lower[k - 1]!);
  }

  /** A label word right before the number ("nomor 5", "No. 5", "pasal (2)", "#5"). */
  private labelledBefore(k: number): boolean {
    const before = this.run.lower[k - 1];
    if (before === undefined) return false;
    if (this.c.notBefore.has(before)) return true;
    const tok = this.tokens[k - 1]!;
    if (tok.kind === 'punct' && (before === '.' || before === '(' || before === ':')) {
      const word = this.run.lower[k - 2];
      return word !== undefined && this.c.notBefore.has(word);
    }
    return false;
  }

  /** The value(s) of a number token, or undefined when it is not a quantity on its own. */
  private readNumberToken(k: number, afterCurrency: boolean): { low: number; high: number } | undefined {
    const toks = this.tokens;
    const t = toks[k]!;
    const prev = toks[k - 1];
    if (!afterCurrency && prev !== undefined && glued(prev, t)) {
      // Glued to a word (code) or to a symbol such as '+' (phone), '/' or '.' (No.5, v.2).
      if (prev.kind !== 'punct' || !OPENERS_BEFORE_NUMBER.has(prev.text)) return undefined;
    }
    // Two numbers in a row with only space between are a phone number or a code, not quantities.
    if (isNumberToken(prev) || isNumberToken(toks[k + 1])) return undefined;
    // A number in brackets next to another is a phone number: "(021) 555-1234", "(202) 555-1234".
    if (prev?.text === ')' && isNumberToken(toks[k - 2]) && toks[k - 3]?.text === '(') return undefined;
    if (prev?.text === '(' && toks[k + 1]?.text === ')' && isNumberToken(toks[k + 2])) return undefined;
    const s = t.text;
    if (s.includes('/') || s.includes(':')) return undefined; // a date (17/10/2024) or a time (08:30)
    if (s.includes('-')) {
      const parts = s.split('-');
      if (parts.length !== 2) return undefined; // 2024-10-17, 0812-3456-7890
      const a = readDecimal(parts[0]!, this.c);
      const b = readDecimal(parts[1]!, this.c);
      if (a === undefined || b === undefined || !(a < b)) return undefined; // a score (2-1) or nonsense
      if (parts.every((p) => /^[0-9]{4}$/.test(p)) && a >= YEAR_MIN && b <= YEAR_MAX) return undefined; // 2020-2024
      return { low: a, high: b };
    }
    if (YEAR_LIST.test(s) && s.split(/[.,]/).every((y) => Number(y) >= YEAR_MIN && Number(y) <= YEAR_MAX)) return undefined; // 1979,1980
    const v = readDecimal(s, this.c);
    return v === undefined ? undefined : { low: v, high: v };
  }

  /** Whether a word glued to a number is something a number may carry: a scale, percent, measure or currency word. */
  private unitMarkerAt(k: number): boolean {
    return (
      this.c.percent.match(this.run, k) !== undefined ||
      this.c.measures.match(this.run, k) !== undefined ||
      this.c.suffixes.match(this.run, k) !== undefined
    );
  }

  /** A scale word or abbreviation at token k. */
  private scaleAt(k: number, hasCurrency: boolean): { scale: number; next: number; trim?: number } | undefined {
    const t = this.tokens[k];
    if (t === undefined || t.kind !== 'word') return undefined;
    const word = this.c.scales.get(this.run.lower[k]!);
    if (word !== undefined) return { scale: word, next: k + 1 };
    // A scale word run into the next list number ("Rp 12,5 miliar3. Dinas ...") keeps its scale.
    const glue = this.tokens[k + 1]?.text === '.' ? SCALE_THEN_LIST_NUMBER.exec(this.run.lower[k]!) : null;
    const gluedScale = glue ? this.c.scales.get(glue[1]!) : undefined;
    if (gluedScale !== undefined) return { scale: gluedScale, next: k + 1, trim: glue![2]!.length };
    const abbr = this.c.abbreviations.get(t.text);
    if (abbr === undefined) return undefined;
    const ok = hasCurrency || (!abbr.currencyOnly && glued(this.tokens[k - 1], t));
    return ok ? { scale: abbr.value, next: k + 1 } : undefined;
  }

  /** "ribuan", "puluhan ribu", "tens of thousands": a vague plural, widened by a scale after it. */
  private readVague(k: number, v: VagueNumber): { low: number; high: number; next: number; scale?: number } {
    const c = this.c;
    let next = k + 1;
    let scale: number | undefined;
    const linked = c.vagueLinkers.has(this.run.lower[next] ?? '') ? next + 1 : next;
    const plural = c.vague.get(this.run.lower[linked] ?? '');
    const word = c.scales.get(this.run.lower[next] ?? '');
    if (plural?.scale !== undefined) {
      scale = plural.scale;
      next = linked + 1;
    } else if (word !== undefined) {
      scale = word;
      next = next + 1;
    }
    if (scale === undefined) return { low: v.low, high: v.high, next, ...(v.scale !== undefined ? { scale: v.scale } : {}) };
    return { low: v.low * scale, high: (v.high + 1) * scale - 1, next, scale };
  }

  /** The values of a number word, or of each part of a hyphenated one ("twenty-five"). */
  private numberWordValues(w: string): readonly number[] | undefined {
    const v = this.c.numberWords.get(w);
    if (v !== undefined) return [v];
    if (!w.includes('-')) return undefined;
    const values: number[] = [];
    for (const part of w.split('-')) {
      const pv = this.c.numberWords.get(part);
      if (pv === undefined) return undefined;
      values.push(pv);
    }
    return values;
  }

  /** Number words: "tiga", "dua puluh lima", "seratus ribu", "two million", "a dozen", "twenty-five". */
  private readSpelled(k0: number): { value: number; next: number; scale?: number } | undefined {
    const c = this.c;
    let total = 0;
    let group = 0;
    let pending = 0;
    let next = k0;
    let words = 0;
    let numberWords = 0;
    let multiplied = false;
    let scale: number | undefined;
    let ambiguousOnly = true;
    for (let k = k0; k < this.tokens.length && words < MAX_SPELLED_WORDS; k++) {
      const t = this.tokens[k]!;
      if (t.kind !== 'word') break;
      const w = this.run.lower[k]!;
      if (k === k0 && c.articles.has(w)) {
        pending = 1;
        words++;
        continue;
      }
      const values = this.numberWordValues(w);
      if (values !== undefined) {
        let ok = true;
        for (const v of values) {
          if (v >= 1000) {
            if (group !== 0 || pending !== 0) ok = false;
            else total += v;
          } else if (v >= 100) {
            if (pending !== 0) ok = false;
            else group += v;
          } else if (pending === 0) pending = v;
          else if ((pending % 10 === 0 && pending >= 20 && v >= 1 && v < 10) || v < 1) pending += v;
          else ok = false;
        }
        if (!ok) break;
        if (!c.ambiguous.has(w)) ambiguousOnly = false;
        numberWords++;
      } else if (c.multipliers.has(w)) {
        if (pending === 0) break;
        const mul = c.multipliers.get(w)!;
        group += pending * mul.times + (mul.plus ?? 0);
        pending = 0;
        multiplied = true;
      } else if (c.scales.has(w)) {
        if (group + pending === 0) break;
        scale = c.scales.get(w)!;
        total += scaleBy(group + pending, scale);
        group = pending = 0;
        multiplied = true;
      } else {
        break;
      }
      words++;
      next = k + 1;
    }
    if (next === k0) return undefined;
    if (numberWords === 0 && !multiplied) return undefined; // an article alone
    if (ambiguousOnly && !multiplied) return undefined; // "one" alone
    if (c.articles.has(this.run.lower[k0]!) && !multiplied) return undefined;
    return { value: total + group + pending, next, ...(scale !== undefined ? { scale } : {}) };
  }
}

/**
 * Whether `matchAt` can find a quantity starting at this token: a number, a starter word, or a
 * hyphenated word (number words joined: "twenty-five"). Exact: every reading begins at one of these.
 */
function mayStartQuantity(t: Token, lower: string, c: CompiledNumbers): boolean {
  return t.kind === 'number' || (c.starterFilter.mayHave(lower) && c.starters.has(lower)) || (t.kind === 'word' && lower.includes('-'));
}

/** Spans sorted by start, for overlap tests by binary search. */
function overlapTester(spans: readonly Span[] | undefined): (start: number, end: number) => boolean {
  if (!spans || spans.length === 0) return () => false;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  // prefix maximum of ends, so a long span that starts early is not missed
  const maxEnd: number[] = [];
  let m = -Infinity;
  for (const s of sorted) maxEnd.push((m = Math.max(m, s.end)));
  return (start, end) => {
    // last span starting before `end`
    let lo = 0;
    let hi = sorted.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < end) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return idx >= 0 && maxEnd[idx]! > start;
  };
}

/**
 * Calls `read(start, end)` for each region in text order, clipped to the text and to what an
 * earlier region already covered, so overlapping regions are read once.
 */
export function forEachRegion(text: string, regions: readonly Span[], read: (start: number, end: number, index: number) => void): void {
  let done = 0;
  // Regions in text order already (sentences are) need no sorted copy.
  let sorted = true;
  for (let i = 1; i < regions.length && sorted; i++) {
    const a = regions[i - 1]!;
    const b = regions[i]!;
    sorted = a.start < b.start || (a.start === b.start && a.end <= b.end);
  }
  const order = sorted ? regions.map((_, i) => i) : regions.map((_, i) => i).sort((a, b) => regions[a]!.start - regions[b]!.start || regions[a]!.end - regions[b]!.end);
  for (const index of order) {
    const region = regions[index]!;
    const start = Math.max(region.start, done, 0);
    const end = Math.min(region.end, text.length);
    if (end <= start) continue;
    done = end;
    read(start, end, index);
  }
}

/**
 * Quantities in the given regions of `text`, none overlapping `options.exclude` (spans already
 * taken by dates).
 * @example extractQuantities('Sekitar 10.000 tentara.', [{ start: 0, end: 23, text: '…' }], idNumbers)
 * // [{ text: 'Sekitar 10.000', value: 10000, approximate: true, unit: 'tentara', kind: 'count', rule: 'about+number', … }]
 */
export function extractQuantities(
  text: string,
  regions: readonly Span[],
  lex: NumberLexicon | CompiledNumbers,
  options: { exclude?: readonly Span[]; runs?: readonly TokenRun[] } = {},
): Quantity[] {
  const c = 'gluedPrefixes' in lex ? lex : compileNumbers(lex);
  const excluded = overlapTester(options.exclude);
  const out: Quantity[] = [];
  forEachRegion(text, regions, (start, end, index) => {
    const given = options.runs?.[index];
    const whole = given !== undefined && regions[index]!.start === start && regions[index]!.end === end;
    const raw = whole ? given.tokens : tokenize(text, start, end);
    const tokens = numberTokens(text, raw, c.gluedPrefixes);
    // The region's run serves as it is unless a glued currency prefix was split off.
    const run = whole && tokens === raw ? given : tokenRun(tokens);
    const reader = new QuantityReader(text, run, c);
    const lower = run.lower;
    for (let i = 0; i < run.tokens.length; ) {
      if (!mayStartQuantity(run.tokens[i]!, lower[i]!, c)) {
        i++;
        continue;
      }
      const m = reader.matchAt(i);
      if (m && !excluded(m.quantity.start, m.quantity.end)) {
        out.push(m.quantity);
        i = m.next;
      } else {
        i++;
      }
    }
  });
  return out;
}
