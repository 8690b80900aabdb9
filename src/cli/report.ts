import pc from 'picocolors';
import type { Analysis, Claim, Diagnostic, Quantity, Span } from '../types.js';

type Colors = ReturnType<typeof pc.createColors>;

/** `1 sentence`, `2 sentences`, `1,024 entities`: a count with its noun in the right number. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** `singular` or `plural` for a count, when the number itself is formatted elsewhere. */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural;
}

/** `file:line:col: severity code: message`, the way compilers print, so editors can jump to it. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file ?? 'saksi', d.line, d.column].filter((x) => x !== undefined).join(':');
  return `${where}: ${d.severity} ${d.code}: ${d.message}`;
}

/** Maps offsets to 1-based line and column, for display only; built once per text. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function describeQuantity(q: Quantity): string {
  const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
  const value =
    q.low !== undefined && q.high !== undefined
      ? `${n(q.low)}–${n(q.high)}`
      : q.low !== undefined
        ? `>${n(q.low)}`
        : q.high !== undefined
          ? `<${n(q.high)}`
          : q.value !== undefined
            ? n(q.value)
            : '?';
  const parts = [q.approximate && q.value !== undefined ? `~${value}` : value];
  if (q.currency) parts.push(q.currency);
  if (q.kind === 'percent') parts.push('%');
  if (q.unit) parts.push(q.unit);
  return parts.join(' ');
}

/**
 * The terminal report: entities, claims with speaker and stance, the beliefs, feelings, intentions
 * and requests apart from them, figures, dates, flags and what was set aside, each with its line number so a reader can find it in the article.
 */
export function formatReport(a: Analysis, options: { color: boolean }): string {
  const c: Colors = pc.createColors(options.color);
  const locate = lineLocator(a.text);
  const at = (s: Span) => c.dim(`L${locate(s.start).line}`);
  const out: string[] = [];

  const origin = a.meta.origin ?? a.meta.url ?? '';
  const heading = a.meta.title ? a.meta.title.replace(/\s+/g, ' ') : origin;
  out.push(c.bold(heading ? `saksi: ${heading}` : 'saksi'));
  const source = [a.meta.source ? `outlet ${a.meta.source}` : '', a.meta.url ? `URL ${a.meta.url}` : origin && a.meta.title ? `from ${origin}` : '']
    .filter(Boolean)
    .join(' · ');
  if (source) out.push(source);
  const dateFrom = { option: 'given with --date', meta: "from the page's metadata", dateline: 'from the dateline', guess: 'a guess: the first date in the text, not a dateline' } as const;
  out.push(
    a.reference
      ? `dated ${a.reference.date} (${dateFrom[a.reference.source]})`
      : a.meta.published
        ? `published ${a.meta.published}`
        : c.yellow('no date found: relative dates are not resolved'),
  );
  out.push(c.dim(`language ${a.language} · ${count(a.sentences.length, 'sentence')}`), '');

  const section = (title: string, count: number) => out.push(c.bold(c.cyan(`${title} (${count})`)));

  section('Entities', a.entities.length);
  for (const e of [...a.entities].sort((x, y) => y.mentions.length - x.mentions.length)) {
    const others = e.aliases.filter((x) => x !== e.name);
    const extra = [others.length ? `as ${others.join(', ')}` : '', e.kb ? c.dim(`kb ${e.kb}`) : ''].filter(Boolean).join('  ');
    out.push(`  ${c.yellow(e.type.padEnd(6))} ${c.bold(e.name)} ×${e.mentions.length}${extra ? `  ${extra}` : ''}`);
  }
  out.push('');

  section('Claims', a.claims.length);
  const stanceColor = (s: Claim['stance']) => (s === 'deny' ? c.red : s === 'doubt' ? c.magenta : c.green)(s.toUpperCase().padEnd(6));
  for (const group of claimsBySpeaker(a)) {
    out.push(`  ${c.bold(group.name)} ${c.dim(`(${group.claims.length} claim${group.claims.length === 1 ? '' : 's'})`)}`);
    for (const how of group.resolved) out.push(`    ${c.dim(how)}`);
    for (const cl of group.claims) {
      const how = [cl.quote ? 'quote' : 'reported', cl.cue ? `cue "${cl.cue.text}"` : '', cl.target ? `about ${cl.target}` : '', cl.quantities.length ? `${cl.quantities.length} figure${cl.quantities.length === 1 ? '' : 's'}` : '']
        .filter(Boolean)
        .join(', ');
      out.push(`    ${c.dim(cl.id.padEnd(4))}${stanceColor(cl.stance)} ${c.dim(`(${how})`)} ${at(cl)}`);
      const body = `${cl.quote ? '“' : ''}${cl.text.replace(/\s+/g, ' ')}${cl.quote ? '”' : ''}`;
      for (const line of wrap(body, WRAP_WIDTH)) out.push(`          ${line}`);
    }
  }
  out.push('');

  // Beliefs, feelings, intentions and requests: attributed, but no claims (nothing in them is true or false as said).
  const attitudes = a.attitudes ?? [];
  section('Beliefs, feelings, intentions, requests', attitudes.length);
  for (const t of attitudes) {
    out.push(`  ${c.dim(t.id.padEnd(4))}${c.blue(t.act.toUpperCase().padEnd(9))} ${c.bold(speakerName(a, t))} ${c.dim(`(${t.quote ? 'quote' : 'reported'}, cue "${t.cue.text}")`)} ${at(t)}`);
    const body = `${t.quote ? '“' : ''}${t.text.replace(/\s+/g, ' ')}${t.quote ? '”' : ''}`;
    for (const line of wrap(body, WRAP_WIDTH)) out.push(`          ${line}`);
  }
  out.push('');

  section('Figures', a.quantities.length);
  const givenBy = figureSpeakers(a);
  for (const [i, q] of a.quantities.entries()) {
    out.push(`  ${clip(q.text, 40).padEnd(40)} ${c.bold(describeQuantity(q))} ${c.dim(givenBy.get(i) ? `given by ${givenBy.get(i)}` : 'in the narration')} ${at(q)}`);
  }
  out.push('');

  section('Dates', a.dates.length);
  for (const d of a.dates) out.push(`  ${clip(d.text, 40).padEnd(40)} ${c.bold(d.value)}${d.relative ? c.dim(' (relative)') : ''} ${at(d)}`);
  out.push('');

  section('Flags', a.flags.length);
  for (const f of a.flags) out.push(`  ${c.yellow('!')} ${c.bold(f.code)}: ${f.message} ${f.spans[0] ? at(f.spans[0]) : ''}`);
  out.push('');

  section('Set aside', a.removed.length);
  for (const r of a.removed) out.push(`  ${c.dim(r.reason.padEnd(16))} ${clip(r.text, 90)} ${at(r)}`);
  out.push('');
  return out.join('\n');
}

