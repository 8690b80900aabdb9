import { foldName, nameEditSimilarity, phoneticKey, type KbEntry, type KnowledgeBase } from '../kb/index.js';
import type { EntityCandidate } from './entities.js';
import type { Entity, EntityType, Mention } from '../types.js';
import { SHIPPED_PACKS } from '../lang/packs.js';

/** A KB fuzzy match at least this good names the entity (the KB's own scale, 0..1). */
export const KB_FUZZY_ACCEPT = 0.8;
/** Two spellings this similar (normalised edit similarity) are one name: Zelensky / Zelenskiy is 0.89. */
export const VARIANT_SIMILARITY = 0.8;
/** With the same phonetic key, a lower similarity suffices: Zelensky / Zielinski is 0.67. */
export const VARIANT_SIMILARITY_SAME_KEY = 0.6;
/** Against a KB name with the same phonetic key: the garble "Ruti" of Rutte is 0.6. */
export const KB_VARIANT_SIMILARITY_SAME_KEY = 0.55;
/** The lowest similarity any variant test accepts. */
const MIN_VARIANT_SIMILARITY = Math.min(VARIANT_SIMILARITY, VARIANT_SIMILARITY_SAME_KEY, KB_VARIANT_SIMILARITY_SAME_KEY);
/** Names shorter than this are too short for a phonetic match on their own (Budi / Badu). */
const MIN_PHONETIC_LENGTH = 5;
/** Each spelling of a given name → its group's first spelling, from the packs' given-name variants. */
const GIVEN_NAME_FORMS: ReadonlyMap<string, string> = new Map(
  SHIPPED_PACKS.flatMap((p) => (p.entities.givenNameVariants ?? []).flatMap((group) => group.map((w) => [w, group[0]!] as const))),
);

/** Two different spellings of one given name ("mochamad" / "muhammad"), as the packs list them. */
export function sameGivenName(a: string, b: string): boolean {
  return a !== b && (GIVEN_NAME_FORMS.get(a) ?? a) === (GIVEN_NAME_FORMS.get(b) ?? b);
}

/** A personal name without a title: given, middle and family name ("Muhammad Rachmat Kaimuddin"). */
const MAX_PLAIN_NAME_WORDS = 3;

interface Cluster {
  type: EntityType;
  kb?: KbEntry;
  mentions: Mention[];
  roles: Set<string>;
  evidence: string[];
  first: number;
  merged: boolean;
  /** The distinct written forms, longest first: made on first use, dropped when mentions join. */
  surfaceForms?: readonly string[];
}

export interface ResolveOptions {
  readonly lang: string;
  /** The article's date (YYYY-MM-DD), to pick who held a role then. */
  readonly date?: string;
  /** Answers remembered across documents for one knowledge base (an analyzer keeps one); a fresh one per call otherwise. */
  readonly memo?: ResolverMemo;
}

/**
 * Groups recognised names into entities within one article: same name or KB entry, partial names
 * ("Putin" after "Vladimir Putin"), and spelling variants (Zelensky / Zelenskiy / Zielinski),
 * guarded so that two people sharing a surname stay apart. Every merge leaves its evidence.
 */
export function resolveEntities(candidates: readonly EntityCandidate[], kb: KnowledgeBase, options: ResolveOptions): Entity[] {
  const clusters = initialClusters(candidates);
  const memo = options.memo && options.memo.kb === kb ? options.memo : createResolverMemo(kb);
  mergeParenthesisAliases(candidates, clusters);
  for (const c of clusters) if (c.type === 'PERSON' && !c.kb) linkPersonToKb(c, memo, options);
  mergeSameKb(clusters);
  mergePartialNames(clusters, memo);
  mergeVariants(clusters, memo);
  return clusters
    .filter((c) => !c.merged)
    .sort((a, b) => a.first - b.first)
    .map((c, i) => toEntity(c, `e${i + 1}`, options.lang, memo));
}

/** "Lestari Moerdijat (Rerie)": the name in parentheses joins the name it follows (see `sameAs`). */
function mergeParenthesisAliases(candidates: readonly EntityCandidate[], clusters: Cluster[]): void {
  const clusterAt = (start: number): Cluster | undefined => {
    let c = clusters.find((x) => x.mentions.some((m) => m.start === start));
    while (c?.merged) c = clusters.find((x) => !x.merged && x.mentions.some((m) => m.start === start));
    return c;
  };
  for (const c of candidates) {
    if (c.sameAs === undefined) continue;
    const alias = clusterAt(c.start);
    const full = clusterAt(c.sameAs);
    if (!alias || !full || alias === full || alias.merged || full.merged) continue;
    absorb(full, alias, 'alias', `"${c.text}" is written in parentheses beside "${surfaces(full)[0]}"`);
  }
}

