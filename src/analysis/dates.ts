/**
 * Date extraction: absolute dates (17/10/2024, 17 Oktober 2024, October 17, 2024, 2024-10-17),
 * partial ones (Oktober 2024, tahun 2022, pada Juni, 17 Oktober) and relative ones (kemarin,
 * bulan lalu, earlier this month, three days ago, on Monday), read with the words of one language
 * pack (DateLexicon) and resolved against a reference date. The algorithm names no word of any
 * language.
 *
 * Values are ISO 8601 as precise as the text: '2022', '2024-06', '2024-10-17', a week as
 * '2024-W41', and a span of days or years as an interval '2025-10-20/2025-10-22', '2022/2023'.
 * All calendar arithmetic is in UTC.
 */
import type { DateMention, Span } from '../types.js';
import type { DateLexicon, RelativeDirection, RelativeExpression, RelativeUnit } from '../lang/lexicon-dates.js';
import { isCapitalized, tokenize, type Token } from '../text/tokenize.js';
import { PhraseIndex, tokenRun, type TokenRun } from '../text/phrases.js';
import { WordFilter } from '../text/word-filter.js';
import { forEachRegion, lowerMap, lowerSet } from './quantities.js';

export interface DateExtraction {
  dates: DateMention[];
  /** The date relative expressions were resolved against, and where it came from. */
  reference?: { date: string; source: 'option' | 'meta' | 'dateline' | 'guess' };
}

const DAY_MS = 86_400_000;
/** Years read from a bare number after a preposition ("sejak 2022", "in 2022"); wider ranges are more often amounts. */
const BARE_YEAR_MIN = 1800;
const BARE_YEAR_MAX = 2100;
/** Any four-digit year written beside a month or a year word. */
const YEAR_MIN = 1000;
const YEAR_MAX = 2999;
/** Two-digit years in numeric dates: below this pivot they are 20xx, from it 19xx. */
const TWO_DIGIT_YEAR_PIVOT = 70;

const ONE_OR_TWO_DIGITS = /^[0-9]{1,2}$/;
const FOUR_DIGITS = /^[0-9]{4}$/;
const DIGITS = /^[0-9]+$/;
const ISO_DATE_PREFIX = /^([0-9]{4})-([0-9]{2})-([0-9]{2})/;

/** A calendar day. `m` is 1–12. */
interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

/** What a match means before the reference is known. */
type Meaning =
  | { readonly kind: 'absolute'; readonly value: string }
  /** Day and month without a year ("17 Oktober", "Oct. 17", "(20/10)"): the year nearest the reference. */
  | { readonly kind: 'day-month'; readonly m: number; readonly d: number; readonly lastDay?: number }
  /** A month name alone ("pada Juni", "last June"). */
  | { readonly kind: 'month'; readonly m: number; readonly dir?: RelativeDirection; readonly future?: boolean }
  /** So many units from the reference: kemarin (-1 day), bulan lalu (-1 month), 3 days ago. */
  | { readonly kind: 'offset'; readonly unit: RelativeUnit; readonly n: number }
  /** A weekday alone ("pada Senin", "last Monday"). */
  | { readonly kind: 'weekday'; readonly day: number; readonly dir?: RelativeDirection; readonly future?: boolean };

interface Found {
  readonly start: number; // char offsets
  readonly end: number;
  readonly next: number; // token index after the match (and anything swallowed)
  readonly rule: string;
  readonly meaning: Meaning;
  readonly weekday?: Span & { readonly day: number };
}

export interface CompiledDates {
  readonly lex: DateLexicon;
  readonly months: ReadonlyMap<string, number>; // lower → 1–12
  readonly monthAbbreviations: ReadonlyMap<string, number>;
  readonly weekdays: ReadonlyMap<string, number>;
  readonly weekdayAbbreviations: ReadonlyMap<string, number>;
  readonly units: ReadonlyMap<string, RelativeUnit>;
  readonly before: ReadonlyMap<string, RelativeDirection>;
  readonly after: ReadonlyMap<string, RelativeDirection>;
  readonly ago: PhraseIndex<true>;
  readonly relative: PhraseIndex<RelativeExpression>;
  readonly periodParts: PhraseIndex<true>;
  readonly periodPartWords: ReadonlySet<string>;
  readonly monthWords: ReadonlySet<string>;
  readonly yearWords: ReadonlySet<string>;
  readonly prepositions: ReadonlySet<string>;
  readonly ordinalSuffixes: ReadonlySet<string>;
  readonly futureMarkers: ReadonlySet<string>;
  /**
   * Lower-cased words a date can start at (first words of fixed phrases and period parts, units,
   * modifiers before, weekdays, months, month and year words): besides these only a number token or
   * a hyphenated word ("mid-October") can start one, so every other token is passed over unread.
   */
  readonly starters: ReadonlySet<string>;
  /** Quick noes for `starters` and `futureMarkers`. */
  readonly starterFilter: WordFilter;
  readonly futureFilter: WordFilter;
}

