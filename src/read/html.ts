/**
 * HTML → the article's text (one paragraph per line) and its metadata.
 *
 * linkedom parses, @mozilla/readability finds the article; the text is rebuilt from the article's
 * block elements rather than taken from `textContent`, so that paragraphs, headings, list items and
 * quotes each become one line with their inner whitespace collapsed. Metadata is read from the
 * untouched page first (readability edits the DOM it is given).
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

import type { Diagnostic, DocumentMeta } from '../types.js';
import { normalizeDate } from './dates.js';
import { describe, error, fail, warning } from './diagnostics.js';
import type { ReadResult } from './types.js';

/** Below this many characters readability's answer is compared with the page's own paragraphs. */
export const MIN_ARTICLE_CHARS = 200;

// linkedom's DOM is structurally the standard one; these are the few members used here.
interface Node_ {
  nodeType: number;
  childNodes: ArrayLike<Node_>;
  textContent: string | null;
  parentNode: Node_ | null;
}
interface Element_ extends Node_ {
  localName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): Element_ | null;
  querySelectorAll(selector: string): ArrayLike<Element_>;
  remove(): void;
}
interface Document_ {
  documentElement: Element_ | null;
  body: Element_ | null;
  querySelector(selector: string): Element_ | null;
  querySelectorAll(selector: string): ArrayLike<Element_>;
}

const ELEMENT = 1;
const TEXT = 3;

/** Elements that end a line before and after them. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'li', 'main', 'nav', 'ol', 'p', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'td',
  'th', 'ul', 'center',
]);

/** Elements whose content is never article text. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video',
  'audio', 'button', 'select', 'textarea', 'input', 'head', 'title', 'meta', 'link',
]);

/**
 * The text of `root` as lines: every block element starts and ends a line, `<br>` ends one, a
 * `<pre>` keeps its own line breaks, and whitespace inside a line is collapsed to single spaces.
 * Iterative, so deeply nested markup cannot overflow the stack.
 */
export function blockLines(root: Node_): string[] {
  const lines: string[] = [];
  let buf = '';
  const flush = (): void => {
    const line = buf.replace(/\s+/g, ' ').trim();
    if (line) lines.push(line);
    buf = '';
  };
  // `null` marks the end of a block element.
  const stack: (Node_ | null)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) {
      flush();
      continue;
    }
    if (node === undefined) break;
    if (node.nodeType === TEXT) {
      buf += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== ELEMENT) continue;
    const el = node as Element_;
    const tag = el.localName?.toLowerCase() ?? '';
    if (SKIPPED.has(tag) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') continue;
    if (tag === 'br') {
      flush();
      continue;
    }
    if (tag === 'pre') {
      flush();
      for (const line of (el.textContent ?? '').split(/\r\n|\r|\n/)) {
        buf = line;
        flush();
      }
      continue;
    }
    const block = BLOCKS.has(tag);
    if (block) {
      flush();
      stack.push(null);
    }
    const kids = el.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  flush();
  return lines;
}

/** Parse with linkedom, wrapping fragments so there is always an `<html>` with a `<body>`. */
function parse(html: string): Document_ {
  let { document } = parseHTML(html) as unknown as { document: Document_ };
  if (document.documentElement?.localName?.toLowerCase() !== 'html') {
    const inner = html.replace(/^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype[^>]*>)?/i, '');
    ({ document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${inner}</body></html>`) as unknown as {
      document: Document_;
    });
  }
  return document;
}

const collapse = (s: string | null | undefined): string | undefined => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t || undefined;
};

// ---------------------------------------------------------------------------------------------
// Metadata

/** Everything found in `<meta>` tags, keyed by lower-cased property/name/itemprop; first wins. */
function metaTags(doc: Document_): Map<string, string> {
  const out = new Map<string, string>();
  const metas = doc.querySelectorAll('meta');
  for (let i = 0; i < metas.length; i++) {
    const m = metas[i]!;
    const content = m.getAttribute('content');
    if (content === null || !content.trim()) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = m.getAttribute(attr)?.trim().toLowerCase();
      if (key && !out.has(key)) out.set(key, content.trim());
    }
  }
  return out;
}

interface LdInfo {
  published?: string;
  authors: string[];
  publisher?: string;
  headline?: string;
  url?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Short type names of a JSON-LD node: `schema:NewsArticle`, `https://schema.org/NewsArticle` → `NewsArticle`. */
function typesOf(node: JsonObject): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/:#]/, ''));
}

const NEWS_TYPES = new Set([
  'NewsArticle', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'BackgroundNewsArticle', 'OpinionNewsArticle',
  'ReviewNewsArticle', 'AskPublicNewsArticle',
]);
const OTHER_ARTICLE_TYPES = new Set([
  'Article', 'BlogPosting', 'LiveBlogPosting', 'Report', 'SocialMediaPosting', 'TechArticle', 'ScholarlyArticle',
  'SatiricalArticle', 'AdvertiserContentArticle',
]);

/** Parse a JSON-LD block, forgiving the common faults: raw newlines in strings, comment/CDATA wrappers. */
function parseLd(raw: string): Json | undefined {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    const cleaned = raw
      .replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
      .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/, '')
      .replace(/[\u0000-\u001f]/g, ' ');
    try {
      return JSON.parse(cleaned) as Json;
    } catch {
      return undefined;
    }
  }
}

