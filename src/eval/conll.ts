/**
 * CoNLL files for named-entity evaluation: one token a line with the token in the first column and
 * its IOB tag in the last (`Jakarta PROPN B-LOC`), a blank line between sentences, `-DOCSTART-`
 * lines ignored. Tags may use any of the usual chunk encodings (IOB1, IOB2/BIO, BIOES/BILOU); they
 * are compared as spans, so the encoding does not matter.
 */

/** One sentence of a CoNLL file: tokens, their tags as written, and where the sentence starts. */
export interface ConllSentence {
  readonly tokens: readonly string[];
  readonly tags: readonly string[];
  /** 1-based line of the sentence's first token. */
  readonly line: number;
}

/** A typed chunk over tokens `[start, end)`. */
export interface LabeledSpan {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

/** Malformed CoNLL input: names the file and the 1-based line. */
export class ConllFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ConllFormatError';
  }
}

export interface ParseConllOptions {
  /** Name used in error messages. */
  readonly file?: string;
}

/** `O`, or a chunk prefix and a type: `B-PER`, `I-ORG`, `E-LOC`, `S-MISC`, `L-X`, `U-X` (also `B_PER`). */
const TAG = /^(?:O|[BIESLU][-_]\S+)$/;

/**
 * Parses CoNLL text (LF or CRLF). Columns are split on runs of spaces or tabs; the token is the
 * first column and the tag the last, so `token tag` and `token POS chunk tag` both work.
 * @throws ConllFormatError for a line with one column or a tag that is not `O` or `X-TYPE`.
 * @example parseConll('Joko B-PER\nWidodo I-PER\n\n')[0].tags // ['B-PER', 'I-PER']
 */
export function parseConll(text: string, options: ParseConllOptions = {}): ConllSentence[] {
  const file = options.file ?? '<input>';
  const sentences: ConllSentence[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  let first = 0;
  const flush = (): void => {
    if (tokens.length > 0) sentences.push({ tokens, tags, line: first });
    tokens = [];
    tags = [];
  };
  // A byte-order mark is not part of the first token.
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    const cols = line.split(/[ \t]+/);
    const token = cols[0] ?? '';
    if (token === '-DOCSTART-') {
      flush();
      continue;
    }
    if (line.includes('\0')) throw new ConllFormatError(file, lineNo, 'binary data (NUL byte), not a CoNLL file');
    if (cols.length < 2) {
      throw new ConllFormatError(file, lineNo, `expected "token ... tag" (at least 2 columns), found ${JSON.stringify(truncate(line))}`);
    }
    const tag = cols[cols.length - 1] ?? '';
    if (!TAG.test(tag)) {
      throw new ConllFormatError(
        file,
        lineNo,
        `the last column must be an IOB tag such as O, B-PER or I-LOC; found ${JSON.stringify(truncate(tag))}`,
      );
    }
    if (tokens.length === 0) first = lineNo;
    tokens.push(token);
    tags.push(tag.replace('_', '-'));
  }
  flush();
  return sentences;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Splits a tag into its chunk prefix (`B`, `I`, `E`, `S`, `L`, `U`, or `O`) and its type. */
export function splitTag(tag: string): { prefix: string; type: string } {
  if (tag === 'O' || tag.length < 3) return { prefix: 'O', type: '' };
  return { prefix: tag[0] ?? 'O', type: tag.slice(2) };
}

/**
 * Turns a tag sequence into spans, whatever the encoding: `B`/`S`/`U` start a chunk, `I`/`E`/`L`
 * continue one of the same type, `E`/`L`/`S`/`U` close it. An `I-X` after `O` or after another type
 * starts a new chunk (the repair conlleval makes), which also reads IOB1 correctly.
 * `mapType` renames types; a type mapped to `''` or `'O'` is dropped.
 * @example tagsToSpans(['O', 'I-PER', 'I-PER', 'B-LOC']) // [{start:1,end:3,type:'PER'}, {start:3,end:4,type:'LOC'}]
 */
export function tagsToSpans(tags: readonly string[], mapType?: (type: string) => string): LabeledSpan[] {
  const spans: LabeledSpan[] = [];
  let open: { start: number; type: string } | undefined;
  const close = (end: number): void => {
    if (open) {
      const type = mapType ? mapType(open.type) : open.type;
      if (type !== '' && type !== 'O') spans.push({ start: open.start, end, type });
    }
    open = undefined;
  };
  for (let i = 0; i < tags.length; i++) {
    const { prefix, type } = splitTag(tags[i] ?? 'O');
    switch (prefix) {
      case 'B':
        close(i);
        open = { start: i, type };
        break;
      case 'I':
        if (!open || open.type !== type) {
          close(i);
          open = { start: i, type };
        }
        break;
      case 'E':
      case 'L':
        if (!open || open.type !== type) {
          close(i);
          open = { start: i, type };
        }
        close(i + 1);
        break;
      case 'S':
      case 'U':
        close(i);
        open = { start: i, type };
        close(i + 1);
        break;
      default:
        close(i);
    }
  }
  close(tags.length);
  return spans;
}

/**
 * Rewrites any tag sequence as valid IOB2 (BIO): the spans of `tagsToSpans`, each as `B-X I-X...`.
 * @example repairBio(['O', 'I-PER', 'I-PER']) // ['O', 'B-PER', 'I-PER']
 */
export function repairBio(tags: readonly string[]): string[] {
  const out = new Array<string>(tags.length).fill('O');
  for (const span of tagsToSpans(tags)) {
    out[span.start] = `B-${span.type}`;
    for (let i = span.start + 1; i < span.end; i++) out[i] = `I-${span.type}`;
  }
  return out;
}
