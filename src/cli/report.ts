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
 * The terminal report: entities, claims with speaker and stance, figures, dates, flags and what
 * was set aside, each with its line number so a reader can find it in the article.
 */
export function formatReport(a: Analysis, options: { color: boolean }): string {
  const c: Colors = pc.createColors(options.color);
  const locate = lineLocator(a.text);
  const at = (s: Span) => c.dim(`L${locate(s.start).line}`);
  const out: string[] = [];
  const entityName = new Map(a.entities.map((e) => [e.id, e.name]));

  const origin = a.meta.origin ?? a.meta.url ?? '';
  out.push(c.bold(`saksi: ${origin}`));
  const facts = [`language ${a.language}`, count(a.sentences.length, 'sentence')];
  if (a.reference) facts.push(`dated ${a.reference.date} (from ${a.reference.source})`);
  if (a.meta.title) facts.unshift(`"${clip(a.meta.title, 70)}"`);
  out.push(c.dim(facts.join(' · ')), '');

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
  for (const cl of a.claims) {
    const who = cl.speakers.map((s) => (s.entity ? `${entityName.get(s.entity)}${s.text !== entityName.get(s.entity) ? c.dim(` ("${s.text}")`) : ''}` : `"${s.text}"`)).join(' + ');
    const how = [cl.quote ? 'quote' : 'reported', cl.cue ? `cue "${cl.cue.text}"` : '', cl.target ? `about ${cl.target}` : ''].filter(Boolean).join(', ');
    out.push(`  ${c.dim(cl.id.padEnd(4))}${stanceColor(cl.stance)} ${c.bold(who)} ${c.dim(`(${how})`)} ${at(cl)}`);
    out.push(`        ${cl.quote ? '“' : ''}${clip(cl.text, 110)}${cl.quote ? '”' : ''}`);
  }
  out.push('');

  section('Figures', a.quantities.length);
  for (const q of a.quantities) out.push(`  ${clip(q.text, 40).padEnd(40)} ${c.bold(describeQuantity(q))} ${at(q)}`);
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
