import type { Sentence, Span } from '../types.js';

/**
 * A sentence longer than this is cut at a space: no real sentence is that long, and bounding
 * sentence length keeps every per-sentence stage linear on a 1 MB text with no punctuation.
 */
export const MAX_SENTENCE_CHARS = 2000;

// A sentence ends at . ! ? … (with closing quotes or brackets after them) when followed by space
// and then something that can start a sentence: a capital, a digit or an opening quote.
const BOUNDARY = /[.!?…]+["'”’»)\]]*(?=\s+["“‘'«(\[]?[\p{Lu}\p{N}])/gu;
const WORD_BEFORE_DOT = /([\p{L}.]+)$/u;

/**
 * Splits `regions` (the parts of the text left after boilerplate) into sentences, paragraph by
 * paragraph. `abbreviations` are lower-cased without their final dot ("dr", "jl", "u.s").
 */
export function splitSentences(text: string, regions: readonly Span[], abbreviations: ReadonlySet<string>): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = -1;
  for (const region of regions) {
    let lineStart = region.start;
    while (lineStart < region.end) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0 || lineEnd > region.end) lineEnd = region.end;
      if (hasContent(text, lineStart, lineEnd)) {
        paragraph++;
        splitParagraph(text, lineStart, lineEnd, abbreviations, paragraph, sentences);
      }
      lineStart = lineEnd + 1;
    }
  }
  return sentences;
}

const NON_SPACE = /\S/g;

function hasContent(text: string, start: number, end: number): boolean {
  NON_SPACE.lastIndex = start;
  const m = NON_SPACE.exec(text);
  return m !== null && m.index < end;
}

function splitParagraph(text: string, start: number, end: number, abbreviations: ReadonlySet<string>, paragraph: number, out: Sentence[]): void {
  const para = text.slice(start, end);
  // One regex for every paragraph: nothing below calls back into splitParagraph while it is used.
  const re = BOUNDARY;
  re.lastIndex = 0;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(para)) !== null) {
    const stop = m.index + m[0].length;
    if (m[0][0] === '.' && isAbbreviation(para, m.index, abbreviations)) continue;
    pushTrimmed(text, start + from, start + stop, paragraph, out);
    from = stop;
  }
  pushTrimmed(text, start + from, start + para.length, paragraph, out);
}

function isAbbreviation(para: string, dotIndex: number, abbreviations: ReadonlySet<string>): boolean {
  const before = WORD_BEFORE_DOT.exec(para.slice(Math.max(0, dotIndex - 20), dotIndex));
  if (!before) return false;
  const word = before[1]!.replace(/^\.+/, '');
  // A single capital is an initial (J. Smith, H. Agus Salim).
  if (/^\p{Lu}$/u.test(word)) return true;
  return abbreviations.has(word.toLowerCase());
}

function pushTrimmed(text: string, start: number, end: number, paragraph: number, out: Sentence[]): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  while (end - start > MAX_SENTENCE_CHARS) {
    let cut = text.lastIndexOf(' ', start + MAX_SENTENCE_CHARS);
    if (cut <= start) cut = start + MAX_SENTENCE_CHARS;
    out.push({ start, end: cut, text: text.slice(start, cut), paragraph });
    start = cut;
    while (start < end && /\s/.test(text[start]!)) start++;
  }
  if (end > start) out.push({ start, end, text: text.slice(start, end), paragraph });
}

/** Index of the last sentence starting at or before `offset` (binary search). */
export function sentenceIndexAt(sentences: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentences[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
