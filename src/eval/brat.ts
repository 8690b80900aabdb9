/**
 * A reader for brat standoff annotations (`NAME.ann` beside `NAME.txt`), the format of public
 * attribution corpora (PARC 3.0 and others converted to brat), reduced to what quote attribution
 * scoring needs: the Source, Cue and Content spans of each document, and the attributions that
 * group them.
 *
 * Lines read (fields separated by tabs, as brat writes them):
 * - text-bound: `T1\tSource 10 25\tthe text`, discontinuous `T4\tContent 0 5;10 20\tfirst second`;
 * - relations: `R1\tAttribution Arg1:T2 Arg2:T1` (any relation type);
 * - events: `E1\tAttribution:T2 Source:T1 Content:T3` (the trigger, here T2, is the cue);
 * - attributes `A1\tStance E1 deny` (also `M`) are kept: a `Stance` attribute on an event or
 *   relation gives its attribution's stance (`assert`, `deny`, `doubt`);
 * - notes `#1\tAnnotatorNotes T1\tPurbaya Yudhi Sadewa` are kept: a note on a Source span names
 *   its referent in full;
 * - normalisations (`N`) and equivalences (`*`) are accepted and ignored; blank lines are skipped.
 *
 * Which role a span plays:
 * 1. by its own type: `Source` (also `Speaker`), `Cue` (also `Trigger`), `Content` (also `Quote`,
 *    `Quotation`, `Message`), case-insensitive;
 * 2. otherwise by the argument name under which a relation or event cites it: an argument named
 *    `Source`/`Speaker`, `Cue`/`Trigger`, `Content`/`Quote`... gives that role (so `Arg1:`/`Arg2:`
 *    relations need role-typed spans, while `Source:T1` arguments work on spans of any type);
 * 3. an event's trigger is a cue.
 * Spans of other types that no relation or event gives a role (named entities and the like) are
 * ignored. A span cited under two roles counts under both.
 *
 * Offsets: brat counts characters as Python does (Unicode code points); saksi counts UTF-16 code
 * units. The two differ only after a character outside the Basic Multilingual Plane (an emoji);
 * offsets are converted. The text field of each text-bound line is checked against the document:
 * a mismatch (byte offsets, a file edited after annotation, CRLF trouble) is an error naming the
 * file and line, since scores against shifted spans would be meaningless.
 */

export type Role = 'source' | 'cue' | 'content';
export const ROLES: readonly Role[] = ['source', 'cue', 'content'];

/** A possibly discontinuous span: sorted, non-overlapping, non-touching `[start, end)` fragments (UTF-16). */
export type Fragments = readonly (readonly [number, number])[];

export interface TextBound {
  readonly id: string;
  readonly type: string;
  readonly fragments: Fragments;
  readonly text: string;
  readonly line: number;
}

export interface BratRelation {
  readonly id: string;
  readonly type: string;
  /** Argument name (`Arg1`, `Source`...) and the id of the annotation it cites. */
  readonly args: readonly { readonly role: string; readonly ref: string }[];
  /** For an event, the id of its trigger. */
  readonly trigger?: string;
  readonly line: number;
}

export interface BratDocument {
  readonly textBounds: ReadonlyMap<string, TextBound>;
  readonly relations: readonly BratRelation[];
  readonly events: readonly BratRelation[];
  /** Attributes by the id they qualify: `A1\tStance E1 deny` gives `E1 → { Stance: 'deny' }`. */
  readonly attributes?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Annotator notes by the id they comment on. */
  readonly notes?: ReadonlyMap<string, string>;
}

/** One attribution: the spans that a relation or event groups (any role may be empty). */
export interface Attribution {
  readonly id: string;
  readonly source: readonly Fragments[];
  readonly cue: readonly Fragments[];
  readonly content: readonly Fragments[];
  /** The `Stance` attribute of the event or relation, lower-cased, where one is given. */
  readonly stance?: string;
  /** Annotator notes on the source spans (the referent's full name), in the order of `source`. */
  readonly sourceNotes?: readonly (string | undefined)[];
}

export interface AttributionGold {
  /** Distinct spans per role (a span cited by several attributions counts once). */
  readonly spans: Readonly<Record<Role, readonly Fragments[]>>;
  readonly attributions: readonly Attribution[];
}

/** A malformed `.ann` line; the message names the file and line. */
export class BratError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'BratError';
  }
}

const ROLE_NAMES: Readonly<Record<string, Role>> = {
  source: 'source',
  speaker: 'source',
  cue: 'cue',
  trigger: 'cue',
  content: 'content',
  quote: 'content',
  quotation: 'content',
  message: 'content',
};

/** The role a brat type or argument name stands for, if any: `Source`, `Arg1` → undefined, `Content2` → content. */
export function roleOf(name: string): Role | undefined {
  // brat numbers repeated arguments of an event: Content2, Source2.
  return ROLE_NAMES[name.toLowerCase().replace(/\d+$/, '')];
}

