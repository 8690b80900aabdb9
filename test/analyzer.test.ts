import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { createAnalyzer, STAGES } from '../src/analysis/analyzer.js';
import { getPack } from '../src/lang/index.js';

const ID = 'Menteri Luar Negeri Retno Marsudi mengatakan bahwa 12.000 warga dievakuasi pada Senin (3/3/2025). "Kami bekerja keras," kata Retno.';
const MS = 'Menteri itu berkata bahawa kerajaan akan memberi bantuan kerana banjir. Beliau berkata pihak kerajaan sahaja boleh membuat keputusan iaitu selepas mesyuarat.';

describe('createAnalyzer', () => {
  it('gives what analyze() gives, call after call', () => {
    const analyzer = createAnalyzer();
    const once = JSON.stringify(analyze(ID, { date: '2025-03-04' }));
    expect(JSON.stringify(analyzer.analyze(ID, { date: '2025-03-04' }))).toBe(once);
    expect(JSON.stringify(analyzer.analyze(ID, { date: '2025-03-04' }))).toBe(once);
    expect(analyzer.languages).toEqual(['id', 'en']);
  });

  it('reads Malay with the pack that says it reads Malay', () => {
    const a = createAnalyzer().analyze(MS);
    expect(a.language).toBe('ms');
    expect(a.diagnostics.map((d) => d.code)).not.toContain('no-language-pack');
  });

  it('falls back, with a warning, when none of its packs reads the language', () => {
    const a = createAnalyzer({ packs: [getPack('en')] }).analyze(ID);
    expect(a.language).toBe('id');
    expect(a.diagnostics.map((d) => d.code)).toContain('no-language-pack');
  });

  it('runs without a tagger when told so', () => {
    const a = createAnalyzer({ tagger: () => undefined }).analyze(ID);
    expect(a.entities.some((e) => e.type === 'PERSON')).toBe(true);
  });

  it('rejects a fallback it has no pack for, and an empty pack list', () => {
    expect(() => createAnalyzer({ fallback: 'xx' })).toThrow(/fallback language 'xx'/);
    expect(() => createAnalyzer({ packs: [] })).toThrow(/no language packs/);
  });

  it('lists its stages once, in order', () => {
    expect(STAGES.map((s) => s.name)).toEqual(['boilerplate', 'language', 'sentences', 'dates', 'quantities', 'entities', 'resolve', 'claims', 'flags']);
  });
});
