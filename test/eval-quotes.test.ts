import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BratError, attributionGold, parseBrat } from '../src/eval/brat.js';
import {
  EvalInputError,
  type RoleSpans,
  claimCounts,
  goldClaim,
  isSpeechCue,
  predictedClaims,
  scoreClaims,
  speakerKey,
  evalQuotesDir,
  formatQuotesReport,
  matchSpans,
  predictedSpans,
  scoreQuotes,
} from '../src/eval/quotes.js';

const DIR = join(import.meta.dirname, 'fixtures/eval-quotes');
const ID_TEXT = readFileSync(join(DIR, 'id-banjir.txt'), 'utf8');
const EN_TEXT = readFileSync(join(DIR, 'en-bridge.txt'), 'utf8');

/** The span of the `nth` occurrence of `s` in `text`, plus `extra` characters at the end. */
function at(text: string, s: string, nth = 0, extra = 0): { start: number; end: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(s, i + 1);
  if (i < 0) throw new Error(`not found: ${s}`);
  return { start: i, end: i + s.length + extra };
}

/** From the start of `a` to the end of `b`, as one continuous span. */
function from(text: string, a: string, b: string): { start: number; end: number } {
  const start = text.indexOf(a);
  const end = text.indexOf(b, start) + b.length;
  return { start, end };
}

function gold(name: string, text: string): RoleSpans {
  return attributionGold(parseBrat(readFileSync(join(DIR, `${name}.ann`), 'utf8'), text, `${name}.ann`)).spans;
}