/** Width of wrapped claim text. */
const WRAP_WIDTH = 96;

/** Splits text into lines of at most `width` characters at spaces (a longer word gets its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Who speaks a claim, as one name: resolved entities by name, others by their words. */
function speakerName(a: Analysis, cl: Pick<Claim, 'speakers'>): string {
  if (cl.speakers.length === 0) return 'no speaker found';
  return cl.speakers.map((s) => (s.entity ? (a.entities.find((e) => e.id === s.entity)?.name ?? s.text) : s.text.replace(/\s+/g, ' '))).join(' + ');
}

/** The key claims are grouped by: entity ids, else the folded words ("pejabat itu" and "Pejabat itu" are one). */
function speakerKey(cl: Claim): string {
  return cl.speakers.map((s) => s.entity ?? `text:${s.text.toLowerCase().replace(/\s+/g, ' ')}`).join('+') || 'none';
}

export interface SpeakerGroup {
  readonly name: string;
  readonly claims: Claim[];
  /** How speakers not written in full were resolved: '"dia" → Zelensky (pronoun)'. */
  readonly resolved: string[];
}

/**
 * Claims grouped by speaker. Groups with a denial come first, then those with figures, then the
 * most claims; within a group, denials, then claims with figures, then reading order.
 */
export function claimsBySpeaker(a: Analysis): SpeakerGroup[] {
  const groups = new Map<string, { name: string; claims: Claim[]; resolved: Set<string> }>();
  for (const cl of a.claims) {
    const key = speakerKey(cl);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { name: speakerName(a, cl), claims: [], resolved: new Set() }));
    g.claims.push(cl);
    for (const s of cl.speakers) {
      if (!s.entity) continue;
      const e = a.entities.find((x) => x.id === s.entity);
      if (!e || s.text === e.name) continue;
      if (s.kind === 'pronoun') g.resolved.add(`"${s.text.replace(/\s+/g, ' ')}" → ${e.name} (pronoun: the person who spoke or was named last)`);
      else {
        const why = e.evidence?.find((x) => x.includes(s.text));
        g.resolved.add(`"${s.text}" → ${e.name}${why ? ` (${why})` : ' (another mention of the same entity)'}`);
      }
    }
  }
  const rank = (cl: Claim) => (cl.stance === 'deny' ? 0 : cl.quantities.length > 0 ? 1 : 2);
  const out = [...groups.values()].map((g) => ({
    name: g.name,
    claims: [...g.claims].sort((x, y) => rank(x) - rank(y) || x.start - y.start),
    resolved: [...g.resolved],
  }));
  const groupRank = (g: SpeakerGroup) => Math.min(...g.claims.map(rank));
  return out.sort((x, y) => groupRank(x) - groupRank(y) || y.claims.length - x.claims.length || x.claims[0]!.start - y.claims[0]!.start);
}

/** For each figure inside a claim, who gave it. */
function figureSpeakers(a: Analysis): Map<number, string> {
  const out = new Map<number, string>();
  for (const cl of a.claims) for (const q of cl.quantities) if (!out.has(q)) out.set(q, speakerName(a, cl));
  return out;
}