function monthMap(lists: readonly (readonly string[])[]): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  lists.forEach((names, i) => {
    for (const name of names) map.set(name.toLowerCase(), i + 1);
  });
  return map;
}

/** A lone month or weekday in a sentence about the future is the next one. */
function inFuture(f: Found): Found {
  const m = f.meaning;
  if ((m.kind === 'month' || m.kind === 'weekday') && m.dir === undefined) return { ...f, meaning: { ...m, future: true } };
  return f;
}

/** A pack's date words compiled for reading: an analyzer compiles each pack's once. */
export function compileDates(lex: DateLexicon): CompiledDates {
  if (lex.months.length !== 12 || lex.monthAbbreviations.length !== 12) {
    throw new Error(`DateLexicon: months and monthAbbreviations need 12 entries each, got ${lex.months.length} and ${lex.monthAbbreviations.length}`);
  }
  const c: Omit<CompiledDates, 'starterFilter' | 'futureFilter'> = {
    lex,
    months: monthMap(lex.months),
    monthAbbreviations: monthMap(lex.monthAbbreviations),
    weekdays: lowerMap(lex.weekdays),
    weekdayAbbreviations: lowerMap(lex.weekdayAbbreviations),
    units: lowerMap(lex.units),
    before: lowerMap(lex.modifiersBefore),
    after: lowerMap(lex.modifiersAfter),
    ago: PhraseIndex.of(lex.ago),
    relative: new PhraseIndex(Object.entries(lex.relative)),
    periodParts: PhraseIndex.of(lex.periodParts),
    periodPartWords: lowerSet(lex.periodParts.filter((p) => tokenize(p).length === 1)),
    monthWords: lowerSet(lex.monthWords),
    yearWords: lowerSet(lex.yearWords),
    prepositions: lowerSet(lex.datePrepositions),
    ordinalSuffixes: lowerSet(lex.ordinalSuffixes),
    futureMarkers: lowerSet(lex.futureMarkers),
    starters: new Set<string>(),
  };
  const starters = c.starters as Set<string>;
  for (const index of [c.relative, c.periodParts] as const) for (const w of index.firstWords()) starters.add(w);
  for (const words of [c.units.keys(), c.before.keys(), c.weekdays.keys(), c.weekdayAbbreviations.keys(), c.months.keys(), c.monthAbbreviations.keys(), c.monthWords, c.yearWords]) {
    for (const w of words) starters.add(w);
  }
  return { ...c, starterFilter: new WordFilter(starters), futureFilter: new WordFilter(c.futureMarkers) };
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (UTC)

// What String(n).padStart(width, '0') gives, without padStart for the usual months, days and years.
const pad2 = (n: number): string => (Number.isInteger(n) && n >= 0 && n < 10 ? `0${n}` : n >= 10 && n < 100 && Number.isInteger(n) ? `${n}` : String(n).padStart(2, '0'));
const pad4 = (n: number): string => (Number.isInteger(n) && n >= 1000 && n < 10_000 ? `${n}` : String(n).padStart(4, '0'));

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  // By arithmetic what Date.UTC(y, m, 0) gives (which reads years 0–99 as 1900–1999), without a Date.
  if (!Number.isInteger(y) || !Number.isInteger(m) || m < 1 || m > 12 || Math.abs(y) > 200_000) return new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (m !== 2) return MONTH_DAYS[m - 1]!;
  const year = y >= 0 && y <= 99 ? y + 1900 : y;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function isValidDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Days in each month of 2000 (a leap year): utc() reads a day this far into the month exactly by arithmetic. */
const MONTH_DAYS_2000 = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days from 1970-01-01 within which civil arithmetic stands in for a Date (Dates reach ±1e8 days). */
const MAX_ARITHMETIC_DAYS = 50_000_000;

function utc(date: Ymd): number {
  const { y, m, d } = date;
  if (Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= MONTH_DAYS_2000[m - 1]! && Math.abs(y) <= 100_000) {
    return daysFromCivil(y, m, d) * DAY_MS;
  }
  const t = new Date(Date.UTC(2000, date.m - 1, date.d));
  t.setUTCFullYear(date.y); // Date.UTC maps years 0–99 to 1900–1999
  return t.getTime();
}

function fromUtc(t: number): Ymd {
  const days = t / DAY_MS;
  if (Number.isInteger(days) && Math.abs(days) <= MAX_ARITHMETIC_DAYS) return civilFromDays(days);
  const d = new Date(t);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

/** The weekday (0 = Sunday) of a time `utc` gives, as Date#getUTCDay reads it. */
function utcWeekday(t: number): number {
  const days = t / DAY_MS;
  if (Number.isInteger(days) && Math.abs(days) <= MAX_ARITHMETIC_DAYS) return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return new Date(t).getUTCDay();
}

/** Days from 1970-01-01 to a day of the proleptic Gregorian calendar (as Date counts them); m is 1–12. */
function daysFromCivil(year: number, m: number, d: number): number {
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The calendar day `days` after 1970-01-01 (the inverse of daysFromCivil). */
function civilFromDays(days: number): Ymd {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const isoDay = (date: Ymd): string => `${pad4(date.y)}-${pad2(date.m)}-${pad2(date.d)}`;
const isoMonth = (y: number, m: number): string => `${pad4(y)}-${pad2(m)}`;

function isoWeek(date: Ymd): string {
  const t = utc(date);
  const mondayBased = (utcWeekday(t) + 6) % 7;
  const thursday = t + (3 - mondayBased) * DAY_MS;
  const year = fromUtc(thursday).y;
  const week = 1 + Math.floor((thursday - utc({ y: year, m: 1, d: 1 })) / (7 * DAY_MS));
  return `${pad4(year)}-W${pad2(week)}`;
}

function addMonths(y: number, m: number, n: number): { y: number; m: number } {
  const idx = y * 12 + (m - 1) + n;
  return { y: Math.floor(idx / 12), m: (((idx % 12) + 12) % 12) + 1 };
}

function weekdayOf(date: Ymd): number {
  return utcWeekday(utc(date));
}

function resolve(meaning: Meaning, ref: Ymd | undefined): string | undefined {
  if (meaning.kind === 'absolute') return meaning.value;
  if (ref === undefined) return undefined;
  switch (meaning.kind) {
    case 'day-month': {
      // The year that puts the date nearest the reference: news looks a few months back or ahead.
      let best: { y: number; gap: number } | undefined;
      for (const y of [ref.y - 1, ref.y, ref.y + 1]) {
        if (!isValidDate(y, meaning.m, meaning.d)) continue;
        const gap = Math.abs(utc({ y, m: meaning.m, d: meaning.d }) - utc(ref));
        if (!best || gap < best.gap) best = { y, gap };
      }
      if (!best) return undefined;
      const first = isoDay({ y: best.y, m: meaning.m, d: meaning.d });
      return meaning.lastDay === undefined ? first : `${first}/${isoDay({ y: best.y, m: meaning.m, d: meaning.lastDay })}`;
    }
    case 'month': {
      const { m, dir } = meaning;
      const y =
        dir === undefined && meaning.future ? (m >= ref.m ? ref.y : ref.y + 1) // the next such month, on or after the reference
        : dir === undefined ? (m <= ref.m ? ref.y : ref.y - 1) // the latest such month on or before the reference
        : dir < 0 ? (m < ref.m ? ref.y : ref.y - 1)
        : dir > 0 ? (m > ref.m ? ref.y : ref.y + 1)
        : ref.y;
      return isoMonth(y, m);
    }
    case 'offset': {
      const { unit, n } = meaning;
      if (unit === 'day') return isoDay(fromUtc(utc(ref) + n * DAY_MS));
      if (unit === 'week') return isoWeek(fromUtc(utc(ref) + 7 * n * DAY_MS));
      if (unit === 'month') {
        const { y, m } = addMonths(ref.y, ref.m, n);
        return isoMonth(y, m);
      }
      return pad4(ref.y + n);
    }
    case 'weekday': {
      const today = weekdayOf(ref);
      const { day, dir } = meaning;
      let delta: number;
      if (dir === undefined && meaning.future) delta = (day - today + 7) % 7; // on or after the reference
      else if (dir === undefined) delta = -((today - day + 7) % 7); // on or before the reference
      else if (dir < 0) delta = -((today - day + 7) % 7 || 7);
      else if (dir > 0) delta = (day - today + 7) % 7 || 7;
      else delta = ((day + 6) % 7) - ((today + 6) % 7); // the same Monday-to-Sunday week
      return isoDay(fromUtc(utc(ref) + delta * DAY_MS));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

class DateReader {
  constructor(
    private readonly text: string,
    private readonly run: TokenRun,
    private readonly c: CompiledDates,
  ) {}

  private tok(k: number): Token | undefined {
    return this.run.tokens[k];
  }

  private low(k: number): string {
    return this.run.lower[k] ?? '';
  }

  private found(startTok: number, endTok: number, next: number, rule: string, meaning: Meaning): Found {
    return { start: this.tok(startTok)!.start, end: this.tok(endTok - 1)!.end, next, rule, meaning };
  }

  /** A capitalised (when the pack asks for it) name from `map` at token k. */
  private name(map: ReadonlyMap<string, number>, k: number): number | undefined {
    const t = this.tok(k);
    if (t === undefined || t.kind !== 'word') return undefined;
    const v = map.get(this.low(k));
    if (v === undefined || (this.c.lex.capitalizedNames && !isCapitalized(t.text))) return undefined;
    return v;
  }

  private month(k: number, abbreviations: boolean): number | undefined {
    return this.name(this.c.months, k) ?? (abbreviations ? this.name(this.c.monthAbbreviations, k) : undefined);
  }

  /** A plain number token's value when it matches `form`. */
  private num(k: number, form: RegExp): number | undefined {
    const t = this.tok(k);
    return t !== undefined && t.kind === 'number' && form.test(t.text) ? Number(t.text) : undefined;
  }

  /** A day number 1–31 at k, with a glued ordinal suffix ("17th"): the value and the token after it. */
  private day(k: number): { d: number; next: number } | undefined {
    const d = this.num(k, ONE_OR_TWO_DIGITS);
    if (d === undefined || d < 1 || d > 31) return undefined;
    const after = this.tok(k + 1);
    if (after !== undefined && after.start === this.tok(k)!.end && after.kind === 'word') {
      return this.c.ordinalSuffixes.has(this.low(k + 1)) ? { d, next: k + 2 } : undefined;
    }
    return { d, next: k + 1 };
  }

  private year(k: number, min = YEAR_MIN, max = YEAR_MAX): number | undefined {
    const y = this.num(k, FOUR_DIGITS);
    if (y === undefined || y < min || y > max) return undefined;
    // A year with letters glued after it is a decade or a code: "1960s", "1960-an", "2024a".
    const after = this.tok(k + 1);
    if (after !== undefined && after.start === this.tok(k)!.end) {
      if (after.kind === 'word') return undefined;
      const word = this.tok(k + 2);
      if (after.text === '-' && word?.kind === 'word' && word.start === after.end) return undefined;
    }
    return y;
  }

  /** The token after an abbreviation's dot, when the dot belongs to it ("Oct. 17"), else k. */
  private skipAbbreviationDot(monthTok: number, k: number): number {
    const dot = this.tok(k);
    const isAbbr = this.c.monthAbbreviations.has(this.low(monthTok)) && !this.c.months.has(this.low(monthTok));
    return isAbbr && dot?.text === '.' && dot.start === this.tok(monthTok)!.end && this.tok(k + 1)?.kind === 'number' ? k + 1 : k;
  }

  /** A written-out modifier after token k-1 ("lalu", "kemarin"): its direction and the token after it. */
  private modifierAfter(k: number): { dir: RelativeDirection; next: number } | undefined {
    const dir = this.c.after.get(this.low(k));
    return dir === undefined || this.tok(k)?.kind !== 'word' ? undefined : { dir, next: k + 1 };
  }

  /** Words after a date that belong to it but add nothing ("Senin (20/10) kemarin"). */
  private swallow(k: number): number {
    return this.modifierAfter(k)?.next ?? k;
  }

  /** The date at token i, if any. */
  matchAt(i: number): Found | undefined {
    return (
      this.relativeAt(i) ??
      this.weekdayAt(i) ??
      this.periodAt(i) ??
      this.explicitAt(i, false) ??
      this.monthAloneAt(i) ??
      this.yearAt(i) ??
      this.agoAt(i)
    );
  }

  /** Fixed phrases (kemarin, yesterday), unit + modifier (bulan lalu), modifier + unit (last week). */
  private relativeAt(i: number): Found | undefined {
    const fixed = this.c.relative.match(this.run, i);
    if (fixed) return this.found(i, fixed.next, fixed.next, 'relative', { kind: 'offset', unit: fixed.value.unit, n: fixed.value.offset });
    const unit = this.c.units.get(this.low(i));
    const after = unit !== undefined ? this.modifierAfter(i + 1) : undefined;
    if (unit !== undefined && after) return this.found(i, after.next, after.next, 'relative', { kind: 'offset', unit, n: after.dir });
    const dir = this.c.before.get(this.low(i));
    if (dir === undefined || this.tok(i)?.kind !== 'word') return undefined;
    const unit2 = this.c.units.get(this.low(i + 1));
    if (unit2 !== undefined) return this.found(i, i + 2, i + 2, 'relative', { kind: 'offset', unit: unit2, n: dir });
    const day = this.name(this.c.weekdays, i + 1);
    if (day !== undefined) return this.found(i, i + 2, i + 2, 'weekday', { kind: 'weekday', day, dir });
    const m = this.month(i + 1, false);
    if (m !== undefined) return this.found(i, i + 2, i + 2, 'month', { kind: 'month', m, dir });
    return undefined;
  }

  /** A weekday beside a date ("Jumat (17/10/2024)", "Thursday, Oct. 17, 2024"), or alone ("pada Senin"). */
  private weekdayAt(i: number): Found | undefined {
    const full = this.name(this.c.weekdays, i);
    const day = full ?? this.name(this.c.weekdayAbbreviations, i);
    if (day === undefined) return undefined;
    const w = this.tok(i)!;
    let j = i + 1;
    let bracket = false;
    if (this.tok(j)?.text === ',') j++;
    else if (this.tok(j)?.text === '(') {
      j++;
      bracket = true;
    }
    const date = this.explicitAt(j, true);
    if (date) {
      let next = date.next;
      if (bracket && this.tok(next)?.text === ')') next++;
      return { ...date, next: this.swallow(next), weekday: { start: w.start, end: w.end, text: w.text, day } };
    }
    if (full === undefined) return undefined;
    const after = this.modifierAfter(i + 1);
    const end = after ? after.next : i + 1;
    return this.found(i, end, end, 'weekday', { kind: 'weekday', day, ...(after ? { dir: after.dir } : {}) });
  }

  /** "Awal bulan ini", "akhir 2023", "early October", "the end of last year", "mid-October". */
  private periodAt(i: number): Found | undefined {
    const part = this.c.periodParts.match(this.run, i);
    if (part) {
      const inner =
        this.relativeAt(part.next) ??
        this.explicitAt(part.next, false) ??
        this.monthAloneAt(part.next, true) ??
        this.yearAt(part.next, true);
      if (inner && inner.meaning.kind !== 'weekday' && inner.weekday === undefined) {
        return { ...inner, start: this.tok(i)!.start, rule: `period+${inner.rule}` };
      }
    }
    // One hyphenated token: "mid-October", "mid-2024".
    const t = this.tok(i);
    if (t === undefined || t.kind !== 'word') return undefined;
    const dash = t.text.indexOf('-');
    if (dash < 0 || !this.c.periodPartWords.has(t.text.slice(0, dash).toLowerCase())) return undefined;
    const rest = t.text.slice(dash + 1);
    if (FOUR_DIGITS.test(rest)) {
      const y = Number(rest);
      return y >= YEAR_MIN && y <= YEAR_MAX ? this.found(i, i + 1, i + 1, 'period+year', { kind: 'absolute', value: pad4(y) }) : undefined;
    }
    const m = this.c.months.get(rest.toLowerCase());
    if (m !== undefined && (!this.c.lex.capitalizedNames || isCapitalized(rest))) {
      const y = this.year(i + 1);
      if (y !== undefined) return this.found(i, i + 2, i + 2, 'period+month-year', { kind: 'absolute', value: isoMonth(y, m) });
      return this.found(i, i + 1, i + 1, 'period+month', { kind: 'month', m });
    }
    return undefined;
  }

  /** "bulan Juni", "bulan Juni 2024". */
  private monthWordAt(i: number): Found | undefined {
    if (!this.c.monthWords.has(this.low(i))) return undefined;
    const m = this.month(i + 1, false);
    if (m === undefined) return undefined;
    const y = this.year(i + 2);
    if (y !== undefined) return this.found(i, i + 3, i + 3, 'month-year', { kind: 'absolute', value: isoMonth(y, m) });
    const after = this.modifierAfter(i + 2);
    const end = after ? after.next : i + 2;
    return this.found(i, end, end, 'month', { kind: 'month', m, ...(after ? { dir: after.dir } : {}) });
  }

  /**
   * A written date: numeric (17/10/2024, 2024-10-17, 17.10.2024, and 20/10 in brackets or after
   * a weekday), day-month(-year) (17 Oktober 2024, 20-22 Oktober 2025), month-day(-year)
   * (October 17, 2024; Oct. 17), month-year (Oktober 2024).
   */
  private explicitAt(i: number, afterWeekday: boolean): Found | undefined {
    const t = this.tok(i);
    if (t === undefined) return undefined;
    if (t.kind === 'number') return this.numericAt(i, afterWeekday) ?? this.dayMonthAt(i);
    const m = this.month(i, true);
    if (m === undefined) return undefined;
    const k = this.skipAbbreviationDot(i, i + 1);
    const y = this.year(k);
    if (y !== undefined) return this.found(i, k + 1, this.swallow(k + 1), 'month-year', { kind: 'absolute', value: isoMonth(y, m) });
    const day = this.day(k);
    if (day === undefined) return undefined;
    let end = day.next;
    const comma = this.tok(end)?.text === ',' ? end + 1 : end;
    const y2 = this.year(comma);
    if (y2 !== undefined) {
      if (!isValidDate(y2, m, day.d)) return undefined;
      end = comma + 1;
      return this.found(i, end, this.swallow(end), 'month-day-year', { kind: 'absolute', value: isoDay({ y: y2, m, d: day.d }) });
    }
    if (day.d > daysInMonth(2024, m)) return undefined; // 2024 is a leap year: allows 29 February
    return this.found(i, end, this.swallow(end), 'month-day', { kind: 'day-month', m, d: day.d });
  }

  /** "17 Oktober 2024", "17 Oktober", "17th October", "20-22 Oktober 2025". */
  private dayMonthAt(i: number): Found | undefined {
    const t = this.tok(i)!;
    let first: number;
    let last: number | undefined;
    let k: number;
    const span = t.text.split('-');
    if (span.length === 2 && span.every((p) => ONE_OR_TWO_DIGITS.test(p))) {
      first = Number(span[0]);
      last = Number(span[1]);
      if (!(first >= 1 && first < last && last <= 31)) return undefined;
      k = i + 1;
    } else {
      const day = this.day(i);
      if (day === undefined) return undefined;
      first = day.d;
      k = day.next;
    }
    const m = this.month(k, true);
    if (m === undefined) return undefined;
    const afterMonth = this.skipAbbreviationDot(k, k + 1);
    const comma = this.tok(afterMonth)?.text === ',' && this.year(afterMonth + 1) !== undefined ? afterMonth + 1 : afterMonth;
    const y = this.year(comma);
    const lastDay = last ?? first;
    if (y !== undefined) {
      if (!isValidDate(y, m, lastDay)) return undefined;
      const from = isoDay({ y, m, d: first });
      const value = last === undefined ? from : `${from}/${isoDay({ y, m, d: last })}`;
      return this.found(i, comma + 1, this.swallow(comma + 1), last === undefined ? 'day-month-year' : 'day-range', { kind: 'absolute', value });
    }
    if (lastDay > daysInMonth(2024, m)) return undefined;
    const end = afterMonth;
    return this.found(i, end, this.swallow(end), last === undefined ? 'day-month' : 'day-range', {
      kind: 'day-month',
      m,
      d: first,
      ...(last !== undefined ? { lastDay: last } : {}),
    });
  }

  /** 17/10/2024, 17-10-2024, 17.10.2024, 2024-10-17, 10/17/2024 (en), 17/10/24; 20/10 in brackets or after a weekday. */
  private numericAt(i: number, afterWeekday: boolean): Found | undefined {
    const s = this.tok(i)!.text;
    const sep = s.includes('/') ? '/' : s.includes('-') ? '-' : s.includes('.') ? '.' : undefined;
    if (sep === undefined) return undefined;
    const parts = s.split(sep);
    if (!parts.every((p) => DIGITS.test(p))) return undefined;
    const end = i + 1;
    if (parts.length === 3) {
      const [a, b, c] = parts as [string, string, string];
      if (a.length === 4 && sep !== '.' && b.length <= 2 && c.length <= 2) {
        const date = { y: Number(a), m: Number(b), d: Number(c) };
        if (!isValidDate(date.y, date.m, date.d)) return undefined;
        return this.found(i, end, this.swallow(end), 'numeric-ymd', { kind: 'absolute', value: isoDay(date) });
      }
      if (a.length > 2 || b.length > 2 || !(c.length === 4 || (c.length === 2 && sep !== '.'))) return undefined;
      const yy = Number(c);
      const y = c.length === 4 ? yy : yy < TWO_DIGIT_YEAR_PIVOT ? 2000 + yy : 1900 + yy;
      const order = this.numericOrder(Number(a), Number(b), y);
      if (!order) return undefined;
      return this.found(i, end, this.swallow(end), `numeric-${order.rule}`, { kind: 'absolute', value: isoDay({ y, m: order.m, d: order.d }) });
    }
    if (parts.length === 2 && sep === '/' && parts.every((p) => p.length <= 2)) {
      const inBrackets = this.tok(i - 1)?.text === '(' && this.tok(i + 1)?.text === ')';
      if (!afterWeekday && !inBrackets) return undefined; // 24/7, 3/4: a fraction or a score
      const order = this.numericOrder(Number(parts[0]), Number(parts[1]), 2024);
      if (!order) return undefined;
      return this.found(i, end, this.swallow(end), `numeric-${order.rule}`, { kind: 'day-month', m: order.m, d: order.d });
    }
    return undefined;
  }

  /** Day and month of two numeric fields in the pack's order, or the other order when only that is a date. */
  private numericOrder(a: number, b: number, y: number): { m: number; d: number; rule: string } | undefined {
    const dmy = isValidDate(y, b, a) ? { m: b, d: a, rule: 'dmy' } : undefined;
    const mdy = isValidDate(y, a, b) ? { m: a, d: b, rule: 'mdy' } : undefined;
    return this.c.lex.numericOrder === 'DMY' ? (dmy ?? mdy) : (mdy ?? dmy);
  }

  /** A month name alone after a preposition ("pada Juni", "in June") or before a modifier ("Juni lalu"). */
  private monthAloneAt(i: number, afterPeriod = false): Found | undefined {
    const word = this.monthWordAt(i);
    if (word) return word;
    const m = this.month(i, false);
    if (m === undefined) return undefined;
    const after = this.modifierAfter(i + 1);
    if (!after && !afterPeriod && !this.c.prepositions.has(this.low(i - 1))) return undefined;
    const end = after ? after.next : i + 1;
    return this.found(i, end, end, 'month', { kind: 'month', m, ...(after ? { dir: after.dir } : {}) });
  }

  /** "tahun 2022", "tahun 2022-2023", and a bare year after a preposition: "sejak 2022", "in 2022". */
  private yearAt(i: number, afterPeriod = false): Found | undefined {
    const t = this.tok(i);
    if (t === undefined) return undefined;
    if (this.c.yearWords.has(this.low(i)) && t.kind === 'word') {
      const y = this.year(i + 1);
      if (y !== undefined) return this.found(i, i + 2, this.swallow(i + 2), 'year', { kind: 'absolute', value: pad4(y) });
      const range = this.yearRange(i + 1);
      if (range) return this.found(i, i + 2, i + 2, 'year-range', { kind: 'absolute', value: range });
      return undefined;
    }
    if (t.kind !== 'number') return undefined;
    if (!afterPeriod && !this.c.prepositions.has(this.low(i - 1))) return undefined;
    const y = this.year(i, BARE_YEAR_MIN, BARE_YEAR_MAX);
    if (y !== undefined) return this.found(i, i + 1, this.swallow(i + 1), 'year', { kind: 'absolute', value: pad4(y) });
    const range = this.yearRange(i);
    return range ? this.found(i, i + 1, i + 1, 'year-range', { kind: 'absolute', value: range }) : undefined;
  }

  private yearRange(k: number): string | undefined {
    const t = this.tok(k);
    if (t === undefined || t.kind !== 'number') return undefined;
    const parts = t.text.split('-');
    if (parts.length !== 2 || !parts.every((p) => FOUR_DIGITS.test(p))) return undefined;
    const [a, b] = parts.map(Number) as [number, number];
    return a >= YEAR_MIN && a < b && b <= YEAR_MAX ? `${pad4(a)}/${pad4(b)}` : undefined;
  }

  /** "3 hari lalu", "two"-less "3 days ago": a number, a unit, an "ago" phrase. */
  private agoAt(i: number): Found | undefined {
    const n = this.num(i, DIGITS);
    if (n === undefined || n > 1000) return undefined;
    const unit = this.c.units.get(this.low(i + 1));
    if (unit === undefined) return undefined;
    const ago = this.c.ago.match(this.run, i + 2);
    if (!ago) return undefined;
    return this.found(i, ago.next, ago.next, 'ago', { kind: 'offset', unit, n: -n });
  }
}

function parseReference(reference: string): Ymd {
  const m = ISO_DATE_PREFIX.exec(reference);
  const date = m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : undefined;
  if (!date || !isValidDate(date.y, date.m, date.d)) {
    throw new Error(`extractDates: options.reference must be an ISO date (YYYY-MM-DD), got "${reference}"`);
  }
  return date;
}

const FULL_DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** A dateline lies in the first characters of the text (a title line, then the place and date). */
const DATELINE_WINDOW = 400;
/** The dash after a dateline's date, past a closing bracket or an agency: "17/10/2024) -", "Oct. 17 —". */
const DATELINE_DASH = /^[)\s]*[-–—]/;

/** Where the second non-empty line of the text ends (a title line, then the opening paragraph). */
function openingEnd(text: string): number {
  let lines = 0;
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const stop = end < 0 ? text.length : end;
    if (text.slice(at, Math.min(stop, at + 200)).trim() !== '' && ++lines === 2) return stop;
    at = stop + 1;
  }
  return text.length;
}

/**
 * Dates in the given regions of `text`. Relative and partial dates are resolved against
 * `options.reference` (YYYY-MM-DD, or an ISO date-time whose date part is used), else against the
 * dateline: the first full date in the text written beside a weekday ("Jumat (17/10/2024)"), else
 * the first full date. Without a reference they are left out; the date of today is never used.
 * Throws only when `options.reference` is not an ISO date.
 * @example extractDates('Jumat (17/10/2024). Pada bulan Juni ...', regions, idDates).dates.map((d) => d.value)
 * // ['2024-10-17', '2024-06']
 */
export function extractDates(
  text: string,
  regions: readonly Span[],
  lex: DateLexicon | CompiledDates,
  options: { reference?: string; referenceSource?: 'option' | 'meta'; runs?: readonly TokenRun[] } = {},
): DateExtraction {
  const c = 'monthWords' in lex && lex.monthWords instanceof Set ? (lex as CompiledDates) : compileDates(lex as DateLexicon);
  const found: Found[] = [];
  forEachRegion(text, regions, (start, end, index) => {
    const given = options.runs?.[index];
    const run = given !== undefined && regions[index]!.start === start && regions[index]!.end === end ? given : tokenRun(tokenize(text, start, end));
    const reader = new DateReader(text, run, c);
    let future = false;
    for (let i = 0; i < run.tokens.length; ) {
      const t = run.tokens[i]!;
      // Exact: every reading of matchAt begins at a number, a starter word or a hyphenated word.
      const lower = run.lower[i]!;
      const f = t.kind === 'number' || (c.starterFilter.mayHave(lower) && c.starters.has(lower)) || (t.kind === 'word' && t.text.includes('-')) ? reader.matchAt(i) : undefined;
      if (f) {
        found.push(future ? inFuture(f) : f);
        i = Math.max(f.next, i + 1);
      } else {
        future ||= c.futureFilter.mayHave(lower) && c.futureMarkers.has(lower);
        i++;
      }
    }
  });

  let reference: DateExtraction['reference'];
  if (options.reference !== undefined) {
    const ref = parseReference(options.reference);
    reference = { date: isoDay(ref), source: options.referenceSource ?? 'option' };
  } else {
    const full = found.filter((f) => f.meaning.kind === 'absolute' && FULL_DAY.test(f.meaning.value));
    // A dateline stands at the opening of the text and is written with its weekday ("JAKARTA,
    // Kamis (17/10/2024) -") or followed by the dash that opens the story ("17/10/2024 -"). Any
    // other first date (a transcript cited, a ruling reported) is only a guess.
    const opening = Math.max(DATELINE_WINDOW, openingEnd(text));
    const dateline = full.find(
      (f) => f.start < opening && (f.weekday !== undefined || DATELINE_DASH.test(text.slice(f.end, f.end + 6))),
    );
    const guess = full.find((f) => f.weekday !== undefined) ?? full[0];
    if (dateline && dateline.meaning.kind === 'absolute') reference = { date: dateline.meaning.value, source: 'dateline' };
    else if (guess && guess.meaning.kind === 'absolute') reference = { date: guess.meaning.value, source: 'guess' };
  }
  const ref = reference ? parseReference(reference.date) : undefined;

  const dates: DateMention[] = [];
  for (const f of found) {
    const value = resolve(f.meaning, ref);
    if (value === undefined) continue;
    dates.push({
      start: f.start,
      end: f.end,
      text: text.slice(f.start, f.end),
      rule: f.rule,
      value,
      relative: f.meaning.kind !== 'absolute',
      ...(f.weekday ? { weekday: f.weekday } : {}),
    });
  }
  return { dates, ...(reference ? { reference } : {}) };
}

/**
 * Dates whose written weekday is not the weekday of the date ("Jumat (17/10/2024)": 17 October
 * 2024 was a Thursday), with the weekday the calendar gives (0 = Sunday).
 */
export function weekdayMismatches(dates: readonly DateMention[]): { date: DateMention; expected: number }[] {
  const out: { date: DateMention; expected: number }[] = [];
  for (const date of dates) {
    if (!date.weekday || !FULL_DAY.test(date.value)) continue;
    const [y, m, d] = date.value.split('-').map(Number) as [number, number, number];
    if (!isValidDate(y, m, d)) continue;
    const expected = weekdayOf({ y, m, d });
    if (expected !== date.weekday.day) out.push({ date, expected });
  }
  return out;
}
