/**
 * Stories over the fictional test corpus (test/fixtures/stories: three stories told in 23
 * Indonesian and English articles by five outlets, plus 5 distractors sharing their entities):
 * grouping against the gold file, stance tables, figures, spread, evidence, and the same stories
 * from incremental ingest, from a rebuild and from ingest in another order.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/corpus/ingest.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';
import { rebuildStories, triangleLinks } from '../src/corpus/stories/stage.js';
import { storyDetail, type StoryDetail } from '../src/corpus/stories/detail.js';
import { distinctCases, relate, strength, WEAK_THRESHOLD, WINDOW_DAYS, wordSimilarity } from '../src/corpus/stories/relate.js';
import { blockingKeys, quoteKeys, specificFigure, storyFeatures, type StoryFeatures } from '../src/corpus/stories/features.js';
import type { Analysis } from '../src/types.js';
import { hasBackground, wordRarity } from '../src/lang/word-frequency.js';
import { evaluateStories, pairwise, parseGold, GoldFormatError } from '../src/eval/stories.js';
import { compilePredicates } from '../src/lang/predicates.js';
import { predicateMatcher } from '../src/lang/predicates-index.js';
import { claimReviews } from '../src/cli/stories.js';

const CORPUS = fileURLToPath(new URL('./fixtures/stories/corpus.jsonl', import.meta.url));
const GOLD = parseGold(readFileSync(fileURLToPath(new URL('./fixtures/stories/gold.json', import.meta.url)), 'utf8'), 'gold.json');
const dir = mkdtempSync(join(tmpdir(), 'saksi-stories-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Record id (after '#') → story id. */
async function membership(store: Store): Promise<Map<string, string>> {
  const story = new Map((await store.storyAssignments()).map((a) => [a.documentId, a.story]));
  const out = new Map<string, string>();
  for (const { key, documentId } of await store.sourceKeys()) out.set(key.slice(key.lastIndexOf('#') + 1), story.get(documentId)!);
  return out;
}

/** Stories as sets of record ids, order-free. */
function partition(m: Map<string, string>): string[] {
  const groups = new Map<string, string[]>();
  for (const [id, s] of m) groups.set(s, [...(groups.get(s) ?? []), id]);
  return [...groups.values()].map((g) => g.sort().join(' ')).sort();
}

let store: SqliteStore;
let byRecord: Map<string, string>;
const details = new Map<string, StoryDetail>();

beforeAll(async () => {
  store = openSqliteStore(join(dir, 'stories.db'));
  const summary = await ingest(store, [CORPUS], { workers: 0 });
  expect(summary.failed).toBe(0);
  byRecord = await membership(store);
  for (const g of GOLD) {
    const id = byRecord.get(g.ids[0]!)!;
    details.set(g.label, (await storyDetail(store, id))!);
  }
}, 120_000);

afterAll(async () => store?.close());

