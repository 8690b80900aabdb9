// The article reader: the text with its claims (coloured by stance and labelled), entities,
// quantities and dates marked; a click (or Enter) on any marked span explains it (speaker, cue,
// resolved entity, rule); removed boilerplate greyed and folded; flags beside the text, each
// linked to its spans.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Analysis, Claim, DateMention, Entity, EntityLink, Flag, Mention, Quantity } from './api';
import { href } from './router';
import { STANCE_LABEL, StanceTag } from './util';

type Kind = 'claim' | 'entity' | 'quantity' | 'date' | 'flag' | 'speaker' | 'cue';

interface Ann {
  key: string;
  kind: Kind;
  start: number;
  end: number;
  claim?: Claim;
  entity?: Entity;
  mention?: Mention;
  quantity?: Quantity;
  date?: DateMention;
  flag?: Flag;
  flagIndex?: number;
}

const KIND_LABEL: Record<Kind, string> = {
  claim: 'claims',
  entity: 'entities',
  quantity: 'quantities',
  date: 'dates',
  flag: 'flags',
  speaker: 'speakers',
  cue: 'cues',
};

function annotations(a: Analysis): Ann[] {
  const out: Ann[] = [];
  const entities = new Map(a.entities.map((e) => [e.id, e]));
  for (const c of a.claims) {
    out.push({ key: `claim:${c.id}`, kind: 'claim', start: c.start, end: c.end, claim: c });
    if (c.cue) out.push({ key: `cue:${c.id}`, kind: 'cue', start: c.cue.start, end: c.cue.end, claim: c });
    c.speakers.forEach((s, i) => {
      const entity = s.entity ? entities.get(s.entity) : undefined;
      out.push({ key: `speaker:${c.id}:${i}`, kind: 'speaker', start: s.start, end: s.end, claim: c, ...(entity ? { entity } : {}) });
    });
  }
  for (const e of a.entities) e.mentions.forEach((m, i) => out.push({ key: `entity:${e.id}:${i}`, kind: 'entity', start: m.start, end: m.end, entity: e, mention: m }));
  a.quantities.forEach((q, i) => out.push({ key: `quantity:${i}`, kind: 'quantity', start: q.start, end: q.end, quantity: q }));
  a.dates.forEach((d, i) => out.push({ key: `date:${i}`, kind: 'date', start: d.start, end: d.end, date: d }));
  a.flags.forEach((f, i) => f.spans.forEach((s, j) => out.push({ key: `flag:${i}:${j}`, kind: 'flag', start: s.start, end: s.end, flag: f, flagIndex: i })));
  return out.filter((x) => x.end > x.start);
}

function describe(ann: Ann): string {
  switch (ann.kind) {
    case 'claim':
      return `${STANCE_LABEL[ann.claim!.stance]} claim by ${ann.claim!.speakers.map((s) => s.text).join(', ') || 'no speaker found'}${ann.claim!.cue ? `, cue "${ann.claim!.cue.text}"` : ''} (rule ${ann.claim!.rule})`;
    case 'speaker':
      return `speaker${ann.entity ? `: ${ann.entity.name}` : ' (not resolved)'}`;
    case 'cue':
      return `cue "${ann.claim!.cue!.text}"`;
    case 'entity':
      return `${ann.entity!.type} ${ann.entity!.name} (rule ${ann.mention!.rule})`;
    case 'quantity':
      return `quantity (${ann.quantity!.kind}, rule ${ann.quantity!.rule})`;
    case 'date':
      return `date ${ann.date!.value} (rule ${ann.date!.rule})`;
    case 'flag':
      return `flag: ${ann.flag!.message}`;
  }
}

function Row({ k, v }: { k: string; v: string | JSX.Element | undefined }): JSX.Element | null {
  if (v === undefined || v === '') return null;
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}

