import type { ClaimLexicon } from '../types.js';

export const enClaims: ClaimLexicon = {
  quoteCues: [
    ...['said', 'says', 'told', 'added', 'asked', 'stated', 'explained', 'wrote', 'insisted', 'claimed', 'warned', 'noted',
      'continued', 'argued', 'recalled', 'replied', 'tweeted', 'posted', 'say', 'tells', 'writes', 'adds', 'notes', 'explains',
      'argues', 'asks', 'recalls', 'continues', 'replies', 'responded', 'responds', 'insists', 'warns', 'tweets', 'declared',
      'stated', 'states', 'announced', 'acknowledged', 'admitted', 'confirmed', 'testified', 'joked', 'quipped', 'wondered']
      .map((word) => ({ word, stance: 'assert' as const })),
    { word: 'denied', stance: 'deny' },
  ],
  reportCues: [
    ...['said', 'says', 'told', 'added', 'claimed', 'claims', 'accused', 'acknowledged', 'admitted', 'alleged', 'stated',
      'announced', 'insisted', 'argued', 'warned', 'noted', 'reported', 'confirmed', 'explained', 'suggested', 'stressed',
      'asserted', 'declared', 'maintained', 'revealed', 'wrote', 'believes', 'believed', 'estimated', 'predicted',
      'say', 'tell', 'tells', 'writes', 'notes', 'adds', 'argues', 'warns', 'insists', 'explains', 'announces',
      'reports', 'confirms', 'admits', 'acknowledges', 'responded', 'responds', 'replied', 'testified', 'declares',
      'alleges', 'asserts', 'contends', 'contended', 'tweeted', 'tweets', 'concluded', 'concludes', 'found', 'finds',
      'showed', 'shows', 'predicts', 'estimates', 'asked', 'asks', 'called', 'described', 'describes',
      'saying', 'telling', 'confirming', 'warning', 'calling', 'describing', 'insisting', 'claiming', 'arguing', 'noting',
      'explaining', 'asking', 'suggesting', 'announcing', 'reporting']
      .map((word) => ({ word, stance: 'assert' as const })),
    ...['denied', 'denies', 'rejected', 'rejects', 'dismissed', 'dismisses', 'refuted', 'disputed', 'disputes', 'contested']
      .map((word) => ({ word, stance: 'deny' as const })),
    ...['doubted', 'questioned', 'doubts', 'questions'].map((word) => ({ word, stance: 'doubt' as const })),
    ...['deny', 'reject', 'dismiss', 'refute', 'denying', 'rejecting', 'dismissing'].map((word) => ({ word, stance: 'deny' as const })),
  ],
  denyPhrases: ['is false', 'are false', 'was false', 'false and misleading', 'baseless', 'untrue', 'not true', 'unfounded', 'categorically false', 'fake news'],
  nonClaimOpeners: ['to', 'into', 'in to', 'back'],
  sourcePrefixes: [
    { word: 'according to', stance: 'assert' },
    { word: 'as stated by', stance: 'assert' },
    { word: 'as reported by', stance: 'assert' },
  ],
  participleCues: [
    ...['saying', 'adding', 'claiming', 'insisting', 'warning', 'noting', 'arguing', 'stressing', 'explaining']
      .map((word) => ({ word, stance: 'assert' as const })),
    { word: 'denying', stance: 'deny' },
  ],
  passiveCues: [
    { word: 'was denied by', stance: 'deny' },
    { word: 'were denied by', stance: 'deny' },
    { word: 'has been denied by', stance: 'deny' },
    { word: 'have been denied by', stance: 'deny' },
    { word: 'denied by', stance: 'deny' },
    { word: 'rejected by', stance: 'deny' },
    { word: 'disputed by', stance: 'deny' },
    { word: 'dismissed by', stance: 'deny' },
    { word: 'questioned by', stance: 'doubt' },
  ],
  auxiliaries: ['is', 'are', 'was', 'were', 'will', 'would', 'could', 'can', 'may', 'might', 'been', 'also', 'long', 'has', 'have', 'had', 'previously', 'repeatedly', 'later', 'earlier', 'once', 'again', 'publicly', 'flatly', 'strongly', 'then', 'already', 'firmly', 'quickly'],
  gapOpeners: [
    'on', 'in', 'at', 'to', 'during', 'after', 'before', 'from', 'via', 'through', 'with', 'by', 'reporters', 'journalists',
    'yesterday', 'today', 'tonight', 'earlier', 'later', 'last', 'this', 'publicly', 'repeatedly', 'also', 'again', 'the',
    'a', 'an', 'parliament', 'lawmakers', 'members', 'him', 'her', 'them', 'us', 'me', 'monday', 'tuesday', 'wednesday',
    'thursday', 'friday', 'saturday', 'sunday',
  ],
  complementizers: ['that'],
  negators: ['not', 'never', "didn't", "doesn't", "don't", 'declined', 'refused', 'no', "wouldn't", "won't", "couldn't", "can't", "isn't", "wasn't", "hasn't", "haven't", 'didn’t', 'doesn’t', 'don’t', 'wouldn’t', 'won’t', 'couldn’t', 'can’t', 'isn’t', 'wasn’t', 'hasn’t', 'haven’t'],
  doubtPhrases: [
    'no evidence', 'not seen evidence', 'seen no evidence', 'could not confirm', 'cannot confirm', "can't confirm",
    'could not verify', 'could not independently verify', 'unable to confirm', 'unable to verify', 'unverified',
    'too early to say', 'too early to tell', 'too soon to say', 'unclear whether', 'not clear whether',
  ],
  unnamedSources: [
    'official', 'officials', 'source', 'sources', 'diplomat', 'diplomats', 'analyst', 'analysts', 'expert', 'experts',
    'spokesperson', 'spokesman', 'spokeswoman', 'witness', 'witnesses', 'observers', 'observer', 'person', 'people',
    'researcher', 'researchers', 'investigators', 'authorities', 'government', 'military', 'police',
    'they', 'poll', 'polls', 'survey', 'surveys', 'study', 'studies', 'report', 'analysis', 'data', 'figures', 'statistics',
    'union', 'organizer', 'organizers', 'insiders', 'complaint', 'lawsuit', 'documents', 'records', 'filing', 'statement',
    'aide', 'aides', 'adviser', 'advisers', 'advisor', 'advisors', 'critics', 'supporters', 'voters', 'lawmakers',
    'residents', 'scientists', 'economists', 'lawyer', 'lawyers', 'attorney', 'attorneys', 'prosecutors', 'campaign',
    'democrats', 'republicans', 'Democrats', 'Republicans', 'group', 'groups', 'agency', 'department', 'company',
  ],
  unnamedDeterminers: ['a', 'an', 'one', 'the', 'some', 'several', 'two', 'three', 'many', 'other'],
  relativePronouns: ['who'],
  speakerConjunctions: ['and'],
  anaphoricObjects: ['it', 'this', 'them', 'the announcement', 'the decision', 'the statement', 'the claim', 'the claims', 'the report', 'the reports', 'the allegation', 'the allegations', 'the accusation', 'the accusations', 'such claims', 'such reports', 'those claims', 'the charge', 'the charges'],
  reportedBy: ['reported by', 'as reported by', 'according to a report by'],
};