/**
 * Parses the text of a `.ann` file against the text it annotates.
 * @param file name used in error messages
 * @throws BratError on a malformed line, offsets outside the text, a text field that does not match
 *   the offsets, a duplicate id, or a relation citing an unknown id
 * @example parseBrat('T1\tSource 0 3\tAna\n', 'Ana said so.', 'a.ann').textBounds.get('T1')?.fragments // [[0, 3]]
 */
export function parseBrat(ann: string, text: string, file = '<ann>'): BratDocument {
  const toUtf16 = codePointToUtf16(text);
  const textBounds = new Map<string, TextBound>();
  const relations: BratRelation[] = [];
  const events: BratRelation[] = [];
  const seen = new Set<string>();
  const attributes = new Map<string, Record<string, string>>();
  const notes = new Map<string, string>();
  const lines = ann.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] ?? '';
    if (raw.trim() === '') continue;
    const fail = (message: string): never => {
      throw new BratError(message, file, lineNo);
    };
    const tab = raw.indexOf('\t');
    if (tab < 0) fail(`expected ID<TAB>ANNOTATION, got ${JSON.stringify(clip(raw))}`);
    const id = raw.slice(0, tab);
    const rest = raw.slice(tab + 1);
    const kind = id[0];
    if (kind === '#') {
      // `#1\tAnnotatorNotes T1\tthe note`
      const [head, note] = [rest.split('\t')[0] ?? '', rest.split('\t').slice(1).join('\t')];
      const target = head.trim().split(/\s+/)[1];
      if (target && note.trim() !== '') notes.set(target, note.trim());
      continue;
    }
    if (kind === 'A' || kind === 'M') {
      // `A1\tStance E1 deny`; a binary attribute has no value (`A2\tNegated E3`): 'true'.
      const parts = rest.split('\t')[0]!.trim().split(/\s+/);
      if (parts.length < 2) fail(`bad attribute ${JSON.stringify(clip(rest))}: expected TYPE ID [VALUE]`);
      const prev = attributes.get(parts[1]!) ?? {};
      prev[parts[0]!] = parts[2] ?? 'true';
      attributes.set(parts[1]!, prev);
      continue;
    }
    if (kind === 'N' || kind === '*') continue;
    if (!/^[TRE]\d+$/.test(id)) fail(`unknown annotation id ${JSON.stringify(id)} (expected T, R, E, A, M, N, # or * followed by a number)`);
    if (seen.has(id)) fail(`duplicate id ${id}`);
    seen.add(id);
    if (kind === 'T') {
      const tab2 = rest.indexOf('\t');
      const head = tab2 < 0 ? rest : rest.slice(0, tab2);
      const spanText = tab2 < 0 ? undefined : rest.slice(tab2 + 1);
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(head);
      if (!m) fail(`bad text-bound annotation ${JSON.stringify(clip(head))}: expected TYPE START END[;START END...]`);
      const type = m![1]!;
      const pieces: [number, number][] = [];
      for (const pair of m![2]!.split(';')) {
        const [a, b] = pair.split(' ').map(Number) as [number, number];
        if (b < a) fail(`span ${a} ${b} ends before it starts`);
        const s = toUtf16(a);
        const e = toUtf16(b);
        if (s === undefined || e === undefined) fail(`span ${a} ${b} lies outside the text (${countCodePoints(text)} characters)`);
        pieces.push([s!, e!]);
      }
      if (spanText !== undefined) {
        const expected = pieces.map(([s, e]) => text.slice(s, e)).join(' ');
        if (squash(expected) !== squash(spanText)) {
          fail(
            `text ${JSON.stringify(clip(spanText))} does not match the offsets, which give ${JSON.stringify(clip(expected))}`,
          );
        }
      }
      textBounds.set(id, { id, type, fragments: normalizeFragments(pieces), text: spanText ?? '', line: lineNo });
    } else if (kind === 'R') {
      const parts = rest.split('\t')[0]!.trim().split(/\s+/);
      const type = parts[0] ?? '';
      const args = parts.slice(1).map((p) => parseArg(p, fail));
      if (type === '' || args.length === 0) fail(`bad relation ${JSON.stringify(clip(rest))}: expected TYPE Arg1:ID Arg2:ID`);
      relations.push({ id, type, args, line: lineNo });
    } else {
      const parts = rest.split('\t')[0]!.trim().split(/\s+/);
      const head = parseArg(parts[0] ?? '', fail, 'TYPE:TRIGGER');
      const args = parts.slice(1).map((p) => parseArg(p, fail));
      events.push({ id, type: head.role, trigger: head.ref, args, line: lineNo });
    }
  }
  for (const r of [...relations, ...events]) {
    const refs = [...r.args.map((a) => a.ref), ...(r.trigger !== undefined ? [r.trigger] : [])];
    for (const ref of refs) {
      if (!seen.has(ref)) throw new BratError(`${r.id} cites ${ref}, which is not defined`, file, r.line);
    }
  }
  return { textBounds, relations, events, attributes, notes };
}

function parseArg(part: string, fail: (m: string) => never, shape = 'ROLE:ID'): { role: string; ref: string } {
  const colon = part.lastIndexOf(':');
  if (colon <= 0 || colon === part.length - 1) fail(`bad argument ${JSON.stringify(part)}: expected ${shape}`);
  return { role: part.slice(0, colon), ref: part.slice(colon + 1) };
}

