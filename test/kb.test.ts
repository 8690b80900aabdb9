import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMON_NAME, FUZZY_THRESHOLD, KbLoadError, kbDataDir, loadKnowledgeBase, packageRoot, parseKbFile, STARTER_FILES, type KbEntry } from '../src/kb/index.js';
import { generateCountries, type CountrySource } from '../src/kb/countries.js';
import { validateEntry, type RawDefaults } from '../src/kb/parse.js';

const kb = loadKnowledgeBase();
const first = (surface: string): KbEntry | undefined => kb.lookup(surface)[0];
const ofType = (type: string) => kb.entries.filter((e) => e.type === type);
const bestFuzzy = (surface: string, role?: string) => kb.fuzzy(surface, { type: 'PERSON', ...(role ? { role } : {}) })[0];

describe('starter data', () => {
  it('is found from the package root', () => {
    expect(existsSync(join(packageRoot(), 'package.json'))).toBe(true);
    expect(kbDataDir()).toBe(join(packageRoot(), 'data', 'kb'));
    for (const f of STARTER_FILES) expect(existsSync(join(kbDataDir(), f))).toBe(true);
  });

  it('has unique ids and an English name for every entry', () => {
    const ids = new Set<string>();
    for (const e of kb.entries) {
      expect(ids.has(e.id), e.id).toBe(false);
      ids.add(e.id);
      expect(e.names['en']).toBe(e.name);
    }
  });

  it('validates against the user-file schema, file by file', () => {
    for (const file of STARTER_FILES) {
      const raw = JSON.parse(readFileSync(join(kbDataDir(), file), 'utf8')) as { defaults?: RawDefaults; entries: unknown[] };
      for (const item of raw.entries) {
        const r = validateEntry(item, raw.defaults);
        expect('error' in r ? `${file}: ${(item as { name: string }).name}: ${r.error}` : '').toBe('');
      }
    }
  });

  it('has the promised sizes', () => {
    const countries = kb.entries.filter((e) => e.id.startsWith('country:'));
    expect(countries.length).toBeGreaterThanOrEqual(249);
    expect(kb.entries.filter((e) => e.kind === 'province' || e.id.startsWith('province:')).length).toBe(38);
    const cities = kb.entries.filter((e) => e.type === 'GPE' && !e.id.startsWith('country:') && !e.id.startsWith('province:'));
    expect(cities.length).toBeGreaterThanOrEqual(250);
    expect(ofType('PERSON').length).toBeGreaterThanOrEqual(150);
    expect(ofType('LOC').length).toBeGreaterThanOrEqual(50);
    expect(kb.entries.filter((e) => e.kind === 'news-agency').length).toBeGreaterThanOrEqual(10);
  });

  it('keeps every role date ordered and every role country real', () => {
    for (const e of ofType('PERSON')) {
      expect(e.roles.length + e.aliases.length + 1).toBeGreaterThan(0);
      for (const r of e.roles) {
        if (r.since && r.until) expect(r.until > r.since, `${e.name}: ${r.text}`).toBe(true);
        if (r.org) expect(kb.byId(r.org), `${e.name}: ${r.org}`).toBeDefined();
      }
      if (e.country) expect(kb.byId(`country:${e.country}`), e.name).toBeDefined();
    }
  });

  it('has countries.json generated from the current ICU and country-aliases.json', () => {
    const dir = kbDataDir();
    const file = JSON.parse(readFileSync(join(dir, 'countries.json'), 'utf8')) as { icu: string; entries: unknown[] };
    const source = JSON.parse(readFileSync(join(dir, 'country-aliases.json'), 'utf8')) as CountrySource;
    const generated = generateCountries(source);
    if (file.icu === process.versions.icu) expect(file.entries).toEqual(generated.entries);
    else expect(file.entries.length).toBe(generated.entries.length);
  });

  it('uses what ICU says in Indonesian', () => {
    const dn = new Intl.DisplayNames(['id'], { type: 'region' });
    expect(kb.byId('country:KP')!.names['id']).toBe(dn.of('KP'));
    expect(kb.byId('country:KP')!.names['id']).toBe('Korea Utara');
  });
});

