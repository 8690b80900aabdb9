/**
 * A store's derived corpus written out without ids: documents by content hash, entities by name
 * and first link, so that two stores holding the same corpus compare equal whatever ids their
 * rows got (arrival order, backend). Everything the corpus stages derive is in it: copy-of links
 * with their similarity, entities with aliases, roles, counts and every merge reason (context
 * included), document links, claims with speakers, quantities and dates, stories with their
 * summaries and every stored link with its evidence.
 */
import type { Store } from '../src/store/store.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const sorted = (xs: string[]): string[] => [...xs].sort();

export interface CorpusDump {
  documents: string[];
  copies: string[];
  entities: string[];
  links: string[];
  claims: string[];
  stories: string[];
  edges: string[];
}

export async function corpusDump(store: Store): Promise<CorpusDump> {
  const docs = await collect(store.scan('documents'));
  const hashOf = new Map(docs.map((d) => [d.id, d.contentHash]));
  const h = (id: number): string => (hashOf.get(id) ?? `?${id}`).slice(0, 12);
  const links = await collect(store.scan('links'));
  // An entity is named by its type, name and its first link (by document hash, document entity).
  const firstLink = new Map<number, string>();
  for (const l of links) {
    const at = `${h(l.documentId)}/${l.docEntity}`;
    const was = firstLink.get(l.entityId);
    if (was === undefined || at < was) firstLink.set(l.entityId, at);
  }
  const entities = await collect(store.scan('entities'));
  const label = new Map(entities.map((e) => [e.id, `${e.type}:${e.name}@${firstLink.get(e.id) ?? '-'}`]));
  const l = (id: number): string => label.get(id) ?? `?entity`;
  const relabel = (json: string): string => json.replace(/#(\d+)/g, (_, id: string) => `#<${l(Number(id))}>`);

  const entityView: string[] = [];
  for (const e of entities) {
    const d = (await store.entityDetail(e.id))!;
    entityView.push(
      JSON.stringify({
        entity: l(e.id),
        kb: e.kb ?? null,
        mentions: e.mentions,
        documents: e.documents,
        aliases: sorted(e.aliases.map((a) => `${a.alias}×${a.count}`)),
        roles: sorted(e.roles.map((r) => `${r.role}×${r.count}`)),
        evidence: sorted(d.evidence.map((x) => `${x.method}|${x.detail}|${x.score ?? ''}|${x.count}|${h(x.documentId)}/${x.docEntity}|${x.surface}`)),
      }),
    );
  }
  const claims = (await collect(store.scan('claims'))).map((c) =>
    JSON.stringify([h(c.documentId), c.claimId, c.stance, c.text, c.cue ?? '', c.speakerText, sorted(c.speakers.map(l)), sorted(c.about.map(l)), c.quantities, c.dates]),
  );
  const copies: string[] = [];
  for (const d of docs) {
    if (d.copyOf === undefined) continue;
    const full = (await store.getDocument(d.id))!;
    copies.push(`${h(d.id)} copy-of ${h(d.copyOf)} ${full.copyOf?.similarity}`);
  }
  const stories = await store.listStories({ minDocuments: 1, limit: 100_000 });
  const storyView: string[] = [];
  const edges: string[] = [];
  for (const s of stories) {
    const members = await store.storyDocuments(s.id);
    storyView.push(
      JSON.stringify({
        id: s.id,
        title: s.title,
        firstSeen: s.firstSeen ?? null,
        lastSeen: s.lastSeen ?? null,
        outlets: s.outlets,
        languages: s.languages,
        entities: s.entities.map(l),
        summary: relabel(s.summary),
        documents: members.map((m) => `${h(m.documentId)}|${m.rank}|${relabel(m.features)}`),
      }),
    );
    for (const e of await store.storyEdges(s.id)) {
      const [a, b] = [h(e.a), h(e.b)].sort();
      edges.push(`${s.id} ${a}-${b} ${e.score} ${relabel(e.evidence)}`);
    }
  }
  return {
    documents: sorted(docs.map((d) => `${h(d.id)}|${d.sourceKey.replace(/^.*[#\\/]/, '')}|${d.title ?? ''}|${d.published ?? ''}`)),
    copies: sorted(copies),
    entities: sorted(entityView),
    links: sorted(links.map((x) => `${h(x.documentId)}/${x.docEntity} → ${l(x.entityId)}`)),
    claims: sorted(claims),
    stories: sorted(storyView),
    edges: sorted(edges),
  };
}
