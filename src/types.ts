/**
 * The data of saksi, defined once. Every extraction is a stand-off span into one immutable text
 * (UTF-16 code-unit offsets, end exclusive): `text.slice(span.start, span.end) === span.text`.
 * The public JSON contract (docs/analysis-contract.md) is a subset of `Analysis`.
 */

export const ANALYSIS_SCHEMA = 'saksi.analysis/1' as const;

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Why an extraction exists: the rule (and cue word, where there is one) that produced it. */
export interface Explained {
  /** A stable rule id such as `quote-then-cue`, `gazetteer:country`, `tagger`. */
  readonly rule: string;
}

export type EntityType = 'PERSON' | 'ORG' | 'GPE' | 'LOC' | 'NORP' | 'MISC';

export interface Mention extends Span, Explained {
  /** How this mention joined its entity: `exact`, `surname`, `variant`, `pronoun`, `alias`, `kb`... */
  readonly link?: string;
}

export interface Entity {
  readonly id: string;
  readonly type: EntityType;
  /** Canonical name: the knowledge-base name when known, else the longest mention. */
  readonly name: string;
  readonly mentions: Mention[];
  /** Distinct surface forms seen in this document. */
  readonly aliases: string[];
  /** Names in other languages and codes, e.g. `{ en: 'North Korea', code: 'KP' }` for GPEs. */
  readonly names?: Readonly<Record<string, string>>;
  /** Knowledge-base id where the entity was matched to one. */
  readonly kb?: string;
  /** Roles seen next to a mention ("Sekretaris Jenderal NATO", "Presiden Rusia"). */
  readonly roles?: string[];
  /** Human-readable reasons for merges: "Zielinski ~ Zelensky (edit distance 0.22, same phonetic key)". */
  readonly evidence?: string[];
}

export type Stance = 'assert' | 'deny' | 'doubt';

export interface Speaker extends Span {
  /** `entities[].id` where resolved. */
  readonly entity?: string;
  /** `name` for a named speaker, `pronoun` for dia/he resolved to an antecedent, `unnamed` for "seorang pejabat". */
  readonly kind: 'name' | 'pronoun' | 'unnamed' | 'group';
}

export interface Claim extends Span, Explained {
  readonly id: string;
  /** Direct quotation (the span is inside the quotes) or reported speech. */
  readonly quote: boolean;
  readonly stance: Stance;
  readonly cue?: Span;
  readonly speakers: Speaker[];
  /** What the speaker reacts to, for a denial such as "Moskow dan Pyongyang membantahnya". */
  readonly target?: string;
  /** Ids of entities mentioned inside the claim, indices into `quantities` and `dates`. */
  readonly entities: string[];
  readonly quantities: number[];
  readonly dates: number[];
  /** Index of the sentence the claim stands in. */
  readonly sentence: number;
}

/**
 * What kind of act an attribution's cue names. A claim is always a `statement` (said, wrote,
 * reported, denied; a document's finding). The others are attributions of their own kind, kept
 * out of the claims (docs/claims-annotation.md: nothing in them can be true or false as said):
 * `belief` (thinks, believes, knows, expects; yakin, percaya, menduga), `feeling` (fears, worries;
 * khawatir, takut), `intention` (wants, plans, hopes, promises; ingin, berencana, berharap, berjanji)
 * and `request` (urges, calls for, demands, proposes; meminta, mengimbau, mendesak, mengusulkan).
 */
export type Act = 'statement' | 'belief' | 'feeling' | 'intention' | 'request';

/** An act other than a statement: what an `Attitude` records. */
export type AttitudeAct = Exclude<Act, 'statement'>;

/**
 * A belief, feeling, intention or request the article attributes to someone ("Clinton wants to
 * ...", "warga khawatir ...", "Bupati meminta agar ..."): found by the same rules as claims, with
 * speaker, cue and content, but no claim: no stance, not in claim counts or stories.
 */
