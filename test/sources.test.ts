import { createWriteStream, existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileGlob,
  enumerateSources,
  isFailure,
  kindByName,
  matchGlob,
  normalizeDate,
  type EnumerateOptions,
  type SourceFailure,
  type SourceRecord,
} from '../src/read/sources/index.js';
import { JsonArraySplitter } from '../src/read/sources/json-stream.js';

const FIX = join(import.meta.dirname, 'fixtures/sources');
const TREE = join(FIX, 'tree');

async function collect(inputs: string[], options: EnumerateOptions = {}): Promise<(SourceRecord | SourceFailure)[]> {
  const out: (SourceRecord | SourceFailure)[] = [];
  for await (const r of enumerateSources(inputs, options)) out.push(r);
  return out;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'saksi-sources-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('glob matcher', () => {
  const m = (pattern: string, path: string) => matchGlob(compileGlob(pattern), path);

  it('matches *, ?, ** and {a,b}', () => {
    expect(m('*.txt', 'a.txt')).toBe(true);
    expect(m('*.txt', 'sub/deep/a.txt')).toBe(true); // no slash: base name at any depth
    expect(m('*.txt', 'a.html')).toBe(false);
    expect(m('sub/*.txt', 'sub/c.txt')).toBe(true);
    expect(m('sub/*.txt', 'sub/deep/c.txt')).toBe(false);
    expect(m('sub/**/*.htm', 'sub/deep/d.htm')).toBe(true);
    expect(m('sub/**/*.htm', 'sub/d.htm')).toBe(true); // ** matches zero folders
    expect(m('**/deep/**', 'sub/deep/x/y.txt')).toBe(true);
    expect(m('news/?.txt', 'news/2.txt')).toBe(true);
    expect(m('news/?.txt', 'news/10.txt')).toBe(false);
    expect(m('*.{html,htm}', 'sub/deep/d.htm')).toBe(true);
    expect(m('*.{html,htm}', 'a.txt')).toBe(false);
    expect(m('{news,sub}/**', 'news/2.txt')).toBe(true);
    expect(m('{news,sub}/**', 'drafts/x.txt')).toBe(false);
    expect(m('a{b,c{d,e}}f', 'acef')).toBe(true);
    expect(m('[ab].txt', 'b.txt')).toBe(true);
    expect(m('[!ab].txt', 'b.txt')).toBe(false);
    expect(m('drafts/', 'drafts/x.txt')).toBe(true);
    expect(m('./news/*.txt', 'news/2.txt')).toBe(true);
  });

  it('takes regex characters and unbalanced braces literally', () => {
    expect(m('a+b(1).txt', 'a+b(1).txt')).toBe(true);
    expect(m('a+b(1).txt', 'aab(1)xtxt')).toBe(false);
    expect(m('{a,b.txt', '{a,b.txt')).toBe(true);
    expect(m('$x^.txt', '$x^.txt')).toBe(true);
  });
});

describe('dates', () => {
  it('normalises ISO, RFC 822, Indonesian forms and timestamps, keeping the offset', () => {
    expect(normalizeDate('2025-10-21T20:43:00+07:00')).toBe('2025-10-21T20:43:00+07:00');
    expect(normalizeDate('2025-10-21 20:43:00')).toBe('2025-10-21T20:43:00');
    expect(normalizeDate('2025-10-21T13:43:00.250Z')).toBe('2025-10-21T13:43:00Z');
    expect(normalizeDate('2025-10-21')).toBe('2025-10-21');
    expect(normalizeDate('Tue, 21 Oct 2025 20:43:00 +0700')).toBe('2025-10-21T20:43:00+07:00');
    expect(normalizeDate('Tue, 21 Oct 2025 13:43:00 GMT')).toBe('2025-10-21T13:43:00Z');
    expect(normalizeDate('Tue, 21 Oct 25 09:43:00 EDT')).toBe('2025-10-21T09:43:00-04:00');
    expect(normalizeDate('Selasa, 21 Okt 2025 20:43 WIB')).toBe('2025-10-21T20:43:00+07:00');
    expect(normalizeDate(1760929200)).toBe('2025-10-20T03:00:00Z');
    expect(normalizeDate(1760929200000)).toBe('2025-10-20T03:00:00Z');
    expect(normalizeDate('1760929200')).toBe('2025-10-20T03:00:00Z');
  });

  it('drops what it cannot read', () => {
    expect(normalizeDate('sometime last week')).toBeUndefined();
    expect(normalizeDate('2025-02-30')).toBeUndefined();
    expect(normalizeDate('')).toBeUndefined();
    expect(normalizeDate({})).toBeUndefined();
  });
});

