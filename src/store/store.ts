/**
 * The corpus store: one small interface, implemented on SQLite (src/store/sqlite.ts) and meant to
 * be implemented on PostgreSQL later against the same contract suite (test/store-contract.ts).
 *
 * Every method is async so that a networked backend fits; the SQLite implementation answers at
 * once. Writes happen only inside `transaction()`, which is what makes an ingest crash-safe: a
 * batch is either all in the store or not at all.
 *
 * Spans are stored as UTF-16 offsets with their text already sliced in TypeScript; a backend never
 * slices text (SQLite's and PostgreSQL's substr count code points, not UTF-16 units).
 */
import type { Analysis, DocumentMetadata, EntityType, Stance } from '../types.js';
import { foldWords } from '../kb/fold.js';
import type { StoryReader, StoryWriter } from './stories.js';

export type DocId = number;
export type EntityId = number;

/** What a backend can do; read-only, fixed when the store is opened. */
export interface StoreCapabilities {
  /** Opened for reading only: `transaction()` rejects. */
  readonly readOnly: boolean;
  /** Full-text search ignores diacritics ("Zelenskyy" finds "Zelenskyy", "resume" finds "résumé"). */
  readonly diacriticInsensitiveSearch: boolean;
  /** Search hits carry highlighted snippets (else `snippet` is a plain prefix of the text). */
  readonly snippets: boolean;
  /** Several processes may write at once (SQLite: one writer at a time, others wait). */
  readonly concurrentWriters: boolean;
}

/** Document metadata: the one type of src/types.ts, re-exported here under the store's name. */
export type { DocumentMetadata } from '../types.js';

export interface NewDocument extends DocumentMetadata {
  /** Stable per input item (path, path#line, url, WARC record id). */
  readonly sourceKey: string;
  /** Hash of the input as read (before extraction), to skip unchanged inputs on a re-run. */
  readonly rawHash: string;
  /** Hash of the normalised plain text: the identity of a document. */
  readonly contentHash: string;
  readonly text: string;
  readonly analysis?: Analysis;
  /**
   * Optional: `analysis` without its `text`, already serialised as JSON (ingest workers make it):
   * a backend that stores the analysis as JSON stores this string instead of serialising again.
   */
  readonly analysisJson?: string;
  /** MinHash signature for near-duplicate detection. */
  readonly signature?: Uint32Array;
}

export interface StoredDocument extends DocumentMetadata {
  readonly id: DocId;
  readonly sourceKey: string;
  readonly contentHash: string;
  readonly text: string;
  /** ISO date-time of the ingest. */
  readonly ingestedAt: string;
  /** The earliest copy this document is a near-duplicate of. */
  readonly copyOf?: { readonly id: DocId; readonly similarity: number };
  /** Later near-duplicates of this document. */
  readonly copies: DocId[];
  /** Other source keys that held exactly this text. */
  readonly duplicateKeys: string[];
}

/** What the store knows of one input key. */
export interface SourceState {
  readonly key: string;
  readonly rawHash: string;
  readonly documentId: DocId;
  /** `document`: this key brought the document in; `exact-duplicate`: it held a copy of one already stored. */
  readonly kind: 'document' | 'exact-duplicate';
}

export interface NewEntity {
  readonly type: EntityType;
  readonly name: string;
  readonly kb?: string;
}

/** One merge decision, kept and shown: "Zielinski → Volodymyr Zelensky: KB alias fuzzy 0.82, same phonetic key". */
export interface MergeEvidence {
  /** `kb-id`, `kb-alias`, `kb-fuzzy`, `kb-role`, `name`, `variant`, `surname`, `context`, `new`, `document`. */
  readonly method: string;
  readonly score?: number;
  readonly detail: string;
}

