import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import type { Analysis, Claim } from '../src/types.js';

// Small hand-written sentences, one attribution shape each, in both languages.
const id = (text: string) => analyze(text, { lang: 'id', date: '2025-03-10' });
const en = (text: string) => analyze(text, { lang: 'en', date: '2025-03-10' });
const only = (a: Analysis): Claim => {
  expect(a.claims).toHaveLength(1);
  return a.claims[0]!;
};
const speakers = (c: Claim) => c.speakers.map((s) => s.text);

describe('claims in Indonesian', () => {
  it('"...," kata X', () => {
    const c = only(id('“Harga beras akan turun pekan depan,” kata Budi Santoso di Jakarta.'));
    expect(c).toMatchObject({ quote: true, stance: 'assert', text: 'Harga beras akan turun pekan depan', rule: 'quote-cue-speaker' });
    expect(c.cue?.text).toBe('kata');
    expect(speakers(c)).toEqual(['Budi Santoso']);
  });

  it('"...," ujarnya: the clitic is the person named before', () => {
    const a = id('Menteri Keuangan Sri Mulyani hadir di sana. “Kami siap menghadapi tekanan global,” ujarnya.');
    const c = a.claims.find((x) => x.quote)!;
    expect(c.cue?.text).toBe('ujarnya');
    expect(c.speakers[0]).toMatchObject({ text: 'nya', kind: 'pronoun' });
    expect(a.entities.find((e) => e.id === c.speakers[0]!.entity)?.name).toContain('Sri Mulyani');
  });

  it('X mengatakan bahwa ...', () => {
    const c = only(id('Gubernur Ridwan Kamil mengatakan bahwa jalan tol itu dibuka pada Senin.'));
    expect(c).toMatchObject({ quote: false, stance: 'assert', text: 'jalan tol itu dibuka pada Senin' });
    expect(speakers(c)).toEqual(['Ridwan Kamil']);
  });

  it('Menurut X, ...', () => {
    const c = only(id('Menurut Bank Indonesia, inflasi bulan lalu mencapai 2,5 persen.'));
    expect(c).toMatchObject({ stance: 'assert', rule: 'source-phrase', text: 'inflasi bulan lalu mencapai 2,5 persen' });
    expect(c.cue?.text).toBe('Menurut');
    expect(c.quantities).toHaveLength(1);
  });

  it('X membantah ...: a denial', () => {
    const c = only(id('Polisi membantah tuduhan kekerasan terhadap para demonstran.'));
    expect(c).toMatchObject({ stance: 'deny', text: 'tuduhan kekerasan terhadap para demonstran' });
  });

  it('a doubt phrase turns an assertion into doubt', () => {
    const c = only(id('Juru bicara WHO mengatakan pihaknya belum dapat memastikan jumlah korban.'));
    expect(c.stance).toBe('doubt');
  });

  it('a passive denial by a named party: ..., namun dibantah oleh X', () => {
    const a = id('Pengamat mengatakan bahwa harga minyak akan naik, namun dibantah oleh Pertamina.');
    const deny = a.claims.find((c) => c.stance === 'deny')!;
    expect(speakers(deny)).toEqual(['Pertamina']);
    expect(deny.text).toBe('harga minyak akan naik');
    expect(a.claims.find((c) => c.id === deny.target)?.text).toBe('harga minyak akan naik');
  });

  it('two speakers deny together, pointing back to the claim before', () => {
    const a = id('Para ahli mengatakan bahwa kapal itu membawa senjata. Namun Jakarta dan Canberra membantahnya.');
    const deny = a.claims.find((c) => c.stance === 'deny')!;
    expect(speakers(deny)).toEqual(['Jakarta', 'Canberra']);
    expect(deny.text).toBe('kapal itu membawa senjata');
  });

  it('a quotation that goes on after its attribution keeps its speaker', () => {
    const a = id('“Kami sudah melapor berkali-kali,” ujar Dedi, seorang warga, “tetapi tidak pernah ada tanggapan.”');
    expect(a.claims.map((c) => [c.text, c.rule, speakers(c).join()])).toEqual([
      ['Kami sudah melapor berkali-kali', 'quote-cue-speaker', 'Dedi'],
      ['tetapi tidak pernah ada tanggapan', 'quote-continued', 'Dedi'],
    ]);
  });

  it('"...," katanya: the clitic of a base cue; an unrecognised title and name after the cue still speaks', () => {
    const a = id('Menteri Pertanian Andi Amran Sulaiman meninjau pasar. “Stok beras aman sampai akhir tahun,” katanya.');
    expect(a.claims[0]!.speakers[0]).toMatchObject({ text: 'nya', kind: 'pronoun' });
    const b = id('“Pengiriman dilakukan bertahap,” kata Direktur Utama PT Sinar Abadi Raya di Medan.');
    expect(speakers(only(b))[0]).toContain('Direktur Utama');
    expect(speakers(only(id('“Iuran dapat dinaikkan bertahap,” tulis dokumen tersebut.')))).toEqual(['dokumen tersebut']);
    expect(only(id('“Krisis tidak terjadi tahun ini,” tutup Bhima.')).cue?.text).toBe('tutup');
  });

  it('a paragraph that opens with a quotation after a quoted paragraph goes on with the same speaker', () => {
    const a = id('“Harga cabai naik dua kali lipat,” kata Sumarni, pedagang di pasar itu.\n“Pembeli jadi berkurang banyak sejak pekan lalu.”');
    expect(a.claims.map((c) => [c.rule, speakers(c).join()])).toEqual([
      ['quote-cue-speaker', 'Sumarni'],
      ['quote-next-paragraph', 'Sumarni'],
    ]);
    expect(a.flags.filter((f) => f.code === 'unattributed-quote')).toEqual([]);
  });

  it('a negated reporting verb is not a claim', () => {
    expect(id('Menteri itu tidak mengungkapkan berapa anggaran yang disiapkan.').claims).toEqual([]);
  });

  it('an unnamed source keeps its words: seorang pejabat, para pejabat Barat', () => {
    expect(speakers(only(id('“Situasi sudah terkendali,” kata seorang pejabat kepada wartawan.')))).toEqual(['seorang pejabat']);
    expect(speakers(only(id('Para pejabat Barat mengatakan mereka memantau situasi.')))).toEqual(['Para pejabat Barat']);
  });
});

