import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { normalizeDate, readBytes, readSource, type ReadResult } from '../src/read/index.js';
import { decoderFor, findInvalidUtf8, lineColumnAt } from '../src/read/decode.js';

let dir: string;
const file = (name: string, content: string | Uint8Array): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saksi-ingest-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function errorOf(r: ReadResult): { code: string; message: string; file?: string; line?: number; column?: number } {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('unreachable');
  const e = r.diagnostics.find((d) => d.severity === 'error');
  expect(e).toBeDefined();
  return e!;
}

function docOf(r: ReadResult) {
  if (!r.ok) throw new Error(`expected a document, got ${JSON.stringify(r.diagnostics)}`);
  return r.doc;
}

const ARTIKEL =
  'Menteri Keuangan mengatakan defisit anggaran tahun ini diperkirakan 2,3 persen.\r\n' +
  '"Kami tetap hati-hati," ujarnya di Jakarta, Senin (4/3/2024). 🇮🇩📈\r\n' +
  '\r\n' +
  'Trailing spaces stay   \n' +
  'no final newline, tab\there';

describe('plain text files', () => {
  it('keeps UTF-8 text byte-exact: CRLF, emoji, trailing spaces, no final newline', async () => {
    const p = file('artikel.txt', ARTIKEL);
    const doc = docOf(await readSource(p));
    expect(doc.text).toBe(ARTIKEL);
    expect(Buffer.from(doc.text, 'utf8').equals(fs.readFileSync(p))).toBe(true);
    expect(doc.meta).toEqual({ origin: p, format: 'text' });
    expect(doc.diagnostics).toEqual([]);
  });

  it('drops a leading UTF-8 BOM and nothing else', async () => {
    const p = file('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Halo\uFEFF dunia\n')]));
    expect(docOf(await readSource(p)).text).toBe('Halo\uFEFF dunia\n');
  });

  it('decodes UTF-16 text that starts with a BOM', async () => {
    const body = Buffer.from('Harga beras naik 5%\r\nkata pedagang.', 'utf16le');
    const p = file('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    expect(docOf(await readSource(p)).text).toBe('Harga beras naik 5%\r\nkata pedagang.');
  });

  it('reads a 1 MB text without a newline', async () => {
    const big = 'kata '.repeat(200_000) + 'akhir';
    const p = file('oneline.txt', big);
    const doc = docOf(await readSource(p));
    expect(doc.text.length).toBe(big.length);
    expect(doc.text).toBe(big);
    expect(doc.diagnostics).toEqual([]);
  });

  it('rejects an empty file', async () => {
    const p = file('empty.txt', '');
    const e = errorOf(await readSource(p));
    expect(e.code).toBe('empty');
    expect(e.file).toBe(p);
  });

  it('rejects a whitespace-only file', async () => {
    const e = errorOf(await readSource(file('blank.txt', ' \r\n\t\n  \u00a0\n')));
    expect(e.code).toBe('whitespace-only');
    expect(e.message).toContain('only whitespace');
  });

  it('rejects binary data (NUL bytes)', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const e = errorOf(await readSource(file('gambar.txt', png)));
    expect(e.code).toBe('binary');
    expect(e.message).toMatch(/NUL/);
  });

  it('rejects binary data without NULs but full of control characters', async () => {
    const bytes = Uint8Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 + (i % 7) : 0x41 + (i % 26)));
    expect(errorOf(await readSource(file('ctrl.bin', bytes))).code).toBe('binary');
  });

  it('reports invalid UTF-8 with byte offset, line and column', async () => {
    // Line 3 is "Café é" in Latin-1: C a f 0xE9 ...; "é" on line 2 is proper UTF-8 (2 bytes, 1 column).
    const bytes = Buffer.concat([
      Buffer.from('Baris pertama\nBaris kedua é\nCaf', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from(' au lait\n', 'utf8'),
    ]);
    const p = file('latin1.txt', bytes);
    const e = errorOf(await readSource(p));
    expect(e.code).toBe('invalid-utf8');
    expect(e.line).toBe(3);
    expect(e.column).toBe(4);
    expect(e.message).toContain(`byte ${Buffer.byteLength('Baris pertama\nBaris kedua é\nCaf')}`);
    expect(e.message).toMatch(/line 3, column 4/);
    expect(e.file).toBe(p);
  });

  it('counts columns in code points after multi-byte characters', async () => {
    const bytes = Buffer.concat([Buffer.from('ab😀é', 'utf8'), Buffer.from([0xc0, 0x80])]);
    const e = errorOf(readBytes(bytes, 'x.txt', { format: 'text' }));
    expect(e.code).toBe('invalid-utf8');
    expect([e.line, e.column]).toEqual([1, 5]);
  });

  it('reports a truncated sequence at the end of the file', () => {
    const bytes = Buffer.concat([Buffer.from('ok\n'), Buffer.from([0xe2, 0x82])]);
    const e = errorOf(readBytes(bytes, 'x.txt'));
    expect(e.code).toBe('invalid-utf8');
    expect([e.line, e.column]).toEqual([2, 1]);
  });

  it('rejects a 50 MB file quickly, from its size alone', async () => {
    const p = path.join(dir, 'huge.txt');
    fs.writeFileSync(p, 'a');
    fs.truncateSync(p, 50 * 1024 * 1024); // sparse: nothing is written
    const t0 = performance.now();
    const e = errorOf(await readSource(p));
    expect(performance.now() - t0).toBeLessThan(500);
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('50.0 MiB');
    expect(e.message).toContain('10.0 MiB');
    expect(e.message).toContain('--max-size');
    expect(e.message).not.toContain('maxBytes');
  });

  it('honours a raised maxBytes', async () => {
    const p = file('medium.txt', 'x'.repeat(2000));
    expect(errorOf(await readSource(p, { maxBytes: 1000 })).code).toBe('too-large');
    expect(docOf(await readSource(p, { maxBytes: 2000 })).text.length).toBe(2000);
  });

  it('reports a missing file', async () => {
    const p = path.join(dir, 'tidak-ada.txt');
    const e = errorOf(await readSource(p));
    expect(e.code).toBe('not-found');
    expect(e.file).toBe(p);
  });

  it('reports a directory', async () => {
    expect(errorOf(await readSource(dir)).code).toBe('is-directory');
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('reports a file it may not read', async () => {
    const p = file('rahasia.txt', 'rahasia');
    fs.chmodSync(p, 0o000);
    try {
      expect(errorOf(await readSource(p)).code).toBe('unreadable');
    } finally {
      fs.chmodSync(p, 0o644);
    }
  });
});

describe('format detection', () => {
  const page = '<!DOCTYPE html><html><head><title>Judul</title></head><body><article>' +
    '<p>Paragraf pertama dari berita contoh yang ditulis untuk pengujian.</p><p>Paragraf kedua.</p></article></body></html>';

  it('sniffs HTML in a file without an extension', async () => {
    const doc = docOf(await readSource(file('halaman', page)));
    expect(doc.meta.format).toBe('html');
    expect(doc.text).toBe('Paragraf pertama dari berita contoh yang ditulis untuk pengujian.\nParagraf kedua.');
  });

  it('treats a .txt file as text even when it looks like HTML', async () => {
    const doc = docOf(await readSource(file('halaman.txt', page)));
    expect(doc.meta.format).toBe('text');
    expect(doc.text).toBe(page);
  });

  it('lets the format option win over the extension', async () => {
    const doc = docOf(await readSource(file('halaman2.txt', page), { format: 'html' }));
    expect(doc.meta.format).toBe('html');
  });

  it('reads .html files as HTML', async () => {
    const doc = docOf(await readSource(file('fragmen.html', '<p>Hanya satu paragraf, tanpa tag html.</p>')));
    expect(doc.text).toBe('Hanya satu paragraf, tanpa tag html.');
  });

  it('keeps text that merely mentions <html> later on as text', () => {
    const doc = docOf(readBytes(Buffer.from('Tag <html> dipakai di awal halaman web.\n'), 'x'));
    expect(doc.meta.format).toBe('text');
  });
});

describe('standard input', () => {
  it('reads all of it, sniffing text', async () => {
    const stdin = Readable.from([Buffer.from('Baris satu\r\n'), Buffer.from('Baris dua 😀')]);
    const doc = docOf(await readSource('-', { stdin }));
    expect(doc.text).toBe('Baris satu\r\nBaris dua 😀');
    // The first line reads like a headline (short, no final full stop): it titles the text.
    expect(doc.meta).toEqual({ origin: '-', format: 'text', title: 'Baris satu' });
  });

  it('reads string chunks', async () => {
    const doc = docOf(await readSource('-', { stdin: Readable.from(['Halo ', 'dunia']) }));
    expect(doc.text).toBe('Halo dunia');
  });

  it('sniffs HTML', async () => {
    const stdin = Readable.from([Buffer.from('<!doctype html><html><body><p>Teks dari stdin.</p></body></html>')]);
    const doc = docOf(await readSource('-', { stdin }));
    expect(doc.meta.format).toBe('html');
    expect(doc.text).toBe('Teks dari stdin.');
  });

  it('names stdin <stdin> in diagnostics', async () => {
    const e = errorOf(await readSource('-', { stdin: Readable.from([]) }));
    expect(e.code).toBe('empty');
    expect(e.file).toBe('<stdin>');
  });

  it('stops reading an endless stream once it passes the limit', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(64 * 1024, 0x61));
      },
    });
    const e = errorOf(await readSource('-', { stdin: endless, maxBytes: 1024 * 1024 }));
    expect(e.code).toBe('too-large');
    expect(e.file).toBe('<stdin>');
    expect(pulled).toBeLessThan(40);
    expect(endless.destroyed).toBe(true);
  });

  it('reports a failing stream', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('EIO: i/o error'));
      },
    });
    const e = errorOf(await readSource('-', { stdin: broken }));
    expect(e.code).toBe('unreadable');
    expect(e.message).toContain('EIO');
  });
});

