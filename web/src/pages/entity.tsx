import type { JSX } from 'preact';
import { get, type ClaimRecord, type EntityDetail, type EntitySummary } from '../api';
import { MonthChart } from '../chart';
import { href, navigate } from '../router';
import { day, Loading, plural, StanceTag, useLoad } from '../util';

function Claims({ claims, empty }: { claims: ClaimRecord[]; empty: string }): JSX.Element {
  if (claims.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ol class="claims">
      {claims.map((c) => (
        <li key={`${c.documentId}:${c.claimId}`}>
          <StanceTag stance={c.stance} /> <strong>{c.speakerText.join(', ') || '(no speaker)'}</strong>
          {c.cue ? <span class="muted"> “{c.cue}”</span> : null}: {c.text.length > 200 ? `${c.text.slice(0, 200)}…` : c.text}
          <div class="muted small">
            <a href={href(`/doc/${c.documentId}`)}>{c.title ?? `document ${c.documentId}`}</a> {[c.source, day(c.published)].filter(Boolean).join(' · ')}
          </div>
        </li>
      ))}
    </ol>
  );
}

export function EntityPage({ id }: { id: number }): JSX.Element {
  const load = useLoad(() => get<EntityDetail>(`/api/entities/${id}`, { claims: 100 }), [id]);
  return (
    <Loading load={load}>
      {(e) => (
        <div>
          <h1>{e.name}</h1>
          <p class="muted">
            {e.type}
            {e.kb ? ` · ${e.kb}` : ''} · {plural(e.mentions, 'mention')} in {plural(e.documents, 'document')}
          </p>
          <div class="columns">
            <section>
              <h2>Names and variants</h2>
              <ul class="chips">
                {e.aliases.filter((a) => a.count > 0).map((a) => (
                  <li key={a.alias}>
                    {a.alias} <span class="muted small">×{a.count}</span>
                  </li>
                ))}
              </ul>
              {e.roles.length > 0 ? (
                <>
                  <h3>Roles</h3>
                  <ul class="chips">
                    {e.roles.map((r) => (
                      <li key={r.role}>{r.role}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              <h3>By source</h3>
              <table>
                <thead>
                  <tr>
                    <th>source</th>
                    <th>mentions</th>
                    <th>documents</th>
                  </tr>
                </thead>
                <tbody>
                  {e.bySource.map((s) => (
                    <tr key={s.source}>
                      <td>{s.source}</td>
                      <td>{s.mentions}</td>
                      <td>{s.documents}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section>
              <MonthChart rows={e.byMonth} label="Mentions by month" />
            </section>
          </div>
          <h2>Claims by {e.name}</h2>
          <Claims claims={e.claimsBy} empty="No claims attributed to it." />
          <h2>Claims about {e.name}</h2>
          <Claims claims={e.claimsAbout} empty="No claims mention it." />
          <details>
            <summary>Why these mentions were merged ({e.evidence.length})</summary>
            <ul>
              {e.evidence.map((v, i) => (
                <li key={i}>
                  <code>{v.method}</code> “{v.surface}”: {v.detail} ×{v.count} (first in <a href={href(`/doc/${v.documentId}`)}>#{v.documentId}</a>)
                </li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </Loading>
  );
}

const TYPES = ['', 'PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'MISC'];

export function EntitiesPage({ params }: { params: URLSearchParams }): JSX.Element {
  const type = params.get('type') ?? '';
  const q = params.get('q') ?? '';
  const load = useLoad(() => get<{ items: EntitySummary[] }>('/api/entities', { type, q, limit: 100 }), [type, q]);
  return (
    <div>
      <h1>Entities</h1>
      <form
        class="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          navigate(href('/entities', { q: String(f.get('q') ?? '').trim(), type: String(f.get('type') ?? '') }));
        }}
      >
        <input name="q" type="search" defaultValue={q} placeholder="a name" aria-label="Name" key={`q${q}`} />
        <select name="type" defaultValue={type} aria-label="Type" key={`t${type}`}>
          {TYPES.map((t) => (
            <option value={t} key={t}>
              {t || 'any type'}
            </option>
          ))}
        </select>
        <button type="submit">Find</button>
      </form>
      <Loading load={load}>
        {(v) =>
          v.items.length === 0 ? (
            <p class="muted">No entities.</p>
          ) : (
            <table class="entity-table">
              <thead>
                <tr>
                  <th>name</th>
                  <th>type</th>
                  <th>mentions</th>
                  <th>documents</th>
                </tr>
              </thead>
              <tbody>
                {v.items.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <a href={href(`/entity/${e.id}`)}>{e.name}</a>
                    </td>
                    <td>{e.type}</td>
                    <td>{e.mentions}</td>
                    <td>{e.documents}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loading>
    </div>
  );
}
