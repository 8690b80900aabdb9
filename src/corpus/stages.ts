/**
 * The built-in corpus stages, in the order ingest runs them on each stored document:
 * near-duplicates (copy-of links), entities (cross-document resolution), claims (stored with
 * their speakers, the entities they are about, and their quantities and dates). Further stages
 * (stories) are passed to `ingest` and run after these.
 */
import type { Analysis, Claim } from '../types.js';
import type { ClaimDate, ClaimQuantity, EntityId, NewClaim, StoreReader, StoreWriter } from '../store/store.js';
import type { CorpusDocument, CorpusStage } from './stage.js';
import { CorpusResolver } from './entities.js';
import { NearDuplicateIndex } from './near-index.js';

/** Links a document to the earliest copy of its story (MinHash/LSH), relinking the group when it is the earliest. */
export class NearDuplicateStage implements CorpusStage {
  readonly name = 'near-duplicates';
  private index = new NearDuplicateIndex();

  async load(store: StoreReader): Promise<void> {
    await this.index.reload(store);
  }

  async apply(tx: StoreWriter, doc: CorpusDocument): Promise<void> {
    if (!doc.signature) return;
    const links = this.index.add(doc.id, doc.signature, doc.meta.published);
    for (const link of links) {
      await tx.linkCopy(link.document, link.target, link.similarity);
      if (link.document === doc.id) doc.copyOf.push({ id: link.target, similarity: link.similarity });
      else doc.copies?.push(link.document);
    }
  }
}

/** Links the document's entities to corpus entities and fills `doc.entityIds`. */
export class EntityStage implements CorpusStage {
  readonly name = 'entities';

  constructor(readonly resolver: CorpusResolver) {}

  async load(store: StoreReader): Promise<void> {
    await this.resolver.reload(store);
  }

  async apply(tx: StoreWriter, doc: CorpusDocument): Promise<void> {
    const ids = await this.resolver.link(tx, doc.id, doc.analysis, { source: doc.meta.source, published: doc.meta.published });
    for (const [k, v] of ids) doc.entityIds.set(k, v);
  }
}

/** Stores the document's claims with corpus entity ids, quantities and dates (after the entity stage). */
export class ClaimStage implements CorpusStage {
  readonly name = 'claims';

  async load(): Promise<void> {
    // Nothing kept between documents.
  }

  async apply(tx: StoreWriter, doc: CorpusDocument): Promise<void> {
    await tx.addClaims(doc.id, claimsOf(doc.analysis, doc.entityIds));
  }
}

/** The analysis's claims with their document entity ids mapped to corpus entities, and their linked quantities and dates. */
export function claimsOf(analysis: Analysis, entityIds: ReadonlyMap<string, EntityId>): NewClaim[] {
  const ids = (list: readonly (string | undefined)[]): EntityId[] => {
    const out = new Set<EntityId>();
    for (const e of list) {
      const id = e === undefined ? undefined : entityIds.get(e);
      if (id !== undefined) out.add(id);
    }
    return [...out];
  };
  return analysis.claims.map((claim: Claim) => {
    const speakers = ids(claim.speakers.map((s) => s.entity));
    const quantities: ClaimQuantity[] = [];
    for (const i of claim.quantities ?? []) {
      const q = analysis.quantities[i];
      if (!q) continue;
      quantities.push({
        ...(q.value !== undefined ? { value: q.value } : {}),
        ...(q.low !== undefined ? { low: q.low } : {}),
        ...(q.high !== undefined ? { high: q.high } : {}),
        ...(q.unit !== undefined ? { unit: q.unit } : {}),
        kind: q.kind,
        ...(q.currency !== undefined ? { currency: q.currency } : {}),
        start: q.start,
        end: q.end,
        text: q.text,
      });
    }
    const dates: ClaimDate[] = [];
    for (const i of claim.dates ?? []) {
      const d = analysis.dates[i];
      if (d) dates.push({ value: d.value, relative: d.relative, start: d.start, end: d.end, text: d.text });
    }
    return {
      claimId: claim.id,
      start: claim.start,
      end: claim.end,
      text: claim.text,
      quote: claim.quote,
      stance: claim.stance,
      ...(claim.cue ? { cue: claim.cue.text } : {}),
      ...(claim.target !== undefined ? { target: claim.target } : {}),
      speakerText: claim.speakers.map((s) => s.text),
      speakers,
      about: ids(claim.entities).filter((e) => !speakers.includes(e)),
      ...(quantities.length > 0 ? { quantities } : {}),
      ...(dates.length > 0 ? { dates } : {}),
    };
  });
}
