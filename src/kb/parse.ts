/**
 * The knowledge-base file formats: the JSON the starter data is written in (also accepted from
 * users), and a CSV for users. Both become `KbEntry` objects through `expandEntry` (the trusted
 * starter files through `adoptFile`, which converts in place for speed).
 *
 * JSON: either an array of entries or `{ "defaults": {...}, "entries": [...] }`, where `defaults`
 * may give `type`, `kind`, `country` and `idPrefix` for every entry of the file. An entry:
 *
 *   { "id": "person:mark-rutte",            optional: `${idPrefix or type}:${slug of name}`
 *     "type": "PERSON",                     PERSON | ORG | GPE | LOC | NORP | MISC
 *     "name": "Mark Rutte",                 canonical, English
 *     "names": { "id": "Mark Rutte" },      optional, language → name (`en` defaults to name)
 *     "aliases": ["..."],                   optional
 *     "roles": [ { "text": "...", "lang": "id", "since": "2024-10-01", "until": "...", "org": "org:nato" },
 *                { "id": "Sekretaris Jenderal NATO", "en": "Secretary General of NATO", "since": "2024-10-01" } ],
 *     "country": "NL", "code": "...", "wikidata": "Q57792", "kind": "..." }
 *
 * A role is either `{ text, lang? }` or the shorthand with one key per language, which stands for
 * one role per language sharing `org`, `since` and `until`.
 *
 * CSV: a header naming columns among id,type,name,aliases,roles,wikidata,country,kind,code and
 * name_<lang> (name_id, name_en…); `type` and `name` are required. `aliases` and `roles` are
 * `;`-separated. A role may start with a language (`en:`) and end with a period in brackets:
 * `en:Secretary General of NATO [2024-10-01..]`, `Perdana Menteri Belanda [2010-10-14..2024-07-02]`.
 * Blank lines and lines starting with `#` are skipped; fields may be double-quoted (RFC 4180).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import type { EntityType } from '../types.js';
import { foldKey } from './normalize.js';
import type { KbEntry, KbRole } from './types.js';

export const ENTITY_TYPES = ['PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'MISC'] as const satisfies readonly EntityType[];

const ID_PREFIX: Readonly<Record<EntityType, string>> = {
  PERSON: 'person',
  ORG: 'org',
  GPE: 'gpe',
  LOC: 'loc',
  NORP: 'norp',
  MISC: 'misc',
};

export interface RawRole {
  text?: string;
  lang?: string;
  org?: string;
  since?: string;
  until?: string;
  [lang: string]: string | undefined;
}

export interface RawEntry {
  id?: string;
  type?: EntityType;
  name: string;
  names?: Record<string, string>;
  aliases?: string[];
  roles?: RawRole[];
  country?: string;
  code?: string;
  wikidata?: string;
  kind?: string;
}

export interface RawDefaults {
  type?: EntityType;
  kind?: string;
  country?: string;
  idPrefix?: string;
}

export interface RawFile {
  defaults?: RawDefaults;
  entries: RawEntry[];
}

export interface KbFileError {
  readonly line?: number;
  readonly message: string;
}

/** `mark-rutte` from "Mark Rutte". */
export function slugOf(name: string): string {
  return foldKey(name).replace(/ /g, '-');
}

const ROLE_META = new Set(['text', 'lang', 'org', 'since', 'until']);

function expandRoles(raw: readonly RawRole[] | undefined): KbRole[] {
  const roles: KbRole[] = [];
  if (raw === undefined) return roles;
  for (const r of raw) {
    for (const k in r) {
      const v = r[k];
      if (typeof v !== 'string' || k === 'org' || k === 'since' || k === 'until' || k === 'lang') continue;
      const role: { -readonly [K in keyof KbRole]: KbRole[K] } = { text: v };
      const lang = k === 'text' ? r.lang : k;
      if (lang !== undefined) role.lang = lang;
      if (r.org !== undefined) role.org = r.org;
      if (r.since !== undefined) role.since = r.since;
      if (r.until !== undefined) role.until = r.until;
      roles.push(role);
    }
  }
  return roles;
}

/**
 * Turns a raw entry (starter or user JSON, or a CSV row) into a `KbEntry`. Assumes it is valid.
 * Written for speed: the CLI expands ~1,600 starter entries on every run.
 */
