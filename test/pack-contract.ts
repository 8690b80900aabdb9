/**
 * What every language pack must hold, as a suite: `packContract(pack)` inside a test file (see
 * packs.test.ts, which runs it for every shipped pack). A new language is a folder src/lang/<code>/,
 * an entry in src/lang/packs.ts, and this suite passing for it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../src/analysis/analyzer.js';
import { availableLanguages, detectLanguage, getPack, monthNumber } from '../src/lang/index.js';
import type { LanguagePack } from '../src/lang/types.js';
import { packTagger } from '../src/ner/tagger.js';
import { badSpans } from './helpers.js';

const STANCES = new Set(['assert', 'deny', 'doubt']);
const isLower = (w: string) => w === w.toLowerCase();

export function packContract(pack: LanguagePack): void {
  describe(`language pack '${pack.code}' (${pack.name})`, () => {
    it('has a code, a name, and is the pack registered under its code', () => {
      expect(pack.code).toMatch(/^[a-z]{2,3}$/);
      expect(pack.name.trim()).not.toBe('');
      expect(getPack(pack.code)).toBe(pack);
      for (const code of pack.reads ?? []) {
        expect(code).toMatch(/^[a-z]{2,3}$/);
        expect(availableLanguages(), `'${code}' has a pack of its own`).not.toContain(code);
      }
    });

    it('owns a detection profile that detection recognises', () => {
      const p = pack.detection;
      expect(p.code).toBe(pack.code);
      expect(p.common.length).toBeGreaterThanOrEqual(10);
      for (const w of [...p.common, ...p.distinctive]) expect(w, `profile word '${w}'`).toMatch(/^\p{Ll}+$/u);
      // A text of the pack's own profile words is detected as the pack's language.
      const words = [...p.common, ...p.distinctive];
      const text = Array.from({ length: 40 }, (_, i) => words[(i * 7) % words.length]).join(' ');
      const guess = detectLanguage(text);
      expect(guess.language).toBe(pack.code);
      expect(guess.method).toBe('profile');
    });

    it('has text words in lower case: abbreviations without their dot, stopwords, leading articles', () => {
      expect(pack.text.stopwords.length).toBeGreaterThan(10);
      for (const w of [...pack.text.abbreviations, ...pack.text.stopwords, ...(pack.text.leadingArticles ?? [])]) expect(isLower(w), w).toBe(true);
      for (const a of pack.text.abbreviations) expect(a.endsWith('.'), a).toBe(false);
    });

    it('has boilerplate rules that are line patterns', () => {
      for (const r of pack.boilerplate) {
        expect(r.pattern).toBeInstanceOf(RegExp);
        expect(['line', 'rest']).toContain(r.extent);
        expect(r.reason).toMatch(/^[a-z-]+$/);
      }
    });

    it('names twelve months, and page-metadata dates read them', () => {
      expect(pack.dates.months).toHaveLength(12);
      expect(pack.dates.monthAbbreviations).toHaveLength(12);
      pack.dates.months.forEach((names, i) => {
        expect(names.length, `month ${i + 1}`).toBeGreaterThan(0);
        for (const name of names) expect(monthNumber(name), name).toBe(i + 1);
      });
      expect(Object.keys(pack.dates.units).length).toBeGreaterThan(0);
    });

    it('has claim cues with stances and entity words', () => {
      const c = pack.claims;
      expect(c.reportCues.length).toBeGreaterThan(0);
      expect(c.quoteCues.length).toBeGreaterThan(0);
      for (const cue of [...c.reportCues, ...c.quoteCues, ...c.sourcePrefixes, ...c.passiveCues, ...c.participleCues]) {
        expect(cue.word.trim(), 'cue word').not.toBe('');
        expect(STANCES.has(cue.stance), `${cue.word}: ${cue.stance}`).toBe(true);
      }
      expect(pack.entities.titles.length).toBeGreaterThan(0);
      expect(pack.entities.personPronouns.length).toBeGreaterThan(0);
      expect(Object.keys(pack.numbers.numberWords).length).toBeGreaterThan(0);
    });

    it('declares an NER model only when the file is there and is a model of its language', () => {
      if (!pack.nerModel) return;
      expect(existsSync(fileURLToPath(pack.nerModel)), String(pack.nerModel)).toBe(true);
      const tagger = packTagger(pack);
      expect(tagger?.lang).toBe(pack.code);
      const tags = tagger!.tag(['.', 'x']);
      expect(tags).toHaveLength(2);
    });

    it('analyses a text of its own words alone, with well-formed spans', () => {
      const analyzer = createAnalyzer({ packs: [pack] });
      const month = pack.dates.months[2]![0]!;
      const cue = pack.claims.reportCues[0]!.word;
      const title = pack.entities.titles[0]!;
      const text = `${title} Ardi Wiranto ${cue} ${pack.text.stopwords.slice(0, 12).join(' ')} 12 ${month} 2024.\n${pack.detection.common.slice(0, 20).join(' ')}.`;
      const a = analyzer.analyze(text, { lang: pack.code, date: '2024-03-20' });
      expect(a.language).toBe(pack.code);
      expect(a.sentences.length).toBeGreaterThan(0);
      expect(badSpans(a)).toEqual([]);
      // Without a language, a text in the pack's words is read with the pack.
      expect(analyzer.analyze(text).diagnostics.filter((d) => d.code === 'no-language-pack')).toEqual([]);
    });
  });
}
