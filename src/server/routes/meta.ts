/** `GET /api/health`: the server is up, with store and pool figures. */
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteModule } from '../context.js';
import { json } from './common.js';

const Health = z
  .object({
    ok: z.boolean(),
    documents: z.number(),
    entities: z.number(),
    claims: z.number(),
    pool: z.object({ workers: z.number(), busy: z.number(), queued: z.number(), capacity: z.number() }),
    writesNeedToken: z.boolean(),
  })
  .openapi('Health');

const route = createRoute({ method: 'get', path: '/api/health', summary: 'Health and figures', responses: { 200: json(Health, 'up') } });

export const metaRoutes: RouteModule = (app, ctx) => {
  app.openapi(route, async (c) => {
    const stats = await ctx.store.stats();
    return c.json({ ok: true, documents: stats.documents, entities: stats.entities, claims: stats.claims, pool: ctx.analyzer.stats(), writesNeedToken: Boolean(ctx.config.token) }, 200);
  });
};