function jsonLd(doc: Document_, origin: string, warnings: Diagnostic[]): LdInfo {
  const nodes: JsonObject[] = [];
  const collect = (v: Json | undefined, depth: number): void => {
    if (depth > 4 || v === undefined) return;
    if (Array.isArray(v)) for (const x of v) collect(x, depth + 1);
    else if (isObject(v)) {
      nodes.push(v);
      if (v['@graph'] !== undefined) collect(v['@graph'], depth + 1);
    }
  };
  const scripts = doc.querySelectorAll('script');
  let bad = 0;
  for (let i = 0; i < scripts.length; i++) {
    const s = scripts[i]!;
    if (!/^\s*application\/ld\+json\b/i.test(s.getAttribute('type') ?? '')) continue;
    const raw = s.textContent ?? '';
    if (!raw.trim()) continue;
    const parsed = parseLd(raw);
    if (parsed === undefined) bad++;
    else collect(parsed, 0);
  }
  if (bad > 0) {
    warnings.push(
      warning(
        'bad-json-ld',
        `Ignored ${bad === 1 ? 'a JSON-LD block that is' : `${bad} JSON-LD blocks that are`} not valid JSON; metadata came from the rest of the page.`,
        origin,
      ),
    );
  }

  const byId = new Map<string, JsonObject>();
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const deref = (v: Json | undefined): Json | undefined =>
    isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1 ? (byId.get(v['@id']) ?? v) : v;
  const nameOf = (v: Json | undefined): string | undefined => {
    const d = deref(v);
    if (typeof d === 'string') return collapse(d);
    if (isObject(d) && typeof d.name === 'string') return collapse(d.name);
    return undefined;
  };
  const stringOf = (v: Json | undefined): string | undefined => {
    if (Array.isArray(v)) return stringOf(v[0]);
    if (typeof v === 'string') return v;
    if (isObject(v) && typeof v['@value'] === 'string') return v['@value'];
    return undefined;
  };

  const article =
    nodes.find((n) => typesOf(n).some((t) => NEWS_TYPES.has(t))) ??
    nodes.find((n) => typesOf(n).some((t) => OTHER_ARTICLE_TYPES.has(t)));
  const info: LdInfo = { authors: [] };
  if (!article) {
    // A site-level publisher still names the source.
    const org = nodes.find((n) => typesOf(n).some((t) => t === 'NewsMediaOrganization'));
    if (org) info.publisher = nameOf(org);
    return info;
  }
  info.published = stringOf(article.datePublished) ?? stringOf(article.dateCreated);
  const authors = article.author ?? article.creator;
  for (const a of Array.isArray(authors) ? authors : [authors]) {
    const name = nameOf(a);
    if (name && !info.authors.includes(name)) info.authors.push(name);
  }
  info.publisher = nameOf(article.publisher) ?? nameOf(article.sourceOrganization);
  info.headline = collapse(stringOf(article.headline) ?? stringOf(article.name));
  const page = deref(article.mainEntityOfPage);
  info.url = stringOf(article.url) ?? (typeof page === 'string' ? page : isObject(page) ? stringOf(page['@id']) : undefined);
  return info;
}

