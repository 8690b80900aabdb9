/**
 * Scores quote attribution against brat gold (see `brat.ts`): precision, recall and F1 for the
 * source (speaker), the cue and the content, each by exact span and by overlap, micro-averaged
 * over a directory, as published attribution work reports them.
 *
 * Matching, per document and role, over distinct spans (the same span predicted twice counts once):
 * - exact: a predicted span is correct when a gold span has the very same fragments;
 * - overlap: a predicted span is correct when it shares at least one character with a gold span,
 *   each gold span matched to at most one predicted span and vice versa (a maximum one-to-one
 *   matching), so one long prediction covering two gold spans counts once, not twice.
 * precision = correct / predicted, recall = correct / gold, F1 their harmonic mean; 0 where a
 * denominator is 0.
 *
 * What saksi predicts, from `Analysis.claims`: source = each speaker span, cue = the claim's cue,
 * content = the claim's own span.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Analysis } from '../types.js';
import { ROLES, type Fragments, type Role, attributionGold, fragmentsKey, normalizeFragments, parseBrat } from './brat.js';

/** A span as fragments, or as a plain `{ start, end }` (a Span, a Claim...). */
export type SpanLike = Fragments | { readonly start: number; readonly end: number };

export type RoleSpans = Readonly<Record<Role, readonly SpanLike[]>>;

export interface MatchCounts {
  readonly gold: number;
  readonly predicted: number;
  readonly correct: number;
}

export interface Prf extends MatchCounts {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export type MatchMode = 'exact' | 'overlap';
export const MATCH_MODES: readonly MatchMode[] = ['exact', 'overlap'];

export type QuoteScores = Readonly<Record<Role, Readonly<Record<MatchMode, Prf>>>>;

export interface QuotesDocumentReport {
  /** Path of the `.txt` relative to the directory, without the extension. */
  readonly name: string;
  readonly language: string;
  readonly attributions: number;
  readonly scores: QuoteScores;
}

export interface QuotesReport {
  readonly dir: string;
  readonly documents: readonly QuotesDocumentReport[];
  /** Documents per detected language. */
  readonly languages: Readonly<Record<string, number>>;
  readonly attributions: number;
  /** Micro-averaged over every document. */
  readonly scores: QuoteScores;
}

/** A problem with the evaluation directory; `kind` tells the CLI which exit code fits. */
export class EvalInputError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'bad-input',
  ) {
    super(message);
    this.name = 'EvalInputError';
  }
}

/** Precision, recall and F1 from counts; 0 where a denominator is 0. */
export function prf(counts: MatchCounts): Prf {
  const { gold, predicted, correct } = counts;
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = gold + predicted === 0 ? 0 : (2 * correct) / (gold + predicted);
  return { gold, predicted, correct, precision, recall, f1 };
}

function toFragments(s: SpanLike): Fragments {
  return 'start' in s ? normalizeFragments([[s.start, s.end]]) : normalizeFragments(s);
}

function distinct(list: readonly SpanLike[]): Fragments[] {
  const map = new Map<string, Fragments>();
  for (const s of list) {
    const f = toFragments(s);
    if (f.length > 0) map.set(fragmentsKey(f), f);
  }
  return [...map.values()];
}

function overlaps(a: Fragments, b: Fragments): boolean {
  for (const [s1, e1] of a) for (const [s2, e2] of b) if (s1 < e2 && s2 < e1) return true;
  return false;
}

/**
 * Counts for one role of one document, by exact span and by overlap.
 * @example matchSpans([{ start: 0, end: 5 }], [{ start: 2, end: 9 }]).overlap // { gold: 1, predicted: 1, correct: 1 }
 */
