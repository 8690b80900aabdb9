/**
 * The PostgreSQL side of stories (issue 9): the same rows and orders as sqlite-stories.ts. Text
 * keys (story ids, ranks, days) are in the "C" collation (schema.ts), so they sort byte-wise as on
 * SQLite; SQLite sorts NULL first ascending and last descending, said here with NULLS FIRST/LAST.
 */
import { createHash } from 'node:crypto';
import type { DocId } from '../store.js';
import type { StoryDocumentRow, StoryEdgeRow, StoryListQuery, StoryReader, StoryRow, StoryWriter } from '../stories.js';

type Row = Record<string, unknown>;
/** Runs SQL on the right connection (the transaction's inside one). */
type Rows = (sql: string, params?: unknown[]) => Promise<Row[]>;

function docRow(r: Row, features = r['features'] as string): StoryDocumentRow {
  return {
    documentId: r['document_id'] as number,
    story: r['story'] as string,
    rank: r['rank'] as string,
    ...(r['day'] != null ? { day: r['day'] as string } : {}),
    features,
  };
}

/** The columns of a story document row but its features: those come from `StoryFeaturesCache` (see `pgStoryWriter`). */
const DOC_COLUMNS = 'document_id, story, rank, day, features_md5';

/** What `md5(features)` gives on the server (story_documents.features_md5) for text stored as UTF-8. */
export function featuresHash(features: string): string {
  return createHash('md5').update(features).digest('hex');
}

/** The cache's bound, in characters of features: past it, the cache is emptied (about 8,000 documents' worth). */
const FEATURES_CACHE_CHARS = 8_000_000;

/**
 * Story features by document id, kept by the store across its transactions, with the md5 of each.
 * Story grouping reads a document's features again and again (a candidate of the next documents
 * in its time window, a member of a growing story: about 100 rows of ~1 KB per document late in
 * an ingest), and they never change once written, so the reads ask for the hash only and take
 * the features from here. An entry is right whenever the stored row has its hash, whatever
 * happened in between: a rebuild that changed the features, a rolled-back transaction whose
 * document id was taken again, another writer's put.
 */
export class StoryFeaturesCache {
  private readonly byId = new Map<DocId, { readonly hash: string; readonly features: string }>();
  private chars = 0;

  /** The features stored with this hash, when known. */
  get(id: DocId, hash: string): string | undefined {
    const e = this.byId.get(id);
    return e !== undefined && e.hash === hash ? e.features : undefined;
  }

  keep(id: DocId, hash: string, features: string): void {
    const old = this.byId.get(id);
    if (old !== undefined) this.chars -= old.features.length;
    if (this.chars + features.length > FEATURES_CACHE_CHARS) {
      this.byId.clear();
      this.chars = 0;
    }
    this.byId.set(id, { hash, features });
    this.chars += features.length;
  }
}