/** `href` made absolute against `base`; only http(s) URLs are kept. */
function absoluteUrl(href: string | null | undefined, base: string | undefined): string | undefined {
  if (!href?.trim()) return undefined;
  try {
    const u = base ? new URL(href.trim(), base) : new URL(href.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function cleanByline(s: string | null | undefined): string | undefined {
  const t = collapse(s)?.replace(/^(?:by|oleh|penulis|reporter|ditulis oleh)\s*[:\-–]?\s+/i, '');
  return t?.trim() || undefined;
}

interface PageMeta {
  title?: string;
  byline?: string;
  published?: string;
  url?: string;
  source?: string;
}

/** Metadata from the untouched page: meta tags, JSON-LD, `<link rel=canonical>`, `<time>`, `<title>`. */
function pageMeta(doc: Document_, url: string | undefined, origin: string, warnings: Diagnostic[]): PageMeta {
  const meta = metaTags(doc);
  const ld = jsonLd(doc, origin, warnings);
  const get = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = meta.get(k);
      if (v) return v;
    }
    return undefined;
  };

  const itemprop = doc.querySelector('[itemprop="datePublished"]');
  const time =
    doc.querySelector('article time[datetime]') ?? doc.querySelector('time[pubdate][datetime]') ?? doc.querySelector('time[datetime]');
  const dateCandidates = [
    get('article:published_time', 'og:published_time', 'article:published'),
    ld.published,
    get('datepublished', 'pubdate', 'publishdate', 'publish-date', 'publish_date', 'publication_date', 'date',
      'dc.date.issued', 'dc.date', 'dcterms.issued', 'dcterms.created', 'sailthru.date', 'parsely-pub-date',
      'content_publisheddate', 'originalpublicationdate'),
    itemprop?.getAttribute('content') ?? itemprop?.getAttribute('datetime') ?? undefined,
    time?.getAttribute('datetime') ?? undefined,
  ];
  let published: string | undefined;
  for (const c of dateCandidates) {
    published = normalizeDate(c);
    if (published) break;
  }

  // rel can hold several tokens and any case.
  let canonical: string | undefined;
  const links = doc.querySelectorAll('link[rel][href]');
  for (let i = 0; i < links.length && !canonical; i++) {
    const l = links[i]!;
    if ((l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) {
      canonical = absoluteUrl(l.getAttribute('href'), url);
    }
  }

  const authorMeta = get('author', 'article:author', 'dc.creator', 'parsely-author', 'sailthru.author', 'byl');
  return {
    title: collapse(get('og:title', 'twitter:title')) ?? ld.headline ?? collapse(doc.querySelector('title')?.textContent),
    // article:author is often a profile URL; a URL is no byline.
    byline: cleanByline(authorMeta && !/^https?:\/\//i.test(authorMeta) ? authorMeta : undefined) ??
      (ld.authors.length ? ld.authors.join(', ') : undefined),
    published,
    url: canonical ?? absoluteUrl(get('og:url'), url) ?? absoluteUrl(ld.url, url) ?? absoluteUrl(url, undefined),
    source: collapse(get('og:site_name')) ?? ld.publisher ?? collapse(get('application-name')),
  };
}

// ---------------------------------------------------------------------------------------------
// Article text

/** Containers that hold no article text, removed before falling back to the page's paragraphs. */
const CHROME =
  'script, style, noscript, template, nav, header, footer, aside, form, menu, dialog, [role="navigation"], ' +
  '[role="banner"], [role="contentinfo"], [role="complementary"], [hidden], [aria-hidden="true"]';

/** The page's own paragraphs, outside navigation, headers, footers and asides. */
function fallbackLines(html: string): string[] {
  const doc = parse(html);
  const chrome = doc.querySelectorAll(CHROME);
  for (let i = chrome.length - 1; i >= 0; i--) chrome[i]!.remove();
  const out: string[] = [];
  const paras = doc.querySelectorAll('p, pre');
  for (let i = 0; i < paras.length; i++) out.push(...blockLines(paras[i]!));
  return out;
}

/** Above this share of characters inside links, readability's pick is taken for a link list. */
const MAX_LINK_DENSITY = 0.5;

/** Share of the text of `el` that sits inside `<a>` elements. */
function linkDensity(el: Node_): number {
  const all = (el.textContent ?? '').replace(/\s+/g, '').length;
  if (all === 0) return 0;
  let linked = 0;
  const anchors = (el as Element_).querySelectorAll?.('a') ?? [];
  for (let i = 0; i < anchors.length; i++) linked += (anchors[i]!.textContent ?? '').replace(/\s+/g, '').length;
  return linked / all;
}

/**
 * Readability slows down badly on deep trees (cubic-ish: 2000 levels of unclosed `<div>`s take
 * minutes), which broken or hostile markup produces; real pages stay far below this depth.
 */
export const MAX_READABILITY_DEPTH = 200;

/** Whether the element tree under `root` is deeper than `limit` (iterative, stops early). */
function deeperThan(root: Node_, limit: number): boolean {
  const stack: [Node_, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return true;
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) if (kids[i]!.nodeType === ELEMENT) stack.push([kids[i]!, depth + 1]);
  }
  return false;
}

/** Readability's article as lines, with its metadata; null when it found none (or failed). */
function readabilityArticle(
  doc: Document_,
): { lines: string[]; title?: string; byline?: string; published?: string; source?: string } | null {
  // Navigation is never the article, but on a page without one readability may settle for a menu.
  const navs = doc.querySelectorAll('nav, menu, [role="navigation"], [role="menu"], [role="menubar"]');
  for (let i = navs.length - 1; i >= 0; i--) navs[i]!.remove();
  let article;
  try {
    article = new Readability<Node_>(doc as unknown as Document, { serializer: (n) => n as unknown as Node_ }).parse();
  } catch {
    return null;
  }
  if (!article) return null;
  const content = article.content ?? null;
  return {
    // A block that is mostly links is a list of other stories, not an article.
    lines: content && linkDensity(content) <= MAX_LINK_DENSITY ? blockLines(content) : [],
    title: collapse(article.title),
    byline: cleanByline(article.byline),
    published: normalizeDate(article.publishedTime),
    source: collapse(article.siteName),
  };
}

/**
 * An HTML page as a document: the main article's text, one block per line, and its metadata.
 * `url` is where the page came from: the last resort for `meta.url` and the base for relative links.
 */
export function htmlToDocument(html: string, origin: string, url?: string): ReadResult {
  if (!html.trim()) return fail(error('empty', 'The page is empty.', origin));
  const warnings: Diagnostic[] = [];
  let page: PageMeta;
  let found: ReturnType<typeof readabilityArticle>;
  try {
    const doc = parse(html);
    page = pageMeta(doc, url, origin, warnings);
    found = doc.documentElement && deeperThan(doc.documentElement, MAX_READABILITY_DEPTH) ? null : readabilityArticle(doc);
  } catch (e) {
    return fail(error('html-parse-failed', `Could not parse the HTML: ${describe(e)}`, origin));
  }

  let lines = found?.lines ?? [];
  const length = (ls: string[]): number => ls.reduce((n, l) => n + l.length, 0);
  if (length(lines) < MIN_ARTICLE_CHARS) {
    let fallback: string[] = [];
    try {
      fallback = fallbackLines(html);
    } catch {
      fallback = [];
    }
    if (length(fallback) > length(lines)) {
      lines = fallback;
      warnings.push(
        warning(
          'no-main-article',
          'No main article was recognised on the page; the text is the page\'s paragraphs outside navigation, headers and footers.',
          origin,
        ),
      );
    }
  }
  if (lines.length === 0) {
    return fail(
      ...warnings,
      error('no-article', 'No article text was found on the page (no paragraphs outside navigation and page furniture).', origin),
    );
  }

  const meta: DocumentMeta = {
    ...defined({
      title: found?.title ?? page.title,
      byline: found?.byline ?? page.byline,
      published: page.published ?? found?.published,
      url: page.url,
      source: page.source ?? found?.source,
    }),
    origin,
    format: 'html',
  };
  return { ok: true, doc: { text: lines.join('\n'), meta, diagnostics: warnings } };
}

/** `o` without its undefined members (so `meta` has no `key: undefined` entries). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
