/**
 * Bytes → string: BOMs, charsets, UTF-8 validation with a position, binary sniffing.
 * Everything here is linear in the input and never throws for bad input.
 */

export type Bom = { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number };

/** A byte-order mark at the start of `bytes`, which (as in browsers) beats any declared charset. */
export function sniffBom(bytes: Uint8Array): Bom | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (the lead byte of a
 * broken or truncated sequence, or a stray continuation byte), or -1 when `bytes` is valid UTF-8.
 * Follows the Unicode table of well-formed sequences: no overlongs, no surrogates, nothing past U+10FFFF.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Bytes needed after the lead, and the allowed range of the first of them.
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // no overlongs
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // no overlongs
      if (b === 0xf4) hi = 0x8f; // nothing past U+10FFFF
    } else return i;
    if (i + need >= n) return i; // truncated: fewer bytes left than the sequence needs
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * 1-based line and column of byte `offset`, counting lines by LF and columns in code points (what an
 * editor shows), assuming the bytes before `offset` are valid UTF-8. A leading BOM takes no column.
 */
export function lineColumnAt(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  const start = sniffBom(bytes)?.encoding === 'utf-8' ? 3 : 0;
  for (let i = start; i < offset && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      line++;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) {
      column++;
    }
  }
  return { line, column };
}

/**
 * Why `bytes` look like a binary file rather than text, or undefined. A NUL byte anywhere is enough;
 * otherwise more than 5% C0 control characters other than tab, LF, VT, FF, CR (and ESC, which coloured
 * terminal output carries). Not used for UTF-16, where NULs are normal.
 */
export function binaryReason(bytes: Uint8Array): string | undefined {
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) return `it contains a NUL byte (at byte ${i})`;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f) {
      controls++;
    }
  }
  if (bytes.length > 0 && controls / bytes.length > 0.05) {
    return `${((100 * controls) / bytes.length).toFixed(1)}% of its bytes are control characters`;
  }
  return undefined;
}

/** Same test on decoded text (for UTF-16 input). */
export function binaryReasonInText(text: string): string | undefined {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return `it contains a NUL character (at character ${i})`;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b) || c === 0x7f) {
      controls++;
    }
  }
  if (text.length > 0 && controls / text.length > 0.05) {
    return `${((100 * controls) / text.length).toFixed(1)}% of its characters are control characters`;
  }
  return undefined;
}

/** `text/html; charset="Windows-1252"` → `windows-1252`. */
export function charsetFromContentType(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const label = (m?.[1] ?? m?.[2] ?? '').trim().toLowerCase();
  return label || undefined;
}

/** The mime type of a content-type header, lower-cased, without parameters. */
export function mimeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Bytes read as ISO-8859-1 (one char per byte): for sniffing markup in bytes of unknown encoding. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  const stop = Math.min(end, bytes.length);
  for (let i = start; i < stop; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(i + 4096, stop)));
  }
  return s;
}

/** `<meta charset>` or `<meta http-equiv="content-type" content="...; charset=...">` in the first 2 KiB. */
export function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes, 0, 2048);
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  if (!m) return undefined;
  const label = m[1]!.toLowerCase();
  // A document that could be read as ASCII to find this cannot really be UTF-16 (HTML spec, "prescan").
  if (label.startsWith('utf-16')) return 'utf-8';
  if (label === 'x-user-defined') return 'windows-1252';
  return label;
}

/**
 * A decoder for `label`, or undefined when the label is unknown to this runtime. Windows-1252 (and the
 * labels mapped to it: iso-8859-1, latin1, ascii, us-ascii...) gets a correct table-driven decoder,
 * see `decodeWindows1252`.
 */
export function decoderFor(label: string, fatal: boolean): TextDecoder | undefined {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal });
  } catch {
    return undefined;
  }
  return decoder.encoding === 'windows-1252' ? new Windows1252Decoder() : decoder;
}

/** TextDecoder for Windows-1252 that decodes 0x80–0x9F by the WHATWG table (every byte is valid). */
class Windows1252Decoder extends TextDecoder {
  constructor() {
    super('windows-1252');
  }
  // Single-byte: no sequence can straddle chunks, so `stream` needs no state.
  override decode(...[input]: Parameters<TextDecoder['decode']>): string {
    if (!input) return '';
    const bytes = ArrayBuffer.isView(input)
      ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : new Uint8Array(input);
    return decodeWindows1252(bytes);
  }
}

/** Whether decoded text starts like an HTML document. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(head);
}

/** Windows-1252 bytes 0x80–0x9F (WHATWG index); the rest of the encoding is ISO-8859-1. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Windows-1252 decoded by table. Node 20's TextDecoder decodes 'windows-1252' (and so 'iso-8859-1',
 * 'latin1', 'ascii', which the Encoding Standard maps to it) as plain ISO-8859-1, turning the curly
 * quotes of 0x93/0x94 into C1 controls.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 4096;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const part = bytes.subarray(i, Math.min(i + CHUNK, bytes.length));
    const codes = new Array<number>(part.length);
    for (let k = 0; k < part.length; k++) {
      const b = part[k]!;
      codes[k] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    s += String.fromCharCode(...codes);
  }
  return s;
}

/**
 * `bytes` decoded as the encoding `label` names (a label TextDecoder accepts). With `fatal`, throws
 * a TypeError on malformed input, like TextDecoder; a leading BOM of the encoding is dropped.
 */
export function decodeAs(label: string, bytes: Uint8Array, fatal: boolean): string {
  const decoder = decoderFor(label, fatal);
  if (!decoder) throw new RangeError(`unknown encoding: ${label}`);
  return decoder.decode(bytes);
}
