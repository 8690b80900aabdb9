/**
 * A first-order linear-chain tagger: emission weights per (feature, tag), transition weights per
 * (previous tag, tag), Viterbi decoding with the BIO constraint (`I-X` only after `B-X` or `I-X`),
 * trained as an averaged structured perceptron (Collins 2002).
 */

/**
 * The tag sequences the decoder may produce. `allowed[prev * L + cur]` (row `L` is the sentence
 * start) and `final[tag]` (may the sentence end on it). With BIO tags, `I-X` only follows `B-X` or
 * `I-X`; with BILOU tags (`L-X` last, `U-X` unit), a chunk opened by `B-X` must go on with `I-X`
 * and close with `L-X` before anything else, and a sentence cannot end inside one.
 */
export interface ChainConstraints {
  readonly allowed: Uint8Array;
  readonly final: Uint8Array;
}

export function chainConstraints(labels: readonly string[]): ChainConstraints {
  const L = labels.length;
  const bilou = labels.some((l) => l.startsWith('L-') || l.startsWith('U-'));
  const allowed = new Uint8Array((L + 1) * L);
  const final = new Uint8Array(L);
  const prefix = (l: string): string => (l === 'O' ? 'O' : l.charAt(0));
  const type = (l: string): string => l.slice(2);
  for (let cur = 0; cur < L; cur++) {
    const c = labels[cur]!;
    final[cur] = bilou && (prefix(c) === 'B' || prefix(c) === 'I') ? 0 : 1;
    for (let prev = 0; prev <= L; prev++) {
      const p = prev < L ? labels[prev]! : 'O';
      const pOpen = prefix(p) === 'B' || prefix(p) === 'I';
      const continues = (prefix(c) === 'I' || prefix(c) === 'L') && pOpen && type(p) === type(c);
      let ok: boolean;
      if (prefix(c) === 'I' || prefix(c) === 'L') ok = continues;
      else ok = !bilou || !(prefix(p) === 'B' || prefix(p) === 'I');
      allowed[prev * L + cur] = ok ? 1 : 0;
    }
  }
  return { allowed, final };
}

/**
 * The best tag sequence under `emissions[i * L + y]` and `transitions[prev * L + y]` (row `L` is the
 * start). Time and memory linear in the sentence length. For many sentences under fixed weights,
 * {@link createDecoder} keeps its buffers; training changes the weights between sentences.
 */
export function viterbi(
  emissions: Float64Array,
  n: number,
  transitions: ArrayLike<number>,
  constraints: ChainConstraints,
  L: number,
): Int32Array {
  const path = new Int32Array(n);
  createDecoder(transitions, constraints, L)(emissions, n, path);
  return path;
}

/** Decodes into `path[0, n)`; `emissions` as for {@link viterbi}. */
export type Decoder = (emissions: Float64Array, n: number, path: Int32Array) => void;

/**
 * Viterbi decoding for repeated use under fixed weights (copied at creation): its buffers are kept
 * between calls (grown when needed) and only allowed transitions are visited, in increasing order
 * of the previous tag, so ties break towards the lower tag.
 */
export function createDecoder(transitions: ArrayLike<number>, constraints: ChainConstraints, L: number): Decoder {
  const { allowed, final } = constraints;
  const trans = Float64Array.from(transitions);
  // For each tag y, its allowed previous tags in increasing order: prevs[from[y], from[y + 1]).
  const from = new Int32Array(L + 1);
  const list: number[] = [];
  for (let y = 0; y < L; y++) {
    from[y] = list.length;
    for (let p = 0; p < L; p++) if (allowed[p * L + y]) list.push(p);
  }
  from[L] = list.length;
  const prevs = Int32Array.from(list);
  // The transition weight of each (allowed previous tag, tag) pair, in the order of `prevs`.
  const prevTrans = new Float64Array(list.length);
  for (let y = 0; y < L; y++) for (let k = from[y]!; k < from[y + 1]!; k++) prevTrans[k] = trans[prevs[k]! * L + y]!;
  let prevScore = new Float64Array(L);
  let curScore = new Float64Array(L);
  let back = new Int32Array(0);
  return (emissions, n, path) => {
    if (n === 0) return;
    if (back.length < n * L) back = new Int32Array(Math.max(n * L, back.length * 2));
    for (let y = 0; y < L; y++) {
      prevScore[y] = allowed[L * L + y] ? emissions[y]! + trans[L * L + y]! : -Infinity;
    }
    for (let i = 1; i < n; i++) {
      const row = i * L;
      for (let y = 0; y < L; y++) {
        let best = -Infinity;
        let arg = 0;
        for (let k = from[y]!, end = from[y + 1]!; k < end; k++) {
          const p = prevs[k]!;
          const s = prevScore[p]! + prevTrans[k]!;
          if (s > best) {
            best = s;
            arg = p;
          }
        }
        curScore[y] = best + emissions[row + y]!;
        back[row + y] = arg;
      }
      const tmp = prevScore;
      prevScore = curScore;
      curScore = tmp;
    }
    let best = -Infinity;
    let arg = 0;
    for (let y = 0; y < L; y++) {
      if (final[y] && prevScore[y]! > best) {
        best = prevScore[y]!;
        arg = y;
      }
    }
    path[n - 1] = arg;
    for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * L + path[i]!]!;
  };
}

/** Most tags {@link createUnrolledDecoder} writes out; above it, {@link createDecoder}. */
const MAX_UNROLLED_TAGS = 32;

