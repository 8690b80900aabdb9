// The story page's charts, drawn as SVG so each mark can be a link and carry its own label: the
// timeline (claims over time in one lane per stance, each stance also a shape and a lane label,
// so the chart reads without colour) and the figures (each reported number over time, one line and
// one lettered marker per outlet).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX, RefObject } from 'preact';
import type { FigureSeries, Stance, TimelineEntry } from './api';
import { href } from './router';
import { STANCE_LABEL } from './util';

const DAY = 86_400_000;
const STANCES: Stance[] = ['assert', 'doubt', 'deny'];
const COLOR: Record<Stance, string> = { assert: '#2563eb', deny: '#b91c1c', doubt: '#a16207' };

/** The width the chart has on screen (charts are drawn at that size, legible on a phone). */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const measure = (): void => setWidth(Math.max(280, Math.min(1100, ref.current?.clientWidth ?? 640)));
    measure();
    addEventListener('resize', measure);
    return () => removeEventListener('resize', measure);
  }, []);
  return [ref, width];
}

const dayMs = (d: string): number => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
const shortDay = (ms: number): string => new Date(ms).toISOString().slice(5, 10);

/** The x scale over whole days, with ticks that do not crowd. */
function dayScale(days: number[], left: number, right: number): { x: (ms: number) => number; ticks: number[] } {
  const lo = Math.min(...days);
  const hi = Math.max(...days);
  const span = Math.max(1, Math.round((hi - lo) / DAY));
  const x = (ms: number): number => (hi === lo ? (left + right) / 2 : left + ((ms - lo) / (hi - lo)) * (right - left));
  const room = Math.max(2, Math.floor((right - left) / 46));
  const step = Math.max(1, Math.ceil((span + 1) / room));
  const ticks: number[] = [];
  for (let i = 0; i <= span; i += step) ticks.push(lo + i * DAY);
  return { x, ticks };
}

export function StanceMark({ stance, x, y, size = 5 }: { stance: Stance; x: number; y: number; size?: number }): JSX.Element {
  const c = COLOR[stance];
  if (stance === 'deny')
    return (
      <g class="mark-deny" stroke={c} stroke-width={2.6} stroke-linecap="round">
        <line x1={x - size} y1={y - size} x2={x + size} y2={y + size} />
        <line x1={x - size} y1={y + size} x2={x + size} y2={y - size} />
      </g>
    );
  if (stance === 'doubt') return <path class="mark-doubt" d={`M${x} ${y - size - 1}L${x + size + 1} ${y}L${x} ${y + size + 1}L${x - size - 1} ${y}Z`} fill="#fff" stroke={c} stroke-width={2} />;
  return <circle class="mark-assert" cx={x} cy={y} r={size} fill={c} stroke="#fff" stroke-width={1} />;
}

/** Where a claim opens in the reader: the document, scrolled to and marking the claim's sentence. */
export const claimHref = (t: { link: { document: number; start: number; end: number } }): string => href(`/doc/${t.link.document}`, { at: `${t.link.start}-${t.link.end}` });

