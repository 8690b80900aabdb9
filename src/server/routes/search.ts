/** `GET /api/search`: ranked full-text search with the CLI's filters, paged. */
import { createRoute, z } from '@hono/zod-openapi';
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, type SearchHit } from '../../store/store.js';
import type { RouteModule } from '../context.js';
import { AnyObject, errorResponses, SearchQuerySchema } from '../schemas.js';
import { dateRange, json } from './common.js';

/** Most hits a page can reach (offset + limit). */
export const MAX_SEARCH_DEPTH = 1000;

/** A text with highlight markers as plain text and the marked ranges (UTF-16 offsets). */
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

const SearchResponse = z
  .object({ query: z.string(), limit: z.number(), offset: z.number(), more: z.boolean(), results: z.array(AnyObject) })
  .openapi('SearchResults');

const route = createRoute({
  method: 'get',
  path: '/api/search',
  summary: 'Full-text search over stored documents',
  request: { query: SearchQuerySchema },
  responses: { 200: json(SearchResponse, 'ranked hits with highlighted snippets'), ...errorResponses },
});

export const searchRoutes: RouteModule = (app, ctx) => {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const depth = Math.min(MAX_SEARCH_DEPTH, q.offset + q.limit + 1);
    const hits = q.offset >= MAX_SEARCH_DEPTH ? [] : await ctx.store.search({
      query: q.q,
      limit: depth,
      ...(q.lang ? { language: q.lang } : {}),
      ...(q.source ? { source: q.source } : {}),
      ...dateRange(q),
    });
    const page = hits.slice(q.offset, q.offset + q.limit);
    return c.json({ query: q.q, limit: q.limit, offset: q.offset, more: hits.length > q.offset + q.limit, results: page.map(hitJson) }, 200);
  });
};
