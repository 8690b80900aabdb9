/**
 * WARC files (`.warc`, `.warc.gz`, record-by-record or whole-file gzip) read with warcio's
 * streaming `WARCParser`: one record in memory at a time, payloads capped at `maxBytes`.
 *
 * Yielded: `response` records with HTTP status 200 and an HTML content type (text/html,
 * application/xhtml+xml), and `resource` records whose own Content-Type is HTML, as
 * `{html, url: WARC-Target-URI, crawled: WARC-Date}`. `published` is left undefined on
 * purpose: WARC-Date is when the crawler fetched the page, which for a news archive can be
 * days or years after publication; the page's own meta (article:published_time, JSON-LD
 * datePublished, the dateline) decides. Everything else (requests, metadata, revisits,
 * redirects, errors, images) is skipped, reported through `onSkip` for response records only.
 */

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { LimitReader, WARCParser, type WARCRecord } from 'warcio';
import { decodeBytes, mimeType, charsetFromContentType } from './decode.js';
import { normalizeDate } from '../dates.js';
import { formatBytes, LIMIT_HINTS } from '../diagnostics.js';
import type { SourceFailure, SourceRecord, SkipReason } from './types.js';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
/** Header fields WARC 1.0 and 1.1 require in every record. */
const MANDATORY = ['WARC-Type', 'WARC-Record-ID', 'WARC-Date', 'Content-Length'] as const;

export interface WarcOptions {
  maxBytes: number;
  onSkip?: ((path: string, reason: SkipReason) => void) | undefined;
}

/** True when the file starts with the gzip magic bytes. */
async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Reads what is left of a record's block and says whether it was all there. warcio itself
 * neither reports a record cut short by the end of the file nor survives skipping one (its
 * `skipFully` then spins forever), so every record is drained here before the next is parsed.
 */
async function drain(record: WARCRecord): Promise<boolean> {
  const reader = (record as unknown as { _reader: unknown })._reader;
  if (!(reader instanceof LimitReader)) return true;
  for await (const _chunk of reader) {
    // discarded
  }
  return reader.limit <= 0;
}

/** The stream's chunks, counting the bytes and keeping the last few. */
function countingStream(stream: AsyncIterable<Buffer>): AsyncIterable<Buffer> & { total: number; tail: (n: number) => string } {
  const KEEP = 64;
  let last: Buffer = Buffer.alloc(0);
  const out = {
    total: 0,
    tail: (n: number) => last.subarray(Math.max(0, last.length - n)).toString('latin1'),
    async *[Symbol.asyncIterator]() {
      for await (const chunk of stream) {
        out.total += chunk.length;
        last = chunk.length >= KEEP ? chunk.subarray(chunk.length - KEEP) : Buffer.concat([last, chunk]).subarray(-KEEP);
        yield chunk;
      }
    },
  };
  return out;
}

/** Bytes warcio has consumed so far (its reader's offset), when it says. */
function readOffsetOf(parser: WARCParser): number | undefined {
  const reader = (parser as unknown as { _reader?: { getReadOffset?: () => number } })._reader;
  return typeof reader?.getReadOffset === 'function' ? reader.getReadOffset() : undefined;
}

