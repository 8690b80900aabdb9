/**
 * Streaming readers for big record files: JSONL split on newlines at the byte level (a newline
 * byte never occurs inside a UTF-8 sequence), and a JSON array (top level, or under
 * `articles` / `items` / `data` of a top-level object) split into its elements by a small
 * scanner that tracks strings and nesting only; each element is then given to JSON.parse.
 * Memory is bounded by the largest single line or element (capped by `maxBytes`).
 */

/** A line of a byte stream, without its `\n` (and without a trailing `\r`). */
export type Line = { line: number; bytes: Buffer } | { line: number; tooLong: true; length: number };

export async function* readLines(chunks: AsyncIterable<Buffer | Uint8Array>, maxLineBytes: number): AsyncGenerator<Line> {
  let pieces: Buffer[] = [];
  let len = 0;
  let tooLong = false;
  let lineNo = 1;
  const finish = (): Line => {
    if (tooLong) return { line: lineNo, tooLong: true, length: len };
    let bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, len);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, bytes.length - 1);
    return { line: lineNo, bytes };
  };
  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let pos = 0;
    while (pos <= chunk.length) {
      const nl = chunk.indexOf(10, pos);
      const end = nl === -1 ? chunk.length : nl;
      if (end > pos) {
        if (!tooLong && len + (end - pos) > maxLineBytes) {
          tooLong = true;
          pieces = [];
        }
        if (!tooLong) pieces.push(chunk.subarray(pos, end));
        len += end - pos;
      }
      if (nl === -1) break;
      yield finish();
      pieces = [];
      len = 0;
      tooLong = false;
      lineNo++;
      pos = nl + 1;
    }
  }
  if (len > 0) yield finish();
}

export type ArrayEvent =
  /** One element's source text; `index` is 1-based, `line` where it starts. */
  | { kind: 'item'; index: number; line: number; text: string }
  | { kind: 'too-large'; index: number; line: number; length: number }
  /** The top level was an object without a records array: its whole text. */
  | { kind: 'single'; text: string }
  | { kind: 'error'; line: number; message: string };

const TARGET_KEYS = new Set(['articles', 'items', 'data']);

/** `after`: the top-level value is closed and only whitespace may follow; `done`: nothing more is read. */
type Mode = 'start' | 'array' | 'object' | 'after' | 'done' | 'failed';

