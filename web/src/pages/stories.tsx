import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { get, onServerEvents, type StoryDetail, type StoryListItem } from '../api';
import { claimHref, FigureChart, outletMarks, TimelineChart } from '../story-charts';
import { href, navigate } from '../router';
import { day, Loading, plural, StanceTag, useLoad } from '../util';

/** A counter that goes up when the server says something this page shows has changed. */
function useLiveVersion(matches: (type: string, data: { story?: string; stories?: string[] }) => boolean): [number, string | undefined] {
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState<string | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const test = useRef(matches);
  test.current = matches;
  useEffect(() => {
    const stop = onServerEvents((type, data) => {
      if (!test.current(type, data)) return;
      // Claims of one ingest come in a burst: reload once after it.
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        setVersion((v) => v + 1);
        setNote(`updated ${new Date().toLocaleTimeString()}`);
      }, 400);
    });
    return () => {
      clearTimeout(timer.current);
      stop();
    };
  }, []);
  return [version, note];
}

/** Keeps showing the last value while a newer one loads (no flicker on live updates). */
function useSticky<T>(load: ReturnType<typeof useLoad<T>>): ReturnType<typeof useLoad<T>> {
  const last = useRef(load);
  if (load.state !== 'loading') last.current = load;
  return load.state === 'loading' && last.current.state === 'ok' ? last.current : load;
}

const PAGE = 20;

export function StoriesPage({ params }: { params: URLSearchParams }): JSX.Element {
  const entity = params.get('entity') ?? '';
  const lang = params.get('lang') ?? '';
  const since = params.get('since') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [version, note] = useLiveVersion((type) => type === 'stored');
  const load = useSticky(useLoad(() => get<{ more: boolean; items: StoryListItem[] }>('/api/stories', { entity, lang, since, limit: PAGE, offset }), [entity, lang, since, offset, version]));
  return (
    <div>
      <h1>Stories</h1>
      <p class="muted">Articles about one event, across outlets and languages. {note ? <span class="live-note" role="status">{note}</span> : null}</p>
      <form
        class="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          navigate(href('/stories', { entity: String(f.get('entity') ?? '').trim(), lang: String(f.get('lang') ?? ''), since: String(f.get('since') ?? '') }));
        }}
      >
        <input name="entity" type="search" defaultValue={entity} placeholder="about an entity (a name)" aria-label="Entity" key={`e${entity}`} />
        <select name="lang" defaultValue={lang} aria-label="Language" key={`l${lang}`}>
          <option value="">any language</option>
          <option value="id">Indonesian</option>
          <option value="en">English</option>
        </select>
        <label>
          since <input name="since" type="date" defaultValue={since} key={`s${since}`} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Loading load={load}>
        {(v) =>
          v.items.length === 0 ? (
            <p class="muted">No stories of two or more articles{entity || lang || since ? ' match these filters' : ''}. Ingest more articles (saksi ingest), or run saksi rebuild-stories on a store ingested before stories existed.</p>
          ) : (
            <>
              <ol class="story-list" start={offset + 1}>
                {v.items.map((s) => (
                  <li key={s.id}>
                    <a href={href(`/story/${s.id}`)} class="story-title">
                      {s.title}
                    </a>
                    <div class="muted small">
                      {plural(s.documents, 'article')} · {plural(s.outlets, 'outlet')} · {s.firstSeen ?? '?'} → {s.lastSeen ?? '?'} · {s.languages.join(', ')}
                    </div>
                    <div class="small">{s.summary.entities.slice(0, 5).map((e) => e.name).join(' · ')}</div>
                  </li>
                ))}
              </ol>
              <nav class="pager">
                {offset > 0 ? <a href={href('/stories', { entity, lang, since, offset: Math.max(0, offset - PAGE) })}>← previous</a> : null}
                {v.more ? <a href={href('/stories', { entity, lang, since, offset: offset + PAGE })}>next →</a> : null}
              </nav>
            </>
          )
        }
      </Loading>
    </div>
  );
}

