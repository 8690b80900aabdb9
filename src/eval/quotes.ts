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
 * content = the claim's own span. With `acts: 'all'` the attitudes (beliefs, feelings, intentions,
 * requests: `Analysis.attitudes`) are predicted too, as gold sets that annotate them expect
 * (PolNeAR); with `acts: 'speech'` the requests alone among them (speech acts, as PolNeAR's
 * "called for" is); saksi's own convention (docs/claims-annotation.md) scores claims alone.
 *
 * Per claim (`scoreClaims`): each gold attribution with a content is matched to at most one
 * predicted claim, and each claim to at most one attribution, by content overlap (a maximum
 * one-to-one matching that tries the larger overlaps first).
 * - claims: precision = matched / predicted claims, recall = matched / gold attributions;
 * - speaker accuracy, over matched pairs whose gold has a Source: the predicted speakers' names
 *   (a speaker's resolved entity, named as the article names it most fully, i.e. its longest
 *   surface form, as the annotators note it; else the speaker's text), joined, equal the gold name (the
 *   AnnotatorNotes on the Source, else the Source text) after folding (case, diacritics,
 *   punctuation) and dropping the conjunctions `dan`, `and`, `serta` and `&` that join several speakers;
 * - stance, for deny and for doubt: precision = matched pairs where both say it / predicted
 *   claims with it, recall = the same / gold attributions with it.
 *
 * The `speech` cue filter keeps the gold attributions whose cue is a speech or writing act
 * (`isSpeechCue`); a predicted claim that overlaps only attributions filtered out is left out
 * too (neither right nor wrong), so the scores are of speech attributions alone.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { foldKey } from '../kb/normalize.js';
import type { Analysis, Claim, Span } from '../types.js';
import {
  ROLES,
  type Attribution,
  type Fragments,
  type Role,
  attributionGold,
  fragmentsKey,
  normalizeFragments,
  parseBrat,
} from './brat.js';

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

export interface ClaimScores {
  /** Claims matched one to one by content overlap. */
  readonly claims: Prf;
  /** Over matched pairs whose gold attribution has a source. */
  readonly speaker: { readonly total: number; readonly correct: number; readonly accuracy: number };
  readonly stance: { readonly deny: Prf; readonly doubt: Prf };
}

export interface QuotesDocumentReport {
  /** Path of the `.txt` relative to the directory, without the extension. */
  readonly name: string;
  readonly language: string;
  readonly attributions: number;
  readonly scores: QuoteScores;
  readonly claims: ClaimScores;
}

export interface QuotesReport {
  readonly dir: string;
  readonly documents: readonly QuotesDocumentReport[];
  /** Documents per detected language. */
  readonly languages: Readonly<Record<string, number>>;
  readonly attributions: number;
  /** Which gold attributions were scored: all, or those with a speech-act cue. */
  readonly cues: CueFilter;
  /** Which predictions were scored: claims (statements) alone, or claims and attitudes. */
  readonly acts: ActFilter;
  /** Micro-averaged over every document. */
  readonly scores: QuoteScores;
  readonly claims: ClaimScores;
}

export type CueFilter = 'all' | 'speech';

/**
 * `statement`: claims alone (saksi's convention); `speech`: claims and requests, the speech acts
 * among the attitudes (urged, called for, meminta), to score against speech-act gold such as
 * PolNeAR's `--cues speech`; `all`: claims and every attitude (PolNeAR's all attributions).
 */
export type ActFilter = 'statement' | 'speech' | 'all';

/** What the scores read of a claim or an attitude. */
type Attributed = Pick<Claim, 'start' | 'end' | 'speakers'> & { readonly cue?: Span; readonly stance?: Claim['stance'] };

/** The predictions scored: the claims, and with `acts: 'all'` the attitudes too. */
export function predictedAttributions(analysis: Pick<Analysis, 'claims' | 'attitudes'>, acts: ActFilter = 'statement'): Attributed[] {
  if (acts === 'statement') return analysis.claims;
  const attitudes = (analysis.attitudes ?? []).filter((a) => acts === 'all' || a.act === 'request');
  return [...analysis.claims, ...attitudes];
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
 * Maximum bipartite matching by Kuhn's augmenting paths (documents hold tens of spans, not
 * thousands): `edges[i]` lists the right-hand items left item i may take, in order of preference.
 * Returns, for each right-hand item, the left item matched to it, or -1.
 */
