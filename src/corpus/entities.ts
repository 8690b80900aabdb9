/**
 * Cross-document entity resolution: each document's entities (from its analysis) are linked to
 * corpus entities, by knowledge-base id, by normalised name, by spelling variant (the same scheme
 * as within one article: `nameEditSimilarity` and `phoneticKey`), and by context (roles and the
 * entities a name appears with). Every link keeps its evidence, which `saksi entity` shows:
 * "Zielinski → Volodymyr Zelensky: KB alias fuzzy 0.82, same phonetic key".
 *
 * Guards, so that different people stay apart:
 * - two full names with different given names are never merged (Kim Jong Un / Kim Yo Jong);
 * - a bare surname ("Kim", "Widodo") joins a corpus entity only when one person carries it, or
 *   when context picks one clearly; otherwise it stays its own entity, with the ambiguity noted;
 * - within one document, entities the analysis kept apart are not merged by name similarity.
 *
 * The name index lives in memory (loaded from the store by the entity stage) and is updated as
 * documents are linked, so that later documents in a batch see earlier ones; which entities were
 * seen together is asked of the store (bounded memo), so it does not grow with the corpus.
 */
import type { Analysis, Entity, EntityType } from '../types.js';
import type { DocId, EntityId, EntityLink, MergeEvidence, StoreReader, StoreWriter } from '../store/store.js';
import type { KbEntry, KnowledgeBase } from '../kb/types.js';
import { MAX_COMPARE_LENGTH, foldKey, levenshtein, nameTokens, phoneticKey } from '../kb/normalize.js';
import { loadKnowledgeBase } from '../kb/index.js';

/** A KB fuzzy match at least this good names the entity (the KB's own 0..1 scale; as within one article). */
export const KB_FUZZY_ACCEPT = 0.8;
/** Two surnames this similar are one name: Zelensky / Zelenskiy is 0.89 (as within one article). */
export const VARIANT_SIMILARITY = 0.8;
/** With the same phonetic key, a lower similarity suffices: Zelensky / Zielinski is 0.67. */
export const VARIANT_SIMILARITY_SAME_KEY = 0.6;
/** Given names at least this similar are the same given name (Volodymyr / Wolodymyr); below, different people. */
export const GIVEN_NAME_SIMILARITY = 0.6;
/** Surnames shorter than this are too short for a phonetic match alone (Budi / Badu share BT). */
export const MIN_PHONETIC_LENGTH = 5;
/** Context wins an ambiguous case only with a lead this large over the runner-up (one shared role, or two co-occurring entities). */
export const CONTEXT_MARGIN = 2;
/** KB answers remembered per name, roles and type during a run. */
const KB_MEMO_SIZE = 20_000;
/**
 * Co-occurrence answers ("were these two entities ever in one document?") remembered between
 * documents; the store is asked again once the memo is cleared. The store holds the answer
 * (document_entities), so memory does not grow with the corpus.
 */
export const COOCCURRENCE_MEMO_SIZE = 50_000;
/** Entities and name lookups cached between documents at most; past it, the cache is emptied and refilled from the store. */
export const RESOLVER_CACHE_SIZE = 20_000;
/**
 * Entities whose names alone are cached at most (a short list each, a fraction of a cached entity);
 * past it, that cache alone is emptied and refilled from the store.
 */
export const NAME_KEYS_CACHE_SIZE = 20_000;
/** Resolution passes per document at most, each asking the store the co-occurrences the last one needed. */
const MAX_CONTEXT_PASSES = 20;

/** A corpus entity as the resolver knows it. */
interface Indexed {
  readonly id: EntityId;
  readonly type: EntityType;
  name: string;
  readonly kb?: string;
  /** foldKey of every alias seen. */
  readonly keys: Set<string>;
  /** The same keys, in the same order, split for matching (`keyInfo`). */
  readonly keyInfos: KeyInfo[];
  /** Token lists of multi-word aliases (full names), for given-name guards. */
  readonly fullNames: string[][];
  /** foldKey of roles seen next to it. */
  readonly roles: Set<string>;
  mentions: number;
}

export interface LinkContext {
  readonly source?: string;
  readonly published?: string;
}

interface Decision {
  readonly entity: Entity;
  target?: EntityId;
  create?: { readonly type: EntityType; readonly name: string; readonly kb?: string };
  readonly evidence: MergeEvidence[];
}

export interface CorpusResolverOptions {
  /** The knowledge base; loaded (starter + `kbFile`) when not given. */
  readonly kb?: KnowledgeBase;
  /** A user knowledge-base file added to the starter KB. */
  readonly kbFile?: string;
}

export class CorpusResolver {
  /**
   * A bounded cache of the store's entity index: entities (with their name keys and roles) and
   * complete answers of name lookups (`kind\u0000key` → entities). The store holds the index
   * (entity_keys); the cache is filled per document and emptied, between documents, when it
   * grows past RESOLVER_CACHE_SIZE, so memory does not grow with the corpus.
   */
  private entities = new Map<EntityId, Indexed>();
  private lookups = new Map<string, EntityId[]>();
  /** KB id → corpus entity (null: none yet). */
  private kbIds = new Map<string, EntityId | null>();
  /**
   * The names (`name` keys, as `keyInfo`s) of people a surname lookup found, by entity, for those the
   * cache does not hold whole: enough for `personMatch` to tell which of them match, and to ask the
   * store for the whole entity only for those. A person's surname, its sound and above all its first
   * three letters are shared by more and more people as the corpus grows. An entity is dropped
   * from here when it is cached whole (it then gets its new names there).
   */
  private nameKeys = new Map<EntityId, KeyInfo[]>();
  /** While resolving inside `link`: what the pass needed and the cache did not hold. */
  private missing: Missing | undefined;
  /** What resolving needs of each entity of the analysis `decideIn` resolves, in several passes. */
  private facts = new Map<Entity, Facts>();
  /** Name keys added while linking, written to the store at the end of `link`. */
  private newKeys: { id: EntityId; kind: string; key: string }[] = [];
  /** Set by `reload` when entities stored before the name index have no keys yet. */
  private namesBackfill = false;

