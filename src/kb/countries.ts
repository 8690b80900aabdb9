/**
 * Country entries generated from ICU (Intl.DisplayNames, type 'region') and the hand-written
 * `data/kb/country-aliases.json`. The result is saved as `data/kb/countries.json` by
 * `npx tsx src/kb/build-countries.ts`, because constructing the first Intl.DisplayNames costs
 * ~20 ms (ICU start-up) and the CLI loads the knowledge base on every run; the loader only falls
 * back to generating at load time when that file is missing.
 */
import { foldKey } from './normalize.js';
import type { RawEntry, RawFile } from './parse.js';

export interface CountrySource {
  /** Kind → space-separated ISO 3166-1 alpha-2 codes. `continent` codes (AQ) become LOC. */
  readonly codes: Readonly<Record<string, string>>;
  /** Languages to take names from, `id` and `en` first. */
  readonly languages: readonly string[];
  /** Display names not to use (foreign names that are common words elsewhere: de "Island"). */
  readonly exclude: readonly string[];
  readonly countries: Readonly<Record<string, { name?: string; names?: Record<string, string>; aliases?: string[] }>>;
}

const AND: Readonly<Record<string, string>> = { en: 'and', id: 'dan', ms: 'dan', fr: 'et', es: 'y', de: 'und' };

/** ICU display names in a form fit for text: no "(Burma)", "&" spelt out, "St." → "Saint". */
function cleanVariants(raw: string, lang: string): { base: string; extra: string[] } {
  const extra: string[] = [];
  let base = raw;
  const paren = /^(.*?)\s*\(([^)]+)\)\s*(.*)$/.exec(base);
  if (paren) {
    base = `${paren[1]} ${paren[3]}`.trim();
    // "Myanmar (Burma)": the parenthesis is another name; "Cocos (Keeling) Islands": part of one.
    if (paren[3] === '') extra.push(paren[2]!);
    else extra.push(`${paren[1]} ${paren[2]} ${paren[3]}`);
  }
  const and = AND[lang];
  if (and !== undefined && base.includes('&')) base = base.replace(/\s*&\s*/g, ` ${and} `);
  if (lang === 'en') base = base.replace(/^St\. /, 'Saint ').replace(/^U\.S\. /, 'United States ');
  if (lang === 'id' || lang === 'ms') base = base.replace(/\bKep\. /, 'Kepulauan ');
  return { base, extra };
}

/** Generates the countries file (starter JSON format) from ICU and the hand-written source. */
export function generateCountries(source: CountrySource): RawFile & { icu?: string; cldr?: string } {
  const long = new Map<string, Intl.DisplayNames>();
  const short = new Map<string, Intl.DisplayNames>();
  for (const lang of source.languages) {
    long.set(lang, new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' }));
    short.set(lang, new Intl.DisplayNames([lang], { type: 'region', style: 'short', fallback: 'none' }));
  }
  const excluded = new Set(source.exclude.map(foldKey));
  const entries: RawEntry[] = [];
  for (const [kind, list] of Object.entries(source.codes)) {
    for (const code of list.split(/\s+/).filter((c) => c !== '')) {
      const hand = source.countries[code] ?? {};
      const names: Record<string, string> = {};
      const aliases: string[] = [];
      for (const lang of source.languages) {
        // Short styles ("US", "UK", "AS") and the other name in parentheses ("Burma") only from the
        // two main languages: elsewhere they are abbreviations that clash ("RU" is Reino Unido).
        const main = lang === 'id' || lang === 'en';
        const variants = [long.get(lang)!.of(code), main ? short.get(lang)!.of(code) : undefined].filter((v): v is string => v !== undefined && v !== code);
        let first = true;
        for (const v of variants) {
          const { base, extra } = cleanVariants(v, lang);
          if (first && !excluded.has(foldKey(base))) names[lang] = base;
          first = false;
          aliases.push(base, v, ...(main ? extra : []));
        }
      }
      Object.assign(names, hand.names ?? {});
      const name = hand.name ?? names['en'] ?? code;
      names['en'] = name;
      // Distinct forms only (by folded key), names first, none excluded.
      const seen = new Set<string>([...Object.values(names)].map(foldKey));
      const kept: string[] = [];
      for (const a of [...(hand.aliases ?? []), ...aliases]) {
        const k = foldKey(a);
        if (k === '' || seen.has(k) || excluded.has(k)) continue;
        seen.add(k);
        kept.push(a);
      }
      const { en: _en, ...otherNames } = names;
      entries.push({
        id: `country:${code}`,
        ...(kind === 'continent' ? { type: 'LOC' as const } : {}),
        name,
        names: otherNames,
        aliases: kept,
        country: code,
        code,
        kind,
      });
    }
  }
  // A form that is another country's name in English or Indonesian is not this country's:
  // French "Saint-Martin (partie néerlandaise)" for SX is Saint Martin, which is MF.
  const owner = new Map<string, string>();
  for (const e of entries) for (const n of [e.name, e.names?.['id'] ?? '']) if (n !== '') owner.set(foldKey(n), e.code!);
  for (const e of entries) {
    const mine = (t: string): boolean => (owner.get(foldKey(t)) ?? e.code) === e.code;
    e.aliases = e.aliases!.filter(mine);
    for (const [lang, n] of Object.entries(e.names!)) if (lang !== 'id' && !mine(n)) delete e.names![lang];
  }
  entries.sort((a, b) => (a.code! < b.code! ? -1 : a.code! > b.code! ? 1 : 0));
  return {
    icu: process.versions.icu,
    cldr: process.versions.cldr,
    defaults: { type: 'GPE' },
    entries,
  };
}
