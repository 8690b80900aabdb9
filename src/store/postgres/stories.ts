/**
 * The PostgreSQL side of stories (issue 9): the same rows and orders as sqlite-stories.ts. Text
 * keys (story ids, ranks, days) are in the "C" collation (schema.ts), so they sort byte-wise as on
 * SQLite; SQLite sorts NULL first ascending and last descending, said here with NULLS FIRST/LAST.
 */
import type { DocId } from '../store.js';
import type { StoryDocumentRow, StoryEdgeRow, StoryListQuery, StoryReader, StoryRow, StoryWriter } from '../stories.js';

type Row = Record<string, unknown>;
/** Runs SQL on the right connection (the transaction's inside one). */
type Rows = (sql: string, params?: unknown[]) => Promise<Row[]>;

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

/** The write side; `check` throws when the transaction has ended. */
export function pgStoryWriter(rows: Rows, check: () => void): StoryWriter {
  return {
    storyPutDocument: async (row, keys) => {
      check();
      await rows(
        `INSERT INTO story_documents (document_id, story, rank, day, features) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (document_id) DO UPDATE SET story = excluded.story, rank = excluded.rank, day = excluded.day, features = excluded.features`,
        [row.documentId, row.story, row.rank, row.day ?? null, row.features],
      );
      if (keys.length > 0) {
        await rows(
          `INSERT INTO story_keys (key, day, document_id) SELECT k, $2, $3 FROM unnest($1::text[]) AS x(k) ON CONFLICT DO NOTHING`,
          [[...keys], row.day ?? null, row.documentId],
        );
      }
    },
    storyCandidates: async (keys, day, windowDays, except) => {
      check();
      if (keys.length === 0) return [];
      const found = day
        ? await rows(
            `SELECT DISTINCT document_id FROM story_keys WHERE key = ANY($1::text[]) AND ((day BETWEEN $2 AND $3) OR day IS NULL)`,
            [[...keys], shiftDay(day, -windowDays), shiftDay(day, windowDays)],
          )
        : await rows('SELECT DISTINCT document_id FROM story_keys WHERE key = ANY($1::text[])', [[...keys]]);
      const ids = found.map((r) => r['document_id'] as number).filter((id) => id !== except);
      if (ids.length === 0) return [];
      return (await rows('SELECT * FROM story_documents WHERE document_id = ANY($1::bigint[]) ORDER BY document_id', [ids])).map(docRow);
    },
    storyAddEdges: async (edges) => {
      check();
      for (const e of edges) {
        await rows(
          `INSERT INTO story_edges (a, b, score, evidence) VALUES ($1, $2, $3, $4)
           ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, evidence = excluded.evidence`,
          [Math.min(e.a, e.b), Math.max(e.a, e.b), e.score, e.evidence],
        );
      }
    },
    storyMembers: async (stories) => {
      check();
      const out: StoryDocumentRow[] = [];
      for (const s of new Set(stories)) out.push(...(await rows('SELECT * FROM story_documents WHERE story = $1 ORDER BY rank, document_id', [s])).map(docRow));
      return out;
    },
    storySet: async (row, documents, replaces) => {
      check();
      if (replaces.length > 0) {
        await rows('DELETE FROM stories WHERE id = ANY($1::text[])', [[...replaces]]);
        await rows('DELETE FROM story_entities WHERE story = ANY($1::text[])', [[...replaces]]);
      }
      if (documents.length > 0) await rows('UPDATE story_documents SET story = $1 WHERE document_id = ANY($2::bigint[])', [row.id, [...documents]]);
      await rows(
        `INSERT INTO stories (id, title, first_seen, last_seen, documents, outlets, languages, entities, summary)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
           documents = excluded.documents, outlets = excluded.outlets, languages = excluded.languages,
           entities = excluded.entities, summary = excluded.summary`,
        [row.id, row.title, row.firstSeen ?? null, row.lastSeen ?? null, row.documents, row.outlets, JSON.stringify(row.languages), JSON.stringify(row.entities), row.summary],
      );
      await rows('DELETE FROM story_entities WHERE story = $1', [row.id]);
      if (row.entities.length > 0) {
        await rows('INSERT INTO story_entities (entity_id, story) SELECT e, $2 FROM unnest($1::bigint[]) AS x(e) ON CONFLICT DO NOTHING', [[...row.entities], row.id]);
      }
    },
    storyClear: async () => {
      check();
      for (const t of ['story_entities', 'stories', 'story_edges', 'story_keys', 'story_documents']) await rows(`DELETE FROM ${t}`);
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
      return (await rows('SELECT * FROM story_documents WHERE story = $1 ORDER BY rank, document_id', [id])).map(docRow);
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
