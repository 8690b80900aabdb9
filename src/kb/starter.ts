/**
 * The starter knowledge base in `data/kb/` and the loader that adds users' `--kb` files.
 * Starter files are trusted (validated by the tests, not at run time) so that loading stays fast.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCountries, type CountrySource } from './countries.js';
import { KnowledgeBaseImpl } from './kb.js';
import { adoptFile, expandFile, parseKbFile, type KbFileError, type RawEntry, type RawFile } from './parse.js';
import { kbDataDir } from './paths.js';
import type { RoleLexicon } from './roles.js';
import type { KbEntry, KbRole, KnowledgeBase } from './types.js';

/** Entry files of the starter KB, in lookup priority order (an earlier file wins a tie). */
export const STARTER_FILES = [
  'countries.json',
  'provinces-id.json',
  'cities-id.json',
  'cities.json',
  'regions.json',
  'orgs-id.json',
  'orgs.json',
  'media.json',
  'people.json',
] as const;

export const ROLE_LEXICON_FILE = 'roles.json';
export const COUNTRY_SOURCE_FILE = 'country-aliases.json';

/** A user knowledge-base file that could not be read: every problem, each naming file and line. */
export class KbLoadError extends Error {
  constructor(readonly errors: readonly KbFileError[]) {
    super(errors.length === 1 ? errors[0]!.message : `${errors.length} problems in knowledge-base files:\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
    this.name = 'KbLoadError';
  }
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Reads the starter files of `dir`. Countries are generated from ICU when countries.json is absent. */
export function readStarter(dir: string = kbDataDir()): { entries: KbEntry[]; lexicon: RoleLexicon } {
  const entries: KbEntry[] = [];
  for (const file of STARTER_FILES) {
    const path = join(dir, file);
    if (file === 'countries.json' && !existsSync(path)) {
      entries.push(...expandFile(generateCountries(readJson<CountrySource>(join(dir, COUNTRY_SOURCE_FILE)))));
      continue;
    }
    if (!existsSync(path)) continue;
    for (const e of adoptFile(readJson<RawFile | RawEntry[]>(path))) entries.push(e);
  }
  const lexiconPath = join(dir, ROLE_LEXICON_FILE);
  const lexicon: RoleLexicon = existsSync(lexiconPath) ? readJson<RoleLexicon>(lexiconPath) : { abbreviations: {}, demonyms: {}, stopwords: [] };
  return { entries, lexicon };
}

function mergeEntry(base: KbEntry, extra: KbEntry): KbEntry {
  const aliases = [...base.aliases];
  for (const a of extra.aliases) if (!aliases.includes(a)) aliases.push(a);
  if (extra.name !== base.name && !aliases.includes(base.name)) aliases.push(base.name);
  const key = (r: KbRole): string => `${r.text}\u0000${r.lang ?? ''}\u0000${r.since ?? ''}`;
  const seen = new Set(base.roles.map(key));
  const roles = [...base.roles, ...extra.roles.filter((r) => !seen.has(key(r)))];
  return {
    ...base,
    ...extra,
    names: { ...base.names, ...extra.names },
    aliases: aliases.filter((a) => a !== extra.name),
    roles,
  };
}

/**
 * Starter entries plus user entries: a user entry with a starter id is merged into it (names and
 * scalar fields from the user, aliases and roles added); any other is appended.
 */
export function mergeEntries(base: readonly KbEntry[], extra: readonly KbEntry[]): KbEntry[] {
  const out = [...base];
  const at = new Map<string, number>();
  out.forEach((e, i) => at.set(e.id, i));
  for (const e of extra) {
    const i = at.get(e.id);
    if (i === undefined) {
      at.set(e.id, out.length);
      out.push(e);
    } else out[i] = mergeEntry(out[i]!, e);
  }
  return out;
}

/** Starter knowledge bases read in this process, by directory (normally just one). */
const cache = new Map<string, { kb: KnowledgeBaseImpl; entries: KbEntry[]; lexicon: RoleLexicon }>();

export interface LoadOptions {
  /** User files (`.csv` or `.json`), merged over the starter KB in order. */
  readonly extraFiles?: readonly string[];
  /** Another starter directory (tests); default `data/kb` of the package. */
  readonly dataDir?: string;
}

/**
 * The starter knowledge base (read once per process and cached) plus the user's files. Throws a
 * `KbLoadError` listing every problem when a user file is unreadable or invalid.
 */
export function loadKnowledgeBase(options: LoadOptions = {}): KnowledgeBase {
  const dir = options.dataDir ?? kbDataDir();
  let cached = cache.get(dir);
  if (!cached) {
    const { entries, lexicon } = readStarter(dir);
    cached = { kb: new KnowledgeBaseImpl(entries, lexicon), entries, lexicon };
    cache.set(dir, cached);
  }
  const files = options.extraFiles ?? [];
  if (files.length === 0) return cached.kb;
  const errors: KbFileError[] = [];
  let entries: KbEntry[] = cached.entries;
  for (const file of files) {
    const r = parseKbFile(file);
    errors.push(...r.errors);
    entries = mergeEntries(entries, r.entries);
  }
  if (errors.length > 0) throw new KbLoadError(errors);
  return new KnowledgeBaseImpl(entries, cached.lexicon);
}

/** JSON with one entry per line: compact, and diffs stay readable. */
export function formatStarterJson(value: Record<string, unknown> & { entries: readonly unknown[] }): string {
  const { entries, ...head } = value;
  const lines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return `{\n${lines.join('\n')}\n  "entries": [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
}