describe('files', () => {
  it('reads .txt as text and .html as html, keyed by absolute path', async () => {
    const out = await collect([join(TREE, 'a.txt'), join(TREE, 'b.html')]);
    expect(out).toEqual([
      { key: join(TREE, 'a.txt'), origin: join(TREE, 'a.txt'), text: 'Teks A di akar folder.\n' },
      { key: join(TREE, 'b.html'), origin: join(TREE, 'b.html'), html: expect.stringContaining('<p>Halaman B.</p>') },
    ]);
  });

  it('keys a relative path by its absolute path and keeps the relative one for messages', async () => {
    const rel = 'test/fixtures/sources/tree/a.txt';
    const [r] = await collect([rel]);
    expect(r).toMatchObject({ key: resolve(rel), origin: rel });
  });

  it('fails on invalid UTF-8, binary, empty and missing files without stopping', async () => {
    const bad = join(tmp, 'latin1.txt');
    writeFileSync(bad, Buffer.from([0x48, 0x61, 0x6c, 0x6f, 0x20, 0xe9, 0x74, 0xe9, 0x0a])); // "Halo été" in Latin-1
    const bin = join(tmp, 'bin.txt');
    writeFileSync(bin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]));
    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '  \n');
    const ok = join(tmp, 'ok.txt');
    writeFileSync(ok, 'Baik.');
    const out = await collect([bad, bin, empty, join(tmp, 'missing.txt'), ok]);
    expect(out.map((r) => (isFailure(r) ? r.code : 'ok'))).toEqual(['invalid-utf8', 'binary', 'whitespace-only', 'not-found', 'ok']);
    expect((out[0] as SourceFailure).message).toMatch(/byte 5 \(line 1, column 6\)/);
  });

  it('reads HTML in the charset its <meta> declares, and UTF-16 with a BOM', async () => {
    const cp = join(tmp, 'cp1252.html');
    writeFileSync(cp, Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>caf'), Buffer.from([0xe9]), Buffer.from('</p></body></html>')]));
    const u16 = join(tmp, 'u16.txt');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Halo dunia', 'utf16le')]));
    const [a, b] = await collect([cp, u16]);
    expect((a as SourceRecord).html).toContain('<p>café</p>');
    expect((b as SourceRecord).text).toBe('Halo dunia');
  });

  it('refuses a file over maxBytes before reading it', async () => {
    const big = join(tmp, 'big.txt');
    writeFileSync(big, 'x'.repeat(5000));
    const [r] = await collect([big], { maxBytes: 1000 });
    expect(r).toMatchObject({ code: 'too-large' });
  });

  it('sniffs files with an unknown extension named directly', async () => {
    const feed = join(tmp, 'feed.download');
    writeFileSync(feed, '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>I</title><description>D</description></item></channel></rss>');
    const page = join(tmp, 'page.download');
    writeFileSync(page, '<!DOCTYPE html><html><body><p>P</p></body></html>');
    const jsonl = join(tmp, 'records.download');
    writeFileSync(jsonl, '{"text": "satu"}\n{"text": "dua"}\n');
    const txt = join(tmp, 'README');
    writeFileSync(txt, 'Teks biasa.');
    const out = await collect([feed, page, jsonl, txt], { followFeedLinks: false });
    expect(out.map((r) => Object.keys(r).filter((k) => k === 'html' || k === 'text')[0])).toEqual(['html', 'html', 'text', 'text', 'text']);
    expect(out[0]).toMatchObject({ title: 'I', html: 'D' });
    expect(kindByName('x.warc.gz')).toEqual({ kind: 'warc', gzip: false });
    expect(kindByName('x.jsonl.gz')).toEqual({ kind: 'jsonl', gzip: true });
    expect(kindByName('x.txt.gz')).toBeUndefined();
    expect(kindByName('x.RSS')).toEqual({ kind: 'feed', gzip: false });
  });

  it('rejects URLs other than http(s)', async () => {
    const out = await collect(['file:///etc/passwd', 'ftp://example.com/x']);
    expect(out.map((r) => (r as SourceFailure).code)).toEqual(['unsupported-url', 'unsupported-url']);
  });
});

