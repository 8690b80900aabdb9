/**
 * One JSON object (a JSONL line, a JSON array element) to a SourceRecord.
 *
 * Fields: `text` and `html`, or the aliases `content` / `body` / `articleBody` (taken as HTML
 * when they look like markup, else as text); `title` / `headline`; `url` / `link`;
 * `published` / `date` / `datePublished` / `pubDate` / `published_at` / `publishedAt`
 * (normalised to ISO 8601, dropped when unreadable); `source` / `publisher` / `outlet`
 * (string or `{name}`); `author` / `authors` / `byline` (string, `{name}`, or arrays of them,
 * joined with ", "); `id` / `_id` / `guid` / `uuid` (string or number). A value may also be
 * an object with `rendered` (WordPress REST) or `#text`/`value`.
 */

import { normalizeDate } from '../dates.js';
import type { SourceFailure, SourceRecord } from './types.js';

const HTML_HINT = /<\/?(?:p|div|br|span|a|b|i|em|strong|h[1-6]|ul|ol|li|article|section|img|figure|blockquote|table|html|body)\b[^>]*>/i;

export function looksLikeHtml(s: string): boolean {
  return HTML_HINT.test(s.length > 65_536 ? s.slice(0, 65_536) : s);
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of ['rendered', '#text', 'value', 'name']) {
      if (typeof o[k] === 'string') return o[k] as string;
    }
  }
  return undefined;
}

function nonEmpty(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  return s.trim() === '' ? undefined : s;
}

function first(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = nonEmpty(str(o[k]));
    if (v !== undefined) return v.trim();
  }
  return undefined;
}

function people(v: unknown): string | undefined {
  if (Array.isArray(v)) {
    const names = v.map((x) => nonEmpty(str(x))?.trim()).filter((x): x is string => x !== undefined);
    return names.length ? [...new Set(names)].join(', ') : undefined;
  }
  return nonEmpty(str(v))?.trim();
}

function rawDate(o: Record<string, unknown>): unknown {
  for (const k of ['published', 'date', 'datePublished', 'pubDate', 'published_at', 'publishedAt']) {
    const v = o[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

export interface RecordPlace {
  /** `<abs path>`: the key is `<keyBase>#<id>` or `<keyBase>#<fallbackSuffix>`. */
  readonly keyBase: string;
  /** `line-12` or `item-3`. */
  readonly fallbackSuffix: string;
  /** The key when the record has no id, if not `<keyBase>#<fallbackSuffix>` (a one-record file: its path). */
  readonly fallbackKey?: string;
  /** For messages: `data.jsonl:12`. */
  readonly origin: string;
}

/**
 * Maps a parsed JSON value. `seenIds` disambiguates a repeated id in one file: the second
 * copy gets `<keyBase>#<id>@<fallbackSuffix>` so it is not mistaken for the first on re-runs.
 */
export function recordFromJson(
  value: unknown,
  place: RecordPlace,
  seenIds?: Set<string>,
): SourceRecord | SourceFailure {
  const fallbackKey = place.fallbackKey ?? `${place.keyBase}#${place.fallbackSuffix}`;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      key: fallbackKey,
      origin: place.origin,
      code: 'not-an-object',
      message: `${place.origin}: expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`,
    };
  }
  const o = value as Record<string, unknown>;
  const id = first(o, ['id', '_id', 'guid', 'uuid']);
  let key = fallbackKey;
  if (id !== undefined) {
    key = `${place.keyBase}#${id}`;
    if (seenIds) {
      if (seenIds.has(id)) key = `${place.keyBase}#${id}@${place.fallbackSuffix}`;
      else seenIds.add(id);
    }
  }

  let text = nonEmpty(str(o['text']));
  let html = nonEmpty(str(o['html']));
  if (text === undefined && html === undefined) {
    for (const k of ['content', 'body', 'articleBody']) {
      const v = nonEmpty(str(o[k]));
      if (v === undefined) continue;
      if (looksLikeHtml(v)) html = v;
      else text = v;
      break;
    }
  }
  if (text === undefined && html === undefined) {
    return {
      key,
      origin: place.origin,
      code: 'no-content',
      message: `${place.origin}: no text or html (looked for text, html, content, body, articleBody)`,
    };
  }

  const rec: SourceRecord = { key, origin: place.origin };
  if (text !== undefined) rec.text = text;
  if (html !== undefined) rec.html = html;
  const title = first(o, ['title', 'headline']);
  if (title !== undefined) rec.title = title;
  const url = first(o, ['url', 'link']);
  if (url !== undefined) rec.url = url;
  const published = normalizeDate(rawDate(o));
  if (published !== undefined) rec.published = published;
  const source = first(o, ['source', 'publisher', 'outlet']);
  if (source !== undefined) rec.source = source;
  const author = people(o['author']) ?? people(o['authors']) ?? people(o['byline']);
  if (author !== undefined) rec.author = author;
  if (id !== undefined) rec.id = id;
  return rec;
}