function Details({ ann, analysis, links }: { ann: Ann; analysis: Analysis; links: Map<string, EntityLink> }): JSX.Element {
  const entityLink = (e: Entity | undefined): JSX.Element | string | undefined => {
    if (!e) return undefined;
    const l = links.get(e.id);
    return l ? <a href={href(`/entity/${l.entity}`)}>{e.name}</a> : e.name;
  };
  const byId = new Map(analysis.entities.map((e) => [e.id, e]));
  if (ann.claim && (ann.kind === 'claim' || ann.kind === 'cue' || ann.kind === 'speaker')) {
    const c = ann.claim;
    return (
      <div class="detail">
        <h4>
          <StanceTag stance={c.stance} /> claim {c.id}
          {c.quote ? ' (quotation)' : ' (reported)'}
        </h4>
        <dl>
          <Row
            k="speaker"
            v={
              c.speakers.length === 0 ? (
                'none found'
              ) : (
                <>
                  {c.speakers.map((s, i) => (
                    <span key={i}>
                      {i > 0 ? '; ' : ''}“{s.text}”{s.entity ? <> → {entityLink(byId.get(s.entity))}</> : ' (not resolved)'}
                    </span>
                  ))}
                </>
              )
            }
          />
          <Row k="cue" v={c.cue ? `“${c.cue.text}”` : undefined} />
          <Row k="about" v={c.target} />
          <Row k="rule" v={<code>{c.rule}</code>} />
          <Row k="text" v={c.text} />
        </dl>
      </div>
    );
  }
  if (ann.kind === 'entity') {
    const e = ann.entity!;
    return (
      <div class="detail">
        <h4>
          {e.type} {entityLink(e)}
        </h4>
        <dl>
          <Row k="written" v={`“${ann.mention!.text}”`} />
          <Row k="rule" v={<code>{ann.mention!.rule}</code>} />
          <Row k="linked by" v={ann.mention!.link} />
          <Row k="names" v={e.aliases.join(', ')} />
          <Row k="knowledge base" v={e.kb} />
          <Row k="roles" v={e.roles?.join(', ')} />
          <Row k="evidence" v={e.evidence?.join('; ')} />
        </dl>
      </div>
    );
  }
  if (ann.kind === 'quantity') {
    const q = ann.quantity!;
    const value = q.value !== undefined ? String(q.value) : q.low !== undefined ? `${q.low}–${q.high}` : undefined;
    return (
      <div class="detail">
        <h4>Quantity “{q.text}”</h4>
        <dl>
          <Row k="value" v={value && `${q.approximate ? '≈ ' : ''}${value}${q.currency ? ` ${q.currency}` : ''}`} />
          <Row k="kind" v={q.kind} />
          <Row k="unit" v={q.unit} />
          <Row k="rule" v={<code>{q.rule}</code>} />
        </dl>
      </div>
    );
  }
  if (ann.kind === 'date') {
    const d = ann.date!;
    return (
      <div class="detail">
        <h4>Date “{d.text}”</h4>
        <dl>
          <Row k="value" v={d.value} />
          <Row k="relative" v={d.relative ? `yes, to ${analysis.reference?.date ?? 'the article date'}` : 'no'} />
          <Row k="weekday written" v={d.weekday?.text} />
          <Row k="rule" v={<code>{d.rule}</code>} />
        </dl>
      </div>
    );
  }
  return (
    <div class="detail">
      <h4>⚑ {ann.flag!.code}</h4>
      <p>{ann.flag!.message}</p>
    </div>
  );
}

interface Piece {
  start: number;
  end: number;
  anns: Ann[];
}

/** The text [from, to) cut at every annotation edge, each piece with the annotations over it. */
function pieces(from: number, to: number, anns: Ann[], extra: number[] = []): Piece[] {
  const cuts = new Set<number>([from, to, ...extra.filter((x) => x > from && x < to)]);
  for (const a of anns) {
    if (a.start > from && a.start < to) cuts.add(a.start);
    if (a.end > from && a.end < to) cuts.add(a.end);
  }
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const s = sorted[i]!;
    const e = sorted[i + 1]!;
    out.push({ start: s, end: e, anns: anns.filter((a) => a.start < e && a.end > s) });
  }
  return out;
}

