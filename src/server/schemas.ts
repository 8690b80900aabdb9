/**
 * The request schemas of the API: they validate requests (through @hono/zod-openapi) and are the
 * source of `/openapi.json`, so the description cannot drift from what the server accepts.
 */
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'not-found' }),
      message: z.string().openapi({ example: 'no document 42' }),
    }),
  })
  .openapi('Error');

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a filter covers the whole year or month). */
const DateFilter = z.string().regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'a date as YYYY-MM-DD, YYYY-MM or YYYY');
const Lang = z.string().regex(/^[a-z]{2,3}$/, 'a language code such as id or en');

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: 'items per page (1-100)' }),
  offset: z.coerce.number().int().min(0).max(10_000).default(0).openapi({ description: 'items to skip' }),
};

export const DocumentFilterQuery = z.object({
  lang: Lang.optional().openapi({ description: 'only documents in this language' }),
  since: DateFilter.optional().openapi({ description: 'published on or after' }),
  until: DateFilter.optional().openapi({ description: 'published on or before' }),
  source: z.string().min(1).max(200).optional().openapi({ description: 'only documents from this outlet' }),
  ...PageQuery,
});

export const SearchQuerySchema = DocumentFilterQuery.extend({
  q: z.string().trim().min(1, 'the search query is empty').max(500).openapi({ description: 'saksi search syntax (docs/search.md): words (all must match), "a phrase", -word or NOT word, a OR b, prefix*' }),
});

const Source = z.object({
  text: z.string().min(1).max(2_000_000).optional().openapi({ description: 'plain text of the article' }),
  html: z.string().min(1).max(5_000_000).optional().openapi({ description: 'an HTML page; its main text is extracted' }),
  url: z.string().url().max(2000).optional().openapi({ description: 'the article address: fetched when neither text nor html is given, else the page address' }),
});

const oneSource = <T extends { text?: string | undefined; html?: string | undefined; url?: string | undefined }>(v: T): boolean =>
  (v.text !== undefined ? 1 : 0) + (v.html !== undefined ? 1 : 0) <= 1 && (v.text !== undefined || v.html !== undefined || v.url !== undefined);
const oneSourceMessage = { message: 'give one of text, html or url (url may go with html as the page address)' };

export const AnalyzeBody = Source.extend({
  lang: z.enum(['auto', 'id', 'en']).default('auto').openapi({ description: 'language, or auto to detect' }),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').optional().openapi({ description: 'reference date for relative dates' }),
  title: z.string().max(1000).optional(),
  published: z.string().max(40).optional().openapi({ description: 'ISO 8601 publication date' }),
})
  .refine(oneSource, oneSourceMessage)
  .openapi('AnalyzeRequest');

export const NewDocumentSchema = Source.extend({
  key: z.string().min(1).max(2000).optional().openapi({ description: 'a stable key for re-posts (default: the URL, else a hash of the content)' }),
  title: z.string().max(1000).optional(),
  source: z.string().max(200).optional().openapi({ description: 'the outlet' }),
  published: z.string().max(40).optional(),
  author: z.string().max(500).optional(),
})
  .refine(oneSource, oneSourceMessage)
  .openapi('NewDocument');

export const IngestBody = z
  .object({
    documents: z.array(NewDocumentSchema).min(1).max(100).openapi({ description: '1 to 100 documents' }),
    source: z.string().max(200).optional().openapi({ description: 'the outlet for documents that name none' }),
  })
  .openapi('IngestRequest');

export const IdParam = z.object({
  id: z.coerce.number().int().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

export const EntityListQuery = z.object({
  type: z.enum(['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'MISC']).optional(),
  q: z.string().trim().min(1).max(200).optional().openapi({ description: 'a name or alias (whole words)' }),
  ...PageQuery,
});

export const EntityDetailQuery = z.object({
  claims: z.coerce.number().int().min(0).max(500).default(50).openapi({ description: 'claims by and about it, at most' }),
});

export const ExportQuery = z.object({
  what: z.enum(['documents', 'entities', 'claims']).default('documents'),
});

/** Responses are documented loosely: analyses follow docs/analysis-contract.md. */
export const AnyObject = z.object({}).passthrough();
export const AnalysisSchema = z
  .object({
    schema: z.string(),
    language: z.string(),
    text: z.string(),
    entities: z.array(AnyObject),
    claims: z.array(AnyObject),
    quantities: z.array(AnyObject),
    dates: z.array(AnyObject),
    flags: z.array(AnyObject),
    removed: z.array(AnyObject),
  })
  .passthrough()
  .openapi('Analysis', { description: 'see docs/analysis-contract.md' });

export const errorResponses = {
  400: { description: 'bad request', content: { 'application/json': { schema: ErrorSchema } } },
  500: { description: 'internal error', content: { 'application/json': { schema: ErrorSchema } } },
} as const;