export function expandEntry(raw: RawEntry, defaults: RawDefaults = {}): KbEntry {
  const type = raw.type ?? defaults.type;
  if (type === undefined) throw new Error(`entry "${raw.name}" has no type`);
  const name = raw.name.trim();
  const names: Record<string, string> = { en: name };
  const extra: string[] = [];
  if (raw.names !== undefined) {
    for (const lang in raw.names) {
      // `name` is the English name; another English form given in `names` becomes an alias.
      if (lang === 'en') extra.push(raw.names[lang]!);
      else names[lang] = raw.names[lang]!.trim();
    }
  }
  const aliases: string[] = [];
  const all = raw.aliases !== undefined ? [...extra, ...raw.aliases] : extra;
  if (all.length > 0) {
    const seen = new Set<string>([name]);
    for (const lang in names) seen.add(names[lang]!);
    for (const a of all) {
      const t = a.trim();
      if (t !== '' && !seen.has(t)) {
        seen.add(t);
        aliases.push(t);
      }
    }
  }
  const entry: { -readonly [K in keyof KbEntry]: KbEntry[K] } = {
    id: raw.id ?? `${defaults.idPrefix ?? ID_PREFIX[type]}:${slugOf(name)}`,
    type,
    name,
    names,
    aliases,
    roles: expandRoles(raw.roles),
  };
  const country = raw.country ?? defaults.country;
  if (country !== undefined) entry.country = country;
  if (raw.code !== undefined) entry.code = raw.code;
  if (raw.wikidata !== undefined) entry.wikidata = raw.wikidata;
  const kind = raw.kind ?? defaults.kind;
  if (kind !== undefined) entry.kind = kind;
  return entry;
}

const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_ROLES: readonly KbRole[] = Object.freeze([]);

/**
 * The starter files' fast path: turns the parsed entries into `KbEntry` objects in place (no
 * copies, shared empty arrays), trusting the data, which the tests validate. Halves what the
 * garbage collector has to move on every CLI start.
 */
export function adoptFile(value: RawFile | RawEntry[]): KbEntry[] {
  const file: RawFile = Array.isArray(value) ? { entries: value } : value;
  const d = file.defaults ?? {};
  for (const raw of file.entries) {
    const out = raw as unknown as Record<string, unknown>;
    const type = (raw.type ??= d.type!);
    raw.id ??= `${d.idPrefix ?? ID_PREFIX[type]}:${slugOf(raw.name)}`;
    if (raw.names === undefined) raw.names = { en: raw.name };
    else raw.names['en'] = raw.name;
    out['aliases'] = raw.aliases ?? NO_STRINGS;
    out['roles'] = raw.roles === undefined ? NO_ROLES : expandRoles(raw.roles);
    if (raw.country === undefined && d.country !== undefined) raw.country = d.country;
    if (raw.kind === undefined && d.kind !== undefined) raw.kind = d.kind;
  }
  return file.entries as unknown as KbEntry[];
}

/** Expands a whole starter/user JSON value (array or `{ defaults, entries }`), trusting it. */
export function expandFile(value: RawFile | RawEntry[]): KbEntry[] {
  const file: RawFile = Array.isArray(value) ? { entries: value } : value;
  return file.entries.map((e) => expandEntry(e, file.defaults));
}

// ---------------------------------------------------------------------------------------------
// Validation

const LANG_RE = /^[a-z]{2,3}$/;
const DATE_RE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/**
 * The zod schemas, built on first use: zod is required lazily (synchronously, through
 * createRequire) so that the CLI, which loads the knowledge base on every run, pays for it only
 * when a user file is read.
 */
