/**
 * The analyzer: every pack's word sets, phrase matchers, tagger and entity recogniser, and the
 * knowledge base's indexes, compiled once when it is created; `analyze(text)` then builds one
 * document (text, sentences, and each sentence's tokens, made once) that the stages read and add
 * to, in the order STAGES lists them.
 *
 * @example
 * const analyzer = createAnalyzer();            // all packs, the starter knowledge base
 * const a = analyzer.analyze(text, { date: '2024-10-17' });
 */
import { findBoilerplate } from './boilerplate.js';
import { compileClaimVocabulary, extractClaims, type ClaimResult, type ClaimVocabulary } from './claims.js';
import { compileDates, extractDates, type CompiledDates, type DateExtraction } from './dates.js';
import { createEntityRecognizer, type EntityCandidate, type EntityRecognizer } from './entities.js';
import { compileNumbers, extractQuantities, type CompiledNumbers } from './quantities.js';
import { computeFlags } from './flags.js';
import { PronounResolver } from './pronouns.js';
import { createResolverMemo, resolveEntities, type ResolverMemo } from './resolve.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../kb/index.js';
import { availableLanguages, detectLanguage, getPack } from '../lang/index.js';
import type { BoilerplateRule, LanguagePack } from '../lang/types.js';
import { packTagger, type Tagger } from '../ner/tagger.js';
import { tokenRun, type TokenRun } from '../text/phrases.js';
import { splitSentences } from '../text/sentences.js';
import { tokenize } from '../text/tokenize.js';
import {
  ANALYSIS_SCHEMA,
  type Analysis,
  type DateMention,
  type Diagnostic,
  type DocumentMeta,
  type Entity,
  type Flag,
  type Quantity,
  type RemovedSpan,
  type Sentence,
  type Span,
} from '../types.js';
import { packedMap } from './packed-map.js';

export interface AnalyzeOptions {
  /** 'id', 'en', or 'auto' (default): detect. */
  readonly lang?: string;
  /** Reference date (YYYY-MM-DD) for relative dates; else the metadata's published date, else the dateline. */
  readonly date?: string;
  readonly meta?: DocumentMeta;
  /** Warnings from reading the source, carried into the analysis. */
  readonly diagnostics?: readonly Diagnostic[];
  /** The knowledge base for gazetteers and names; the analyzer's (by default the starter KB) when not given. */
  readonly kb?: KnowledgeBase;
}

export interface AnalyzerOptions {
  /** The language packs to read with (default: every pack saksi ships). */
  readonly packs?: readonly LanguagePack[];
  /** The pack for a text in a language no pack reads (default: 'en' when among the packs, else the first pack). */
  readonly fallback?: string;
  /** The knowledge base (default: the starter KB, loaded on first use). */
  readonly kb?: KnowledgeBase;
  /** The NER tagger of a pack (default: the model the pack ships, if any); `undefined`: none. */
  readonly tagger?: (pack: LanguagePack) => Tagger | undefined;
}

export interface Analyzer {
  /** Codes of the analyzer's packs. */
  readonly languages: readonly string[];
  /** Analyses one article. Never throws on any text (only on an `options.date` that is not YYYY-MM-DD). */
  analyze(text: string, options?: AnalyzeOptions): Analysis;
}

/** A pack compiled once per analyzer. */
export interface CompiledPack {
  readonly pack: LanguagePack;
  readonly abbreviations: ReadonlySet<string>;
  readonly stopwords: ReadonlySet<string>;
  readonly durationUnits: ReadonlySet<string>;
  readonly dates: CompiledDates;
  readonly numbers: CompiledNumbers;
  readonly claims: ClaimVocabulary;
  /** The entity recogniser for a knowledge base (built on first use, kept per knowledge base). */
  recognizer(kb: KnowledgeBase): EntityRecognizer;
}

/**
 * One article while it is analysed: what the stages read and add to. `text`, `sentences` and
 * `runs` (each sentence's tokens with their lower-cased forms) are made once and shared.
 */
export interface AnalysisDocument {
  readonly text: string;
  readonly options: AnalyzeOptions;
  readonly meta: DocumentMeta;
  readonly diagnostics: Diagnostic[];
  readonly kb: KnowledgeBase;
  removed: RemovedSpan[];
  /** The text without boilerplate, as regions of `text`. */
  regions: Span[];
  language: string;
  pack: CompiledPack;
  sentences: Sentence[];
  /** Tokens of each sentence (`runs[i].tokens` for `sentences[i]`), with their lower-cased forms. */
  runs: TokenRun[];
  dates: DateMention[];
  reference: DateExtraction['reference'];
  quantities: Quantity[];
  candidates: EntityCandidate[];
  entities: Entity[];
  claims: ClaimResult;
  flags: Flag[];
}