/** One document entity linked to one corpus entity, with what it contributes. */
export interface EntityLink {
  /** `entities[].id` in the document's analysis. */
  readonly docEntity: string;
  readonly entity: EntityId;
  readonly name: string;
  readonly type: EntityType;
  readonly surfaces: readonly string[];
  readonly roles: readonly string[];
  /** Mention spans, text sliced in TypeScript. */
  readonly mentions: readonly { readonly start: number; readonly end: number; readonly text: string }[];
  readonly evidence: readonly MergeEvidence[];
}

export interface NewClaim {
  /** `claims[].id` in the analysis. */
  readonly claimId: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly quote: boolean;
  readonly stance: Stance;
  readonly cue?: string;
  readonly target?: string;
  /** Speaker surfaces as written ("Mark Roth", "seorang pejabat"). */
  readonly speakerText: readonly string[];
  readonly speakers: readonly EntityId[];
  /** Corpus entities mentioned inside the claim. */
  readonly about: readonly EntityId[];
  /** The quantities the analysis linked to the claim, in its order (absent: none). */
  readonly quantities?: readonly ClaimQuantity[];
  /** The dates the analysis linked to the claim, in its order (absent: none). */
  readonly dates?: readonly ClaimDate[];
}

/** A quantity linked to a claim, as stored: the value (or range), unit and the span it was read from. */
export interface ClaimQuantity {
  readonly value?: number;
  readonly low?: number;
  readonly high?: number;
  /** The counted noun or measure ("tentara", "km"). */
  readonly unit?: string;
  /** `count`, `percent`, `money`, `measure`. */
  readonly kind?: string;
  /** ISO 4217, for money. */
  readonly currency?: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A date linked to a claim, as stored: its ISO value (as precise as the text) and span. */
export interface ClaimDate {
  /** ISO 8601: '2024', '2024-06', '2024-10-17'. */
  readonly value: string;
  /** Resolved against the article's date rather than written out in full. */
  readonly relative: boolean;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface FailureRecord {
  readonly key: string;
  readonly origin: string;
  readonly code: string;
  readonly message: string;
}

/** The write side, only handed out inside `Store.transaction()`. Story methods: stories.ts. */
export interface StoreWriter extends StoryWriter {
  /** Stores a document unless one with the same content hash is there; says which. */
  addDocument(doc: NewDocument): Promise<{ readonly id: DocId; readonly created: boolean }>;
  /**
   * Records that `key` (read with `rawHash`) held a copy of an already stored document. A key that
   * brought that very document in stays its `document` key (its raw hash is updated).
   */
  addDuplicateKey(key: string, rawHash: string, documentId: DocId): Promise<void>;
  createEntity(entity: NewEntity): Promise<EntityId>;
  /** Links document entities to corpus entities: mentions, aliases, roles, evidence. */
  addEntityLinks(documentId: DocId, links: readonly EntityLink[]): Promise<void>;
  addClaims(documentId: DocId, claims: readonly NewClaim[]): Promise<void>;
  /** `documentId` is a near-duplicate of `targetId` (replaces any earlier copy-of of `documentId`). */
  linkCopy(documentId: DocId, targetId: DocId, similarity: number): Promise<void>;
  recordFailure(failure: FailureRecord): Promise<void>;
  clearFailure(key: string): Promise<void>;
  /** Indexes a document's LSH band keys (`keys[b]` for band `b`) for `nearDuplicateCandidates`. */
  addBandKeys(documentId: DocId, keys: readonly number[]): Promise<void>;
  /** Every stored signature has its band keys now: `bandsPending()` turns false. */
  bandsDone(): Promise<void>;
  /** Indexes an entity under (`kind`, `key`) pairs for `entitiesByKey` (a pair already there is kept). */
  addEntityKeys(entityId: EntityId, keys: readonly { readonly kind: string; readonly key: string }[]): Promise<void>;
  /** Every stored entity has its name keys now: `namesPending()` turns false. */
  namesDone(): Promise<void>;
  /**
   * Forgets what the corpus stages derived, before `saksi rebuild` applies them again
   * (src/corpus/rebuild.ts). `nearDuplicates`: every copy-of link and LSH band key. `entities`:
   * every corpus entity with its aliases, roles, name keys, evidence, document links and
   * mentions, and the claims (which name entities); entity ids start again from 1. Both pending
   * flags turn false (the stages add keys to every document and entity they apply to). Stories
   * name entities too: clear them with `storyClear`.
   */
  clearDerived(parts: { readonly nearDuplicates?: boolean; readonly entities?: boolean }): Promise<void>;
  /**
   * Reads inside this transaction: they see its own writes and what other writers committed
   * before it began, nothing else. Read through this, never through the `Store`, while writing.
   */
  readonly read: StoreReader;
  /**
   * The store's change counter as this transaction sees it. Every committed transaction bumps it
   * by one, so a writer that saw `n` after its own commit knows, on finding `n` again at its next
   * transaction, that no other writer committed in between (and its caches are still good).
   */
  changeCount(): Promise<number>;
}

/** The read side of a store: what `Store` offers, and what a transaction offers as `writer.read`. */
export type StoreReader = Pick<
  Store,
  | 'sourceState'
  | 'documentByHash'
  | 'getDocument'
  | 'getAnalysis'
  | 'documentEntities'
  | 'listEntities'
  | 'findEntities'
  | 'entityDetail'
  | 'nearDuplicateCandidates'
  | 'signatures'
  | 'copiesOf'
  | 'bandsPending'
  | 'cooccurring'
  | 'entitiesByKey'
  | 'keysOfEntities'
  | 'entitiesByKb'
  | 'entityRecords'
  | 'namesPending'
  | 'scan'
  | 'stats'
  | 'documentIdsInOrder'
>;

export interface SearchQuery {
  /** Full-text query in saksi's own syntax (docs/search.md, src/store/query.ts): words ANDed, "phrases", -exclusions, OR, prefix*. */
  readonly query: string;
  readonly language?: string;
  /** YYYY-MM-DD, inclusive. */
  readonly since?: string;
  /** YYYY-MM-DD, inclusive. */
  readonly until?: string;
  readonly source?: string;
  readonly limit?: number;
}

export interface SearchHit {
  readonly id: DocId;
  readonly title?: string;
  readonly url?: string;
  readonly source?: string;
  readonly published?: string;
  readonly language?: string;
  /** Higher is better. */
  readonly score: number;
  /** A passage with matches between `\u0002` and `\u0003` (see `HIGHLIGHT_OPEN`). */
  readonly snippet: string;
  readonly titleHighlighted?: string;
  /** Set when this hit is a near-duplicate of an earlier document. */
  readonly copyOf?: DocId;
}

export const HIGHLIGHT_OPEN = '\u0002';
export const HIGHLIGHT_CLOSE = '\u0003';

export interface EntitySummary {
  readonly id: EntityId;
  readonly type: EntityType;
  readonly name: string;
  readonly kb?: string;
  readonly mentions: number;
  readonly documents: number;
}

export interface EntityRecord extends EntitySummary {
  readonly aliases: readonly { readonly alias: string; readonly count: number }[];
  readonly roles: readonly { readonly role: string; readonly count: number }[];
}

export interface ClaimRecord {
  readonly documentId: DocId;
  readonly claimId: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly quote: boolean;
  readonly stance: Stance;
  readonly cue?: string;
  readonly target?: string;
  readonly speakerText: readonly string[];
  readonly speakers: readonly EntityId[];
  readonly about: readonly EntityId[];
  /** The quantities linked to the claim (empty when none, or stored before schema 2). */
  readonly quantities: readonly ClaimQuantity[];
  /** The dates linked to the claim (empty when none, or stored before schema 2). */
  readonly dates: readonly ClaimDate[];
  readonly published?: string;
  readonly source?: string;
  readonly title?: string;
}

/** A distinct reason an entity gathered its mentions, how often it applied, and where first. */
export interface EvidenceRecord extends MergeEvidence {
  readonly count: number;
  readonly documentId: DocId;
  readonly docEntity: string;
  readonly surface: string;
}

export interface EntityDetail extends EntityRecord {
  readonly bySource: readonly { readonly source: string; readonly mentions: number; readonly documents: number }[];
  /** YYYY-MM, ascending; documents without a date are under `unknown`. */
  readonly byMonth: readonly { readonly month: string; readonly mentions: number; readonly documents: number }[];
  readonly claimsBy: readonly ClaimRecord[];
  readonly claimsAbout: readonly ClaimRecord[];
  readonly evidence: readonly EvidenceRecord[];
}

/** How a document's entities were linked, for `saksi show`. */
export interface DocumentEntityLink {
  readonly docEntity: string;
  readonly entity: EntityId;
  readonly name: string;
  readonly evidence: readonly MergeEvidence[];
}

export interface SignatureRecord {
  readonly id: DocId;
  readonly signature: Uint32Array;
  readonly published?: string;
  readonly copyOf?: DocId;
}

export interface DocumentRow extends DocumentMetadata {
  readonly id: DocId;
  readonly sourceKey: string;
  readonly contentHash: string;
  readonly ingestedAt: string;
  readonly copyOf?: DocId;
  readonly text: string;
}

/** One document entity's link to a corpus entity, in document order. */
export interface LinkRecord {
  readonly documentId: DocId;
  readonly docEntity: string;
  readonly entityId: EntityId;
}

export interface StoredFailure extends FailureRecord {
  readonly at: string;
}

/** What `scan()` streams, by kind. */
export interface ScanRows {
  readonly documents: DocumentRow;
  readonly entities: EntityRecord;
  readonly claims: ClaimRecord;
  readonly signatures: SignatureRecord;
  readonly failures: StoredFailure;
  readonly links: LinkRecord;
}

/** A filter and page over the stored documents, newest first (`listDocuments`). */
export interface DocumentListQuery {
  readonly language?: string;
  readonly source?: string;
  /** YYYY-MM-DD, inclusive, on the published date. */
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** One document in a list: its metadata, without the text. */
export interface DocumentSummary extends DocumentMetadata {
  readonly id: DocId;
  readonly ingestedAt: string;
  /** Length of the text in UTF-16 units. */
  readonly length: number;
  readonly copyOf?: DocId;
}

export interface StoreStats {
  readonly documents: number;
  readonly exactDuplicateKeys: number;
  readonly nearDuplicates: number;
  readonly entities: number;
  readonly mentions: number;
  readonly claims: number;
  readonly failures: number;
}

/** Story methods: stories.ts. */
export interface Store extends StoryReader {
  readonly capabilities: StoreCapabilities;
  /** A human-readable location: the file path, the connection string without password. */
  readonly location: string;