function schemas() {
  if (cachedSchemas) return cachedSchemas;
  const { z } = createRequire(import.meta.url)('zod') as typeof Zod;
  const dateSchema = z.string().regex(DATE_RE, { message: 'a date is YYYY, YYYY-MM or YYYY-MM-DD' });
  const typeSchema = z.enum(ENTITY_TYPES, { message: `type is one of ${ENTITY_TYPES.join(', ')}` });
  const roleSchema = z
    .object({
      text: z.string().trim().min(1).optional(),
      lang: z.string().regex(LANG_RE, { message: 'lang is a language code such as id or en' }).optional(),
      org: z.string().min(1).optional(),
      since: dateSchema.optional(),
      until: dateSchema.optional(),
    })
    .catchall(z.string().trim().min(1))
    .superRefine((r, ctx) => {
      const langs = Object.keys(r).filter((k) => !ROLE_META.has(k));
      for (const k of langs) {
        if (!LANG_RE.test(k)) ctx.addIssue({ code: 'custom', message: `unknown role field "${k}" (expected text, lang, org, since, until or a language code)` });
      }
      if (r.text === undefined && langs.length === 0) ctx.addIssue({ code: 'custom', message: 'a role needs "text" or a text per language ("id": "...", "en": "...")' });
      if (r.since !== undefined && r.until !== undefined && r.until < r.since) ctx.addIssue({ code: 'custom', message: `role ends (${r.until}) before it begins (${r.since})` });
    });
  const entry = z.strictObject({
    id: z.string().regex(/^\S+$/, { message: 'an id has no spaces' }).optional(),
    type: typeSchema.optional(),
    name: z.string().trim().min(1, { message: 'name is empty' }),
    names: z.record(z.string().regex(LANG_RE, { message: 'names are keyed by language code' }), z.string().trim().min(1)).optional(),
    aliases: z.array(z.string()).optional(),
    roles: z.array(roleSchema).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, { message: 'country is an ISO 3166-1 alpha-2 code such as ID or NL' }).optional(),
    code: z.string().min(1).optional(),
    wikidata: z.string().regex(/^Q\d+$/, { message: 'wikidata is an item id such as Q42' }).optional(),
    kind: z.string().min(1).optional(),
  });
  const defaults = z.strictObject({
    type: typeSchema.optional(),
    kind: z.string().min(1).optional(),
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
    idPrefix: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
  });
  // Starter files also carry "about" (and countries.json its ICU version).
  const file = z.strictObject({ about: z.string().optional(), icu: z.string().optional(), cldr: z.string().optional(), defaults: defaults.optional(), entries: z.array(z.unknown()) });
  return (cachedSchemas = { entry, file });
}
let cachedSchemas: { entry: Zod.ZodType; file: Zod.ZodType<{ defaults?: RawDefaults; entries: unknown[] }> } | undefined;

function describeIssues(error: Zod.ZodError): string {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Validates one raw entry; returns the entry or a message. */
export function validateEntry(value: unknown, defaults: RawDefaults = {}): { entry: KbEntry } | { error: string } {
  const r = schemas().entry.safeParse(value);
  if (!r.success) return { error: describeIssues(r.error) };
  const data = r.data as RawEntry;
  if (data.type === undefined && defaults.type === undefined) return { error: 'type: missing (one of PERSON, ORG, GPE, LOC, NORP, MISC)' };
  return { entry: expandEntry(data, defaults) };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offsets of the objects in the entries array: the root array, or the array one level down. */
function entryOffsets(text: string): number[] {
  const offsets: number[] = [];
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (c === '{' && stack[stack.length - 1] === '[' && (stack.length === 1 || (stack.length === 2 && stack[0] === '{'))) offsets.push(i);
      stack.push(c);
    } else if (c === '}' || c === ']') stack.pop();
  }
  return offsets;
}

function parseJson(path: string, text: string): { entries: KbEntry[]; errors: KbFileError[] } {
  const errors: KbFileError[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const line = pos ? lineAt(text, Number(pos[1])) : undefined;
    errors.push({ ...(line !== undefined ? { line } : {}), message: `${path}${line !== undefined ? `:${line}` : ''}: not valid JSON: ${message}` });
    return { entries: [], errors };
  }
  let items: unknown[];
  let defaults: RawDefaults = {};
  if (Array.isArray(value)) items = value;
  else {
    const r = schemas().file.safeParse(value);
    if (!r.success) {
      errors.push({ line: 1, message: `${path}:1: expected an array of entries or { "defaults": {...}, "entries": [...] }: ${describeIssues(r.error)}` });
      return { entries: [], errors };
    }
    items = r.data.entries;
    defaults = (r.data.defaults ?? {}) as RawDefaults;
  }
  const offsets = entryOffsets(text);
  const entries: KbEntry[] = [];
  items.forEach((item, i) => {
    const line = offsets[i] !== undefined ? lineAt(text, offsets[i]!) : undefined;
    const r = validateEntry(item, defaults);
    const name = typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? ` ("${(item as { name: string }).name}")` : '';
    if ('error' in r) errors.push({ ...(line !== undefined ? { line } : {}), message: `${path}${line !== undefined ? `:${line}` : ''}: entry ${i + 1}${name}: ${r.error}` });
    else entries.push(r.entry);
  });
  return { entries, errors };
}

/** RFC 4180 records with the line each starts on. */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let line = 1;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (c === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        break;
      } else {
        field += c;
        atFieldStart = false;
      }
    }
    fields.push(field);
    records.push({ line: startLine, fields });
  }
  return records;
}

