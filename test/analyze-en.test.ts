import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { badSpans, claimsAt, entityAt } from './helpers.js';

// The English counterpart of the Indonesian example, with the same traps.
const article = readFileSync(new URL('../examples/en-south-china-sea.txt', import.meta.url), 'utf8');
const a = analyze(article);

describe('analyze: an English article', () => {
  it('detects English, keeps the text and every span true to it', () => {
    expect(a.language).toBe('en');
    expect(a.text).toBe(article);
    expect(badSpans(a)).toEqual([]);
  });

  it('sets aside the related link and the newsletter promo', () => {
    expect(a.removed.map((r) => r.reason)).toEqual(['related-link', 'newsletter-promo']);
    expect(entityAt(a, 'Hanoi')).toBeUndefined();
  });

  it('resolves Manalo, Manallo and Manolo to one person and flags it', () => {
    const ids = ['Enrique Manalo', 'Manallo', 'Manolo'].map((n) => entityAt(a, n)?.id);
    expect(ids[0]).toBeDefined();
    expect(new Set(ids).size).toBe(1);
    expect(a.flags.some((f) => f.code === 'name-variants' && f.spans.some((s) => s.text === 'Manolo'))).toBe(true);
  });

  it('attributes "...," Manalo said and "...," the diplomat told reporters', () => {
    const manalo = entityAt(a, 'Enrique Manalo')!.id;
    const [q1] = claimsAt(a, 'We counted');
    expect(q1).toMatchObject({ quote: true, stance: 'assert' });
    expect(q1!.speakers[0]!.entity).toBe(manalo);
    const [q2] = claimsAt(a, 'too early to say');
    expect(q2).toMatchObject({ quote: true, stance: 'doubt' });
    expect(q2!.speakers[0]).toMatchObject({ text: 'the diplomat', kind: 'unnamed' });
  });

  it('reads reported speech, doubt and an anaphoric denial', () => {
    const [first] = claimsAt(a, 'Chinese coast guard ships fired');
    expect(first?.cue?.text).toBe('said');
    const [doubt] = claimsAt(a, 'there was no evidence');
    expect(doubt).toMatchObject({ stance: 'doubt' });
    expect(doubt!.speakers[0]!.text).toBe('An ASEAN diplomat');
    const deny = a.claims.find((c) => c.stance === 'deny');
    expect(deny?.speakers.map((s) => s.text)).toEqual(['Beijing']);
    expect(a.claims.find((c) => c.id === deny!.target)?.text).toContain('fished these waters');
  });

  it('reads English figures and dates, and flags the wrong weekday', () => {
    expect(a.quantities.find((q) => q.text.includes('21,000'))).toMatchObject({ value: 21000, kind: 'money', currency: 'USD' });
    expect(a.quantities.find((q) => q.text.includes('between 3 and 5'))).toMatchObject({ low: 3, high: 5 });
    expect(a.dates.find((d) => d.text.includes('March 12, 2024'))?.value).toBe('2024-03-12');
    const flag = a.flags.find((f) => f.code === 'weekday-mismatch');
    expect(flag?.spans.map((s) => s.text)).toContain('Monday');
  });
});
