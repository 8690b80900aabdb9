/** Row helpers shared by the SQLite store and its search: columns to typed records (signatures and days: ../document-columns.ts). */
import type { DocumentRow, EntitySummary, MergeEvidence } from '../store.js';
import type { EntityType } from '../../types.js';

export type Row = Record<string, unknown>;

export { fromSignature, publishedDay, toSignature } from '../document-columns.js';

export function meta(row: Row): Omit<DocumentRow, 'id' | 'sourceKey' | 'contentHash' | 'ingestedAt' | 'text' | 'copyOf'> {
  const out: Record<string, unknown> = {};
  for (const [col, key] of [
    ['title', 'title'],
    ['url', 'url'],
    ['source', 'source'],
    ['author', 'author'],
    ['published', 'published'],
    ['language', 'language'],
    ['origin', 'origin'],
    ['format', 'format'],
  ] as const) {
    const v = row[col];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out as Omit<DocumentRow, 'id' | 'sourceKey' | 'contentHash' | 'ingestedAt' | 'text' | 'copyOf'>;
}

export function pick(row: Row, keys: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, col] of Object.entries(keys)) {
    const v = row[col];
    if (v !== null && v !== undefined) out[key] = v as string;
  }
  return out;
}

export function toSummary(row: Row): EntitySummary {
  return {
    id: row['id'] as number,
    type: row['type'] as EntityType,
    name: row['name'] as string,
    ...(row['kb'] != null ? { kb: row['kb'] as string } : {}),
    mentions: row['mentions'] as number,
    documents: row['documents'] as number,
  };
}

export function toEvidence(row: Row): MergeEvidence {
  return {
    method: row['method'] as string,
    ...(row['score'] != null ? { score: row['score'] as number } : {}),
    detail: row['detail'] as string,
  };
}


/**
 * The document filters shared by search and the document list (language, outlet, published day),
 * as SQL conditions on `d` (the documents table) and their parameters.
 */
export function documentFilters(q: { readonly language?: string; readonly source?: string; readonly since?: string; readonly until?: string }): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.language) {
    where.push('d.language = ?');
    params.push(q.language);
  }
  if (q.since) {
    where.push('d.published_date >= ?');
    params.push(q.since);
  }
  if (q.until) {
    where.push('d.published_date <= ?');
    params.push(q.until);
  }
  if (q.source) {
    where.push('d.source = ? COLLATE NOCASE');
    params.push(q.source);
  }
  return { where, params };
}
