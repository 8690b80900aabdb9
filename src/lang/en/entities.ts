import type { EntityLexicon } from '../types.js';

export const enEntities: EntityLexicon = {
  titles: [
    'President', 'Vice President', 'Prime Minister', 'PM', 'Minister', 'Foreign Minister', 'Defence Minister', 'Defense Minister',
    'Finance Minister', 'Interior Minister', 'Deputy Prime Minister', 'Secretary', 'Secretary of State', 'Secretary-General',
    'Secretary General', 'General', 'Lieutenant General', 'Major General', 'Colonel', 'Admiral', 'Governor', 'Mayor',
    'Chancellor', 'Senator', 'Representative', 'Ambassador', 'Spokesman', 'Spokeswoman', 'Spokesperson', 'Chairman',
    'Chairwoman', 'Chair', 'Chief', 'Director', 'CEO', 'Judge', 'Justice', 'King', 'Queen', 'Prince', 'Princess', 'Pope',
    'Emperor', 'Sultan', 'Sheikh', 'Leader', 'leader', 'Speaker', 'Commissioner', 'Premier', 'Envoy', 'Coach', 'Captain',
    'Professor', 'Dr.', 'Attorney General', 'Prosecutor', 'Commander', 'Crown Prince', 'Chief Executive',
    'Rep.', 'Sen.', 'Gov.', 'Lt.', 'Gen.', 'Sgt.', 'Counsellor', 'Counselor', 'Psychotherapist', 'Psychologist',
    'Economist', 'Analyst', 'Lawyer', 'Attorney', 'Actress', 'Actor', 'Singer', 'Author', 'Novelist', 'Historian',
  ],
  honorifics: ['Mr', 'Mr.', 'Mrs', 'Mrs.', 'Ms', 'Ms.', 'Dr', 'Dr.', 'Prof.', 'Sir', 'Dame', 'Lord', 'Lady', 'Gen.', 'Sen.', 'Rep.', 'Gov.'],
  orgHeads: ['Ministry', 'Department', 'Bank', 'University', 'Institute', 'Agency', 'Council', 'Court', 'Commission', 'Party', 'Office', 'Bureau', 'Committee', 'Federation', 'Association', 'Union',
    // Legal forms of companies written before the name in English-language Asian press: "PT Arunika Kimia".
    'PT', 'PT.'],
  placeHeads: ['Mount', 'Mt.', 'Lake', 'Cape', 'Port', 'Fort', 'Gulf', 'Isle', 'Strait', 'Bay', 'Sea'],
  placeTails: [
    'County', 'City', 'Province', 'State', 'District', 'Region', 'Creek', 'River', 'Lake', 'Island', 'Islands', 'Bay',
    'Valley', 'Mountain', 'Mountains', 'Hills', 'Peninsula', 'Desert', 'Coast', 'Beach', 'Street', 'Avenue', 'Road',
    'Square', 'Bridge', 'Airport', 'Harbor', 'Harbour', 'Canyon', 'Forest', 'Park', 'Sea', 'Ocean', 'Strait', 'Gulf',
  ],
  orgTails: [
    'Inc', 'Inc.', 'Ltd', 'Ltd.', 'Corp', 'Corp.', 'Corporation', 'Company', 'Co.', 'Group', 'Ministry', 'Agency', 'Council',
    'Party', 'University', 'Bank', 'Committee', 'Commission', 'Institute', 'Association', 'Foundation', 'Army', 'Navy', 'Force',
    'Service', 'Office', 'Department', 'Authority', 'Administration', 'Bureau', 'Police', 'Court', 'Corps', 'Guard', 'Board',
    'Organization', 'Organisation', 'Federation', 'Center', 'Centre', 'Network', 'Times', 'Post', 'News', 'Press', 'Club',
  ],
  notNames: [
    'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April',
    'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'The', 'A', 'An', 'But', 'And', 'In',
    'On', 'At', 'He', 'She', 'It', 'They', 'We', 'I', 'You', 'This', 'That', 'These', 'Those', 'However', 'Meanwhile',
    'Earlier', 'Later', 'According', 'God', 'After', 'Before', 'When', 'While', 'If', 'Officials', 'Experts', 'Asked',
  ],
  nameParticles: ['bin', 'van', 'von', 'de', 'der', 'al'],
  personPronouns: ['he', 'she'],
  pronounSuffixes: [],
  demonstratives: ['the', 'that'],
  groups: { West: 'the West' },
  aliasMarkers: ['aka', 'a.k.a.', 'also known as', 'known as'],
  // Spellings of one given name in English-language news (transliterations).
  givenNameVariants: [
    ['muhammad', 'mohammad', 'mohammed', 'mohamed', 'muhammed', 'mohamad'], ['ahmad', 'ahmed'], ['yusuf', 'youssef', 'yousef'],
    ['mikhail', 'mikhael'], ['aleksandr', 'alexander', 'aleksander'], ['sergei', 'sergey'], ['dmitry', 'dmitri', 'dmitriy'],
  ],
  // Acronyms of ordinary nouns: economics, business, technology, documents.
  ordinaryAcronyms: {
    GDP: [], CPI: [], CEO: [], CFO: [], COO: [], CTO: [], AI: [], IPO: [], ETF: [], FAQ: [], GPS: [], DNA: [], ATM: [],
    SUV: [], PPE: [], VAT: [], EV: [], EVs: [], TV: [], PC: [], MVP: [], RSVP: [],
    // Ambiguous: the ordinary sense only with one of these words in the sentence.
    PPP: ['purchasing', 'parity', 'gdp', 'economy', 'economic', 'partnership', 'public-private', 'private'],
    DC: ['data', 'centre', 'center', 'centres', 'centers', 'current', 'charging', 'fast'],
  },
};