describe('lookup', () => {
  it('finds countries in Indonesian, English and short forms', () => {
    for (const s of ['Korea Utara', 'North Korea', 'Korut', 'DPRK', 'korea utara', 'KOREA UTARA']) expect(first(s)?.id, s).toBe('country:KP');
    for (const s of ['Korea Selatan', 'Korsel', 'South Korea']) expect(first(s)?.id, s).toBe('country:KR');
    for (const s of ['AS', 'Amerika Serikat', 'Amerika', 'US', 'U.S.', 'USA', 'United States']) expect(first(s)?.id, s).toBe('country:US');
    for (const s of ['Inggris', 'Britain', 'UK']) expect(first(s)?.id, s).toBe('country:GB');
    for (const s of ['Tiongkok', 'China', 'Cina']) expect(first(s)?.id, s).toBe('country:CN');
    expect(first('Rusia')?.id).toBe('country:RU');
    expect(first('Belanda')?.id).toBe('country:NL');
    expect(first('the Netherlands')?.id).toBe('country:NL');
    expect(first('Belgia')?.id).toBe('country:BE');
    expect(first('Iran')?.id).toBe('country:IR');
    expect(first('Pantai Gading')?.id).toBe('country:CI');
  });

  it('keeps short capital forms from matching ordinary words', () => {
    expect(kb.lookup('As')).toEqual([]);
    expect(kb.lookup('us')).toEqual([]);
    expect(kb.lookup('Who')).toEqual([]);
    expect(first('WHO')?.id).toBe('org:who');
  });

  it('finds cities by their Indonesian spelling', () => {
    expect(first('Moskow')?.name).toBe('Moscow');
    expect(first('Teheran')?.name).toBe('Tehran');
    expect(first('Roma')?.name).toBe('Rome');
    expect(first('Den Haag')?.name).toBe('The Hague');
    expect(first('Brussel')?.name).toBe('Brussels');
    expect(first('Kiev')?.name).toBe('Kyiv');
    expect(first('Peking')?.name).toBe('Beijing');
    expect(first('Pyongyang')?.country).toBe('KP');
    expect(first('Surabaya')?.country).toBe('ID');
    expect(first('Jakarta')?.code).toBe('ID-JK');
    expect(first('Jabar')?.name).toBe('West Java');
    expect(first('Sleman')?.kind).toBe('regency');
  });

  it('finds regions and organisations', () => {
    expect(first('Laut China Selatan')?.name).toBe('South China Sea');
    expect(first('Tepi Barat')?.type).toBe('LOC');
    expect(first('Timur Tengah')?.name).toBe('Middle East');
    for (const s of ['PBB', 'Perserikatan Bangsa-Bangsa', 'United Nations', 'UN']) expect(first(s)?.name, s).toBe('United Nations');
    expect(first('Dewan Keamanan PBB')?.id).toBe('org:unsc');
    expect(first('Uni Eropa')?.id).toBe('org:eu');
    expect(first('Bank Dunia')?.id).toBe('org:world-bank');
    expect(first('Mahkamah Konstitusi')?.id).toBe('org:mk');
    expect(first('KPK')?.type).toBe('ORG');
    expect(first('Kremlin')?.kind).toBe('seat-of-government');
    expect(first('Reuters')?.kind).toBe('news-agency');
    expect(first('Antara')?.kind).toBe('news-agency');
    expect(first('Kompas')?.kind).toBe('outlet');
  });

  it('lists its surface forms, marking the capitals-only ones', () => {
    const forms = kb.forms().filter((f) => f.entry.id === 'country:US');
    expect(forms.find((f) => f.text === 'AS')?.caseSensitive).toBe(true);
    expect(forms.find((f) => f.text === 'Amerika Serikat')?.caseSensitive).toBe(false);
    expect(forms.find((f) => f.text === 'Amerika')?.alias).toBe(true);
  });

  it('loads and indexes quickly', () => {
    const t = performance.now();
    // Another spelling of the directory bypasses the cache: a cold read of the starter files.
    const fresh = loadKnowledgeBase({ dataDir: `${kbDataDir()}/` });
    fresh.lookup('Korut');
    const ms = performance.now() - t;
    expect(fresh === kb).toBe(false);
    expect(ms).toBeLessThan(1500); // ~30 ms on an idle machine; generous for loaded CI
  });

  it('folds case, diacritics and possessives, and says how it matched', () => {
    expect(first('Recep Tayyip Erdogan')?.id).toBe('person:recep-tayyip-erdogan');
    expect(first('NATO’s')?.id).toBe('org:nato');
    const [m] = kb.lookupMatches('Zelenskiy');
    expect(m?.entry.name).toBe('Volodymyr Zelensky');
    expect(m?.how).toBe('alias');
    expect(kb.lookupMatches('North Korea')[0]?.how).toBe('exact');
    expect(kb.lookupMatches('north korea')[0]?.how).toBe('normalized');
  });
});