function keyOf(c: EntityCandidate): string {
  return c.kb ? `kb:${c.kb.id}` : `${c.type}:${foldName(c.text)}`;
}

function initialClusters(candidates: readonly EntityCandidate[]): Cluster[] {
  const byKey = new Map<string, Cluster>();
  for (const c of candidates) {
    const key = keyOf(c);
    let cluster = byKey.get(key);
    if (!cluster) {
      cluster = { type: c.kb?.type ?? c.type, kb: c.kb, mentions: [], roles: new Set(), evidence: [], first: c.start, merged: false };
      if (c.kb) cluster.evidence.push(`"${c.text}" is ${c.kb.name} in the knowledge base (${c.rule})`);
      byKey.set(key, cluster);
    }
    cluster.mentions.push({ start: c.start, end: c.end, text: c.text, rule: c.rule, link: cluster.mentions.length === 0 ? 'first' : 'exact' });
    if (c.role) cluster.roles.add(c.role);
  }
  return [...byKey.values()];
}

function surfaces(c: Cluster): readonly string[] {
  return (c.surfaceForms ??= [...new Set(c.mentions.map((m) => m.text))].sort((a, b) => b.length - a.length));
}

/** The folded words of a name (never modify the array: a memo may share it). */
function tokensOf(name: string): string[] {
  return foldName(name).split(/[\s\-]+/).filter(Boolean);
}

/** Names to compare against: what the text wrote, and the KB's names for the entity. */
function comparableNames(c: Cluster): string[] {
  const names = [...surfaces(c)];
  if (c.kb) names.push(c.kb.name, ...c.kb.aliases, ...Object.values(c.kb.names));
  return names;
}

function linkPersonToKb(c: Cluster, memo: ResolverMemo, options: ResolveOptions): void {
  const roles = [...c.roles];
  // A lone word ("Budi") is too weak to name a known person on its own and costs a scan of the
  // KB: it is linked through the article's full names instead (partial names, variants).
  if (roles.length === 0 && surfaces(c).every((s) => memo.tokens(s).length < 2)) return;
  const known = memo.nameKeys();
  for (const surface of surfaces(c)) {
    if (roles.length === 0 && memo.tokens(surface).length < 2) continue;
    // Cheap test before the KB scan: a known person must have a sounding-alike surname.
    if (!known.has(phoneticKey(memo.tokens(surface).at(-1)!))) continue;
    for (const role of roles.length > 0 ? roles : [undefined]) {
      const [best] = memo.fuzzy(surface, role);
      if (best && best.score >= KB_FUZZY_ACCEPT) {
        c.kb = best.entry;
        c.evidence.push(`"${surface}"${role ? ` (${role})` : ''} → ${best.entry.name}: ${best.why} (score ${best.score.toFixed(2)})`);
        return;
      }
    }
  }
  // Who held the role at the time, when the written name is a plausible garble of theirs.
  for (const role of roles) {
    for (const entry of memo.byRole(role, options.date)) {
      if (entry.type !== 'PERSON') continue;
      const written = memo.tokens(surfaces(c)[0]!);
      const known = memo.tokens(entry.name);
      const sameFirst = written.length > 1 && known.length > 1 && written[0] === known[0];
      const surnameSim = nameEditSimilarity(written.at(-1)!, known.at(-1)!);
      const sameKey = phoneticKey(written.at(-1)!) === phoneticKey(known.at(-1)!);
      if ((sameFirst && (surnameSim >= 0.4 || sameKey)) || (sameKey && surnameSim >= KB_VARIANT_SIMILARITY_SAME_KEY)) {
        c.kb = entry;
        c.evidence.push(`"${surfaces(c)[0]}", ${role}: the role was held by ${entry.name}${sameFirst ? `, same first name` : ''}, surname similarity ${surnameSim.toFixed(2)}${sameKey ? ', same phonetic key' : ''}`);
        return;
      }
    }
  }
}

/** Distinct (name, role) questions remembered per knowledge base; news repeats the same people. */
const FUZZY_CACHE_SIZE = 5000;

/**
 * The knowledge-base questions resolution asks, remembered for one knowledge base: fuzzy and
 * role lookups (bounded), and the phonetic keys of known surnames (built on first use).
 */
export interface ResolverMemo {
  readonly kb: KnowledgeBase;
  fuzzy(surface: string, role: string | undefined): ReturnType<KnowledgeBase['fuzzy']>;
  byRole(role: string, date: string | undefined): ReturnType<KnowledgeBase['byRole']>;
  nameKeys(): ReadonlySet<string>;
  /** The folded words of a name (shared: never modify the array). */
  tokens(name: string): readonly string[];
}

