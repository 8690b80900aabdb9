import { weekdayMismatches } from './dates.js';
import type { ClaimResult } from './claims.js';
import { nameEditSimilarity, nameTokens, phoneticKey } from '../kb/index.js';
import { sameGivenName, VARIANT_SIMILARITY } from './resolve.js';
import type { DateMention, Entity, Flag, Quantity, Span } from '../types.js';
import { packedMap } from './packed-map.js';

export interface FlagInput {
  readonly entities: readonly Entity[];
  readonly dates: readonly DateMention[];
  readonly quantities: readonly Quantity[];
  readonly claims: ClaimResult;
  /** Calendar units ("tahun", "days"): "48 tahun" is a duration, not a count to compare. */
  readonly durationUnits: ReadonlySet<string>;
}

/**
 * What a careful reader should look at twice: one person written several ways, a weekday that
 * does not fit its date, quotations with no speaker, and sources giving different figures.
 */
export function computeFlags(input: FlagInput): Flag[] {
  // Pushed one by one, not spread, and each list built by pushing into [] (packedMap): with lists
  // of different element kinds (an empty literal, map or filter results), V8 dropped this
  // function's optimised code again and again ("wrong map").
  const flags: Flag[] = [];
  for (const list of [nameVariants(input.entities), weekdayMismatch(input), unattributedQuotes(input.claims), differingFigures(input)]) {
    for (let i = 0; i < list.length; i++) flags.push(list[i]!);
  }
  return flags;
}

/** Two spellings this alike are one name written inconsistently (the resolver's own thresholds). */
function sameNameSpelledDifferently(a: string, b: string): boolean {
  if (a === b) return false;
  if (sameGivenName(a, b)) return true;
  const similarity = nameEditSimilarity(a, b);
  return similarity >= VARIANT_SIMILARITY || (phoneticKey(a) === phoneticKey(b) && similarity >= 0.5);
}

/**
 * A person whose name is spelled several ways in one article: words of their mentions that are
 * alike but not the same (Zelensky / Zelenskiy / Zielinski; Roth / Ruti). A short form made of
 * words of the full name ("Prabowo" for "Prabowo Subianto") is not a variant.
 */
