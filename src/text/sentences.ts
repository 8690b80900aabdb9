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

const LETTER_CHAR = /^\p{L}$/u;
/** Whether each BMP character is a letter (\p{L}), as met: 0 unknown, 1 yes, 2 no. */
const BMP_LETTER = new Uint8Array(0x10000);

/**
 * What WORD_BEFORE_DOT finds in para[from, to) (the longest run of letters and dots ending at
 * `to`), scanning back; undefined when it finds nothing. A surrogate pair is left to the regex.
 */
function wordBeforeDot(para: string, from: number, to: number): string | undefined {
  let i = to;
  while (i > from) {
    const c = para.charCodeAt(i - 1);
    if (c === 46 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      i--;
      continue;
    }
    if (c < 128) break;
    if (c >= 0xd800 && c <= 0xdfff) return WORD_BEFORE_DOT.exec(para.slice(from, to))?.[1];
    let k = BMP_LETTER[c]!;
    if (k === 0) BMP_LETTER[c] = k = LETTER_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    if (k !== 1) break;
    i--;
  }
  return i < to ? para.slice(i, to) : undefined;
}

function isAbbreviation(para: string, dotIndex: number, abbreviations: ReadonlySet<string>): boolean {
  const before = wordBeforeDot(para, Math.max(0, dotIndex - 20), dotIndex);
  if (before === undefined) return false;
  const word = before.replace(/^\.+/, '');
  // A single capital is an initial (J. Smith, H. Agus Salim).
  if (/^\p{Lu}$/u.test(word)) return true;
  return abbreviations.has(word.toLowerCase());
}

const SPACE_CHAR = /\s/;

/** /\s/.test(text[i]) with the ASCII answers by character code. */
function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE_CHAR.test(text[i]!);
}

function pushTrimmed(text: string, start: number, end: number, paragraph: number, out: Sentence[]): void {
  while (start < end && isSpaceAt(text, start)) start++;
  while (end > start && isSpaceAt(text, end - 1)) end--;
  while (end - start > MAX_SENTENCE_CHARS) {
    let cut = text.lastIndexOf(' ', start + MAX_SENTENCE_CHARS);
    if (cut <= start) cut = start + MAX_SENTENCE_CHARS;
    out.push({ start, end: cut, text: text.slice(start, cut), paragraph });
    start = cut;
    while (start < end && isSpaceAt(text, start)) start++;
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