export function createResolverMemo(kb: KnowledgeBase): ResolverMemo {
  const fuzzy = new Map<string, ReturnType<KnowledgeBase['fuzzy']>>();
  const roles = new Map<string, ReturnType<KnowledgeBase['byRole']>>();
  let keys: Set<string> | undefined;
  const words = new Map<string, string[]>();
  return {
    kb,
    tokens(name) {
      let t = words.get(name);
      if (!t) {
        if (words.size >= FUZZY_CACHE_SIZE) words.clear();
        words.set(name, (t = tokensOf(name)));
      }
      return t;
    },
    fuzzy(surface, role) {
      const key = `${surface}\u0000${role ?? ''}`;
      let result = fuzzy.get(key);
      if (!result) {
        if (fuzzy.size >= FUZZY_CACHE_SIZE) fuzzy.clear();
        result = kb.fuzzy(surface, { type: 'PERSON', ...(role ? { role } : {}) });
        fuzzy.set(key, result);
      }
      return result;
    },
    byRole(role, date) {
      const key = `${role}\u0000${date ?? ''}`;
      let result = roles.get(key);
      if (!result) {
        if (roles.size >= FUZZY_CACHE_SIZE) roles.clear();
        result = kb.byRole(role, date);
        roles.set(key, result);
      }
      return result;
    },
    nameKeys() {
      if (!keys) {
        keys = new Set();
        for (const e of kb.entries) {
          if (e.type !== 'PERSON') continue;
          for (const name of [e.name, ...e.aliases, ...Object.values(e.names)]) {
            const last = tokensOf(name).at(-1);
            if (last) keys.add(phoneticKey(last));
          }
        }
      }
      return keys;
    },
  };
}

function absorb(into: Cluster, from: Cluster, link: string, evidence: string): void {
  // Every mention is { start, end, text, rule, link } (initialClusters): the same keys, no spread.
  for (const m of from.mentions) into.mentions.push({ start: m.start, end: m.end, text: m.text, rule: m.rule, link: m.link === 'first' || m.link === 'exact' ? link : m.link });
  into.mentions.sort((a, b) => a.start - b.start);
  into.surfaceForms = undefined;
  for (const r of from.roles) into.roles.add(r);
  into.evidence.push(evidence, ...from.evidence);
  into.kb ??= from.kb;
  into.first = Math.min(into.first, from.first);
  from.merged = true;
}

function mergeSameKb(clusters: Cluster[]): void {
  const byKb = new Map<string, Cluster>();
  for (const c of clusters) {
    if (c.merged || !c.kb) continue;
    const seen = byKb.get(c.kb.id);
    if (seen) absorb(seen, c, 'alias', `"${surfaces(c)[0]}" and "${surfaces(seen)[0]}" are both ${c.kb.name}`);
    else byKb.set(c.kb.id, c);
  }
}

/** "Putin" joins "Vladimir Putin" when exactly one person in the article carries that name part. */
function mergePartialNames(clusters: Cluster[], memo: ResolverMemo): void {
  const people = clusters.filter((c) => c.type === 'PERSON');
  // A name part the tagger typed as a place or organisation ("Putin mengunjungi Pyongyang") is the
  // person when exactly one person in the article carries it; KB names are left as they are.
  const untyped = clusters.filter((c) => c.type !== 'PERSON' && !c.kb && c.mentions.every((m) => m.rule === 'tagger'));
  for (const short of [...people, ...untyped]) {
    if (short.merged) continue;
    const shortTokens = memo.tokens(surfaces(short)[0]!);
    const hosts = people.filter((long) => {
      if (long === short || long.merged) return false;
      if (short.kb && long.kb && short.kb.id !== long.kb.id) return false;
      return surfaces(long).some((name) => {
        const t = memo.tokens(name);
        if (t.length <= shortTokens.length || !isSubsequence(shortTokens, t)) return false;
        // An organisation or place name inside a person's written title ("Kejari" in "Kasi Intel
        // Kejari Sleman Budi") is not that person: inside a name longer than given, middle and
        // family name, such a name joins only as the first or last words.
        if (short.type === 'PERSON' || t.length <= MAX_PLAIN_NAME_WORDS) return true;
        const n = shortTokens.length;
        return shortTokens.every((w, i) => t[i] === w) || shortTokens.every((w, i) => t[t.length - n + i] === w);
      });
    });
    if (hosts.length === 1) {
      short.type = 'PERSON';
      absorb(hosts[0]!, short, 'partial', `"${surfaces(short)[0]}" is part of "${surfaces(hosts[0]!)[0]}", the only person so named in the article`);
    }
  }
}

function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  let i = 0;
  for (const t of long) if (t === short[i]) i++;
  return i === short.length;
}

interface VariantMatch {
  readonly similarity: number;
  readonly sameKey: boolean;
  readonly a: string;
  readonly b: string;
}

