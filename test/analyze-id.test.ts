import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { badSpans, claimsAt, entityAt } from './helpers.js';

// Our own example, written to carry the seed's traps: boilerplate lines, one person spelled three
// ways, a title before a name, a denial by two capitals, a doubt by an unnamed diplomat, a wrong weekday.
const article = readFileSync(new URL('../examples/id-laut-china-selatan.txt', import.meta.url), 'utf8');
const a = analyze(article);

describe('analyze: an Indonesian article', () => {
  it('detects Indonesian and keeps the text unchanged', () => {
    expect(a.language).toBe('id');
    expect(a.text).toBe(article);
    expect(badSpans(a)).toEqual([]);
  });

  it('sets aside the related link and the WhatsApp footer, and extracts nothing from them', () => {
    expect(a.removed.map((r) => r.reason)).toEqual(['related-link', 'promo-footer']);
    const inside = (s: { start: number; end: number }) => a.removed.some((r) => r.start < s.end && s.start < r.end);
    expect(a.entities.flatMap((e) => e.mentions).filter(inside)).toEqual([]);
    expect(a.claims.filter(inside)).toEqual([]);
    expect(a.quantities.filter(inside)).toEqual([]);
    expect(entityAt(a, 'Vietnam')).toBeUndefined();
  });

  it('resolves Manalo, Manallo and Manolo to one person and flags the spellings', () => {
    const ids = ['Enrique Manalo', 'Manallo', 'Manolo'].map((n) => entityAt(a, n)?.id);
    expect(ids[0]).toBeDefined();
    expect(new Set(ids).size).toBe(1);
    expect(entityAt(a, 'Enrique Manalo')?.type).toBe('PERSON');
    const flag = a.flags.find((f) => f.code === 'name-variants' && f.spans.some((s) => s.text.includes('Manallo')));
    expect(flag?.spans.some((s) => s.text.includes('Manolo'))).toBe(true);
  });

  it('types places and organisations', () => {
    expect(entityAt(a, 'Filipina')?.type).toBe('GPE');
    expect(entityAt(a, 'Jakarta')?.type).toBe('GPE');
    expect(entityAt(a, 'ASEAN')?.type).toBe('ORG');
    expect(entityAt(a, 'Beijing')?.type).toBe('GPE');
    expect(entityAt(a, 'Kao Kim Hourn')?.type).toBe('PERSON');
  });

  it('attributes the quote to Manalo through "kata Manalo"', () => {
    const manalo = entityAt(a, 'Enrique Manalo')!.id;
    const [quote] = claimsAt(a, 'Kami mencatat');
    expect(quote).toMatchObject({ quote: true, stance: 'assert' });
    expect(quote!.cue?.text).toBe('kata');
    expect(quote!.speakers.map((s) => s.entity)).toEqual([manalo]);
    expect(quote!.text.startsWith('Kami mencatat')).toBe(true);
    expect(quote!.text.endsWith('bertambah')).toBe(true);
  });

  it('reads reported speech with "bahwa" and without it', () => {
    const [first] = claimsAt(a, 'kapal penjaga pantai China menembakkan');
    expect(first?.cue?.text).toBe('mengatakan');
    expect(first?.text.startsWith('kapal penjaga pantai')).toBe(true);
    const [spokes] = claimsAt(a, 'kapal-kapal China bertindak');
    expect(spokes?.speakers[0]?.text).toBe('Mao Ning');
  });

  it('finds the doubt of an unnamed diplomat, quoted and reported, and links "diplomat itu"', () => {
    const [reported] = claimsAt(a, 'belum dapat memastikan');
    expect(reported?.stance).toBe('doubt');
    expect(reported?.speakers[0]?.kind).toBe('unnamed');
    expect(reported?.speakers[0]?.text).toBe('Seorang diplomat ASEAN');
    const [quoted] = claimsAt(a, 'Terlalu dini');
    expect(quoted).toMatchObject({ quote: true, stance: 'doubt' });
    expect(quoted!.speakers[0]!.text).toBe('diplomat itu');
  });

  it('reads "Namun Beijing membantahnya" as a denial of the claim before it', () => {
    const line = article.indexOf('Namun Beijing membantahnya');
    const deny = a.claims.find((c) => c.stance === 'deny' && c.speakers.some((s) => s.start >= line && s.text === 'Beijing'));
    expect(deny).toBeDefined();
    expect(deny!.cue?.text).toBe('membantahnya');
    const target = a.claims.find((c) => c.id === deny!.target);
    expect(target?.text).toContain('puluhan tahun');
  });

  it('does not take a negated reporting verb as a claim', () => {
    const i = article.indexOf('tidak mengungkapkan');
    expect(a.claims.some((c) => c.cue && c.cue.start >= i && c.cue.start < i + 20)).toBe(false);
  });

  it('resolves "Ia" to the person of the sentence before', () => {
    const manalo = entityAt(a, 'Enrique Manalo')!.id;
    const [c] = claimsAt(a, 'membawa bukti-bukti');
    expect(c?.speakers[0]).toMatchObject({ text: 'Ia', kind: 'pronoun' });
    // No person is named in the four sentences before: the article's main person is taken.
    expect(c?.speakers[0]?.entity).toBe(manalo);
  });

  it('reads Indonesian figures', () => {
    const q = (needle: string) => a.quantities.find((x) => x.text.includes(needle));
    expect(q('40')).toMatchObject({ approximate: true });
    expect(q('1,2 miliar')).toMatchObject({ value: 1_200_000_000, kind: 'money', currency: 'IDR' });
    expect(q('3 hingga 5')).toMatchObject({ low: 3, high: 5, unit: 'orang' });
  });

  it('dates the article from its dateline and flags the wrong weekday', () => {
    expect(a.dates.find((d) => d.text === '12/3/2024')?.value).toBe('2024-03-12');
    expect(a.reference).toEqual({ date: '2024-03-12', source: 'dateline' });
    expect(a.dates.find((d) => d.text.includes('Januari'))?.value).toBe('2024-01');
    const flag = a.flags.find((f) => f.code === 'weekday-mismatch');
    expect(flag?.spans.map((s) => s.text)).toContain('Senin');
    expect(flag?.message).toContain('Tuesday');
  });
});
