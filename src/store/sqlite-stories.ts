/**
 * The SQLite side of stories (issue 9): the migration and the statements, kept apart from
 * sqlite.ts so that they move as one block.
 */
import type Database from 'better-sqlite3';
import type { DocId } from './store.js';
import type { StoryDocumentRow, StoryEdgeRow, StoryListQuery, StoryReader, StoryRow, StoryWriter } from './stories.js';

export const STORIES_MIGRATION = `
  CREATE TABLE story_documents (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    story TEXT NOT NULL,
    rank TEXT NOT NULL,
    day TEXT,
    features TEXT NOT NULL
  );
  CREATE INDEX story_documents_story ON story_documents(story, rank);

  CREATE TABLE story_keys (
    key TEXT NOT NULL,
    day TEXT,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    PRIMARY KEY (key, document_id)
  ) WITHOUT ROWID;
  CREATE INDEX story_keys_day ON story_keys(key, day);

  CREATE TABLE story_edges (
    a INTEGER NOT NULL REFERENCES documents(id),
    b INTEGER NOT NULL REFERENCES documents(id),
    score REAL NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (a, b)
  ) WITHOUT ROWID;
  CREATE INDEX story_edges_b ON story_edges(b);

  CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    documents INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    languages TEXT NOT NULL,
    entities TEXT NOT NULL,
    summary TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX stories_activity ON stories(documents DESC, last_seen DESC);

  CREATE TABLE story_entities (
    entity_id INTEGER NOT NULL,
    story TEXT NOT NULL,
    PRIMARY KEY (entity_id, story)
  ) WITHOUT ROWID;
  CREATE INDEX story_entities_story ON story_entities(story);
`;

type Row = Record<string, unknown>;
type Stmt = (sql: string) => Database.Statement;

