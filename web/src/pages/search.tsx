import type { JSX } from 'preact';
import { get, type SearchResult } from '../api';
import { href, navigate } from '../router';
import { day, Loading, Marked, useLoad } from '../util';

const FIELDS = ['q', 'lang', 'source', 'since', 'until'] as const;
const PAGE = 20;

export function SearchPage({ params }: { params: URLSearchParams }): JSX.Element {
  const q = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FIELDS)[number], string>;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const key = params.toString();
  const load = useLoad(
    () => (q.q.trim() === '' ? Promise.resolve(undefined) : get<{ results: SearchResult[]; more: boolean }>('/api/search', { ...q, limit: PAGE, offset })),
    [key],
  );
  const go = (extra: Record<string, string | number | undefined>): void => navigate(href('/search', { ...q, ...extra }));
  return (
    <div>
      <h1>Search</h1>
      <form
        class="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          navigate(href('/search', Object.fromEntries(FIELDS.map((k) => [k, String(f.get(k) ?? '').trim()]))));
        }}
      >
        <input name="q" type="search" defaultValue={q.q} placeholder='words, "a phrase", OR, NOT, prefix*' aria-label="Query" key={`q${key}`} />
        <label>
          language{' '}
          <select name="lang" defaultValue={q.lang} key={`l${key}`}>
            <option value="">any</option>
            <option value="id">Indonesian</option>
            <option value="en">English</option>
          </select>
        </label>
        <label>
          source <input name="source" defaultValue={q.source} size={12} key={`s${key}`} />
        </label>
        <label>
          since <input name="since" defaultValue={q.since} placeholder="YYYY-MM-DD" size={10} key={`a${key}`} />
        </label>
        <label>
          until <input name="until" defaultValue={q.until} placeholder="YYYY-MM-DD" size={10} key={`b${key}`} />
        </label>
        <button type="submit">Search</button>
      </form>
      <Loading load={load}>
        {(v) =>
          v === undefined ? (
            <p class="muted">Type words to look for in the stored articles.</p>
          ) : v.results.length === 0 ? (
            <p class="muted">No articles match.</p>
          ) : (
            <>
              <ol class="results" start={offset + 1}>
                {v.results.map((r) => (
                  <li key={r.id}>
                    <a href={href(`/doc/${r.id}`)} class="result-title">
                      {r.title ? <Marked text={r.title} matches={r.titleMatches ?? []} /> : `Document ${r.id}`}
                    </a>
                    <div class="muted small">{[r.source, day(r.published), r.language, r.copyOf ? `copy of #${r.copyOf}` : ''].filter(Boolean).join(' · ')}</div>
                    <p class="snippet">
                      <Marked text={r.snippet} matches={r.matches} />
                    </p>
                  </li>
                ))}
              </ol>
              <nav class="pager">
                {offset > 0 ? <button type="button" onClick={() => go({ offset: Math.max(0, offset - PAGE) })}>← previous</button> : null}
                {v.more ? <button type="button" onClick={() => go({ offset: offset + PAGE })}>next →</button> : null}
              </nav>
            </>
          )
        }
      </Loading>
    </div>
  );
}