  private readonly kbMemo = new Map<string, { entry: KbEntry; evidence: MergeEvidence[] } | null>();
  /** `${a}|${b}` (a < b) → whether a and b share a document; a bounded memo of the store's answers. */
  private cooc = new Map<string, boolean>();
  /** While resolving inside `link`: the pairs `contextScore` needed and the memo did not hold. */
  private coocMissing: Set<string> | undefined;

  private constructor(readonly kb: KnowledgeBase | undefined) {}

  /**
   * The resolver over a store's corpus entities.
   * @example const resolver = await CorpusResolver.load(store, { kbFile: 'my-kb.csv' });
   */
  static async load(store: StoreReader, options: CorpusResolverOptions = {}): Promise<CorpusResolver> {
    const resolver = CorpusResolver.create(options);
    await resolver.reload(store);
    return resolver;
  }

  /** A resolver with its knowledge base and an empty index: `reload` it before linking (the entity stage does). */
  static create(options: CorpusResolverOptions = {}): CorpusResolver {
    const kb = options.kb ?? (options.kbFile !== undefined ? loadKnowledgeBase({ extraFiles: [options.kbFile] }) : loadKnowledgeBase());
    return new CorpusResolver(kb);
  }

  /** A resolver without a knowledge base (tests, or a corpus of unknown people only). */
  static async withoutKb(store: StoreReader): Promise<CorpusResolver> {
    const resolver = new CorpusResolver(undefined);
    await resolver.reload(store);
    return resolver;
  }

  /**
   * Forgets what is cached (another writer committed, or a batch rolled back): the store is
   * asked again as documents need it. Cheap, whatever the corpus size.
   */
  async reload(store: StoreReader): Promise<void> {
    this.entities = new Map();
    this.lookups = new Map();
    this.kbIds = new Map();
    this.nameKeys = new Map();
    this.cooc = new Map();
    this.newKeys = [];
    this.namesBackfill = await store.namesPending();
  }

  /**
   * Brings the cache up to date with other writers' commits instead of emptying it (`reload`).
   * `changes` is what the store's change log names since the cache was current (the PostgreSQL
   * queue worker reads it under the write lock): name keys added (appended, in commit order, to
   * the complete lookups, the cached entities and the names of people they belong to), KB
   * entities created, the entities linked, created or given keys (their mention counts and roles
   * are read again), and for each document linked the entities it linked ("never seen together"
   * answers about two of them become "together"). Afterwards the cache holds what a reload
   * followed by fresh reads would give: keys and co-occurrences only ever grow, so adding what the
   * log names is exact even for what the cache read after the log's first version (a prefetch
   * outside the lock).
   */
  async applyChanges(
    store: StoreReader,
    changes: {
      readonly entities: Iterable<EntityId>;
      readonly keys: readonly { kind: string; key: string; entity: EntityId }[];
      readonly kb: readonly { kb: string; entity: EntityId }[];
      readonly together: readonly (readonly EntityId[])[];
    },
  ): Promise<void> {
    const touched = new Set(changes.entities);
    for (const k of changes.keys) {
      touched.add(k.entity);
      const cached = this.lookups.get(`${k.kind}\u0000${k.key}`);
      if (cached && !cached.includes(k.entity)) cached.push(k.entity);
      if (k.kind !== 'name') continue;
      const key = k.key.slice(k.key.indexOf('|') + 1);
      const e = this.entities.get(k.entity);
      if (e) addKey(e, key);
      const names = this.nameKeys.get(k.entity);
      if (names && key !== '' && !names.some((n) => n.key === key)) names.push(keyInfo(key));
    }
    for (const { kb, entity } of changes.kb) this.kbIds.set(kb, entity);
    for (const ids of changes.together) this.noteCooccurrence(ids);
    if (touched.size === 0) return;
    // Mention counts and roles: a count is not something to add to twice, so it is read again.
    for (const r of await store.entityRecords([...touched].filter((id) => this.entities.has(id)))) {
      const e = this.entities.get(r.id)!;
      e.mentions = r.mentions;
      for (const role of r.roles) e.roles.add(foldKey(role.role));
    }
  }

  /**
   * Fills the cache with what resolving these analyses asks the store, for all of them at once
   * (a few statements instead of a few per document); decides and writes nothing. The queue worker
   * calls it before taking the write lock, so that little is left to read under it.
   */
  async prefetch(store: StoreReader, analyses: readonly Analysis[]): Promise<void> {
    // Room for the batch: past half the bound the cache starts again (else `link` would empty it
    // halfway through the batch, and every later document would read under the lock).
    if (this.entities.size + this.lookups.size + this.kbIds.size > RESOLVER_CACHE_SIZE / 2) {
      this.entities = new Map();
      this.lookups = new Map();
      this.kbIds = new Map();
    }
    await this.inPasses(store, () => {
      for (const analysis of analyses) this.resolve(analysis);
    });
  }

