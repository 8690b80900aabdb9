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
      'asserted', 'declared', 'maintained', 'revealed', 'wrote', 'estimated', 'predicted',
      'cited', 'cites', 'citing', 'mentioned', 'mentions', 'pointed', 'points', 'emphasized', 'emphasizes',
      'emphasised', 'disclosed', 'complained', 'complains', 'criticized', 'criticizes', 'criticised', 'condemned', 'condemns',
      'praised', 'praises', 'reiterated', 'repeated', 'commented', 'conceded', 'concedes', 'boasted', 'bragged',
      'lamented', 'touted', 'highlighted', 'indicated', 'hinted', 'speculated', 'recounted',
      'remarked', 'shouted', 'yelled', 'ruled', 'accuses', 'accusing', 'argue', 'suggests', 'reveals',
      'likened', 'testifies', 'insist', 'claim', 'blasted', 'slammed', 'denounced', 'denounces', 'assailed', 'mocked', 'mocks', 'ridiculed',
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
    ...(['promising', 'vowing', 'pledging', 'threatening'] as const).map((word) => ({ word, stance: 'assert' as const, act: 'intention' as const })),
    ...(['urging', 'calling for', 'demanding', 'encouraging'] as const).map((word) => ({ word, stance: 'assert' as const, act: 'request' as const })),
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
  auxiliaries: ['is', 'are', 'was', 'were', 'will', 'would', 'could', 'can', 'may', 'might', 'been', 'also', 'long', 'has', 'have', 'had', 'previously', 'repeatedly', 'later', 'earlier', 'once', 'again', 'publicly', 'flatly', 'strongly', 'then', 'already', 'firmly', 'quickly', 'further', 'still', 'even', 'often', 'just', 'now', 'soon', 'however'],
  gapOpeners: [
    'on', 'in', 'at', 'to', 'during', 'after', 'before', 'from', 'via', 'through', 'with', 'by', 'reporters', 'journalists',
    'yesterday', 'today', 'tonight', 'earlier', 'later', 'last', 'this', 'publicly', 'repeatedly', 'also', 'again', 'the',
    'a', 'an', 'out', 'parliament', 'lawmakers', 'members', 'him', 'her', 'them', 'us', 'me', 'monday', 'tuesday', 'wednesday',
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
    'percent', 'respondents', 'ruling', 'transcript', 'letter', 'memo', 'video', 'footage', 'average', 'estimate', 'estimates',
    'forecast', 'audit', 'review', 'indictment', 'ad', 'model', 'paper', 'editorial', 'website', 'court', 'judge', 'panel',
    'committee', 'members', 'leaders', 'protesters', 'activists', 'advocates', 'opponents', 'proponents', 'allies', 'staff',
  ],
  unnamedDeterminers: ['a', 'an', 'one', 'the', 'some', 'several', 'two', 'three', 'many', 'other'],
  relativePronouns: ['who'],
  speakerConjunctions: ['and'],
  anaphoricObjects: ['it', 'this', 'them', 'the announcement', 'the decision', 'the statement', 'the claim', 'the claims', 'the report', 'the reports', 'the allegation', 'the allegations', 'the accusation', 'the accusations', 'such claims', 'such reports', 'those claims', 'the charge', 'the charges'],
  reportedBy: ['reported by', 'as reported by', 'according to a report by'],
  // Beliefs, feelings, intentions and requests: attitudes, not claims (docs/claims-annotation.md).
  attitudeCues: [
    ...['believe', 'believes', 'think', 'thinks', 'know', 'knows', 'knew', 'expects', 'assumes', 'suspects',
      'convinced', 'confident', 'realized', 'realizes', 'understands', 'feels', 'sure that', 'certain that', 'agree', 'agrees', 'sees']
      .map((word) => ({ word, act: 'belief' as const })),
    ...['believed', 'thought', 'expected', 'assumed', 'suspected', 'understood', 'considered', 'considers', 'felt', 'agreed']
      .map((word) => ({ word, act: 'belief' as const, activeOnly: true })),
    // A position on something: "Cruz endorses Trump", "most voters oppose the plan".
    ...['supports', 'support', 'backs', 'opposes', 'oppose', 'endorses', 'endorse', 'favors', 'favor']
      .map((word) => ({ word, act: 'belief' as const })),
    ...['supported', 'opposed', 'endorsed', 'favored']
      .map((word) => ({ word, act: 'belief' as const, activeOnly: true })),
    ...['fear', 'fears', 'feared', 'worry', 'worries', 'worried', 'concerned', 'afraid', 'frustrated', 'angry that']
      .map((word) => ({ word, act: 'feeling' as const })),
    ...['want', 'wants', 'wanted', 'hope', 'hopes', 'hoped', 'hoping', 'hopeful', 'wish', 'wishes', 'wished', 'intends',
      'intend', 'intended to', 'plans to', 'plan to', 'planned to', 'planning to', 'aims to', 'aimed to', 'seeks', 'sought to',
      'seeking to', 'vowed', 'vows', 'vowing', 'pledged', 'pledges', 'pledging', 'promised', 'promises', 'promising to',
      'determined to', 'eager to', 'prefers', 'preferred', 'offered to', 'offers to', 'decided to', 'decides to', 'threatened to',
      'threatens to', 'threatening to', 'agreed to', 'agree to', 'agrees to']
      .map((word) => ({ word, act: 'intention' as const })),
    ...['urges', 'urging', 'urge', 'demands', 'demanding', 'called for', 'calls for', 'calling for', 'call for', 'proposes',
      'proposing', 'encourages', 'encouraging', 'appealed to', 'implored', 'pleaded', 'requests', 'advises', 'recommends']
      .map((word) => ({ word, act: 'request' as const })),
    ...['urged', 'demanded', 'proposed', 'encouraged', 'requested', 'advised', 'recommended']
      .map((word) => ({ word, act: 'request' as const, activeOnly: true })),
    { word: 'decided', act: 'intention', activeOnly: true },
  ],
  attitudeOpeners: ['to'],
  clauseSubjects: true,
  adverbEndings: ['ly'],
  possessiveEndings: ["'s", '’s', "s'", 's’'],
  passiveMarkers: ['is', 'are', 'was', 'were', 'be', 'been', 'being'],
};