export interface Attitude extends Span, Explained {
  /** `a1`, `a2`... in reading order. */
  readonly id: string;
  readonly act: AttitudeAct;
  /** Direct quotation (the span is inside the quotes: `"...," harapnya`) or reported. */
  readonly quote: boolean;
  readonly cue: Span;
  readonly speakers: Speaker[];
  /** Ids of entities mentioned inside it, indices into `quantities` and `dates`. */
  readonly entities: string[];
  readonly quantities: number[];
  readonly dates: number[];
  readonly sentence: number;
}

export type QuantityKind = 'count' | 'percent' | 'money' | 'measure';

export interface Quantity extends Span, Explained {
  readonly value?: number;
  readonly low?: number;
  readonly high?: number;
  readonly approximate?: boolean;
  /** The counted noun ("tentara", "troops"), or the measure ("km"). */
  readonly unit?: string;
  readonly kind: QuantityKind;
  /** ISO 4217 for money: IDR, USD, EUR. */
  readonly currency?: string;
}

export interface DateMention extends Span, Explained {
  /** ISO 8601 as precise as the text: '2024', '2024-06', '2024-10-17'. */
  readonly value: string;
  /** Resolved against the article's date rather than written out in full. */
  readonly relative: boolean;
  /** The weekday written beside the date ("Jumat" in "Jumat (17/10/2024)"). */
  readonly weekday?: Span & { readonly day: number };
}

export interface Flag {
  readonly code: string;
  readonly message: string;
  readonly spans: Span[];
}

export interface RemovedSpan extends Span {
  readonly reason: string;
}

export type Severity = 'error' | 'warning';

/** A problem with the input, not with saksi: reported, never thrown. */
export interface Diagnostic {
  /** Stable code: 'empty', 'binary', 'invalid-utf8', 'too-large', 'no-article', 'fetch-failed'... */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * What is known of a document besides its text: the one shape used by the readers (page meta),
 * the analysis (`Analysis.meta`), source records, the ingest workers and the store. Every field
 * is optional; each stage fills what it knows.
 */
export interface DocumentMetadata {
  readonly title?: string;
  /** The byline as the page gives it; the analysis keeps it in `Analysis.meta`. */
  readonly byline?: string;
  /** The author as a record names it (else the byline): what the store keeps. */
  readonly author?: string;
  /** ISO 8601 date or date-time, as found (its own offset kept). */
  readonly published?: string;
  readonly url?: string;
  /** The outlet. */
  readonly source?: string;
  /** The language code of the text, once known (detected by the analysis). */
  readonly language?: string;
  /** Where the text came from, for messages: a path, `path#line`, a URL or '-'. */
  readonly origin?: string;
  /** 'text' or 'html'. */
  readonly format?: 'text' | 'html';
}

/** The document metadata under the name the analysis API has always used (the same type). */
export type DocumentMeta = DocumentMetadata;

export interface Sentence extends Span {
  /** Index of the paragraph (a run of text between newlines). */
  readonly paragraph: number;
}

export interface Analysis {
  readonly schema: typeof ANALYSIS_SCHEMA;
  readonly language: string;
  readonly text: string;
  readonly removed: RemovedSpan[];
  readonly entities: Entity[];
  readonly claims: Claim[];
  /** Beliefs, feelings, intentions and requests attributed to someone: no claims. Absent from analyses stored before it existed. */
  readonly attitudes?: Attitude[];
  readonly quantities: Quantity[];
  readonly dates: DateMention[];
  readonly flags: Flag[];
  readonly sentences: Sentence[];
  readonly meta: DocumentMeta;
  /** The date relative expressions were resolved against, and where it came from. */
  readonly reference?: { readonly date: string; readonly source: 'option' | 'meta' | 'dateline' | 'guess' };
  readonly diagnostics: Diagnostic[];
}

export function makeSpan(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}
