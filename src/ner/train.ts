/**
 * Training a NER model file from tagged sentences: dictionaries learned from the data, features,
 * an averaged perceptron, then pruning and quantising the weights so the file stays small.
 * Used by `scripts/train-ner.ts`; nothing here runs when saksi tags text.
 */
import { repairBio, splitTag, tagsToSpans } from './bio.js';
import { FeatureExtractor, normalizeWord, packDictionaries, type FeatureConfig, type NerDictionaries, type NerWordLists } from './features.js';
import { trainPerceptron, type PerceptronWeights, type TrainingSentence } from './perceptron.js';
import { encodeInt16, NER_MODEL_FORMAT, type NerModelFile } from './tagger.js';

export interface TaggedSentence {
  readonly tokens: readonly string[];
  readonly tags: readonly string[];
}

export interface TrainOptions {
  readonly lang: string;
  readonly lists: NerWordLists;
  readonly epochs: number;
  readonly seed: number;
  readonly config?: FeatureConfig;
  /** Tags the model learns: `bilou` (begin, inside, last, unit, outside; the default) or `bio`. */
  readonly encoding?: 'bio' | 'bilou';
  /**
   * Folds for the jackknifed dictionaries: a training sentence sees dictionaries built from the
   * other folds only, as unseen text will, so the model learns how far to trust them.
   */
  readonly dictFolds?: number;
  /** Weights are stored as round(w × scale); features whose weights all round to 0 are dropped. */
  readonly scale?: number;
  /** Drop features whose largest |weight| is below this (in real units), to shrink the file. */
  readonly prune?: number;
  readonly meta?: Readonly<Record<string, unknown>>;
  /** After each epoch, the model as it would be written then. */
  readonly onEpoch?: (epoch: number, model: NerModelFile) => void;
}

/** Default weight scale: 2 decimal places of a perceptron weight (weights run to a few dozen). */
export const DEFAULT_SCALE = 10;

const MIN_CAPS_COUNT = 1;

/** How each word is written away from the sentence start, and which entity type it mostly carries. */
export function buildDictionaries(sentences: readonly TaggedSentence[]): NerDictionaries {
  const caps = new Map<string, { c: number; l: number; u: number }>();
  const types = new Map<string, Map<string, number>>();
  for (const s of sentences) {
    for (let i = 0; i < s.tokens.length; i++) {
      const token = s.tokens[i]!;
      const w = normalizeWord(token);
      if (!/\p{L}/u.test(w)) continue;
      const prev = i > 0 ? s.tokens[i - 1]! : '';
      // Sentence-initial, after a quote or a full stop: capitals there say nothing.
      if (i > 0 && !/^[.!?"“'‘:(]$/.test(prev)) {
        let n = caps.get(w);
        if (!n) caps.set(w, (n = { c: 0, l: 0, u: 0 }));
        const letters = token.replace(/[^\p{L}]/gu, '');
        if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) n.u++;
        else if (letters.charAt(0) !== letters.charAt(0).toLowerCase()) n.c++;
        else n.l++;
      }
      const { type } = splitTag(s.tags[i] ?? 'O');
      let t = types.get(w);
      if (!t) types.set(w, (t = new Map()));
      const key = type === '' ? 'O' : type;
      t.set(key, (t.get(key) ?? 0) + 1);
    }
  }
  const capsOut = new Map<string, string>();
  for (const [w, n] of [...caps].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const total = n.c + n.l + n.u;
    if (total < MIN_CAPS_COUNT) continue;
    const upper = (n.c + n.u) / total;
    capsOut.set(w, n.u / total >= 0.7 ? 'u' : upper >= 0.8 ? 'c' : upper <= 0.2 ? 'l' : 'm');
  }
  const entities = new Map<string, string>();
  for (const [w, t] of [...types].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    let total = 0;
    let best = '';
    let bestCount = 0;
    for (const [type, count] of t) {
      total += count;
      if (type !== 'O' && count > bestCount) {
        best = type;
        bestCount = count;
      }
    }
    if (best !== '' && bestCount / total >= 0.5) entities.set(w, best);
  }
  return { caps: capsOut, entities };
}

/** The tag set of the data in a fixed order: `O`, then `B-X`, `I-X` (`L-X`, `U-X`) for each type alphabetically. */
export function labelSet(sentences: readonly TaggedSentence[], encoding: 'bio' | 'bilou' = 'bio'): string[] {
  const types = new Set<string>();
  for (const s of sentences) for (const t of s.tags) if (t !== 'O') types.add(splitTag(t).type);
  const labels = ['O'];
  for (const t of [...types].sort()) {
    labels.push(`B-${t}`, `I-${t}`);
    if (encoding === 'bilou') labels.push(`L-${t}`, `U-${t}`);
  }
  return labels;
}