function Timeline({ d }: { d: StoryDetail }): JSX.Element {
  return (
    <ol class="timeline-list">
      {d.timeline.map((t, i) => (
        <li key={i}>
          <span class="when">{t.date ?? 'undated'}</span> <span class="muted">{t.outlet ?? '?'}</span> <StanceTag stance={t.position} /> <strong>{t.speaker}</strong>
          {t.position !== t.stance ? <span class="muted small"> (said as {t.stance})</span> : null}:{' '}
          <a href={claimHref(t)} class="claim-link">
            {t.quote ? '“' : ''}
            {t.text}
            {t.quote ? '”' : ''}
          </a>
          {t.figures.length > 0 ? <span class="figures small"> [{t.figures.map((f) => f.text).join('; ')}]</span> : null}
          <span class="muted small"> · {t.proposition}</span>
        </li>
      ))}
    </ol>
  );
}

function StanceTable({ d }: { d: StoryDetail }): JSX.Element {
  return (
    <>
      {d.propositions.map((p) => (
        <section key={p.id} class="proposition">
          <h3>
            {p.label} <span class="muted small">({plural(p.claims, 'claim')})</span>
          </h3>
          <div class="table-scroll">
            <table class="stance-table">
              <thead>
                <tr>
                  <th>who</th>
                  <th>now</th>
                  <th>positions over time</th>
                  <th>changes</th>
                </tr>
              </thead>
              <tbody>
                {p.stances.map((s) => (
                  <tr key={s.speaker}>
                    <td>{s.entity !== undefined ? <a href={href(`/entity/${s.entity}`)}>{s.speaker}</a> : s.speaker}</td>
                    <td>
                      <StanceTag stance={s.current} />
                    </td>
                    <td class="history">
                      {s.history.map((h, i) => (
                        <span key={i}>
                          <a href={href(`/doc/${h.document}`)}>{h.date ?? '?'}</a> <StanceTag stance={h.position} />{' '}
                        </span>
                      ))}
                    </td>
                    <td>
                      {s.changes.length === 0
                        ? '—'
                        : s.changes.map((c, i) => (
                            <div key={i} class="change">
                              <StanceTag stance={c.from} /> → <StanceTag stance={c.to} /> on <a href={href(`/doc/${c.document}`)}>{c.date ?? '?'}</a>
                            </div>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

function Figures({ d }: { d: StoryDetail }): JSX.Element {
  const marks = outletMarks([...new Set(d.figures.flatMap((f) => f.values.map((v) => v.outlet ?? '?')))].sort());
  if (d.figures.length === 0) return <p class="muted">No figures reported.</p>;
  return (
    <>
      <p class="small outlet-key">
        {[...marks].map(([o, m]) => (
          <span key={o}>
            <b class="outlet-chip">{m}</b> {o}{' '}
          </span>
        ))}
      </p>
      {d.figures.map((f) => (
        <div key={f.key}>
          <FigureChart series={f} marks={marks} />
          <details>
            <summary>as a table</summary>
            <div class="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th>date</th>
                    <th>outlet</th>
                    <th>figure</th>
                    <th>said by</th>
                  </tr>
                </thead>
                <tbody>
                  {f.values.map((v, i) => (
                    <tr key={i}>
                      <td>{v.date ?? '?'}</td>
                      <td>{v.outlet ?? '?'}</td>
                      <td>
                        <a href={href(`/doc/${v.document}`, { at: `${v.start}-${v.end}` })}>{v.text}</a>
                      </td>
                      <td>{v.speaker ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </div>
      ))}
    </>
  );
}

function Spread({ d }: { d: StoryDetail }): JSX.Element {
  const s = d.spread;
  const most = Math.max(1, ...s.outlets.map((o) => o.documents));
  const docs = new Map(d.documents.map((x) => [x.id, x]));
  return (
    <>
      <p>
        <strong>{plural(s.independent, 'independent report')}</strong>, {plural(s.copies.length, 'near-duplicate copy')
          .replace('copys', 'copies')} (counted once), {plural(s.exactDuplicates, 'exact duplicate')}.
      </p>
      <table class="spread-table">
        <thead>
          <tr>
            <th>outlet</th>
            <th>articles</th>
            <th>of which copies</th>
            <th aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {s.outlets.map((o) => (
            <tr key={o.outlet}>
              <td>{o.outlet}</td>
              <td>{o.documents}</td>
              <td>{o.copies}</td>
              <td aria-hidden="true" class="bar-cell">
                {o.documents > o.copies ? <span class="bar own" style={{ width: `${((o.documents - o.copies) / most) * 100}%` }} /> : null}
                {o.copies > 0 ? <span class="bar copy" style={{ width: `${(o.copies / most) * 100}%` }} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.copies.length > 0 ? (
        <ul class="small">
          {s.copies.map((c) => (
            <li key={c.document}>
              <a href={href(`/doc/${c.document}`)}>{docs.get(c.document)?.outlet ?? `#${c.document}`}</a> copies <a href={href(`/doc/${c.of}`)}>{docs.get(c.of)?.outlet ?? `#${c.of}`}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export function StoryPage({ id }: { id: string }): JSX.Element {
  const [version, note] = useLiveVersion((type, data) => (type === 'stored' ? (data.stories ?? []).includes(id) : data.story === id));
  const load = useSticky(useLoad(() => get<StoryDetail>(`/api/stories/${encodeURIComponent(id)}`), [id, version]));
  return (
    <Loading load={load}>
      {(d) => (
        <div class="story">
          <h1>{d.title}</h1>
          <p class="muted">
            {d.firstSeen ?? '?'} → {d.lastSeen ?? '?'} · {plural(d.documents.length, 'article')} · {plural(d.spread.outlets.length, 'outlet')} · {d.languages.join(', ')} ·{' '}
            <a href={`/api/stories/${encodeURIComponent(d.id)}/claimreview`}>ClaimReview JSON-LD</a>
            {note ? <span class="live-note" role="status"> · {note}</span> : null}
          </p>
          <ul class="chips">
            {d.entities.map((e) => (
              <li key={e.key}>{e.key.startsWith('#') ? <a href={href(`/entity/${e.key.slice(1)}`)}>{e.name}</a> : e.name}</li>
            ))}
          </ul>
          <TimelineChart timeline={d.timeline} />
          <h2>Who asserts, denies, doubts</h2>
          <StanceTable d={d} />
          <h2>Timeline of claims</h2>
          <Timeline d={d} />
          <h2>Figures</h2>
          <Figures d={d} />
          <h2>Spread</h2>
          <Spread d={d} />
          <h2>Articles</h2>
          <ol class="doc-list">
            {d.documents.map((x) => (
              <li key={x.id}>
                <a href={href(`/doc/${x.id}`)}>{x.title ?? x.key}</a>
                <div class="muted small">
                  {[x.outlet, day(x.published), x.language, x.copyOf !== undefined ? `copy of #${x.copyOf}` : undefined, x.duplicateKeys.length ? plural(x.duplicateKeys.length, 'exact duplicate') : undefined].filter(Boolean).join(' · ')}
                </div>
              </li>
            ))}
          </ol>
          <details>
            <summary>Why these articles are one story ({plural(d.evidence.length, 'link')})</summary>
            <ul class="small">
              {d.evidence.map((e, i) => (
                <li key={i}>
                  <a href={href(`/doc/${e.a}`)}>#{e.a}</a> ~ <a href={href(`/doc/${e.b}`)}>#{e.b}</a>: score {e.score}
                  {e.props.length ? `; same proposition ${e.props.slice(0, 4).join(', ')}` : e.concepts.length ? `; same concept ${e.concepts.join(', ')}` : ''}
                  {e.entities.length ? `; ${plural(e.entities.length, 'shared entity').replace('entitys', 'entities')}` : ''}
                  {e.numbers.length ? `; figures ${e.numbers.join(', ')}` : ''}
                  {e.words !== undefined ? `; words ${e.words}` : ''}
                  {e.days !== undefined ? `; ${plural(e.days, 'day')} apart` : ''}
                </li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </Loading>
  );
}