export function Reader({ analysis, links = [], target }: { analysis: Analysis; links?: EntityLink[]; target?: { start: number; end: number } }): JSX.Element {
  const anns = useMemo(() => annotations(analysis), [analysis]);
  const linkMap = useMemo(() => new Map(links.map((l) => [l.docEntity, l])), [links]);
  const [selected, setSelected] = useState<Ann[]>([]);
  const [hidden, setHidden] = useState<Set<Kind>>(new Set());
  const [focusFlag, setFocusFlag] = useState<number | undefined>();
  const text = analysis.text;
  const shown = anns.filter((a) => !hidden.has(a.kind));
  // A span opened from elsewhere (a story's timeline): scrolled to and marked.
  const validTarget = target && target.start < target.end && target.end <= text.length ? target : undefined;
  useEffect(() => {
    if (validTarget) document.getElementById('reader-target')?.scrollIntoView({ block: 'center' });
  }, [validTarget?.start, validTarget?.end]);

  const select = (p: Piece): void => {
    // Innermost first: the shortest annotation is the most specific.
    setSelected([...p.anns].sort((x, y) => x.end - x.start - (y.end - y.start)));
  };

  const renderRange = (from: number, to: number): JSX.Element[] => {
    const out: JSX.Element[] = [];
    for (const p of pieces(from, to, shown, validTarget ? [validTarget.start, validTarget.end] : [])) {
      const s = p.start;
      for (const a of p.anns) {
        if (a.kind === 'claim' && a.start === s) {
          const c = a.claim!;
          out.push(
            <span class={`claim-label stance-${c.stance}`} aria-hidden="false" key={`l${a.key}`}>
              {STANCE_LABEL[c.stance]}
              {c.speakers.length > 0 ? ` · ${c.speakers.map((x) => x.text).join(', ')}` : ''}
            </span>,
          );
        }
        if (a.kind === 'flag' && a.start === s) {
          out.push(
            <a class="flag-mark" href={`#flag-${a.flagIndex}`} id={`span-${a.key.replace(/:/g, '-')}`} onClick={(e) => { e.preventDefault(); document.getElementById(`flag-${a.flagIndex}`)?.scrollIntoView({ block: 'nearest' }); }} title={a.flag!.message} key={`f${a.key}`}>
              ⚑
            </a>,
          );
        }
      }
      const claim = p.anns.find((a) => a.kind === 'claim');
      const classes = ['seg'];
      if (claim) classes.push('claim', `stance-${claim.claim!.stance}`);
      for (const k of ['entity', 'quantity', 'date', 'flag', 'speaker', 'cue'] as const) if (p.anns.some((a) => a.kind === k)) classes.push(k);
      if (focusFlag !== undefined && p.anns.some((a) => a.kind === 'flag' && a.flagIndex === focusFlag)) classes.push('focus');
      if (selected.length > 0 && p.anns.some((a) => a === selected[0])) classes.push('selected');
      const piece = text.slice(p.start, p.end);
      const inTarget = validTarget !== undefined && p.start < validTarget.end && p.end > validTarget.start;
      const first = inTarget && p.start <= validTarget.start;
      if (inTarget) classes.push('target');
      if (inTarget && p.anns.length === 0) out.push(<mark class="target" {...(first ? { id: 'reader-target' } : {})}>{piece}</mark>);
      else if (p.anns.length === 0) out.push(<>{piece}</>);
      else {
        out.push(
          <span
            class={classes.join(' ')}
            title={p.anns.map(describe).join('\n')}
            tabIndex={0}
            role="button"
            data-start={p.start}
            {...(first ? { id: 'reader-target' } : {})}
            onClick={() => select(p)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), select(p))}
            key={`s${p.start}`}
          >
            {piece}
          </span>,
        );
      }
      for (const a of p.anns) if (a.kind === 'claim' && a.end === p.end) out.push(<span class="claim-end" aria-hidden="true" key={`e${a.key}`}>]</span>);
    }
    return out;
  };

  // Kept text and removed boilerplate, in order.
  const body: JSX.Element[] = [];
  let at = 0;
  const removed = [...analysis.removed].sort((x, y) => x.start - y.start);
  for (const r of removed) {
    if (r.start < at) continue;
    body.push(...renderRange(at, r.start));
    body.push(
      <details class="removed" key={`r${r.start}`}>
        <summary>
          removed: {r.reason} ({r.end - r.start} characters)
        </summary>
        <span>{text.slice(r.start, r.end)}</span>
      </details>,
    );
    at = r.end;
  }
  body.push(...renderRange(at, text.length));

  const counts: Record<Kind, number> = { claim: 0, entity: 0, quantity: 0, date: 0, flag: 0, speaker: 0, cue: 0 };
  for (const a of anns) counts[a.kind]++;

  return (
    <div class="reader">
      <div class="legend" role="group" aria-label="What to mark">
        {(['claim', 'entity', 'quantity', 'date', 'flag'] as Kind[]).map((k) => (
          <label key={k} class={`legend-${k}`}>
            <input
              type="checkbox"
              checked={!hidden.has(k)}
              onChange={() => {
                const next = new Set(hidden);
                if (next.has(k)) next.delete(k);
                else next.add(k);
                if (k === 'claim') ['speaker', 'cue'].forEach((x) => (next.has('claim') ? next.add(x as Kind) : next.delete(x as Kind)));
                setHidden(next);
              }}
            />{' '}
            <span class="sample">{KIND_LABEL[k]}</span> {k === 'claim' ? analysis.claims.length : k === 'entity' ? analysis.entities.length : k === 'flag' ? analysis.flags.length : counts[k]}
          </label>
        ))}
        <span class="muted">
          stance: <StanceTag stance="assert" /> <StanceTag stance="deny" /> <StanceTag stance="doubt" />
        </span>
      </div>
      <div class="reader-grid">
        <article class="text" lang={analysis.language}>
          {body}
        </article>
        <aside class="side">
          <section class="flags" aria-label="Flags">
            <h3>Flags ({analysis.flags.length})</h3>
            {analysis.flags.length === 0 ? <p class="muted">Nothing to check twice.</p> : null}
            <ol>
              {analysis.flags.map((f, i) => (
                <li id={`flag-${i}`} key={i} class={focusFlag === i ? 'focus' : ''}>
                  <strong>⚑ {f.code}</strong>: {f.message}
                  <div>
                    {f.spans.map((s, j) => (
                      <button
                        type="button"
                        class="link"
                        key={j}
                        onClick={() => {
                          setFocusFlag(i);
                          const el = document.getElementById(`span-flag-${i}-${j}`);
                          el?.scrollIntoView({ block: 'center' });
                        }}
                      >
                        “{s.text}”
                      </button>
                    ))}
                  </div>
                </li>
              ))}
            </ol>
          </section>
          <section class="details" aria-live="polite" aria-label="Details">
            <h3>Details</h3>
            {selected.length === 0 ? (
              <p class="muted">Click or tab to a marked word to see who said it, the cue, the entity and the rule.</p>
            ) : (
              selected.map((a) => <Details ann={a} analysis={analysis} links={linkMap} key={a.key} />)
            )}
          </section>
          <section aria-label="Claims">
            <h3>Claims ({analysis.claims.length})</h3>
            <ol class="claims">
              {analysis.claims.map((c) => (
                <li key={c.id}>
                  <StanceTag stance={c.stance} /> <strong>{c.speakers.map((s) => s.text).join(', ') || '(no speaker)'}</strong>
                  {c.cue ? <span class="muted"> “{c.cue.text}”</span> : null}: {c.text.length > 140 ? `${c.text.slice(0, 140)}…` : c.text}
                </li>
              ))}
            </ol>
          </section>
          {analysis.attitudes && analysis.attitudes.length > 0 ? (
            <section aria-label="Beliefs, feelings, intentions and requests">
              <h3>Beliefs, feelings, intentions, requests ({analysis.attitudes.length})</h3>
              <p class="muted">Attributed, but not claims: nothing in them can be checked as true or false.</p>
              <ol class="claims">
                {analysis.attitudes.map((a) => (
                  <li key={a.id}>
                    <span class="stance-tag act-tag">{a.act.toUpperCase()}</span> <strong>{a.speakers.map((s) => s.text).join(', ') || '(no speaker)'}</strong>
                    <span class="muted"> “{a.cue.text}”</span>: {a.text.length > 140 ? `${a.text.slice(0, 140)}…` : a.text}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
