/**
 * The story stage alone: replays recorded `applyStory` inputs (one JSON line per stored document:
 * `{ id, analysis, meta, entityIds }`, in ingest order) against an in-memory stand-in for the
 * store's story statements, PASSES times (each into a fresh stand-in; the module's caches stay
 * warm, as in a long ingest), and prints the CPU per document of each pass and a hash of what the
 * stage wrote (document rows, keys, edges, stories), the same for two builds that store the same.
 *
 *   node bench/story-stage.mjs DIST INPUTS [PASSES=4]
 *
 * The stand-in answers as the SQLite statements do (candidates: sharing a key, dated within the
 * window or undated, in id order; members by rank then id) and hands out fresh copies of the
 * features strings, as a database read does. Record inputs by appending
 * `JSON.stringify({ id, analysis, meta, entityIds: [...entityIds] })` at the top of `applyStory`
 * in a copy of a build and running bench/commit-only.mjs with it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distArg, inputs, passesArg = '4'] = process.argv.slice(2);
if (!distArg || !inputs) {
  process.stderr.write('usage: node bench/story-stage.mjs DIST INPUTS [PASSES]\n');
  process.exit(64);
}
const { applyStory } = await import(pathToFileURL(join(resolve(distArg), 'corpus/stories/stage.js')).href);
const docs = readFileSync(inputs, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const d = JSON.parse(line);
    return { ...d, entityIds: new Map(d.entityIds) };
  });

const shiftDay = (day, days) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** A fresh string with the same content, as a database read returns. */
const fresh = (s) => Buffer.from(s, 'utf8').toString('utf8');

function standIn() {
  const rows = new Map(); // id → { documentId, story, rank, day, features }
  const byKey = new Map(); // key → Map(id → day)
  const edges = new Map();
  const stories = new Map();
  const members = new Map(); // story → Set of ids
  const move = (id, story) => {
    const r = rows.get(id);
    if (r) members.get(r.story)?.delete(id);
    let m = members.get(story);
    if (!m) members.set(story, (m = new Set()));
    m.add(id);
  };
  const read = (r) => ({ documentId: r.documentId, story: r.story, rank: r.rank, ...(r.day !== undefined ? { day: r.day } : {}), features: fresh(r.features) });
  const tx = {
    async storyPutDocument(row, keys) {
      move(row.documentId, row.story);
      rows.set(row.documentId, { ...row });
      for (const k of keys) {
        let m = byKey.get(k);
        if (!m) byKey.set(k, (m = new Map()));
        if (!m.has(row.documentId)) m.set(row.documentId, row.day);
      }
    },
    async storyCandidates(keys, day, windowDays, except) {
      const [lo, hi] = day ? [shiftDay(day, -windowDays), shiftDay(day, windowDays)] : [];
      const ids = new Set();
      for (const k of keys) {
        for (const [id, d] of byKey.get(k) ?? []) if (id !== except && (!day || d === undefined || (d >= lo && d <= hi))) ids.add(id);
      }
      return [...ids].sort((a, b) => a - b).map((id) => read(rows.get(id)));
    },
    async storyAddEdges(list) {
      for (const e of list) edges.set(`${Math.min(e.a, e.b)} ${Math.max(e.a, e.b)}`, [e.score, e.evidence]);
    },
    async storyMembers(list) {
      return [...new Set(list)].flatMap((s) =>
        [...(members.get(s) ?? [])]
          .map((id) => rows.get(id))
          .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.documentId - b.documentId))
          .map(read),
      );
    },
    async storySet(row, documents, replaces) {
      for (const old of replaces) stories.delete(old);
      for (const d of documents) {
        move(d, row.id);
        rows.get(d).story = row.id;
      }
      stories.set(row.id, row);
    },
  };
  const digest = () => {
    const h = createHash('sha256');
    for (const id of [...rows.keys()].sort((a, b) => a - b)) h.update(JSON.stringify(rows.get(id)));
    for (const k of [...byKey.keys()].sort()) h.update(`${k}:${[...byKey.get(k).keys()].join(',')}`);
    for (const k of [...edges.keys()].sort()) h.update(`${k}:${JSON.stringify(edges.get(k))}`);
    for (const k of [...stories.keys()].sort()) h.update(JSON.stringify(stories.get(k)));
    return h.digest('hex').slice(0, 16);
  };
  return { tx, digest };
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let p = 1; p <= Number(passesArg); p++) {
  const { tx, digest } = standIn();
  const c0 = cpu();
  for (const d of docs) await applyStory(tx, d.id, d.analysis, d.meta, d.entityIds);
  const ms = cpu() - c0;
  process.stdout.write(`pass ${p}: ${docs.length} docs: ${(ms / docs.length).toFixed(3)} ms/doc (${(ms / 1000).toFixed(2)} s), result ${digest()}\n`);
}