  /**
   * Runs `resolve` in passes until a pass needs nothing the cache lacks (or MAX_CONTEXT_PASSES):
   * after each, what it noted missing (names, entities, KB ids, else co-occurrences) is read from
   * `store`. Returns the last pass's answer; the per-document facts live only while it runs.
   */
  private async inPasses<T>(store: StoreReader, resolve: () => T): Promise<T> {
    this.facts = new Map();
    try {
      for (let pass = 1; ; pass++) {
        const missing: Missing = { lookups: new Set(), entities: new Set(), kb: new Set(), nameKeys: new Set(), writtenFor: new Map() };
        const cooc = new Set<string>();
        this.missing = missing;
        this.coocMissing = cooc;
        let answer: T;
        try {
          answer = resolve();
        } finally {
          this.missing = undefined;
          this.coocMissing = undefined;
        }
        const lacking = missing.lookups.size + missing.entities.size + missing.kb.size + missing.nameKeys.size;
        if ((lacking === 0 && cooc.size === 0) || pass >= MAX_CONTEXT_PASSES) return answer;
        if (lacking > 0) await this.fetch(store, missing);
        else await this.fetchCooccurrence(store, cooc);
      }
    } finally {
      this.facts = new Map();
    }
  }

  /** Empties the caches when they have grown past their bound (between documents only). */
  private bound(): void {
    if (this.entities.size + this.lookups.size + this.kbIds.size > RESOLVER_CACHE_SIZE) {
      this.entities = new Map();
      this.lookups = new Map();
      this.kbIds = new Map();
    }
    if (this.nameKeys.size > NAME_KEYS_CACHE_SIZE) this.nameKeys = new Map();
  }

  /** The index entries of one alias of an entity: its name key, and for a person its surname, surname sound and surname start. */
  private static keysOf(type: EntityType, alias: string): { kind: string; key: string }[] {
    const key = foldKey(alias);
    if (key === '') return [];
    const out = [{ kind: 'name', key: `${type}|${key}` }];
    if (type !== 'PERSON') return out;
    const tokens = key.split(' ');
    const surname = tokens[tokens.length - 1]!;
    out.push({ kind: 'surname', key: surname }, { kind: 'sound', key: phoneticKey(surname) }, { kind: 'start', key: surname.slice(0, 3) });
    return out;
  }

  /** A complete lookup from the cache; noted as missing (and empty) when not there. */
  private lookup(kind: string, key: string): readonly EntityId[] {
    return this.lookupKey(`${kind}\u0000${key}`);
  }

  /** `lookup` by `kind\u0000key`; `entities: false` when the entities found need not be cached. */
  private lookupKey(k: string, entities = true): readonly EntityId[] {
    const found = this.lookups.get(k);
    if (found === undefined) {
      this.missing?.lookups.add(k);
      return [];
    }
    if (entities) for (const id of found) if (!this.entities.has(id)) this.missing?.entities.add(id);
    return found;
  }

  /** An entity from the cache; noted as missing (and a blank stand-in returned) when not there. */
  private entity(id: EntityId): Indexed {
    const e = this.entities.get(id);
    if (e) return e;
    this.missing?.entities.add(id);
    return { id, type: 'MISC' as EntityType, name: String(id), keys: new Set(), keyInfos: [], fullNames: [], roles: new Set(), mentions: 0 };
  }

  private byKb(kb: string): EntityId | undefined {
    const found = this.kbIds.get(kb);
    if (found === undefined) {
      this.missing?.kb.add(kb);
      return undefined;
    }
    if (found !== null && !this.entities.has(found)) this.missing?.entities.add(found);
    return found ?? undefined;
  }

  /** Fills the cache with what a resolution pass found missing. */
  private async fetch(store: StoreReader, missing: Missing): Promise<void> {
    const byKind = new Map<string, string[]>();
    for (const k of missing.lookups) {
      const at = k.indexOf('\u0000');
      const kind = k.slice(0, at);
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push(k.slice(at + 1));
    }
    const ids = new Set(missing.entities);
    const people: [string, EntityId[]][] = [];
    for (const [kind, keys] of byKind) {
      for (const [key, found] of await store.entitiesByKey(kind, keys)) {
        const k = `${kind}\u0000${key}`;
        this.lookups.set(k, found);
        if (PERSON_LOOKUPS.has(kind)) people.push([k, found]);
        else for (const id of found) ids.add(id);
      }
    }
    if (missing.kb.size > 0) {
      const found = await store.entitiesByKb([...missing.kb]);
      for (const kb of missing.kb) {
        const id = found.get(kb);
        this.kbIds.set(kb, id ?? null);
        if (id !== undefined) ids.add(id);
      }
    }
    // The people a surname lookup found: their names first, and the whole entity only for those
    // that match a written name that asked (as `personMatch` decides).
    const unknown = new Set(missing.nameKeys);
    for (const [, found] of people) for (const id of found) if (!ids.has(id) && !this.entities.has(id) && !this.nameKeys.has(id)) unknown.add(id);
    if (unknown.size > 0) {
      const found = await store.keysOfEntities('name', [...unknown]);
      for (const id of unknown) this.nameKeys.set(id, keyInfosOf(found.get(id) ?? []));
    }
    for (const [k, found] of people) {
      const written = [...(missing.writtenFor.get(k) ?? [])];
      for (const id of found) {
        if (ids.has(id) || this.entities.has(id)) continue;
        const keys = this.nameKeys.get(id);
        if (keys && bestMatch(id, written, keys)) ids.add(id);
      }
    }
    await this.fetchEntities(store, [...ids].filter((id) => !this.entities.has(id)));
  }