/**
 * The Source, Cue and Content spans of a parsed document and the attributions grouping them
 * (see the module comment for which spans get which role).
 * @example attributionGold(parseBrat(ann, text)).spans.source.length
 */
export function attributionGold(doc: BratDocument): AttributionGold {
  const byRole: Record<Role, Map<string, Fragments>> = { source: new Map(), cue: new Map(), content: new Map() };
  const add = (role: Role, f: Fragments): void => {
    byRole[role].set(fragmentsKey(f), f);
  };
  for (const t of doc.textBounds.values()) {
    const role = roleOf(t.type);
    if (role) add(role, t.fragments);
  }
  const attributions: Attribution[] = [];
  const group = (r: BratRelation): void => {
    const a: Record<Role, Fragments[]> = { source: [], cue: [], content: [] };
    const cite = (ref: string, argRole: string | undefined): void => {
      const t = doc.textBounds.get(ref);
      if (!t) return; // an argument citing a relation or event: nested attributions are not followed
      const role = roleOf(t.type) ?? (argRole === undefined ? 'cue' : roleOf(argRole));
      if (!role) return;
      add(role, t.fragments);
      a[role].push(t.fragments);
    };
    const sourceNotes: (string | undefined)[] = [];
    if (r.trigger !== undefined) cite(r.trigger, undefined);
    for (const arg of r.args) {
      const before = a.source.length;
      cite(arg.ref, arg.role);
      if (a.source.length > before) sourceNotes.push(doc.notes?.get(arg.ref));
    }
    const stanceAttr = doc.attributes?.get(r.id);
    const stance = stanceAttr ? Object.entries(stanceAttr).find(([k]) => k.toLowerCase() === 'stance')?.[1]?.toLowerCase() : undefined;
    if (a.source.length + a.cue.length + a.content.length > 0) {
      attributions.push({ id: r.id, ...a, ...(stance ? { stance } : {}), sourceNotes });
    }
  };
  doc.relations.forEach(group);
  doc.events.forEach(group);
  const spans = {
    source: sortFragmentsList([...byRole.source.values()]),
    cue: sortFragmentsList([...byRole.cue.values()]),
    content: sortFragmentsList([...byRole.content.values()]),
  };
  return { spans, attributions: mergeRelationsIntoAttributions(attributions) };
}

/**
 * Binary relations (`Attribution Arg1:Cue Arg2:Source`, `Arg1:Cue Arg2:Content`) describe one
 * attribution in several lines; lines sharing a cue are one attribution. Events are whole already.
 */
function mergeRelationsIntoAttributions(list: Attribution[]): Attribution[] {
  const out: Attribution[] = [];
  const byCue = new Map<string, Record<Role, Map<string, Fragments>> & { id: string; notes: Map<string, string | undefined>; stance?: string }>();
  for (const a of list) {
    const cueKey = a.cue.length === 1 ? fragmentsKey(a.cue[0]!) : undefined;
    // Events are whole: only binary relations (no content and source together) are merged by cue.
    if (cueKey === undefined || (a.source.length > 0 && a.content.length > 0)) {
      out.push(a);
      continue;
    }
    let g = byCue.get(cueKey);
    if (!g) {
      g = { id: a.id, source: new Map(), cue: new Map(), content: new Map(), notes: new Map() };
      byCue.set(cueKey, g);
    }
    for (const role of ROLES) for (const f of a[role]) g[role].set(fragmentsKey(f), f);
    a.source.forEach((f, i) => g!.notes.set(fragmentsKey(f), a.sourceNotes?.[i]));
    if (a.stance) g.stance = a.stance;
  }
  for (const g of byCue.values()) {
    const source = [...g.source.values()];
    out.push({
      id: g.id,
      source,
      cue: [...g.cue.values()],
      content: [...g.content.values()],
      ...(g.stance ? { stance: g.stance } : {}),
      sourceNotes: source.map((f) => g.notes.get(fragmentsKey(f))),
    });
  }
  return out;
}

/** Sorts fragments and merges those that overlap or touch, so equal spans compare equal. */
export function normalizeFragments(pieces: readonly (readonly [number, number])[]): Fragments {
  const sorted = pieces.filter(([s, e]) => e > s).map(([s, e]) => [s, e] as [number, number]);
  sorted.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else out.push(p);
  }
  return out;
}

export function fragmentsKey(f: Fragments): string {
  return f.map(([s, e]) => `${s}-${e}`).join(';');
}

function sortFragmentsList(list: Fragments[]): Fragments[] {
  return list.sort((x, y) => (x[0]?.[0] ?? 0) - (y[0]?.[0] ?? 0) || (x[0]?.[1] ?? 0) - (y[0]?.[1] ?? 0));
}

/** Maps a code-point offset to a UTF-16 offset; undefined past the end of the text. */
function codePointToUtf16(text: string): (cp: number) => number | undefined {
  if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)) return (cp) => (cp <= text.length ? cp : undefined);
  const map: number[] = [];
  let u = 0;
  for (const ch of text) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return (cp) => map[cp];
}

function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