describe('readBytes', () => {
  it('reads a corpus record (HTML with its URL)', () => {
    const html = '<html><head><link rel="canonical" href="/berita/1"></head><body><p>Isi berita.</p></body></html>';
    const doc = docOf(readBytes(new TextEncoder().encode(html), 'corpus.jsonl:3', { url: 'https://contoh.example/a?b=1' }));
    expect(doc.meta.url).toBe('https://contoh.example/berita/1');
    expect(doc.meta.origin).toBe('corpus.jsonl:3');
  });

  it('decodes with a declared charset', () => {
    const bytes = Uint8Array.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94]); // “Café” in Windows-1252
    expect(docOf(readBytes(bytes, 'x', { charset: 'windows-1252' })).text).toBe('\u201cCaf\u00e9\u201d');
    expect(docOf(readBytes(bytes, 'x', { charset: 'iso-8859-1' })).text).toBe('\u201cCaf\u00e9\u201d');
  });

  it('lets a declared charset override <meta charset> (bytes re-encoded from a JS string)', () => {
    const html = '<html><head><meta charset="windows-1252"></head><body><p>Kafe “Café” buka.</p></body></html>';
    expect(docOf(readBytes(new TextEncoder().encode(html), 'corpus.jsonl:9', { charset: 'utf-8' })).text).toBe('Kafe “Café” buka.');
  });

  it('gives a correct Windows-1252 decoder for every label that maps to it (Node 20 decodes it as Latin-1)', () => {
    for (const label of ['windows-1252', 'iso-8859-1', 'latin1', 'ascii', 'cp1252']) {
      expect(decoderFor(label, true)!.decode(Uint8Array.from([0x80, 0x93, 0x41, 0x94, 0xe9]))).toBe('€“A”é');
    }
  });

  it('warns about an unknown charset and falls back to UTF-8', () => {
    const doc = docOf(readBytes(Buffer.from('halo'), 'x', { charset: 'klingon-8' }));
    expect(doc.text).toBe('halo');
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['unknown-charset']);
  });

  it('replaces invalid UTF-8 in HTML with a warning instead of failing', () => {
    const bytes = Buffer.concat([Buffer.from('<html><body><p>Caf'), Buffer.from([0xe9]), Buffer.from(' enak.</p></body></html>')]);
    const doc = docOf(readBytes(bytes, 'x.html'));
    expect(doc.text).toBe('Caf\uFFFD enak.');
    expect(doc.diagnostics[0]).toMatchObject({ code: 'invalid-utf8', severity: 'warning', line: 1, column: 19 });
  });

  it('uses <meta charset> for HTML', () => {
    const bytes = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>Caf'),
      Buffer.from([0xe9]),
      Buffer.from('</p></body></html>'),
    ]);
    expect(docOf(readBytes(bytes, 'x.html')).text).toBe('Café');
  });

  it('returns exactly the decoded string for any text without control characters (property)', () => {
    const arb = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
      .filter((s) => s.trim() !== '' && !s.startsWith('\uFEFF') && !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(s))
      .filter((s) => !/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(s));
    fc.assert(
      fc.property(arb, (s) => {
        const r = readBytes(new TextEncoder().encode(s), 'p.txt');
        return r.ok && r.doc.text === s;
      }),
    );
  });

  it('finds invalid UTF-8 exactly when TextDecoder rejects it (property)', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let valid = true;
        try {
          fatal.decode(bytes);
        } catch {
          valid = false;
        }
        const at = findInvalidUtf8(bytes);
        if (valid) return at === -1;
        // everything before the reported byte is valid
        fatal.decode(bytes.subarray(0, at));
        return at >= 0;
      }),
      { numRuns: 2000 },
    );
  });

  it('places line and column after a BOM and CRLF', () => {
    const bytes = Buffer.from('\uFEFFab\r\ncd', 'utf8');
    expect(lineColumnAt(bytes, bytes.length - 1)).toEqual({ line: 2, column: 2 });
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2024-10-17', '2024-10-17'],
    ['2024-10-17T05:30:00+07:00', '2024-10-17T05:30:00+07:00'],
    ['2024-10-17T05:30:00.123Z', '2024-10-17T05:30:00Z'],
    ['2024-10-17T05:30+0700', '2024-10-17T05:30:00+07:00'],
    ['2024-10-17 09:30:00', '2024-10-17T09:30:00'],
    ['2024/10/17 09:30:00', '2024-10-17T09:30:00'],
    ['2024-10-17 09:30 WIB', '2024-10-17T09:30:00+07:00'],
    ['Kamis, 17 Oktober 2024 09:30 WIB', '2024-10-17T09:30:00+07:00'],
    ['17 Okt 2024', '2024-10-17'],
    ['Thu, 17 Oct 2024 02:30:00 GMT', '2024-10-17T02:30:00Z'],
    ['Thu, 17 Oct 2024 09:30:00 +0700', '2024-10-17T09:30:00+07:00'],
    ['October 17, 2024', '2024-10-17'],
    ['March 5, 2024 2:20 pm', '2024-03-05T14:20:00'],
    ['2024', '2024'],
    ['2024-02', '2024-02'],
  ])('%s → %s', (raw, iso) => {
    expect(normalizeDate(raw)).toBe(iso);
  });

  it.each(['', 'kemarin', '2024-02-30', '2024-13-01', '2024-10-17T25:00:00', '31 Foo 2024', '2024-10-17T10:00:00+99:00'])(
    'rejects %j',
    (raw) => {
      expect(normalizeDate(raw)).toBeUndefined();
    },
  );
});