describe('byRole', () => {
  it('finds the holder of a role, current first', () => {
    expect(kb.byRole('Sekretaris Jenderal NATO')[0]?.name).toBe('Mark Rutte');
    expect(kb.byRole('Sekjen NATO')[0]?.name).toBe('Mark Rutte');
    expect(kb.byRole('NATO Secretary-General')[0]?.name).toBe('Mark Rutte');
    expect(kb.byRole('Presiden Rusia')[0]?.name).toBe('Vladimir Putin');
    expect(kb.byRole('Russian President')[0]?.name).toBe('Vladimir Putin');
    expect(kb.byRole('Presiden AS')[0]?.name).toBe('Donald Trump');
  });
  it('honours the date', () => {
    expect(kb.byRole('Sekretaris Jenderal NATO', '2020-05-01').map((e) => e.name)).toEqual(['Jens Stoltenberg']);
    expect(kb.byRole('Sekretaris Jenderal NATO', '2024-10-01').map((e) => e.name)).toEqual(['Mark Rutte']);
    expect(kb.byRole('Presiden AS', '2022-01-01').map((e) => e.name)).toEqual(['Joe Biden']);
    expect(kb.byRole('Menkeu', '2024-01-01').map((e) => e.name)).toContain('Sri Mulyani Indrawati');
  });
  it('expands abbreviations and demonyms', () => {
    expect(kb.byRole('PM Inggris')[0]?.name).toBe('Keir Starmer');
    expect(kb.byRole('British Prime Minister')[0]?.name).toBe('Keir Starmer');
    expect(kb.byRole('Kapolri')[0]?.name).toBe('Listyo Sigit Prabowo');
    expect(kb.byRole('Menlu RI', '2024-01-01').map((e) => e.name)).toEqual(['Retno Marsudi']);
    expect(kb.roleScore(kb.byId('person:mark-rutte')!, 'Sekjen NATO')).toBe(1);
  });
  it('does not match a bare title', () => {
    expect(kb.byRole('Presiden')).toEqual([]);
  });
});