describe('story grouping on the fictional corpus', () => {
  it('puts every article of a gold story in one story, and nothing else in it', () => {
    const listed = new Set(GOLD.flatMap((g) => g.ids));
    for (const g of GOLD) {
      const stories = new Set(g.ids.map((id) => byRecord.get(id)));
      expect(stories.size, g.label).toBe(1);
      const [story] = stories;
      const members = [...byRecord].filter(([, s]) => s === story).map(([id]) => id).sort();
      expect(members, g.label).toEqual([...g.ids].sort());
    }
    // Distractors share entities (Petra Lund, PT Arunika Kimia, Selabintana, Ivo Karsk, Pardasa) but not the event.
    for (const [id, s] of byRecord) if (!listed.has(id)) expect([...byRecord.values()].filter((x) => x === s), id).toHaveLength(1);
  });

  it('scores >= 0.9 pairwise precision and recall with saksi eval stories', async () => {
    const r = await evaluateStories(store, GOLD);
    expect(r.documents.precision).toBeGreaterThanOrEqual(0.9);
    expect(r.documents.recall).toBeGreaterThanOrEqual(0.9);
    expect(r.unknownIds).toEqual([]);
    expect(r.perStory.every((s) => s.stories === 1)).toBe(true);
  });

  it('keeps every claim of a story in its timeline, linked to its sentence', async () => {
    for (const [label, d] of details) {
      let claims = 0;
      for (const doc of d.documents) claims += (await store.getAnalysis(doc.id))!.claims.length;
      expect(d.timeline, label).toHaveLength(claims);
      for (const t of d.timeline) {
        const text = (await store.getDocument(t.link.document))!.text;
        expect(text.slice(t.link.start, t.link.end)).toBe(t.text);
      }
      // The timeline runs forward in time.
      const dates = d.timeline.map((t) => t.date ?? '');
      expect(dates).toEqual([...dates].sort());
    }
  });

  it('reads the stance table per proposition, with changes of position', () => {
    const troops = details.get('Valdoria sends troops to Ostravia')!;
    expect(troops.title).toMatch(/Valdoria|Ostravia/);
    expect(troops.languages).toEqual(['en', 'id']);
    const send = troops.propositions.find((p) => p.id === 'send')!;
    expect(send).toBeDefined();
    const karsk = send.stances.find((s) => /Karsk/.test(s.speaker))!;
    expect(karsk.history[0]!.position).toBe('deny');
    expect(karsk.current).toBe('assert');
    expect(karsk.changes).toEqual([expect.objectContaining({ from: 'deny', to: 'assert', date: '2025-03-11' })]);
    const lund = send.stances.find((s) => /Lund/.test(s.speaker))!;
    expect(lund.current).toBe('assert');
    expect(lund.changes).toEqual([]);
    // A second proposition inside the story: the troops train Ostravia's army.
    expect(troops.propositions.map((p) => p.id)).toContain('train');

    const river = details.get('Lirang river contamination')!;
    const contaminate = river.propositions.find((p) => p.id === 'contaminate')!;
    const company = contaminate.stances.find((s) => /Arunika/.test(s.speaker))!;
    expect(company.changes.map((c) => `${c.from}>${c.to}`)).toEqual(['deny>assert']);

    const bridge = details.get('Tarum bridge collapse')!;
    const collapse = bridge.propositions.find((p) => p.id === 'collapse')!;
    expect(collapse.stances.find((s) => /Bangun Karsa/.test(s.speaker))!.current).toBe('deny');
  });

  it('follows figures per quantity over time: min, max, latest', () => {
    const troops = details.get('Valdoria sends troops to Ostravia')!.figures.find((f) => f.concept === 'send' && f.kind === 'count')!;
    expect([troops.min, troops.max, troops.latest]).toEqual([3000, 5000, 4500]);
    expect(new Set(troops.values.map((v) => v.outlet)).size).toBeGreaterThanOrEqual(4);
    const fish = details.get('Lirang river contamination')!.figures.find((f) => f.kind === 'measure')!;
    expect([fish.min, fish.max, fish.latest]).toEqual([2, 5, 5]);
    const dead = details.get('Tarum bridge collapse')!.figures.flatMap((f) => f.values).filter((v) => v.value === 7 || v.value === 9);
    expect(dead.length).toBeGreaterThanOrEqual(4);
  });

  it('counts a near-duplicate copy as a copy, not as one more source', () => {
    const troops = details.get('Valdoria sends troops to Ostravia')!;
    expect(troops.spread.copies).toHaveLength(1);
    expect(troops.spread.independent).toBe(troops.documents.length - 1);
    const river = details.get('Lirang river contamination')!;
    expect(river.spread.copies.length).toBe(1);
  });

  it('keeps the evidence of every link: shared propositions across languages, figures, dates', () => {
    const troops = details.get('Valdoria sends troops to Ostravia')!;
    const langOf = new Map(troops.documents.map((d) => [d.id, d.language]));
    const cross = troops.evidence.filter((e) => langOf.get(e.a) !== langOf.get(e.b));
    expect(cross.length).toBeGreaterThan(0);
    for (const e of troops.evidence) {
      expect(e.score).toBeGreaterThanOrEqual(WEAK_THRESHOLD);
      // What blocking finds: a shared proposition, two shared entities, or a rare word of both titles.
      expect(e.props.length > 0 || e.entities.length >= 2 || (e.sharedWords ?? []).length > 0).toBe(true);
      expect(e.days ?? 0).toBeLessThanOrEqual(WINDOW_DAYS);
    }
    expect(cross.some((e) => e.props.some((p) => p.startsWith('send:')) && e.numbers.includes('count:3000'))).toBe(true);
  });

  it('exports the claims as ClaimReview-ready JSON-LD', () => {
    const reviews = claimReviews(details.get('Lirang river contamination')!) as Record<string, any>[];
    expect(reviews.length).toBeGreaterThan(0);
    for (const r of reviews) {
      expect(r['@type']).toBe('ClaimReview');
      expect(typeof r['claimReviewed']).toBe('string');
      expect(r['itemReviewed']['author']['name']).toBeTruthy();
      expect(r['itemReviewed']['appearance'][0]['publisher']['name']).toBeTruthy();
    }
  });
});

