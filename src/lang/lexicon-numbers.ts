/**
 * What a language pack knows about written quantities: separators, scale and number words, vague
 * plurals, approximators, ranges, percent and currency markers, measures, and the words that
 * show a number is not a quantity at all (a year, a time, an article of law, an ordinal).
 * Read by src/extract/quantities.ts, which names no word of any language itself.
 *
 * Phrases (approximators, range words, markers) are written as they appear in text and may hold
 * several tokens ("lebih dari", "US$", "per cent"); they match case-insensitively unless a field
 * says otherwise. Ordinals need no list: a number glued to letters ("3rd", "4G") or inside a word
 * ("ke-3", "COVID-19", "G20") is never a quantity.
 */

/** How an approximator bounds the number after it. */
export type ApproximatorKind =
  /** "sekitar 500", "about 500": value 500, approximate. */
  | 'about'
  /** "lebih dari 100", "at least 100": low 100, approximate. */
  | 'min'
  /** "hampir 100", "up to 100": high 100, approximate. */
  | 'max';

/** A vague plural such as "ribuan" / "thousands": a range of values. */
export interface VagueNumber {
  readonly low: number;
  readonly high: number;
  /**
   * The scale the plural stands for, when it can multiply a vague plural before it:
   * "tens of thousands" = tens (10–99) × 1,000. Leave out for words that cannot ("dozens").
   */
  readonly scale?: number;
}

/** A number word that multiplies (or adds to) the number word before it. */
export interface MultiplierWord {
  /** "puluh": dua puluh = 2 × 10; "hundred": two hundred = 2 × 100; "dozen": 3 × 12. */
  readonly times: number;
  /** "belas": dua belas = 2 × 1 + 10. */
  readonly plus?: number;
}

/** A scale abbreviation such as "M" (miliar) or "bn"; matched case-sensitively. */
export interface ScaleAbbreviation {
  readonly value: number;
  /**
   * Only after a currency ("$3m" is three million, but "100m" may be a distance). Without this
   * flag the abbreviation counts when glued to the digits ("5T") or after a currency ("Rp 5 T").
   */
  readonly currencyOnly?: boolean;
}

export interface NumberLexicon {
  /** Separates the decimals: ',' in Indonesian (2,65), '.' in English (2.65). */
  readonly decimalSeparator: ',' | '.';
  /** Separates groups of three digits: '.' in Indonesian (10.000), ',' in English (10,000). */
  readonly groupSeparator: '.' | ',';
  /** Scale words after a number, lower-case: juta → 1e6, "billion" → 1e9, "bn" → 1e9. */
  readonly scales: Readonly<Record<string, number>>;
  /** Case-sensitive scale abbreviations: "M" → 1e9 in Indonesian, "m" → 1e6 after a currency in English. */
  readonly scaleAbbreviations: Readonly<Record<string, ScaleAbbreviation>>;
  /** Spelled numbers, lower-case: satu → 1, sebelas → 11, seratus → 100, seribu → 1000; twenty → 20. */
  readonly numberWords: Readonly<Record<string, number>>;
  /** Words that multiply the number word before them: puluh, belas, ratus; hundred, dozen. */
  readonly multiplierWords: Readonly<Record<string, MultiplierWord>>;
  /** Articles that stand for "one" before a scale or multiplier word: "a million", "a dozen". */
  readonly articles: readonly string[];
  /** Number words too common in other uses to count alone ("one of them"): a number only before a scale or multiplier. */
  readonly ambiguousNumberWords: readonly string[];
  /** Vague plurals, lower-case: puluhan → 20–99, ribuan → 1,000–9,999; dozens, thousands. */
  readonly vague: Readonly<Record<string, VagueNumber>>;
  /** Words between a vague plural and what it counts: "thousands of troops" → "of". */
  readonly vagueLinkers: readonly string[];
  /** Phrases before a number that make it approximate: sekitar, lebih dari; about, at least. */
  readonly approximators: Readonly<Record<string, ApproximatorKind>>;
  /** Words that open a range, with the connectors that may close it: antara → [dan]; between → [and]. */
  readonly rangeOpeners: Readonly<Record<string, readonly string[]>>;
  /** Connectors between two numbers that make a range without an opener: hingga, sampai, '-', '–'; to. */
  readonly rangeConnectors: readonly string[];
  /** Percent markers after a number: '%', persen; percent, per cent. */
  readonly percent: readonly string[];
  /** Currency markers before a number → ISO 4217: Rp → IDR, US$ → USD, € → EUR. */
  readonly currencyPrefixes: Readonly<Record<string, string>>;
  /** Currency markers after a number (and its scale) → ISO 4217: rupiah → IDR, "dolar AS" → USD. */
  readonly currencySuffixes: Readonly<Record<string, string>>;
  /** Units of measure after a number, matched case-sensitively (m is a metre, M is not): km, kg, ton. */
  readonly measures: readonly string[];
  /** Classifiers and adjectives skipped between the number and the counted noun: buah, ekor; more, additional. */
  readonly unitSkips: readonly string[];
  /**
   * Where the counted noun stands in a noun phrase after a number: 'first' in Indonesian ("10.000
   * tentara Korea Utara"), 'plural-last' in English, where modifiers come first and the head is the
   * last plural ("40 maritime militia vessels", "two fishing boats").
   */
  readonly unitHead: 'first' | 'plural-last';
  /** Plural endings, for 'plural-last': s. */
  readonly pluralSuffixes: readonly string[];
  /** Function words that are never the counted noun: yang, dan, di; the, and, of. */
  readonly notUnits: readonly string[];
  /** Words (or symbols) right before a number that make it a label, not a quantity: nomor, No., pasal, pukul; page, #. */
  readonly notQuantityBefore: readonly string[];
  /** Phrases right after a number that make it a time, not a quantity: WIB, GMT; am, p.m. */
  readonly notQuantityAfter: readonly string[];
  /**
   * Words before a four-digit number (1800–2100) that make it a year whatever follows: tahun,
   * sejak; year, since. Without one, such a number is a year unless a currency, scale, percent
   * or measure shows it is an amount.
   */
  readonly yearMarkers: readonly string[];
}
