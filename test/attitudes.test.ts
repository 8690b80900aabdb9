import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analysis/analyze.js';
import { formatReport } from '../src/cli/report.js';
import type { Analysis, Attitude, Claim } from '../src/types.js';

// Beliefs, feelings, intentions and requests (issue 12): found like claims, with speaker, cue and
// content, but kept apart from them (docs/claims-annotation.md). Our own small sentences.
const id = (text: string) => analyze(text, { lang: 'id', date: '2025-03-10' });
const en = (text: string) => analyze(text, { lang: 'en', date: '2025-03-10' });
const attitudeWith = (a: Analysis, words: string): Attitude => {
  const x = (a.attitudes ?? []).find((t) => t.text.includes(words));
  if (!x) throw new Error(`no attitude with "${words}" in ${JSON.stringify((a.attitudes ?? []).map((t) => t.text))}`);
  return x;
};
const claimWith = (a: Analysis, words: string): Claim => {
  const c = a.claims.find((x) => x.text.includes(words));
  if (!c) throw new Error(`no claim with "${words}" in ${JSON.stringify(a.claims.map((x) => x.text))}`);
  return c;
};
const who = (a: Analysis, x: { speakers: Claim['speakers'] }): string[] =>
  x.speakers.map((s) => (s.entity ? a.entities.find((e) => e.id === s.entity)!.name : s.text));
const noClaimWith = (a: Analysis, words: string): void => expect(a.claims.filter((c) => c.text.includes(words))).toEqual([]);

