import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getEvalCommand, registerEvalCommand } from '../src/cli/eval.js';
import { CliError, EXIT } from '../src/cli/errors.js';
import { ConllFormatError, parseConll, repairBio, tagsToSpans } from '../src/eval/conll.js';
import { formatNerReport, parseTypeMap, scoreNer, type NerPredictor } from '../src/eval/ner.js';

// Hand-written sentences (not from any data set).
const GOLD = [
  '-DOCSTART- -X- O',
  '',
  'Budi NNP B-PER',
  'Santoso NNP I-PER',
  'tinggal VB O',
  'di IN O',
  'Bandung NNP B-LOC',
  '. Z O',
  '',
  'Kantor NNP B-ORG',
  'Pos NNP I-ORG',
  'Indonesia NNP I-ORG',
  'buka VB O',
  'Senin NNP O',
  '. Z O',
  '',
].join('\r\n');

// The system under test, by hand: right on Budi Santoso, wrong type on Bandung, wrong start on
// "Pos Indonesia", and a spurious PER on Senin.
const PREDICTED: Record<string, string[]> = {
  'Budi Santoso tinggal di Bandung .': ['B-PER', 'I-PER', 'O', 'O', 'B-ORG', 'O'],
  'Kantor Pos Indonesia buka Senin .': ['O', 'B-ORG', 'I-ORG', 'O', 'B-PER', 'O'],
};
const fixed: NerPredictor = (tokens) => PREDICTED[tokens.join(' ')] ?? tokens.map(() => 'O');

describe('parseConll', () => {
  it('reads token and last-column tag, CRLF, skips -DOCSTART-, remembers lines', () => {
    const sentences = parseConll(GOLD);
    expect(sentences).toHaveLength(2);
    expect(sentences[0]).toEqual({
      tokens: ['Budi', 'Santoso', 'tinggal', 'di', 'Bandung', '.'],
      tags: ['B-PER', 'I-PER', 'O', 'O', 'B-LOC', 'O'],
      line: 3,
    });
    expect(sentences[1]!.line).toBe(10);
  });

  it('accepts two columns, tabs, a BOM, and no final blank line', () => {
    expect(parseConll('\uFEFFAmir\tB-PER\nberlari\tO')).toEqual([{ tokens: ['Amir', 'berlari'], tags: ['B-PER', 'O'], line: 1 }]);
  });

  it('names the file and line of a line with one column', () => {
    const text = 'Amir B-PER\n\nberlari\n';
    expect(() => parseConll(text, { file: 'x.conll' })).toThrow(ConllFormatError);
    expect(() => parseConll(text, { file: 'x.conll' })).toThrow(/^x\.conll:3: expected "token \.\.\. tag"/);
  });

  it('names the file and line of a tag that is not IOB', () => {
    expect(() => parseConll('Amir NNP B-PER\r\nMakan VB PERSON\r\n', { file: 'y.txt' })).toThrow(
      /^y\.txt:2: the last column must be an IOB tag .*"PERSON"/,
    );
    expect(() => parseConll('Amir X-PER\n', { file: 'z' })).toThrow(/^z:1:/);
  });
});