/**
 * The decoder of {@link createDecoder} written out for one set of weights: each tag's score in a
 * local variable, each allowed (previous tag, tag) pair a line with its transition weight as a
 * constant, in the same order. The same additions and comparisons as `createDecoder`'s loops, so
 * the same path, ties included (tested against it), about twice as fast as the loops over index
 * arrays. The source is made from numbers only (tag indices and the weights, written so that they
 * read back exactly).
 */
export function createUnrolledDecoder(transitions: ArrayLike<number>, constraints: ChainConstraints, L: number): Decoder {
  if (L > MAX_UNROLLED_TAGS || L === 0) return createDecoder(transitions, constraints, L);
  const { allowed, final } = constraints;
  const num = (x: number): string => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : String(x));
  const trans = Float64Array.from(transitions);
  const lines: string[] = [];
  for (let y = 0; y < L; y++) lines.push(`let p${y} = ${allowed[L * L + y] ? `em[${y}] + ${num(trans[L * L + y]!)}` : '-Infinity'};`);
  lines.push('let best, arg, s;');
  lines.push(`for (let row = ${L}, end = n * ${L}; row < end; row += ${L}) {`);
  for (let y = 0; y < L; y++) {
    lines.push('best = -Infinity; arg = 0;');
    for (let p = 0; p < L; p++) if (allowed[p * L + y]) lines.push(`s = p${p} + ${num(trans[p * L + y]!)}; if (s > best) { best = s; arg = ${p}; }`);
    lines.push(`const c${y} = best + em[row + ${y}]; back[row + ${y}] = arg;`);
  }
  for (let y = 0; y < L; y++) lines.push(`p${y} = c${y};`);
  lines.push('}');
  lines.push('best = -Infinity; arg = 0;');
  for (let y = 0; y < L; y++) if (final[y]) lines.push(`if (p${y} > best) { best = p${y}; arg = ${y}; }`);
  lines.push('path[n - 1] = arg;');
  lines.push(`for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * ${L} + path[i]];`);
  const run = new Function('em', 'n', 'path', 'back', lines.join('\n')) as (em: Float64Array, n: number, path: Int32Array, back: Int32Array) => void;
  let back = new Int32Array(0);
  return (emissions, n, path) => {
    if (n === 0) return;
    if (back.length < n * L) back = new Int32Array(Math.max(n * L, back.length * 2));
    run(emissions, n, path, back);
  };
}

/** A training sentence: the ids of each token's features, and its gold tag ids. */
export interface TrainingSentence {
  readonly features: readonly Int32Array[];
  readonly gold: Int32Array;
}

export interface PerceptronOptions {
  readonly epochs: number;
  readonly seed: number;
  /** Called after each epoch with the averaged weights so far (for learning curves). */
  readonly onEpoch?: (epoch: number, weights: PerceptronWeights) => void;
}

export interface PerceptronWeights {
  /** `emission[featureId * L + tag]`. */
  readonly emission: Float64Array;
  /** `transition[prev * L + tag]`, row `L` for the start. */
  readonly transition: Float64Array;
}

/** A small deterministic PRNG (mulberry32), for seeded shuffles. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/**
 * Trains an averaged structured perceptron. Deterministic for a given seed. Returns the averaged
 * weights (`w - u / c`, the trick of Daumé's thesis, so averaging costs nothing per step).
 */
export function trainPerceptron(
  data: readonly TrainingSentence[],
  featureCount: number,
  labels: readonly string[],
  options: PerceptronOptions,
): PerceptronWeights {
  const L = labels.length;
  const constraints = chainConstraints(labels);
  const w = new Float64Array(featureCount * L);
  const u = new Float64Array(featureCount * L);
  const tw = new Float64Array((L + 1) * L);
  const tu = new Float64Array((L + 1) * L);
  const random = mulberry32(options.seed);
  const order = data.map((_, i) => i);
  let c = 1;
  const average = (): PerceptronWeights => {
    const emission = new Float64Array(w.length);
    for (let k = 0; k < w.length; k++) emission[k] = w[k]! - u[k]! / c;
    const transition = new Float64Array(tw.length);
    for (let k = 0; k < tw.length; k++) transition[k] = tw[k]! - tu[k]! / c;
    return { emission, transition };
  };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const s = data[index]!;
      const n = s.gold.length;
      const em = emissions(s.features, w, L);
      const pred = viterbi(em, n, tw, constraints, L);
      let same = true;
      for (let i = 0; i < n; i++) if (pred[i] !== s.gold[i]) same = false;
      if (!same) {
        for (let i = 0; i < n; i++) {
          const g = s.gold[i]!;
          const p = pred[i]!;
          if (g !== p) {
            for (const f of s.features[i]!) {
              w[f * L + g]! += 1;
              u[f * L + g]! += c;
              w[f * L + p]! -= 1;
              u[f * L + p]! -= c;
            }
          }
          const gp = i === 0 ? L : s.gold[i - 1]!;
          const pp = i === 0 ? L : pred[i - 1]!;
          if (gp !== pp || g !== p) {
            tw[gp * L + g]! += 1;
            tu[gp * L + g]! += c;
            tw[pp * L + p]! -= 1;
            tu[pp * L + p]! -= c;
          }
        }
      }
      c++;
    }
    options.onEpoch?.(epoch, average());
  }
  return average();
}

/** Emission scores of a sentence given feature ids. */
export function emissions(features: readonly Int32Array[], weights: ArrayLike<number>, L: number): Float64Array {
  const em = new Float64Array(features.length * L);
  for (let i = 0; i < features.length; i++) {
    const base = i * L;
    for (const f of features[i]!) {
      const o = f * L;
      for (let y = 0; y < L; y++) em[base + y]! += weights[o + y]!;
    }
  }
  return em;
}
