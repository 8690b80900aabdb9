/**
 * A language pack is data: word lists and patterns for one language, read by the algorithms in
 * src/extract and src/resolve. Nothing in those algorithms names a word of any language.
 * Each section's type lives beside this file; a pack is assembled in src/lang/<code>/index.ts.
 */
import type { NumberLexicon } from './lexicon-numbers.js';
import type { DateLexicon } from './lexicon-dates.js';
import type { Act, AttitudeAct, Stance } from '../types.js';
import type { LanguageProfile } from './profiles.js';

export type { NumberLexicon, DateLexicon };

export interface TextLexicon {
  /** Abbreviations whose final dot does not end a sentence (lower-cased, without the dot): "dr", "prof", "jl". */
  readonly abbreviations: readonly string[];
  /** Frequent function words, for language detection and for telling a sentence-initial capital from a name. */
  readonly stopwords: readonly string[];
  /** Articles a name may be written with or without (lower-cased): "the" (the United Nations). The knowledge base looks names up without them. */
  readonly leadingArticles?: readonly string[];
}

export interface BoilerplateRule {
  /** Matched against one line (trimmed of surrounding space). */
  readonly pattern: RegExp;
  readonly reason: string;
  /** `line`: the line only; `rest`: a footer: the line, and the lines after it when they all look like a footer (links, credits, short lines, no sentences). */
  readonly extent: 'line' | 'rest';
}

export interface EntityLexicon {
  /** Titles and roles written before a name, not part of it (multi-word allowed): "Presiden", "Sekretaris Jenderal". */
  readonly titles: readonly string[];
  /** Honorifics: "Pak", "Bu", "Mr.", "Dr.". */
  readonly honorifics: readonly string[];
  /** Words that start an organisation name: "Kementerian", "Badan", "Ministry". */
  readonly orgHeads: readonly string[];
  /** Words that end an organisation name: "Tbk", "Inc", "Corporation". */
  readonly orgTails: readonly string[];
  /** Words that start a place name: "Kabupaten", "Kota", "Sungai", "Mount", "Lake". */
  readonly placeHeads: readonly string[];
  /** Words that end a place name: "County", "River", "Creek", "Island". */
  readonly placeTails: readonly string[];
  /** Capitalised words that are never names on their own: days, months, "Tuhan", headings. */
  readonly notNames: readonly string[];
  /** Words that, lower-cased, join parts of a name ("bin", "van", "de"). */
  readonly nameParticles: readonly string[];
  /** Personal pronouns that refer to a person (dia, ia, beliau; he, she). */
  readonly personPronouns: readonly string[];
  /** Clitics that mark a pronoun on a verb (-nya). */
  readonly pronounSuffixes: readonly string[];
  /** Demonstrative references to an unnamed speaker already mentioned: "pejabat itu", "the official". */
  readonly demonstratives: readonly string[];
  /** Phrases for the West, the EU... that the pack treats as group entities. */
  readonly groups: Readonly<Record<string, string>>;
  /** Words between a person's name and another name of theirs: "Lestari atau Rerie", "Budi alias Ucok". */
  readonly aliasMarkers?: readonly string[];
  /**
   * Acronyms of ordinary nouns (draft laws, budgets, programmes, technologies): not names, and not
   * linked to the knowledge base on their own. Each maps to words that show that ordinary sense in
   * the sentence; an empty list means always ordinary ("RUU", "GDP"), a list means only when one of
   * its words is in the sentence ("PPP" with "daya beli" is purchasing power parity, not a party).
   */
  readonly ordinaryAcronyms?: Readonly<Record<string, readonly string[]>>;
  /** Spellings of one given name (lower case): "muhammad", "mochamad", "mohammad". Two people whose names differ only there are one person written two ways. */
  readonly givenNameVariants?: readonly (readonly string[])[];
}

export interface CueWord {
  readonly word: string;
  readonly stance: Stance;
  /**
   * The act the cue names when it is not a statement ("harap" after a quote: an intention). Such a
   * cue gives an attitude, not a claim. Default `statement`.
   */
  readonly act?: Act;
}

/** A cue of a belief, feeling, intention or request: "wants", "believes", "is convinced", "berharap". */
export interface AttitudeCue {
  readonly word: string;
  readonly act: AttitudeAct;
  /** A participle that is passive after a form of "be" (`passiveMarkers`): "Trump is expected to win" holds no belief of Trump's. */
  readonly activeOnly?: boolean;
}

