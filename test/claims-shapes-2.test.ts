import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { resolveEntities } from '../src/analysis/resolve.js';
import type { EntityCandidate } from '../src/analysis/entities.js';
import { loadKnowledgeBase } from '../src/kb/index.js';

// The rest of issue 12 (points 5 to 8), each in our own small sentences, in both languages.
const id = (text: string) => analyze(text, { lang: 'id', date: '2025-03-10' });
const en = (text: string) => analyze(text, { lang: 'en', date: '2025-03-10' });
const names = (a: ReturnType<typeof analyze>) => a.entities.map((e) => e.name);

describe('false entities: Title Case, shouted headings, ordinary acronyms, places', () => {
  it('English: a Title Case headline and a quoted title give no names', () => {
    const a = en('Room Are Masters Of The Game In New Film\n\nThe critic said "Room Are Masters Of" was a hit. Anna Berg agreed.');
    expect(names(a).some((n) => /Room|Masters|New Film/.test(n))).toBe(false);
    expect(names(a)).toContain('Anna Berg');
  });

  it('Indonesian: a quoted Title Case title gives no name; the speaker stays', () => {
    const a = id('Sutradara Rudi Hartawan mengatakan film "Jalan Yang Tak Pernah Sepi" tayang pekan depan.');
    expect(names(a).some((n) => /Jalan|Sepi/.test(n))).toBe(false);
    expect(names(a)).toContain('Rudi Hartawan');
  });

  it('English: a shouted heading of ordinary words is no name', () => {
    const a = en('The full text of the speech follows.\nFULL TEXT OF THE SPEECH\nThe mayor spoke for an hour about the text.');
    expect(names(a).some((n) => /FULL|TEXT/.test(n))).toBe(false);
  });

  it('ordinary-noun acronyms are neither names nor KB links; an ambiguous one follows its context', () => {
    const a = id('DPR membahas RUU Perampasan Aset dan RAPBN 2026. Pelaku UMKM menunggu. PPP Indonesia naik seiring PDB.');
    expect(names(a).some((n) => /^(RUU|RAPBN|UMKM|PDB)\b/.test(n))).toBe(false);
    expect(a.entities.find((e) => e.kb === 'org:ppp')).toBeUndefined();
    const party = id('Ketua Umum PPP Sulaiman Hadi mengatakan partainya siap.');
    expect(party.entities.find((e) => e.kb === 'org:ppp')).toBeDefined();
    const b = en('AI is changing how the GDP is measured. The new DC data centre opened in Virginia.');
    expect(names(b).some((n) => /^(AI|GDP|DC)$|Washington/.test(n))).toBe(false);
  });

  it('Indonesian: a name after "Kecamatan"/"Kabupaten" is a place, never a speaker', () => {
    const a = id('Warga Kecamatan Sukarame menolak rencana itu. "Kami tidak setuju," kata Ketua RT Joko Susilo.');
    expect(a.entities.filter((e) => e.type === 'PERSON').map((e) => e.name)).not.toContain('Sukarame');
    for (const c of a.claims) for (const s of c.speakers) expect(s.text).not.toBe('Sukarame');
  });
});

describe('merges', () => {
  const kb = loadKnowledgeBase();
  const cand = (text: string, start: number, type: EntityCandidate['type'], rule: string): EntityCandidate => ({ start, end: start + text.length, text, type, rule, sentence: 0 });

  it('an organisation inside a person\'s written title does not join that person; a surname does', () => {
    const entities = resolveEntities(
      [cand('Kasi Intel Kejari Sleman Budi', 0, 'PERSON', 'tagger'), cand('Kejari', 60, 'ORG', 'tagger'), cand('Budi', 90, 'ORG', 'tagger')],
      kb,
      { lang: 'id' },
    );
    const kejari = entities.find((e) => e.name === 'Kejari');
    expect(kejari?.type).toBe('ORG');
    expect(entities.find((e) => e.name === 'Kasi Intel Kejari Sleman Budi')!.aliases).toContain('Budi');
  });

  it('Jane Smith and John Smith stay apart; Obama, Barack Obama and Obama\'s are one', () => {
    const a = en('John Smith said the vote failed. Jane Smith said it passed. Barack Obama spoke first. Obama said yes. Obama\'s aides agreed.');
    expect(names(a)).toEqual(expect.arrayContaining(['John Smith', 'Jane Smith']));
    expect(a.entities.filter((e) => /Obama/.test(e.name))).toHaveLength(1);
  });
});