export function matchSpans(gold: readonly SpanLike[], predicted: readonly SpanLike[]): Record<MatchMode, MatchCounts> {
  const g = distinct(gold);
  const p = distinct(predicted);
  const goldKeys = new Set(g.map(fragmentsKey));
  const exact = p.filter((f) => goldKeys.has(fragmentsKey(f))).length;
  // Maximum bipartite matching (Kuhn's augmenting paths): documents hold tens of spans, not thousands.
  const edges = p.map((pf) => g.flatMap((gf, j) => (overlaps(pf, gf) ? [j] : [])));
  const owner = new Array<number>(g.length).fill(-1);
  const tryAssign = (i: number, visited: boolean[]): boolean => {
    for (const j of edges[i]!) {
      if (visited[j]) continue;
      visited[j] = true;
      if (owner[j] === -1 || tryAssign(owner[j]!, visited)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  let overlap = 0;
  for (let i = 0; i < p.length; i++) if (tryAssign(i, new Array<boolean>(g.length).fill(false))) overlap++;
  return {
    exact: { gold: g.length, predicted: p.length, correct: exact },
    overlap: { gold: g.length, predicted: p.length, correct: overlap },
  };
}

/**
 * Scores documents against their gold, micro-averaged: counts are summed over the documents,
 * then turned into precision, recall and F1.
 * @example scoreQuotes([{ gold, predicted }]).source.exact.f1
 */
export function scoreQuotes(docs: readonly { readonly gold: RoleSpans; readonly predicted: RoleSpans }[]): QuoteScores {
  const sums = {} as Record<Role, Record<MatchMode, { gold: number; predicted: number; correct: number }>>;
  for (const role of ROLES) {
    sums[role] = { exact: { gold: 0, predicted: 0, correct: 0 }, overlap: { gold: 0, predicted: 0, correct: 0 } };
  }
  for (const doc of docs) {
    for (const role of ROLES) {
      const m = matchSpans(doc.gold[role], doc.predicted[role]);
      for (const mode of MATCH_MODES) {
        sums[role][mode].gold += m[mode].gold;
        sums[role][mode].predicted += m[mode].predicted;
        sums[role][mode].correct += m[mode].correct;
      }
    }
  }
  const out = {} as Record<Role, Record<MatchMode, Prf>>;
  for (const role of ROLES) out[role] = { exact: prf(sums[role].exact), overlap: prf(sums[role].overlap) };
  return out;
}

/** What saksi predicts for each role: speaker spans, cue spans, claim spans. */
export function predictedSpans(analysis: Pick<Analysis, 'claims'>): Record<Role, SpanLike[]> {
  const out: Record<Role, SpanLike[]> = { source: [], cue: [], content: [] };
  for (const claim of analysis.claims) {
    for (const speaker of claim.speakers) out.source.push(speaker);
    if (claim.cue) out.cue.push(claim.cue);
    out.content.push(claim);
  }
  return out;
}

export interface EvalQuotesOptions {
  /** Analyses one document's text (the CLI passes saksi's `analyze` with the chosen language). */
  readonly analyze: (text: string) => Pick<Analysis, 'claims' | 'language'>;
}

/**
 * Every `.txt` under `dir` (recursively) with the `.ann` beside it, sorted by path.
 * @throws EvalInputError for a missing directory, no `.txt` at all, or a `.txt` without `.ann`
 */
export function findBratPairs(dir: string): { name: string; txt: string; ann: string }[] {
  if (!existsSync(dir)) throw new EvalInputError(`no such directory: ${dir}`, 'missing');
  if (!statSync(dir).isDirectory()) throw new EvalInputError(`not a directory: ${dir}`, 'bad-input');
  const pairs: { name: string; txt: string; ann: string }[] = [];
  const orphans: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.txt')) {
        const base = e.name.slice(0, -4);
        if (!names.has(`${base}.ann`)) throw new EvalInputError(`${path} has no ${base}.ann beside it`, 'bad-input');
        pairs.push({ name: relative(dir, join(d, base)), txt: path, ann: join(d, `${base}.ann`) });
      } else if (e.name.endsWith('.ann') && !names.has(`${e.name.slice(0, -4)}.txt`)) {
        orphans.push(path);
      }
    }
  };
  walk(dir);
  if (orphans.length > 0) throw new EvalInputError(`${orphans[0]} has no .txt beside it`, 'bad-input');
  if (pairs.length === 0) throw new EvalInputError(`no .txt files with .ann annotations in ${dir}`, 'bad-input');
  return pairs;
}

/**
 * Reads the brat gold in `dir`, analyses each text and scores it.
 * @throws EvalInputError (see `findBratPairs`), BratError for a malformed `.ann` line
 */
export function evalQuotesDir(dir: string, options: EvalQuotesOptions): QuotesReport {
  const documents: QuotesDocumentReport[] = [];
  const all: { gold: RoleSpans; predicted: RoleSpans }[] = [];
  const languages: Record<string, number> = {};
  let attributions = 0;
  for (const pair of findBratPairs(dir)) {
    const text = readFileSync(pair.txt, 'utf8');
    const gold = attributionGold(parseBrat(readFileSync(pair.ann, 'utf8'), text, pair.ann));
    const analysis = options.analyze(text);
    const doc = { gold: gold.spans, predicted: predictedSpans(analysis) };
    all.push(doc);
    languages[analysis.language] = (languages[analysis.language] ?? 0) + 1;
    attributions += gold.attributions.length;
    documents.push({
      name: pair.name,
      language: analysis.language,
      attributions: gold.attributions.length,
      scores: scoreQuotes([doc]),
    });
  }
  return { dir, documents, languages, attributions, scores: scoreQuotes(all) };
}

/**
 * The report as a plain-text table: one row per role and match mode, micro-averaged.
 * @example formatQuotesReport(report).split('\n')[0] // 'saksi eval quotes: 4 documents (en 2, id 2), 13 attributions'
 */
export function formatQuotesReport(report: QuotesReport): string {
  const langs = Object.entries(report.languages)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
  const lines = [
    `saksi eval quotes: ${report.documents.length} documents (${langs}), ${report.attributions} attributions`,
    '',
    'role     match      gold  pred  correct  precision  recall     F1',
  ];
  const f = (x: number): string => x.toFixed(3).padStart(9);
  for (const role of ROLES) {
    for (const mode of MATCH_MODES) {
      const s = report.scores[role][mode];
      lines.push(
        `${role.padEnd(8)} ${mode.padEnd(8)} ${String(s.gold).padStart(6)} ${String(s.predicted).padStart(5)} ${String(s.correct).padStart(8)}  ${f(s.precision)} ${f(s.recall)} ${f(s.f1)}`,
      );
    }
  }
  lines.push('', 'micro-averaged over the directory; overlap = at least one shared character, matched one to one');
  return lines.join('\n');
}
