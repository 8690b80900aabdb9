/**
 * Bytes to text for the sources, on top of the shared helpers in `../decode.ts`: a BOM wins, then
 * a declared charset (HTTP header; for HTML/XML the document's own `<meta charset>` /
 * `<?xml encoding?>`), else UTF-8, validated.
 *
 * Invalid UTF-8 in a local file is a failure (`invalid-utf8`): the user can convert the file.
 * A page off the web or out of a WARC is read the way a browser reads it (`lenient`): broken
 * bytes become U+FFFD and the record carries a warning, because a single bad byte in a crawled
 * page should not lose the article (the same rule as `readSource` for URLs).
 */

import {
  binaryReason,
  charsetFromContentType,
  decoderFor,
  findInvalidUtf8,
  latin1,
  lineColumnAt,
  mimeOf,
  sniffBom,
  sniffMetaCharset,
} from '../decode.js';

export { charsetFromContentType, mimeOf as mimeType };

export type Decoded =
  | { ok: true; text: string; warning?: string }
  | { ok: false; code: string; message: string };

/** `<?xml version="1.0" encoding="windows-1252"?>` → `windows-1252`. */
function sniffXmlEncoding(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes, 0, 256);
  const m = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  const label = m?.[1]?.toLowerCase();
  return label?.startsWith('utf-16') ? undefined : label;
}

export interface DecodeOptions {
  /** Declared outside the bytes (HTTP Content-Type). */
  charset?: string | undefined;
  /** Look for the document's own declaration (HTML meta, XML prolog). */
  sniff?: boolean;
  /** Replace invalid UTF-8 with U+FFFD (and warn) instead of failing. */
  lenient?: boolean;
  /** For messages: the file or URL. */
  what: string;
}

export function decodeBytes(bytes: Uint8Array, opts: DecodeOptions): Decoded {
  const bom = sniffBom(bytes);
  const utf16 = bom?.encoding === 'utf-16le' || bom?.encoding === 'utf-16be';
  if (!utf16) {
    const why = binaryReason(bytes);
    if (why) return { ok: false, code: 'binary', message: `${opts.what} looks like binary data, not text: ${why}` };
  }
  let label =
    bom?.encoding ?? opts.charset ?? (opts.sniff ? (sniffXmlEncoding(bytes) ?? sniffMetaCharset(bytes)) : undefined) ?? 'utf-8';
  let warning: string | undefined;
  if (!decoderFor(label, false)) {
    warning = `unknown charset "${label}", decoded as UTF-8`;
    label = 'utf-8';
  }
  const isUtf8 = decoderFor(label, false)!.encoding === 'utf-8';
  try {
    const text = decoderFor(label, isUtf8)!.decode(bytes);
    return warning ? { ok: true, text, warning } : { ok: true, text };
  } catch {
    const offset = findInvalidUtf8(bytes);
    const at = offset >= 0 ? lineColumnAt(bytes, offset) : undefined;
    const where = at ? ` at byte ${offset} (line ${at.line}, column ${at.column})` : '';
    if (!opts.lenient) {
      return {
        ok: false,
        code: 'invalid-utf8',
        message: `${opts.what} is not valid UTF-8${where}; convert it to UTF-8 first`,
      };
    }
    const text = decoderFor('utf-8', false)!.decode(bytes);
    return { ok: true, text, warning: `not valid UTF-8${where}; invalid bytes were replaced with U+FFFD` };
  }
}