describe('folders', () => {
  const rel = (r: SourceRecord | SourceFailure) => r.key.slice(TREE.length + 1);

  it('walks recursively in sorted order, skipping dotfiles and unknown extensions (reported, not failed)', async () => {
    const skipped: string[] = [];
    const out = await collect([TREE], { onSkip: (p, why) => skipped.push(`${why} ${p.slice(TREE.length + 1)}`) });
    expect(out.map(rel)).toEqual([
      'a.txt',
      'b.html',
      'drafts/x.txt',
      'news/10.txt',
      'news/2.txt',
      'news/records.jsonl#t1',
      'sub/c.txt',
      'sub/deep/d.htm',
    ]);
    expect(out.every((r) => !isFailure(r))).toBe(true);
    expect(skipped).toEqual(['dotfile .cache', 'dotfile .hidden.txt', 'unknown-extension notes.md']);
  });

  it('applies --include and --exclude globs relative to the folder', async () => {
    const skipped: string[] = [];
    const out = await collect([TREE], {
      include: ['*.txt', '**/*.htm'],
      exclude: ['drafts', 'news/1*'],
      onSkip: (p, why) => skipped.push(`${why} ${p.slice(TREE.length + 1)}`),
    });
    expect(out.map(rel)).toEqual(['a.txt', 'news/2.txt', 'sub/c.txt', 'sub/deep/d.htm']);
    expect(skipped).toContain('excluded drafts');
    expect(skipped).toContain('excluded news/10.txt');
    expect(skipped).toContain('not-included b.html');
  });

  it('reads each file once when inputs overlap, and survives symlink cycles', async () => {
    const dir = join(tmp, 'cycle');
    mkdirSync(join(dir, 'inner'), { recursive: true });
    writeFileSync(join(dir, 'inner', 'x.txt'), 'x');
    symlinkSync(dir, join(dir, 'inner', 'loop'));
    const skipped: string[] = [];
    const out = await collect([dir, join(dir, 'inner', 'x.txt')], { onSkip: (p, why) => skipped.push(why) });
    expect(out).toHaveLength(1);
    expect(skipped).toContain('duplicate-input');
  });
});