describe('brat reader', () => {
  it('reads the Indonesian gold (binary Arg1/Arg2 relations between Cue and Source/Content)', () => {
    const g = attributionGold(parseBrat(readFileSync(join(DIR, 'id-banjir.ann'), 'utf8'), ID_TEXT, 'id-banjir.ann'));
    // 5 attributions; the Location span T16, the note and the attribute line are ignored.
    expect(g.attributions).toHaveLength(5);
    expect([g.spans.source.length, g.spans.cue.length, g.spans.content.length]).toEqual([5, 5, 5]);
    // The split quote is one discontinuous content span.
    const split = g.spans.content.find((f) => f.length === 2)!;
    expect(split.map(([s, e]) => ID_TEXT.slice(s, e))).toEqual(['Kami sudah melapor berkali-kali', 'tetapi tidak pernah ada tanggapan']);
  });

  it('reads the English gold (events whose trigger is the cue; one source shared by two attributions)', () => {
    const g = attributionGold(parseBrat(readFileSync(join(DIR, 'en-bridge.ann'), 'utf8'), EN_TEXT, 'en-bridge.ann'));
    expect(g.attributions).toHaveLength(5);
    // "A local business group" is the source of E4 and E5 but one distinct span.
    expect([g.spans.source.length, g.spans.cue.length, g.spans.content.length]).toEqual([4, 5, 5]);
    expect(g.spans.cue.map((f) => EN_TEXT.slice(f[0]![0], f[0]![1]))).toEqual(['said', 'told', 'According to', 'denied', 'saying']);
  });

  it('gives roles by argument name to spans of other types, and converts code-point offsets', () => {
    const text = '🙂 Ana: "Hujan reda."';
    // brat counts the emoji as one character; in UTF-16 it is two code units.
    const ann = ['T1\tPerson 2 5\tAna', 'T2\tSpan 8 18\tHujan reda', 'T3\tSpeech 5 6\t:', 'E1\tSpeech:T3 Speaker:T1 Message:T2'].join('\n');
    const g = attributionGold(parseBrat(ann, text, 'x.ann'));
    expect(g.spans.source).toEqual([[[3, 6]]]);
    expect(g.spans.content).toEqual([[[9, 19]]]);
    expect(g.spans.cue).toEqual([[[6, 7]]]);
  });

  it('names the file and line of a malformed annotation', () => {
    const bad = (ann: string): string => {
      try {
        parseBrat(ann, 'Ana berkata hujan reda.', 'doc.ann');
      } catch (err) {
        expect(err).toBeInstanceOf(BratError);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(bad('T1\tSource 0 3\tAna\nT2\tCue 4 x\tberkata')).toMatch(/^doc\.ann:2: bad text-bound annotation/);
    expect(bad('T1\tSource 0 3\tAni')).toMatch(/^doc\.ann:1: text "Ani" does not match the offsets, which give "Ana"/);
    expect(bad('\nT1\tSource 0 300\tAna')).toMatch(/^doc\.ann:2: span 0 300 lies outside the text/);
    expect(bad('T1 Source 0 3 Ana')).toMatch(/^doc\.ann:1: expected ID<TAB>ANNOTATION/);
    expect(bad('T1\tSource 0 3\tAna\nR1\tAttribution Arg1:T1 Arg2:T9')).toMatch(/^doc\.ann:2: R1 cites T9, which is not defined/);
    expect(bad('T1\tSource 0 3\tAna\nT1\tCue 4 11\tberkata')).toMatch(/^doc\.ann:2: duplicate id T1/);
  });
});

describe('quote scoring with fixed predictions', () => {
  it('matches one to one by overlap', () => {
    // One prediction covering two gold spans counts once; two predictions inside one gold span count once.
    expect(matchSpans([{ start: 0, end: 5 }, { start: 10, end: 15 }], [{ start: 0, end: 15 }]).overlap).toEqual({ gold: 2, predicted: 1, correct: 1 });
    expect(matchSpans([{ start: 0, end: 15 }], [{ start: 0, end: 5 }, { start: 10, end: 15 }]).overlap).toEqual({ gold: 1, predicted: 2, correct: 1 });
    // Touching is not overlapping (end is exclusive); duplicates count once.
    expect(matchSpans([{ start: 0, end: 5 }], [{ start: 5, end: 9 }, { start: 5, end: 9 }])).toEqual({
      exact: { gold: 1, predicted: 1, correct: 0 },
      overlap: { gold: 1, predicted: 1, correct: 0 },
    });
    // An augmenting path: greedy would give p1 to g1 and leave p2 unmatched.
    expect(matchSpans([{ start: 0, end: 4 }, { start: 6, end: 9 }], [{ start: 2, end: 8 }, { start: 0, end: 2 }]).overlap.correct).toBe(2);
  });

  it('scores the fixture gold against hand-made predictions (hand-computed figures)', () => {
    const t = ID_TEXT;
    const idPredicted: RoleSpans = {
      source: [
        at(t, 'Camat Sukamaju Rina Hartati'), // overlaps "Rina Hartati", not exact
        at(t, 'Agus Salim'), // exact
        at(t, 'Agus Salim'), // the same span again: counted once
        at(t, 'Agus', 1), // exact ("Menurut Agus")
        at(t, 'Dedi'), // exact
        at(t, 'seorang warga'), // wrong: no gold source there
      ], // "Pemerintah kabupaten" is missed
      cue: [
        at(t, 'kata'), // exact
        at(t, 'mengatakan bahwa'), // overlap only
        at(t, 'ujar'), // exact
      ], // "Menurut" and "membantah" are missed
      content: [
        at(t, 'Air mulai naik sekitar pukul sembilan malam dan terus bertambah sampai pagi', 0, 1), // with the comma: overlap only
        at(t, 'bahwa 320 warga telah dievakuasi ke balai desa'), // with "bahwa": overlap only
        at(t, 'bantuan logistik akan tiba hari ini'), // exact
        at(t, 'tanggul jebol karena tidak dirawat'), // exact
        from(t, 'Kami sudah', 'ada tanggapan'), // one continuous span over the split quote: overlap only
      ],
    };
    const e = EN_TEXT;
    const enPredicted: RoleSpans = {
      source: [
        at(e, 'city officials'), // exact
        at(e, 'Mayor Helen Carter'), // overlap only
        at(e, 'the transport department'), // exact
        at(e, 'A local business group'), // exact
        at(e, 'A local business group'), // again: counted once
      ],
      cue: [at(e, 'said'), at(e, 'told'), at(e, 'According to'), at(e, 'denied'), at(e, 'close')], // "saying" missed; "close" wrong
      content: [
        at(e, 'The old river bridge in Millbrook will close for repairs next month'), // exact
        at(e, 'We cannot wait for another winter'), // half of the split gold quote: overlap only
        at(e, 'The steel is corroded.'), // the other half: same gold span, already matched, so wrong
        from(e, 'the closure would hurt trade', 'shops would stay open'), // covers two gold spans: one match
      ], // "about 12,000 vehicles..." missed
    };
    const s = scoreQuotes([
      { gold: gold('id-banjir', ID_TEXT), predicted: idPredicted },
      { gold: gold('en-bridge', EN_TEXT), predicted: enPredicted },
    ]);
    // Hand computation (gold: id 5 sources, 5 cues, 5 contents; en 4 distinct sources, 5 cues, 5 contents):
    // source : pred 5 + 4 = 9 distinct, gold 5 + 4 = 9
    //          exact correct 3 (Agus Salim, Agus, Dedi) + 3 (city officials, transport dept, business group) = 6
    //            P = 6/9 = 0.6667, R = 6/9 = 0.6667, F1 = 2*6/(9+9) = 0.6667
    //          overlap correct 4 (+ Camat...Rina Hartati) + 4 (+ Mayor Helen Carter) = 8
    //            P = 8/9 = 0.8889, R = 8/9 = 0.8889, F1 = 0.8889
    // cue    : pred 3 + 5 = 8, gold 5 + 5 = 10
    //          exact 2 (kata, ujar) + 4 (said, told, According to, denied) = 6: P = 6/8 = 0.75, R = 6/10 = 0.6, F1 = 12/18 = 0.6667
    //          overlap 3 (+ mengatakan bahwa) + 4 = 7: P = 7/8 = 0.875, R = 7/10 = 0.7, F1 = 14/18 = 0.7778
    // content: pred 5 + 4 = 9, gold 5 + 5 = 10
    //          exact 2 (bantuan..., tanggul...) + 1 (The old river bridge...) = 3: P = 3/9 = 0.3333, R = 3/10 = 0.3, F1 = 6/19 = 0.3158
    //          overlap 5 (all) + 3 (bridge, winter half, closure/shops span once) = 8: P = 8/9 = 0.8889, R = 8/10 = 0.8, F1 = 16/19 = 0.8421
    const pick = (r: keyof typeof s, m: 'exact' | 'overlap'): number[] => [
      s[r][m].gold,
      s[r][m].predicted,
      s[r][m].correct,
    ];
    expect(pick('source', 'exact')).toEqual([9, 9, 6]);
    expect(pick('source', 'overlap')).toEqual([9, 9, 8]);
    expect(pick('cue', 'exact')).toEqual([10, 8, 6]);
    expect(pick('cue', 'overlap')).toEqual([10, 8, 7]);
    expect(pick('content', 'exact')).toEqual([10, 9, 3]);
    expect(pick('content', 'overlap')).toEqual([10, 9, 8]);
    expect(s.source.exact.f1).toBeCloseTo(0.6667, 4);
    expect(s.source.overlap.precision).toBeCloseTo(0.8889, 4);
    expect(s.cue.exact.precision).toBeCloseTo(0.75, 4);
    expect(s.cue.exact.recall).toBeCloseTo(0.6, 4);
    expect(s.cue.exact.f1).toBeCloseTo(0.6667, 4);
    expect(s.cue.overlap.f1).toBeCloseTo(0.7778, 4);
    expect(s.content.exact.precision).toBeCloseTo(0.3333, 4);
    expect(s.content.exact.recall).toBeCloseTo(0.3, 4);
    expect(s.content.exact.f1).toBeCloseTo(0.3158, 4);
    expect(s.content.overlap.recall).toBeCloseTo(0.8, 4);
    expect(s.content.overlap.f1).toBeCloseTo(0.8421, 4);
  });

  it('runs a directory with an injected analysis and maps claims to source, cue and content', () => {
    // A stand-in for analyze that returns one claim per file: the first gold attribution, exactly.
    const report = evalQuotesDir(DIR, {
      analyze: (text) => {
        const isId = text.startsWith('Banjir');
        const claim = isId
          ? { ...at(text, 'Air mulai naik sekitar pukul sembilan malam dan terus bertambah sampai pagi'), cue: at(text, 'kata'), speakers: [at(text, 'Rina Hartati')] }
          : { ...at(text, 'The old river bridge in Millbrook will close for repairs next month'), cue: at(text, 'said'), speakers: [at(text, 'city officials')] };
        return { language: isId ? 'id' : 'en', claims: [claim] } as never;
      },
    });
    // Documents sorted by name: en-bridge, id-banjir. Each role: 1 predicted, 1 correct.
    // source: gold 9, P = 2/2 = 1, R = 2/9 = 0.2222; cue and content: gold 10, R = 2/10 = 0.2.
    expect(report.documents.map((d) => d.name)).toEqual(['en-bridge', 'id-banjir']);
    expect(report.languages).toEqual({ en: 1, id: 1 });
    expect(report.attributions).toBe(10);
    expect(report.scores.source.exact).toMatchObject({ gold: 9, predicted: 2, correct: 2, precision: 1 });
    expect(report.scores.source.exact.recall).toBeCloseTo(2 / 9, 6);
    expect(report.scores.content.overlap).toMatchObject({ gold: 10, predicted: 2, correct: 2, recall: 0.2 });
    expect(formatQuotesReport(report).split('\n')[0]).toBe('saksi eval quotes: 2 documents (en 1, id 1), 10 attributions');
  });

  it('reads speaker, cue and claim spans from an analysis', () => {
    const p = predictedSpans({
      claims: [
        { start: 10, end: 20, cue: { start: 2, end: 5 }, speakers: [{ start: 0, end: 1 }, { start: 30, end: 33 }] },
        { start: 40, end: 50, speakers: [] },
      ] as never,
    });
    expect(p.source).toHaveLength(2);
    expect(p.cue).toHaveLength(1);
    expect(p.content).toHaveLength(2);
  });
});

describe('directory errors', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'saksi-eval-quotes-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const analyze = (): never => ({ language: 'id', claims: [] }) as never;

  it('reports a missing directory, a .txt without .ann and a malformed line', () => {
    expect(() => evalQuotesDir(join(tmp, 'nope'), { analyze })).toThrow(/no such directory/);
    try {
      evalQuotesDir(join(tmp, 'nope'), { analyze });
    } catch (err) {
      expect((err as EvalInputError).kind).toBe('missing');
    }
    const lonely = join(tmp, 'lonely');
    mkdirSync(lonely);
    writeFileSync(join(lonely, 'a.txt'), 'Ana berkata hujan reda.');
    expect(() => evalQuotesDir(lonely, { analyze })).toThrow(/a\.txt has no a\.ann beside it/);
    const broken = join(tmp, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'a.txt'), 'Ana berkata hujan reda.');
    writeFileSync(join(broken, 'a.ann'), 'T1\tSource 0 3\tAna\nT2\tCue four 11\tberkata\n');
    expect(() => evalQuotesDir(broken, { analyze })).toThrow(/a\.ann:2: bad text-bound annotation/);
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    expect(() => evalQuotesDir(empty, { analyze })).toThrow(/no \.txt files/);
  });
});