/** What a stage may use besides the document: the analyzer's compiled state. */
export interface StageContext {
  readonly packs: readonly CompiledPack[];
  /** The pack for a language no pack reads, and for a text too short to tell. */
  readonly fallback: CompiledPack;
  /** The pack for a language code (or the nearest one a pack reads), undefined when none. */
  packFor(language: string): CompiledPack | undefined;
  readonly boilerplate: readonly BoilerplateRule[];
  memo(kb: KnowledgeBase): ResolverMemo;
}

/** A stage: reads the document and adds its part. */
export interface Stage {
  readonly name: string;
  run(doc: AnalysisDocument, context: StageContext): void;
}

/** The stages, in the order they run. */
export const STAGES: readonly Stage[] = [
  {
    name: 'boilerplate',
    run(doc, ctx) {
      const { removed, regions, diagnostics } = findBoilerplate(doc.text, ctx.boilerplate);
      doc.removed = removed;
      doc.regions = regions;
      doc.diagnostics.push(...diagnostics);
    },
  },
  {
    name: 'language',
    run(doc, ctx) {
      const lang = doc.options.lang;
      const requested = lang && lang !== 'auto' ? lang : undefined;
      const body = packedMap(doc.regions, (r) => r.text).join('\n');
      doc.language = requested ?? detectLanguage(body).language;
      const fallback = ctx.fallback;
      const wanted = doc.language === 'und' ? (guessPackForShortText(body, ctx.packs) ?? fallback.pack.code) : doc.language;
      const pack = ctx.packFor(wanted);
      if (pack) doc.pack = pack;
      else {
        // No pack for the language asked for: read the text with the pack nearest to what it is
        // written in, not a fixed default (an Indonesian 12/3/2024 read by the English pack is 3 December).
        const detected = requested ? detectLanguage(body).language : doc.language;
        const nearest = ctx.packFor(detected) ?? ctx.packFor(guessPackForShortText(body, ctx.packs) ?? '') ?? fallback;
        doc.diagnostics.push({
          code: 'no-language-pack',
          severity: 'warning',
          message: `no language pack for '${wanted}' (packs: ${ctx.packs.map((p) => p.pack.code).join(', ')}); analysed with the '${nearest.pack.code}' pack, the nearest to the text; expect fewer results`,
        });
        doc.pack = nearest;
      }
    },
  },
  {
    name: 'sentences',
    run(doc) {
      doc.sentences = splitSentences(doc.text, doc.regions, doc.pack.abbreviations);
      doc.runs = packedMap(doc.sentences, (s) => tokenRun(tokenize(doc.text, s.start, s.end)));
    },
  },
  {
    name: 'dates',
    run(doc) {
      const { date, meta } = { date: doc.options.date, meta: doc.meta };
      const published = date ? undefined : meta.published?.slice(0, 10);
      const result = extractDates(doc.text, doc.sentences, doc.pack.dates, {
        ...(date ? { reference: date, referenceSource: 'option' as const } : {}),
        ...(published && /^\d{4}-\d{2}-\d{2}$/.test(published) ? { reference: published, referenceSource: 'meta' as const } : {}),
        runs: doc.runs,
      });
      doc.dates = result.dates;
      doc.reference = result.reference;
    },
  },
  {
    name: 'quantities',
    run(doc) {
      doc.quantities = extractQuantities(doc.text, doc.sentences, doc.pack.numbers, { exclude: doc.dates, runs: doc.runs });
    },
  },
  {
    name: 'entities',
    run(doc) {
      doc.candidates = doc.pack.recognizer(doc.kb).recognize(
        doc.text,
        doc.sentences,
        packedMap(doc.runs, (r) => r.tokens),
        packedMap(doc.runs, (r) => r.lower),
      );
    },
  },
  {
    name: 'resolve',
    run(doc, ctx) {
      doc.entities = resolveEntities(doc.candidates, doc.kb, {
        lang: doc.pack.pack.code,
        ...(doc.reference ? { date: doc.reference.date } : {}),
        memo: ctx.memo(doc.kb),
      });
    },
  },
  {
    name: 'claims',
    run(doc) {
      const pack = doc.pack.pack;
      doc.claims = extractClaims({
        text: doc.text,
        sentences: doc.sentences,
        entities: doc.entities,
        quantities: doc.quantities,
        dates: doc.dates,
        claims: pack.claims,
        names: pack.entities,
        stopwords: pack.text.stopwords,
        pronouns: new PronounResolver(doc.entities, doc.sentences),
        tokens: packedMap(doc.runs, (r) => r.tokens),
        vocabulary: doc.pack.claims,
      });
    },
  },
  {
    name: 'flags',
    run(doc) {
      doc.flags = computeFlags({ entities: doc.entities, dates: doc.dates, quantities: doc.quantities, claims: doc.claims, durationUnits: doc.pack.durationUnits });
    },
  },
];

