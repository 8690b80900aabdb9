import type { LanguagePack } from '../types.js';
import { enProfile } from './profile.js';
import { enText, enBoilerplate } from './text.js';
import { enNumbers } from './numbers.js';
import { enDates } from './dates.js';
import { enEntities } from './entities.js';
import { enClaims } from './claims.js';

export const enPack: LanguagePack = {
  code: 'en',
  name: 'English',
  detection: enProfile,
  text: enText,
  boilerplate: enBoilerplate,
  numbers: enNumbers,
  dates: enDates,
  entities: enEntities,
  claims: enClaims,
};