export function TimelineChart({ timeline }: { timeline: TimelineEntry[] }): JSX.Element {
  const [ref, width] = useWidth();
  const dated = timeline.filter((t) => t.date && !Number.isNaN(dayMs(t.date)));
  const undated = timeline.length - dated.length;
  const left = width < 480 ? 62 : 76;
  const right = width - 14;
  const step = 13;
  // Claims of one day in one lane stack up.
  const buckets = new Map<string, TimelineEntry[]>();
  for (const t of dated) {
    const k = `${t.position}|${t.date!.slice(0, 10)}`;
    buckets.set(k, [...(buckets.get(k) ?? []), t]);
  }
  const laneHeight = (s: Stance): number => {
    let most = 1;
    for (const [k, v] of buckets) if (k.startsWith(`${s}|`)) most = Math.max(most, v.length);
    return Math.max(34, most * step + 14);
  };
  const tops: Record<string, number> = {};
  let y = 8;
  for (const s of STANCES) {
    tops[s] = y;
    y += laneHeight(s);
  }
  const height = y + 26;
  const scale = dated.length > 0 ? dayScale(dated.map((t) => dayMs(t.date!)), left + 12, right - 8) : undefined;
  return (
    <figure class="chart timeline-chart">
      <figcaption>
        Claims over time, by stance towards the story's propositions <span class="muted small">(each mark opens the claim in its article)</span>
      </figcaption>
      <ul class="mark-legend" aria-hidden="true">
        {STANCES.map((s) => (
          <li key={s}>
            <svg width="16" height="16" viewBox="0 0 16 16">
              <StanceMark stance={s} x={8} y={8} />
            </svg>{' '}
            {STANCE_LABEL[s]} ({dated.filter((t) => t.position === s).length})
          </li>
        ))}
      </ul>
      <div ref={ref} class="chart-box">
        {scale ? (
          <svg width={width} height={height} role="group" aria-label={`Timeline of ${dated.length} dated claims`}>
            {STANCES.map((s) => (
              <g key={s}>
                <rect x={left} y={tops[s]} width={right - left} height={laneHeight(s) - 4} fill={s === 'assert' ? '#f3f8ff' : s === 'deny' ? '#fff5f5' : '#fffaf0'} />
                <text x={left - 6} y={tops[s]! + 18} text-anchor="end" class="lane-label">
                  {STANCE_LABEL[s]}
                </text>
              </g>
            ))}
            {scale.ticks.map((t) => (
              <g key={t}>
                <line x1={scale.x(t)} x2={scale.x(t)} y1={8} y2={height - 22} stroke="#d5dae0" stroke-dasharray="2 3" />
                <text x={scale.x(t)} y={height - 8} text-anchor="middle" class="tick">
                  {shortDay(t)}
                </text>
              </g>
            ))}
            {[...buckets.entries()].map(([k, list]) =>
              list.map((t, i) => {
                const s = t.position;
                const cx = scale.x(dayMs(t.date!));
                const cy = tops[s]! + 12 + i * step;
                const label = `${t.date!.slice(0, 10)} · ${t.outlet ?? '?'} · ${STANCE_LABEL[s]} · ${t.speaker}: ${t.text}`;
                return (
                  <a key={`${k}${i}`} href={claimHref(t)} class="timeline-mark" aria-label={label}>
                    <title>{label}</title>
                    <circle cx={cx} cy={cy} r={8} fill="transparent" />
                    <StanceMark stance={s} x={cx} y={cy} />
                  </a>
                );
              }),
            )}
          </svg>
        ) : (
          <p class="muted">No dated claims.</p>
        )}
      </div>
      {undated > 0 ? <p class="muted small">{undated} undated claims are in the list below.</p> : null}
    </figure>
  );
}

/** Short, distinct letters for outlets (Daily Meridian → D, Suara Pagi → S, Sinar → Si). */
export function outletMarks(outlets: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const o of outlets) {
    const words = o.split(/\s+/).filter(Boolean);
    const candidates = [o.slice(0, 1).toUpperCase(), words.map((w) => w[0]!.toUpperCase()).join('').slice(0, 2), o.slice(0, 2)];
    let mark = candidates.find((c) => c && !used.has(c));
    for (let i = 2; !mark; i++) if (!used.has(`${o.slice(0, 1)}${i}`)) mark = `${o.slice(0, 1)}${i}`;
    used.add(mark);
    out.set(o, mark);
  }
  return out;
}

const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#9d174d'];