/** A pack's compiled state; the tagger and recognisers are made on first use. */
function compilePack(pack: LanguagePack, taggerOf: (pack: LanguagePack) => Tagger | undefined): CompiledPack {
  const recognizers = new Map<KnowledgeBase, EntityRecognizer>();
  let tagger: { value: Tagger | undefined } | undefined;
  return {
    pack,
    abbreviations: new Set(pack.text.abbreviations),
    stopwords: new Set(pack.text.stopwords),
    durationUnits: new Set(Object.keys(pack.dates.units).map((u) => u.toLowerCase())),
    dates: compileDates(pack.dates),
    numbers: compileNumbers(pack.numbers),
    claims: compileClaimVocabulary(pack.claims, pack.entities, pack.text.stopwords),
    recognizer(kb) {
      let r = recognizers.get(kb);
      if (!r) {
        tagger ??= { value: taggerOf(pack) };
        // A few knowledge bases at most per analyzer (the CLI's --kb makes one); bounded all the same.
        if (recognizers.size >= 8) recognizers.clear();
        recognizers.set(kb, (r = createEntityRecognizer(pack, kb, tagger.value)));
      }
      return r;
    },
  };
}

/**
 * An analyzer over `options.packs` (default: every pack) and `options.kb` (default: the starter
 * knowledge base). Create one and reuse it: creating compiles every pack.
 */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const packs = (options.packs ?? availableLanguages().map(getPack)).map((p) => compilePack(p, options.tagger ?? packTagger));
  if (packs.length === 0) throw new Error('createAnalyzer: no language packs given');
  const byCode = new Map<string, CompiledPack>();
  for (const p of packs) if (!byCode.has(p.pack.code)) byCode.set(p.pack.code, p);
  for (const p of packs) for (const code of p.pack.reads ?? []) if (!byCode.has(code)) byCode.set(code, p);
  const fallback = byCode.get(options.fallback ?? 'en') ?? (options.fallback === undefined ? packs[0] : undefined);
  if (!fallback) throw new Error(`createAnalyzer: no pack for the fallback language '${options.fallback}'`);
  let defaultKb = options.kb;
  const memos = new Map<KnowledgeBase, ResolverMemo>();
  const context: StageContext = {
    packs,
    fallback,
    packFor: (language) => byCode.get(language),
    boilerplate: packs.flatMap((p) => p.pack.boilerplate),
    memo(kb) {
      let m = memos.get(kb);
      if (!m) {
        if (memos.size >= 8) memos.clear();
        memos.set(kb, (m = createResolverMemo(kb)));
      }
      return m;
    },
  };
  return {
    languages: packs.map((p) => p.pack.code),
    analyze(text, analyzeOptions = {}) {
      const doc = {
        text,
        options: analyzeOptions,
        meta: analyzeOptions.meta ?? {},
        diagnostics: [...(analyzeOptions.diagnostics ?? [])],
        kb: analyzeOptions.kb ?? (defaultKb ??= loadKnowledgeBase()),
      } as AnalysisDocument;
      for (const stage of STAGES) stage.run(doc, context);
      return {
        schema: ANALYSIS_SCHEMA,
        language: doc.language,
        text,
        removed: doc.removed,
        entities: doc.entities,
        claims: doc.claims.claims,
        attitudes: doc.claims.attitudes,
        quantities: doc.quantities,
        dates: doc.dates,
        flags: doc.flags,
        sentences: doc.sentences,
        meta: doc.meta,
        ...(doc.reference ? { reference: doc.reference } : {}),
        diagnostics: doc.diagnostics,
      };
    },
  };
}

/** A text too short to detect is still analysed with the pack whose function words it uses most. */
function guessPackForShortText(body: string, packs: readonly CompiledPack[]): string | undefined {
  const words = body.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: string | undefined;
  let bestHits = 0;
  for (const p of packs) {
    const hits = words.filter((w) => p.stopwords.has(w)).length;
    if (hits > bestHits) [best, bestHits] = [p.pack.code, hits];
  }
  return best;
}

