import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';

describe('flags', () => {
  it('figures-differ: different sources give different figures for the same thing', () => {
    const a = analyze(
      'Polisi mengatakan 3.000 demonstran berkumpul di depan gedung DPR. Namun panitia mengatakan 10.000 demonstran hadir dalam aksi itu.',
      { lang: 'id' },
    );
    const flag = a.flags.find((f) => f.code === 'figures-differ');
    expect(flag?.message).toContain('demonstran');
    expect(flag?.spans.map((s) => s.text)).toEqual(['3.000', '10.000']);
  });

  it("no figures-differ for figures in one source's own words, or for durations", () => {
    const a = analyze('Gubernur mengatakan 38 provinsi melapor dan hanya 1 provinsi terlambat. Ia mengatakan sudah 5 tahun menjabat, bukan 3 tahun.', { lang: 'id' });
    expect(a.flags.filter((f) => f.code === 'figures-differ')).toEqual([]);
  });

  it('weekday-mismatch names the weekday the date really was', () => {
    const a = analyze('Menteri itu berbicara di Jakarta, Senin (20/10/2024), kepada wartawan.', { lang: 'id' });
    expect(a.flags.find((f) => f.code === 'weekday-mismatch')?.message).toContain('Sunday');
  });
});