  /**
   * Runs `fn` in one transaction: all its writes are committed together or not at all.
   * Do not await I/O inside `fn`; transactions do not nest.
   * @example await store.transaction(async (w) => w.recordFailure(f));
   */
  transaction<T>(fn: (writer: StoreWriter) => Promise<T>): Promise<T>;

  sourceState(key: string): Promise<SourceState | undefined>;
  documentByHash(contentHash: string): Promise<DocId | undefined>;
  getDocument(id: DocId): Promise<StoredDocument | undefined>;
  getAnalysis(id: DocId): Promise<Analysis | undefined>;
  documentEntities(id: DocId): Promise<DocumentEntityLink[]>;

  /** Documents by published date (then id), newest first, with the number matching the filter. */
  listDocuments(query?: DocumentListQuery): Promise<{ readonly total: number; readonly items: DocumentSummary[] }>;

  /** Ranked full-text search; a query with nothing to look for rejects with `SearchSyntaxError` (code 'bad-query'). */
  search(query: SearchQuery): Promise<SearchHit[]>;

  /** Entities by mention count, most first. */
  listEntities(options?: { readonly type?: EntityType; readonly top?: number }): Promise<EntitySummary[]>;
  /** Entities whose name or an alias equals `name` (folded), or holds it as whole words; best first. */
  findEntities(name: string): Promise<EntitySummary[]>;
  entityDetail(id: EntityId, options?: { readonly claimLimit?: number }): Promise<EntityDetail | undefined>;