describe('incremental = rebuild = another order', () => {
  it('gives the same stories, ids, summaries and evidence after a full rebuild', async () => {
    const snap = async () => ({
      assignments: await store.storyAssignments(),
      stories: await store.listStories({ minDocuments: 1, limit: 1000 }),
      edges: await Promise.all((await store.listStories({ minDocuments: 1, limit: 1000 })).map((s) => store.storyEdges(s.id))),
    });
    const before = await snap();
    const r = await rebuildStories(store);
    expect(r.documents).toBe(before.assignments.length);
    expect(await snap()).toEqual(before);
  });

  it('gives the same stories when the articles arrive in reverse order', async () => {
    const lines = readFileSync(CORPUS, 'utf8').trim().split('\n').reverse();
    const reversed = join(dir, 'reversed.jsonl');
    writeFileSync(reversed, `${lines.join('\n')}\n`);
    const other = openSqliteStore(join(dir, 'reversed.db'));
    try {
      await ingest(other, [reversed], { workers: 0, batchSize: 1 });
      const m = await membership(other);
      expect(partition(m)).toEqual(partition(byRecord));
      // Story ids come from the earliest article, not from ingest order.
      expect(new Set(m.values())).toEqual(new Set(byRecord.values()));
    } finally {
      await other.close();
    }
  }, 120_000);
});

describe('the pairwise relation', () => {
  const base: StoryFeatures = { lang: 'en', day: '2025-01-10', entities: [['#1', 'n:lund'], ['#2']], names: {}, concepts: ['send'], props: ['send:#1'], numbers: ['count:3000'], words: ['troops', 'valdoria'] };
  it('is symmetric and needs the time window', () => {
    const other: StoryFeatures = { ...base, lang: 'id', entities: [['#9', 'n:lund'], ['#7']], props: ['send:n:lund'], words: ['tentara'] };
    // One shared entity (by its name word) and no shared proposition string: not enough.
    expect(relate(base, other)).toBeUndefined();
    const same: StoryFeatures = { ...other, entities: [['#1', 'n:lund'], ['#2']], props: ['send:#1', 'send:n:lund'] };
    const ab = relate(base, same)!;
    const ba = relate(same, base)!;
    expect(ab.score).toBe(ba.score);
    expect(ab.entities.length).toBe(ba.entities.length);
    expect(relate(base, { ...same, day: '2025-02-10' })).toBeUndefined();
  });
  it('does not link a shared entity without the proposition (a distractor)', () => {
    const distractor: StoryFeatures = { ...base, day: '2025-01-11', concepts: ['build'], props: ['build:#1'], numbers: [], words: ['museum'] };
    expect(relate(base, distractor)).toBeUndefined();
  });
  it('fingerprints direct quotations: the same quoted words in two articles, whatever surrounds them', () => {
    const quoted = 'Kami tidak pernah membuang limbah ke sungai itu sejak pabrik berdiri';
    const analysis = (text: string, quote = true) => {
      const start = text.indexOf(quoted);
      return { text, claims: [{ quote, start, end: start + quoted.length }] } as unknown as Analysis;
    };
    const one = quoteKeys(analysis(`Direktur itu membantah. "${quoted}," katanya di Lirang.`));
    const two = quoteKeys(analysis(`"${quoted}," ujar Hendra kepada wartawan, Rabu.`));
    expect(one.length).toBeGreaterThan(0);
    expect(one).toEqual(two);
    expect(quoteKeys(analysis(`Ia berkata ${quoted}.`, false))).toEqual([]);
    expect(quoteKeys({ text: '"Kami menolak."', claims: [{ quote: true, start: 1, end: 13 }] } as unknown as Analysis)).toEqual([]);
    // One shared entity is not enough; quoting the same words is.
    const a: StoryFeatures = { ...base, entities: [['#1', 'n:lund']], concepts: [], props: [], numbers: [], words: ['limbah'] };
    const b: StoryFeatures = { ...a, day: '2025-01-11', words: ['sungai'] };
    expect(relate(a, b)).toBeUndefined();
    const e = relate({ ...a, quotes: one }, { ...b, quotes: two })!;
    expect(e.quotes).toBe(one.length);
    expect(blockingKeys({ ...a, quotes: one })).toContain(`q:${one[0]}`);
  });
  it('takes precise figures as fingerprints, round ones not', () => {
    for (const f of ['count:36700000', 'money:8300000000000', 'percent:82.2', 'count:35040000']) expect(specificFigure(f), f).toBe(true);
    for (const f of ['count:4000', 'percent:20', 'count:10', 'money:1000000000']) expect(specificFigure(f), f).toBe(false);
    const a: StoryFeatures = { ...base, entities: [['#1', 'n:lund']], concepts: [], props: [], numbers: ['count:36700000'], words: ['penerima'] };
    expect(relate(a, { ...a, numbers: [] })).toBeUndefined();
    expect(relate(a, { ...a })?.numbers).toEqual(['count:36700000']);
    expect(blockingKeys(a)).toContain('f:count:36700000');
  });
  it('does not compare two articles for two famous names alone', () => {
    const a: StoryFeatures = { ...base, entities: [['#1', 'n:prabowo'], ['#2', 'n:jakarta']], famous: ['#1', '#2'], concepts: [], props: [], numbers: [], words: ['maung', 'menteri'] };
    expect(relate(a, { ...a, words: ['pupuk', 'menteri'] })).toBeUndefined();
  });
});

