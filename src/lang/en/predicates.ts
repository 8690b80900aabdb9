import type { NegationLexicon, PredicateLexicon } from '../predicates.js';

/** English word forms of the predicate concepts (src/lang/predicates.ts). `*` matches any ending. */
export const enPredicates: PredicateLexicon = {
  send: ['send', 'sends', 'sent', 'sending', 'dispatch*'],
  deploy: ['deploy*', 'station', 'stationed', 'stationing'],
  train: ['train', 'trains', 'trained', 'training', 'drill', 'drills', 'drilled'],
  attack: ['attack*', 'shell', 'shelled', 'shelling', 'bomb', 'bombed', 'bombing*', 'airstrike*', 'raid', 'raided'],
  arrest: ['arrest*', 'detain*', 'apprehend*'],
  charge: ['charge', 'charged', 'indict*', 'suspect', 'suspects'],
  kill: ['kill', 'kills', 'killed', 'killing', 'dead', 'died', 'death', 'deaths', 'fatalit*'],
  injure: ['injur*', 'wounded', 'hurt'],
  raise: ['raise', 'raises', 'raised', 'raising', 'hike', 'hikes', 'hiked'],
  cut: ['cut', 'cuts', 'cutting', 'lowered', 'lowers'],
  ban: ['ban', 'bans', 'banned', 'banning', 'prohibit*'],
  sign: ['sign', 'signs', 'signed', 'signing'],
  resign: ['resign*'],
  appoint: ['appoint*', 'nominat*'],
  build: ['build', 'builds', 'built', 'constructed', 'constructing'],
  close: ['close', 'closes', 'closed', 'closing', 'closure', 'shut', 'shuts', 'shutdown'],
  collapse: ['collaps*'],
  flood: ['flood*', 'inundat*'],
  burn: ['fire', 'fires', 'blaze', 'burn', 'burned', 'burnt', 'burning'],
  erupt: ['erupt*'],
  evacuate: ['evacuat*'],
  sanction: ['sanction*'],
  import: ['import', 'imports', 'imported', 'importing'],
  export: ['export', 'exports', 'exported', 'exporting'],
  fund: ['funded', 'allocated', 'allocates'],
  investigate: ['investigat*', 'probe', 'probes', 'probing', 'inquiry'],
  launch: ['launch*'],
  recall: ['recall', 'recalls', 'recalled', 'recalling'],
  contaminate: ['contaminat*', 'poison*', 'tainted'],
  strike: ['strike', 'strikes', 'striking', 'walkout'],
  protest: ['protest*', 'demonstrat*', 'rally', 'rallies'],
  sue: ['sue', 'sues', 'sued', 'suing', 'lawsuit*'],
  release: ['release', 'released', 'releases', 'freed'],
  acquire: ['acquir*', 'acquisition*', 'takeover'],
  dismiss: ['dismiss*', 'layoff*', 'laid'],
  delay: ['delay*', 'postpon*'],
  approve: ['approv*', 'passed'],
  revoke: ['revoke*', 'revocation', 'cancel*', 'annul*', 'scrap', 'scrapped', 'scraps'],
  deny: ['deny', 'denies', 'denied', 'denying', 'denial*', 'rejected', 'refuted', 'dismissed'],
  confirm: ['confirm*'],
  doubt: ['doubt*', 'question', 'questioned', 'unverified'],
};

/** Negations inside a claim's content. */
export const enNegations: NegationLexicon = ['no', 'not', 'never', 'nothing', 'none', 'cannot', 'false', 'invention', 'fabricated', 'untrue', 'baseless'];

/** Words of titles and leads that say nothing of which event an article reports (weighed low by story grouping). */
export const enNonTopical: readonly string[] = [
  'said', 'says', 'told', 'according', 'reporters', 'statement', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
  'sunday', 'week', 'year', 'today', 'yesterday', 'video', 'read', 'more', 'update', 'live', 'latest', 'explained', 'what', 'why',
];

/** Words before a claim's cue, or inside the claim, that make it a report of an earlier position ("he had denied ... a week earlier"). */
export const enRetrospective: readonly string[] = ['had', 'earlier', 'previously', 'before that', 'last week', 'days ago'];
