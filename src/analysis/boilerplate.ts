import type { BoilerplateRule } from '../lang/types.js';
import type { Diagnostic, RemovedSpan, Span } from '../types.js';

export interface BoilerplateResult {
  readonly removed: RemovedSpan[];
  /** The rest of the text, in order: what later stages analyse. */
  readonly regions: Span[];
  /** Said when a footer took more than {@link MAX_FOOTER_SHARE} of the text. */
  readonly diagnostics: Diagnostic[];
}

/** Lines longer than this are article text, never a "Baca juga" link or a footer. */
const MAX_BOILERPLATE_LINE = 600;
/** A footer line is short: a link list, a credit, a channel name; not a paragraph. */
const MAX_FOOTER_LINE = 160;
const MAX_FOOTER_WORDS = 14;
/** A footer (the rule's line and the tail after it) above this share of the text is reported. */
export const MAX_FOOTER_SHARE = 0.25;

const LINK = /\bhttps?:\/\/|\bwww\.|\S@\S|(^|\s)@\w|[©®]|\bcopyright\b|\bhak cipta\b/i;
/** Ends like a sentence: a full stop, question or exclamation mark, possibly inside quotes. */
const SENTENCE_END = /[.!?…]["'”’)]*$/;

interface Line {
  readonly start: number;
  readonly end: number;
}

/**
 * Sets aside lines that are not the article (related links, promos, credits), keeping them in the
 * text and listing them with the rule's reason. Rules are tried on each line, trimmed.
 *
 * A rule removes the line it recognises and nothing else, with one exception: a footer rule
 * (`extent: 'rest'`) also takes the lines after it when every one of them looks like a footer
 * itself (short, a link, a credit, another promo; never a sentence). An article paragraph after
 * a promo line keeps the promo to its own line. A footer larger than a quarter of the text is
 * still set aside when it looks like one, but a diagnostic says so.
 * @example findBoilerplate('Isi.\nBaca juga: Judul lain\nIsi lagi.', rules).removed[0].reason // 'related-link'
 */
export function findBoilerplate(text: string, rules: readonly BoilerplateRule[]): BoilerplateResult {
  const lines = linesOf(text);
  const matches = lines.map((l) => {
    if (l.end - l.start > MAX_BOILERPLATE_LINE) return undefined;
    const line = text.slice(l.start, l.end);
    return rules.find((r) => r.pattern.test(line));
  });
  // footerFrom: the first line index from which every line to the end looks like a footer.
  let footerFrom = lines.length;
  while (footerFrom > 0 && (matches[footerFrom - 1] !== undefined || looksLikeFooter(text.slice(lines[footerFrom - 1]!.start, lines[footerFrom - 1]!.end)))) footerFrom--;

  const removed: RemovedSpan[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < lines.length; i++) {
    const rule = matches[i];
    if (!rule) continue;
    const { start, end } = lines[i]!;
    if (rule.extent === 'rest' && i + 1 >= footerFrom && i + 1 < lines.length) {
      const restEnd = lines[lines.length - 1]!.end;
      removed.push({ start, end: restEnd, text: text.slice(start, restEnd), reason: rule.reason });
      const share = (restEnd - start) / Math.max(1, text.trim().length);
      if (share > MAX_FOOTER_SHARE) {
        diagnostics.push({
          code: 'large-footer',
          severity: 'warning',
          message: `a '${rule.reason}' footer from offset ${start} to ${restEnd} (${Math.round(share * 100)}% of the text) was set aside; its lines read as links and credits, not sentences`,
        });
      }
      break;
    }
    removed.push({ start, end, text: text.slice(start, end), reason: rule.reason });
  }
  return { removed, regions: complement(text, removed), diagnostics };
}

/** The non-blank lines of `text`, trimmed. */
function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const [start, end] = trimmed(text, lineStart, lineEnd);
    if (end > start) lines.push({ start, end });
    lineStart = lineEnd + 1;
  }
  return lines;
}

/**
 * A line a footer is made of: a link, an address, a copyright, or a short line that does not end
 * like a sentence (a channel name, "Instagram | Facebook", a credit). Language-neutral on purpose.
 */
export function looksLikeFooter(line: string): boolean {
  if (line.length > MAX_FOOTER_LINE) return false;
  if (LINK.test(line)) return true;
  const words = line.split(/\s+/).length;
  return words <= MAX_FOOTER_WORDS && !SENTENCE_END.test(line);
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
