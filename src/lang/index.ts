import type { BoilerplateRule, LanguagePack } from './types.js';
import { SHIPPED_PACKS } from './packs.js';

export type { LanguagePack } from './types.js';
export { detectLanguage } from './detect.js';

const PACKS: ReadonlyMap<string, LanguagePack> = new Map(SHIPPED_PACKS.map((p) => [p.code, p]));

/** Codes of the languages saksi has a pack for. */
export function availableLanguages(): string[] {
  return [...PACKS.keys()];
}

/** The pack for `code`; throws, listing the packs there are, when there is none. */
export function getPack(code: string): LanguagePack {
  const pack = PACKS.get(code);
  if (!pack) throw new Error(`no language pack for '${code}'; available: ${availableLanguages().join(', ')}`);
  return pack;
}

export function findPack(code: string): LanguagePack | undefined {
  return PACKS.get(code);
}

/** Boilerplate rules of every pack: pages mix languages ("SCROLL TO CONTINUE WITH CONTENT" in Indonesian news). */
export const ALL_BOILERPLATE_RULES: readonly BoilerplateRule[] = [...PACKS.values()].flatMap((p) => p.boilerplate);

/** Every pack's month names and abbreviations, lower-cased → month (1-12). */
const MONTH_NUMBERS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const pack of PACKS.values()) {
    for (const lists of [pack.dates.months, pack.dates.monthAbbreviations]) {
      lists.forEach((names, i) => {
        for (const name of names) if (!map.has(name.toLowerCase())) map.set(name.toLowerCase(), i + 1);
      });
    }
  }
  return map;
})();

/**
 * The month a name or abbreviation stands for in any pack's language (1-12), undefined when none:
 * how the readers take dates out of page metadata ("17 Oktober 2024", "Oct 17, 2024").
 * @example monthNumber('Agustus') // 8
 */
export function monthNumber(name: string): number | undefined {
  return MONTH_NUMBERS.get(name.toLowerCase());
}

/** Every pack's leading articles (TextLexicon.leadingArticles), lower-cased, without repeats. */
export function leadingArticles(): readonly string[] {
  return [...new Set([...PACKS.values()].flatMap((p) => (p.text.leadingArticles ?? []).map((a) => a.toLowerCase())))];
}
