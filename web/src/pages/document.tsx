import type { JSX } from 'preact';
import { get, type DocumentResponse } from '../api';
import { Reader } from '../reader';
import { href } from '../router';
import { day, Loading, useLoad } from '../util';

/** `at`: `start-end`, a span to mark and scroll to (a claim opened from a story). */
export function DocumentPage({ id, at }: { id: number; at?: string | undefined }): JSX.Element {
  const m = at ? /^(\d+)-(\d+)$/.exec(at) : null;
  const target = m ? { start: Number(m[1]), end: Number(m[2]) } : undefined;
  const load = useLoad(() => get<DocumentResponse>(`/api/documents/${id}`), [id]);
  return (
    <Loading load={load}>
      {({ document: d, analysis, entities }) => {
        const copyOf = typeof d.copyOf === 'object' ? d.copyOf : undefined;
        return (
          <div>
            <h1>{d.title || analysis?.meta.title || `Document ${d.id}`}</h1>
            <p class="muted">
              {[d.source, day(d.published), d.language, d.author].filter(Boolean).join(' · ')}
              {d.url ? (
                <>
                  {' · '}
                  <a href={d.url} rel="noopener noreferrer nofollow">
                    original
                  </a>
                </>
              ) : null}
              {copyOf ? (
                <>
                  {' · '}near-copy of <a href={href(`/doc/${copyOf.id}`)}>#{copyOf.id}</a> ({Math.round(copyOf.similarity * 100)}% alike)
                </>
              ) : null}
              {d.copies && d.copies.length > 0 ? <> · copies: {d.copies.map((c) => <a key={c} href={href(`/doc/${c}`)}>#{c} </a>)}</> : null}
            </p>
            {analysis ? <Reader analysis={analysis} links={entities} {...(target ? { target } : {})} /> : <p class="error">This document has no stored analysis.</p>}
          </div>
        );
      }}
    </Loading>
  );
}
