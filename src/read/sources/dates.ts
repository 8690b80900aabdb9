/**
 * Publication dates of records and feed items, normalised to ISO 8601 by the same rules as page
 * metadata (`../dates.ts`: the writer's offset kept, a date stays a date, nothing depends on the
 * machine's zone), plus what records and feeds carry that pages rarely do: Unix timestamps
 * (seconds or milliseconds), fractional seconds, RFC 822 two-digit years and US zone names
 * (`EST`, `PDT`...). A value that cannot be read is dropped (undefined), never guessed.
 */

import { normaliseDate } from '../dates.js';

const US_ZONES: Record<string, string> = {
  EST: '-05:00', EDT: '-04:00', CST: '-06:00', CDT: '-05:00',
  MST: '-07:00', MDT: '-06:00', PST: '-08:00', PDT: '-07:00',
};

function fromEpoch(n: number): string | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const ms = n >= 1e11 ? n : n * 1000; // below 1e11: seconds (until the year 5138)
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

/** ISO 8601 for a date-ish value from a record or feed, or undefined. */
export function normalizeDate(value: unknown): string | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  let s = value.trim().replace(/\s+/g, ' ');
  if (s === '') return undefined;
  if (/^\d{9,13}$/.test(s)) return fromEpoch(Number(s));
  const direct = normaliseDate(s);
  if (direct) return direct;
  // 2025-10-21T13:43:00.123Z: the fraction is dropped (page dates have none either).
  s = s.replace(/^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})[.,]\d+/, '$1');
  // RFC 822 US zones and two-digit years: `Tue, 21 Oct 25 09:30:00 EST`.
  s = s.replace(/\b(EST|EDT|CST|CDT|MST|MDT|PST|PDT)$/i, (z) => US_ZONES[z.toUpperCase()]!);
  s = s.replace(/^((?:[A-Za-z]+,?\s+)?\d{1,2}\s+[A-Za-z]+\.?\s+)(\d{2})(?=\s|$)/, (_, head: string, yy: string) => {
    const y = Number(yy);
    return `${head}${y >= 50 ? 1900 + y : 2000 + y}`;
  });
  return normaliseDate(s);
}