/** Any IOB tags as BILOU: `B-X I-X L-X` for a chunk of three, `U-X` for one token. */
export function toBilou(tags: readonly string[]): string[] {
  const out = new Array<string>(tags.length).fill('O');
  for (const span of tagsToSpans(tags)) {
    if (span.end - span.start === 1) {
      out[span.start] = `U-${span.type}`;
      continue;
    }
    out[span.start] = `B-${span.type}`;
    for (let i = span.start + 1; i < span.end - 1; i++) out[i] = `I-${span.type}`;
    out[span.end - 1] = `L-${span.type}`;
  }
  return out;
}

/**
 * Trains a model file. Deterministic: same sentences, options and seed give the same file.
 * @example const model = trainNerModel(sentences, { lang: 'id', lists, epochs: 10, seed: 1 });
 */
export function trainNerModel(input: readonly TaggedSentence[], options: TrainOptions): NerModelFile {
  const encoding = options.encoding ?? 'bilou';
  const sentences = input.map((s) => ({ tokens: s.tokens, tags: repairBio(s.tags) }));
  const labels = labelSet(sentences, encoding);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const folds = Math.max(2, options.dictFolds ?? 10);
  const featureIds = new Map<string, number>();
  const keys: string[] = [];
  const data: TrainingSentence[] = new Array(sentences.length);
  for (let k = 0; k < folds; k++) {
    const rest = sentences.filter((_, i) => i % folds !== k);
    const extractor = new FeatureExtractor({ lists: options.lists, dicts: buildDictionaries(rest), config: options.config });
    for (let i = k; i < sentences.length; i += folds) {
      const s = sentences[i]!;
      const feats = extractor.sentence(s.tokens).map((fs) => {
        const ids = new Int32Array(fs.length);
        for (let j = 0; j < fs.length; j++) {
          const f = fs[j]!;
          let id = featureIds.get(f);
          if (id === undefined) {
            id = keys.length;
            featureIds.set(f, id);
            keys.push(f);
          }
          ids[j] = id;
        }
        return ids;
      });
      const gold = encoding === 'bilou' ? toBilou(s.tags) : s.tags;
      data[i] = { features: feats, gold: Int32Array.from(gold, (t) => labelIndex.get(t) ?? 0) };
    }
  }
  const dicts = buildDictionaries(sentences);
  const scale = options.scale ?? DEFAULT_SCALE;
  const prune = options.prune ?? 0;
  const pack = (weights: PerceptronWeights, epochs: number): NerModelFile =>
    packModel(options, labels, keys, weights, dicts, scale, prune, {
      ...options.meta,
      epochs,
      encoding,
      sentences: sentences.length,
      features: keys.length,
    });
  const weights = trainPerceptron(data, keys.length, labels, {
    epochs: options.epochs,
    seed: options.seed,
    onEpoch: options.onEpoch ? (epoch, w) => options.onEpoch!(epoch, pack(w, epoch)) : undefined,
  });
  return pack(weights, options.epochs);
}

function packModel(
  options: TrainOptions,
  labels: readonly string[],
  keys: readonly string[],
  weights: PerceptronWeights,
  dicts: NerDictionaries,
  scale: number,
  prune: number,
  meta: Record<string, unknown>,
): NerModelFile {
  const L = labels.length;
  const features: string[] = [];
  const packed: number[] = [];
  for (let k = 0; k < keys.length; k++) {
    let max = 0;
    for (let y = 0; y < L; y++) max = Math.max(max, Math.abs(weights.emission[k * L + y]!));
    // Features are joined by spaces in the file; tokens never hold one, but be sure.
    if (max < prune || /\s/.test(keys[k]!)) continue;
    const sparse: number[] = [];
    for (let y = 0; y < L; y++) {
      const q = clampInt16(Math.round(weights.emission[k * L + y]! * scale));
      if (q !== 0) sparse.push(y, q);
    }
    if (sparse.length === 0) continue;
    features.push(keys[k]!);
    packed.push(sparse.length / 2, ...sparse);
  }
  return {
    format: NER_MODEL_FORMAT,
    lang: options.lang,
    labels: [...labels],
    scale,
    lists: options.lists,
    dicts: packDictionaries(dicts),
    ...(options.config ? { config: options.config } : {}),
    transitions: Array.from(weights.transition, (x) => clampInt16(Math.round(x * scale))),
    features: features.join(' '),
    weights: encodeInt16(packed),
    meta: { ...meta, kept: features.length },
  };
}

/** Quantised weights are stored as 16-bit integers. */
function clampInt16(q: number): number {
  return Math.max(-32767, Math.min(32767, q));
}