function maximumMatching(edges: readonly (readonly number[])[], rightCount: number): number[] {
  const owner = new Array<number>(rightCount).fill(-1);
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
  for (let i = 0; i < edges.length; i++) tryAssign(i, new Array<boolean>(rightCount).fill(false));
  return owner;
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
  const edges = p.map((pf) => g.flatMap((gf, j) => (overlaps(pf, gf) ? [j] : [])));
  const overlap = maximumMatching(edges, g.length).filter((i) => i !== -1).length;
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
export function predictedSpans(analysis: { readonly claims: readonly Attributed[] }): Record<Role, SpanLike[]> {
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
  readonly analyze: (text: string) => Pick<Analysis, 'claims' | 'language'> & Partial<Pick<Analysis, 'entities' | 'attitudes'>>;
  /** Score all attributions (default) or only those whose cue is a speech or writing act. */
  readonly cues?: CueFilter;
  /** Predict claims alone (default) or claims and attitudes. */
  readonly acts?: ActFilter;
}

/** One gold attribution, as the per-claim scores see it. */
export interface GoldClaim {
  readonly content: Fragments;
  /** The referent's name (annotator note) or the source text; undefined without a source. */
  readonly speaker?: string;
  readonly stance: string;
}

/** One predicted claim, as the per-claim scores see it. */
export interface PredictedClaim {
  readonly content: Fragments;
  /** The speakers' resolved names (else their text), joined by a space; undefined without speakers. */
  readonly speaker?: string;
  readonly stance: string;
}

/**
 * The verbs and phrases of speaking and writing that `--cues speech` keeps (lemmas; any
 * inflection of the verbs counts). PolNeAR annotates thoughts and intentions too; these are the
 * attributions a claim extractor is asked to find.
 */
export const SPEECH_CUE_LEMMAS: readonly string[] = [
  'say', 'tell', 'state', 'add', 'note', 'claim', 'deny', 'insist', 'argue', 'write', 'tweet',
  'announce', 'report', 'explain', 'ask', 'warn', 'acknowledge', 'admit', 'confirm', 'reply',
  'respond', 'testify', 'declare', 'allege', 'assert', 'reject', 'dismiss', 'call', 'describe',
];
const IRREGULAR: Readonly<Record<string, string>> = { said: 'say', told: 'tell', wrote: 'write', written: 'write' };

/** The lemma candidates of an English word form: `denied` → deny, `admitted` → admit, `says` → say. */
function lemmaCandidates(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w];
  if (IRREGULAR[w]) out.push(IRREGULAR[w]!);
  for (const [suffix, repl] of [['ies', 'y'], ['ied', 'y'], ['es', ''], ['s', ''], ['ed', ''], ['ed', 'e'], ['d', ''], ['ing', ''], ['ing', 'e']] as const) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) {
      const stem = w.slice(0, -suffix.length) + repl;
      out.push(stem);
      // admitted → admitt → admit; tweeting is regular.
      if (repl === '' && /([b-df-hj-np-tv-z])\1$/.test(stem)) out.push(stem.slice(0, -1));
    }
  }
  return out;
}

/**
 * Whether a cue is a speech or writing act: one of its words is an inflection of a lemma of
 * {@link SPEECH_CUE_LEMMAS}, or it is "according to".
 * @example isSpeechCue('has said') // true
 * @example isSpeechCue('believes') // false
 */
export function isSpeechCue(cue: string): boolean {
  if (/\baccording\s+to\b/i.test(cue)) return true;
  const lemmas = new Set(SPEECH_CUE_LEMMAS);
  return (cue.match(/[A-Za-z]+/g) ?? []).some((w) => lemmaCandidates(w).some((l) => lemmas.has(l)));
}

const CONJUNCTIONS = new Set(['dan', 'and', 'serta', '&']);

/** A speaker name as compared: folded, conjunctions between several speakers dropped. */
export function speakerKey(name: string): string {
  return foldKey(name.replace(/&/g, ' '))
    .split(' ')
    .filter((w) => w !== '' && !CONJUNCTIONS.has(w))
    .join(' ');
}

