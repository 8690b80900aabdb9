// The API client: JSON in, JSON out; errors as `ApiError` with the server's code and message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'the server cannot be reached');
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!res.ok) {
    const retry = res.headers.get('retry-after');
    throw new ApiError(res.status, body?.error?.code ?? 'error', `${body?.error?.message ?? `HTTP ${res.status}`}${retry ? ` (retry in ${retry} s)` : ''}`);
  }
  return body as T;
}

export const get = <T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return call<T>(s ? `${path}?${s}` : path);
};

export const post = <T>(path: string, body: unknown): Promise<T> =>
  call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

// The analysis contract (docs/analysis-contract.md), as much as the UI reads.
export interface Span {
  start: number;
  end: number;
  text: string;
}
export interface Mention extends Span {
  rule: string;
  link?: string;
}
export interface Entity {
  id: string;
  type: string;
  name: string;
  mentions: Mention[];
  aliases: string[];
  kb?: string;
  roles?: string[];
  evidence?: string[];
}
export interface Speaker extends Span {
  entity?: string;
}
export type Stance = 'assert' | 'deny' | 'doubt';
export interface Claim extends Span {
  id: string;
  rule: string;
  quote: boolean;
  stance: Stance;
  cue?: Span;
  speakers: Speaker[];
  target?: string;
  entities: string[];
}
/** A belief, feeling, intention or request attributed to someone: not a claim (nothing in it is true or false). */
export interface Attitude extends Span {
  id: string;
  rule: string;
  act: 'belief' | 'feeling' | 'intention' | 'request';
  quote: boolean;
  cue: Span;
  speakers: Speaker[];
  entities: string[];
}
export interface Quantity extends Span {
  rule: string;
  value?: number;
  low?: number;
  high?: number;
  approximate?: boolean;
  unit?: string;
  kind: string;
  currency?: string;
}
export interface DateMention extends Span {
  rule: string;
  value: string;
  relative: boolean;
  weekday?: Span & { day: number };
}
export interface Flag {
  code: string;
  message: string;
  spans: Span[];
}
export interface Removed extends Span {
  reason: string;
}
export interface Analysis {
  language: string;
  text: string;
  removed: Removed[];
  entities: Entity[];
  claims: Claim[];
  /** Absent in analyses stored before attitudes were extracted. */
  attitudes?: Attitude[];
  quantities: Quantity[];
  dates: DateMention[];
  flags: Flag[];
  meta: { title?: string; published?: string; url?: string; source?: string; byline?: string };
  reference?: { date: string; source: string };
  diagnostics: { code: string; message: string; severity: string }[];
}
export interface DocumentMeta {
  id: number;
  title?: string;
  url?: string;
  source?: string;
  author?: string;
  published?: string;
  language?: string;
  origin?: string;
  ingestedAt: string;
  length: number;
  copyOf?: number | { id: number; similarity: number };
  copies?: number[];
}
export interface EntityLink {
  docEntity: string;
  entity: number;
  name: string;
  evidence: { method: string; detail: string; score?: number }[];
}
export interface DocumentResponse {
  document: DocumentMeta;
  analysis: Analysis | null;
  entities: EntityLink[];
}
export interface SearchResult {
  id: number;
  title?: string;
  source?: string;
  published?: string;
  language?: string;
  snippet: string;
  matches: { start: number; end: number }[];
  titleMatches?: { start: number; end: number }[];
  copyOf?: number;
}
export interface EntitySummary {
  id: number;
  type: string;
  name: string;
  kb?: string;
  mentions: number;
  documents: number;
}
export interface ClaimRecord {
  documentId: number;
  claimId: string;
  text: string;
  stance: Stance;
  quote: boolean;
  cue?: string;
  speakerText: string[];
  speakers: number[];
  about: number[];
  published?: string;
  source?: string;
  title?: string;
}
export interface EntityDetail extends EntitySummary {
  aliases: { alias: string; count: number }[];
  roles: { role: string; count: number }[];
  bySource: { source: string; mentions: number; documents: number }[];
  byMonth: { month: string; mentions: number; documents: number }[];
  claimsBy: ClaimRecord[];
  claimsAbout: ClaimRecord[];
  evidence: { method: string; detail: string; count: number; documentId: number; surface: string; score?: number }[];
}

// Stories (src/corpus/stories/detail.ts), as much as the UI reads.
export interface StoryListItem {
  id: string;
  title: string;
  firstSeen?: string;
  lastSeen?: string;
  documents: number;
  outlets: number;
  languages: string[];
  entities: number[];
  summary: { entities: { key: string; name: string; documents: number }[]; concepts: { concept: string; documents: number }[] };
}
export interface StoryFigure {
  text: string;
  value?: number;
  low?: number;
  high?: number;
  unit?: string;
}
export interface TimelineEntry {
  date?: string;
  document: number;
  claim: string;
  outlet?: string;
  language: string;
  speaker: string;
  speakerEntity?: number;
  stance: Stance;
  position: Stance;
  proposition: string;
  quote: boolean;
  text: string;
  figures: StoryFigure[];
  link: { document: number; start: number; end: number };
}
export interface StanceRow {
  speaker: string;
  entity?: number;
  current: Stance;
  history: { date?: string; position: Stance; document: number; claim: string }[];
  changes: { date?: string; from: Stance; to: Stance; document: number }[];
}
export interface FigureSeries {
  key: string;
  concept: string;
  kind: string;
  currency?: string;
  units: string[];
  values: (StoryFigure & { date?: string; outlet?: string; speaker?: string; document: number; start: number; end: number })[];
  min: number;
  max: number;
  latest: number;
}
export interface StoryDetail {
  id: string;
  title: string;
  firstSeen?: string;
  lastSeen?: string;
  languages: string[];
  entities: { key: string; name: string; documents: number }[];
  documents: { id: number; key: string; title?: string; outlet?: string; published?: string; language?: string; url?: string; copyOf?: number; duplicateKeys: string[] }[];
  timeline: TimelineEntry[];
  propositions: { id: string; label: string; claims: number; stances: StanceRow[] }[];
  figures: FigureSeries[];
  spread: { outlets: { outlet: string; documents: number; copies: number }[]; independent: number; copies: { document: number; of: number }[]; exactDuplicates: number };
  evidence: { a: number; b: number; score: number; entities: string[]; props: string[]; concepts: string[]; numbers: string[]; days?: number; words?: number; sharedWords?: string[] }[];
}

/** Server-sent store changes (GET /api/events): calls `on` for each; returns a function that stops listening. */
export function onServerEvents(on: (type: string, data: { story?: string; stories?: string[] }) => void): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  const source = new EventSource('/api/events');
  const types = ['stored', 'claim', 'stance-change'];
  const handlers = types.map((t) => {
    const h = (e: MessageEvent<string>): void => {
      try {
        on(t, JSON.parse(e.data) as { story?: string; stories?: string[] });
      } catch {
        // not JSON: ignore
      }
    };
    source.addEventListener(t, h as EventListener);
    return h;
  });
  return () => {
    types.forEach((t, i) => source.removeEventListener(t, handlers[i] as EventListener));
    source.close();
  };
}
