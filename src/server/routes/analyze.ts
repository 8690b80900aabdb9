/** `POST /api/analyze`: one text, page or URL analysed on the spot, nothing stored. */
import { createRoute } from '@hono/zod-openapi';
import { AnalysisSchema, AnalyzeBody, errorResponses } from '../schemas.js';
import type { RouteModule } from '../context.js';
import { fetchArticle } from '../url-fetch.js';
import { ApiError } from '../errors.js';
import { json } from './common.js';
import { ErrorSchema } from '../schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/analyze',
  summary: 'Analyse a text, an HTML page or a URL without storing it',
  request: { body: { required: true, content: { 'application/json': { schema: AnalyzeBody } } } },
  responses: {
    200: json(AnalysisSchema, 'the analysis (docs/analysis-contract.md)'),
    ...errorResponses,
    413: json(ErrorSchema, 'body too large'),
    422: json(ErrorSchema, 'the page holds no article, or the text is empty'),
    502: json(ErrorSchema, 'the URL could not be fetched'),
    503: json(ErrorSchema, 'the analysis queue is full (see Retry-After)'),
  },
});

export const analyzeRoutes: RouteModule = (app, ctx) => {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    // Refuse before fetching when there is no room for the analysis anyway.
    if (ctx.analyzer.full()) throw new ApiError(503, 'busy', 'the analysis queue is full; try again shortly', { 'Retry-After': '1' });
    let text = body.text;
    let html = body.html;
    let url = body.url;
    if (text === undefined && html === undefined && url !== undefined) {
      const page = await fetchArticle(url, {
        allowPrivate: ctx.config.allowPrivateUrls,
        timeoutMs: ctx.config.fetchTimeoutMs,
        maxBytes: ctx.config.maxFetchBytes,
        maxRedirects: ctx.config.maxRedirects,
      });
      text = page.text;
      html = page.html;
      url = page.url;
    }
    const meta = { ...(body.title ? { title: body.title } : {}), ...(body.published ? { published: body.published } : {}), ...(url ? { url } : {}) };
    const analysis = await ctx.analyzer.analyze({
      ...(text !== undefined ? { text } : {}),
      ...(html !== undefined ? { html } : {}),
      ...(url !== undefined ? { url } : {}),
      lang: body.lang,
      ...(body.date ? { date: body.date } : {}),
      meta,
    });
    return c.json(analysis as never, 200);
  });
};
