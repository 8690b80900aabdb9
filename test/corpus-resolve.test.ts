/**
 * Cross-document entity resolution on hand-made analyses: merges (KB id, KB alias and fuzzy,
 * KB role, normalised name, spelling variant, bare surname, context) and non-merges (people
 * sharing a surname, different given names, entities one document kept apart).
 */
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Analysis, Entity, EntityType } from '../src/types.js';
import { loadKnowledgeBase } from '../src/kb/index.js';
import fc from 'fast-check';
import { CorpusResolver } from '../src/corpus/entities.js';
import { foldKey } from '../src/kb/normalize.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { EntityId, Store } from '../src/store/store.js';
import { analysisOf } from './store-contract.js';

/** A knowledge base of a few people only (not the starter KB, which grows): the tests do not depend on its content. */
const KB_DIR = fileURLToPath(new URL('./fixtures/corpus-kb/', import.meta.url));

interface E {
  name: string;
  type?: EntityType;
  aliases?: string[];
  roles?: string[];
  kb?: string;
}

/** An analysis whose text holds each entity's surfaces once, with real spans. */
function docWith(...entities: E[]): Analysis {
  let text = '';
  const out: Entity[] = entities.map((e, i) => {
    const surfaces = e.aliases ?? [e.name];
    const mentions = surfaces.map((s) => {
      const start = text.length;
      text += `${s}. `;
      return { start, end: start + s.length, text: s, rule: 'test' };
    });
    return {
      id: `e${i + 1}`,
      type: e.type ?? 'PERSON',
      name: e.name,
      mentions,
      aliases: [...new Set(surfaces)],
      ...(e.kb ? { kb: e.kb } : {}),
      ...(e.roles ? { roles: e.roles } : {}),
    };
  });
  return analysisOf(text, { entities: out });
}

