/** `GET /api/entities` and `GET /api/entities/{id}`: corpus entities, and one with its claims and mentions over time. */
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteModule } from '../context.js';
import { ApiError } from '../errors.js';
import { AnyObject, EntityDetailQuery, EntityListQuery, ErrorSchema, errorResponses, IdParam } from '../schemas.js';
import { json } from './common.js';

const MAX_DEPTH = 1000;

const EntityList = z.object({ limit: z.number(), offset: z.number(), more: z.boolean(), items: z.array(AnyObject) }).openapi('EntityList');

const list = createRoute({
  method: 'get',
  path: '/api/entities',
  summary: 'Entities by mentions, or those matching a name',
  request: { query: EntityListQuery },
  responses: { 200: json(EntityList, 'entities, most mentioned first'), ...errorResponses },
});

const one = createRoute({
  method: 'get',
  path: '/api/entities/{id}',
  summary: 'One entity: names and variants, mentions by source and month, claims by and about it, merge evidence',
  request: { params: IdParam, query: EntityDetailQuery },
  responses: { 200: json(AnyObject.openapi('EntityDetail'), 'the entity'), 404: json(ErrorSchema, 'no such entity'), ...errorResponses },
});

export const entityRoutes: RouteModule = (app, ctx) => {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const depth = Math.min(MAX_DEPTH, q.offset + q.limit + 1);
    let all = q.q !== undefined ? await ctx.store.findEntities(q.q) : await ctx.store.listEntities({ ...(q.type ? { type: q.type } : {}), top: depth });
    if (q.q !== undefined && q.type) all = all.filter((e) => e.type === q.type);
    return c.json({ limit: q.limit, offset: q.offset, more: all.length > q.offset + q.limit, items: all.slice(q.offset, q.offset + q.limit) as never[] }, 200);
  });

  app.openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    const { claims } = c.req.valid('query');
    const detail = await ctx.store.entityDetail(id, { claimLimit: claims });
    if (!detail) throw new ApiError(404, 'not-found', `no entity ${id}`);
    return c.json(detail as never, 200);
  });
};
