import { describe, expect, it } from 'vitest';
import { MAX_SENTENCE_CHARS, splitSentences } from '../src/text/sentences.js';
import { tokenize } from '../src/text/tokenize.js';
import { idText } from '../src/lang/id/text.js';
import { enText } from '../src/lang/en/text.js';

const whole = (text: string) => [{ start: 0, end: text.length, text }];
const split = (text: string, abbr: readonly string[]) => splitSentences(text, whole(text), new Set(abbr)).map((s) => s.text);

describe('tokenize', () => {
  it('keeps Indonesian numbers, dates and reduplicated words whole', () => {
    const t = tokenize('Rp 1,4 juta untuk bukti-bukti pada 17/10/2024.').map((x) => x.text);
    expect(t).toEqual(['Rp', '1,4', 'juta', 'untuk', 'bukti-bukti', 'pada', '17/10/2024', '.']);
  });
  it('is lossless: the gaps between tokens are whitespace only', () => {
    const text = ' “Kami  siap,” kata\tdia.\n';
    const tokens = tokenize(text);
    let at = 0;
    for (const t of tokens) {
      expect(text.slice(at, t.start).trim()).toBe('');
      expect(text.slice(t.start, t.end)).toBe(t.text);
      at = t.end;
    }
  });
});

describe('splitSentences', () => {
  it('does not split after Indonesian abbreviations and initials', () => {
    const s = split('Prof. Dr. H. Budi tinggal di Jl. Merdeka No. 5. Ia lahir di Medan.', idText.abbreviations);
    expect(s).toEqual(['Prof. Dr. H. Budi tinggal di Jl. Merdeka No. 5.', 'Ia lahir di Medan.']);
  });
  it('does not split after English abbreviations such as U.S. and Mr.', () => {
    const s = split('Mr. Smith met U.S. officials on Friday. They agreed.', enText.abbreviations);
    expect(s).toEqual(['Mr. Smith met U.S. officials on Friday.', 'They agreed.']);
  });
  it('keeps a closing quote with its sentence and does not split inside “...,” kata', () => {
    const s = split('“Kami siap. Semua sudah diatur,” kata Budi. Ia tersenyum.', idText.abbreviations);
    expect(s).toEqual(['“Kami siap.', 'Semua sudah diatur,” kata Budi.', 'Ia tersenyum.']);
  });
  it('treats each line as a paragraph', () => {
    const text = 'Satu dua.\n\nTiga empat.';
    const sentences = splitSentences(text, whole(text), new Set());
    expect(sentences.map((s) => [s.text, s.paragraph])).toEqual([['Satu dua.', 0], ['Tiga empat.', 1]]);
  });
  it('cuts a megabyte without punctuation into bounded sentences, in one pass', () => {
    const text = 'kata '.repeat(200_000);
    const sentences = splitSentences(text, whole(text), new Set());
    expect(sentences.length).toBeGreaterThan(400);
    for (const s of sentences) {
      expect(s.end - s.start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(text.slice(s.start, s.end)).toBe(s.text);
    }
  });
});
