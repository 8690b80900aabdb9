/**
 * The corpus seam: a stage applied to each document as it is stored. Near-duplicate linking,
 * cross-document entity resolution and story grouping are corpus stages; ingest runs them in
 * order, inside the transaction that stores the document, so a document is never half-applied.
 *
 * A stage may keep state between documents (an LSH index, a name index) to stay fast, but that
 * state is a cache of what is committed: `load` (re)reads it, and ingest calls `load` again
 * whenever the store may have changed under it (a rolled-back transaction, another writer).
 */
import type { Analysis } from '../types.js';
import type { DocId, DocumentMetadata, EntityId, StoreReader, StoreWriter, StoredDocument } from '../store/store.js';

/** One document as the corpus stages see it while it is being stored. */
export interface CorpusDocument {
  readonly id: DocId;
  /** The source key it was stored under (path, path#line, URL, WARC record id). */
  readonly key: string;
  readonly analysis: Analysis;
  readonly meta: DocumentMetadata;
  /** MinHash signature (near-duplicates). */
  readonly signature?: Uint32Array;
  /** Document entity id (`e1`...) → corpus entity id: filled by the entity stage, read by later stages. */
  readonly entityIds: Map<string, EntityId>;
  /** The earlier documents this one was found to copy: filled by the near-duplicate stage. */
  readonly copyOf: { readonly id: DocId; readonly similarity: number }[];
  /**
   * Optional. Earlier-stored copies that now point at this document, because it is the earliest
   * copy of their story (published first): filled by the near-duplicate stage when present.
   */
  readonly copies?: DocId[];
}

export interface CorpusStage {
  /** A short name for messages and timings: 'near-duplicates', 'entities', 'stories'. */
  readonly name: string;
  /**
   * Reads whatever the stage keeps between documents from the committed store. Ingest calls it
   * inside a write transaction, with the transaction's reader (`writer.read`), when the store's
   * change counter says another writer committed since the stage last loaded (or a batch rolled
   * back): what a stage resolves against is then always what is committed. A `Store` is a reader too.
   */
  load(store: StoreReader): Promise<void>;
  /** Applies one newly stored document; runs inside the write transaction, every read through `tx`. */
  apply(tx: StoreWriter, doc: CorpusDocument): Promise<void>;
}

/** A stored document's metadata, as `CorpusDocument.meta` (for stages applied again to stored documents). */
export function metadataOf(doc: StoredDocument): DocumentMetadata {
  const { id: _i, sourceKey: _k, contentHash: _h, text: _t, ingestedAt: _a, copyOf: _o, copies: _c, duplicateKeys: _d, ...meta } = doc;
  return meta;
}
