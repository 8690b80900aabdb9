import { findBoilerplate } from './boilerplate.js';
import { extractClaims } from './claims.js';
import { extractDates } from './dates.js';
import { createEntityRecognizer, type EntityRecognizer } from './entities.js';
import { extractQuantities } from './quantities.js';
import { computeFlags } from './flags.js';
import { readSource, type ReadOptions } from '../read/index.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../kb/index.js';
import { ALL_BOILERPLATE_RULES, availableLanguages, detectLanguage, findPack, getPack } from '../lang/index.js';
import type { LanguagePack } from '../lang/types.js';
import { loadTagger } from '../ner/tagger.js';
import { PronounResolver } from './pronouns.js';
import { resolveEntities } from './resolve.js';
import { splitSentences } from '../text/sentences.js';
import { tokenize } from '../text/tokenize.js';
import { ANALYSIS_SCHEMA, type Analysis, type Diagnostic, type DocumentMeta } from '../types.js';

export interface AnalyzeOptions {
  /** 'id', 'en', or 'auto' (default): detect. */
  readonly lang?: string;
  /** Reference date (YYYY-MM-DD) for relative dates; else the metadata's published date, else the dateline. */
  readonly date?: string;
  readonly meta?: DocumentMeta;
  /** Warnings from reading the source, carried into the analysis. */
  readonly diagnostics?: readonly Diagnostic[];
  /** The knowledge base for gazetteers and names; the starter KB when not given. */
  readonly kb?: KnowledgeBase;
}

/** Languages whose nearest pack is another's: Malay reads well enough with the Indonesian pack. */
const NEAREST_PACK: Readonly<Record<string, string>> = { ms: 'id' };
const DEFAULT_PACK = 'en';

const recognizers = new WeakMap<KnowledgeBase, Map<string, EntityRecognizer>>();

function recognizerFor(pack: LanguagePack, kb: KnowledgeBase): EntityRecognizer {
  let byLang = recognizers.get(kb);
  if (!byLang) recognizers.set(kb, (byLang = new Map()));
  let r = byLang.get(pack.code);
  if (!r) byLang.set(pack.code, (r = createEntityRecognizer(pack, kb, loadTagger(pack.code))));
  return r;
}

function choosePack(language: string, diagnostics: Diagnostic[], body: string): LanguagePack {
  const pack = findPack(language) ?? findPack(NEAREST_PACK[language] ?? '');
  if (pack) return pack;
  // No pack for the language asked for: read the text with the pack nearest to what it is written
  // in, not a fixed default (an Indonesian 12/3/2024 read by the English pack becomes 3 December).
  const detected = detectLanguage(body).language;
  const fallback = findPack(detected) ?? findPack(NEAREST_PACK[detected] ?? '') ?? findPack(guessPackForShortText(body) ?? '') ?? getPack(DEFAULT_PACK);
  diagnostics.push({
    code: 'no-language-pack',
    severity: 'warning',
    message: `no language pack for '${language}' (packs: ${availableLanguages().join(', ')}); analysed with the '${fallback.code}' pack, the nearest to the text; expect fewer results`,
  });
  return fallback;
}

