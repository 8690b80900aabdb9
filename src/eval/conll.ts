/**
 * CoNLL files for named-entity evaluation: one token a line with the token in the first column and
 * its IOB tag in the last (`Jakarta PROPN B-LOC`), a blank line between sentences, `-DOCSTART-`
 * lines ignored. Tags may use any of the usual chunk encodings (IOB1, IOB2/BIO, BIOES/BILOU); they
 * are compared as spans, so the encoding does not matter.
 */

export type { LabeledSpan } from '../ner/bio.js';
export { repairBio, splitTag, tagsToSpans } from '../ner/bio.js';

/** One sentence of a CoNLL file: tokens, their tags as written, and where the sentence starts. */
export interface ConllSentence {
  readonly tokens: readonly string[];
  readonly tags: readonly string[];
  /** 1-based line of the sentence's first token. */
  readonly line: number;
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
