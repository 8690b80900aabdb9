/** `GET /api/export`: the store streamed as JSON lines, row by row (never the whole corpus in memory). */
import { createRoute } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import type { RouteModule } from '../context.js';
import { errorResponses, ExportQuery } from '../schemas.js';

const route = createRoute({
  method: 'get',
  path: '/api/export',
  summary: 'Stream documents, entities or claims as JSON lines',
  request: { query: ExportQuery },
  responses: { 200: { description: 'one JSON object per line', content: { 'application/x-ndjson': { schema: { type: 'string' } } } }, ...errorResponses },
});

export const exportRoutes: RouteModule = (app, ctx) => {
  app.openapi(route, (c) => {
    const { what } = c.req.valid('query');
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="saksi-${what}.jsonl"`);
    return stream(
      c,
      async (s) => {
        let aborted = false;
        s.onAbort(() => {
          aborted = true;
        });
        for await (const row of ctx.store.scan(what)) {
          if (aborted) break;
          await s.write(`${JSON.stringify(row)}\n`);
        }
      },
      async (err, s) => {
        // Headers are gone already: end the stream with a line that says why.
        ctx.log(`saksi serve: export failed: ${err.message}`);
        await s.write(`${JSON.stringify({ error: { code: 'export-failed', message: 'the export stopped early' } })}\n`);
      },
    ) as never;
  });
};