describe('CorpusResolver', () => {
  let store: Store;
  let resolver: CorpusResolver;
  let n = 0;

  /** Stores a document and links its entities; returns doc entity id → corpus entity id. */
  async function add(analysis: Analysis): Promise<Map<string, EntityId>> {
    return store.transaction(async (w) => {
      const { id } = await w.addDocument({ sourceKey: `k${++n}`, rawHash: `r${n}`, contentHash: `h${n}`, text: analysis.text, analysis });
      return resolver.link(w, id, analysis);
    });
  }

  async function evidenceOf(id: EntityId): Promise<string[]> {
    return (await store.entityDetail(id))!.evidence.map((e) => `${e.method}: ${e.detail}`);
  }

  describe('with a knowledge base', () => {
    beforeEach(async () => {
      store = openSqliteStore(':memory:');
      resolver = await CorpusResolver.load(store, { kb: loadKnowledgeBase({ dataDir: KB_DIR }) });
    });

    it('merges spelling variants of one KB person across documents, saying why', async () => {
      const a = await add(docWith({ name: 'Zelensky', aliases: ['Zelensky'] }));
      const b = await add(docWith({ name: 'Zielinski', aliases: ['Zielinski'], roles: ['Presiden Ukraina'] }));
      const c = await add(docWith({ name: 'Zelenskyy' }));
      const d = await add(docWith({ name: 'Volodymyr Zelensky', kb: 'person:test-volodymyr-zelensky' }));
      const id = a.get('e1')!;
      expect([b.get('e1'), c.get('e1'), d.get('e1')]).toEqual([id, id, id]);
      const detail = (await store.entityDetail(id))!;
      expect(detail).toMatchObject({ name: 'Volodymyr Zelensky', kb: 'person:test-volodymyr-zelensky', mentions: 4, documents: 4 });
      expect(detail.aliases.filter((x) => x.count > 0).map((x) => x.alias).sort()).toEqual(['Volodymyr Zelensky', 'Zelensky', 'Zelenskyy', 'Zielinski']);
      const why = await evidenceOf(id);
      expect(why.some((w) => w.startsWith('kb-role: Zielinski (Presiden Ukraina) → Volodymyr Zelensky: KB fuzzy 0.93') && w.includes('same phonetic key'))).toBe(true);
      expect(why.some((w) => w.startsWith('kb-alias: Zelenskyy → Volodymyr Zelensky'))).toBe(true);
      expect(why.some((w) => w.startsWith('kb-id: Volodymyr Zelensky → Volodymyr Zelensky: knowledge base person:test-volodymyr-zelensky'))).toBe(true);
      expect((await store.findEntities('Zelensky')).map((e) => e.id)).toEqual([id]);
    });

    it('resolves a garbled name by its role: "Mark Roth, Sekretaris Jenderal NATO" is Mark Rutte', async () => {
      const a = await add(docWith({ name: 'Mark Roth', roles: ['Sekretaris Jenderal NATO'] }));
      const b = await add(docWith({ name: 'Mark Rutte' }));
      expect(a.get('e1')).toBe(b.get('e1'));
      const why = await evidenceOf(a.get('e1')!);
      expect(why.find((w) => w.startsWith('kb-role: Mark Roth (Sekretaris Jenderal NATO) → Mark Rutte'))).toBeDefined();
    });

    it('keeps Kim Jong Un and Kim Yo Jong apart, and a bare "Kim" out of both', async () => {
      const a = await add(docWith({ name: 'Kim Jong Un' }));
      const b = await add(docWith({ name: 'Kim Yo Jong' }));
      const c = await add(docWith({ name: 'Kim' }));
      expect(a.get('e1')).not.toBe(b.get('e1'));
      expect(c.get('e1')).not.toBe(a.get('e1'));
      expect(c.get('e1')).not.toBe(b.get('e1'));
    });
  });

  describe('without a knowledge base', () => {
    beforeEach(async () => {
      store = openSqliteStore(':memory:');
      resolver = await CorpusResolver.withoutKb(store);
    });

    it('merges the same normalised name, and variants of full names', async () => {
      const a = await add(docWith({ name: 'Ahmad Fauzi' }));
      const b = await add(docWith({ name: 'AHMAD FAUZI' }));
      const c = await add(docWith({ name: 'Achmad Fauzi' }));
      const d = await add(docWith({ name: 'Ahmad Fauzy' }));
      const id = a.get('e1')!;
      expect([b.get('e1'), c.get('e1'), d.get('e1')]).toEqual([id, id, id]);
      const why = await evidenceOf(id);
      expect(why).toContain('name: AHMAD FAUZI → Ahmad Fauzi: same normalised name');
      expect(why.find((w) => w.startsWith('variant: Achmad Fauzi → Ahmad Fauzi: spelling variant'))).toBeDefined();
    });

    it('attaches a bare surname to the only person carrying it', async () => {
      const a = await add(docWith({ name: 'Budi Santoso', aliases: ['Budi Santoso', 'Santoso'] }));
      const b = await add(docWith({ name: 'Santoso' }));
      expect(b.get('e1')).toBe(a.get('e1'));
    });

    it('keeps two people sharing a surname apart, and an ambiguous bare surname out of both', async () => {
      const budi = (await add(docWith({ name: 'Budi Santoso', roles: ['Wali Kota Semarang'] }))).get('e1')!;
      const rina = (await add(docWith({ name: 'Rina Santoso', roles: ['peneliti'] }))).get('e1')!;
      expect(rina).not.toBe(budi);
      const bare1 = (await add(docWith({ name: 'Santoso' }))).get('e1')!;
      expect([budi, rina]).not.toContain(bare1);
      expect(await evidenceOf(bare1)).toEqual([expect.stringContaining('ambiguous: Budi Santoso, Rina Santoso share the name; kept apart')]);
      // The same ambiguous bare name goes to the same place again, not to a new entity each time.
      const bare2 = (await add(docWith({ name: 'Santoso' }))).get('e1')!;
      expect(bare2).toBe(bare1);
    });

    it('lets context decide between people sharing a surname: a shared role', async () => {
      const budi = (await add(docWith({ name: 'Budi Santoso', roles: ['Wali Kota Semarang'] }))).get('e1')!;
      await add(docWith({ name: 'Rina Santoso', roles: ['peneliti'] }));
      const withRole = (await add(docWith({ name: 'Santoso', roles: ['Wali Kota Semarang'] }))).get('e1')!;
      expect(withRole).toBe(budi);
      expect((await evidenceOf(budi)).find((w) => w.includes('context: same role "Wali Kota Semarang"'))).toBeDefined();
    });

    it('lets context decide between people sharing a surname: co-occurring entities', async () => {
      const budi = (await add(docWith({ name: 'Budi Santoso' }, { name: 'Kota Semarang', type: 'GPE' }, { name: 'Demak', type: 'GPE' }))).get('e1')!;
      await add(docWith({ name: 'Rina Santoso' }, { name: 'Karimunjawa', type: 'LOC' }));
      const m = await add(docWith({ name: 'Santoso' }, { name: 'Kota Semarang', type: 'GPE' }, { name: 'Demak', type: 'GPE' }));
      expect(m.get('e1')).toBe(budi);
    });

    it('never merges full names with different given names', async () => {
      const a = await add(docWith({ name: 'Joko Widodo' }));
      const b = await add(docWith({ name: 'Andi Widodo' }));
      expect(b.get('e1')).not.toBe(a.get('e1'));
    });

    it('does not merge entities that one document kept apart', async () => {
      const joko = (await add(docWith({ name: 'Joko Widodo' }))).get('e1')!;
      const m = await add(docWith({ name: 'Joko Widodo' }, { name: 'Widodo' }));
      expect(m.get('e1')).toBe(joko);
      expect(m.get('e2')).not.toBe(joko);
    });

    it('matches organisations and places by normalised name and type only', async () => {
      const a = await add(docWith({ name: 'Badan Pusat Statistik', type: 'ORG' }));
      const b = await add(docWith({ name: 'badan pusat statistik', type: 'ORG' }));
      const c = await add(docWith({ name: 'Badan Pusat Statistika', type: 'ORG' }));
      const d = await add(docWith({ name: 'Badan Pusat Statistik', type: 'PERSON' }));
      expect(b.get('e1')).toBe(a.get('e1'));
      expect(c.get('e1')).not.toBe(a.get('e1'));
      expect(d.get('e1')).not.toBe(a.get('e1'));
    });

    it("brings a cache up to date with another writer's links as a fresh resolver would see them (applyChanges)", async () => {
      const dir = mkdtempSync(join(tmpdir(), 'saksi-resolve-'));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      store = openSqliteStore(join(dir, 'a.db'));
      resolver = await CorpusResolver.withoutKb(store);
      const raw = new Database(join(dir, 'a.db'), { readonly: true });
      onTestFinished(() => raw.close());
      const budi = (await add(docWith({ name: 'Budi Santoso' }, { name: 'Kota Semarang', type: 'GPE' }, { name: 'Demak', type: 'GPE' }))).get('e1')!;
      await add(docWith({ name: 'Rina Santoso' }, { name: 'Karimunjawa', type: 'LOC' }));
      const probe = docWith({ name: 'Santoso' }, { name: 'Kota Semarang', type: 'GPE' }, { name: 'Demak', type: 'GPE' });
      const before = await resolver.decideIn(store, probe);
      expect(before[0]!.target).toBe(budi);
      // Another writer (its own resolver): Rina with Semarang and Demak, Budi under a new name.
      const lastKey = (raw.prepare('SELECT max(rowid) AS n FROM entity_keys').get() as { n: number }).n;
      const other = await CorpusResolver.withoutKb(store);
      const written = await store.transaction(async (w) => {
        const links: Map<string, EntityId>[] = [];
        for (const a of [docWith({ name: 'Rina Santoso' }, { name: 'Kota Semarang', type: 'GPE' }, { name: 'Demak', type: 'GPE' }), docWith({ name: 'Budi Santoso', aliases: ['Budi Santoso', 'Pak Budi Santoso'] })]) {
          const { id } = await w.addDocument({ sourceKey: `k${++n}`, rawHash: `r${n}`, contentHash: `h${n}`, text: a.text, analysis: a });
          links.push(await other.link(w, id, a));
        }
        return links;
      });
      const together = written.map((m) => [...new Set(m.values())]);
      const keys = (raw.prepare('SELECT entity_id AS entity, kind, key FROM entity_keys WHERE rowid > ? ORDER BY rowid').all(lastKey) as { entity: number; kind: string; key: string }[]);
      expect(keys.some((k) => k.entity === budi && k.kind === 'name')).toBe(true);
      await resolver.applyChanges(store, { entities: together.flat(), keys, kb: [], together });
      const fresh = await CorpusResolver.withoutKb(store);
      // ("Pak Budi Santosa" is a variant of the new name only: a cache without it decides otherwise.)
      for (const a of [probe, docWith({ name: 'Pak Budi Santosa' }), docWith({ name: 'Budi Santosa' }), docWith({ name: 'Santoso' }, { name: 'Karimunjawa', type: 'LOC' })]) {
        expect(await resolver.decideIn(store, a)).toEqual(await fresh.decideIn(store, a));
      }
      // (The co-occurrence changed the answer: Rina now shares Semarang and Demak too.)
      expect((await resolver.decideIn(store, probe))[0]!.target).not.toBe(budi);
    });

    it('rebuilds the same index from the store', async () => {
      await add(docWith({ name: 'Budi Santoso' }, { name: 'Kota Semarang', type: 'GPE' }));
      const fresh = await CorpusResolver.withoutKb(store);
      const decisions = await fresh.decideIn(store, docWith({ name: 'Santoso' }, { name: 'Kota Semarang', type: 'GPE' }));
      expect(decisions.map((d) => d.target)).toEqual([1, 2]);
    });
  });
});