  private async fetchEntities(store: StoreReader, ids: readonly EntityId[]): Promise<void> {
    if (ids.length === 0) return;
    // Names already fetched (`nameKeys`) are not asked again.
    const keys = await store.keysOfEntities(
      'name',
      ids.filter((id) => !this.nameKeys.has(id)),
    );
    for (const e of await store.entityRecords(ids)) {
      const indexed: Indexed = { id: e.id, type: e.type, name: e.name, ...(e.kb !== undefined ? { kb: e.kb } : {}), keys: new Set(), keyInfos: [], fullNames: [], roles: new Set(), mentions: e.mentions };
      for (const info of this.nameKeys.get(e.id) ?? keyInfosOf(keys.get(e.id) ?? [])) {
        const key = info.key;
        indexed.keys.add(key);
        indexed.keyInfos.push(info);
        if (e.type === 'PERSON' && key.includes(' ')) indexed.fullNames.push(key.split(' '));
      }
      this.nameKeys.delete(e.id);
      for (const r of e.roles) indexed.roles.add(foldKey(r.role));
      this.entities.set(e.id, indexed);
      if (e.kb !== undefined) this.kbIds.set(e.kb, e.id);
    }
  }

  /** Entities stored before the name index existed get their keys (once, in the first transaction that links). */
  private async backfillNames(w: StoreWriter): Promise<void> {
    for await (const e of w.read.scan('entities')) {
      const keys = [e.name, ...e.aliases.map((a) => a.alias)].flatMap((alias) => CorpusResolver.keysOf(e.type, alias));
      await w.addEntityKeys(e.id, keys);
    }
    await w.namesDone();
    this.namesBackfill = false;
    this.lookups = new Map();
    this.nameKeys = new Map();
  }

  /**
   * Decides where each entity of the analysis belongs, asking `store` what the cache lacks:
   * resolution passes until a pass needs nothing more (names, entities, co-occurrences).
   */
  async decideIn(store: StoreReader, analysis: Analysis): Promise<Decision[]> {
    return this.inPasses(store, () => this.resolve(analysis));
  }

  /** Adds a name to a cached entity: its keys, in the cache's complete lookups, and queued for the store. */
  private addAlias(e: Indexed, alias: string): void {
    const key = foldKey(alias);
    if (key === '' || e.keys.has(key)) return;
    addKey(e, key);
    for (const k of CorpusResolver.keysOf(e.type, alias)) {
      this.newKeys.push({ id: e.id, ...k });
      const cached = this.lookups.get(`${k.kind}\u0000${k.key}`);
      if (cached && !cached.includes(e.id)) cached.push(e.id);
    }
  }

  /** Whether `a` and `b` share a document, as far as the memo knows; an unknown pair is noted for `link` to ask the store. */
  private cooccur(a: EntityId, b: EntityId): boolean {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const known = this.cooc.get(key);
    if (known === undefined) this.coocMissing?.add(key);
    return known ?? false;
  }

  /** Asks the store the pairs a resolution pass needed. */
  private async fetchCooccurrence(store: StoreReader, pairs: Iterable<string>): Promise<void> {
    const byFirst = new Map<EntityId, EntityId[]>();
    for (const key of pairs) {
      const [a, b] = key.split('|').map(Number) as [number, number];
      let list = byFirst.get(a);
      if (!list) byFirst.set(a, (list = []));
      list.push(b);
    }
    if (this.cooc.size >= COOCCURRENCE_MEMO_SIZE) this.cooc.clear();
    for (const [a, others] of byFirst) {
      const yes = new Set(await store.cooccurring(a, others));
      for (const b of others) this.cooc.set(`${a}|${b}`, yes.has(b));
    }
  }

  /** After linking a document: pairs the memo holds as "never together" are now together. */
  private noteCooccurrence(ids: readonly EntityId[]): void {
    const distinct = [...new Set(ids)];
    for (const a of distinct) {
      for (const b of distinct) {
        if (a >= b) continue;
        const key = `${a}|${b}`;
        if (this.cooc.get(key) === false) this.cooc.set(key, true);
      }
    }
  }

  /**
   * Links the document's entities to corpus entities (creating those not seen before), writes
   * the links with their evidence, and returns document entity id → corpus entity id.
   */
  async link(w: StoreWriter, documentId: DocId, analysis: Analysis, _context: LinkContext = {}): Promise<Map<string, EntityId>> {
    if (this.namesBackfill) await this.backfillNames(w);
    this.bound();
    const decisions = await this.decideIn(w.read, analysis);
    const ids = new Map<string, EntityId>();
    const links: EntityLink[] = [];
    for (const d of decisions) {
      let id = d.target;
      if (id === undefined) {
        const create = d.create!;
        id = await w.createEntity(create);
        if (!this.entities.has(id)) {
          if (create.kb === undefined || this.kbIds.get(create.kb) === null) {
            // A new row: no mentions, roles or keys yet, so it is cached as such without asking the
            // store. Only a KB entity can already exist, stored by another writer meanwhile; not
            // when the cache, current under the write lock, knows its KB id has none (null).
            this.entities.set(id, { id, type: create.type, name: create.name, ...(create.kb !== undefined ? { kb: create.kb } : {}), keys: new Set(), keyInfos: [], fullNames: [], roles: new Set(), mentions: 0 });
          } else await this.fetchEntities(w.read, [id]);
        }
        this.addAlias(this.entities.get(id)!, create.name);
        if (create.kb !== undefined) this.kbIds.set(create.kb, id);
      }
      ids.set(d.entity.id, id);
      const indexed = this.entities.get(id)!;
      const surfaces = d.entity.aliases.length > 0 ? d.entity.aliases : [d.entity.name];
      for (const s of surfaces) this.addAlias(indexed, s);
      // (As the store keeps them: a blank role is not stored, so not cached either.)
      for (const r of d.entity.roles ?? []) if (r.trim() !== '') indexed.roles.add(foldKey(r));
      indexed.mentions += d.entity.mentions.length;
      const within = (d.entity.evidence ?? []).map((detail): MergeEvidence => ({ method: 'document', detail }));
      links.push({
        docEntity: d.entity.id,
        entity: id,
        name: d.entity.name,
        type: d.entity.type,
        surfaces,
        roles: d.entity.roles ?? [],
        mentions: d.entity.mentions.map((m) => ({ start: m.start, end: m.end, text: m.text })),
        evidence: [...d.evidence, ...within],
      });
    }
    await w.addEntityLinks(documentId, links);
    const byEntity = new Map<EntityId, { kind: string; key: string }[]>();
    for (const k of this.newKeys) {
      let list = byEntity.get(k.id);
      if (!list) byEntity.set(k.id, (list = []));
      list.push({ kind: k.kind, key: k.key });
    }
    this.newKeys = [];
    for (const [id, keys] of byEntity) await w.addEntityKeys(id, keys);
    this.noteCooccurrence([...ids.values()]);
    return ids;
  }

