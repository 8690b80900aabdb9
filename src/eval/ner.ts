/**
 * Named-entity scoring against a CoNLL gold file: exact span match (same start, end and type),
 * precision, recall and F1 per type and overall (micro-averaged over all spans), as conlleval does.
 */
import { type ConllSentence, type LabeledSpan, tagsToSpans } from './conll.js';

/** Predicts one tag per token (any IOB encoding; see `tagsToSpans`). */
export type NerPredictor = (tokens: readonly string[]) => readonly string[];

export interface NerScoreOptions {
  /**
   * Renames entity types on both sides before matching, e.g. `{ PER: 'PERSON', LOC: 'GPE' }`.
   * A type mapped to `''` or `'O'` is dropped from both sides.
   */
  readonly map?: Readonly<Record<string, string>>;
}

export interface NerTypeScore {
  /** Spans in the gold file. */
  readonly gold: number;
  /** Spans predicted. */
  readonly predicted: number;
  /** Predicted spans that match a gold span exactly. */
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface NerReport {
  readonly sentences: number;
  readonly tokens: number;
  /** Per type, sorted by type name. */
  readonly types: Readonly<Record<string, NerTypeScore>>;
  readonly overall: NerTypeScore;
}

/**
 * Parses `PER=PERSON,LOC=GPE` into a mapping.
 * @throws Error naming the bad item when an item has no `=` or an empty source.
 * @example parseTypeMap('PER=PERSON, LOC=GPE') // { PER: 'PERSON', LOC: 'GPE' }
 */
export function parseTypeMap(spec: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const item of spec.split(',')) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const from = eq < 0 ? '' : trimmed.slice(0, eq).trim();
    if (eq < 0 || from === '') throw new Error(`bad type mapping ${JSON.stringify(trimmed)}: expected TAG=TYPE`);
    map[from] = trimmed.slice(eq + 1).trim();
  }
  return map;
}

/** Precision, recall and F1 from counts; 0 where undefined (no predictions, no gold). */
export function scoreCounts(gold: number, predicted: number, correct: number): NerTypeScore {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { gold, predicted, correct, precision, recall, f1 };
}

/**
 * Scores `predict` against gold sentences.
 * @throws Error when the predictor returns a different number of tags than it was given tokens.
 * @example scoreNer(parseConll(text), (t) => tagger.tag(t)).overall.f1
 */
export function scoreNer(gold: readonly ConllSentence[], predict: NerPredictor, options: NerScoreOptions = {}): NerReport {
  const map = options.map;
  const mapType = map ? (t: string): string => (Object.hasOwn(map, t) ? (map[t] ?? t) : t) : undefined;
  const counts = new Map<string, { gold: number; predicted: number; correct: number }>();
  const bump = (type: string): { gold: number; predicted: number; correct: number } => {
    let c = counts.get(type);
    if (!c) counts.set(type, (c = { gold: 0, predicted: 0, correct: 0 }));
    return c;
  };
  let tokens = 0;
  for (const sentence of gold) {
    tokens += sentence.tokens.length;
    const predicted = predict(sentence.tokens);
    if (predicted.length !== sentence.tokens.length) {
      throw new Error(
        `predictor returned ${predicted.length} tags for ${sentence.tokens.length} tokens (sentence at line ${sentence.line})`,
      );
    }
    const goldSpans = tagsToSpans(sentence.tags, mapType);
    const predSpans = tagsToSpans(predicted, mapType);
    const goldKeys = new Set(goldSpans.map(key));
    for (const s of goldSpans) bump(s.type).gold++;
    for (const s of predSpans) {
      const c = bump(s.type);
      c.predicted++;
      if (goldKeys.has(key(s))) c.correct++;
    }
  }
  const types: Record<string, NerTypeScore> = {};
  let g = 0;
  let p = 0;
  let c = 0;
  for (const type of [...counts.keys()].sort()) {
    const n = counts.get(type)!;
    types[type] = scoreCounts(n.gold, n.predicted, n.correct);
    g += n.gold;
    p += n.predicted;
    c += n.correct;
  }
  return { sentences: gold.length, tokens, types, overall: scoreCounts(g, p, c) };
}

function key(s: LabeledSpan): string {
  return `${s.start}:${s.end}:${s.type}`;
}

/**
 * A plain-text table, one row per type, ending with `overall  P=0.xxx R=0.xxx F1=0.xxx`.
 * @example formatNerReport(report).split('\n').at(-1) // 'overall  P=0.812 R=0.790 F1=0.801'
 */
export function formatNerReport(report: NerReport): string {
  const names = Object.keys(report.types);
  const width = Math.max(7, ...names.map((n) => n.length));
  const num = (n: number, w: number): string => String(n).padStart(w);
  const ratio = (x: number): string => x.toFixed(3).padStart(6);
  const lines = [
    `${report.sentences} sentences, ${report.tokens} tokens, ${report.overall.gold} gold spans, ${report.overall.predicted} predicted`,
    `${'type'.padEnd(width)}  ${'gold'.padStart(5)} ${'pred'.padStart(5)} ${'ok'.padStart(5)}  ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}`,
  ];
  for (const name of names) {
    const t = report.types[name]!;
    lines.push(
      `${name.padEnd(width)}  ${num(t.gold, 5)} ${num(t.predicted, 5)} ${num(t.correct, 5)}  ${ratio(t.precision)} ${ratio(t.recall)} ${ratio(t.f1)}`,
    );
  }
  const o = report.overall;
  lines.push(`overall  P=${o.precision.toFixed(3)} R=${o.recall.toFixed(3)} F1=${o.f1.toFixed(3)}`);
  return lines.join('\n');
}
