/**
 * Documents: `GET /api/documents` (filtered, paged), `GET /api/documents/{id}` (with its analysis
 * and entity links), `POST /api/documents` (ingest 1-100 posted texts, pages or URLs through the
 * same ingest as `saksi ingest`: duplicates, near-duplicates, corpus entities). Ingests run one at a
 * time (one writer); a few may wait, more get 503.
 */
import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { ingest } from '../../corpus/ingest.js';
import type { SourceFailure, SourceRecord } from '../../read/sources/index.js';
import type { RouteModule } from '../context.js';
import { ApiError } from '../errors.js';
import { AnalysisSchema, AnyObject, DocumentFilterQuery, ErrorSchema, errorResponses, IdParam, IngestBody } from '../schemas.js';
import { fetchArticle, UrlFetchError } from '../url-fetch.js';
import { dateRange, json } from './common.js';

export { MAX_WAITING_INGESTS } from '../writes.js';

const DocumentList = z.object({ total: z.number(), limit: z.number(), offset: z.number(), items: z.array(AnyObject) }).openapi('DocumentList');
const DocumentWithAnalysis = z
  .object({ document: AnyObject, analysis: AnalysisSchema.nullable(), entities: z.array(AnyObject) })
  .openapi('DocumentWithAnalysis');
const IngestResult = z
  .object({
    ingested: z.number(),
    exactDuplicates: z.number(),
    nearDuplicates: z.number(),
    unchanged: z.number(),
    failed: z.number(),
    documents: z.array(
      z.object({
        key: z.string(),
        status: z.enum(['stored', 'duplicate', 'unchanged', 'failed']),
        id: z.number().optional(),
        error: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
  })
  .openapi('IngestResult');

const list = createRoute({
  method: 'get',
  path: '/api/documents',
  summary: 'Stored documents, newest first',
  request: { query: DocumentFilterQuery },
  responses: { 200: json(DocumentList, 'a page of documents (metadata, no text)'), ...errorResponses },
});

const one = createRoute({
  method: 'get',
  path: '/api/documents/{id}',
  summary: 'One document with its analysis and how its entities were linked',
  request: { params: IdParam },
  responses: { 200: json(DocumentWithAnalysis, 'the document'), 404: json(ErrorSchema, 'no such document'), ...errorResponses },
});

const post = createRoute({
  method: 'post',
  path: '/api/documents',
  summary: 'Ingest documents (bearer token needed when the server listens beyond loopback or SAKSI_TOKEN is set)',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: IngestBody } } } },
  responses: {
    200: json(IngestResult, 'what became of each document'),
    401: json(ErrorSchema, 'missing or wrong token'),
    413: json(ErrorSchema, 'body too large'),
    503: json(ErrorSchema, 'too many ingests waiting (see Retry-After)'),
    ...errorResponses,
  },
});

function hashKey(doc: { text?: string | undefined; html?: string | undefined }): string {
  return `api:${createHash('sha256').update(doc.text ?? doc.html ?? '', 'utf8').digest('hex').slice(0, 32)}`;
}

export const documentRoutes: RouteModule = (app, ctx) => {
  const writes = ctx.writes;

  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const { total, items } = await ctx.store.listDocuments({
      limit: q.limit,
      offset: q.offset,
      ...(q.lang ? { language: q.lang } : {}),
      ...(q.source ? { source: q.source } : {}),
      ...dateRange(q),
    });
    return c.json({ total, limit: q.limit, offset: q.offset, items: items as never[] }, 200);
  });

  app.openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    const document = await ctx.store.getDocument(id);
    if (!document) throw new ApiError(404, 'not-found', `no document ${id}`);
    const [analysis, entities] = await Promise.all([ctx.store.getAnalysis(id), ctx.store.documentEntities(id)]);
    // The text is in the analysis; the document carries it once.
    const { text: _text, ...rest } = document;
    return c.json({ document: { ...rest, length: document.text.length } as never, analysis: (analysis ?? null) as never, entities: entities as never[] }, 200);
  });

  app.openapi(post, async (c) => {
    const body = c.req.valid('json');
    writes.check();
    // Fetch the URLs first (off any transaction); a private or malformed address refuses the request.
    const records: (SourceRecord | SourceFailure)[] = [];
    const keys: string[] = [];
    for (const doc of body.documents) {
      let text = doc.text;
      let html = doc.html;
      let url = doc.url;
      let key = doc.key;
      if (text === undefined && html === undefined && url !== undefined) {
        key ??= url;
        try {
          const page = await fetchArticle(url, {
            allowPrivate: ctx.config.allowPrivateUrls,
            timeoutMs: ctx.config.fetchTimeoutMs,
            maxBytes: ctx.config.maxFetchBytes,
            maxRedirects: ctx.config.maxRedirects,
          });
          text = page.text;
          html = page.html;
          url = page.url;
        } catch (err) {
          if (err instanceof UrlFetchError && (err.code === 'private-address' || err.code === 'invalid-url')) throw err;
          records.push({ key, origin: doc.url!, code: err instanceof UrlFetchError ? err.code : 'fetch-failed', message: (err as Error).message });
          keys.push(key);
          continue;
        }
      }
      key ??= url ?? hashKey({ text, html });
      keys.push(key);
      records.push({
        key,
        origin: url ?? key,
        ...(text !== undefined ? { text } : {}),
        ...(html !== undefined ? { html } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(doc.title !== undefined ? { title: doc.title } : {}),
        ...(doc.source !== undefined ? { source: doc.source } : {}),
        ...(doc.published !== undefined ? { published: doc.published } : {}),
        ...(doc.author !== undefined ? { author: doc.author } : {}),
      });
    }
    return writes.run(async () => {
      const before = new Map<string, string | undefined>();
      for (const k of keys) before.set(k, (await ctx.store.sourceState(k))?.rawHash);
      const summary = await ingest(ctx.store, [], {
        enumerate: async function* () {
          yield* records;
        },
        process: (task) => ctx.analyzer.process(task),
        ...(body.source !== undefined ? { source: body.source } : {}),
        batchMaxMs: 0,
      });
      const failures = new Map(summary.failures.map((f) => [f.key, f]));
      const documents = [];
      for (const key of new Set(keys)) {
        const failure = failures.get(key);
        if (failure) {
          documents.push({ key, status: 'failed' as const, error: { code: failure.code, message: failure.message } });
          continue;
        }
        const state = await ctx.store.sourceState(key);
        if (!state) {
          documents.push({ key, status: 'failed' as const, error: { code: 'not-stored', message: 'the document was not stored' } });
          continue;
        }
        const status = before.get(key) === state.rawHash ? ('unchanged' as const) : state.kind === 'exact-duplicate' ? ('duplicate' as const) : ('stored' as const);
        documents.push({ key, status, id: state.documentId });
      }
      const stored = documents.filter((d) => d.status === 'stored' && d.id !== undefined).map((d) => d.id!);
      if (stored.length > 0) {
        const stories = new Set<string>();
        for (const id of stored) {
          const story = await ctx.store.storyOfDocument(id);
          if (story) stories.add(story);
        }
        ctx.events.publish({ type: 'stored', documents: stored, stories: [...stories], via: 'api' });
      }
      return c.json(
        {
          ingested: summary.ingested,
          exactDuplicates: summary.exactDuplicates,
          nearDuplicates: summary.nearDuplicates,
          unchanged: summary.unchanged,
          failed: summary.failed,
          documents,
        },
        200,
      );
    });
  });
};
