/**
 * The statistical named-entity tagger: a linear-chain model read from the file its language pack
 * declares (`src/lang/<code>/ner-model.json`; `scripts/copy-assets.mjs` copies it to `dist/`).
 * Tags come out as IOB2: `O`, `B-PER`, `I-PER`, `B-ORG`, `I-ORG`, `B-LOC`, `I-LOC` (a model may
 * be trained on BILOU tags internally; they are turned back into IOB2).
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { CompiledFeatures, scoreChunk } from './compiled.js';
import { TokenTable } from './token-table.js';
import { FeatureExtractor, MAX_FEATURE_WORD, unpackDictionaries, type FeatureConfig, type NerWordLists, type PackedDictionaries } from './features.js';
import { chainConstraints, createUnrolledDecoder } from './perceptron.js';
import { findPack, type LanguagePack } from '../lang/index.js';

export interface Tagger {
  readonly lang: string;
  /** One IOB2 tag per token; always a valid BIO sequence. */
  tag(tokens: readonly string[]): string[];
}

export const NER_MODEL_FORMAT = 'saksi.ner-model/1' as const;

/** The JSON of a model file. Weights are integers: real weight × `scale`. */
export interface NerModelFile {
  readonly format: typeof NER_MODEL_FORMAT;
  readonly lang: string;
  readonly labels: readonly string[];
  readonly scale: number;
  readonly lists: NerWordLists;
  readonly dicts: PackedDictionaries;
  readonly config?: FeatureConfig;
  /** `(labels.length + 1) × labels.length`, row-major, the last row for the sentence start. */
  readonly transitions: readonly number[];
  /** The features with a weight, joined by spaces (features are made of tokens, which have none). */
  readonly features: string;
  /**
   * Base64 of little-endian 16-bit integers: for each feature in order, the count k of its
   * non-zero weights, then k pairs `tag index, weight`. (A JSON array of numbers parses 10× slower.)
   */
  readonly weights: string;
  /** How the model was made: data, epochs, figures. Informational. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/**
 * Longest stretch tagged in one Viterbi pass. Decoding is linear anyway; cutting bounds the memory a
 * pathological "sentence" (a megabyte without a full stop) can take. Real sentences are far shorter.
 */
export const MAX_CHUNK_TOKENS = 1000;

/** Word records (distinct tokens, and each long token met) kept; past this they are forgotten between sentences. */
const SCORE_CACHE_LIMIT = 50_000;

/** A tagger over a parsed model file. */
export function taggerFromModel(model: NerModelFile): Tagger {
  if (model.format !== NER_MODEL_FORMAT) {
    throw new Error(`not a saksi NER model: format is ${JSON.stringify(model.format)}, expected ${NER_MODEL_FORMAT}`);
  }
  const labels = [...model.labels];
  const L = labels.length;
  const scale = model.scale;
  const keys = model.features === '' ? [] : model.features.split(' ');
  const index = new Map<string, number>();
  const dense = new Float64Array(keys.length * L);
  const packed = decodeInt16(model.weights);
  let at = 0;
  for (let k = 0; k < keys.length; k++) {
    index.set(keys[k]!, k * L);
    const count = packed[at++] ?? 0;
    for (let j = 0; j < count; j++, at += 2) dense[k * L + packed[at]!] = packed[at + 1]! / scale;
  }
  if (at !== packed.length) throw new Error(`NER model: ${packed.length} weight numbers for ${keys.length} features do not line up`);
  const transitions = Float64Array.from(model.transitions, (x) => x / scale);
  if (transitions.length !== (L + 1) * L) throw new Error(`NER model: expected ${(L + 1) * L} transition weights, found ${transitions.length}`);
  const constraints = chainConstraints(labels);
  // A BILOU model answers in BIO: L-X is I-X, U-X is B-X (the constraints keep the result valid).
  const output = labels.map((l) => (l.startsWith('L-') ? `I-${l.slice(2)}` : l.startsWith('U-') ? `B-${l.slice(2)}` : l));
  const extractor = new FeatureExtractor({ lists: model.lists, dicts: unpackDictionaries(model.dicts), config: model.config });
  const compiled = new CompiledFeatures(index, dense, L, extractor);
  const decode = createUnrolledDecoder(transitions, constraints, L);

  // Each distinct token's features, compiled once (see compiled.ts) into a record named by its id;
  // a token's entry is `id * 2 + 1` when it passes the window test (CAPITAL), `id * 2` when not.
  // A token longer than MAX_FEATURE_WORD is not kept: its features are those of its head, but its
  // window test is not. Past SCORE_CACHE_LIMIT records, all are forgotten before the next sentence.
  const scores = new TokenTable(4096);
  const entry = (token: string): number => {
    const capital = CAPITAL.test(token);
    return compiled.word(token, capital) * 2 + (capital ? 1 : 0);
  };
  // One-character Latin-1 tokens (punctuation, mostly: a tenth of the tokens of news) by
  // character code, without hashing a string (-1: not compiled yet).
  const single = new Int32Array(256).fill(-1);
  const wordScore = (token: string): number => {
    if (token.length === 1) {
      const code = token.charCodeAt(0);
      if (code < 256) {
        let e = single[code]!;
        if (e < 0) single[code] = e = entry(token);
        return e;
      }
    }
    if (token.length > MAX_FEATURE_WORD) return entry(token);
    let e = scores.get(token);
    if (e < 0) {
      e = entry(token);
      scores.set(token, e);
    }
    return e;
  };

  // Buffers kept between calls: chunks are at most MAX_CHUNK_TOKENS long.
  const em = new Float64Array(MAX_CHUNK_TOKENS * L);
  const path = new Int32Array(MAX_CHUNK_TOKENS);
  let capitals = new Uint8Array(256);
  /** Record ids of a sentence's words (-1: not looked up). */
  let ids = new Int32Array(256);

  const tagRange = (words: Int32Array, from: number, to: number, out: string[]): void => {
    for (let at = from; at < to; at += MAX_CHUNK_TOKENS) {
      const n = Math.min(to, at + MAX_CHUNK_TOKENS) - at;
      scoreChunk(compiled, extractor.config, words, at, n, em, L);
      decode(em, n, path);
      for (let i = 0; i < n; i++) out.push(output[path[i]!]!);
    }
  };

  return {
    lang: model.lang,
    tag(tokens: readonly string[]): string[] {
      const count = tokens.length;
      // Ids given out so far stay valid for this whole sentence (at most `count` records are added).
      if (compiled.size >= SCORE_CACHE_LIMIT) {
        scores.clear();
        single.fill(-1);
        compiled.reset();
      }
      // Names start with a capital (or are all caps): only stretches around such words are tagged;
      // the rest is O. The margin keeps every feature window of a name's words intact. A word
      // starting with a lower-case ASCII letter is no capital without a look at its record; the
      // records of the others, and of every word of a stretch, are looked up (once) when needed.
      const capital = capitals.length >= count ? capitals : (capitals = new Uint8Array(Math.max(count, 2 * capitals.length)));
      const seen = ids.length >= count ? ids : (ids = new Int32Array(Math.max(count, 2 * ids.length)));
      for (let i = 0; i < count; i++) {
        const c = tokens[i]!.charCodeAt(0);
        if (c >= 97 && c <= 122) {
          capital[i] = 0;
          seen[i] = -1;
        } else {
          const e = wordScore(tokens[i]!);
          capital[i] = e & 1;
          seen[i] = e >> 1;
        }
      }
      const out: string[] = [];
      let i = 0;
      while (i < count) {
        if (capital[i] === 0) {
          out.push('O');
          i++;
          continue;
        }
        const from = Math.max(out.length - WINDOW_MARGIN, 0);
        let last = i;
        for (let j = i + 1; j < count && j - last <= 2 * WINDOW_MARGIN; j++) if (capital[j] === 1) last = j;
        const to = Math.min(count, last + WINDOW_MARGIN + 1);
        out.length = from;
        for (let k = from; k < to; k++) if (seen[k]! < 0) seen[k] = wordScore(tokens[k]!) >> 1;
        tagRange(seen, from, to, out);
        i = to;
      }
      return out;
    },
  };
}

/** Tokens tagged on each side of a capitalised word: wider than the features' ±2 context. */
const WINDOW_MARGIN = 3;
const CAPITAL = /^[^\p{Ll}]*\p{Lu}/u;

/** Base64 of little-endian int16s → numbers. */
export function decodeInt16(base64: string): Int16Array {
  const bytes = Buffer.from(base64, 'base64');
  if (endianness() === 'LE') {
    // A copy, so the view starts at an even offset whatever Buffer's pooling did.
    const copy = new Uint8Array(bytes.length & ~1);
    copy.set(bytes.subarray(0, copy.length));
    return new Int16Array(copy.buffer);
  }
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

/** Numbers (each within ±32767) → base64 of little-endian int16s. */
export function encodeInt16(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) bytes.writeInt16LE(values[i]!, i * 2);
  return bytes.toString('base64');
}

/**
 * The tagger of a language's pack (the model the pack declares, `LanguagePack.nerModel`), or
 * `undefined` when there is no pack or model for it. Reads and compiles the model on each call:
 * keep the tagger (an analyzer keeps one per pack).
 * @example loadTagger('id')?.tag(['Presiden', 'Joko', 'Widodo']) // ['O', 'B-PER', 'I-PER']
 */
export function loadTagger(lang: string): Tagger | undefined {
  const pack = findPack(lang);
  return pack ? packTagger(pack) : undefined;
}

/** The tagger of a pack's model, `undefined` when the pack has none (or its file is missing). */
export function packTagger(pack: LanguagePack): Tagger | undefined {
  if (!pack.nerModel) return undefined;
  let text: string;
  try {
    text = readFileSync(pack.nerModel, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return taggerFromModel(JSON.parse(text) as NerModelFile);
}