export interface ClaimLexicon {
  /** Verbs after a quote: "...," kata X / "...," ujarnya / "...," said X. */
  readonly quoteCues: readonly CueWord[];
  /** Verbs between speaker and content: X mengatakan (bahwa) ... / X said (that) ... */
  readonly reportCues: readonly CueWord[];
  /** Source phrases before the speaker: menurut X / according to X. */
  readonly sourcePrefixes: readonly CueWord[];
  /** Participles after a comma that report more words of the clause's speaker: ", saying ...", ", seraya mengatakan ...". */
  readonly participleCues: readonly CueWord[];
  /** Passive cues before the speaker: dibantah oleh X / was denied by X. */
  readonly passiveCues: readonly CueWord[];
  /** Words that may stand between a speaker and the cue: juga, telah; also, has, repeatedly. */
  readonly auxiliaries: readonly string[];
  /**
   * Words that may open the stretch between a cue and its complementiser: "mengatakan dalam
   * konferensi pers bahwa", "said on Friday that", "told reporters that". After any other word the
   * cue's content starts at once ("said Moscow had no evidence that ...").
   */
  readonly gapOpeners: readonly string[];
  /** Complementisers after the cue: bahwa / that. */
  readonly complementizers: readonly string[];
  /** Negators that turn a cue into "said nothing": tidak, belum, enggan; did not, declined to. */
  readonly negators: readonly string[];
  /** Phrases that make the content itself a doubt: tidak memiliki bukti, terlalu dini; no evidence. */
  readonly doubtPhrases: readonly string[];
  /** Heads of unnamed sources: pejabat, sumber, ahli; official, source, expert. */
  readonly unnamedSources: readonly string[];
  /** Words before an unnamed source head: seorang, para; a, an, one, the. */
  readonly unnamedDeterminers: readonly string[];
  /** Relative pronouns after a speaker's name: "Mark Rutte, who said ...", "Rutte, yang mengatakan ...". */
  readonly relativePronouns: readonly string[];
  /** Conjunctions joining several speakers: dan; and. */
  readonly speakerConjunctions: readonly string[];
  /** Objects of a cue that point back to an earlier claim: "denied it", "rejected the claims" (Indonesian uses the clitic -nya). */
  readonly anaphoricObjects: readonly string[];
  /** Reporters and outlets as source ("Dilaporkan oleh AFP"): phrases that attribute a whole report, not a claim. */
  readonly reportedBy: readonly string[];
  /**
   * Words that, right after a cue, open what is no claim: a request ("agar", "supaya"), thanks
   * ("apresiasi", "terima kasih") or an indirect question ("mengapa").
   */
  readonly nonClaimOpeners?: readonly string[];
  /** Phrases that make a statement a denial of another claim: "false and misleading", "tidak benar". */
  readonly denyPhrases?: readonly string[];
  /**
   * Cues of beliefs, feelings, intentions and requests, between the one who holds them and what
   * they hold ("Clinton wants to ...", "warga khawatir ...", "urged Congress to ..."); one word
   * or a phrase ("is convinced", "called for"). They give attitudes, never claims.
   */
  readonly attitudeCues?: readonly AttitudeCue[];
  /**
   * Words after a statement cue that turn it into a request ("mengingatkan agar ...", "meminta
   * supaya ..."): with `nonClaimOpeners` such a cue gave nothing; now it gives a request.
   */
  readonly requestOpeners?: readonly string[];
  /** Words that may open the content of an attitude and are left out of it: to; untuk, agar. */
  readonly attitudeOpeners?: readonly string[];
  /**
   * Whether a whole noun phrase opening the clause may speak when no known speaker stands before
   * the cue ("A USA TODAY analysis of newly filed reports shows"). It needs a language whose verbs
   * the rules see (English: auxiliaries, cues); Indonesian phrases run on into verbs (meN-, di-)
   * that no list here tags, so its pack leaves this off.
   */
  readonly clauseSubjects?: boolean;
  /** Endings of adverbs that may stand between a speaker and the cue like auxiliaries: "Gingrich cynically dismissed" (-ly). */
  readonly adverbEndings?: readonly string[];
  /** Endings of a possessive ("the administration's plans"): a phrase ending so owns the noun after it and speaks no cue. */
  readonly possessiveEndings?: readonly string[];
  /** Forms of "be" before which an `activeOnly` attitude cue is passive: is, was, been. */
  readonly passiveMarkers?: readonly string[];
}

export interface LanguagePack {
  readonly code: string;
  readonly name: string;
  /** How language detection recognises the language: its function words (and its family of close languages). */
  readonly detection: LanguageProfile;
  /** The pack's NER model (a saksi.ner-model/1 JSON file beside the pack, made by scripts/train-ner.ts), if it has one. */
  readonly nerModel?: URL;
  /** Close languages this pack reads well enough when they have no pack of their own (Indonesian: Malay). */
  readonly reads?: readonly string[];
  readonly text: TextLexicon;
  readonly boilerplate: readonly BoilerplateRule[];
  readonly numbers: NumberLexicon;
  readonly dates: DateLexicon;
  readonly entities: EntityLexicon;
  readonly claims: ClaimLexicon;
}
