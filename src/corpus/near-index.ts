/**
 * Near-duplicate groups in memory: an LSH index over the stored signatures, and for each document
 * the earliest copy of its group (its root). The near-duplicate corpus stage keeps this index in
 * the store instead (flat memory); this class stays for library users and as the reference the
 * stage's decisions are tested against.
 */
import type { DocId, StoreReader } from '../store/store.js';
import { LshIndex, NEAR_DUPLICATE_THRESHOLD, signatureSimilarity } from './near-duplicates.js';

/** When two copies of a story both have a date, the earlier is the original; otherwise ingest order decides. */
export function earlier(a: { published?: number; id: DocId }, b: { published?: number; id: DocId }): boolean {
  if (a.published !== undefined && b.published !== undefined && a.published !== b.published) return a.published < b.published;
  if (a.published !== undefined && b.published === undefined) return true;
  if (a.published === undefined && b.published !== undefined) return false;
  return a.id < b.id;
}

export function parseDate(published: string | undefined): number | undefined {
  if (!published) return undefined;
  const t = Date.parse(published);
  return Number.isNaN(t) ? undefined : t;
}

interface CopyNode {
  readonly id: DocId;
  readonly signature: Uint32Array;
  readonly published?: number;
  root: DocId;
}

/**
 * Near-duplicate groups in memory: an LSH index over every stored signature, and for each
 * document the earliest copy of its group (its root). Loaded from the store at the start.
 */
export class NearDuplicateIndex {
  private lsh = new LshIndex();
  private nodes = new Map<DocId, CopyNode>();
  private members = new Map<DocId, Set<DocId>>();

  static async load(store: StoreReader): Promise<NearDuplicateIndex> {
    const index = new NearDuplicateIndex();
    await index.reload(store);
    return index;
  }

  async reload(store: StoreReader): Promise<void> {
    this.lsh = new LshIndex();
    this.nodes = new Map();
    this.members = new Map();
    const roots = new Map<DocId, DocId>();
    for await (const s of store.scan('signatures')) {
      const published = parseDate(s.published);
      this.nodes.set(s.id, { id: s.id, signature: s.signature, ...(published !== undefined ? { published } : {}), root: s.id });
      if (s.copyOf !== undefined) roots.set(s.id, s.copyOf);
      this.lsh.add(String(s.id), s.signature);
    }
    for (const [id, root] of roots) {
      const node = this.nodes.get(id);
      if (node && this.nodes.has(root)) {
        node.root = root;
        this.group(root).add(id);
      }
    }
  }

  private group(root: DocId): Set<DocId> {
    let g = this.members.get(root);
    if (!g) {
      g = new Set();
      this.members.set(root, g);
    }
    return g;
  }

  /**
   * Adds a stored document; returns the copy-of links to write: the new document to its group's
   * earliest copy, or, when the new document is the earliest, the whole group to it.
   */
  add(id: DocId, signature: Uint32Array, published: string | undefined): { document: DocId; target: DocId; similarity: number }[] {
    const date = parseDate(published);
    const node: CopyNode = { id, signature, ...(date !== undefined ? { published: date } : {}), root: id };
    let best: { node: CopyNode; similarity: number } | undefined;
    for (const candidate of this.lsh.candidates(signature)) {
      const other = this.nodes.get(Number(candidate));
      if (!other || other.id === id) continue;
      const similarity = signatureSimilarity(signature, other.signature);
      if (similarity >= NEAR_DUPLICATE_THRESHOLD && (!best || similarity > best.similarity)) best = { node: other, similarity };
    }
    this.nodes.set(id, node);
    this.lsh.add(String(id), signature);
    if (!best) return [];
    const root = this.nodes.get(best.node.root)!;
    if (earlier(root, node)) {
      node.root = root.id;
      this.group(root.id).add(id);
      return [{ document: id, target: root.id, similarity: round3(signatureSimilarity(signature, root.signature)) }];
    }
    // The new document is the earliest copy: the group moves under it.
    const moved = [root.id, ...(this.members.get(root.id) ?? [])];
    this.members.delete(root.id);
    const group = this.group(id);
    const links = [];
    for (const m of moved) {
      const member = this.nodes.get(m)!;
      member.root = id;
      group.add(m);
      links.push({ document: m, target: id, similarity: round3(signatureSimilarity(member.signature, signature)) });
    }
    return links;
  }
}

/** Similarities are stored to three decimals. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