describe('background word lists', () => {
  it('knows the ordinary words of English and Indonesian', () => {
    expect(hasBackground('en')).toBe(true);
    expect(wordRarity('en', 'people')).toBeLessThan(0.6);
    expect(wordRarity('en', 'people')).toBeLessThan(wordRarity('en', 'troops'));
    expect(wordRarity('en', 'valdoria')).toBe(1);
    expect(wordRarity('id', 'tahun')).toBeLessThan(0.5);
    expect(wordRarity('id', 'ijazah')).toBeGreaterThan(0.9);
  });
  it('takes a name of ordinary words for a famous one, and a capitalised ordinary word for none', () => {
    const text = 'Dinas Kesehatan membagikan obat di Lirang. Warga Tahun ini senang.';
    const analysis = {
      language: 'id',
      text,
      meta: {},
      sentences: [{ start: 0, end: 42, text: text.slice(0, 42) }, { start: 43, end: text.length, text: text.slice(43) }],
      entities: [
        { id: 'e1', name: 'Dinas Kesehatan', aliases: ['Dinas Kesehatan'], mentions: [{ start: 0, end: 15 }] },
        { id: 'e2', name: 'Lirang', aliases: ['Lirang'], mentions: [{ start: 35, end: 41 }] },
      ],
      claims: [],
      quantities: [],
    } as unknown as Analysis;
    const f = storyFeatures(analysis, { title: 'Obat di Lirang' }, new Map([['e1', 1], ['e2', 2]]));
    expect(f.famous).toEqual(['#1']);
    expect(f.entities.flat()).not.toContain('n:tahun');
  });
});

describe('weighing words and cases (Indonesian)', () => {
  const doc = (title: string, lead: string[], extra: Partial<StoryFeatures> = {}): StoryFeatures => {
    const words = (t: string, min: number) => [...new Set(t.toLowerCase().match(/\p{L}+/gu) ?? [])].filter((w) => w.length >= min).sort();
    return { lang: 'id', day: '2025-10-20', entities: [], names: {}, concepts: [], props: [], numbers: [], words: words(`${title} ${lead.join(' ')}`, 4), titleWords: words(title, 3), ...extra };
  };
  it('counts a shared rare word for more than a shared common one', () => {
    const a = doc('Kampus Larang Mahasiswa Pakai Sandal', ['mengatakan pemerintah']);
    const rare = doc('Rektor Bela Aturan Sandal di Kampus', ['mengatakan pemerintah']);
    const common = doc('Pemerintah Mengatakan Hal Lain', ['mengatakan pemerintah']);
    expect(wordSimilarity(a, rare).similarity).toBeGreaterThan(wordSimilarity(a, common).similarity);
    expect(wordSimilarity(a, rare).rareTitleWord).toBe(true);
    expect(wordSimilarity(a, common).rareTitleWord).toBe(false);
    // Symmetric.
    expect(wordSimilarity(rare, a).similarity).toBeCloseTo(wordSimilarity(a, rare).similarity);
  });
  it('tells two cases of one topic apart by the names in their titles', () => {
    const e = (...hs: string[]) => hs.map((h) => [h]);
    const one = doc('KPK Tahan Bupati Wirokerto', [], { entities: e('n:kpk', 'n:wirokerto') });
    const other = doc('KPK Tahan Direktur PT Sandimas', [], { entities: e('n:kpk', 'n:sandimas') });
    const same = doc('Bupati Wirokerto Ajukan Praperadilan', [], { entities: e('n:wirokerto') });
    expect(distinctCases(one, other)).toBe(true);
    expect(distinctCases(one, same)).toBe(false);
  });
});