function overlapSize(a: Fragments, b: Fragments): number {
  let n = 0;
  for (const [s1, e1] of a) for (const [s2, e2] of b) n += Math.max(0, Math.min(e1, e2) - Math.max(s1, s2));
  return n;
}

/**
 * Per-claim counts of one document (see the module comment), as sums to add up over documents.
 * @example scoreClaims([{ gold, predicted }]).claims.recall
 */
export function claimCounts(gold: readonly GoldClaim[], predicted: readonly PredictedClaim[]): ClaimCountSums {
  // Candidate pairs, largest overlap first, so augmenting paths prefer them.
  const edges = predicted.map((p) =>
    gold
      .map((g, j) => ({ j, size: overlapSize(p.content, g.content) }))
      .filter((e) => e.size > 0)
      .sort((a, b) => b.size - a.size)
      .map((e) => e.j),
  );
  const owner = maximumMatching(edges, gold.length);
  const sums = emptyClaimSums();
  sums.gold = gold.length;
  sums.predicted = predicted.length;
  for (const stance of ['deny', 'doubt'] as const) {
    sums[stance].gold = gold.filter((g) => g.stance === stance).length;
    sums[stance].predicted = predicted.filter((p) => p.stance === stance).length;
  }
  owner.forEach((i, j) => {
    if (i < 0) return;
    const g = gold[j]!;
    const p = predicted[i]!;
    sums.matched++;
    if (g.speaker !== undefined) {
      sums.speakerTotal++;
      if (p.speaker !== undefined && speakerKey(p.speaker) === speakerKey(g.speaker)) sums.speakerCorrect++;
    }
    for (const stance of ['deny', 'doubt'] as const) if (g.stance === stance && p.stance === stance) sums[stance].correct++;
  });
  return sums;
}

export interface ClaimCountSums {
  gold: number;
  predicted: number;
  matched: number;
  speakerTotal: number;
  speakerCorrect: number;
  deny: { gold: number; predicted: number; correct: number };
  doubt: { gold: number; predicted: number; correct: number };
}

function emptyClaimSums(): ClaimCountSums {
  return {
    gold: 0,
    predicted: 0,
    matched: 0,
    speakerTotal: 0,
    speakerCorrect: 0,
    deny: { gold: 0, predicted: 0, correct: 0 },
    doubt: { gold: 0, predicted: 0, correct: 0 },
  };
}

/** Adds up per-document counts and turns them into scores. */
export function scoreClaims(list: readonly ClaimCountSums[]): ClaimScores {
  const t = emptyClaimSums();
  for (const c of list) {
    t.gold += c.gold;
    t.predicted += c.predicted;
    t.matched += c.matched;
    t.speakerTotal += c.speakerTotal;
    t.speakerCorrect += c.speakerCorrect;
    for (const s of ['deny', 'doubt'] as const) {
      t[s].gold += c[s].gold;
      t[s].predicted += c[s].predicted;
      t[s].correct += c[s].correct;
    }
  }
  return {
    claims: prf({ gold: t.gold, predicted: t.predicted, correct: t.matched }),
    speaker: {
      total: t.speakerTotal,
      correct: t.speakerCorrect,
      accuracy: t.speakerTotal === 0 ? 0 : t.speakerCorrect / t.speakerTotal,
    },
    stance: { deny: prf(t.deny), doubt: prf(t.doubt) },
  };
}

function slice(text: string, f: Fragments): string {
  return f.map(([s, e]) => text.slice(s, e)).join(' ');
}

/** A gold attribution as a claim to match: its content (all fragments), speaker name and stance. */
export function goldClaim(a: Attribution, text: string): GoldClaim | undefined {
  const content = normalizeFragments(a.content.flat());
  if (content.length === 0) return undefined;
  const names = a.source.map((f, i) => a.sourceNotes?.[i] ?? slice(text, f));
  return { content, ...(names.length > 0 ? { speaker: names.join(' ') } : {}), stance: a.stance ?? 'assert' };
}

