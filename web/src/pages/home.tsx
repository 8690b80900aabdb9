import type { JSX } from 'preact';
import { get, type DocumentMeta, type EntitySummary } from '../api';
import { href } from '../router';
import { day, Loading, plural, useLoad } from '../util';

export function DocumentList({ items }: { items: DocumentMeta[] }): JSX.Element {
  return (
    <ul class="doc-list">
      {items.map((d) => (
        <li key={d.id}>
          <a href={href(`/doc/${d.id}`)}>{d.title || d.origin || `Document ${d.id}`}</a>
          <div class="muted small">{[d.source, day(d.published), d.language, `#${d.id}`].filter(Boolean).join(' · ')}</div>
        </li>
      ))}
    </ul>
  );
}

const PAGE = 20;

export function HomePage({ offset = 0 }: { offset?: number }): JSX.Element {
  const docs = useLoad(() => get<{ total: number; items: DocumentMeta[] }>('/api/documents', { limit: PAGE, offset }), [offset]);
  const ents = useLoad(() => get<{ items: EntitySummary[] }>('/api/entities', { limit: 15 }), []);
  return (
    <div class="home">
      <section>
        <h1>Read news like a fact-checker</h1>
        <p>
          <a class="button" href={href('/analyze')}>
            Analyse an article
          </a>{' '}
          paste a text or a page, drop a file, or give a URL: who said what, when, with which numbers, and who denied it.
        </p>
        <form
          class="inline-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            const q = new FormData(e.currentTarget).get('q');
            location.hash = href('/search', { q: String(q ?? '') });
          }}
        >
          <input name="q" type="search" placeholder="Search stored articles" aria-label="Search stored articles" />
          <button type="submit">Search</button>
        </form>
      </section>
      <div class="columns">
        <section>
          <h2>Latest documents</h2>
          <Loading load={docs}>
            {(v) =>
              v.total === 0 ? (
                <p class="muted">The store is empty: run saksi ingest, or POST /api/documents.</p>
              ) : (
                <>
                  <p class="muted small">
                    {offset + 1}–{offset + v.items.length} of {v.total} in the store
                  </p>
                  <DocumentList items={v.items} />
                  <nav class="pager">
                    {offset > 0 ? <a href={href('/', { offset: Math.max(0, offset - PAGE) })}>← newer</a> : null}
                    {offset + PAGE < v.total ? <a href={href('/', { offset: offset + PAGE })}>older →</a> : null}
                  </nav>
                </>
              )
            }
          </Loading>
        </section>
        <section>
          <h2>Most mentioned</h2>
          <Loading load={ents}>
            {(v) => (
              <ul class="entity-list">
                {v.items.map((e) => (
                  <li key={e.id}>
                    <a href={href(`/entity/${e.id}`)}>{e.name}</a> <span class="muted small">{e.type} · {plural(e.mentions, 'mention')} in {plural(e.documents, 'document')}</span>
                  </li>
                ))}
              </ul>
            )}
          </Loading>
        </section>
      </div>
    </div>
  );
}
