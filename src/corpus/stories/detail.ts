/**
 * The full account of one story, read from the store: its documents, the timeline of claims, the
 * propositions with their stance tables (who asserts, denies, doubts, and when each changed),
 * the figures per quantity, the spread over outlets and copies, and the evidence of every link.
 */
import type { Analysis, Stance } from '../../types.js';
import type { DocId, EntityId, Store } from '../../store/store.js';
import { foldAlias } from '../../store/store.js';
import type { StoryRow } from '../../store/stories.js';
import { PREDICATE_CONCEPTS } from '../../lang/predicates.js';
import { predicateMatcher, readingLanguage } from '../../lang/predicates-index.js';
import { conceptsIn, dayOf, nameWords, namesInTitle, namesWithin, significantFigure } from './features.js';
import type { LinkEvidence } from './relate.js';
import type { StorySummary } from './summary.js';

export interface StoryDocument {
  readonly id: DocId;
  readonly key: string;
  readonly title?: string;
  readonly outlet?: string;
  readonly published?: string;
  readonly language?: string;
  readonly url?: string;
  /** The earlier document this one copies (near-duplicate). */
  readonly copyOf?: DocId;
  /** Other source keys that held exactly this text. */
  readonly duplicateKeys: readonly string[];
}

export interface StoryFigure {
  readonly text: string;
  readonly value?: number;
  readonly low?: number;
  readonly high?: number;
  readonly unit?: string;
}

export interface TimelineEntry {
  readonly date?: string;
  readonly document: DocId;
  readonly claim: string;
  readonly outlet?: string;
  readonly language: string;
  readonly speaker: string;
  readonly speakerEntity?: EntityId;
  /** The speaker's entity type where resolved (PERSON, ORG, GPE...). */
  readonly speakerType?: string;
  /** The stance as extracted (the speaker towards the words). */
  readonly stance: Stance;
  /** The stance towards the proposition: an asserted negation ("there are no soldiers") denies it. */
  readonly position: Stance;
  readonly proposition: string;
  readonly quote: boolean;
  readonly text: string;
  readonly figures: readonly StoryFigure[];
  /** The sentence: document id and the claim's span. */
  readonly link: { readonly document: DocId; readonly start: number; readonly end: number };
  readonly url?: string;
}

export interface StanceRow {
  readonly speaker: string;
  readonly entity?: EntityId;
  /** The latest position. */
  readonly current: Stance;
  readonly history: readonly { readonly date?: string; readonly position: Stance; readonly document: DocId; readonly claim: string }[];
  readonly changes: readonly { readonly date?: string; readonly from: Stance; readonly to: Stance; readonly document: DocId }[];
}

export interface Proposition {
  /** The predicate concept, or `other` for claims without one. */
  readonly id: string;
  readonly label: string;
  readonly claims: number;
  readonly stances: readonly StanceRow[];
}

export interface FigureSeries {
  /** `concept|kind|currency`. */
  readonly key: string;
  readonly concept: string;
  readonly kind: string;
  readonly currency?: string;
  readonly units: readonly string[];
  readonly values: readonly (StoryFigure & { readonly date?: string; readonly outlet?: string; readonly speaker?: string; readonly document: DocId; readonly start: number; readonly end: number })[];
  readonly min: number;
  readonly max: number;
  readonly latest: number;
}

export interface StorySpread {
  readonly outlets: readonly { readonly outlet: string; readonly documents: number; readonly copies: number }[];
  /** Documents that are not copies of another document of the story: independent reports. */
  readonly independent: number;
  readonly copies: readonly { readonly document: DocId; readonly of: DocId }[];
  readonly exactDuplicates: number;
}

export interface StoryDetail {
  readonly id: string;
  readonly title: string;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly languages: readonly string[];
  readonly entities: StorySummary['entities'];
  readonly documents: readonly StoryDocument[];
  readonly timeline: readonly TimelineEntry[];
  readonly propositions: readonly Proposition[];
  readonly figures: readonly FigureSeries[];
  readonly spread: StorySpread;
  readonly evidence: readonly ({ readonly a: DocId; readonly b: DocId } & LinkEvidence)[];
}