function storyRow(r: Row): StoryRow {
  return {
    id: r['id'] as string,
    title: r['title'] as string,
    ...(r['first_seen'] != null ? { firstSeen: r['first_seen'] as string } : {}),
    ...(r['last_seen'] != null ? { lastSeen: r['last_seen'] as string } : {}),
    documents: r['documents'] as number,
    outlets: r['outlets'] as number,
    languages: JSON.parse(r['languages'] as string) as string[],
    entities: JSON.parse(r['entities'] as string) as number[],
    summary: r['summary'] as string,
  };
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A story's members in order: by rank, then id (ranks are ASCII, compared as bytes). */
function byRank(a: StoryDocumentRow, b: StoryDocumentRow): number {
  return a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.documentId - b.documentId;
}

/** Rows at most that a read-ahead keeps, some 50 MB of story rows and features (past it, the questions go to the server one by one). */
const READ_AHEAD_ROWS = 50_000;

/**
 * What a transaction read ahead for its story questions (`storyReadAhead`), kept current by its
 * own story writes; under the write lock nobody else writes these rows, so its answers are the
 * server's. It answers the questions it covers: keys among `keys`, days within `lo`–`hi` (or any).
 */
class StoryReadAhead {
  /** Key → the documents with it and the day stored with the key. */
  readonly byKey = new Map<string, { doc: DocId; day: string | null }[]>();
  readonly rows = new Map<DocId, StoryDocumentRow>();
  readonly members = new Map<string, Set<DocId>>();

  constructor(
    readonly keys: ReadonlySet<string>,
    /** Undefined: every day (an undated question was asked). */
    readonly lo: string | undefined,
    readonly hi: string | undefined,
  ) {}

  covers(keys: readonly string[], lo: string | undefined, hi: string | undefined): boolean {
    if (this.lo !== undefined && (lo === undefined || lo < this.lo || hi! > this.hi!)) return false;
    return keys.every((k) => this.keys.has(k));
  }

  /** A document with `key`, stored with the key's `day`. */
  addKey(key: string, doc: DocId, day: string | null): void {
    const list = this.byKey.get(key);
    if (list) list.push({ doc, day });
    else this.byKey.set(key, [{ doc, day }]);
  }

  put(row: StoryDocumentRow): void {
    const old = this.rows.get(row.documentId);
    if (old) this.members.get(old.story)?.delete(row.documentId);
    this.rows.set(row.documentId, row);
    const list = this.members.get(row.story);
    if (list) list.add(row.documentId);
    else this.members.set(row.story, new Set([row.documentId]));
  }

  /** Members of a story in `storyMembers`' order. */
  membersOf(story: string): StoryDocumentRow[] {
    return [...(this.members.get(story) ?? [])].map((id) => this.rows.get(id)!).sort(byRank);
  }
}

/**
 * The write side; `check` throws when the transaction has ended. `write` runs a statement whose
 * answer is not needed (the PostgreSQL store holds it back until its next statement); default
 * `rows`. Rows are read without their features, which come from `cache` (the store's, kept
 * across transactions), read in a second statement only for the documents it lacks.
 */
export function pgStoryWriter(
  rows: Rows,
  check: () => void,
  cache: StoryFeaturesCache,
  write: (sql: string, params: unknown[]) => Promise<unknown> = rows,
): StoryWriter {
  /** The members of the last candidates' stories (see storyCandidates), until a write moves documents. */
  let ahead: Map<string, StoryDocumentRow[]> | undefined;
  /** What `storyReadAhead` read, kept current by the writes below. */
  let view: StoryReadAhead | undefined;
  /** Rows read with DOC_COLUMNS, with their features. */
  const withFeatures = async (found: Row[]): Promise<StoryDocumentRow[]> => {
    // Taken from the cache before anything is kept in it: keeping the missing ones may empty it.
    const features = found.map((r) => cache.get(r['document_id'] as number, r['features_md5'] as string));
    const missing = found.filter((_, i) => features[i] === undefined).map((r) => r['document_id'] as number);
    if (missing.length > 0) {
      const fetched = new Map<number, string>();
      for (const r of await rows('SELECT document_id, features, features_md5 FROM story_documents WHERE document_id = ANY($1::bigint[])', [missing])) {
        fetched.set(r['document_id'] as number, r['features'] as string);
        cache.keep(r['document_id'] as number, r['features_md5'] as string, r['features'] as string);
      }
      found.forEach((r, i) => (features[i] ??= fetched.get(r['document_id'] as number)));
    }
    return found.map((r, i) => docRow(r, features[i]!));
  };
  return {
    storyPutDocument: async (row, keys) => {
      check();
      ahead = undefined;
      cache.keep(row.documentId, featuresHash(row.features), row.features);
      if (view) {
        // As the statement below: the row replaced, keys added once (a key kept keeps its day).
        view.put(row);
        for (const k of new Set(keys)) {
          if (view.keys.has(k) && !view.byKey.get(k)?.some((x) => x.doc === row.documentId)) view.addKey(k, row.documentId, row.day ?? null);
        }
      }
      // The document and its blocking keys: one statement.
      await write(
        `WITH doc AS (
           INSERT INTO story_documents (document_id, story, rank, day, features) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (document_id) DO UPDATE SET story = excluded.story, rank = excluded.rank, day = excluded.day, features = excluded.features
         )
         INSERT INTO story_keys (key, day, document_id) SELECT k, $4, $1 FROM unnest($6::text[]) AS x(k) ON CONFLICT DO NOTHING`,
        [row.documentId, row.story, row.rank, row.day ?? null, row.features, [...keys]],
      );
    },
    storyReadAhead: async (questions, windowDays) => {
      check();
      ahead = undefined;
      view = undefined;
      const keys = new Set(questions.flatMap((q) => q.keys));
      if (keys.size === 0) return;
      const days = questions.map((q) => q.day);
      const dated = days.every((d) => d !== undefined);
      const lo = dated ? shiftDay(days.reduce((a, b) => (b! < a! ? b : a))!, -windowDays) : undefined;
      const hi = dated ? shiftDay(days.reduce((a, b) => (b! > a! ? b : a))!, windowDays) : undefined;
      // The keys' rows (each with its day), then every member of the stories of their documents.
      const found = await rows(
        `WITH k AS (
           SELECT key, day, document_id FROM story_keys WHERE key = ANY($1::text[])${dated ? ' AND ((day BETWEEN $3 AND $4) OR day IS NULL)' : ''}
         )
         (SELECT key, day, document_id, NULL AS story, NULL AS rank, NULL AS features_md5 FROM k
          UNION ALL
          SELECT NULL, day, document_id, story, rank, features_md5 FROM story_documents s
          WHERE s.story IN (SELECT story FROM story_documents WHERE document_id IN (SELECT document_id FROM k)))
         LIMIT $2`,
        dated ? [[...keys], READ_AHEAD_ROWS + 1, lo, hi] : [[...keys], READ_AHEAD_ROWS + 1],
      );
      if (found.length > READ_AHEAD_ROWS) return;
      const next = new StoryReadAhead(keys, lo, hi);
      const docs = found.filter((r) => r['key'] === null);
      for (const row of await withFeatures(docs)) next.put(row);
      for (const r of found) if (r['key'] !== null) next.addKey(r['key'] as string, r['document_id'] as number, (r['day'] as string | null) ?? null);
      view = next;
    },
    storyCandidates: async (keys, day, windowDays, except) => {
      check();
      ahead = undefined;
      if (keys.length === 0) return [];
      const lo = day ? shiftDay(day, -windowDays) : undefined;
      const hi = day ? shiftDay(day, windowDays) : undefined;
      if (view?.covers(keys, lo, hi)) {
        // As the statement below: documents other than `except` with one of the keys, the key's
        // day within the window or none; by id.
        const ids = new Set<DocId>();
        for (const k of keys) {
          for (const x of view.byKey.get(k) ?? []) {
            if (x.doc === except) continue;
            if (lo === undefined || x.day === null || (x.day >= lo && x.day <= hi!)) ids.add(x.doc);
          }
        }
        const known = view;
        return [...ids]
          .sort((a, b) => a - b)
          .flatMap((id) => {
            const row = known.rows.get(id);
            return row ? [row] : [];
          });
      }
      // With the candidates, in the same statement, the other members of their stories: the story
      // stage asks next for the members of the stories it links to (`storyMembers`), which are
      // among these, and nothing changes them in between (one round trip a document, not two).
      const candidates = day
        ? `SELECT ${DOC_COLUMNS} FROM story_documents s WHERE s.document_id <> $4 AND s.document_id IN (
             SELECT document_id FROM story_keys WHERE key = ANY($1::text[]) AND ((day BETWEEN $2 AND $3) OR day IS NULL))`
        : `SELECT ${DOC_COLUMNS} FROM story_documents s WHERE s.document_id <> $2 AND s.document_id IN (SELECT document_id FROM story_keys WHERE key = ANY($1::text[]))`;
      const found = await rows(
        `WITH c AS (${candidates})
         SELECT true AS candidate, c.* FROM c
         UNION ALL
         SELECT false, ${DOC_COLUMNS} FROM story_documents s WHERE s.story IN (SELECT story FROM c) AND s.document_id NOT IN (SELECT document_id FROM c)
         ORDER BY document_id`,
        day ? [[...keys], lo, hi, except ?? -1] : [[...keys], except ?? -1],
      );
      const out: StoryDocumentRow[] = [];
      const members = new Map<string, StoryDocumentRow[]>();
      const withThem = await withFeatures(found);
      for (let i = 0; i < found.length; i++) {
        const row = withThem[i]!;
        if (found[i]!['candidate'] === true) out.push(row);
        const list = members.get(row.story);
        if (list) list.push(row);
        else members.set(row.story, [row]);
      }
      // Each story's members in storyMembers' order.
      for (const list of members.values()) list.sort(byRank);
      ahead = members;
      return out;
    },
    storyAddEdges: async (edges) => {
      check();
      if (edges.length === 0) return;
      // One statement for all; an edge named twice keeps its last values, as one upsert after another would.
      const byPair = new Map<string, StoryEdgeRow>();
      for (const e of edges) {
        const [a, b] = [Math.min(e.a, e.b), Math.max(e.a, e.b)];
        const key = `${a}|${b}`;
        byPair.delete(key);
        byPair.set(key, { ...e, a, b });
      }
      const list = [...byPair.values()];
      await write(
        `INSERT INTO story_edges (a, b, score, evidence) SELECT a, b, s, e FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::text[]) WITH ORDINALITY AS x(a, b, s, e, n)
         ORDER BY n ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, evidence = excluded.evidence`,
        [list.map((e) => e.a), list.map((e) => e.b), list.map((e) => e.score), list.map((e) => e.evidence)],
      );
    },
    storyMembers: async (stories) => {
      check();
      const list = [...new Set(stories)];
      const known = ahead;
      ahead = undefined;
      if (list.length === 0) return [];
      const v = view;
      if (v && list.every((story) => v.members.has(story))) return list.flatMap((story) => v.membersOf(story));
      if (known && list.every((story) => known.has(story))) return list.flatMap((story) => known.get(story)!);
      // The stories in the order asked, each by rank (one statement for all).
      return withFeatures(
        await rows(
          `SELECT ${DOC_COLUMNS} FROM story_documents s JOIN unnest($1::text[]) WITH ORDINALITY AS x(story, n) ON s.story = x.story ORDER BY x.n, s.rank, s.document_id`,
          [list],
        ),
      );
    },
    storySet: async (row, documents, replaces) => {
      check();
      ahead = undefined;
      if (view) {
        const v = view;
        // A document the view does not hold moves on the server only: the view would be wrong.
        if (documents.some((id) => !v.rows.has(id))) view = undefined;
        else {
          for (const id of documents) v.put({ ...v.rows.get(id)!, story: row.id });
          // (A replaced story keeps, on the server too, any document not moved.)
          for (const story of replaces) if (story !== row.id && v.members.get(story)?.size === 0) v.members.delete(story);
        }
      }
      // The replaced stories go, the documents move, the story row and its entities are written: one
      // statement, whose parts all see the rows as they were before it.
      await write(
        `WITH gone AS (
           DELETE FROM stories WHERE id = ANY($10::text[]) AND id <> $1
         ), gone_entities AS (
           -- (one statement may not delete a row and insert it again: the rows the story keeps stay)
           DELETE FROM story_entities WHERE (story = ANY($10::text[]) AND story <> $1) OR (story = $1 AND entity_id <> ALL($12::bigint[]))
         ), moved AS (
           UPDATE story_documents SET story = $1 WHERE document_id = ANY($11::bigint[])
         ), story AS (
           INSERT INTO stories (id, title, first_seen, last_seen, documents, outlets, languages, entities, summary)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
             documents = excluded.documents, outlets = excluded.outlets, languages = excluded.languages,
             entities = excluded.entities, summary = excluded.summary
         )
         INSERT INTO story_entities (entity_id, story) SELECT DISTINCT e, $1 FROM unnest($12::bigint[]) AS x(e)
         ON CONFLICT (entity_id, story) DO NOTHING`,
        [
          row.id,
          row.title,
          row.firstSeen ?? null,
          row.lastSeen ?? null,
          row.documents,
          row.outlets,
          JSON.stringify(row.languages),
          JSON.stringify(row.entities),
          row.summary,
          [...replaces],
          [...documents],
          [...row.entities],
        ],
      );
    },
    storyClear: async () => {
      check();
      ahead = undefined;
      view = undefined;
      // (Documents pending are grouped by what follows a clear: a rebuild groups every document.)
      for (const t of ['story_pending', 'story_entities', 'stories', 'story_edges', 'story_keys', 'story_documents']) await rows(`DELETE FROM ${t}`);
    },
  };
}

/** The read side. */
export function pgStoryReader(rows: Rows, alive: () => void): StoryReader {
  return {
    listStories: async (q: StoryListQuery = {}) => {
      alive();
      const args: unknown[] = [q.minDocuments ?? 2];
      const where: string[] = ['documents >= $1'];
      if (q.since) {
        args.push(q.since);
        where.push(`last_seen >= $${args.length}`);
      }
      if (q.language) {
        args.push(q.language);
        where.push(`languages::jsonb ? $${args.length}`);
      }
      if (q.entities) {
        if (q.entities.length === 0) return [];
        args.push([...q.entities]);
        where.push(`id IN (SELECT story FROM story_entities WHERE entity_id = ANY($${args.length}::bigint[]))`);
      }
      args.push(Math.max(1, Math.min(q.limit ?? 20, 1_000_000)));
      return (
        await rows(`SELECT * FROM stories WHERE ${where.join(' AND ')} ORDER BY documents DESC, outlets DESC, last_seen DESC NULLS LAST, id LIMIT $${args.length}`, args)
      ).map(storyRow);
    },
    getStory: async (id) => {
      alive();
      const r = (await rows('SELECT * FROM stories WHERE id = $1', [id]))[0];
      return r ? storyRow(r) : undefined;
    },
    storyDocuments: async (id) => {
      alive();
      return (await rows('SELECT * FROM story_documents WHERE story = $1 ORDER BY rank, document_id', [id])).map((r) => docRow(r));
    },
    storyEdges: async (id) => {
      alive();
      const found = await rows(`SELECT e.* FROM story_edges e JOIN story_documents d ON d.document_id = e.a WHERE d.story = $1 ORDER BY e.a, e.b`, [id]);
      return found.map((r): StoryEdgeRow => ({ a: r['a'] as DocId, b: r['b'] as DocId, score: r['score'] as number, evidence: r['evidence'] as string }));
    },
    storyOfDocument: async (id) => {
      alive();
      if (!Number.isSafeInteger(id)) return undefined;
      return (await rows('SELECT story FROM story_documents WHERE document_id = $1', [id]))[0]?.['story'] as string | undefined;
    },
    storyAssignments: async () => {
      alive();
      return (await rows('SELECT document_id, story FROM story_documents ORDER BY document_id')).map((r) => ({ documentId: r['document_id'] as number, story: r['story'] as string }));
    },
    sourceKeys: async () => {
      alive();
      return (await rows('SELECT key, document_id FROM sources ORDER BY key')).map((r) => ({ key: r['key'] as string, documentId: r['document_id'] as number }));
    },
  };
}
