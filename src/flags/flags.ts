import { weekdayMismatches } from '../extract/dates.js';
import type { ClaimResult } from '../extract/claims.js';
import { foldName } from '../kb/index.js';
import type { DateMention, Entity, Flag, Quantity, Span } from '../types.js';

export interface FlagInput {
  readonly entities: readonly Entity[];
  readonly dates: readonly DateMention[];
  readonly quantities: readonly Quantity[];
  readonly claims: ClaimResult;
}

/**
 * What a careful reader should look at twice: one person written several ways, a weekday that
 * does not fit its date, quotations with no speaker, and figures for the same thing that differ.
 */
export function computeFlags(input: FlagInput): Flag[] {
  return [...nameVariants(input.entities), ...weekdayMismatch(input), ...unattributedQuotes(input.claims), ...differingFigures(input.quantities)];
}

function surnameOf(mention: string): string {
  return foldName(mention).split(/\s+/).at(-1) ?? '';
}

function nameVariants(entities: readonly Entity[]): Flag[] {
  const flags: Flag[] = [];
  for (const e of entities) {
    if (e.type !== 'PERSON') continue;
    const bySpelling = new Map<string, Span[]>();
    for (const m of e.mentions) {
      const key = surnameOf(m.text);
      const spans = bySpelling.get(key);
      const span = { start: m.start, end: m.end, text: m.text };
      if (spans) spans.push(span);
      else bySpelling.set(key, [span]);
    }
    if (bySpelling.size < 2) continue;
    const forms = [...bySpelling.values()].map((spans) => spans[0]!.text);
    flags.push({
      code: 'name-variants',
      message: `${e.name} is written ${bySpelling.size} ways: ${forms.join(', ')}`,
      spans: [...bySpelling.values()].flat().sort((a, b) => a.start - b.start),
    });
  }
  return flags;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function weekdayMismatch(input: FlagInput): Flag[] {
  return weekdayMismatches(input.dates).map(({ date, expected }) => {
    const written = date.weekday!;
    return {
      code: 'weekday-mismatch',
      message: `"${written.text}" does not fit ${date.value}, which was a ${WEEKDAYS[expected]}`,
      spans: [{ start: written.start, end: written.end, text: written.text }, { start: date.start, end: date.end, text: date.text }].sort((a, b) => a.start - b.start),
    };
  });
}

function unattributedQuotes(claims: ClaimResult): Flag[] {
  return claims.unattributedQuotes.map((q) => ({
    code: 'unattributed-quote',
    message: `a quotation with no speaker: "${q.text.length > 60 ? `${q.text.slice(0, 57)}...` : q.text}"`,
    spans: [q],
  }));
}

function describe(q: Quantity): string {
  if (q.low !== undefined || q.high !== undefined) return `${q.low ?? '?'}–${q.high ?? '?'}`;
  return String(q.value);
}

/** The same counted thing given with different figures: worth checking which source said which. */
function differingFigures(quantities: readonly Quantity[]): Flag[] {
  const byUnit = new Map<string, Quantity[]>();
  for (const q of quantities) {
    if (!q.unit || q.kind !== 'count' || q.approximate) continue;
    const key = q.unit.toLowerCase();
    const list = byUnit.get(key);
    if (list) list.push(q);
    else byUnit.set(key, [q]);
  }
  const flags: Flag[] = [];
  for (const [unit, qs] of byUnit) {
    const values = new Set(qs.map(describe));
    if (values.size < 2) continue;
    flags.push({
      code: 'figures-differ',
      message: `"${unit}" is counted ${values.size} ways: ${[...values].join(', ')}`,
      spans: qs.map((q) => ({ start: q.start, end: q.end, text: q.text })),
    });
  }
  return flags;
}
