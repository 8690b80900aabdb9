import type { EntityType } from '../types.js';

/** A role someone holds or held: "Presiden Rusia" (lang `id`), "Secretary General of NATO" (lang `en`). */
export interface KbRole {
  readonly text: string;
  /** Language of `text` (BCP 47 primary tag, e.g. `id`, `en`). */
  readonly lang?: string;
  /** Knowledge-base id of the organisation or country the role belongs to (`org:nato`, `country:RU`). */
  readonly org?: string;
  /** ISO 8601 date (`2024-10-01`, `2024-10`, `2024`) the role began. */
  readonly since?: string;
  /** ISO 8601 date the role ended (exclusive); absent while the role is held. */
  readonly until?: string;
}

/** One thing the knowledge base knows: a country, city, region, organisation, outlet or person. */
export interface KbEntry {
  /** Stable id: `country:KP`, `city:moscow`, `province:ID-JK`, `org:nato`, `person:mark-rutte`. */
  readonly id: string;
  readonly type: EntityType;
  /** Canonical name, English. */
  readonly name: string;
  /** Language → name (`{ id: 'Korea Utara', en: 'North Korea' }`); always has `en`. */
  readonly names: Readonly<Record<string, string>>;
  /** Other real spellings and short forms ("Korut", "DPRK", "Zelenskiy"). */
  readonly aliases: readonly string[];
  readonly roles: readonly KbRole[];
  /** ISO 3166-1 alpha-2 code of the country the entry belongs to. */
  readonly country?: string;
  /** A code of the entry itself: ISO 3166-1 alpha-2 for countries, ISO 3166-2 for provinces. */
  readonly code?: string;
  readonly wikidata?: string;
  /** Finer kind: `country`, `territory`, `capital`, `city`, `province`, `regency`, `news-agency`, `outlet`, `seat-of-government`… */
  readonly kind?: string;
}

export type KbMatchHow = 'exact' | 'alias' | 'normalized' | 'fuzzy' | 'role';

export interface KbMatch {
  readonly entry: KbEntry;
  /** 0..1; see `FUZZY_THRESHOLD` for the level at which a fuzzy match is confident. */
  readonly score: number;
  readonly how: KbMatchHow;
  /** Human-readable reason: `Zielinski ~ Zelensky (surname; edit similarity 0.67, same phonetic key SLNSK)`. */
  readonly why: string;
}

/** One surface form the gazetteer knows, for building a matcher over running text. */
export interface KbForm {
  readonly text: string;
  /** `foldKey(text)`. */
  readonly key: string;
  readonly entry: KbEntry;
  /** From `aliases` rather than `name`/`names`. */
  readonly alias: boolean;
  /** A short all-capitals form (AS, UK, MK, WHO): matches only when the text is in capitals too. */
  readonly caseSensitive: boolean;
}

export interface FuzzyOptions {
  /** Only entries of this type; default `PERSON`. */
  readonly type?: EntityType;
  /** The role written next to the name ("Sekretaris Jenderal NATO"): lets a weak name match count. */
  readonly role?: string;
  /** ISO date the text speaks of: roles held then count fully, other roles a little less. */
  readonly date?: string;
  /** At most this many candidates (default 5). */
  readonly limit?: number;
}

export interface KnowledgeBase {
  readonly entries: readonly KbEntry[];
  byId(id: string): KbEntry | undefined;
  /** Exact/alias/normalised (case, diacritics, punctuation folded) lookup of a surface form. Best first. */
  lookup(surface: string): KbEntry[];
  /** `lookup` without the copy: the same entries in the same order, an array the caller must not change. */
  lookupEntries?(surface: string): readonly KbEntry[];
  /** `lookup` with how each entry matched. */
  lookupMatches(surface: string): KbMatch[];
  /**
   * False only when no surface made of `word`, white space and more words can be looked up to
   * anything (no name's first word is `word`'s): lets a caller pass over the longer lookups.
   */
  mayStartName?(word: string): boolean;
  /**
   * False only when no surface whose last word is `word` (white space before it) can be looked up
   * to anything (no name's last word is `word`'s): lets a caller pass over those lookups.
   */
  mayEndName?(word: string): boolean;
  /**
   * Fuzzy person-name match: transliteration variants and garbles by normalised edit distance and a
   * phonetic key, guarded (a surname-level or garbled match needs the role or a close full name);
   * candidates with a score and a human-readable why, best first.
   */
  fuzzy(surface: string, options?: FuzzyOptions): KbMatch[];
  /** Entries whose role text matches, e.g. "Sekretaris Jenderal NATO" → Mark Rutte (only roles current at `date` if given). */
  byRole(roleText: string, date?: string): KbEntry[];
  /** How well `roleText` matches one of the entry's roles, 0..1 (weighted token overlap after expanding abbreviations). */
  roleScore(entry: KbEntry, roleText: string, date?: string): number;
  /** Every surface form (names and aliases) with its entry. */
  forms(): readonly KbForm[];
}
