/**
 * The built-in corpus stages, in the order ingest runs them on each stored document:
 * near-duplicates (copy-of links), entities (cross-document resolution), claims (stored with
 * their speakers, the entities they are about, and their quantities and dates). Further stages
 * (stories) are passed to `ingest` and run after these.
 */
import type { Analysis, Claim } from '../types.js';
import type { ClaimDate, ClaimQuantity, DocId, EntityId, NewClaim, SignatureRecord, StoreReader, StoreWriter } from '../store/store.js';
import type { CorpusDocument, CorpusStage } from './stage.js';
import { CorpusResolver } from './entities.js';
import { NEAR_DUPLICATE_THRESHOLD, lshBandKeys, signatureSimilarity } from './near-duplicates.js';
import { earlier, parseDate, round3 } from './near-index.js';

/**
 * Links a document to the earliest copy of its story (MinHash/LSH), relinking the group when it is
 * the earliest. The index lives in the store (each document's LSH band keys, looked up per
 * document): nothing grows in memory with the corpus, and nothing needs reloading when another
 * writer commits. The same decisions as the in-memory `NearDuplicateIndex`: candidates in band
 * order, then storage order; the most similar at or above the threshold; its group's root.
 */
export class NearDuplicateStage implements CorpusStage {
  readonly name = 'near-duplicates';
  /** Set by `load` when older documents have no band keys yet: `apply` adds them first. */
  private backfill = false;

  /**
   * `order`, when given, replaces the document id wherever ingest order breaks a tie (two
   * candidates equally similar; two copies of one date, or both undated): `saksi rebuild` passes
   * each document's position in its canonical order, so that nothing depends on arrival order.
   */
  constructor(private readonly order?: (id: DocId) => number) {}

  async load(store: StoreReader): Promise<void> {
    this.backfill = await store.bandsPending();
  }

  async apply(tx: StoreWriter, doc: CorpusDocument): Promise<void> {
    if (this.backfill) {
      for await (const s of tx.read.scan('signatures')) await tx.addBandKeys(s.id, lshBandKeys(s.signature));
      await tx.bandsDone();
      this.backfill = false;
    }
    if (!doc.signature) return;
    const keys = lshBandKeys(doc.signature);
    const candidates = (await tx.read.nearDuplicateCandidates(keys, LSH_MAX_BUCKET)).filter((id) => id !== doc.id);
    await tx.addBandKeys(doc.id, keys);
    let best: { record: SignatureRecord; similarity: number } | undefined;
    for (const record of await tx.read.signatures(candidates)) {
      const similarity = signatureSimilarity(doc.signature, record.signature);
      if (similarity < NEAR_DUPLICATE_THRESHOLD) continue;
      if (!best || similarity > best.similarity || (this.order && similarity === best.similarity && this.order(record.id) < this.order(best.record.id))) best = { record, similarity };
    }
    if (!best) return;
    const rootId = best.record.copyOf ?? best.record.id;
    const root = rootId === best.record.id ? best.record : (await tx.read.signatures([rootId]))[0];
    if (!root) return;
    const rank = this.order ?? ((id: DocId) => id);
    const node = { id: rank(doc.id), published: parseDate(doc.meta.published) };
    if (earlier({ id: rank(root.id), published: parseDate(root.published) }, node)) {
      const similarity = round3(signatureSimilarity(doc.signature, root.signature));
      await tx.linkCopy(doc.id, root.id, similarity);
      doc.copyOf.push({ id: root.id, similarity });
      return;
    }
    // The new document is the earliest copy: the group moves under it.
    const members = await tx.read.signatures([root.id, ...(await tx.read.copiesOf(root.id))]);
    for (const member of members) {
      await tx.linkCopy(member.id, doc.id, round3(signatureSimilarity(member.signature, doc.signature)));
      doc.copies?.push(member.id);
    }
  }
}

/** Ids kept per LSH bucket (as the in-memory index): a pathological bucket's first documents stay findable. */
export const LSH_MAX_BUCKET = 1000;

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