/** saksi's claims as claims to match: the speaker's resolved entity name, else its text. */
export function predictedClaims(analysis: { readonly claims: readonly Attributed[] } & Partial<Pick<Analysis, 'entities'>>): PredictedClaim[] {
  // The name as the article gives it most fully (its longest surface form), as annotators note it;
  // a knowledge-base name the article never writes ("Prabowo Subianto" for "Prabowo") is not it.
  const names = new Map(
    (analysis.entities ?? []).map((e) => [e.id, (e.aliases ?? []).reduce((a, b) => (b.length > a.length ? b : a), '') || e.name]),
  );
  return analysis.claims.map((c) => {
    const speakers = c.speakers.map((s) => (s.entity !== undefined ? (names.get(s.entity) ?? s.text) : s.text));
    return {
      content: normalizeFragments([[c.start, c.end]]),
      ...(speakers.length > 0 ? { speaker: speakers.join(' ') } : {}),
      stance: c.stance ?? 'assert',
    };
  });
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
  const allClaims: ClaimCountSums[] = [];
  const languages: Record<string, number> = {};
  const cues = options.cues ?? 'all';
  const acts = options.acts ?? 'statement';
  let attributions = 0;
  for (const pair of findBratPairs(dir)) {
    const text = readFileSync(pair.txt, 'utf8');
    const gold = attributionGold(parseBrat(readFileSync(pair.ann, 'utf8'), text, pair.ann));
    const analysis = options.analyze(text);
    let kept = gold.attributions;
    let goldSpans: RoleSpans = gold.spans;
    let claims = predictedAttributions({ claims: analysis.claims, ...(analysis.attitudes ? { attitudes: analysis.attitudes } : {}) }, acts);
    if (cues === 'speech') {
      const isSpeech = (a: Attribution): boolean => a.cue.some((f) => isSpeechCue(slice(text, f)));
      kept = gold.attributions.filter(isSpeech);
      const dropped = gold.attributions.filter((a) => !isSpeech(a));
      const keptContent = kept.map((a) => normalizeFragments(a.content.flat()));
      const droppedContent = dropped.map((a) => normalizeFragments(a.content.flat()));
      claims = claims.filter((c) => {
        const f = normalizeFragments([[c.start, c.end]]);
        return keptContent.some((k) => overlaps(f, k)) || !droppedContent.some((d) => overlaps(f, d));
      });
      goldSpans = {
        source: kept.flatMap((a) => a.source),
        cue: kept.flatMap((a) => a.cue),
        content: kept.flatMap((a) => a.content),
      };
    }
    const doc = { gold: goldSpans, predicted: predictedSpans({ claims }) };
    all.push(doc);
    const counts = claimCounts(
      kept.flatMap((a) => goldClaim(a, text) ?? []),
      predictedClaims({ claims, ...(analysis.entities ? { entities: analysis.entities } : {}) }),
    );
    allClaims.push(counts);
    languages[analysis.language] = (languages[analysis.language] ?? 0) + 1;
    attributions += kept.length;
    documents.push({
      name: pair.name,
      language: analysis.language,
      attributions: kept.length,
      scores: scoreQuotes([doc]),
      claims: scoreClaims([counts]),
    });
  }
  return { dir, documents, languages, attributions, cues, acts, scores: scoreQuotes(all), claims: scoreClaims(allClaims) };
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
    `saksi eval quotes: ${report.documents.length} documents (${langs}), ${report.attributions} attributions${report.cues === 'speech' ? ' with a speech-act cue' : ''}`,
    `predicted: ${report.acts === 'all' ? 'claims and attitudes (beliefs, feelings, intentions, requests)' : report.acts === 'speech' ? 'claims and requests' : 'claims'}`,
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
  const c = report.claims;
  const n = (x: number): string => x.toFixed(3);
  lines.push(
    '',
    'per claim (gold attribution and predicted claim matched one to one by content overlap):',
    `claims   gold ${c.claims.gold}  predicted ${c.claims.predicted}  matched ${c.claims.correct}  precision ${n(c.claims.precision)}  recall ${n(c.claims.recall)}  F1 ${n(c.claims.f1)}`,
    `speaker  accuracy ${n(c.speaker.accuracy)} (${c.speaker.correct} of ${c.speaker.total} matched claims with a gold source)`,
  );
  for (const s of ['deny', 'doubt'] as const) {
    const x = c.stance[s];
    lines.push(`${s.padEnd(8)} gold ${x.gold}  predicted ${x.predicted}  correct ${x.correct}  precision ${n(x.precision)}  recall ${n(x.recall)}`);
  }
  lines.push('', 'micro-averaged over the directory; overlap = at least one shared character, matched one to one');
  return lines.join('\n');
}