export async function* warcRecords(
  absPath: string,
  display: string,
  opts: WarcOptions,
): AsyncGenerator<SourceRecord | SourceFailure> {
  // Gzipped WARCs (one member per record, or the whole file) are inflated by Node's zlib, which,
  // unlike warcio's inflater, reports a truncated file.
  const gzip = await isGzip(absPath);
  const file = createReadStream(absPath, { highWaterMark: 1 << 20 });
  const gunzip = gzip ? createGunzip() : undefined;
  if (gunzip) {
    file.on('error', (e) => gunzip.destroy(e));
    file.pipe(gunzip);
  }
  let count = 0;
  /** True while record `count` is being read; false between records (so a failure is in record count + 1). */
  let inRecord = false;
  const broken = (message: string): SourceFailure => ({
    key: `warc:${absPath}`,
    origin: display,
    code: 'malformed-warc',
    message: `${display}: ${message}`,
  });
  try {
    const source = countingStream(gunzip ?? file);
    const parser = new WARCParser(source);
    for (;;) {
      inRecord = false;
      const before = readOffsetOf(parser);
      const record = await parser.parse();
      if (!record) {
        // warcio takes a last fragment of two bytes for a blank line and ends quietly.
        if (before !== undefined && source.total > before && /[^\r\n]/.test(source.tail(source.total - before))) {
          yield broken(`record ${count + 1} is cut short: the file ends inside its header`);
        }
        break;
      }
      count++;
      inRecord = true;
      const version = record.warcHeaders.statusline;
      if (!/^WARC\/\d/.test(version ?? '')) {
        yield broken(`record ${count} does not start with a WARC/ version line (found ${JSON.stringify((version ?? '').slice(0, 40))})`);
        return;
      }
      // warcio returns a header cut short by the end of the file as if it were whole, minus its
      // last line: a record without the fields every WARC record has is a truncated (or broken) one.
      const missing = MANDATORY.filter((h) => !record.warcHeader(h));
      const length = record.warcHeader('Content-Length');
      if (missing.length > 0 || !/^\d+$/.test(length ?? '')) {
        const what = missing.length > 0 ? `has no ${missing.join(', ')}` : `has a Content-Length that is not a number (${JSON.stringify(length)})`;
        yield broken(`record ${count} is cut short or broken: its header ${what}; the file may end inside the header`);
        return;
      }
      const type = record.warcType;
      const id = (record.warcHeader('WARC-Record-ID') ?? `record-${count}`).replace(/^<|>$/g, '');
      const uri = record.warcTargetURI ?? undefined;
      const key = `warc:${absPath}#${id}`;
      const origin = `${display}: ${uri ?? id}`;
      const truncated = () => broken(`record ${count} (${uri ?? id}) is cut short: the file ends inside it`);

      let take = false;
      let contentType: string | null | undefined;
      if (type === 'response') {
        const status = record.httpHeaders?.statusCode;
        contentType = record.httpHeaders?.headers.get('content-type');
        take = status === 200 && HTML_TYPES.has(mimeType(contentType));
        if (!take) opts.onSkip?.(`${display}#${id}`, 'warc-record');
      } else if (type === 'resource') {
        contentType = record.warcContentType;
        take = HTML_TYPES.has(mimeType(contentType));
      }
      if (!take) {
        if (!(await drain(record))) {
          yield truncated();
          return;
        }
        continue;
      }

      const chunks: Uint8Array[] = [];
      let total = 0;
      let tooLarge = false;
      for await (const chunk of record) {
        total += chunk.byteLength;
        if (total > opts.maxBytes) {
          tooLarge = true;
          break;
        }
        chunks.push(chunk);
      }
      if (!(await drain(record))) {
        yield truncated();
        return;
      }
      if (tooLarge) {
        yield { key, origin, code: 'too-large', message: `${origin}: the page is over the limit of ${formatBytes(opts.maxBytes)}; ${LIMIT_HINTS.maxBytes}` };
        continue;
      }
      const bytes = Buffer.concat(chunks, total);
      const decoded = decodeBytes(bytes, { charset: charsetFromContentType(contentType), sniff: true, lenient: true, what: origin });
      if (!decoded.ok) {
        yield { key, origin, code: decoded.code, message: decoded.message };
        continue;
      }
      if (decoded.text.trim() === '') {
        yield { key, origin, code: 'empty', message: `${origin}: the page is empty` };
        continue;
      }
      const out: SourceRecord = { key, origin, html: decoded.text };
      if (decoded.warning) out.warning = `${origin}: ${decoded.warning}`;
      if (uri) out.url = uri;
      const crawled = normalizeDate(record.warcDate ?? undefined);
      if (crawled) out.crawled = crawled;
      yield out;
    }
  } catch (e) {
    yield broken(`record ${inRecord ? count : count + 1} could not be read (after ${count - (inRecord ? 1 : 0)} whole record(s)): ${(e as Error).message}`);
  } finally {
    file.destroy();
    gunzip?.destroy();
  }
}
