/**
 * Stories: `GET /api/stories` (filtered as `saksi stories`: entity, since, lang; paged),
 * `GET /api/stories/{id}` (timeline, stance table per proposition, figures, spread, evidence, as
 * `saksi story --json`), `GET /api/stories/{id}/claimreview` (schema.org ClaimReview JSON-LD), and
 * `GET /api/events`: server-sent events when documents are stored (by the API or the feed watcher)
 * and, from the watcher, each new claim and change of stance, so open story pages update.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { storyDetail } from '../../corpus/stories/detail.js';
import { claimReviews } from '../../corpus/stories/claimreview.js';
import type { StorySummary } from '../../corpus/stories/summary.js';
import type { StoryRow } from '../../store/stories.js';
import type { RouteModule } from '../context.js';
import { ApiError } from '../errors.js';
import { AnyObject, ErrorSchema, errorResponses, PageQuery } from '../schemas.js';
import type { ServerEvent } from '../events.js';
import { dateRange, json } from './common.js';

const MAX_DEPTH = 1000;
/** A comment line this often keeps idle event streams open through proxies. */
export const KEEP_ALIVE_MS = 25_000;

export const StoryListQuery = z.object({
  entity: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'only stories about this entity: an entity id, or a name or alias (whole words)' }),
  since: z
    .string()
    .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'a date as YYYY-MM-DD, YYYY-MM or YYYY')
    .optional()
    .openapi({ description: 'only stories last seen on or after' }),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'a language code such as id or en')
    .optional()
    .openapi({ description: 'only stories with articles in this language' }),
  ...PageQuery,
});

const StoryIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a story id as listed by /api/stories')
    .openapi({ param: { name: 'id', in: 'path' }, example: 's-3f2a9c1b' }),
});

const StorySummaryRow = z
  .object({
    id: z.string(),
    title: z.string(),
    firstSeen: z.string().optional(),
    lastSeen: z.string().optional(),
    documents: z.number(),
    outlets: z.number(),
    languages: z.array(z.string()),
    entities: z.array(z.number()),
    summary: AnyObject,
  })
  .openapi('StorySummary');

const StoryList = z.object({ limit: z.number(), offset: z.number(), more: z.boolean(), items: z.array(StorySummaryRow) }).openapi('StoryList');

const StoryDetailSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    firstSeen: z.string().optional(),
    lastSeen: z.string().optional(),
    languages: z.array(z.string()),
    entities: z.array(AnyObject),
    documents: z.array(AnyObject).openapi({ description: 'the articles: id, key, title, outlet, published, language, url, copyOf, duplicateKeys' }),
    timeline: z.array(AnyObject).openapi({ description: 'each claim: date, document, outlet, speaker, stance, position (towards the proposition), proposition, text, figures, link {document, start, end}' }),
    propositions: z.array(AnyObject).openapi({ description: 'the stance table: per proposition, each speaker with the current position, history and changes' }),
    figures: z.array(AnyObject).openapi({ description: 'each reported quantity per concept and kind, with every value by date, outlet and speaker' }),
    spread: AnyObject.openapi({ description: 'outlets, near-duplicate copies, exact duplicates, independent reports' }),
    evidence: z.array(AnyObject).openapi({ description: 'why the articles are one story: each link with its score and shared evidence' }),
  })
  .openapi('StoryDetail');

const list = createRoute({
  method: 'get',
  path: '/api/stories',
  summary: 'Stories (articles about one event, across outlets and languages) of two or more articles, most active first',
  request: { query: StoryListQuery },
  responses: { 200: json(StoryList, 'a page of stories'), 404: json(ErrorSchema, 'no entity by that id or name'), ...errorResponses },
});

const one = createRoute({
  method: 'get',
  path: '/api/stories/{id}',
  summary: "One story: timeline of claims, who asserts, denies or doubts each proposition, the figures, the spread, why its articles were grouped",
  request: { params: StoryIdParam },
  responses: { 200: json(StoryDetailSchema, 'the story'), 404: json(ErrorSchema, 'no such story'), ...errorResponses },
});

