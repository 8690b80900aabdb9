/** A search hit as JSON, the same for `saksi search --json` and the HTTP API. */
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, type SearchHit } from './store.js';

/** A text with highlight markers as plain text and the marked ranges (UTF-16 offsets into it). */
export function splitHighlights(marked: string): { text: string; matches: { start: number; end: number }[] } {
  let text = '';
  const matches: { start: number; end: number }[] = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === HIGHLIGHT_OPEN) open = text.length;
    else if (ch === HIGHLIGHT_CLOSE) {
      if (open >= 0 && text.length > open) matches.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }
  return { text, matches };
}

/** A hit with its snippet and title as plain text plus the matched ranges. */
export function hitJson(h: SearchHit): Record<string, unknown> {
  const snippet = splitHighlights(h.snippet);
  const title = h.titleHighlighted !== undefined ? splitHighlights(h.titleHighlighted) : undefined;
  return {
    id: h.id,
    score: Math.round(h.score * 1000) / 1000,
    ...(h.title !== undefined ? { title: h.title } : {}),
    ...(h.url !== undefined ? { url: h.url } : {}),
    ...(h.source !== undefined ? { source: h.source } : {}),
    ...(h.published !== undefined ? { published: h.published } : {}),
    ...(h.language !== undefined ? { language: h.language } : {}),
    ...(h.copyOf !== undefined ? { copyOf: h.copyOf } : {}),
    snippet: snippet.text,
    matches: snippet.matches,
    ...(title && title.matches.length > 0 ? { titleMatches: title.matches } : {}),
  };
}
