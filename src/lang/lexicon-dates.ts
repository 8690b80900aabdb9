/**
 * What a language pack knows about written dates: month and weekday names, the order of numeric
 * dates, and relative expressions (kemarin, bulan lalu, last week) as data. Read by
 * src/extract/dates.ts, which names no word of any language itself.
 *
 * Words match case-insensitively, except that month and weekday names must be capitalised when
 * `capitalizedNames` is set ("May" the month, "may" the verb; "Minggu" Sunday, "minggu" a week).
 */

/** The unit a relative expression counts in; it sets the precision of the resolved value. */
export type RelativeUnit = 'day' | 'week' | 'month' | 'year';

/** A fixed relative expression: kemarin → one day back; "a year ago" → one year back. */
export interface RelativeExpression {
  readonly unit: RelativeUnit;
  readonly offset: number;
}

/**
 * A modifier beside a weekday, month or unit: -1 "the last one before the reference" (lalu,
 * kemarin; last), 0 "the current one" (ini; this), 1 "the next one after it" (depan; next).
 */
export type RelativeDirection = -1 | 0 | 1;

export interface DateLexicon {
  /** Twelve entries, January first: the names that may stand alone ("Juni", "June"). */
  readonly months: readonly (readonly string[])[];
  /** Twelve entries: abbreviations, counted only next to a day or year number ("Okt 2024", "Oct. 17"). */
  readonly monthAbbreviations: readonly (readonly string[])[];
  /** Weekday names, lower-case → day index, 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
  readonly weekdays: Readonly<Record<string, number>>;
  /** Weekday abbreviations, lower-case → day index, counted only beside a date ("Thu, Oct. 17"). */
  readonly weekdayAbbreviations: Readonly<Record<string, number>>;
  /** Month and weekday names count only when capitalised. */
  readonly capitalizedNames: boolean;
  /**
   * Field order of an all-numeric date such as 03/04/2024. When the preferred order gives no valid
   * date but the other does (a first field above 12 in MDY), the other is used.
   */
  readonly numericOrder: 'DMY' | 'MDY';
  /** Calendar units in relative expressions, lower-case: hari, pekan, bulan, tahun; day(s), week(s). */
  readonly units: Readonly<Record<string, RelativeUnit>>;
  /** Modifiers written before a unit, weekday or month: last, this, next. */
  readonly modifiersBefore: Readonly<Record<string, RelativeDirection>>;
  /** Modifiers written after a unit, weekday or month: lalu, kemarin, ini, depan, mendatang. */
  readonly modifiersAfter: Readonly<Record<string, RelativeDirection>>;
  /** Phrases after "<number> <unit>" meaning that long before: lalu, yang lalu, silam; ago. */
  readonly ago: readonly string[];
  /**
   * Words that put a sentence in the future: akan, bakal; will, scheduled. A lone month or weekday
   * after one is the next such, not the last ("akan digelar pada Juli", "will be delivered by March").
   */
  readonly futureMarkers: readonly string[];
  /** Fixed relative phrases: kemarin, besok, lusa; yesterday, today, tomorrow. */
  readonly relative: Readonly<Record<string, RelativeExpression>>;
  /** Part-of-period phrases before a month, year or relative unit, kept in the span: awal, akhir; early, "end of". */
  readonly periodParts: readonly string[];
  /** Nouns before a month name that belong to the date: "bulan Juni". */
  readonly monthWords: readonly string[];
  /** Nouns before a year that belong to the date: "tahun 2022". */
  readonly yearWords: readonly string[];
  /** Prepositions that make a lone month name or year a date, kept out of the span: pada, sejak; in, since. */
  readonly datePrepositions: readonly string[];
  /** Suffixes glued to a day number: "17th". */
  readonly ordinalSuffixes: readonly string[];
}
