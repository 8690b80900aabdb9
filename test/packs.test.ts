import { describe, expect, it } from 'vitest';
import { availableLanguages, getPack } from '../src/lang/index.js';
import { packContract } from './pack-contract.js';

// Every shipped pack passes the pack contract.
for (const code of availableLanguages()) packContract(getPack(code));

describe('shipped packs', () => {
  it('are Indonesian and English at least', () => {
    expect(availableLanguages()).toEqual(expect.arrayContaining(['id', 'en']));
  });
});