describe('name keys fold to themselves', () => {
  // The resolver compares stored name keys (and their words, and runs of their leading words)
  // without folding them again: that is `nameEditSimilarity` only while a key folds to itself.
  const fixed = (s: string): boolean => {
    const key = foldKey(s);
    const words = key.split(' ');
    return foldKey(key) === key && words.every((w, i) => foldKey(w) === w && foldKey(words.slice(0, i + 1).join(' ')) === words.slice(0, i + 1).join(' '));
  };

  it('for names of many scripts and marks', () => {
    for (const s of ['İstanbul', 'Straße', 'Ǆemal Ærø', 'ﬁnn Œuvre', 'Łódź Đorđe', 'Ｆｕｌｌ Ｗｉｄｔｈ', 'Ἀθῆναι ΣΊΣΥΦΟΣ', 'Москва', '한국 사람', "O'Neil-Smith", 'A.B. C', 'Kim Jong-un', 'Ma\u0027ruf Amin']) {
      expect(fixed(s), s).toBe(true);
    }
  });

  it('for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 24 }), fixed), { numRuns: 3000 });
    const letters = 'aAİıßæœøłđ ÿŸǅǄﬁ\u0301\u0307\u0345ΐΣσςΆ-.\'Ⅻ①ｆ한'.split('');
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...letters), maxLength: 12 }), fixed), { numRuns: 3000 });
  });
});
