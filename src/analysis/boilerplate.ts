import type { BoilerplateRule } from '../lang/types.js';
import type { RemovedSpan, Span } from '../types.js';

export interface BoilerplateResult {
  readonly removed: RemovedSpan[];
  /** The rest of the text, in order: what later stages analyse. */
  readonly regions: Span[];
}

/** Lines longer than this are article text, never a "Baca juga" link or a footer. */
const MAX_BOILERPLATE_LINE = 600;

/**
 * Sets aside lines that are not the article (related links, promos, credits), keeping them in the
 * text and listing them with the rule's reason. Rules are tried on each line, trimmed.
 * @example findBoilerplate('Isi.\nBaca juga: Judul lain\nIsi lagi.', rules).removed[0].reason // 'related-link'
 */
export function findBoilerplate(text: string, rules: readonly BoilerplateRule[]): BoilerplateResult {
  const removed: RemovedSpan[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const [start, end] = trimmed(text, lineStart, lineEnd);
    if (end > start && end - start <= MAX_BOILERPLATE_LINE) {
      const line = text.slice(start, end);
      const rule = rules.find((r) => r.pattern.test(line));
      if (rule) {
        if (rule.extent === 'rest') {
          const [, restEnd] = trimmed(text, start, text.length);
          removed.push({ start, end: restEnd, text: text.slice(start, restEnd), reason: rule.reason });
          break;
        }
        removed.push({ start, end, text: line, reason: rule.reason });
      }
    }
    lineStart = lineEnd + 1;
  }
  return { removed, regions: complement(text, removed) };
}

function trimmed(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b) || code === 0x3000;
}

/** The parts of [0, text.length) not covered by `spans` (sorted, non-overlapping). */
export function complement(text: string, spans: readonly Span[]): Span[] {
  const regions: Span[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start > at) regions.push({ start: at, end: s.start, text: text.slice(at, s.start) });
    at = Math.max(at, s.end);
  }
  if (at < text.length) regions.push({ start: at, end: text.length, text: text.slice(at) });
  return regions;
}
