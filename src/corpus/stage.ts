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
  /**
   * Optional: applies the documents of one transaction at once, in order, giving what `apply` on
   * each in turn would. Only the last stage of a list is run so (after the others have seen every
   * document of the transaction), so such a stage must not read what the earlier stages write.
   */
  applyBatch?(tx: StoreWriter, docs: readonly CorpusDocument[]): Promise<void>;
  /** With `applyBatch`: whether this store's writer gains from it (else `apply` runs on each document as it comes). */
  batches?(tx: StoreWriter): boolean;
}

/** A stored document's metadata, as `CorpusDocument.meta` (for stages applied again to stored documents). */
export function metadataOf(doc: StoredDocument): DocumentMetadata {
  const { id: _i, sourceKey: _k, contentHash: _h, text: _t, ingestedAt: _a, copyOf: _o, copies: _c, duplicateKeys: _d, ...meta } = doc;
  return meta;
}

/**
 * The corpus stages of one ingest and what they were loaded from. Their state is a cache of the
 * committed store: valid while the store's change counter is the one seen after this writer's own
 * last commit. Another writer's commit (or a rolled-back batch) makes `ensure` reload them, inside
 * the transaction that is about to use them, so they resolve against exactly what is committed.
 */
export class CorpusStages {
  /** The change counter the stages' state matches; undefined: must load. */
  private valid: number | undefined;
  /** The last stage, when it takes a transaction's documents at once (`finish`), and the documents waiting for it. */
  private readonly batched: CorpusStage | undefined;
  private readonly each: readonly CorpusStage[];
  private waiting: CorpusDocument[] = [];

  constructor(readonly list: readonly CorpusStage[]) {
    const last = list[list.length - 1];
    this.batched = last?.applyBatch ? last : undefined;
    this.each = this.batched ? list.slice(0, -1) : list;
  }

  /** At the start of a transaction: reloads the stages when the store changed under them. */
  async ensure(w: StoreWriter): Promise<number> {
    const now = await w.changeCount();
    if (now !== this.valid) {
      for (const stage of this.list) await stage.load(w.read);
    }
    return now;
  }

  /** The stages match the store at change counter `counter` (no reload needed). */
  current(counter: number): boolean {
    return counter === this.valid;
  }

  /** After a commit that began at `counter`: the stages match the store as this writer left it. */
  committed(counter: number): void {
    this.valid = counter + 1;
  }

  /** A transaction rolled back: the stages may hold what was never committed. */
  invalidate(): void {
    this.valid = undefined;
    this.waiting = [];
  }

  /** Applies the stages to a stored document (the last one may wait for `finish`). */
  async apply(w: StoreWriter, doc: CorpusDocument): Promise<void> {
    for (const stage of this.each) await stage.apply(w, doc);
    if (!this.batched) return;
    if (this.batched.batches?.(w) === false) await this.batched.apply(w, doc);
    else this.waiting.push(doc);
  }

  /** Before the transaction commits: applies the batched stage to the documents waiting for it. */
  async finish(w: StoreWriter): Promise<void> {
    const docs = this.waiting;
    this.waiting = [];
    if (docs.length > 0) await this.batched!.applyBatch!(w, docs);
  }
}
