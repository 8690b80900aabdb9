/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed with fast-xml-parser.
 *
 * XML safety: fast-xml-parser does no I/O, so it cannot read `file:///etc/passwd` for an
 * external entity; it throws on SYSTEM entities and expands internal ones (billion laughs
 * style). We go further and refuse any feed whose DOCTYPE declares entities (`unsafe-xml`)
 * before parsing: a news feed has no use for them. A DOCTYPE without an internal subset (old
 * RSS 0.91 feeds point at Netscape's DTD) is harmless and accepted; it is never fetched.
 */

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normalizeDate } from '../dates.js';

export interface FeedItem {
  /** 0-based position in the feed. */
  readonly index: number;
  readonly title?: string;
  /** The item's link, resolved against the feed's URL (or its channel link) when relative. */
  readonly link?: string;
  readonly guid?: string;
  readonly published?: string;
  readonly author?: string;
  /** HTML (or text, see `contentIsText`) given in the feed itself. */
  readonly content?: string;
  /** True when `content` is the feed's full content (content:encoded, Atom content), not a summary. */
  readonly fullContent: boolean;
  readonly contentIsText: boolean;
  /** The outlet: the item's <source>, else the channel/feed title. */
  readonly source?: string;
}

export interface ParsedFeed {
  readonly kind: 'rss' | 'atom' | 'rdf';
  readonly title?: string;
  readonly link?: string;
  readonly items: FeedItem[];
}

export type FeedOutcome = { ok: true; feed: ParsedFeed } | { ok: false; code: string; message: string };

/** Does the text look like a feed (its root element is rss, feed or rdf:RDF)? */
export function sniffFeed(text: string): boolean {
  const root = rootElement(text);
  return root !== undefined && /^(?:rss|feed|(?:[\w-]+:)?RDF|[\w-]+:feed)$/.test(root);
}

/** The name of the first element, skipping the prolog (declaration, comments, PIs, DOCTYPE). */
export function rootElement(text: string): string | undefined {
  let i = 0;
  const n = Math.min(text.length, 65_536);
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt === -1 || lt >= n) return undefined;
    if (text.startsWith('<?', lt)) {
      const e = text.indexOf('?>', lt + 2);
      if (e === -1) return undefined;
      i = e + 2;
    } else if (text.startsWith('<!--', lt)) {
      const e = text.indexOf('-->', lt + 4);
      if (e === -1) return undefined;
      i = e + 3;
    } else if (text.startsWith('<!', lt)) {
      const e = doctypeEnd(text, lt);
      if (e === -1) return undefined;
      i = e;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 200));
      return m?.[1];
    }
  }
  return undefined;
}

/** End (exclusive) of a `<!DOCTYPE ...>` starting at `from`, internal subset included. */
function doctypeEnd(text: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let i = from + 2; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

/** The DOCTYPE of the prolog, if any. */
function doctype(text: string): string | undefined {
  const m = /<!DOCTYPE/i.exec(text.slice(0, 65_536));
  if (!m) return undefined;
  const end = doctypeEnd(text, m.index);
  return text.slice(m.index, end === -1 ? undefined : end);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Content is kept raw (escaped HTML, CDATA or, in sloppy feeds, bare XHTML) and decoded here.
  stopNodes: ['*.description', '*.content:encoded', '*.content', '*.summary'],
  isArray: (name) => ITEM_ARRAYS.has(name),
});

const ITEM_ARRAYS = new Set(['item', 'entry', 'link', 'author', 'dc:creator']);

type Node = Record<string, unknown>;

function asNode(v: unknown): Node | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
}

function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** The text of a parsed node: a string, or an element with attributes and `#text`. */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  const n = asNode(v);
  if (n && typeof n['#text'] === 'string') return (n['#text'] as string).trim() || undefined;
  if (n && typeof n['#text'] === 'number') return String(n['#text']);
  return undefined;
}

const NAMED: Record<string, string> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0',
};

/** Decodes XML character references in raw element content; CDATA sections are taken literally. */
export function decodeRawXml(raw: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = raw.indexOf('<![CDATA[', i);
    const plain = start === -1 ? raw.slice(i) : raw.slice(i, start);
    out += plain.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (m, ent: string) => {
      if (ent[0] === '#') {
        const cp = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      return NAMED[ent] ?? m;
    });
    if (start === -1) break;
    const end = raw.indexOf(']]>', start + 9);
    if (end === -1) {
      out += raw.slice(start + 9);
      break;
    }
    out += raw.slice(start + 9, end);
    i = end + 3;
  }
  return out.trim();
}

/** Raw content of a stop node: a string, or `{#text, @_type}`. */
function rawContent(v: unknown): { raw: string; type?: string } | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return first.trim() ? { raw: first } : undefined;
  const n = asNode(first);
  if (!n) return undefined;
  const raw = typeof n['#text'] === 'string' ? (n['#text'] as string) : '';
  const type = typeof n['@_type'] === 'string' ? (n['@_type'] as string).toLowerCase() : undefined;
  if (!raw.trim()) return undefined;
  return type ? { raw, type } : { raw };
}

function resolveLink(link: string | undefined, base: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link, base).href;
  } catch {
    return link;
  }
}

/** `jane@example.com (Jane Doe)` → `Jane Doe`. */
function rssAuthor(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^\s*\S+@\S+\s*\((.+)\)\s*$/.exec(s);
  return (m ? m[1]! : s).trim() || undefined;
}

function names(v: unknown): string | undefined {
  const out: string[] = [];
  for (const a of list(v)) {
    const n = asNode(a);
    const name = n && n['name'] !== undefined ? textOf(n['name']) : textOf(a);
    if (name) out.push(name);
  }
  return out.length ? [...new Set(out)].join(', ') : undefined;
}