describe('tagsToSpans', () => {
  it('reads IOB2, IOB1 and BIOES alike', () => {
    const expected = [
      { start: 0, end: 2, type: 'PER' },
      { start: 3, end: 4, type: 'LOC' },
    ];
    expect(tagsToSpans(['B-PER', 'I-PER', 'O', 'B-LOC'])).toEqual(expected);
    expect(tagsToSpans(['I-PER', 'I-PER', 'O', 'I-LOC'])).toEqual(expected);
    expect(tagsToSpans(['B-PER', 'E-PER', 'O', 'S-LOC'])).toEqual(expected);
    expect(tagsToSpans(['B-PER', 'L-PER', 'O', 'U-LOC'])).toEqual(expected);
  });

  it('starts a new chunk at B- even inside one of the same type (IOB1 adjacent names)', () => {
    expect(tagsToSpans(['I-PER', 'B-PER'])).toEqual([
      { start: 0, end: 1, type: 'PER' },
      { start: 1, end: 2, type: 'PER' },
    ]);
  });

  it('repairs I- after O or after another type into a new chunk', () => {
    expect(tagsToSpans(['O', 'I-PER', 'I-PER'])).toEqual([{ start: 1, end: 3, type: 'PER' }]);
    expect(tagsToSpans(['B-PER', 'I-LOC'])).toEqual([
      { start: 0, end: 1, type: 'PER' },
      { start: 1, end: 2, type: 'LOC' },
    ]);
    expect(repairBio(['O', 'I-PER', 'I-PER', 'I-ORG'])).toEqual(['O', 'B-PER', 'I-PER', 'B-ORG']);
  });

  it('gives back the spans of any valid BIO sequence it made (property)', () => {
    const tag = fc.constantFrom('O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'E-LOC', 'S-ORG');
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 30 }), (tags) => {
        const bio = repairBio(tags);
        expect(tagsToSpans(bio)).toEqual(tagsToSpans(tags));
        expect(repairBio(bio)).toEqual(bio);
      }),
    );
  });
});

