import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enumerateSources, isFailure, type EnumerateOptions, type SourceFailure, type SourceRecord } from '../src/read/sources/index.js';

// A tiny WARC writer for the tests: records are built by hand (WARC/1.1 headers, HTTP messages
// as payloads), so the reader is tested against the format, not against its own writer.

const CRLF = '\r\n';

function warcRecord(type: string, headers: Record<string, string>, payload: Buffer): Buffer {
  const lines = [`WARC/1.1`, `WARC-Type: ${type}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${payload.length}`];
  return Buffer.concat([Buffer.from(lines.join(CRLF) + CRLF + CRLF, 'utf8'), payload, Buffer.from(CRLF + CRLF)]);
}

function httpResponse(status: string, headers: Record<string, string>, body: Buffer | string): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head = [`HTTP/1.1 ${status}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'transfer-encoding')) head.push(`Content-Length: ${b.length}`);
  return Buffer.concat([Buffer.from(head.join(CRLF) + CRLF + CRLF, 'latin1'), b]);
}

let n = 0;
function response(uri: string, status: string, headers: Record<string, string>, body: Buffer | string): Buffer {
  n++;
  return warcRecord(
    'response',
    {
      'WARC-Record-ID': `<urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}>`,
      'WARC-Date': '2025-10-23T04:05:06Z',
      'WARC-Target-URI': uri,
      'Content-Type': 'application/http; msgtype=response',
    },
    httpResponse(status, headers, body),
  );
}

const html = (title: string, body: string) => `<!DOCTYPE html><html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>${body}</p></article></body></html>`;

function chunked(body: string): Buffer {
  const gz = gzipSync(body);
  const half = Math.floor(gz.length / 2);
  const part = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
  return Buffer.concat([part(gz.subarray(0, half)), part(gz.subarray(half)), Buffer.from('0\r\n\r\n')]);
}

function buildRecords(): Buffer[] {
  n = 0;
  return [
    warcRecord('warcinfo', { 'WARC-Record-ID': '<urn:uuid:info>', 'WARC-Date': '2025-10-23T04:00:00Z', 'Content-Type': 'application/warc-fields' }, Buffer.from('software: saksi-test\r\nformat: WARC File Format 1.1\r\n')),
    warcRecord(
      'request',
      { 'WARC-Record-ID': '<urn:uuid:req-1>', 'WARC-Date': '2025-10-23T04:05:06Z', 'WARC-Target-URI': 'https://kabar-lembah.example/a', 'Content-Type': 'application/http; msgtype=request' },
      Buffer.from('GET /a HTTP/1.1\r\nHost: kabar-lembah.example\r\n\r\n'),
    ),
    response('https://kabar-lembah.example/a', '200 OK', { 'Content-Type': 'text/html; charset=utf-8' }, html('Banjir', 'Air naik di Sungai Tenang — warga mengungsi.')),
    response('https://kabar-lembah.example/logo.png', '200 OK', { 'Content-Type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0])),
    response('https://kabar-lembah.example/gone', '404 Not Found', { 'Content-Type': 'text/html' }, html('404', 'Tidak ada')),
    response('https://kabar-lembah.example/old', '301 Moved Permanently', { Location: 'https://kabar-lembah.example/a', 'Content-Type': 'text/html' }, ''),
    response('https://harbour-daily.example/latin', '200 OK', { 'Content-Type': 'text/html; charset=windows-1252' }, Buffer.concat([Buffer.from('<html><body><p>Caf'), Buffer.from([0xe9]), Buffer.from(' on the quay</p></body></html>')])),
    response('https://harbour-daily.example/meta', '200 OK', { 'Content-Type': 'text/html' }, Buffer.concat([Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>Na'), Buffer.from([0xef]), Buffer.from('ve</p></body></html>')])),
    response('https://harbour-daily.example/gz', '200 OK', { 'Content-Type': 'application/xhtml+xml', 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' }, chunked(html('Compressed', 'Gzipped and chunked body.'))),
    warcRecord(
      'revisit',
      { 'WARC-Record-ID': '<urn:uuid:revisit-1>', 'WARC-Date': '2025-10-24T00:00:00Z', 'WARC-Target-URI': 'https://kabar-lembah.example/a', 'WARC-Profile': 'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest' },
      Buffer.alloc(0),
    ),
    warcRecord('metadata', { 'WARC-Record-ID': '<urn:uuid:meta-1>', 'WARC-Date': '2025-10-23T04:05:07Z', 'WARC-Target-URI': 'https://kabar-lembah.example/a', 'Content-Type': 'application/warc-fields' }, Buffer.from('via: test\r\n')),
    warcRecord(
      'resource',
      { 'WARC-Record-ID': '<urn:uuid:res-1>', 'WARC-Date': '2025-10-23T05:00:00Z', 'WARC-Target-URI': 'file:///saved/page.html', 'Content-Type': 'text/html; charset=utf-8' },
      Buffer.from(html('Saved', 'A page stored as a resource record.')),
    ),
    response('https://kabar-lembah.example/big', '200 OK', { 'Content-Type': 'text/html' }, html('Big', 'kata '.repeat(20_000))),
  ];
}

let tmp: string;
const files: Record<string, string> = {};

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'saksi-warc-'));
  const recs = buildRecords();
  files.plain = join(tmp, 'crawl.warc');
  writeFileSync(files.plain, Buffer.concat(recs));
  files.perRecordGz = join(tmp, 'crawl.warc.gz');
  writeFileSync(files.perRecordGz, Buffer.concat(recs.map((r) => gzipSync(r))));
  files.wholeGz = join(tmp, 'whole.warc.gz');
  writeFileSync(files.wholeGz, gzipSync(Buffer.concat(recs)));
  const gzParts = recs.slice(0, 4).map((r) => gzipSync(r));
  const truncated = Buffer.concat(gzParts);
  files.truncated = join(tmp, 'truncated.warc.gz');
  writeFileSync(files.truncated, truncated.subarray(0, truncated.length - 20));
  // Plain WARCs cut inside a record that is skipped (the image) and inside one that is read.
  const plainHead = Buffer.concat(recs.slice(0, 4));
  files.cutInSkipped = join(tmp, 'cut-skipped.warc');
  writeFileSync(files.cutInSkipped, plainHead.subarray(0, plainHead.length - 6));
  const plainRead = Buffer.concat(recs.slice(0, 3));
  files.cutInRead = join(tmp, 'cut-read.warc');
  writeFileSync(files.cutInRead, plainRead.subarray(0, plainRead.length - 40));
  files.notWarc = join(tmp, 'notes.warc');
  writeFileSync(files.notWarc, 'This is just a text file\nwith a .warc name.\n');
  files.unnamed = join(tmp, 'crawl-download');
  writeFileSync(files.unnamed, Buffer.concat(recs.slice(0, 3).map((r) => gzipSync(r))));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function collect(inputs: string[], options: EnumerateOptions = {}): Promise<(SourceRecord | SourceFailure)[]> {
  const out: (SourceRecord | SourceFailure)[] = [];
  for await (const r of enumerateSources(inputs, options)) out.push(r);
  return out;
}

describe('WARC', () => {
  for (const variant of ['plain', 'perRecordGz', 'wholeGz'] as const) {
    it(`yields 200 HTML responses and HTML resources (${variant})`, async () => {
      const file = files[variant]!;
      const skipped: string[] = [];
      const out = await collect([file], { maxBytes: 50_000, onSkip: (p, why) => skipped.push(`${why} ${p}`) });
      const brief = out.map((r) => (isFailure(r) ? `${r.code} ${r.origin}` : r.url));
      expect(brief).toEqual([
        'https://kabar-lembah.example/a',
        'https://harbour-daily.example/latin',
        'https://harbour-daily.example/meta',
        'https://harbour-daily.example/gz',
        'file:///saved/page.html',
        `too-large ${file}: https://kabar-lembah.example/big`,
      ]);
      expect(out[0]).toEqual({
        key: `warc:${file}#urn:uuid:00000000-0000-4000-8000-000000000001`,
        origin: `${file}: https://kabar-lembah.example/a`,
        url: 'https://kabar-lembah.example/a',
        crawled: '2025-10-23T04:05:06Z',
        html: html('Banjir', 'Air naik di Sungai Tenang — warga mengungsi.'),
      });
      // WARC-Date is the crawl time, not the publication date.
      expect(out[0]).not.toHaveProperty('published');
      expect((out[1] as SourceRecord).html).toContain('Café on the quay');
      expect((out[2] as SourceRecord).html).toContain('Naïve');
      expect((out[3] as SourceRecord).html).toContain('Gzipped and chunked body.');
      // Non-200 and non-HTML responses are skipped, not failures.
      expect(skipped).toHaveLength(3);
    });
  }

  it('reports a truncated file after the records it could read', async () => {
    const out = await collect([files.truncated!]);
    expect(out.map((r) => (isFailure(r) ? r.code : 'ok'))).toEqual(['ok', 'malformed-warc']);
    expect((out[1] as SourceFailure).message).toContain(files.truncated!);
  });

  it('reports a plain WARC cut inside a record, skipped or read, instead of hanging or yielding half a page', async () => {
    const skipped = await collect([files.cutInSkipped!]);
    expect(skipped.map((r) => (isFailure(r) ? r.code : 'ok'))).toEqual(['ok', 'malformed-warc']);
    expect((skipped[1] as SourceFailure).message).toMatch(/record 4 \(https:\/\/kabar-lembah\.example\/logo\.png\) is cut short/);
    const read = await collect([files.cutInRead!]);
    expect(read.map((r) => (isFailure(r) ? r.code : 'ok'))).toEqual(['malformed-warc']);
  });

  it('reports a file cut anywhere inside a record header as a failure naming the record', async () => {
    const recs = buildRecords().slice(0, 3);
    const whole = Buffer.concat(recs);
    const start = recs[0]!.length + recs[1]!.length;
    const headerEnd = start + recs[2]!.indexOf('\r\n\r\n') + 4;
    const httpEnd = start + recs[2]!.indexOf('\r\n\r\n', headerEnd - start) + 4;
    const cuts: number[] = [];
    for (let at = start + 1; at < httpEnd; at++) cuts.push(at);
    for (const at of cuts) {
      for (const variant of ['plain', 'gz', 'whole-gz'] as const) {
        const cut = whole.subarray(0, at);
        const path = join(tmp, `cut-${at}-${variant}.warc${variant === 'plain' ? '' : '.gz'}`);
        if (variant === 'plain') writeFileSync(path, cut);
        else if (variant === 'gz') writeFileSync(path, Buffer.concat([gzipSync(recs[0]!), gzipSync(recs[1]!), gzipSync(cut.subarray(start))]));
        else writeFileSync(path, gzipSync(cut));
        const out = await collect([path]);
        const failures = out.filter(isFailure);
        expect(failures, `cut at byte ${at - start} of record 3 (${variant})`).toHaveLength(1);
        expect(failures[0]!.code).toBe('malformed-warc');
        expect(failures[0]!.message).toMatch(/record 3\b/);
        rmSync(path);
      }
    }
    // A cut exactly between records is a whole, shorter file.
    const atBoundary = join(tmp, 'cut-boundary.warc');
    writeFileSync(atBoundary, whole.subarray(0, start));
    expect((await collect([atBoundary])).filter(isFailure)).toEqual([]);
  });

  it('reports a whole-file gzip cut inside a record with its number', async () => {
    const recs = buildRecords().slice(0, 3);
    const gz = gzipSync(Buffer.concat(recs));
    const path = join(tmp, 'whole-cut.warc.gz');
    writeFileSync(path, gz.subarray(0, gz.length - 30));
    const failures = (await collect([path])).filter(isFailure);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toMatch(/record \d+/);
  });

  it('fails on a .warc file that is not a WARC', async () => {
    const [r] = await collect([files.notWarc!]);
    expect(r).toMatchObject({ code: 'malformed-warc', key: `warc:${files.notWarc}` });
  });

  it('sniffs a gzipped WARC without the extension', async () => {
    const out = await collect([files.unnamed!]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ url: 'https://kabar-lembah.example/a' });
  });

  it('streams: the consumer can stop early', async () => {
    const it = enumerateSources([files.perRecordGz!])[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toMatchObject({ url: 'https://kabar-lembah.example/a' });
    await it.return?.(undefined);
  });
});
