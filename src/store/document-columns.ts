/**
 * The `documents` row as both stores write it: the same columns, in the same order, computed once
 * here (the day a document was published, its MinHash signature as bytes, its analysis JSON without
 * the text, which the row already holds).
 */
import type { NewDocument } from './store.js';

/** The YYYY-MM-DD day of an ISO date or date-time as written (its own time zone), else undefined. */
export function publishedDay(published: string | undefined): string | undefined {
  if (!published) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(published.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
}

/** Signatures are stored as little-endian uint32s, whatever the machine. */
export function toSignature(blob: unknown): Uint32Array | undefined {
  if (!(blob instanceof Uint8Array)) return undefined;
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out = new Uint32Array(Math.floor(blob.byteLength / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

export function fromSignature(sig: Uint32Array | undefined): Buffer | null {
  if (!sig) return null;
  const buf = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) buf.writeUInt32LE(sig[i]!, i * 4);
  return buf;
}

/**
 * The values of a document's row, in the order of the stores' INSERT: source_key, content_hash,
 * title, url, source, author, published, published_date, language, origin, format, text,
 * analysis, signature, ingested_at.
 */
export function documentColumnValues(doc: NewDocument): unknown[] {
  let analysis: string | null = doc.analysisJson ?? null;
  if (analysis === null && doc.analysis) {
    // The text is stored once, in `documents.text`; the analysis JSON carries everything else.
    const { text: _text, ...rest } = doc.analysis;
    analysis = JSON.stringify(rest);
  }
  return [
    doc.sourceKey,
    doc.contentHash,
    doc.title ?? null,
    doc.url ?? null,
    doc.source ?? null,
    doc.author ?? null,
    doc.published ?? null,
    publishedDay(doc.published) ?? null,
    doc.language ?? null,
    doc.origin ?? null,
    doc.format ?? null,
    doc.text,
    analysis,
    fromSignature(doc.signature),
    new Date().toISOString(),
  ];
}