describe('scoreNer', () => {
  it('matches exact spans and computes P/R/F1 per type and micro overall', () => {
    const report = scoreNer(parseConll(GOLD), fixed);
    expect(report.sentences).toBe(2);
    expect(report.tokens).toBe(12);
    // PER: 2 predicted (Budi Santoso ok, Senin spurious), 1 gold.
    expect(report.types.PER).toMatchObject({ gold: 1, predicted: 2, correct: 1, precision: 0.5, recall: 1 });
    expect(report.types.PER!.f1).toBeCloseTo(2 / 3, 10);
    // ORG: 2 predicted (Bandung, Pos Indonesia), none right; 1 gold.
    expect(report.types.ORG).toMatchObject({ gold: 1, predicted: 2, correct: 0, precision: 0, recall: 0, f1: 0 });
    // LOC: 1 gold, never predicted.
    expect(report.types.LOC).toMatchObject({ gold: 1, predicted: 0, correct: 0, precision: 0, recall: 0, f1: 0 });
    // Overall: 1 correct of 4 predicted and 3 gold.
    expect(report.overall.precision).toBeCloseTo(1 / 4, 10);
    expect(report.overall.recall).toBeCloseTo(1 / 3, 10);
    expect(report.overall.f1).toBeCloseTo(2 / 7, 10);
  });

  it('renames types on both sides with a map, and drops a type mapped to O', () => {
    const mapped = scoreNer(parseConll(GOLD), fixed, { map: parseTypeMap('PER=PERSON, LOC=GPE') });
    expect(Object.keys(mapped.types)).toEqual(['GPE', 'ORG', 'PERSON']);
    expect(mapped.types.PERSON).toMatchObject({ gold: 1, predicted: 2, correct: 1 });
    const dropped = scoreNer(parseConll(GOLD), fixed, { map: { ORG: 'O' } });
    expect(Object.keys(dropped.types)).toEqual(['LOC', 'PER']);
    expect(dropped.overall).toMatchObject({ gold: 2, predicted: 2, correct: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('gives a perfect score to the gold tags themselves, in another encoding', () => {
    const gold = parseConll(GOLD);
    const report = scoreNer(gold, (tokens) => {
      const s = gold.find((g) => g.tokens === tokens)!;
      return tagsToSpans(s.tags).reduce(
        (tags, sp) => {
          for (let i = sp.start; i < sp.end; i++) tags[i] = `${i === sp.end - 1 ? 'E' : 'I'}-${sp.type}`;
          if (sp.end - sp.start === 1) tags[sp.start] = `S-${sp.type}`;
          return tags;
        },
        s.tokens.map(() => 'O'),
      );
    });
    expect(report.overall).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });

  it('throws when the predictor returns the wrong number of tags', () => {
    expect(() => scoreNer(parseConll(GOLD), () => ['O'])).toThrow(/1 tags for 6 tokens \(sentence at line 3\)/);
  });

  it('rejects a bad map item', () => {
    expect(() => parseTypeMap('PER=PERSON,LOC')).toThrow(/"LOC": expected TAG=TYPE/);
  });
});

describe('formatNerReport', () => {
  it('prints a row per type and ends with the overall line', () => {
    const text = formatNerReport(scoreNer(parseConll(GOLD), fixed));
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('overall  P=0.250 R=0.333 F1=0.286');
    expect(text).toMatch(/^PER\s+1\s+2\s+1\s+0\.500\s+1\.000\s+0\.667$/m);
    expect(text).toMatch(/^LOC\s+1\s+0\s+0\s+0\.000\s+0\.000\s+0\.000$/m);
  });
});

describe('saksi eval ner', () => {
  let dir: string;
  let out: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'saksi-eval-'));
    out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const program = (predictor?: NerPredictor): Command => {
    const p = new Command('saksi').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    registerEvalCommand(p, predictor ? { nerPredictor: () => predictor } : {});
    return p;
  };
  const run = (p: Command, ...args: string[]): Promise<Command> => p.parseAsync(['node', 'saksi', 'eval', 'ner', ...args]);

  it('prints the table with an injected predictor', async () => {
    const file = join(dir, 'gold.conll');
    writeFileSync(file, GOLD);
    await run(program(fixed), file);
    expect(out.trimEnd().split('\n').at(-1)).toBe('overall  P=0.250 R=0.333 F1=0.286');
  });

  it('prints JSON with --json and applies --map', async () => {
    const file = join(dir, 'gold.conll');
    writeFileSync(file, GOLD);
    await run(program(fixed), file, '--json', '--map', 'PER=PERSON');
    const report = JSON.parse(out);
    expect(report.file).toBe(file);
    expect(report.types.PERSON.correct).toBe(1);
    expect(report.overall.f1).toBeCloseTo(2 / 7, 10);
  });

  it('uses the shipped tagger by default', async () => {
    const file = join(dir, 'mini.conll');
    writeFileSync(file, 'Presiden O\nJoko B-PER\nWidodo I-PER\ntiba O\ndi O\nJakarta B-LOC\n. O\n');
    await run(program(), file);
    expect(out).toMatch(/overall {2}P=1\.000 R=1\.000 F1=1\.000/);
  });

  it('fails with EXIT.noInput naming a missing file', async () => {
    const missing = join(dir, 'nope.conll');
    const err = await run(program(fixed), missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(EXIT.noInput);
    expect((err as CliError).message).toContain(missing);
    mkdirSync(join(dir, 'folder'));
    const dirErr = await run(program(fixed), join(dir, 'folder')).catch((e: unknown) => e);
    expect((dirErr as CliError).exitCode).toBe(EXIT.noInput);
  });

  it('fails with EXIT.badInput naming file and line of malformed input', async () => {
    const file = join(dir, 'bad.conll');
    writeFileSync(file, 'Amir B-PER\nmakan\n');
    const err = await run(program(fixed), file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(EXIT.badInput);
    expect((err as CliError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: `));
    const empty = join(dir, 'empty.conll');
    writeFileSync(empty, '\n\n');
    const emptyErr = await run(program(fixed), empty).catch((e: unknown) => e);
    expect((emptyErr as CliError).exitCode).toBe(EXIT.badInput);
  });

  it('fails with EXIT.unavailable for a language without a tagger, and EXIT.usage for a bad --map', async () => {
    const file = join(dir, 'gold.conll');
    writeFileSync(file, GOLD);
    const noModel = await run(program(), file, '--lang', 'xx').catch((e: unknown) => e);
    expect((noModel as CliError).exitCode).toBe(EXIT.unavailable);
    const badMap = await run(program(fixed), file, '--map', 'PER').catch((e: unknown) => e);
    expect((badMap as CliError).exitCode).toBe(EXIT.usage);
  });

  it('lets sibling subcommands join the same eval command', () => {
    const p = program(fixed);
    const evalCmd = getEvalCommand(p);
    evalCmd.command('quotes <file>');
    expect(p.commands.filter((c) => c.name() === 'eval')).toHaveLength(1);
    expect(evalCmd.commands.map((c) => c.name())).toEqual(['ner', 'quotes']);
  });
});