describe('attitudes in English', () => {
  it('a belief, an intention and a feeling, each with its holder, cue and content, and none a claim', () => {
    const a = en(
      'Senator Ann Miller believes the bridge is unsafe. Mayor Tom Reed wants to rebuild the harbour. ' +
        'Farmers are worried that the rain will not come.',
    );
    const belief = attitudeWith(a, 'the bridge is unsafe');
    expect(belief).toMatchObject({ act: 'belief', text: 'the bridge is unsafe', rule: 'attitude-cue-content' });
    expect(belief.cue.text).toBe('believes');
    expect(who(a, belief)).toEqual(['Ann Miller']);
    const intention = attitudeWith(a, 'rebuild the harbour');
    expect(intention).toMatchObject({ act: 'intention', text: 'rebuild the harbour' });
    expect(who(a, intention)).toEqual(['Tom Reed']);
    const feeling = attitudeWith(a, 'the rain will not come');
    expect(feeling.act).toBe('feeling');
    expect(feeling.text).toBe('the rain will not come');
    expect(who(a, feeling)).toEqual(['Farmers']);
    expect(a.claims).toEqual([]);
    expect(a.attitudes!.map((t) => t.id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('"called for" is a request though "called" is a statement cue; "urged ... to" too', () => {
    const a = en('The teachers union called for a new vote on the budget. Governor Lisa Park urged residents to leave early.');
    expect(attitudeWith(a, 'a new vote').act).toBe('request');
    expect(attitudeWith(a, 'a new vote').cue.text).toBe('called for');
    expect(who(a, attitudeWith(a, 'residents to leave early'))).toEqual(['Lisa Park']);
    expect(a.claims).toEqual([]);
  });

  it('a passive participle holds no belief of its subject; a possessive owner holds no plan', () => {
    const a = en('The dam is expected to hold through the winter. The mayor\'s plans to sell the port drew anger.');
    expect(a.attitudes).toEqual([]);
  });

  it('a participle after a clause: ", promising to cut taxes" is an intention of its subject', () => {
    const a = en('Tom Reed spoke for an hour in Millbrook, promising to cut property taxes.');
    const t = attitudeWith(a, 'cut property taxes');
    expect(t).toMatchObject({ act: 'intention', rule: 'participle-cue' });
    expect(who(a, t)).toEqual(['Tom Reed']);
  });

  it('a cue that ends its sentence holds what stands before its speaker', () => {
    const a = en('At least that is what the Reed campaign now hopes.');
    const t = attitudeWith(a, 'that is what');
    expect(t.act).toBe('intention');
  });
});

describe('attitudes in Indonesian', () => {
  it('yakin, berencana, khawatir: a belief, an intention and a feeling, no claims', () => {
    const a = id(
      'Menteri Keuangan Sri Wahyuni yakin ekonomi tumbuh lima persen tahun ini. ' +
        'Bupati Ahmad Yani berencana membangun jembatan baru di Sukamaju. Warga khawatir banjir datang lagi.',
    );
    const belief = attitudeWith(a, 'ekonomi tumbuh');
    expect(belief.act).toBe('belief');
    expect(belief.cue.text).toBe('yakin');
    expect(who(a, belief)).toEqual(['Sri Wahyuni']);
    const intention = attitudeWith(a, 'membangun jembatan baru');
    expect(intention.act).toBe('intention');
    expect(who(a, intention)).toEqual(['Ahmad Yani']);
    const feeling = attitudeWith(a, 'banjir datang lagi');
    expect(feeling.act).toBe('feeling');
    expect(who(a, feeling)).toEqual(['Warga']);
    expect(a.claims).toEqual([]);
  });

  it('meminta is a request; "mengingatkan agar" a request, "mengingatkan bahwa" still a claim', () => {
    const a = id(
      'Kapolres Budi Santoso meminta warga tetap tenang. Dia mengingatkan agar warga tidak menyebarkan kabar bohong. ' +
        'Dia juga mengingatkan bahwa jalan tol ditutup sampai Senin.',
    );
    expect(attitudeWith(a, 'warga tetap tenang').act).toBe('request');
    const reminded = attitudeWith(a, 'tidak menyebarkan kabar bohong');
    expect(reminded).toMatchObject({ act: 'request', rule: 'speaker-cue-request' });
    expect(reminded.text.startsWith('warga')).toBe(true);
    expect(claimWith(a, 'jalan tol ditutup').stance).toBe('assert');
    noClaimWith(a, 'tetap tenang');
  });

  it('"...," harapnya: a quoted wish of the one who spoke before, no claim; "...," katanya stays a claim', () => {
    const a = id(
      'Rina Hartati meninjau jalan desa yang rusak pada Senin. "Jalannya sudah berlubang sejak tahun lalu," katanya. ' +
        '"Semoga jalan ini segera diperbaiki," harapnya.',
    );
    const wish = attitudeWith(a, 'segera diperbaiki');
    expect(wish).toMatchObject({ act: 'intention', quote: true });
    expect(wish.cue.text).toBe('harapnya');
    expect(who(a, wish)).toEqual(['Rina Hartati']);
    expect(who(a, claimWith(a, 'berlubang sejak tahun lalu'))).toEqual(['Rina Hartati']);
    noClaimWith(a, 'segera diperbaiki');
  });
});

describe('statement shapes found on the way (claims)', () => {
  it('English: a quotation signed after a dash', () => {
    const a = en('"We will not leave this town, whatever the council decides." ― Maria Santos');
    const c = claimWith(a, 'We will not leave this town');
    expect(c.rule).toBe('quote-dash-speaker');
    expect(c.cue?.text).toBe('―');
    expect(who(a, c)).toEqual(['Maria Santos']);
  });

  it('English: transcript turns; a lone capitalised label is no turn', () => {
    const a = en('SMITH: We will open the bridge next week.\nJONES: Will it be safe for heavy trucks?\n');
    expect(a.claims.map((c) => [c.speakers[0]!.text, c.text, c.rule])).toEqual([
      ['SMITH', 'We will open the bridge next week', 'transcript-turn'],
      ['JONES', 'Will it be safe for heavy trucks', 'transcript-turn'],
    ]);
    expect(en('UPDATE: The road along the river is closed until Monday.\n').claims).toEqual([]);
  });

  it('English: "<content>, said X." and "Said X: ..."', () => {
    const a = en('The losses would outstrip the gains for some families, said Batchelder. Said Ellis: "I do not see any reform here."');
    const inverted = claimWith(a, 'The losses would outstrip the gains');
    expect(inverted.rule).toBe('content-cue-speaker');
    expect(inverted.speakers.map((s) => s.text)).toEqual(['Batchelder']);
    const colon = claimWith(a, 'I do not see any reform here');
    expect(colon.rule).toBe('cue-speaker-colon');
    expect(colon.speakers.map((s) => s.text)).toEqual(['Ellis']);
  });

  it('English: a clause-opening phrase that names a source speaks ("A Ledger analysis of ... shows")', () => {
    const a = en('A Daily Ledger analysis of county budgets shows that road spending doubled since 2019.');
    const c = claimWith(a, 'road spending doubled');
    expect(c.speakers[0]!.text).toBe('A Daily Ledger analysis of county budgets');
  });

  it('English: an adverb between the speaker and the cue is not the speaker', () => {
    const a = en('Tom Reed flatly dismissed the report. Governor Lisa Park cynically noted that the fund was empty.');
    expect(who(a, claimWith(a, 'the fund was empty'))).toEqual(['Lisa Park']);
  });
});

describe('the report', () => {
  it('lists attitudes apart from the claims, by kind, with their holders', () => {
    const a = en('Mayor Tom Reed said the harbour will reopen in May. He wants to rebuild the old pier.');
    expect(a.claims).toHaveLength(1);
    const out = formatReport(a, { color: false });
    expect(out).toContain('Claims (1)');
    expect(out).toMatch(/Beliefs, feelings, intentions, requests \(1\)/);
    expect(out).toMatch(/INTENTION .*Tom Reed/);
    expect(out).toContain('rebuild the old pier');
  });
});