describe('weak links count only inside a triangle', () => {
  type Rel = 'strong' | 'weak' | undefined;
  /** Stories as sorted member lists, from kept links by union-find. */
  const components = (n: number, links: [number, number][]) => {
    const p = [...Array(n).keys()];
    const find = (x: number): number => (p[x] === x ? x : (p[x] = find(p[x]!)));
    for (const [a, b] of links) p[find(a)] = find(b);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < n; i++) groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
    return [...groups.values()].map((g) => g.join(',')).sort();
  };
  /** The batch rule: a link is kept when strong, or weak with a third node related to both, one side strong. */
  const batch = (n: number, rel: Rel[][]) => {
    const kept: [number, number][] = [];
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++) {
        if (!rel[a]![b]) continue;
        let keep = rel[a]![b] === 'strong';
        for (let z = 0; z < n && !keep; z++) if (z !== a && z !== b && rel[a]![z] && rel[b]![z] && (rel[a]![z] === 'strong' || rel[b]![z] === 'strong')) keep = true;
        if (keep) kept.push([a, b]);
      }
    return components(n, kept);
  };
  /** Arrival in `order`, each new node seeing only the nodes before it, as StoryStage does. */
  const incremental = (n: number, rel: Rel[][], order: number[]) => {
    const kept: [number, number][] = [];
    // The stories so far, as the store holds them (a neighbour's `group`).
    const p = [...Array(n).keys()];
    const find = (x: number): number => (p[x] === x ? x : (p[x] = find(p[x]!)));
    order.forEach((node, k) => {
      const near = order.slice(0, k).filter((o) => rel[node]![o]).map((o) => ({ id: o, strong: rel[node]![o] === 'strong', group: String(find(o)) }));
      const { keep } = triangleLinks(near, (x, y) => (rel[x.id]![y.id] ? { strength: rel[x.id]![y.id]!, evidence: null } : undefined));
      const add = (a: number, b: number) => {
        kept.push([a, b]);
        p[find(a)] = find(b);
      };
      near.forEach((x, i) => keep[i] && add(node, x.id));
    });
    return components(n, kept);
  };
  it('gives the same stories in every arrival order as the batch rule', () => {
    const graph = fc.integer({ min: 2, max: 9 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.constantFrom<Rel>(undefined, undefined, 'weak', 'strong'), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
        fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      ),
    );
    fc.assert(
      fc.property(graph, ([n, flat, order]) => {
        const rel: Rel[][] = [...Array(n)].map(() => Array<Rel>(n).fill(undefined));
        let k = 0;
        for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) rel[a]![b] = rel[b]![a] = flat[k++];
        expect(incremental(n, rel, order)).toEqual(batch(n, rel));
      }),
      { numRuns: 500 },
    );
  });
  it('does not chain two stories through one weak link', () => {
    // 0–1 strong (one story), 2–3 strong (another), 1–2 weak: no triangle, two stories.
    const rel: Rel[][] = [...Array(4)].map(() => Array<Rel>(4).fill(undefined));
    const set = (a: number, b: number, r: Rel) => (rel[a]![b] = rel[b]![a] = r);
    set(0, 1, 'strong');
    set(2, 3, 'strong');
    set(1, 2, 'weak');
    expect(incremental(4, rel, [0, 1, 2, 3])).toEqual(['0,1', '2,3']);
    // A third article related to both, one side strong, confirms the weak link.
    set(0, 2, 'weak');
    expect(incremental(4, rel, [3, 2, 1, 0])).toEqual(['0,1,2,3']);
    expect(strength({ score: 5, entities: [], props: [], concepts: [], numbers: [] })).toBe('strong');
  });
});