describe('quantities: glued list numbers, titles and headings', () => {
  it('Indonesian: "Rp 4 miliar3. Dinas ..." keeps its scale; "Film 5" is a title', () => {
    const a = id('Anggaran:\n1. Dinas Kesehatan Rp 12,5 miliar2. Dinas Sosial Rp 4 miliar\nSutradara itu merilis "Film 5" tahun lalu. Sebanyak 5 orang terluka.');
    const money = a.quantities.filter((q) => q.kind === 'money');
    expect(money.map((q) => [q.text, q.value])).toEqual([['Rp 12,5 miliar', 12.5e9], ['Rp 4 miliar', 4e9]]);
    for (const q of a.quantities) expect(a.text.slice(q.start, q.end)).toBe(q.text);
    const fives = a.quantities.filter((q) => q.kind === 'count' && q.value === 5);
    expect(fives.map((q) => q.unit)).toEqual(['orang']);
  });

  it('English: list headings and titles are no counts; a date is no count', () => {
    const a = en('Tips for the trip:\n1 Plan ahead\n2 Pack light\nThey watched "Film 5" twice. The fair on Nov. 8 kicked off the season. 5 people came.');
    expect(a.quantities.map((q) => q.text)).toEqual(['5']);
    expect(a.quantities[0]!.unit).toBe('people');
    expect(a.dates.map((d) => d.text)).toContain('Nov. 8');
  });
});

describe('the article date: a dateline, else a guess', () => {
  const noDate = (lang: 'id' | 'en', text: string) => analyze(text, { lang });
  it('Indonesian: "JAKARTA, Kamis (17/10/2024) -" is the dateline; a cited ruling is a guess', () => {
    expect(noDate('id', 'JAKARTA, Kamis (17/10/2024) - Harga beras naik kemarin.').reference).toEqual({ date: '2024-10-17', source: 'dateline' });
    const g = noDate('id', 'Harga beras naik lagi. Putusan pengadilan tanggal 3 Maret 2021 masih berlaku, kata pedagang.');
    expect(g.reference).toEqual({ date: '2021-03-03', source: 'guess' });
  });

  it('English: "WASHINGTON, Oct. 17, 2024 —" is the dateline; a transcript citation is a guess', () => {
    expect(noDate('en', 'WASHINGTON, Oct. 17, 2024 — The Senate voted on Thursday.').reference).toEqual({ date: '2024-10-17', source: 'dateline' });
    const g = noDate('en', 'The Senate voted again. According to a transcript of the hearing on March 3, 2021, the senator agreed.');
    expect(g.reference).toEqual({ date: '2021-03-03', source: 'guess' });
  });
});

describe('name-variant flags: real given-name variants, not capitals', () => {
  it('Indonesian: "Mochamad Rizki" and "Muhammad Rizki" are one person, flagged as written two ways', () => {
    const a = id('Camat Mochamad Rizki mengatakan jalan desa rusak berat. Muhammad Rizki menambahkan perbaikan dimulai pekan depan.');
    const people = a.entities.filter((e) => e.type === 'PERSON');
    expect(people).toHaveLength(1);
    const flags = a.flags.filter((f) => f.code === 'name-variants');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toContain('Muhammad Rizki');
    // Different given names that are no variants of each other stay two people, unflagged.
    const b = id('Camat Mochamad Rizki mengatakan jalan rusak. Bupati Ahmad Rizki mengatakan dana tersedia.');
    expect(b.entities.filter((e) => e.type === 'PERSON').map((e) => e.name).sort()).toEqual(['Ahmad Rizki', 'Mochamad Rizki']);
    expect(b.flags.filter((f) => f.code === 'name-variants')).toEqual([]);
  });

  it('English: "Mohammed" / "Muhammad" flagged; "SMITH" in capitals is no second spelling', () => {
    const a = en('Mayor Mohammed Karimi said the bridge would reopen. Muhammad Karimi added that repairs cost more.');
    expect(a.flags.filter((f) => f.code === 'name-variants').map((f) => f.message)).toEqual(['Mohammed Karimi is written 2 ways: Mohammed Karimi, Muhammad Karimi']);
    const b = en('Senator John Smith said the vote failed. Later SMITH said it was fine, and Smith left.');
    expect(b.flags.filter((f) => f.code === 'name-variants')).toEqual([]);
  });
});