/** How one written name matches another: full names compare surname and given names; a single name compares to the surname. */
function variantMatch(a: string, b: string, againstKb: boolean, memo: ResolverMemo): VariantMatch | undefined {
  const ta = memo.tokens(a);
  const tb = memo.tokens(b);
  if (ta.length === 0 || tb.length === 0) return undefined;
  const sa = ta.at(-1)!;
  const sb = tb.at(-1)!;
  let surnameSimilarity: number | undefined;
  if (ta.length > 1 && tb.length > 1) {
    // Different surnames too far apart: nothing below can accept (the given-name test needs the same surname).
    if (sa !== sb) {
      surnameSimilarity = nameEditSimilarity(sa, sb);
      if (surnameSimilarity < MIN_VARIANT_SIMILARITY) return undefined;
    }
    const ga = ta.slice(0, -1);
    const gb = tb.slice(0, -1);
    // A given name spelled another way ("Mochamad Rizki" / "Muhammad Rizki") is the same person.
    const givenVariant = ga.length === gb.length && ga.some((w, i) => w !== gb[i]) && ga.every((w, i) => w === gb[i] || sameGivenName(w, gb[i]!));
    if (givenVariant && sa === sb) return { similarity: nameEditSimilarity(ga.join(' '), gb.join(' ')), sameKey: false, a, b };
    // Surnames too far apart for any test below: no need to compare the given names.
    surnameSimilarity ??= nameEditSimilarity(sa, sb);
    if (surnameSimilarity < MIN_VARIANT_SIMILARITY) return undefined;
    // Different given names mean different people (Kim Jong Un / Kim Yo Jong; Joko Widodo / Joko Anwar).
    if (!givenVariant && nameEditSimilarity(ga.join(' '), gb.join(' ')) < 0.6) return undefined;
  }
  const similarity = surnameSimilarity ?? nameEditSimilarity(sa, sb);
  const sameKey = phoneticKey(sa) === phoneticKey(sb);
  const longEnough = Math.min(sa.length, sb.length) >= MIN_PHONETIC_LENGTH;
  const ok =
    similarity >= VARIANT_SIMILARITY ||
    (sameKey && longEnough && similarity >= VARIANT_SIMILARITY_SAME_KEY) ||
    (againstKb && sameKey && similarity >= KB_VARIANT_SIMILARITY_SAME_KEY);
  return ok && similarity < 1 ? { similarity, sameKey, a, b } : undefined;
}

function mergeVariants(clusters: Cluster[], memo: ResolverMemo): void {
  const people = clusters.filter((c) => c.type === 'PERSON').sort((x, y) => x.first - y.first);
  for (const later of people) {
    if (later.merged) continue;
    const matches: { host: Cluster; match: VariantMatch }[] = [];
    for (const host of people) {
      if (host === later || host.merged || host.first > later.first) continue;
      if (later.kb && host.kb && later.kb.id !== host.kb.id) continue;
      let best: VariantMatch | undefined;
      for (const a of surfaces(later)) {
        for (const b of surfaces(host)) best = better(best, variantMatch(a, b, false, memo));
        if (host.kb) for (const b of [host.kb.name, ...host.kb.aliases]) best = better(best, variantMatch(a, b, true, memo));
      }
      if (best) matches.push({ host, match: best });
      // Two matches already make it ambiguous, whatever the other hosts give.
      if (matches.length > 1) break;
    }
    // A name close to two different people is ambiguous: leave it alone.
    if (matches.length !== 1) continue;
    const { host, match } = matches[0]!;
    absorb(host, later, 'variant', `"${match.a}" ~ "${match.b}": spelling variant (edit similarity ${match.similarity.toFixed(2)}${match.sameKey ? ', same phonetic key' : ''})`);
  }
}

function better(a: VariantMatch | undefined, b: VariantMatch | undefined): VariantMatch | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.similarity > a.similarity ? b : a;
}

function toEntity(c: Cluster, id: string, lang: string, memo: ResolverMemo): Entity {
  const aliases = [...new Set(c.mentions.map((m) => m.text))];
  const words = new Map(aliases.map((a) => [a, memo.tokens(a).length]));
  const longest = [...aliases].sort((a, b) => words.get(b)! - words.get(a)! || b.length - a.length)[0]!;
  const name = c.kb ? (c.kb.type === 'PERSON' ? c.kb.name : (c.kb.names[lang] ?? c.kb.name)) : longest;
  // Keys in the order of the JSON, the optional ones only when present (no spreads: they are slow).
  const entity = { id, type: c.type, name, mentions: c.mentions, aliases } as { -readonly [K in keyof Entity]: Entity[K] };
  if (c.kb) {
    const names: Record<string, string> = { ...c.kb.names };
    if (c.kb.code) names.code = c.kb.code;
    entity.names = names;
    entity.kb = c.kb.id;
  }
  if (c.roles.size > 0) entity.roles = [...c.roles];
  if (c.evidence.length > 0) entity.evidence = c.evidence;
  return entity;
}