describe('JSONL', () => {
  const file = join(FIX, 'records/articles.jsonl');

  it('yields one record per line with mapped fields, and failures with file and line for bad lines', async () => {
    const out = await collect([file]);
    const brief = out.map((r) => (isFailure(r) ? `${r.code} ${r.origin.slice(file.length)}` : r.key.slice(file.length)));
    expect(brief).toEqual([
      '#lh-1',
      '#line-2',
      '#7',
      'invalid-json :5',
      'not-an-object :6',
      'no-content :7',
      '#lh-1@line-8', // a repeated id does not collide with the first
      '#lh-8',
    ]);
    expect(out[0]).toEqual({
      key: `${file}#lh-1`,
      origin: `${file}:1`,
      id: 'lh-1',
      title: 'Jembatan Baru Dibuka',
      url: 'https://kabar-lembah.example/jembatan',
      published: '2025-10-20T09:00:00+07:00',
      source: 'Kabar Lembah',
      author: 'Rina Wulandari',
      text: 'Jembatan baru sepanjang 120 meter di Sungai Tenang resmi dibuka pada Senin pagi.',
    });
    expect(out[1]).toMatchObject({ html: expect.stringContaining('<b>jembatan</b>'), published: '2025-10-20T10:30:00+07:00', title: 'Tanpa id' });
    expect(out[2]).toMatchObject({ id: '7', title: 'Alias fields', text: 'Plain text under articleBody.', source: 'Harbour Daily', author: 'Maya Lindqvist, Tom Okafor', published: '2025-10-19' });
    expect(out[3]).toMatchObject({ code: 'invalid-json', message: expect.stringMatching(/articles\.jsonl:5: .*JSON/) });
    expect(out[6]).toMatchObject({ html: expect.stringContaining('<div>'), published: '2025-10-20T03:00:00Z' });
    expect(out[7]).not.toHaveProperty('published');
    expect(out[7]).toMatchObject({ text: 'Body alias as text.' });
  });

  it('reads gzipped JSONL and reports invalid UTF-8 per line', async () => {
    const gz = join(tmp, 'records.jsonl.gz');
    writeFileSync(gz, gzipSync('{"id": "g1", "text": "satu"}\r\n{"id": "g2", "text": "dua"}'));
    const bad = join(tmp, 'bad-utf8.jsonl');
    writeFileSync(bad, Buffer.concat([Buffer.from('{"text": "ok"}\n{"text": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"text": "ok juga"}\n')]));
    const out = await collect([gz, bad]);
    expect(out.map((r) => (isFailure(r) ? r.code : (r as SourceRecord).text))).toEqual(['satu', 'dua', 'ok', 'invalid-utf8', 'ok juga']);
  });

  it('streams a file much bigger than maxBytes, one line at a time; an over-long line is a failure', async () => {
    const big = join(tmp, 'big.jsonl');
    const ws = createWriteStream(big);
    const n = 20_000;
    for (let i = 1; i <= n; i++) {
      if (i === 500) ws.write(`{"id": "long", "text": "${'x'.repeat(10_000)}"}\n`);
      else ws.write(`{"id": "r${i}", "text": "Artikel nomor ${i} ${'isi '.repeat(20)}"}\n`);
    }
    ws.end();
    await once(ws, 'finish');
    let records = 0;
    const failures: SourceFailure[] = [];
    for await (const r of enumerateSources([big], { maxBytes: 4096 })) {
      if (isFailure(r)) failures.push(r);
      else records++;
    }
    expect(records).toBe(n - 1);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ code: 'too-large', origin: `${big}:500` });
  });

  it('stops reading when the consumer stops', async () => {
    const it = enumerateSources([file])[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    await it.return?.(undefined);
    expect((await it.next()).done).toBe(true);
  });

  it('smoke: the Detik development corpus, when present', async () => {
    const corpus = resolve(import.meta.dirname, '../../shared/corpus/detik-2025-dev.jsonl');
    if (!existsSync(corpus)) return;
    let records = 0;
    let failures = 0;
    for await (const r of enumerateSources([corpus])) {
      if (isFailure(r)) failures++;
      else {
        records++;
        expect(r.text?.length).toBeGreaterThan(0);
        expect(r.key).toMatch(/#detik-\d+$/);
        if (r.published) expect(r.published).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      }
    }
    expect(failures).toBe(0);
    expect(records).toBe(500);
  });
});

