/**
 * `readBytes`: the one place where bytes (from a file, stdin, a URL body, a corpus record) become a
 * document. Detects the format, checks for binary data, decodes, validates, and hands HTML on.
 */
import { titleFromText } from './title.js';
import type { Diagnostic } from '../types.js';
import {
  binaryReason,
  binaryReasonInText,
  decodeAs,
  decoderFor,
  findInvalidUtf8,
  latin1,
  lineColumnAt,
  looksLikeHtml,
  sniffBom,
  sniffMetaCharset,
} from './decode.js';
import { displayName, error, fail, warning } from './diagnostics.js';
import { htmlToDocument } from './html.js';
import type { ReadBytesOptions, ReadResult } from './types.js';

/**
 * Bytes as a document. Plain text is the bytes decoded as UTF-8 exactly as they are, except that a
 * leading byte-order mark is dropped (a UTF-16 BOM switches the decoding to UTF-16). HTML is decoded
 * with the charset given in `options.charset`, else its `<meta charset>`, else UTF-8, and then read
 * by `htmlToDocument`. Never throws for bad input.
 */
export function readBytes(bytes: Uint8Array, origin: string, options: ReadBytesOptions = {}): ReadResult {
  if (bytes.length === 0) return fail(error('empty', `${describeOrigin(origin)} is empty.`, origin));

  const bom = sniffBom(bytes);
  // UTF-16 by BOM, or by a declared charset (rare: a server saying `charset=utf-16`).
  const declared = options.charset ? decoderFor(options.charset, false)?.encoding : undefined;
  const utf16Encoding = bom && bom.encoding !== 'utf-8' ? bom.encoding : !bom && declared?.startsWith('utf-16') ? declared : undefined;
  const utf16 = utf16Encoding !== undefined;
  if (!utf16) {
    const why = binaryReason(bytes);
    if (why) return fail(binaryError(origin, why));
  }

  let format = options.format && options.format !== 'auto' ? options.format : undefined;
  if (!format) {
    const head = utf16Encoding ? decodeAs(utf16Encoding, bytes.subarray(0, 4096), false) : latin1(bytes, 0, 4096);
    format = looksLikeHtml(head) ? 'html' : 'text';
  }

  const warnings: Diagnostic[] = [];
  let label = bom?.encoding ?? options.charset ?? (format === 'html' ? sniffMetaCharset(bytes) : undefined) ?? 'utf-8';
  if (!decoderFor(label, false)) {
    warnings.push(warning('unknown-charset', `Unknown charset "${label}"; decoded as UTF-8 instead.`, origin));
    label = 'utf-8';
  }
  const isUtf8 = decoderFor(label, false)!.encoding === 'utf-8';

  let text: string;
  try {
    // fatal for UTF-8 so that broken bytes are reported rather than silently replaced
    text = decodeAs(label, bytes, isUtf8);
  } catch {
    const offset = findInvalidUtf8(bytes);
    const at = offset >= 0 ? lineColumnAt(bytes, offset) : undefined;
    const where = at ? ` at byte ${offset} (line ${at.line}, column ${at.column})` : '';
    const hint = `; the file is probably in another encoding (such as Windows-1252): convert it to UTF-8 first`;
    if (format === 'text') {
      return fail(...warnings, error('invalid-utf8', `Not valid UTF-8${where}${hint}.`, origin, at));
    }
    // A page is read the way a browser reads it: broken bytes become U+FFFD, with a warning.
    warnings.push(warning('invalid-utf8', `Not valid UTF-8${where}; invalid bytes were replaced with U+FFFD.`, origin, at));
    text = decodeAs('utf-8', bytes, false);
  }

  if (utf16) {
    const why = binaryReasonInText(text);
    if (why) return fail(...warnings, binaryError(origin, why));
  }

  if (format === 'html') {
    const result = htmlToDocument(text, origin, options.url);
    if (!result.ok) return fail(...warnings, ...result.diagnostics);
    return { ok: true, doc: { ...result.doc, diagnostics: [...warnings, ...result.doc.diagnostics] } };
  }

  if (!text.trim()) {
    return fail(...warnings, error('whitespace-only', `${describeOrigin(origin)} holds only whitespace (${bytes.length} bytes).`, origin));
  }
  const title = titleFromText(text);
  return {
    ok: true,
    doc: {
      text,
      meta: { origin, format: 'text', ...(title !== undefined ? { title } : {}), ...(options.url ? { url: options.url } : {}) },
      diagnostics: warnings,
    },
  };
}

function describeOrigin(origin: string): string {
  if (origin === '-') return 'Standard input';
  if (/^https?:/i.test(origin)) return 'The response body';
  return 'The file';
}

function binaryError(origin: string, why: string): Diagnostic {
  return error(
    'binary',
    `${displayName(origin) === '<stdin>' ? 'Standard input' : 'This'} looks like binary data, not text: ${why}.`,
    origin,
  );
}
