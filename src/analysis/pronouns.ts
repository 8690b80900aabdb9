import { sentenceIndexAt } from '../text/sentences.js';
import type { Entity, Sentence } from '../types.js';

/** How far back (in sentences) a pronoun may look for its person. */
const MAX_SENTENCES_BACK = 4;

interface PersonMention {
  readonly start: number;
  readonly sentence: number;
  readonly entity: string;
}

/**
 * Resolves "dia", "ia", "beliau", "he", "she" and the clitic of "ujarnya" to the salient person:
 * the latest person named earlier in the same sentence, else the subject (first person) of the
 * nearest sentence before that names one. Resolved pronouns count as mentions for later ones,
 * so "Dia ... . Awal bulan ini, ia ..." follows the chain. Far from any name, the article's most
 * named person is taken.
 */
export class PronounResolver {
  private readonly people: PersonMention[];
  private readonly sentenceOf: (offset: number) => number;

  constructor(entities: readonly Entity[], sentences: readonly Sentence[]) {
    this.people = [];
    for (const e of entities) {
      if (e.type !== 'PERSON') continue;
      for (const m of e.mentions) this.people.push({ start: m.start, sentence: -1, entity: e.id });
    }
    this.sentenceOf = (offset) => sentenceIndexAt(sentences, offset);
    for (const p of this.people) (p as { sentence: number }).sentence = this.sentenceOf(p.start);
    this.people.sort((a, b) => a.start - b.start);
  }

  /** The entity a pronoun at `offset` refers to, and remembers it as a mention for what follows. */
  resolve(offset: number): string | undefined {
    const sentence = this.sentenceOf(offset);
    // The last person mentioned before the offset (people are sorted by start).
    let i = this.firstAtOrAfter(offset) - 1;
    let entity: string | undefined;
    const nearest = this.people[i];
    if (nearest && nearest.sentence === sentence) entity = nearest.entity;
    else if (nearest && nearest.sentence >= sentence - MAX_SENTENCES_BACK) {
      // The subject of that sentence: its first person.
      while (i > 0 && this.people[i - 1]!.sentence === nearest.sentence) i--;
      entity = this.people[i]!.entity;
    } else if (i >= 0) {
      entity = this.protagonist(i);
    }
    if (entity) this.remember(offset, sentence, entity);
    return entity;
  }

  /** With no person nearby, the article's main person so far: the one named most often. */
  private protagonist(last: number): string | undefined {
    const counts = new Map<string, number>();
    for (let k = 0; k <= last; k++) counts.set(this.people[k]!.entity, (counts.get(this.people[k]!.entity) ?? 0) + 1);
    let best: string | undefined;
    let most = 0;
    for (const [entity, n] of counts) if (n > most) [best, most] = [entity, n];
    return best;
  }

  private remember(start: number, sentence: number, entity: string): void {
    // After the last person starting at or before `start` (the same place a scan from the end finds).
    const i = this.firstAfter(start);
    if (this.people[i - 1]?.start === start) return;
    this.people.splice(i, 0, { start, sentence, entity });
  }

  /** Index of the first person starting at or after `offset`. */
  private firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.people.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.people[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first person starting after `offset`. */
  private firstAfter(offset: number): number {
    let lo = 0;
    let hi = this.people.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.people[mid]!.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