const CSV_COLUMNS = new Set(['id', 'type', 'name', 'aliases', 'roles', 'wikidata', 'country', 'kind', 'code']);
const CSV_ROLE_RE = /^(?:([a-z]{2,3}):(?!\/))?\s*(.*?)\s*(?:\[\s*([^\].]*?)\s*\.\.\s*([^\]]*?)\s*\])?$/s;

function splitList(s: string | undefined): string[] {
  return (s ?? '')
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function parseCsv(path: string, text: string): { entries: KbEntry[]; errors: KbFileError[] } {
  const errors: KbFileError[] = [];
  const entries: KbEntry[] = [];
  const records = parseCsvRecords(text).filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === '') && !r.fields[0]!.trimStart().startsWith('#'));
  const header = records.shift();
  if (!header) {
    errors.push({ message: `${path}: empty file (expected a header: id,type,name,aliases,roles,wikidata,country)` });
    return { entries, errors };
  }
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  for (const c of columns) {
    if (!CSV_COLUMNS.has(c) && !/^names?[_.][a-z]{2,3}$/.test(c)) errors.push({ line: header.line, message: `${path}:${header.line}: unknown column "${c}" (known: ${[...CSV_COLUMNS].join(', ')}, name_<lang>)` });
  }
  for (const required of ['type', 'name']) {
    if (!columns.includes(required)) errors.push({ line: header.line, message: `${path}:${header.line}: the header has no "${required}" column` });
  }
  if (errors.length > 0) return { entries, errors };
  for (const rec of records) {
    const at = `${path}:${rec.line}`;
    if (rec.fields.length !== columns.length) {
      errors.push({ line: rec.line, message: `${at}: ${rec.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const raw: Record<string, unknown> = {};
    const names: Record<string, string> = {};
    let bad = false;
    columns.forEach((c, k) => {
      const v = rec.fields[k]!.trim();
      if (v === '') return;
      const lang = /^names?[_.]([a-z]{2,3})$/.exec(c);
      if (lang) names[lang[1]!] = v;
      else if (c === 'aliases') raw['aliases'] = splitList(v);
      else if (c === 'roles') {
        raw['roles'] = splitList(v).map((r) => {
          const m = CSV_ROLE_RE.exec(r);
          if (!m || m[2] === '') {
            bad = true;
            errors.push({ line: rec.line, message: `${at}: cannot read role "${r}" (write "[lang:]text [since..until]")` });
            return { text: r };
          }
          return {
            text: m[2]!,
            ...(m[1] ? { lang: m[1] } : {}),
            ...(m[3] ? { since: m[3] } : {}),
            ...(m[4] ? { until: m[4] } : {}),
          };
        });
      } else if (c === 'type') raw['type'] = v.toUpperCase();
      else raw[c] = v;
    });
    if (Object.keys(names).length > 0) raw['names'] = names;
    if (bad) continue;
    const r = validateEntry(raw);
    if ('error' in r) errors.push({ line: rec.line, message: `${at}: ${typeof raw['name'] === 'string' ? `"${raw['name']}": ` : ''}${r.error}` });
    else entries.push(r.entry);
  }
  return { entries, errors };
}

/**
 * Reads a user knowledge-base file (`.csv`, or `.json`), validating every entry. Never throws for
 * bad content: each problem is an error naming the file and line.
 */
export function parseKbFile(path: string): { entries: KbEntry[]; errors: KbFileError[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { entries: [], errors: [{ message: `${path}: cannot read the file${code ? ` (${code})` : ''}` }] };
  }
  return parseKbText(path, text);
}

/** `parseKbFile` on text already read; the format follows the extension of `path` (`.json`, else CSV). */
export function parseKbText(path: string, text: string): { entries: KbEntry[]; errors: KbFileError[] } {
  const isJson = /\.json$/i.test(path) || (!/\.csv$/i.test(path) && /^\s*[[{]/.test(text));
  const result = isJson ? parseJson(path, text) : parseCsv(path, text);
  const seen = new Map<string, number>();
  const entries: KbEntry[] = [];
  for (const e of result.entries) {
    if (seen.has(e.id)) {
      result.errors.push({ message: `${path}: id "${e.id}" appears more than once` });
      continue;
    }
    seen.set(e.id, 1);
    entries.push(e);
  }
  return { entries, errors: result.errors };
}
