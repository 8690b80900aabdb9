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
