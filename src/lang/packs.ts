/**
 * The packs saksi ships, in order (the first is preferred on ties). A new language is a folder
 * src/lang/<code>/ with its data and one entry here; test/pack-contract.ts says what it must hold.
 */
import type { LanguagePack } from './types.js';
import { idPack } from './id/index.js';
import { enPack } from './en/index.js';

export const SHIPPED_PACKS: readonly LanguagePack[] = [idPack, enPack];