describe('pairwise scores and gold files', () => {
  it('counts pairs from the two labelings', () => {
    const pred = new Map([['a', 'x'], ['b', 'x'], ['c', 'x'], ['d', 'y']]);
    const gold = new Map([['a', 'g'], ['b', 'g'], ['d', 'g']]);
    const s = pairwise(pred, gold);
    // predicted pairs: ab ac bc = 3; gold pairs: ab ad bd = 3; both: ab = 1.
    expect([s.truePairs, s.predictedPairs, s.goldPairs]).toEqual([1, 3, 3]);
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.recall).toBeCloseTo(1 / 3);
  });
  it('rejects a malformed gold file with its place', () => {
    expect(() => parseGold('{"clusters": [{"ids": [1]}]}', 'g.json')).toThrow(/g\.json: clusters\[0\]\.ids/);
    expect(() => parseGold('nope', 'g.json')).toThrow(GoldFormatError);
    expect(() => parseGold('{"clusters": [{"ids": ["a"], "claims": ["no-colon"]}]}', 'g.json')).toThrow(/claims/);
  });
  it('scores claims when the gold lists them', async () => {
    const troopsClaims = (await store.getAnalysis((await store.sourceState(`${CORPUS}#troops-04`))!.documentId))!.claims.map((c) => `troops-04:${c.id}`);
    const withClaims = GOLD.map((g) => (g.label.startsWith('Valdoria') ? { ...g, claims: troopsClaims } : g));
    const r = await evaluateStories(store, withClaims);
    expect(r.claims).toBeDefined();
    expect(r.claims!.recall).toBe(1);
  });
});

describe('the predicate lexicon', () => {
  it('maps Indonesian and English forms onto the same concepts', () => {
    const id = predicateMatcher('id')!;
    const en = predicateMatcher('en')!;
    expect(id.find('Korea Utara mengirimkan tentara').map((m) => m.concept)).toEqual(['send']);
    expect(en.find('North Korea sent troops').map((m) => m.concept)).toEqual(['send']);
    expect(id.find('Kremlin membantah').map((m) => m.concept)).toEqual(['deny']);
    expect(en.find('Moscow denied it').map((m) => m.concept)).toEqual(['deny']);
    expect(id.find('unjuk rasa buruh').map((m) => m.concept)).toEqual(['protest']);
    expect(id.negated('tidak ada tentara')).toBe(true);
    expect(en.negated('troops arrived')).toBe(false);
    expect(predicateMatcher('xx')).toBeUndefined();
  });
  it('refuses an unknown concept', () => {
    expect(() => compilePredicates({ teleport: ['beam'] })).toThrow(/unknown concept 'teleport'/);
  });
});

describe('the stories commands', () => {
  const BIN = fileURLToPath(new URL('../bin/saksi.js', import.meta.url));
  const GOLD_FILE = fileURLToPath(new URL('./fixtures/stories/gold.json', import.meta.url));
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  const db = () => join(dir, 'stories.db');

  it('lists, shows, exports and scores stories', () => {
    const list = run('stories', '--db', db(), '--json');
    expect(list.status, list.stderr).toBe(0);
    const stories = JSON.parse(list.stdout).stories as { id: string; documents: number; languages: string[] }[];
    expect(stories.map((s) => s.documents).sort()).toEqual([6, 8, 9]);
    expect(JSON.parse(run('stories', '--db', db(), '--json', '--entity', 'Lukas Sembiring').stdout).stories).toHaveLength(1);
    const text = run('story', stories[0]!.id, '--db', db());
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Timeline[\s\S]*Stances by proposition[\s\S]*Figures[\s\S]*Spread[\s\S]*Why these articles are one story/);
    const review = JSON.parse(run('story', stories[0]!.id, '--db', db(), '--claimreview').stdout) as { '@type': string }[];
    expect(review[0]!['@type']).toBe('ClaimReview');
    const exported = run('export', '--what', 'stories', '--db', db()).stdout.trim().split('\n');
    expect(exported).toHaveLength(3);
    const scored = JSON.parse(run('eval', 'stories', GOLD_FILE, '--db', db(), '--json').stdout);
    expect(scored.documents.precision).toBeGreaterThanOrEqual(0.9);
    expect(scored.documents.recall).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('says clearly what is wrong', () => {
    const none = run('story', 'nope', '--db', db());
    expect(none.status).toBe(66);
    expect(none.stderr).toMatch(/no story 'nope'/);
    const bad = join(dir, 'bad-gold.json');
    writeFileSync(bad, '{"clusters": {}}');
    const r = run('eval', 'stories', bad, '--db', db());
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/bad-gold\.json: expected \{"clusters"/);
    expect(run('stories', '--db', db(), '--since', '2025-13-45').status).toBe(64);
  }, 60_000);
});
