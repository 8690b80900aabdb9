import type { LanguagePack } from '../types.js';
import { idText, idBoilerplate } from './text.js';
import { idNumbers } from './numbers.js';
import { idDates } from './dates.js';
import { idEntities } from './entities.js';
import { idClaims } from './claims.js';
import { idProfile } from './profile.js';

export const idPack: LanguagePack = {
  code: 'id',
  name: 'Indonesian',
  reads: ['ms'],
  detection: idProfile,
  // The tagger's model; its word lists are ner-lexicon.json (scripts/train-ner.ts reads them).
  nerModel: new URL('./ner-model.json', import.meta.url),
  text: idText,
  boilerplate: idBoilerplate,
  numbers: idNumbers,
  dates: idDates,
  entities: idEntities,
  claims: idClaims,
};