function fmt(v: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function FigureChart({ series, marks }: { series: FigureSeries; marks: Map<string, string> }): JSX.Element {
  const [ref, width] = useWidth();
  const points = series.values
    .map((v) => ({ ...v, y: v.value ?? (v.low !== undefined && v.high !== undefined ? (v.low + v.high) / 2 : undefined) }))
    .filter((v): v is typeof v & { y: number; date: string } => v.y !== undefined && v.date !== undefined && !Number.isNaN(dayMs(v.date)));
  const outlets = [...new Set(points.map((p) => p.outlet ?? '?'))];
  const height = 190;
  const left = 64;
  const right = width - 16;
  const top = 16;
  const bottom = height - 28;
  const unit = series.units.join(', ') || series.currency || '';
  const title = `${series.concept} · ${series.kind}${unit ? ` (${unit})` : ''}`;
  const hi = Math.max(...points.map((p) => p.y), 0);
  const lo = Math.min(0, ...points.map((p) => p.y));
  const yOf = (v: number): number => (hi === lo ? (top + bottom) / 2 : bottom - ((v - lo) / (hi - lo)) * (bottom - top));
  const scale = points.length > 0 ? dayScale(points.map((p) => dayMs(p.date)), left + 16, right - 16) : undefined;
  const yTicks = hi === lo ? [hi] : [lo, (lo + hi) / 2, hi];
  // One value label per day and value (outlets that agree share it).
  const labelled = new Map<string, (typeof points)[number]>();
  for (const p of points) if (!labelled.has(`${p.date.slice(0, 10)}|${p.y}`)) labelled.set(`${p.date.slice(0, 10)}|${p.y}`, p);
  return (
    <figure class="chart figure-chart">
      <figcaption>
        {title} <span class="muted small">min {fmt(series.min)} · max {fmt(series.max)} · latest {fmt(series.latest)}</span>
      </figcaption>
      <div ref={ref} class="chart-box">
        {scale ? (
          <svg width={width} height={height} role="group" aria-label={`${title}: ${points.map((p) => `${p.date.slice(0, 10)} ${p.outlet ?? '?'} ${p.text}`).join('; ')}`}>
            {yTicks.map((v) => (
              <g key={v}>
                <line x1={left} x2={right} y1={yOf(v)} y2={yOf(v)} stroke="#e5e7eb" />
                <text x={left - 6} y={yOf(v) + 4} text-anchor="end" class="tick">
                  {fmt(v)}
                </text>
              </g>
            ))}
            {scale.ticks.map((t) => (
              <text key={t} x={scale.x(t)} y={height - 8} text-anchor="middle" class="tick">
                {shortDay(t)}
              </text>
            ))}
            {outlets.map((o, i) => {
              const mine = points.filter((p) => (p.outlet ?? '?') === o).sort((a, b) => dayMs(a.date) - dayMs(b.date));
              const color = PALETTE[i % PALETTE.length]!;
              const dx = (i - (outlets.length - 1) / 2) * Math.min(12, 60 / Math.max(1, outlets.length));
              return (
                <g key={o}>
                  {mine.length > 1 ? <polyline points={mine.map((p) => `${scale.x(dayMs(p.date)) + dx},${yOf(p.y)}`).join(' ')} fill="none" stroke={color} stroke-width={1.5} stroke-dasharray={i % 2 ? '4 3' : undefined} /> : null}
                  {mine.map((p, j) => {
                    const cx = scale.x(dayMs(p.date)) + dx;
                    const cy = yOf(p.y);
                    const label = `${p.date.slice(0, 10)} · ${o}: ${p.text}${p.speaker ? ` (${p.speaker})` : ''}`;
                    return (
                      <a key={j} href={href(`/doc/${p.document}`, { at: `${p.start}-${p.end}` })} aria-label={label}>
                        <title>{label}</title>
                        <circle cx={cx} cy={cy} r={8} fill="#fff" stroke={color} stroke-width={2} />
                        <text x={cx} y={cy + 3.5} text-anchor="middle" class="outlet-mark" fill={color}>
                          {marks.get(o) ?? '?'}
                        </text>
                        {labelled.get(`${p.date.slice(0, 10)}|${p.y}`) === p ? (
                          <text x={cx > right - 70 ? cx - 11 : cx + 11} y={cy - 9} text-anchor={cx > right - 70 ? 'end' : 'start'} class="value-label">
                            {p.text}
                          </text>
                        ) : null}
                      </a>
                    );
                  })}
                </g>
              );
            })}
          </svg>
        ) : (
          <p class="muted">No dated values.</p>
        )}
      </div>
    </figure>
  );
}
