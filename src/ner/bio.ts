/** Chunk tags (BIO, IOB1, BILOU/BIOES) as spans over tokens, shared by the tagger's training and the evaluators. */

/** A typed chunk over tokens `[start, end)`. */
export interface LabeledSpan {
  readonly start: number;
  readonly end: number;
  readonly type: string;
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