describe('fuzzy', () => {
  it('documents its threshold', () => {
    expect(FUZZY_THRESHOLD).toBe(0.8);
  });
  it('matches transliterations without a role', () => {
    const m = bestFuzzy('Zielinski');
    expect(m?.entry.name).toBe('Volodymyr Zelensky');
    expect(m!.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(m!.why).toMatch(/same phonetic key SLNSK/);
    expect(bestFuzzy('Zelenskyy')?.entry.name).toBe('Volodymyr Zelensky');
    expect(bestFuzzy('Putin')?.entry.name).toBe('Vladimir Putin');
    expect(bestFuzzy('Putin')!.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(bestFuzzy('Vladimir Pudin')?.entry.name).toBe('Vladimir Putin');
    expect(bestFuzzy('Vladimir Pudin')!.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
  });
  it('needs the role for a garble', () => {
    const ruti = bestFuzzy('Ruti', 'Sekretaris Jenderal NATO');
    expect(ruti?.entry.name).toBe('Mark Rutte');
    expect(ruti!.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(ruti!.how).toBe('role');
    const roth = bestFuzzy('Mark Roth', 'Sekretaris Jenderal NATO');
    expect(roth?.entry.name).toBe('Mark Rutte');
    expect(roth!.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(bestFuzzy('Mark Roth', 'Sekjen NATO')?.entry.name).toBe('Mark Rutte');
  });
  it('is not confident about a garble without the role', () => {
    for (const s of ['Mark Roth', 'Ruti']) {
      for (const m of kb.fuzzy(s)) expect(m.score, `${s} → ${m.entry.name}`).toBeLessThan(FUZZY_THRESHOLD);
    }
  });
  it('keeps different people apart', () => {
    expect(bestFuzzy('Kim Yo Jong')?.entry.name).toBe('Kim Yo Jong');
    expect(bestFuzzy('Kim Yo-jong')?.entry.name).toBe('Kim Yo Jong');
    expect(kb.fuzzy('Kim Yo Jong').find((m) => m.entry.name === 'Kim Jong Un')?.score ?? 0).toBeLessThan(FUZZY_THRESHOLD);
    expect(kb.fuzzy('Kim Jong Un').find((m) => m.entry.name === 'Kim Yo Jong')?.score ?? 0).toBeLessThan(FUZZY_THRESHOLD);
    expect(kb.fuzzy('Joko Anwar').find((m) => m.entry.name === 'Joko Widodo')?.score ?? 0).toBeLessThan(FUZZY_THRESHOLD);
    expect(kb.fuzzy('Patel').find((m) => m.entry.name === 'Vladimir Putin')?.score ?? 0).toBeLessThan(FUZZY_THRESHOLD);
    expect(kb.fuzzy('Pranowo').find((m) => m.entry.name === 'Prabowo Subianto')?.score ?? 0).toBeLessThan(FUZZY_THRESHOLD);
  });
  it('does not pick one of several people sharing a bare name', () => {
    for (const m of kb.fuzzy('Kim')) expect(m.score, m.entry.name).toBeLessThan(FUZZY_THRESHOLD);
    for (const m of kb.fuzzy('Shinawatra')) expect(m.score, m.entry.name).toBeLessThan(FUZZY_THRESHOLD);
  });
  it('links a common name only with its role', () => {
    const plain = kb.fuzzy('Budi Santoso').find((m) => m.entry.id === 'person:budi-santoso');
    expect(plain?.score).toBeLessThan(FUZZY_THRESHOLD);
    expect(plain?.why).toMatch(/common name/);
    const withRole = bestFuzzy('Budi Santoso', 'Menteri Perdagangan');
    expect(withRole?.entry.id).toBe('person:budi-santoso');
    expect(withRole!.score).toBeGreaterThanOrEqual(FUZZY_THRESHOLD);
    expect(kb.lookup('Budi Santoso')[0]?.kind).toBe(COMMON_NAME);
  });
  it('puts exact names and aliases first', () => {
    const [m] = kb.fuzzy('Jokowi');
    expect(m?.entry.name).toBe('Joko Widodo');
    expect(m?.how).toBe('alias');
    expect(bestFuzzy('Prabowo')?.entry.name).toBe('Prabowo Subianto');
  });
});

describe('user files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'saksi-kb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a CSV with aliases, roles and quoted fields', () => {
    const path = write(
      'ok.csv',
      [
        'id,type,name,aliases,roles,wikidata,country',
        '# a comment',
        'person:budi-santoso-x,PERSON,Budi Santoso,"Budi; Pak Budi","id:Kepala Desa Sukamaju [2021-01-01..]; en:Head of Sukamaju village",,ID',
        ',ORG,"Komite ""Bersih"" Indonesia",KBI,,,ID',
        '',
      ].join('\n'),
    );
    const r = parseKbFile(path);
    expect(r.errors).toEqual([]);
    expect(r.entries).toHaveLength(2);
    const [budi, org] = r.entries;
    expect(budi!.aliases).toEqual(['Budi', 'Pak Budi']);
    expect(budi!.roles).toEqual([
      { text: 'Kepala Desa Sukamaju', lang: 'id', since: '2021-01-01' },
      { text: 'Head of Sukamaju village', lang: 'en' },
    ]);
    expect(org!.name).toBe('Komite "Bersih" Indonesia');
    expect(org!.id).toBe('org:komite-bersih-indonesia');
  });

  it('reports CSV errors with file and line', () => {
    const path = write('bad.csv', ['id,type,name,country', 'x:1,PERSON,Ana,ID', 'x:2,PEOPLE,Budi,ID', 'x:3,ORG,,ID', 'x:4,GPE,Kota,Indonesia', 'x:5,ORG,Extra,ID,oops'].join('\n'));
    const r = parseKbFile(path);
    expect(r.entries.map((e) => e.id)).toEqual(['x:1']);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(r.errors[0]!.message).toBe(`${path}:3: "Budi": type: type is one of PERSON, ORG, GPE, LOC, NORP, MISC`);
    expect(r.errors[1]!.message).toMatch(/:4: .*name/);
    expect(r.errors[2]!.message).toMatch(/:5: .*country is an ISO 3166-1 alpha-2 code/);
    expect(r.errors[3]!.message).toMatch(/:6: 5 fields, the header has 4/);
  });

  it('rejects an unknown column and a missing type column', () => {
    expect(parseKbFile(write('cols.csv', 'id,kind,name,colour\n')).errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/:1: unknown column "colour"/),
      expect.stringMatching(/:1: the header has no "type" column/),
    ]);
  });

  it('reads JSON arrays and { defaults, entries } and reports the line of a bad entry', () => {
    const ok = write('ok.json', JSON.stringify([{ type: 'PERSON', name: 'Ana Lestari', roles: [{ id: 'Bupati Contoh', en: 'Regent of Contoh', since: '2025' }] }], null, 2));
    const r = parseKbFile(ok);
    expect(r.errors).toEqual([]);
    expect(r.entries[0]!.roles.map((x) => x.lang)).toEqual(['id', 'en']);

    const bad = write(
      'bad.json',
      '{\n  "defaults": { "type": "ORG" },\n  "entries": [\n    { "name": "Good" },\n    { "name": "Bad", "roles": [{ "text": "Ketua", "since": "2024-13-01" }] },\n    { "nama": "Typo" }\n  ]\n}\n',
    );
    const b = parseKbFile(bad);
    expect(b.entries.map((e) => e.name)).toEqual(['Good']);
    expect(b.errors.map((e) => e.line)).toEqual([5, 6]);
    expect(b.errors[0]!.message).toMatch(/bad\.json:5: entry 2 \("Bad"\): roles\.0\.since: a date is YYYY, YYYY-MM or YYYY-MM-DD/);
    expect(b.errors[1]!.message).toMatch(/bad\.json:6: entry 3: .*nama/);

    const broken = write('broken.json', '[\n  { "name": "A", "type": "ORG" },\n  { "name": "B" "type": "ORG" }\n]');
    const c = parseKbFile(broken);
    expect(c.entries).toEqual([]);
    expect(c.errors[0]!.line).toBe(3);
    expect(c.errors[0]!.message).toMatch(/broken\.json:3: not valid JSON/);
  });

  it('reports a missing file and duplicate ids', () => {
    expect(parseKbFile(join(dir, 'nope.csv')).errors[0]!.message).toMatch(/nope\.csv: cannot read the file \(ENOENT\)/);
    const dup = write('dup.csv', 'id,type,name\na:1,ORG,One\na:1,ORG,Two\n');
    expect(parseKbFile(dup).errors[0]!.message).toMatch(/id "a:1" appears more than once/);
  });

  it('merges user files into the starter knowledge base', () => {
    const path = write('merge.csv', 'id,type,name,aliases,roles\ncountry:KP,GPE,North Korea,Negeri Kim,\n,PERSON,Ana Lestari,,Bupati Contoh [2025..]\n');
    const merged = loadKnowledgeBase({ extraFiles: [path] });
    expect(merged.lookup('Negeri Kim')[0]?.id).toBe('country:KP');
    expect(merged.lookup('Korut')[0]?.id).toBe('country:KP');
    expect(merged.byRole('Bupati Contoh')[0]?.name).toBe('Ana Lestari');
    expect(merged.entries.length).toBe(kb.entries.length + 1);
    expect(loadKnowledgeBase() === kb).toBe(true);
    expect(kb.lookup('Negeri Kim')).toEqual([]);
  });

  it('throws one KbLoadError listing every problem', () => {
    const bad = write('bad2.csv', 'id,type,name\nx,THING,Y\n');
    expect(() => loadKnowledgeBase({ extraFiles: [bad, join(dir, 'missing.json')] })).toThrowError(KbLoadError);
    try {
      loadKnowledgeBase({ extraFiles: [bad, join(dir, 'missing.json')] });
    } catch (err) {
      expect((err as KbLoadError).errors).toHaveLength(2);
    }
  });
});
