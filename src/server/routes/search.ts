/** `GET /api/search`: ranked full-text search with the CLI's filters, paged. */
import { createRoute, z } from '@hono/zod-openapi';
import { hitJson } from '../../store/search-hit.js';
import type { RouteModule } from '../context.js';
import { AnyObject, errorResponses, SearchQuerySchema } from '../schemas.js';
import { dateRange, json } from './common.js';

/** Most hits a page can reach (offset + limit). */
export const MAX_SEARCH_DEPTH = 1000;



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