  /** Decides, without writing, where each entity of the analysis belongs, from what is cached (`decideIn` asks the store for the rest). */
  resolve(analysis: Analysis): Decision[] {
    // KB-anchored entities first, then full names, then bare names: each step can use the
    // entities already placed as context.
    const entities = analysis.entities;
    const facts = entities.map((e) => this.factsOf(e));
    const order = entities.map((_, i) => i).sort((a, b) => facts[a]!.rank - facts[b]!.rank);
    // An analysis that linked any entity to the KB has already tried the KB on all of them (saksi's
    // analyzer does, with the same KB): trying again would cost time and find nothing new.
    const tryKb = !entities.some((e) => e.kb !== undefined);
    const placed = new Map<string, EntityId>();
    const claimedByName = new Set<EntityId>();
    const decisions = new Map<string, Decision>();
    for (const i of order) {
      const entity = entities[i]!;
      const d = this.decide(entity, facts[i]!, [...placed.values()], claimedByName, tryKb);
      decisions.set(entity.id, d);
      if (d.target !== undefined) {
        placed.set(entity.id, d.target);
        claimedByName.add(d.target);
      }
    }
    return entities.map((e) => decisions.get(e.id)!);
  }

  /** An analysis entity's `Facts`, computed on first use (a document is resolved in several passes). */
  private factsOf(entity: Entity): Facts {
    let f = this.facts.get(entity);
    if (!f) {
      if (this.facts.size >= 10_000) this.facts.clear();
      const names = namesOf(entity);
      const full = names.filter((n) => n.includes(' '));
      const rank = entity.kb !== undefined ? 0 : entity.type !== 'PERSON' ? 1 : full.length > 0 ? 2 : 3;
      f = { surface: entity.aliases[0] ?? entity.name, names, rank, exact: (entity.type === 'PERSON' && full.length > 0 ? full : names).map((n) => `name\u0000${entity.type}|${n}`) };
      this.facts.set(entity, f);
    }
    return f;
  }

  private decide(entity: Entity, facts: Facts, context: readonly EntityId[], claimed: ReadonlySet<EntityId>, tryKb: boolean): Decision {
    const surface = facts.surface;
    const kbEntry = this.kbEntryFor(entity, facts, tryKb);
    if (kbEntry) {
      const { entry, evidence } = kbEntry;
      const existing = this.byKb(entry.id);
      return existing !== undefined
        ? { entity, target: existing, evidence }
        : { entity, create: { type: entry.type, name: entry.name, kb: entry.id }, evidence };
    }

    // Same normalised name, same type.
    const exact = new Set<EntityId>();
    for (const k of facts.exact) for (const id of this.lookupKey(k)) exact.add(id);
    if (exact.size > 0) {
      let pick = this.pickByContext([...exact], entity, context);
      if (!pick) {
        // An ambiguous bare name ("Widodo") seen before went to its own entity: it goes there again.
        const bare = [...exact].filter((id) => this.entity(id).fullNames.length === 0 && this.entity(id).kb === undefined);
        if (bare.length === 1) pick = { id: bare[0]!, why: ' (the same name, still ambiguous)' };
      }
      if (pick) {
        const target = this.entity(pick.id);
        return { entity, target: pick.id, evidence: [{ method: 'name', score: 1, detail: `${surface} → ${target.name}: same normalised name${pick.why}` }] };
      }
    }

    if (entity.type === 'PERSON') {
      const person = this.personMatch(entity, facts, context, claimed);
      if (person) return person;
    }
    return {
      entity,
      create: { type: entity.type, name: entity.name },
      evidence: [{ method: 'new', detail: `${surface}: first seen in the corpus${this.ambiguityNote(entity)}` }],
    };
  }

  /** The KB entry for an entity: its own `kb` id from the analysis, else a KB match of its names (and roles). */
  private kbEntryFor(entity: Entity, facts: Facts, tryKb: boolean): { entry: KbEntry; evidence: MergeEvidence[] } | undefined {
    // The same answer in every pass over the document.
    if (facts.kb?.tryKb === tryKb) return facts.kb.found;
    const found = this.kbEntryOf(entity, facts, tryKb);
    facts.kb = { tryKb, found };
    return found;
  }

