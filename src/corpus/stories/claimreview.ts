/**
 * A story's claims as schema.org ClaimReview objects, ready for a fact-checker to add the verdict
 * (`reviewRating`) and publish: claimReviewed, the claim's author, date and appearance. Shared by
 * `saksi story --claimreview` and `GET /api/stories/{id}/claimreview`.
 */
import type { StoryDetail } from './detail.js';

export function claimReviews(detail: StoryDetail): unknown[] {
  const docs = new Map(detail.documents.map((d) => [d.id, d]));
  return detail.timeline.map((t) => {
    const doc = docs.get(t.document);
    return {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      claimReviewed: t.text,
      itemReviewed: {
        '@type': 'Claim',
        // A named person, or an organisation, a government, a country speaking as one.
        author: { '@type': t.speakerType === undefined || t.speakerType === 'PERSON' ? 'Person' : 'Organization', name: t.speaker },
        ...(t.date ? { datePublished: t.date } : {}),
        appearance: [
          {
            '@type': 'CreativeWork',
            ...(doc?.url ? { url: doc.url } : {}),
            ...(doc?.title ? { headline: doc.title } : {}),
            ...(doc?.published ? { datePublished: doc.published } : {}),
            ...(doc?.outlet ? { publisher: { '@type': 'Organization', name: doc.outlet } } : {}),
            identifier: `${doc?.key ?? t.document}#${t.link.start}-${t.link.end}`,
          },
        ],
      },
      // Left for the fact-checker: "reviewRating", "author" (the fact-checking organisation), "url".
      'saksi:story': detail.id,
      'saksi:stance': t.position,
      'saksi:proposition': t.proposition,
    };
  });
}