describe('JSON', () => {
  it('reads the array under "articles" of a top-level object, ignoring other keys', async () => {
    const file = join(FIX, 'records/articles.json');
    const out = await collect([file]);
    expect(out.map((r) => (isFailure(r) ? r.code : r.key.slice(file.length)))).toEqual(['#a1', '#a2', '#item-3', 'not-an-object']);
    expect(out[0]).toMatchObject({ text: 'First article text.', published: '2025-10-18T14:05:00', origin: `${file}:4 (item 1)` });
    expect(out[1]).toMatchObject({ html: '<p>Second article, [brackets] and {braces} and "quotes" inside strings.</p>' });
  });

  it('reads a top-level array with nested brackets inside strings and objects', async () => {
    const file = join(FIX, 'records/array.json');
    const out = await collect([file]);
    expect(out.map((r) => r.key.slice(file.length))).toEqual(['#x1', '#x2', '#x3']);
    expect(out[1]).toMatchObject({ source: 'Array Source' });
  });

  it('reads a single-article object as one record keyed by its id', async () => {
    const file = join(FIX, 'records/single.json');
    const out = await collect([file]);
    expect(out).toEqual([
      {
        key: `${file}#solo`,
        origin: file,
        id: 'solo',
        title: 'A single article',
        text: 'Just one article in this file.',
        url: 'https://harbour-daily.example/solo',
      },
    ]);
  });

  it('reports a truncated file after the items read so far', async () => {
    const file = join(tmp, 'truncated.json');
    writeFileSync(file, '{"items": [{"text": "one"}, {"text": "two"}, {"text": "thr');
    const out = await collect([file]);
    expect(out.map((r) => (isFailure(r) ? r.code : (r as SourceRecord).text))).toEqual(['one', 'two', 'invalid-json', 'malformed-json']);
  });

  it('streams a big array with a small maxBytes', async () => {
    const file = join(tmp, 'big.json');
    const ws = createWriteStream(file);
    ws.write('{"data": [\n');
    for (let i = 0; i < 5000; i++) ws.write(`${i ? ',\n' : ''}  {"id": ${i}, "text": "Artikel ${i} \\"dikutip\\" [x] {y}"}`);
    ws.write('\n]}\n');
    ws.end();
    await once(ws, 'finish');
    const out = await collect([file], { maxBytes: 1024 });
    expect(out).toHaveLength(5000);
    expect(out.every((r) => !isFailure(r))).toBe(true);
    expect(out[4999]).toMatchObject({ id: '4999', text: 'Artikel 4999 "dikutip" [x] {y}' });
  });

  it('splits any chunking of the same text identically', () => {
    const text = '{"meta": {"items": 1}, "items": [ {"a": "x]}"}, 2, "s,t", {"b": [1, {"c": "\\""}]} ]}';
    const whole = new JsonArraySplitter(1 << 20);
    const expected = [...whole.push(text), ...whole.end()];
    expect(expected.map((e) => (e.kind === 'item' ? e.text : e.kind))).toEqual(['{"a": "x]}"}', '2', '"s,t"', '{"b": [1, {"c": "\\""}]}']);
    for (let size = 1; size <= 7; size++) {
      const s = new JsonArraySplitter(1 << 20);
      const got = [];
      for (let i = 0; i < text.length; i += size) got.push(...s.push(text.slice(i, i + size)));
      got.push(...s.end());
      expect(got).toEqual(expected);
    }
  });

  it('splits any JSON array, pretty or not, in any chunking, into exactly its elements', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        (values, pretty, wrap, size) => {
          const text = JSON.stringify(wrap ? { other: [1, { items: 2 }], articles: values } : values, null, pretty ? 2 : undefined);
          const s = new JsonArraySplitter(1 << 20);
          const events = [];
          for (let i = 0; i < text.length; i += size) events.push(...s.push(text.slice(i, i + size)));
          events.push(...s.end());
          expect(events.every((e) => e.kind === 'item')).toBe(true);
          expect(events.map((e) => (e.kind === 'item' ? JSON.parse(e.text) : undefined))).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not take JSON Lines named .json for one record', async () => {
    const file = join(tmp, 'really-lines.json');
    writeFileSync(file, '{"text": "satu"}\n{"text": "dua"}\n');
    const out = await collect([file]);
    expect(out).toEqual([{ key: file, origin: `${file}:2`, code: 'malformed-json', message: expect.stringMatching(/:2: .*name the file \.jsonl/) }]);
    const arr = join(tmp, 'array-then-junk.json');
    writeFileSync(arr, '[{"text": "satu"}]\n]');
    expect((await collect([arr])).map((r) => (isFailure(r) ? r.code : 'ok'))).toEqual(['ok', 'malformed-json']);
  });

  it('fails clearly on a file that is not an array or object', async () => {
    const file = join(tmp, 'scalar.json');
    writeFileSync(file, '"just a string"');
    const [r] = await collect([file]);
    expect(r).toMatchObject({ code: 'malformed-json', message: expect.stringMatching(/top level/) });
  });
});
