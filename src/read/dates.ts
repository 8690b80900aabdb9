/**
 * Publication dates from page metadata, records and feeds, normalised to ISO 8601 without moving them in time:
 * the UTC offset written in the source is kept (a story published at 05:00 WIB on the 17th stays
 * on the 17th), a date without a time stays a date, a time without a zone stays a floating local time.
 * Deterministic: never depends on the machine's time zone (no `Date.parse`). Month names come
 * from the language packs (monthNumber).
 */
import { monthNumber } from '../lang/index.js';

const ZONES: Record<string, string> = {
  Z: 'Z',
  UTC: 'Z',
  GMT: 'Z',
  UT: 'Z',
  WIB: '+07:00',
  WITA: '+08:00',
  WIT: '+09:00',
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `+0700`, `+07`, `+07:00`, `GMT+7`, `WIB`, `Z` → `+07:00` / `Z`; undefined when not a zone. */
function zoneOf(raw: string | undefined): string | undefined | null {
  if (raw === undefined || raw === '') return undefined;
  const z = raw.trim().toUpperCase();
  if (ZONES[z]) return ZONES[z];
  const m = /^(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return null;
  const h = Number(m[2]);
  const min = Number(m[3] ?? '0');
  if (h > 14 || min > 59) return null;
  return `${m[1]}${pad(h)}:${pad(min)}`;
}

function build(
  y: number,
  mo: number,
  d: number,
  time?: { h: number; mi: number; s: number },
  zone?: string,
): string | undefined {
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  if (!time) return date;
  if (time.h > 23 || time.mi > 59 || time.s > 59) return undefined;
  return `${date}T${pad(time.h)}:${pad(time.mi)}:${pad(time.s)}${zone ?? ''}`;
}

const ZONE_RE = String.raw`(Z|UTC|GMT|UT|WIB|WITA|WIT|(?:GMT|UTC)?\s*[+-]\d{1,2}(?::?\d{2})?)`;
const TIME_RE = String.raw`(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?`;

// 2024-10-17, 2024/10/17, 2024-10-17T09:30:00.000+07:00, 2024-10-17 09:30:00 WIB
const NUMERIC = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+|,\s*)${TIME_RE}\s*${ZONE_RE}?)?$`, 'i');
// 17 Oktober 2024, Kamis, 17 Okt 2024 09:30 WIB, Thu, 17 Oct 2024 09:30:00 +0700
const DAY_MONTH = new RegExp(
  String.raw`^(?:[A-Za-z'’]+,?\s+)?(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})(?:(?:\s+|,\s*|\s*-\s*|\s+pukul\s+|\s+at\s+)${TIME_RE}\s*${ZONE_RE}?)?$`,
  'i',
);
// October 17, 2024 9:30 GMT
const MONTH_DAY = new RegExp(
  String.raw`^(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:(?:\s+|,\s*|\s+at\s+)${TIME_RE}\s*(am|pm)?\s*${ZONE_RE}?)?$`,
  'i',
);

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

/**
 * ISO 8601 form of a publication date from page metadata, a record or a feed item, or undefined
 * when it is not a date this understands (or not a real calendar date): never guessed.
 * Besides the written forms above: Unix timestamps (seconds or milliseconds, as numbers or
 * digit strings), fractional seconds, RFC 822 two-digit years and US zone names (`EST`, `PDT`...).
 * @example normalizeDate('Kamis, 17 Oktober 2024 09:30 WIB') // '2024-10-17T09:30:00+07:00'
 */
export function normalizeDate(value: unknown): string | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  let s = value.trim().replace(/\s+/g, ' ');
  if (s === '') return undefined;
  if (/^\d{9,13}$/.test(s)) return fromEpoch(Number(s));
  const direct = fromText(s);
  if (direct) return direct;
  // 2025-10-21T13:43:00.123Z: the fraction is dropped.
  s = s.replace(/^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})[.,]\d+/, '$1');
  // RFC 822 US zones and two-digit years: `Tue, 21 Oct 25 09:30:00 EST`.
  s = s.replace(/\b(EST|EDT|CST|CDT|MST|MDT|PST|PDT)$/i, (z) => US_ZONES[z.toUpperCase()]!);
  s = s.replace(/^((?:[A-Za-z]+,?\s+)?\d{1,2}\s+[A-Za-z]+\.?\s+)(\d{2})(?=\s|$)/, (_, head: string, yy: string) => {
    const y = Number(yy);
    return `${head}${y >= 50 ? 1900 + y : 2000 + y}`;
  });
  return fromText(s);
}

/** The written forms (numeric, day-month, month-day, year, year-month) of a trimmed, single-spaced string. */
function fromText(s: string): string | undefined {

  const yearMonth = /^(\d{4})(?:-(\d{2}))?$/.exec(s);
  if (yearMonth) {
    const y = Number(yearMonth[1]);
    const m = yearMonth[2] ? Number(yearMonth[2]) : undefined;
    if (y < 1000 || (m !== undefined && (m < 1 || m > 12))) return undefined;
    return s;
  }

  let m = NUMERIC.exec(s);
  if (m) return withTime(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6], undefined, m[7]);

  m = DAY_MONTH.exec(s);
  if (m) {
    const month = monthNumber(m[2]!);
    if (!month) return undefined;
    return withTime(Number(m[3]), month, Number(m[1]), m[4], m[5], m[6], undefined, m[7]);
  }

  m = MONTH_DAY.exec(s);
  if (m) {
    const month = monthNumber(m[1]!);
    if (!month) return undefined;
    return withTime(Number(m[3]), month, Number(m[2]), m[4], m[5], m[6], m[7], m[8]);
  }
  return undefined;
}

function withTime(
  y: number,
  mo: number,
  d: number,
  h: string | undefined,
  mi: string | undefined,
  sec: string | undefined,
  ampm: string | undefined,
  zoneRaw: string | undefined,
): string | undefined {
  if (h === undefined || mi === undefined) return build(y, mo, d);
  let hour = Number(h);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  }
  const zone = zoneOf(zoneRaw);
  if (zone === null) return undefined;
  return build(y, mo, d, { h: hour, mi: Number(mi), s: Number(sec ?? '0') }, zone);
}