function nameVariants(entities: readonly Entity[]): Flag[] {
  const flags: Flag[] = [];
  for (const e of entities) {
    if (e.type !== 'PERSON') continue;
    const words = new Map<string, Span[]>();
    const together = new Set<string>();
    // The words of each written form (mentions repeat their forms).
    const tokensOf = new Map<string, string[]>();
    for (const m of e.mentions) {
      let tokens = tokensOf.get(m.text);
      if (tokens === undefined) {
        // "Smith's" is Smith: a possessive ending is no other spelling.
        tokens = nameTokens(m.text.replace(/['’]s\b/gu, ''));
        tokensOf.set(m.text, tokens);
        // Two alike words in one mention ("Shoffan Shofwan") are two names, not one misspelt.
        for (const a of tokens) for (const b of tokens) if (a !== b) together.add(`${a} ${b}`);
      }
      for (const word of tokens) {
        const spans = words.get(word);
        const span = { start: m.start, end: m.end, text: m.text };
        if (spans) spans.push(span);
        else words.set(word, [span]);
      }
    }
    const keys = [...words.keys()];
    // A word is a spelling when some other word is alike and not beside it in one mention: a
    // symmetric test, so each pair is asked once, and not at all when both are spellings already.
    const spelling = new Uint8Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        if (spelling[i] && spelling[j]) continue;
        if (!together.has(`${keys[i]} ${keys[j]}`) && sameNameSpelledDifferently(keys[i]!, keys[j]!)) spelling[i] = spelling[j] = 1;
      }
    }
    const spellings = keys.filter((_, i) => spelling[i] === 1);
    if (spellings.length < 2) continue;
    const spans = new Map<number, Span>();
    for (const w of spellings) for (const span of words.get(w)!) spans.set(span.start, span);
    const forms = [...new Set([...spans.values()].sort((a, b) => a.start - b.start).map((s) => s.text))];
    if (forms.length < 2) continue;
    flags.push({
      code: 'name-variants',
      message: `${e.name} is written ${forms.length} ways: ${forms.join(', ')}`,
      spans: [...spans.values()].sort((a, b) => a.start - b.start),
    });
  }
  return flags;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function weekdayMismatch(input: FlagInput): Flag[] {
  return packedMap(weekdayMismatches(input.dates), ({ date, expected }): Flag => {
    const written = date.weekday!;
    return {
      code: 'weekday-mismatch',
      message: `"${written.text}" does not fit ${date.value}, which was a ${WEEKDAYS[expected]}`,
      spans: [{ start: written.start, end: written.end, text: written.text }, { start: date.start, end: date.end, text: date.text }].sort((a, b) => a.start - b.start),
    };
  });
}

function unattributedQuotes(claims: ClaimResult): Flag[] {
  return packedMap(claims.unattributedQuotes, (q): Flag => ({
    code: 'unattributed-quote',
    message: `no speaker found for the quotation "${q.text.length > 60 ? `${q.text.slice(0, 57)}...` : q.text}"`,
    spans: [q],
  }));
}

/** x.toLocaleString('en-US', { maximumFractionDigits: 4 }), with the formatter made once. */
const FIGURE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** FIGURE.format of the numbers met so far (formatting is slow; news repeats its figures). */
const FORMATTED = new Map<number, string>();
const MAX_FORMATTED = 10_000;

function formatFigure(x: number): string {
  // The map takes 0 and -0 for one key; the formatter does not.
  if (x === 0) return FIGURE.format(x);
  let s = FORMATTED.get(x);
  if (s === undefined) {
    if (FORMATTED.size >= MAX_FORMATTED) FORMATTED.clear();
    FORMATTED.set(x, (s = FIGURE.format(x)));
  }
  return s;
}

function describe(q: Quantity): string {
  const n = formatFigure;
  if (q.low !== undefined && q.high !== undefined) return `${n(q.low)}–${n(q.high)}`;
  if (q.low !== undefined) return `more than ${n(q.low)}`;
  if (q.high !== undefined) return `up to ${n(q.high)}`;
  return q.value !== undefined ? `${q.approximate ? 'about ' : ''}${n(q.value)}` : q.text;
}

/**
 * The same counted thing given different figures by different sources ("10.000 tentara" says one,
 * "2.000 tentara" says another): the figures a fact-checker compares first. Figures in one
 * source's own words are facts about different things, not a disagreement.
 */
function differingFigures(input: FlagInput): Flag[] {
  let names: Map<string, string> | undefined;
  const byUnit = new Map<string, { q: Quantity; who: string }[]>();
  for (const claim of input.claims.claims) {
    // Who speaks, written out only for a claim with a figure to compare.
    let who: string | undefined;
    for (const index of claim.quantities) {
      const q = input.quantities[index]!;
      const key = q.unit?.toLowerCase();
      if (!key || q.kind !== 'count' || input.durationUnits.has(key)) continue;
      if (names === undefined) {
        names = new Map();
        for (const e of input.entities) names.set(e.id, e.name);
      }
      if (who === undefined) {
        const speakers: string[] = [];
        for (const s of claim.speakers) speakers.push((s.entity ? names.get(s.entity) : undefined) ?? s.text);
        who = speakers.join(' + ');
      }
      const list = byUnit.get(key);
      if (list) list.push({ q, who });
      else byUnit.set(key, [{ q, who }]);
    }
  }
  const flags: Flag[] = [];
  for (const [unit, given] of byUnit) {
    // One source only: no flag, whatever the figures (and no need to write them out).
    if (given.every(({ who }) => who === given[0]!.who)) continue;
    const bySource = new Map<string, Set<string>>();
    const described = packedMap(given, ({ q }) => describe(q));
    for (let i = 0; i < given.length; i++) {
      const who = given[i]!.who;
      bySource.set(who, (bySource.get(who) ?? new Set()).add(described[i]!));
    }
    const figures = new Set(described);
    if (bySource.size < 2 || figures.size < 2) continue;
    const sources: string[] = [];
    for (const [who, values] of bySource) sources.push(`${[...values].join(', ')} (${who})`);
    const spans: Span[] = [];
    for (let i = 0; i < given.length; i++) {
      const q = given[i]!.q;
      spans.push({ start: q.start, end: q.end, text: q.text });
    }
    flags.push({
      code: 'figures-differ',
      message: `"${unit}" by source: ${sources.join('; ')}`,
      spans: spans.sort((a, b) => a.start - b.start),
    });
  }
  return flags;
}