  /**
   * Near-duplicate candidates: documents with a band key equal to `keys[b]` in some band `b`
   * (`addBandKeys`), ordered by the first band they share, then by id; at most `perBand` per band
   * (the first stored), each once.
   */
  nearDuplicateCandidates(keys: readonly number[], perBand: number): Promise<DocId[]>;
  /** The signatures (with date and copy-of) of these documents, in the order asked; missing ids are left out. */
  signatures(ids: readonly DocId[]): Promise<SignatureRecord[]>;
  /** The documents linked copy-of `id`, by id. */
  copiesOf(id: DocId): Promise<DocId[]>;
  /** For each key, the entities indexed under (`kind`, key) by `addEntityKeys`, in the order added. */
  entitiesByKey(kind: string, keys: readonly string[]): Promise<Map<string, EntityId[]>>;
  /** The keys of one kind indexed for each of these entities, in the order added. */
  keysOfEntities(kind: string, ids: readonly EntityId[]): Promise<Map<EntityId, string[]>>;
  /** The corpus entities with these knowledge-base ids. */
  entitiesByKb(kbIds: readonly string[]): Promise<Map<string, EntityId>>;
  /** These entities with their aliases and roles (as `scan('entities')` gives them), in the order asked; missing ids left out. */
  entityRecords(ids: readonly EntityId[]): Promise<EntityRecord[]>;
  /** True while entities stored before name keys existed have none yet (`addEntityKeys` them, then `namesDone`). */
  namesPending(): Promise<boolean>;
  /** Those of `others` that share at least one document with entity `id`. */
  cooccurring(id: EntityId, others: readonly EntityId[]): Promise<EntityId[]>;
  /** True while documents stored before band keys existed have none yet (`addBandKeys` them, then `bandsDone`). */
  bandsPending(): Promise<boolean>;