const GLOSS = new Map(PREDICATE_CONCEPTS.map((c) => [c.id, c.gloss]));

/** Reads a story's full account; undefined when there is no story `id`. */
export async function storyDetail(store: Store, id: string): Promise<StoryDetail | undefined> {
  const row: StoryRow | undefined = await store.getStory(id);
  if (!row) return undefined;
  const summary = JSON.parse(row.summary) as StorySummary;
  const storyConcepts = summary.concepts.map((c) => c.concept);
  const main = storyConcepts[0] ?? 'other';
  const members = await store.storyDocuments(id);
  const documents: StoryDocument[] = [];
  const timeline: TimelineEntry[] = [];
  const series = new Map<string, { concept: string; kind: string; currency?: string; units: Set<string>; values: FigureSeries['values'][number][] }>();
  let exactDuplicates = 0;
  for (const m of members) {
    const [doc, analysis, links] = await Promise.all([store.getDocument(m.documentId), store.getAnalysis(m.documentId), store.documentEntities(m.documentId)]);
    if (!doc || !analysis) continue;
    exactDuplicates += doc.duplicateKeys.length;
    documents.push({
      id: doc.id,
      key: doc.sourceKey,
      ...(doc.title ? { title: doc.title } : {}),
      ...(doc.source ? { outlet: doc.source } : {}),
      ...(doc.published ? { published: doc.published } : {}),
      ...(doc.language ? { language: doc.language } : {}),
      ...(doc.url ? { url: doc.url } : {}),
      ...(doc.copyOf ? { copyOf: doc.copyOf.id } : {}),
      duplicateKeys: doc.duplicateKeys,
    });
    const lang = readingLanguage(analysis.language);
    const corpus = new Map(links.map((l) => [l.docEntity, l]));
    const date = dayOf(doc.published);
    const inTitle = conceptsIn(lang, doc.title ?? '', namesInTitle(analysis, doc.title ?? ''));
    const docConcept = storyConcepts.find((c) => inTitle.includes(c)) ?? main;
    const claimAt = (start: number) => analysis.claims.find((c) => start >= c.start && start < c.end);
    for (const claim of analysis.claims) {
      const speaker = claim.speakers[0];
      const link = speaker?.entity !== undefined ? corpus.get(speaker.entity) : undefined;
      const found = conceptsIn(lang, claim.text, namesWithin(analysis, claim.start, claim.end));
      const negated = claim.stance === 'assert' && (predicateMatcher(lang)?.negated(claim.text) ?? false);
      // A claim naming no concept is about its article's main proposition when it takes a side
      // (a denial, a negation) or gives a figure; otherwise it is one of the other statements.
      const proposition =
        storyConcepts.find((c) => found.includes(c)) ?? found[0] ?? (claim.stance !== 'assert' || negated || claim.quantities.length > 0 ? docConcept : 'other');
      timeline.push({
        ...(date ? { date } : {}),
        document: doc.id,
        claim: claim.id,
        ...(doc.source ? { outlet: doc.source } : {}),
        language: analysis.language,
        speaker: link?.name ?? (claim.speakers.map((s) => s.text).join(', ') || '(unattributed)'),
        ...(link ? { speakerEntity: link.entity } : {}),
        ...(speaker?.entity !== undefined ? { speakerType: analysis.entities.find((e) => e.id === speaker.entity)?.type ?? 'MISC' } : {}),
        stance: claim.stance,
        position: negated ? 'deny' : claim.stance,
        proposition,
        quote: claim.quote,
        text: claim.text,
        figures: claim.quantities.map((q) => figureOf(analysis, q)).filter((f): f is StoryFigure => f !== undefined),
        link: { document: doc.id, start: claim.start, end: claim.end },
        ...(doc.url ? { url: doc.url } : {}),
      });
    }
    // Figures: every significant quantity, under the concept of its sentence (else the document's).
    for (const q of analysis.quantities) {
      // Counts from 2 up: "7 dead" matters in a story even if it is too common a number to group by.
      if (![q.value, q.low, q.high].some((v) => significantFigure(v, q.kind, 2))) continue;
      const sentence = analysis.sentences.find((s) => q.start >= s.start && q.start < s.end);
      // The figure belongs to the story concept nearest to it in its sentence ("ambruk, menewaskan 7 orang": kill).
      let concept = docConcept;
      if (sentence) {
        const names = namesWithin(analysis, sentence.start, sentence.end);
        let best = Infinity;
        for (const m of predicateMatcher(lang)?.find(sentence.text) ?? []) {
          if (!storyConcepts.includes(m.concept) || names.some((n) => m.start < n.end && m.end > n.start)) continue;
          const at = q.start - sentence.start;
          const d = at >= m.end ? at - m.end : m.start - (at + q.text.length);
          if (d < best) {
            best = d;
            concept = m.concept;
          }
        }
      }
      const key = `${concept}|${q.kind}|${q.currency ?? ''}`;
      let s = series.get(key);
      if (!s) series.set(key, (s = { concept, kind: q.kind, ...(q.currency ? { currency: q.currency } : {}), units: new Set(), values: [] }));
      if (q.unit) s.units.add(q.unit);
      const claim = claimAt(q.start);
      const who = claim?.speakers[0];
      const whoName = who?.entity !== undefined ? corpus.get(who.entity)?.name : who?.text;
      s.values.push({
        ...figureOf(analysis, analysis.quantities.indexOf(q))!,
        ...(date ? { date } : {}),
        ...(doc.source ? { outlet: doc.source } : {}),
        ...(whoName ? { speaker: whoName } : {}),
        document: doc.id,
        start: q.start,
        end: q.end,
      });
    }
  }
  const order = new Map(members.map((m, i) => [m.documentId, i]));
  timeline.sort((a, b) => order.get(a.document)! - order.get(b.document)! || a.link.start - b.link.start);
  const figures: FigureSeries[] = [...series.entries()]
    .map(([key, s]) => {
      const nums = s.values.flatMap((v) => [v.value, v.low, v.high].filter((x): x is number => x !== undefined));
      const last = s.values[s.values.length - 1]!;
      return {
        key,
        concept: s.concept,
        kind: s.kind,
        ...(s.currency ? { currency: s.currency } : {}),
        units: [...s.units].sort(),
        values: s.values,
        min: Math.min(...nums),
        max: Math.max(...nums),
        latest: last.value ?? last.high ?? last.low!,
      };
    })
    .sort((a, b) => b.values.length - a.values.length || a.key.localeCompare(b.key));
  // Values in story order (documents by date), so `latest` is the last reported.
  for (const f of figures) (f.values as FigureSeries['values'][number][]).sort((a, b) => order.get(a.document)! - order.get(b.document)! || a.start - b.start);
  for (const f of figures as { latest: number; values: FigureSeries['values'] }[]) {
    const last = f.values[f.values.length - 1]!;
    f.latest = last.value ?? last.high ?? last.low!;
  }
  const copies = documents.filter((d) => d.copyOf !== undefined).map((d) => ({ document: d.id, of: d.copyOf! }));
  const outlets = new Map<string, { documents: number; copies: number }>();
  for (const d of documents) {
    const o = outlets.get(d.outlet ?? '(unknown)') ?? { documents: 0, copies: 0 };
    o.documents++;
    if (d.copyOf !== undefined) o.copies++;
    outlets.set(d.outlet ?? '(unknown)', o);
  }
  const edges = await store.storyEdges(id);
  return {
    id: row.id,
    title: row.title,
    ...(row.firstSeen ? { firstSeen: row.firstSeen } : {}),
    ...(row.lastSeen ? { lastSeen: row.lastSeen } : {}),
    languages: row.languages,
    entities: summary.entities,
    documents,
    timeline,
    propositions: propositions(timeline),
    figures,
    spread: {
      outlets: [...outlets.entries()].map(([outlet, o]) => ({ outlet, ...o })).sort((a, b) => b.documents - a.documents || a.outlet.localeCompare(b.outlet)),
      independent: documents.length - copies.length,
      copies,
      exactDuplicates,
    },
    evidence: edges.map((e) => ({ a: e.a, b: e.b, ...(JSON.parse(e.evidence) as LinkEvidence) })),
  };
}