const enum C {
  quote = 34,
  backslash = 92,
  comma = 44,
  colon = 58,
  lbrack = 91,
  rbrack = 93,
  lbrace = 123,
  rbrace = 125,
  nl = 10,
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

/**
 * Push decoded text in any chunking with `push`, then call `end`; both return the events
 * completed so far.
 */
export class JsonArraySplitter {
  private mode: Mode = 'start';
  private depth = 0;
  private inString = false;
  private escape = false;
  private line = 1;
  /** Inside the records array (depth `itemsDepth`: 1 for a top-level array, 2 under a key). */
  private inItems = false;
  private itemsDepth = -1;
  private foundArray = false;
  // Current element.
  private capturing = false;
  private capPieces: string[] = [];
  private capLen = 0;
  private capTooLarge = false;
  private capLine = 0;
  private index = 0;
  // Top-level object: key tracking, and its whole text until a records array is found.
  private expectKey = false;
  private readingKey = false;
  private key = '';
  private lastKey = '';
  private valueNext = false;
  private buffering = false;
  private rootPieces: string[] = [];
  private rootLen = 0;
  private rootTooLarge = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: string): ArrayEvent[] {
    const events: ArrayEvent[] = [];
    if (this.mode === 'done' || this.mode === 'failed') return events;
    if (this.mode === 'after') {
      this.checkTrailing(chunk, 0, events);
      return events;
    }
    let capFrom = this.capturing ? 0 : -1;
    let rootFrom = this.buffering ? 0 : -1;
    let rootTo = chunk.length;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === C.nl) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === C.backslash) this.escape = true;
        else if (c === C.quote) {
          this.inString = false;
          if (this.readingKey) {
            this.readingKey = false;
            this.lastKey = this.key;
            this.expectKey = false;
          }
        } else if (this.readingKey && this.key.length < 64) this.key += chunk[i];
        continue;
      }
      if (this.mode === 'start') {
        if (isWs(c)) continue;
        if (c === C.lbrack) {
          this.mode = 'array';
          this.depth = 1;
          this.itemsDepth = 1;
          this.inItems = true;
          this.foundArray = true;
        } else if (c === C.lbrace) {
          this.mode = 'object';
          this.depth = 1;
          this.expectKey = true;
          this.buffering = true;
          rootFrom = i;
        } else {
          this.mode = 'failed';
          events.push({ kind: 'error', line: this.line, message: 'expected a JSON array or object at the top level' });
          return events;
        }
        continue;
      }
      if (this.inItems && this.depth === this.itemsDepth) {
        if (c === C.comma || c === C.rbrack) {
          if (this.capturing) {
            if (i > capFrom) this.capture(chunk.slice(capFrom, i));
            events.push(this.endItem());
            capFrom = -1;
          }
          if (c === C.rbrack) {
            this.inItems = false;
            if (this.mode === 'array') {
              // A top-level array: only whitespace may follow.
              this.mode = 'after';
              this.checkTrailing(chunk, i + 1, events);
            } else {
              // The records array of an object is closed: the object's other keys are not read.
              this.mode = 'done';
            }
            return events;
          }
          continue;
        }
        if (!this.capturing && !isWs(c)) {
          this.capturing = true;
          this.capPieces = [];
          this.capLen = 0;
          this.capTooLarge = false;
          this.capLine = this.line;
          this.index++;
          capFrom = i;
        }
      }
      if (c === C.quote) {
        this.inString = true;
        if (this.mode === 'object' && this.depth === 1 && this.expectKey) {
          this.readingKey = true;
          this.key = '';
        }
      } else if (c === C.lbrack || c === C.lbrace) {
        this.depth++;
        if (this.mode === 'object' && this.depth === 2 && this.valueNext) {
          this.valueNext = false;
          if (c === C.lbrack && TARGET_KEYS.has(this.lastKey)) {
            this.inItems = true;
            this.foundArray = true;
            this.itemsDepth = 2;
            this.buffering = false;
            this.rootPieces = [];
            this.rootLen = 0;
            rootFrom = -1;
          }
        }
      } else if (c === C.rbrack || c === C.rbrace) {
        this.depth--;
        if (this.depth <= 0) {
          this.mode = 'after';
          rootTo = i + 1;
          this.checkTrailing(chunk, i + 1, events);
          break;
        }
      } else if (this.mode === 'object' && this.depth === 1) {
        if (c === C.colon) this.valueNext = true;
        else if (c === C.comma) {
          this.expectKey = true;
          this.valueNext = false;
        } else if (!isWs(c)) this.valueNext = false;
      }
    }
    if (this.capturing && capFrom >= 0 && capFrom < n) this.capture(chunk.slice(capFrom));
    if (this.buffering && rootFrom >= 0 && !this.rootTooLarge) {
      this.rootLen += rootTo - rootFrom;
      if (this.rootLen > this.maxBytes) {
        this.rootTooLarge = true;
        this.rootPieces = [];
      } else this.rootPieces.push(chunk.slice(rootFrom, rootTo));
    }
    return events;
  }

  /** Reports (once) anything but whitespace after the top-level value: often JSON Lines named .json. */
  private checkTrailing(chunk: string, from: number, events: ArrayEvent[]): void {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === C.nl) this.line++;
      else if (!isWs(c)) {
        this.mode = 'failed';
        events.push({
          kind: 'error',
          line: this.line,
          message: 'unexpected content after the top-level value (one JSON object per line is JSON Lines: name the file .jsonl)',
        });
        return;
      }
    }
  }

  private capture(s: string): void {
    this.capLen += s.length;
    if (this.capTooLarge) return;
    if (this.capLen > this.maxBytes) {
      this.capTooLarge = true;
      this.capPieces = [];
      return;
    }
    this.capPieces.push(s);
  }

  private endItem(): ArrayEvent {
    this.capturing = false;
    const ev: ArrayEvent = this.capTooLarge
      ? { kind: 'too-large', index: this.index, line: this.capLine, length: this.capLen }
      : { kind: 'item', index: this.index, line: this.capLine, text: this.capPieces.join('').trim() };
    this.capPieces = [];
    this.capLen = 0;
    return ev;
  }

  end(): ArrayEvent[] {
    const events: ArrayEvent[] = [];
    if (this.mode === 'start') {
      events.push({ kind: 'error', line: this.line, message: 'the file is empty' });
    } else if (this.mode === 'failed') {
      // already reported (a top-level object followed by more content is not taken as a record)
    } else if (this.inItems) {
      if (this.capturing) events.push(this.endItem());
      events.push({ kind: 'error', line: this.line, message: 'unexpected end of file inside the records array' });
    } else if (!this.foundArray) {
      if (this.mode !== 'after') {
        events.push({ kind: 'error', line: this.line, message: 'unexpected end of file inside the top-level object' });
      } else if (this.rootTooLarge) {
        events.push({
          kind: 'error',
          line: this.line,
          message: `the top-level object has no articles/items/data array and is over ${this.maxBytes} bytes; raise the limit with --max-size <MB> if it is one article`,
        });
      } else {
        events.push({ kind: 'single', text: this.rootPieces.join('') });
      }
    }
    this.mode = 'done';
    return events;
  }
}