function set<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

export function parseFeed(xml: string, options: { baseUrl?: string; maxItems?: number } = {}): FeedOutcome {
  const dt = doctype(xml);
  if (dt && /<!ENTITY/i.test(dt)) {
    return {
      ok: false,
      code: 'unsafe-xml',
      message: 'the feed declares XML entities in its DOCTYPE (possible external-entity or entity-expansion attack); refused',
    };
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return { ok: false, code: 'malformed-feed', message: `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}` };
  }
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    return { ok: false, code: 'malformed-feed', message: `could not parse the feed: ${(e as Error).message}` };
  }
  const max = options.maxItems ?? Infinity;
  const rss = asNode(doc['rss']);
  const rdf = asNode(doc['rdf:RDF']) ?? asNode(doc['RDF']);
  const atom = asNode(doc['feed']);
  if (rss || rdf) {
    const channel = asNode(rss ? list(rss['channel'])[0] : rdf!['channel']) ?? {};
    const title = textOf(channel['title']);
    const channelLink = list(channel['link']).map(textOf).find((l) => l && /^https?:/i.test(l));
    const base = options.baseUrl ?? channelLink;
    const rawItems = list(rss ? channel['item'] : rdf!['item']).slice(0, max);
    const items = rawItems.map((it, index) => rssItem(asNode(it) ?? {}, index, base, title));
    const feed: ParsedFeed = { kind: rss ? 'rss' : 'rdf', items };
    set(feed as { title?: string }, 'title', title);
    set(feed as { link?: string }, 'link', channelLink);
    return { ok: true, feed };
  }
  if (atom) {
    const title = atomText(atom['title']);
    const feedLink = atomLink(atom['link']);
    const base = options.baseUrl ?? feedLink;
    const items = list(atom['entry'])
      .slice(0, max)
      .map((e, index) => atomEntry(asNode(e) ?? {}, index, base, title));
    const feed: ParsedFeed = { kind: 'atom', items };
    set(feed as { title?: string }, 'title', title);
    set(feed as { link?: string }, 'link', feedLink);
    return { ok: true, feed };
  }
  const root = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  return { ok: false, code: 'not-a-feed', message: `the XML root is <${root ?? '?'}>, not rss, rdf:RDF or an Atom feed` };
}

function rssItem(it: Node, index: number, base: string | undefined, channelTitle: string | undefined): FeedItem {
  const guidNode = it['guid'];
  const guid = textOf(guidNode);
  const guidIsLink = asNode(guidNode)?.['@_isPermaLink'] !== 'false';
  const linkText = list(it['link']).map(textOf).find((l) => l !== undefined);
  const link = resolveLink(linkText ?? (guid && guidIsLink && /^https?:\/\//i.test(guid) ? guid : undefined), base);
  const encoded = rawContent(it['content:encoded']);
  const description = rawContent(it['description']);
  const chosen = encoded ?? description;
  const item: { -readonly [K in keyof FeedItem]: FeedItem[K] } = {
    index,
    fullContent: encoded !== undefined,
    contentIsText: false,
  };
  set(item, 'title', textOf(it['title']));
  set(item, 'link', link);
  set(item, 'guid', guid);
  set(item, 'published', normalizeDate(textOf(it['pubDate']) ?? textOf(list(it['dc:date'])[0])));
  set(item, 'author', rssAuthor(textOf(list(it['author'])[0])) ?? names(it['dc:creator']));
  set(item, 'content', chosen ? decodeRawXml(chosen.raw) || undefined : undefined);
  set(item, 'source', textOf(it['source']) ?? channelTitle);
  return item;
}

function atomLink(v: unknown): string | undefined {
  let fallback: string | undefined;
  for (const l of list(v)) {
    const n = asNode(l);
    const href = n && typeof n['@_href'] === 'string' ? (n['@_href'] as string) : undefined;
    if (!href) continue;
    const rel = n && typeof n['@_rel'] === 'string' ? (n['@_rel'] as string) : 'alternate';
    if (rel === 'alternate') return href;
    fallback ??= rel === 'self' ? undefined : href;
  }
  return fallback;
}

/** An Atom text construct: `type="html"` titles hold escaped markup, decoded and stripped here. */
function atomText(v: unknown): string | undefined {
  const text = textOf(v);
  const type = asNode(v)?.['@_type'];
  if (text === undefined || type !== 'html') return text;
  return decodeRawXml(text).replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim() || undefined;
}

function atomEntry(e: Node, index: number, base: string | undefined, feedTitle: string | undefined): FeedItem {
  const content = rawContent(e['content']);
  const summary = rawContent(e['summary']);
  const chosen = content ?? summary;
  let body: string | undefined;
  let isText = false;
  if (chosen) {
    // xhtml: the raw inner markup is the content; html: escaped markup; text: plain text.
    body = chosen.type === 'xhtml' ? chosen.raw.trim() : decodeRawXml(chosen.raw);
    isText = chosen.type === undefined || chosen.type === 'text';
  }
  const item: { -readonly [K in keyof FeedItem]: FeedItem[K] } = {
    index,
    fullContent: content !== undefined,
    contentIsText: isText,
  };
  set(item, 'title', atomText(e['title']));
  set(item, 'link', resolveLink(atomLink(e['link']), base));
  set(item, 'guid', textOf(e['id']));
  set(item, 'published', normalizeDate(textOf(e['published']) ?? textOf(e['updated'])));
  set(item, 'author', names(e['author']));
  set(item, 'content', body || undefined);
  const src = asNode(e['source']);
  set(item, 'source', (src ? textOf(src['title']) : undefined) ?? feedTitle);
  return item;
}