function figureOf(analysis: Analysis, index: number): StoryFigure | undefined {
  const q = analysis.quantities[index];
  if (!q) return undefined;
  return {
    text: q.text,
    ...(q.value !== undefined ? { value: q.value } : {}),
    ...(q.low !== undefined ? { low: q.low } : {}),
    ...(q.high !== undefined ? { high: q.high } : {}),
    ...(q.unit ? { unit: q.unit } : {}),
  };
}

/** Claims grouped by proposition; within each, one row per speaker with the history of positions. */
export function propositions(timeline: readonly TimelineEntry[]): Proposition[] {
  const byProp = new Map<string, TimelineEntry[]>();
  for (const t of timeline) {
    const list = byProp.get(t.proposition) ?? [];
    list.push(t);
    byProp.set(t.proposition, list);
  }
  const out: Proposition[] = [];
  for (const [id, entries] of byProp) {
    // Speakers are merged by name, so one person linked to two corpus entities is one row.
    const rows = new Map<string, { speaker: string; entity?: EntityId; history: StanceRow['history'][number][] }>();
    const keyOf = speakerKeys(entries.map((t) => t.speaker));
    for (const t of entries) {
      const key = keyOf.get(t.speaker)!;
      const row = rows.get(key) ?? { speaker: t.speaker, ...(t.speakerEntity !== undefined ? { entity: t.speakerEntity } : {}), history: [] };
      row.history.push({ ...(t.date ? { date: t.date } : {}), position: t.position, document: t.document, claim: t.claim });
      rows.set(key, row);
    }
    const stances: StanceRow[] = [...rows.values()].map((r) => {
      const changes: StanceRow['changes'][number][] = [];
      for (let i = 1; i < r.history.length; i++) {
        const prev = r.history[i - 1]!;
        const cur = r.history[i]!;
        if (prev.position !== cur.position) changes.push({ ...(cur.date ? { date: cur.date } : {}), from: prev.position, to: cur.position, document: cur.document });
      }
      return { speaker: r.speaker, ...(r.entity !== undefined ? { entity: r.entity } : {}), current: r.history[r.history.length - 1]!.position, history: r.history, changes };
    });
    stances.sort((a, b) => b.history.length - a.history.length || a.speaker.localeCompare(b.speaker));
    out.push({ id, label: id === 'other' ? 'other statements' : (GLOSS.get(id) ?? id), claims: entries.length, stances });
  }
  return out.sort((a, b) => (a.id === 'other' ? 1 : 0) - (b.id === 'other' ? 1 : 0) || b.claims - a.claims || a.id.localeCompare(b.id));
}

/**
 * One key per speaker name: names whose words are a subset of another name's words ("Karsk",
 * "Ivo Karsk"; "Ostravia", "Pemerintah Ostravia" once titles are set aside) share the key of the
 * longest such name.
 */
function speakerKeys(names: readonly string[]): Map<string, string> {
  const words = new Map<string, Set<string>>();
  for (const n of new Set(names)) {
    const handles = nameWords(n);
    words.set(n, handles.size > 0 ? handles : new Set([foldAlias(n)]));
  }
  const sorted = [...words.keys()].sort((a, b) => words.get(b)!.size - words.get(a)!.size || a.localeCompare(b));
  const out = new Map<string, string>();
  for (const n of sorted) {
    const mine = words.get(n)!;
    const host = sorted.find((m) => out.get(m) === m && [...mine].every((w) => words.get(m)!.has(w)));
    out.set(n, host ?? n);
  }
  return out;
}