describe('claims in English', () => {
  it('"...," said X and "...," X said', () => {
    expect(speakers(only(en('"The bridge will reopen in May," said Helen Carter.')))).toEqual(['Helen Carter']);
    const c = only(en('"We are ready," Carter said.'));
    expect(c).toMatchObject({ quote: true, text: 'We are ready', rule: 'quote-speaker-cue' });
  });

  it('X said: "..."', () => {
    const c = only(en('The minister said: "Prices will fall by June."'));
    expect(c).toMatchObject({ quote: true, rule: 'speaker-cue-quote', text: 'Prices will fall by June' });
    expect(speakers(c)).toEqual(['The minister']);
  });

  it('X said that ... and according to X', () => {
    expect(only(en('Officials said that 300 people were evacuated.')).text).toBe('300 people were evacuated');
    const c = only(en('According to the World Bank, growth will slow to 4.7 percent.'));
    expect(c).toMatchObject({ rule: 'source-phrase', text: 'growth will slow to 4.7 percent' });
  });

  it('content before the speaker: "..., officials said on Tuesday."', () => {
    const c = only(en('The road will close next month, city officials said on Tuesday.'));
    expect(c.text).toBe('The road will close next month');
    expect(speakers(c)).toEqual(['city officials']);
  });

  it('denials and doubts', () => {
    expect(only(en('Moscow denied that its troops had crossed the border.')).stance).toBe('deny');
    expect(only(en('NATO said it had no evidence of the troop movements.')).stance).toBe('doubt');
    const a = en('Analysts said the shipment carried missiles. Tehran denied it.');
    const deny = a.claims.find((c) => c.stance === 'deny')!;
    expect(a.claims.find((c) => c.id === deny.target)?.text).toBe('the shipment carried missiles');
  });

  it('takes "that" as the complementiser only after a prepositional gap', () => {
    const c = only(en('Kremlin spokesman Dmitry Peskov said Moscow had no evidence that the aid would change anything.'));
    expect(c.text).toBe('Moscow had no evidence that the aid would change anything');
    expect(c.stance).toBe('doubt');
    expect(only(en('The minister said on Friday that talks would resume.')).text).toBe('talks would resume');
  });

  it('people speaking for an organisation: according to Pentagon officials', () => {
    const c = only(en('According to Pentagon officials, 2,000 missiles will be delivered.'));
    expect(c.speakers[0]).toMatchObject({ text: 'Pentagon officials', kind: 'unnamed' });
    expect(c.speakers[0]!.entity).toBeDefined();
  });

  it('", saying ..." adds words of the same speaker and ends the claim before it', () => {
    const a = en('A local business group denied that the closure would hurt trade, saying shops would stay open.');
    expect(a.claims.map((c) => [c.stance, c.text, c.rule, speakers(c).join()])).toEqual([
      ['deny', 'the closure would hurt trade', 'speaker-cue-content', 'A local business group'],
      ['assert', 'shops would stay open', 'participle-cue', 'A local business group'],
    ]);
  });

  it('the name before "who said" speaks', () => {
    const c = only(en('He also met NATO Secretary General Mark Rutte, who said the alliance was united.'));
    expect(c.speakers.map((s) => s.text)).toEqual(['Mark Rutte']);
    expect(c.text).toBe('the alliance was united');
  });

  it('negated and declined statements are not claims', () => {
    expect(en('The spokesman did not say when the talks would resume.').claims).toEqual([]);
  });

  it('resolves "he said" to the person named before', () => {
    const a = en('Prime Minister Anthony Albanese visited Jakarta. He said the visit was productive.');
    const c = only(a);
    expect(c.speakers[0]).toMatchObject({ text: 'He', kind: 'pronoun' });
    expect(a.entities.find((e) => e.id === c.speakers[0]!.entity)?.name).toContain('Albanese');
  });
});