/**
 * Analyses one article: boilerplate, language, sentences, dates, quantities, entities (resolved
 * within the article), claims with speakers and stances, and flags. Never throws on any text.
 * @example analyze('Presiden Joko Widodo mengatakan inflasi 2,5 persen.', { date: '2024-10-17' }).claims[0].stance // 'assert'
 */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const diagnostics: Diagnostic[] = [...(options.diagnostics ?? [])];
  const meta = options.meta ?? {};
  const { removed, regions, diagnostics: boilerplateDiagnostics } = findBoilerplate(text, ALL_BOILERPLATE_RULES);
  diagnostics.push(...boilerplateDiagnostics);

  const requested = options.lang && options.lang !== 'auto' ? options.lang : undefined;
  const body = regions.map((r) => r.text).join('\n');
  const language = requested ?? detectLanguage(body).language;
  const pack = choosePack(language === 'und' ? (guessPackForShortText(body) ?? DEFAULT_PACK) : language, diagnostics, body);

  const sentences = splitSentences(text, regions, abbreviationsOf(pack));
  const published = options.date ? undefined : meta.published?.slice(0, 10);
  const dateResult = extractDates(text, sentences, pack.dates, {
    ...(options.date ? { reference: options.date, referenceSource: 'option' as const } : {}),
    ...(published && /^\d{4}-\d{2}-\d{2}$/.test(published) ? { reference: published, referenceSource: 'meta' as const } : {}),
  });
  const dates = dateResult.dates;
  const quantities = extractQuantities(text, sentences, pack.numbers, { exclude: dates });

  const kb = options.kb ?? loadKnowledgeBase();
  const tokens = sentences.map((s) => tokenize(text, s.start, s.end));
  const candidates = recognizerFor(pack, kb).recognize(text, sentences, tokens);
  const entities = resolveEntities(candidates, kb, { lang: pack.code, ...(dateResult.reference ? { date: dateResult.reference.date } : {}) });
  const claimResult = extractClaims({
    text,
    sentences,
    entities,
    quantities,
    dates,
    claims: pack.claims,
    names: pack.entities,
    stopwords: pack.text.stopwords,
    pronouns: new PronounResolver(entities, sentences),
    tokens,
  });
  const flags = computeFlags({ entities, dates, quantities, claims: claimResult, durationUnits: durationUnitsOf(pack) });

  return {
    schema: ANALYSIS_SCHEMA,
    language,
    text,
    removed,
    entities,
    claims: claimResult.claims,
    quantities,
    dates,
    flags,
    sentences,
    meta,
    ...(dateResult.reference ? { reference: dateResult.reference } : {}),
    diagnostics,
  };
}

/** A text too short to detect is still analysed with the pack whose function words it uses most. */
function guessPackForShortText(body: string): string | undefined {
  const words = body.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: string | undefined;
  let bestHits = 0;
  for (const code of availableLanguages()) {
    const stop = stopwordsOf(getPack(code));
    const hits = words.filter((w) => stop.has(w)).length;
    if (hits > bestHits) [best, bestHits] = [code, hits];
  }
  return best;
}

/** A value derived from a pack once and kept for as long as the pack lives. */
function perPack<T>(make: (pack: LanguagePack) => T): (pack: LanguagePack) => T {
  const cache = new WeakMap<LanguagePack, T>();
  return (pack) => {
    let value = cache.get(pack);
    if (value === undefined) cache.set(pack, (value = make(pack)));
    return value;
  };
}

const abbreviationsOf = perPack((pack): ReadonlySet<string> => new Set(pack.text.abbreviations));
const stopwordsOf = perPack((pack): ReadonlySet<string> => new Set(pack.text.stopwords));
const durationUnitsOf = perPack((pack): ReadonlySet<string> => new Set(Object.keys(pack.dates.units).map((u) => u.toLowerCase())));

export type SourceAnalysis = { readonly ok: true; readonly analysis: Analysis } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/**
 * Reads a source (a .txt or .html path, an http(s) URL, or '-' for standard input) and analyses
 * it, as `saksi analyze` does. Unreadable input is returned as diagnostics, never thrown.
 * @example const r = await analyzeSource('article.html'); if (r.ok) console.log(r.analysis.claims.length);
 */
export async function analyzeSource(source: string, options: AnalyzeOptions & ReadOptions = {}): Promise<SourceAnalysis> {
  const read = await readSource(source, options);
  if (!read.ok) return { ok: false, diagnostics: read.diagnostics };
  const { doc } = read;
  return { ok: true, analysis: analyze(doc.text, { ...options, meta: { ...doc.meta, ...options.meta }, diagnostics: [...doc.diagnostics, ...(options.diagnostics ?? [])] }) };
}
