import type { BoilerplateRule, LanguagePack } from './types.js';
import { idPack } from './id/index.js';
import { enPack } from './en/index.js';

export type { LanguagePack } from './types.js';
export { detectLanguage } from './detect.js';

const PACKS: ReadonlyMap<string, LanguagePack> = new Map([idPack, enPack].map((p) => [p.code, p]));

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