  /**
   * Every document id in the order `saksi rebuild` applies the corpus stages in: by published day
   * (`published_date`, undated last), then by content hash (bytewise). Nothing in it depends on
   * the order documents arrived in.
   */
  documentIdsInOrder(): Promise<DocId[]>;

  /** Streams every row of a kind in id order, without holding them all in memory. */
  scan<K extends keyof ScanRows>(kind: K): AsyncIterable<ScanRows[K]>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

/**
 * The tables (or row sets) `clearDerived` empties, in an order that deletes children before their
 * parents; both backends name their tables alike.
 */
export function derivedTables(parts: { readonly nearDuplicates?: boolean; readonly entities?: boolean }): string[] {
  return [
    ...(parts.nearDuplicates ? [`relations WHERE kind = 'copy-of'`, 'lsh_bands'] : []),
    ...(parts.entities
      ? ['claim_entities', 'claim_quantities', 'claim_dates', 'claims', 'mentions', 'evidence', 'document_entities', 'entity_roles', 'entity_aliases', 'entity_keys', 'entities']
      : []),
  ];
}

/** A store error the user can act on (missing store, bad query, newer schema): no stack needed. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: 'missing' | 'not-a-store' | 'newer-schema' | 'bad-query' | 'read-only' | 'io' | 'unavailable',
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The default store file, relative to the working directory. */
export const DEFAULT_STORE_PATH = './saksi.db';

/** The store path from `--db`, else `SAKSI_DB`, else `./saksi.db`. */
export function storePath(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? (env['SAKSI_DB'] || DEFAULT_STORE_PATH);
}

/**
 * Folds a name for alias lookups: NFKD, marks removed, lower case, spaces collapsed (the kb's foldWords).
 * @example foldAlias('  Zelenskyy ') // 'zelenskyy'; foldAlias('Sérgio') // 'sergio'
 */
export const foldAlias: (name: string) => string = foldWords;
