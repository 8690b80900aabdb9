import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { entityAt } from './helpers.js';

describe('within-article resolution', () => {
  it('joins a surname to the full name before it', () => {
    const a = analyze('Presiden Prancis Emmanuel Macron tiba di Jakarta. Macron disambut di bandara.', { lang: 'id' });
    expect(entityAt(a, 'Macron', 1)?.id).toBe(entityAt(a, 'Emmanuel Macron')?.id);
    expect(entityAt(a, 'Macron', 1)?.type).toBe('PERSON');
  });

  it('joins transliteration variants and says why', () => {
    const a = analyze('Wakil Perdana Menteri Olena Kovalchuk tiba di Brussel. Kowalczuk bertemu para menteri. Kovalchuk pulang Jumat.', { lang: 'id' });
    const e = entityAt(a, 'Olena Kovalchuk')!;
    expect(entityAt(a, 'Kowalczuk')?.id).toBe(e.id);
    expect(e.evidence?.some((x) => x.includes('Kowalczuk'))).toBe(true);
    expect(a.flags.some((f) => f.code === 'name-variants' && f.spans.some((s) => s.text === 'Kowalczuk'))).toBe(true);
  });

  it('does not flag a short form made of words of the full name', () => {
    const a = analyze('Presiden Prabowo Subianto membuka sidang kabinet. Prabowo meminta para menteri bekerja cepat.', { lang: 'id' });
    expect(entityAt(a, 'Prabowo', 1)?.id).toBe(entityAt(a, 'Prabowo Subianto')?.id);
    expect(a.flags.filter((f) => f.code === 'name-variants')).toEqual([]);
  });

  it('keeps apart two people who share a family name', () => {
    const a = analyze('Kim Jong Un dan Kim Yo Jong menghadiri parade di Pyongyang.', { lang: 'id' });
    expect(entityAt(a, 'Kim Jong Un')?.id).not.toBe(entityAt(a, 'Kim Yo Jong')?.id);
  });

  it('leaves a bare surname alone when two people carry it', () => {
    const a = analyze('Budi Santoso dan Agus Santoso bertemu di Surabaya. Santoso mengatakan rapat berjalan lancar.', { lang: 'id' });
    const budi = entityAt(a, 'Budi Santoso')?.id;
    const agus = entityAt(a, 'Agus Santoso')?.id;
    expect(budi).not.toBe(agus);
    const bare = entityAt(a, 'Santoso mengatakan');
    expect([budi, agus]).not.toContain(bare?.id);
  });

  it('does not join people whose given names differ', () => {
    const a = analyze('Joko Widodo and Joko Anwar attended the premiere in Jakarta.', { lang: 'en' });
    expect(entityAt(a, 'Joko Widodo')?.id).not.toBe(entityAt(a, 'Joko Anwar')?.id);
  });

  it('types English places and organisations by their head and tail words, keeping KB names', () => {
    const a = analyze('Flooding hit Riverside County on Sunday. The National Weather Service told the Associated Press that Pine Creek rose fast.', { lang: 'en' });
    expect(entityAt(a, 'Riverside County')?.type).toBe('LOC');
    expect(entityAt(a, 'Pine Creek')?.type).toBe('LOC');
    expect(entityAt(a, 'National Weather Service')?.type).toBe('ORG');
    expect(entityAt(a, 'Associated Press')?.kb).toBe('org:ap');
  });

  it('links countries to their names in other languages', () => {
    const a = analyze('Korea Utara meluncurkan rudal ke arah Jepang, kata militer Korea Selatan.', { lang: 'id' });
    expect(entityAt(a, 'Korea Utara')?.names).toMatchObject({ en: 'North Korea', code: 'KP' });
    expect(entityAt(a, 'Korea Selatan')?.id).not.toBe(entityAt(a, 'Korea Utara')?.id);
  });
});