  private kbEntryOf(entity: Entity, facts: Facts, tryKb: boolean): { entry: KbEntry; evidence: MergeEvidence[] } | undefined {
    const surface = facts.surface;
    if (entity.kb !== undefined) {
      const entry = this.kb?.byId(entity.kb);
      const name = entry?.name ?? entity.name;
      // How the analysis matched it is in the document's own evidence, kept beside this.
      return {
        entry: entry ?? { id: entity.kb, type: entity.type, name: entity.name, names: { en: entity.name }, aliases: [], roles: [] },
        evidence: [{ method: 'kb-id', score: 1, detail: `${surface} → ${name}: knowledge base ${entity.kb}, as the analysis found` }],
      };
    }
    const kb = this.kb;
    if (!kb || !tryKb) return undefined;
    // The same name with the same roles gets the same answer: remember it (fuzzy matching is the slow part).
    const memoKey = `${entity.type}\u0000${namesOfRaw(entity).join('\u0001')}\u0000${(entity.roles ?? []).join('\u0001')}`;
    if (this.kbMemo.has(memoKey)) return this.kbMemo.get(memoKey) ?? undefined;
    const found = this.kbMatch(kb, entity);
    if (this.kbMemo.size >= KB_MEMO_SIZE) this.kbMemo.clear();
    this.kbMemo.set(memoKey, found ?? null);
    return found;
  }

  private kbMatch(kb: KnowledgeBase, entity: Entity): { entry: KbEntry; evidence: MergeEvidence[] } | undefined {
    const surfaces = namesOfRaw(entity);
    for (const s of surfaces) {
      const matches = kb.lookupMatches(s).filter((m) => m.entry.type === entity.type || compatible(m.entry.type, entity.type));
      const [match, runnerUp] = matches;
      // Two KB entries answering to one name (a shared surname) is no answer.
      if (match && (!runnerUp || match.score > runnerUp.score)) {
        return { entry: match.entry, evidence: [{ method: `kb-${match.how}`, score: round(match.score), detail: `${s} → ${match.entry.name}: KB ${match.how}${match.why ? ` (${match.why})` : ''}` }] };
      }
    }
    if (entity.type !== 'PERSON') return undefined;
    const roles = entity.roles ?? [];
    for (const s of surfaces) {
      for (const role of roles.length > 0 ? roles : [undefined]) {
        const [best] = kb.fuzzy(s, { type: 'PERSON', ...(role ? { role } : {}) });
        if (best && best.score >= KB_FUZZY_ACCEPT) {
          return {
            entry: best.entry,
            evidence: [{ method: role ? 'kb-role' : 'kb-fuzzy', score: round(best.score), detail: `${s}${role ? ` (${role})` : ''} → ${best.entry.name}: KB fuzzy ${best.score.toFixed(2)}, ${best.why}` }],
          };
        }
      }
    }
    return undefined;
  }

  /** Among candidates with the same name, the one context supports; undefined when context cannot tell them apart. */
  private pickByContext(ids: EntityId[], entity: Entity, context: readonly EntityId[]): { id: EntityId; why: string } | undefined {
    if (ids.length === 1) return { id: ids[0]!, why: '' };
    const scored = ids.map((id) => ({ id, ...this.contextScore(id, entity, context) })).sort((a, b) => b.score - a.score || this.entity(b.id).mentions - this.entity(a.id).mentions);
    const [first, second] = scored;
    if (first && second && first.score - second.score >= CONTEXT_MARGIN) return { id: first.id, why: `; context: ${first.why}` };
    return undefined;
  }

  /** Shared roles count 2 each, co-occurring corpus entities 1 each. */
  private contextScore(id: EntityId, entity: Entity, context: readonly EntityId[]): { score: number; why: string } {
    const e = this.entity(id);
    const roles = (entity.roles ?? []).filter((r) => e.roles.has(foldKey(r)));
    const names = [...new Set(context)].filter((c) => c !== id && this.cooccur(id, c)).map((c) => this.entity(c).name);
    const parts: string[] = [];
    if (roles.length > 0) parts.push(`same role ${roles.map((r) => `"${r}"`).join(', ')}`);
    if (names.length > 0) parts.push(`seen with ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`);
    return { score: roles.length * 2 + names.length, why: parts.join('; ') };
  }