describe('saksi eval quotes (end to end)', () => {
  it('prints a JSON report of the expected shape on the fixtures', async () => {
    const { registerEvalQuotesCommand } = await import('../src/cli/eval-quotes.js');
    const evalCmd = new Command('eval').exitOverride();
    registerEvalQuotesCommand(evalCmd);
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      await evalCmd.parseAsync(['quotes', DIR, '--json'], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    const report = JSON.parse(out);
    expect(report.documents).toHaveLength(2);
    expect(report.attributions).toBe(10);
    for (const role of ['source', 'cue', 'content']) {
      for (const mode of ['exact', 'overlap']) {
        const s = report.scores[role][mode];
        expect(Object.keys(s).sort()).toEqual(['correct', 'f1', 'gold', 'precision', 'predicted', 'recall']);
        expect(s.gold).toBe(role === 'source' ? 9 : 10);
        for (const k of ['precision', 'recall', 'f1']) expect(s[k]).toBeGreaterThanOrEqual(0);
        for (const k of ['precision', 'recall', 'f1']) expect(s[k]).toBeLessThanOrEqual(1);
      }
      // Overlap is never stricter than exact.
      expect(report.scores[role].overlap.correct).toBeGreaterThanOrEqual(report.scores[role].exact.correct);
    }
    expect(Object.values(report.languages).reduce((a: number, b) => a + (b as number), 0)).toBe(2);
  });

  it('fails with a one-line error for a missing directory', async () => {
    const { registerEvalQuotesCommand } = await import('../src/cli/eval-quotes.js');
    const evalCmd = new Command('eval').exitOverride();
    registerEvalQuotesCommand(evalCmd);
    await expect(evalCmd.parseAsync(['quotes', join(DIR, 'missing')], { from: 'user' })).rejects.toMatchObject({
      name: 'CliError',
      exitCode: 66,
    });
  });
});

describe('per-claim scores (hand-computed)', () => {
  // Our own small article, four gold events:
  //   E1 "Harga beras naik" (Source "Dia", note "Siti Rahma"), assert
  //   E2 "laporan itu tidak benar" (Source "Bupati", note "Budi Santoso"), deny
  //   E3 "belum ada bukti kebocoran" (Source "polisi", no note), doubt
  //   E4 "stok aman" (Source "Siti", note "Siti Rahma"), assert
  const text =
    'Siti Rahma berbicara di pasar. Dia mengatakan harga beras naik. Bupati membantah laporan itu tidak benar. ' +
    'Menurut polisi, belum ada bukti kebocoran. "Stok aman," kata Siti.';
  const span = (s: string): [number, number] => {
    const i = text.indexOf(s);
    if (i < 0) throw new Error(s);
    return [i, i + s.length];
  };
  const t = (id: string, type: string, s: string): string => `${id}\t${type} ${span(s).join(' ')}\t${s}`;
  const ann = [
    t('T1', 'Source', 'Dia'),
    t('T2', 'Attribution', 'mengatakan'),
    t('T3', 'Content', 'harga beras naik'),
    t('T4', 'Source', 'Bupati'),
    t('T5', 'Attribution', 'membantah'),
    t('T6', 'Content', 'laporan itu tidak benar'),
    t('T7', 'Attribution', 'Menurut'),
    t('T8', 'Source', 'polisi'),
    t('T9', 'Content', 'belum ada bukti kebocoran'),
    t('T10', 'Content', 'Stok aman'),
    t('T11', 'Attribution', 'kata'),
    t('T12', 'Source', 'Siti'),
    'E1\tAttribution:T2 Source:T1 Content:T3',
    'E2\tAttribution:T5 Source:T4 Content:T6',
    'E3\tAttribution:T7 Source:T8 Content:T9',
    'E4\tAttribution:T11 Source:T12 Content:T10',
    'A1\tStance E2 deny',
    'A2\tStance E3 doubt',
    '#1\tAnnotatorNotes T1\tSiti Rahma',
    '#2\tAnnotatorNotes T4\tBudi Santoso',
    '#3\tAnnotatorNotes T12\tSiti Rahma',
  ].join('\n');

  it('reads stance attributes and annotator notes into the attributions', () => {
    const g = attributionGold(parseBrat(ann, text, 'x.ann'));
    expect(g.attributions.map((a) => a.stance)).toEqual([undefined, 'deny', 'doubt', undefined]);
    expect(g.attributions.map((a) => a.sourceNotes)).toEqual([['Siti Rahma'], ['Budi Santoso'], [undefined], ['Siti Rahma']]);
  });

  it('matches claims one to one and scores claims, speakers and stances', () => {
    const [s1, e1] = span('harga beras naik');
    const [s2, e2] = span('laporan itu tidak benar');
    const [s4, e4] = span('Stok aman');
    const [sx, ex] = span('Siti Rahma berbicara di pasar');
    const claim = (start: number, end: number, stance: string, speakers: { text: string; entity?: string }[]) =>
      ({ start, end, text: text.slice(start, end), stance, speakers: speakers.map((s) => ({ ...s, start: 0, end: 0, kind: 'name' })) }) as never;
    const analysis = {
      language: 'id',
      entities: [{ id: 'e1', name: 'Siti Rahma' }, { id: 'e2', name: 'Budi' }] as never,
      claims: [
        claim(s1, e1, 'assert', [{ text: 'Dia', entity: 'e1' }]), // matches E1; speaker "Siti Rahma" = note: right
        claim(s2, e2 - 6, 'deny', [{ text: 'Bupati', entity: 'e2' }]), // matches E2 by overlap; "Budi" ≠ "Budi Santoso": wrong; deny right
        claim(s4, e4, 'doubt', [{ text: 'SITI  RAHMA' }]), // matches E4; text folds to the note: right; doubt wrong (gold assert)
        claim(sx, ex, 'assert', []), // narration: matches nothing
      ],
    };
    const g = attributionGold(parseBrat(ann, text, 'x.ann'));
    const counts = claimCounts(g.attributions.flatMap((a) => goldClaim(a, text) ?? []), predictedClaims(analysis));
    const scores = scoreClaims([counts]);
    // claims: 3 matched of 4 gold (E3 missed) and of 4 predicted: P = R = 0.75.
    expect(scores.claims).toMatchObject({ gold: 4, predicted: 4, correct: 3, precision: 0.75, recall: 0.75 });
    // speakers: 2 right of the 3 matched pairs with a gold source.
    expect(scores.speaker).toEqual({ total: 3, correct: 2, accuracy: 2 / 3 });
    // deny: 1 gold, 1 predicted, 1 right: P = R = 1. doubt: 1 gold (E3, missed), 1 predicted (on E4): P = R = 0.
    expect(scores.stance.deny).toMatchObject({ gold: 1, predicted: 1, correct: 1, precision: 1, recall: 1 });
    expect(scores.stance.doubt).toMatchObject({ gold: 1, predicted: 1, correct: 0, precision: 0, recall: 0 });
  });

  it('prefers the larger overlap when one claim could match two attributions', () => {
    // Gold A = [0,10), B = [8,30); prediction P1 = [5,30) overlaps A by 5 and B by 22: it takes B,
    // and P2 = [0,4) takes A: 2 matched.
    const gold = [
      { content: [[0, 10]] as const, stance: 'assert', speaker: 'Ana' },
      { content: [[8, 30]] as const, stance: 'assert', speaker: 'Budi' },
    ];
    const predicted = [
      { content: [[5, 30]] as const, stance: 'assert', speaker: 'budi' },
      { content: [[0, 4]] as const, stance: 'assert', speaker: 'Ani' },
    ];
    const s = scoreClaims([claimCounts(gold, predicted)]);
    expect(s.claims.correct).toBe(2);
    // P1 ↔ B: "budi" folds to "Budi": right; P2 ↔ A: "Ani" ≠ "Ana": wrong.
    expect(s.speaker).toEqual({ total: 2, correct: 1, accuracy: 0.5 });
  });

  it('folds speaker names and drops the conjunctions between several speakers', () => {
    expect(speakerKey('Moskow dan Pyongyang')).toBe(speakerKey('moskow pyongyang'));
    expect(speakerKey('Smith & Jones')).toBe('smith jones');
    expect(speakerKey('Erdoğan')).toBe('erdogan');
  });

  it('tells speech-act cues in any inflection from thoughts and intentions', () => {
    for (const cue of ['said', 'says', 'told', 'has said', 'According to', 'denied', 'admitted', 'tweeted', 'replying', 'wrote', 'testified', 'called', 'describes'])
      expect(isSpeechCue(cue), cue).toBe(true);
    for (const cue of ['believes', 'wants', 'found', 'has learned', 'thinks', 'hopes', '―']) expect(isSpeechCue(cue), cue).toBe(false);
  });

  it('with --cues speech, scores only speech attributions and leaves out claims on the others', () => {
    // Gold: E1 "said" (speech) on "rain is coming"; E2 "believes" (thought) on "the dam holds".
    const doc = 'Ana said rain is coming. Budi believes the dam holds. The mayor opened the bridge.';
    const dir = goldDir('saksi-speech-', doc, [['Ana', 'said', 'rain is coming'], ['Budi', 'believes', 'the dam holds']]);
    const c = (s: string) => ({ start: doc.indexOf(s), end: doc.indexOf(s) + s.length, stance: 'assert', speakers: [] }) as never;
    // Predictions: on E1 (kept), on E2 (filtered out: left out), on the narration (a false claim).
    const analyze = () => ({ language: 'en', claims: [c('rain is coming'), c('the dam holds'), c('opened the bridge')] });
    const all = evalQuotesDir(dir, { analyze });
    const speech = evalQuotesDir(dir, { analyze, cues: 'speech' });
    rmSync(dir, { recursive: true, force: true });
    // all: 2 gold, 3 predicted, 2 matched. speech: 1 gold, 2 predicted (E2's claim left out), 1 matched.
    expect(all.claims.claims).toMatchObject({ gold: 2, predicted: 3, correct: 2 });
    expect(speech.claims.claims).toMatchObject({ gold: 1, predicted: 2, correct: 1, precision: 0.5, recall: 1 });
    expect(speech.scores.content.overlap).toMatchObject({ gold: 1, predicted: 2, correct: 1 });
    expect(speech.cues).toBe('speech');
  });

  it('with --acts, scores claims alone, claims and requests, or claims and every attitude', () => {
    // Gold: E1 "said" on "rain is coming", E2 "believes" on "the dam holds", E3 "urged" on "leave early".
    const doc = 'Ana said rain is coming. Budi believes the dam holds. Citra urged residents to leave early.';
    const dir = goldDir('saksi-acts-', doc, [['Ana', 'said', 'rain is coming'], ['Budi', 'believes', 'the dam holds'], ['Citra', 'urged', 'leave early']]);
    const at = (s: string, speaker: string) => ({ start: doc.indexOf(s), end: doc.indexOf(s) + s.length, speakers: [{ start: doc.indexOf(speaker), end: doc.indexOf(speaker) + speaker.length, text: speaker }] });
    // One claim (E1), a belief (E2) and a request (E3), each with its speaker.
    const analyze = () =>
      ({
        language: 'en',
        claims: [{ ...at('rain is coming', 'Ana'), stance: 'assert' }],
        attitudes: [{ ...at('the dam holds', 'Budi'), act: 'belief' }, { ...at('leave early', 'Citra'), act: 'request' }],
      }) as never;
    const statement = evalQuotesDir(dir, { analyze });
    const speech = evalQuotesDir(dir, { analyze, acts: 'speech' });
    const all = evalQuotesDir(dir, { analyze, acts: 'all' });
    rmSync(dir, { recursive: true, force: true });
    // 3 gold sources; claims alone find 1 (P 1, R 1/3), with requests 2 (R 2/3), with every attitude 3.
    expect(statement.acts).toBe('statement');
    expect(statement.scores.source.overlap).toMatchObject({ gold: 3, predicted: 1, correct: 1, precision: 1 });
    expect(speech.scores.source.overlap).toMatchObject({ gold: 3, predicted: 2, correct: 2 });
    expect(all.scores.source.overlap).toMatchObject({ gold: 3, predicted: 3, correct: 3, recall: 1 });
    expect(all.claims.claims).toMatchObject({ gold: 3, predicted: 3, correct: 3 });
    expect(formatQuotesReport(all).split('\n')[1]).toBe('predicted: claims and attitudes (beliefs, feelings, intentions, requests)');
  });
});

/** A temporary directory with `a.txt` (doc) and `a.ann`: one event per [source, cue, content], each span the first occurrence in doc. */
function goldDir(prefix: string, doc: string, events: readonly (readonly [string, string, string])[]): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const sp = (s: string): string => {
    const i = doc.indexOf(s);
    return `${i} ${i + s.length}\t${s}`;
  };
  const lines = events.flatMap(([source, cue, content], e) => {
    const t = 3 * e;
    return [`T${t + 1}\tSource ${sp(source)}`, `T${t + 2}\tCue ${sp(cue)}`, `T${t + 3}\tContent ${sp(content)}`];
  });
  const eventLines = events.map((_, e) => `E${e + 1}\tAttribution:T${3 * e + 2} Source:T${3 * e + 1} Content:T${3 * e + 3}`);
  writeFileSync(join(dir, 'a.txt'), doc);
  writeFileSync(join(dir, 'a.ann'), [...lines, ...eventLines].join('\n'));
  return dir;
}
