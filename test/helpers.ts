import type { Analysis, Claim, Entity, Span } from '../src/types.js';

/** The entity with a mention covering the first occurrence of `needle` in the text. */
export function entityAt(a: Analysis, needle: string, nth = 0): Entity | undefined {
  const i = nthIndex(a.text, needle, nth);
  return a.entities.find((e) => e.mentions.some((m) => m.start <= i && m.end > i));
}

export function claimsAt(a: Analysis, needle: string): Claim[] {
  const i = nthIndex(a.text, needle, 0);
  return a.claims.filter((c) => c.start <= i && c.end > i);
}

export function nthIndex(text: string, needle: string, nth: number): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`test text lacks "${needle}" (#${nth})`);
  }
  return i;
}

/** Every span anywhere in an analysis, with where it sits, for the span invariant. */
export function allSpans(a: Analysis): [string, Span][] {
  const out: [string, Span][] = [];
  for (const r of a.removed) out.push(['removed', r]);
  for (const s of a.sentences) out.push(['sentence', s]);
  for (const e of a.entities) for (const m of e.mentions) out.push([`entity ${e.name}`, m]);
  for (const c of a.claims) {
    out.push(['claim', c]);
    if (c.cue) out.push(['cue', c.cue]);
    for (const s of c.speakers) out.push(['speaker', s]);
  }
  for (const q of a.quantities) out.push(['quantity', q]);
  for (const d of a.dates) {
    out.push(['date', d]);
    if (d.weekday) out.push(['weekday', d.weekday]);
  }
  for (const f of a.flags) for (const s of f.spans) out.push([`flag ${f.code}`, s]);
  return out;
}

export function badSpans(a: Analysis): [string, Span][] {
  return allSpans(a).filter(([, s]) => !(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start <= s.end && a.text.slice(s.start, s.end) === s.text));
}
