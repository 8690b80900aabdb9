// Mentions over time: uPlot bars by month, with the same figures as a table (readable without
// colour, and without the chart).
import { useEffect, useRef } from 'preact/hooks';
import type { JSX } from 'preact';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export function MonthChart({ rows, label }: { rows: { month: string; mentions: number; documents: number }[]; label: string }): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const dated = rows.filter((r) => r.month !== 'unknown');
  useEffect(() => {
    const el = ref.current;
    if (!el || dated.length === 0) return;
    const xs = dated.map((_, i) => i);
    const width = Math.max(260, Math.min(720, el.clientWidth || 600));
    const plot = new uPlot(
      {
        width,
        height: 200,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: false, range: [-0.6, Math.max(0.6, dated.length - 0.4)] } },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (dated[t]?.month ?? '') : '')), space: 60 },
          { label: 'mentions', values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) },
        ],
        series: [
          {},
          {
            label: 'mentions',
            stroke: '#1d4ed8',
            fill: 'rgba(29, 78, 216, 0.35)',
            paths: uPlot.paths.bars!({ size: [0.6, 60] }),
            points: { show: false },
          },
        ],
      },
      [xs, dated.map((r) => r.mentions)],
      el,
    );
    return () => plot.destroy();
  }, [rows]);
  return (
    <figure class="chart">
      <figcaption>{label}</figcaption>
      {dated.length > 0 ? <div ref={ref} class="chart-box" role="img" aria-label={`${label}: ${dated.map((r) => `${r.month} ${r.mentions}`).join(', ')}`} /> : <p class="muted">No dated mentions.</p>}
      <details>
        <summary>as a table</summary>
        <table>
          <thead>
            <tr>
              <th>month</th>
              <th>mentions</th>
              <th>documents</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.month}>
                <td>{r.month}</td>
                <td>{r.mentions}</td>
                <td>{r.documents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