function docRow(r: Row): StoryDocumentRow {
  return {
    documentId: r['document_id'] as number,
    story: r['story'] as string,
    rank: r['rank'] as string,
    ...(r['day'] != null ? { day: r['day'] as string } : {}),
    features: r['features'] as string,
  };
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

/** The write-side statements; `check` throws when the transaction has ended. */
export function sqliteStoryWriter(stmt: Stmt, check: () => void): StoryWriter {
  return {
    storyPutDocument: async (row, keys) => {
      check();
      stmt(
        `INSERT INTO story_documents (document_id, story, rank, day, features) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(document_id) DO UPDATE SET story = excluded.story, rank = excluded.rank, day = excluded.day, features = excluded.features`,
      ).run(row.documentId, row.story, row.rank, row.day ?? null, row.features);
      // A statement per key: one statement for them all (INSERT ... SELECT) checks the foreign key
      // with a statement journal, into which SQLite copied each of the pages the two dozen rows
      // land on (already changed in the batch), spilled to a temporary file, which every later
      // statement of the transaction then wrote to as well.
      const put = stmt('INSERT OR IGNORE INTO story_keys (key, day, document_id) VALUES (?, ?, ?)');
      for (const key of keys) put.run(key, row.day ?? null, row.documentId);
    },
    storyCandidates: async (keys, day, windowDays, except) => {
      check();
      if (keys.length === 0) return [];
      // One statement for every key and the rows they lead to, in document id order (the IN list is
      // walked in order): the documents sharing a key, dated within the window or undated.
      const rows = day
        ? stmt(
            `SELECT d.* FROM story_documents d WHERE d.document_id IN (SELECT k.document_id FROM story_keys k
               WHERE k.key IN (SELECT value FROM json_each(?)) AND ((k.day BETWEEN ? AND ?) OR k.day IS NULL))
             AND d.document_id <> ? ORDER BY d.document_id`,
          ).all(JSON.stringify(keys), shiftDay(day, -windowDays), shiftDay(day, windowDays), except)
        : stmt(
            `SELECT d.* FROM story_documents d WHERE d.document_id IN (SELECT k.document_id FROM story_keys k
               WHERE k.key IN (SELECT value FROM json_each(?)))
             AND d.document_id <> ? ORDER BY d.document_id`,
          ).all(JSON.stringify(keys), except);
      return (rows as Row[]).map(docRow);
    },
    storyAddEdges: async (edges) => {
      check();
      const put = stmt(
        `INSERT INTO story_edges (a, b, score, evidence) VALUES (?, ?, ?, ?)
         ON CONFLICT(a, b) DO UPDATE SET score = excluded.score, evidence = excluded.evidence`,
      );
      for (const e of edges) put.run(Math.min(e.a, e.b), Math.max(e.a, e.b), e.score, e.evidence);
    },
    storyMembers: async (stories) => {
      check();
      const get = stmt('SELECT * FROM story_documents WHERE story = ? ORDER BY rank, document_id');
      return [...new Set(stories)].flatMap((s) => (get.all(s) as Row[]).map(docRow));
    },
    storySet: async (row, documents, replaces) => {
      check();
      for (const old of replaces) {
        stmt('DELETE FROM stories WHERE id = ?').run(old);
        stmt('DELETE FROM story_entities WHERE story = ?').run(old);
      }
      const move = stmt('UPDATE story_documents SET story = ? WHERE document_id = ?');
      for (const d of documents) move.run(row.id, d);
      stmt(
        `INSERT INTO stories (id, title, first_seen, last_seen, documents, outlets, languages, entities, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
           documents = excluded.documents, outlets = excluded.outlets, languages = excluded.languages,
           entities = excluded.entities, summary = excluded.summary`,
      ).run(row.id, row.title, row.firstSeen ?? null, row.lastSeen ?? null, row.documents, row.outlets, JSON.stringify(row.languages), JSON.stringify(row.entities), row.summary);
      stmt('DELETE FROM story_entities WHERE story = ?').run(row.id);
      const ent = stmt('INSERT OR IGNORE INTO story_entities (entity_id, story) VALUES (?, ?)');
      for (const e of row.entities) ent.run(e, row.id);
    },
    storyClear: async () => {
      check();
      for (const t of ['story_entities', 'stories', 'story_edges', 'story_keys', 'story_documents']) stmt(`DELETE FROM ${t}`).run();
    },
  };
}

/** The read-side statements. */
export function sqliteStoryReader(stmt: Stmt, alive: () => void): StoryReader {
  return {
    listStories: async (q: StoryListQuery = {}) => {
      alive();
      const where: string[] = ['documents >= ?'];
      const args: unknown[] = [q.minDocuments ?? 2];
      if (q.since) {
        where.push('last_seen >= ?');
        args.push(q.since);
      }
      if (q.language) {
        where.push(`EXISTS (SELECT 1 FROM json_each(stories.languages) WHERE value = ?)`);
        args.push(q.language);
      }
      if (q.entities) {
        if (q.entities.length === 0) return [];
        where.push(`id IN (SELECT story FROM story_entities WHERE entity_id IN (${q.entities.map(() => '?').join(', ')}))`);
        args.push(...q.entities);
      }
      args.push(Math.max(1, Math.min(q.limit ?? 20, 1_000_000)));
      // Not cached: the statement's shape depends on the filters.
      return (stmt(`SELECT * FROM stories WHERE ${where.join(' AND ')} ORDER BY documents DESC, outlets DESC, last_seen DESC, id LIMIT ?`).all(...args) as Row[]).map(storyRow);
    },
    getStory: async (id) => {
      alive();
      const r = stmt('SELECT * FROM stories WHERE id = ?').get(id) as Row | undefined;
      return r ? storyRow(r) : undefined;
    },
    storyDocuments: async (id) => {
      alive();
      return (stmt('SELECT * FROM story_documents WHERE story = ? ORDER BY rank, document_id').all(id) as Row[]).map(docRow);
    },
    storyEdges: async (id) => {
      alive();
      const rows = stmt(
        `SELECT e.* FROM story_edges e JOIN story_documents d ON d.document_id = e.a WHERE d.story = ? ORDER BY e.a, e.b`,
      ).all(id) as Row[];
      return rows.map((r): StoryEdgeRow => ({ a: r['a'] as DocId, b: r['b'] as DocId, score: r['score'] as number, evidence: r['evidence'] as string }));
    },
    storyOfDocument: async (id) => {
      alive();
      const r = stmt('SELECT story FROM story_documents WHERE document_id = ?').get(id) as { story: string } | undefined;
      return r?.story;
    },
    storyAssignments: async () => {
      alive();
      return (stmt('SELECT document_id, story FROM story_documents ORDER BY document_id').all() as Row[]).map((r) => ({ documentId: r['document_id'] as number, story: r['story'] as string }));
    },
    sourceKeys: async () => {
      alive();
      return (stmt('SELECT key, document_id FROM sources ORDER BY key').all() as Row[]).map((r) => ({ key: r['key'] as string, documentId: r['document_id'] as number }));
    },
  };
}
