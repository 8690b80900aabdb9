import type { BoilerplateRule, TextLexicon } from '../types.js';

export const enText: TextLexicon = {
  abbreviations: [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'lt', 'col', 'sgt', 'capt', 'gov', 'sen', 'rep', 'rev', 'no',
    'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'u.s', 'u.k', 'u.n', 'e.g', 'i.e', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul',
    'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft', 'approx', 'dept', 'est', 'fig', 'a.m', 'p.m',
  ],
  stopwords: [
    'the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'it', 'on', 'was', 'with', 'he', 'she', 'as', 'by', 'at',
    'his', 'her', 'from', 'they', 'but', 'have', 'has', 'had', 'are', 'were', 'be', 'been', 'this', 'which', 'not',
    'said', 'will', 'would', 'their', 'an', 'or', 'its', 'who', 'after', 'also', 'than', 'more', 'about', 'into',
  ],
  leadingArticles: ['the'],
};

export const enBoilerplate: readonly BoilerplateRule[] = [
  { pattern: /^(read more|related|see also|more on this story|recommended|also read|read also|watch)\s*:/i, reason: 'related-link', extent: 'line' },
  { pattern: /^scroll to continue with content$/i, reason: 'page-chrome', extent: 'line' },
  { pattern: /^advertisement$/i, reason: 'advertisement', extent: 'line' },
  { pattern: /^sign up for (our|the)\b.*\bnewsletter/i, reason: 'newsletter-promo', extent: 'line' },
  { pattern: /^(follow|like) us on\b/i, reason: 'social-promo', extent: 'line' },
  { pattern: /^share (this|on)\b/i, reason: 'social-promo', extent: 'line' },
  { pattern: /^(subscribe|click here|download our app)\b/i, reason: 'promo', extent: 'line' },
  { pattern: /^(reporting|writing|editing|additional reporting) by\b/i, reason: 'credit', extent: 'line' },
  // Wire-agency footers: "Copyright 2024 The Associated Press. All rights reserved. This material may not be..."
  { pattern: /^(©|\(c\)|copyright\b).*\ball rights reserved\b/i, reason: 'copyright-footer', extent: 'rest' },
  { pattern: /^full text\.?$/i, reason: 'page-chrome', extent: 'line' },
  { pattern: /^contributing\s*:/i, reason: 'credit', extent: 'line' },
  { pattern: /^(got|have) a (news )?tip\b/i, reason: 'promo', extent: 'line' },
];