  /** Bare surnames and spelling variants of people. */
  private personMatch(entity: Entity, facts: Facts, context: readonly EntityId[], claimed: ReadonlySet<EntityId>): Decision | undefined {
    const surface = facts.surface;
    const written = (facts.written ??= writtenOf(facts.names));
    const candidates = new Set<EntityId>();
    for (const w of written) {
      for (const k of w.lookups) {
        const found = this.lookupKey(k, false);
        if (this.missing && !this.lookups.has(k)) {
          let asked = this.missing.writtenFor.get(k);
          if (!asked) this.missing.writtenFor.set(k, (asked = new Set()));
          for (const x of written) asked.add(x);
        }
        for (const id of found) candidates.add(id);
      }
    }
    const matches: PersonMatch[] = [];
    for (const id of candidates) {
      // Within one document, entities the analysis kept apart stay apart.
      if (claimed.has(id)) continue;
      const e = this.entities.get(id);
      if (!e) {
        // Not cached whole: its names tell whether it matches (most do not), and only then is the
        // whole entity needed (noted as missing; without it, nothing matches in this pass).
        const keys = this.nameKeys.get(id);
        if (keys === undefined) this.missing?.nameKeys.add(id);
        else if (bestMatch(id, written, keys)) this.entity(id);
        continue;
      }
      // The same in every pass over the document (an entity's names only grow, after the passes).
      const memo = (facts.matched ??= new Map()).get(e);
      let best: PersonMatch | undefined;
      if (memo && memo.keys === e.keyInfos.length) best = memo.best;
      else {
        best = bestMatch(id, written, e.keyInfos);
        facts.matched.set(e, { keys: e.keyInfos.length, best });
      }
      if (best) matches.push(best);
    }
    if (matches.length === 0) return undefined;
    let chosen = matches.length === 1 ? { match: matches[0]!, why: '' } : undefined;
    if (!chosen) {
      const pick = this.pickByContext(
        matches.map((m) => m.id),
        entity,
        context,
      );
      if (pick) chosen = { match: matches.find((m) => m.id === pick.id)!, why: pick.why };
    } else {
      const ctx = this.contextScore(chosen.match.id, entity, context);
      if (ctx.score > 0) chosen.why = `; context: ${ctx.why}`;
    }
    if (!chosen) return undefined;
    const { match } = chosen;
    const target = this.entity(match.id);
    const detail =
      match.how === 'surname'
        ? `${surface} → ${target.name}: surname of the only person so named in the corpus${chosen.why}`
        : `${surface} → ${target.name}: spelling variant "${match.a}" ~ "${match.b}" (edit similarity ${match.similarity.toFixed(2)}${match.sameKey ? ', same phonetic key' : ''})${chosen.why}`;
    return { entity, target: match.id, evidence: [{ method: match.how, score: round(match.similarity), detail }] };
  }

  private ambiguityNote(entity: Entity): string {
    if (entity.type !== 'PERSON') return '';
    const tokens = nameTokens(entity.aliases[0] ?? entity.name);
    if (tokens.length !== 1) return '';
    // Only the first four names are written: only those entities are needed.
    const same = this.lookupKey(`surname\u0000${tokens[0]!}`, false);
    return same.length > 1 ? ` (ambiguous: ${same.slice(0, 4).map((id) => this.entity(id).name).join(', ')}${same.length > 4 ? '…' : ''} share the name; kept apart)` : '';
  }
}

/** foldKey of every surface of the entity, longest first. */
function namesOf(e: Entity): string[] {
  const keys = new Set<string>();
  for (const s of [e.name, ...e.aliases]) {
    const k = foldKey(s);
    if (k !== '') keys.add(k);
  }
  return [...keys].sort((a, b) => b.length - a.length);
}

function namesOfRaw(e: Entity): string[] {
  return [...new Set([e.name, ...e.aliases])].filter((s) => s.trim() !== '').sort((a, b) => b.length - a.length);
}

function compatible(a: EntityType, b: EntityType): boolean {
  const place = new Set<EntityType>(['GPE', 'LOC']);
  return place.has(a) && place.has(b);
}

/** A name key split for matching: its tokens, surname (last token) and given names (the others). */
interface KeyInfo {
  readonly key: string;
  readonly tokens: number;
  readonly surname: string;
  readonly given: string;
}

/** Adds a folded name to a cached entity's keys (once), as `fetchEntities` builds them from the store's. */
function addKey(e: Indexed, key: string): void {
  if (key === '' || e.keys.has(key)) return;
  e.keys.add(key);
  e.keyInfos.push(keyInfo(key));
  if (e.type === 'PERSON' && key.includes(' ')) e.fullNames.push(key.split(' '));
}

function keyInfo(key: string): KeyInfo {
  const tokens = key.split(' ');
  return { key, tokens: tokens.length, surname: tokens[tokens.length - 1]!, given: tokens.slice(0, -1).join(' ') };
}

/** `keyInfo` of each distinct key of stored `name` keys (`TYPE|key`), in order. */
function keyInfosOf(stored: readonly string[]): KeyInfo[] {
  const seen = new Set<string>();
  const out: KeyInfo[] = [];
  for (const k of stored) {
    const key = k.slice(k.indexOf('|') + 1);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(keyInfo(key));
  }
  return out;
}

/** The lookups (`kind\u0000key`) that find candidates for a person's name. */
const PERSON_LOOKUPS: ReadonlySet<string> = new Set(['surname', 'sound', 'start']);

/** A written name of a person as `personMatch` compares it, with its index lookups (`kind\u0000key`): surname, surname sound, surname start. */
interface Written extends KeyInfo {
  readonly lookups: readonly string[];
}

/** The token lists `personMatch` compares: the full names, else every name. */
function writtenOf(names: readonly string[]): Written[] {
  const infos = names.map(keyInfo);
  const full = infos.filter((k) => k.tokens > 1);
  return (full.length > 0 ? full : infos).map((k) => ({
    ...k,
    lookups: [`surname\u0000${k.surname}`, `sound\u0000${phoneticKey(k.surname)}`, `start\u0000${k.surname.slice(0, 3)}`],
  }));
}

/** The best `variantMatch` of written names with an entity's names (the first of the most similar). */
function bestMatch(id: EntityId, written: readonly KeyInfo[], keys: readonly KeyInfo[]): PersonMatch | undefined {
  let best: PersonMatch | undefined;
  for (const w of written) {
    for (const k of keys) {
      const m = variantMatch(w, k);
      if (m && (!best || m.similarity > best.similarity)) best = { id, ...m };
    }
  }
  return best;
}