const claimReview = createRoute({
  method: 'get',
  path: '/api/stories/{id}/claimreview',
  summary: "The story's claims as schema.org ClaimReview objects (JSON-LD), for a fact-checker to add the verdict",
  request: { params: StoryIdParam },
  responses: {
    200: { description: 'ClaimReview objects', content: { 'application/ld+json': { schema: z.array(AnyObject) } } },
    404: json(ErrorSchema, 'no such story'),
    ...errorResponses,
  },
});

const events = createRoute({
  method: 'get',
  path: '/api/events',
  summary: 'Server-sent events: `stored` (documents and the stories they changed), and from the feed watcher `poll`, `feed`, `claim`, `stance-change`, `error`',
  responses: {
    200: { description: 'an event stream; each event is `event: <type>` with JSON data', content: { 'text/event-stream': { schema: z.string() } } },
    503: json(ErrorSchema, 'too many open streams'),
  },
});

function storyJson(row: StoryRow): Omit<StoryRow, 'summary'> & { summary: StorySummary } {
  return { ...row, summary: JSON.parse(row.summary) as StorySummary };
}

export const storyRoutes: RouteModule = (app, ctx) => {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const { since } = dateRange({ since: q.since });
    let entities: number[] | undefined;
    if (q.entity !== undefined) {
      if (/^\d+$/.test(q.entity)) {
        const id = Number(q.entity);
        if (!(await ctx.store.entityDetail(id, { claimLimit: 0 }))) throw new ApiError(404, 'not-found', `no entity ${id}`);
        entities = [id];
      } else {
        const found = await ctx.store.findEntities(q.entity);
        if (found.length === 0) throw new ApiError(404, 'not-found', `no entity named "${q.entity}"`);
        entities = found.map((e) => e.id);
      }
    }
    const depth = Math.min(MAX_DEPTH, q.offset + q.limit + 1);
    const rows = q.offset >= MAX_DEPTH ? [] : await ctx.store.listStories({ limit: depth, ...(since ? { since } : {}), ...(q.lang ? { language: q.lang } : {}), ...(entities ? { entities } : {}) });
    return c.json({ limit: q.limit, offset: q.offset, more: rows.length > q.offset + q.limit, items: rows.slice(q.offset, q.offset + q.limit).map(storyJson) as never[] }, 200);
  });

  app.openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    const detail = await storyDetail(ctx.store, id);
    if (!detail) throw new ApiError(404, 'not-found', `no story ${id}`);
    return c.json(detail as never, 200);
  });

  app.openapi(claimReview, async (c) => {
    const { id } = c.req.valid('param');
    const detail = await storyDetail(ctx.store, id);
    if (!detail) throw new ApiError(404, 'not-found', `no story ${id}`);
    return c.body(JSON.stringify(claimReviews(detail), null, 1), 200, { 'content-type': 'application/ld+json; charset=utf-8' }) as never;
  });

  app.openapi(events, (c) => {
    if (ctx.events.full()) throw new ApiError(503, 'busy', 'too many open event streams', { 'Retry-After': '10' });
    const enc = new TextEncoder();
    // On a real server (the node adapter), the connection; absent in-process.
    const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
    let cleanup = (): void => undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let open = true;
        const write = (s: string): void => {
          if (open) controller.enqueue(enc.encode(s));
        };
        const timer = setInterval(() => {
          try {
            write(': keep-alive\n\n');
          } catch {
            cleanup();
          }
        }, KEEP_ALIVE_MS);
        timer.unref?.();
        const unsubscribe = ctx.events.subscribe({
          send: (e: ServerEvent, seq: number) => write(`id: ${seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`),
          close: () => {
            cleanup();
            try {
              controller.close();
            } catch {
              // already closed
            }
            // Server shutdown: a client that keeps the connection (browsers, fetch) would hold the
            // server open until its keep-alive ran out; end the connection once the stream's end is out.
            setTimeout(() => socket?.destroy(), 100).unref?.();
          },
        });
        cleanup = () => {
          open = false;
          clearInterval(timer);
          unsubscribe();
        };
        c.req.raw.signal?.addEventListener('abort', () => cleanup(), { once: true });
        // The first event says the stream is live (and how far the server's events have got).
        write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ type: 'ready', last: ctx.events.last })}\n\n`);
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } }) as never;
  });
};