/** What resolving needs of one analysis entity, computed once per entity. */
interface Facts {
  readonly surface: string;
  /** `namesOf`. */
  readonly names: readonly string[];
  /** KB-anchored entities first, then full names, then bare names. */
  readonly rank: number;
  /** The exact step's lookups: `name\u0000TYPE|name` of a person's full names, else of every name. */
  readonly exact: readonly string[];
  written?: Written[];
  /** `personMatch`'s best match with each cached entity it compared, and how many names the entity had then. */
  matched?: Map<Indexed, { readonly keys: number; readonly best: PersonMatch | undefined }>;
  kb?: { readonly tryKb: boolean; readonly found: { entry: KbEntry; evidence: MergeEvidence[] } | undefined };
}

/** A person's name matched to a corpus entity's (`variantMatch`). */
interface PersonMatch {
  readonly id: EntityId;
  readonly similarity: number;
  readonly sameKey: boolean;
  readonly how: 'surname' | 'variant';
  readonly a: string;
  readonly b: string;
}

/** What a resolution pass needed and the cache did not hold. */
interface Missing {
  readonly lookups: Set<string>;
  readonly entities: Set<EntityId>;
  readonly kb: Set<string>;
  /** People a surname lookup found whose names are not cached. */
  readonly nameKeys: Set<EntityId>;
  /** For each missing surname lookup, the written names that asked. */
  readonly writtenFor: Map<string, Set<Written>>;
}

/**
 * How written name tokens match a known name's tokens: the same scheme as within one article.
 * Two full names need similar given names and similar surnames; a single name is compared to
 * the surname (the last token).
 */
function variantMatch(written: KeyInfo, known: KeyInfo): { similarity: number; sameKey: boolean; how: 'surname' | 'variant'; a: string; b: string } | undefined {
  // Both sides are name keys (foldKey output, which folds to itself), so `keySimilarity` is
  // `nameEditSimilarity` without folding them again, and a similarity the lengths already rule out
  // is not computed.
  const sa = written.surname;
  const sb = known.surname;
  if (written.tokens > 1 && known.tokens === 1) {
    // A full name does not attach to a bare name: the bare name may belong to anyone.
    return undefined;
  }
  // The lowest surname similarity that can pass (the same-key rule's).
  if (!mayReach(sa, sb, Math.min(VARIANT_SIMILARITY, VARIANT_SIMILARITY_SAME_KEY))) return undefined;
  if (written.tokens > 1 && known.tokens > 1) {
    const ga = written.given;
    const gb = known.given;
    if (!mayReach(ga, gb, GIVEN_NAME_SIMILARITY) || keySimilarity(ga, gb) < GIVEN_NAME_SIMILARITY) return undefined;
  }
  const surnameSimilarity = keySimilarity(sa, sb);
  if (surnameSimilarity < VARIANT_SIMILARITY_SAME_KEY && surnameSimilarity < VARIANT_SIMILARITY) return undefined;
  const sameKey = phoneticKey(sa) === phoneticKey(sb);
  const longEnough = Math.min(sa.length, sb.length) >= MIN_PHONETIC_LENGTH;
  const ok = surnameSimilarity >= VARIANT_SIMILARITY || (sameKey && longEnough && surnameSimilarity >= VARIANT_SIMILARITY_SAME_KEY);
  if (!ok) return undefined;
  const a = written.key;
  const b = known.key;
  if (written.tokens === 1) return { similarity: surnameSimilarity, sameKey, how: surnameSimilarity === 1 ? 'surname' : 'variant', a, b };
  // The same full name is the exact-name step's business.
  if (a === b) return undefined;
  return { similarity: keySimilarity(a, b), sameKey, how: 'variant', a, b };
}

/** `nameEditSimilarity` of two name keys (already folded: foldKey(key) === key): `stringSimilarity` with a faster edit distance. */
function keySimilarity(a: string, b: string): number {
  const x = a.length > MAX_COMPARE_LENGTH ? a.slice(0, MAX_COMPARE_LENGTH) : a;
  const y = b.length > MAX_COMPARE_LENGTH ? b.slice(0, MAX_COMPARE_LENGTH) : b;
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 1;
  return 1 - editDistance(x, y) / longer;
}

/** For each UTF-16 code unit, the positions (bits) where the pattern holds it; zero between calls. */
const PEQ = new Int32Array(65_536);

/**
 * The Levenshtein distance (`levenshtein`: UTF-16 code units, unit costs), bit-parallel (Myers
 * 1999, as Hyyrö formulates it) when the shorter string has at most 32 code units: one pass over
 * the longer string instead of a row per character. Names are compared by the thousand.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const [p, t] = a.length <= b.length ? [a, b] : [b, a];
  const m = p.length;
  if (m === 0) return t.length;
  if (m > 32) return levenshtein(a, b);
  for (let i = 0; i < m; i++) PEQ[p.charCodeAt(i)]! |= 1 << i;
  const last = 1 << (m - 1);
  let pv = -1;
  let mv = 0;
  let score = m;
  for (let j = 0; j < t.length; j++) {
    const eq = PEQ[t.charCodeAt(j)]!;
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
  }
  for (let i = 0; i < m; i++) PEQ[p.charCodeAt(i)] = 0;
  return score;
}

/**
 * Whether two keys' similarity can reach `min`: the edit distance is at least the difference of
 * their lengths (as compared: cut to MAX_COMPARE_LENGTH), so the similarity is at most
 * 1 − difference / longer.
 */
function mayReach(a: string, b: string, min: number): boolean {
  const la = Math.min(a.length, MAX_COMPARE_LENGTH);
  const lb = Math.min(b.length, MAX_COMPARE_LENGTH);
  const longer = Math.max(la, lb);
  return longer === 0 || 1 - Math.abs(la - lb) / longer >= min;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
