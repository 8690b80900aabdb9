import { describe, expect, it } from 'vitest';
import { etaEstimator, formatDuration } from '../src/cli/ingest.js';
import { relevance } from '../src/cli/search.js';

describe('the progress bar ETA', () => {
  it('says nothing until the total is known and a rate has been measured after the first commit', () => {
    const eta = etaEstimator();
    const t0 = 1_000_000;
    // Workers start and load the models for 2.5 s: nothing is committed.
    expect(eta({ done: 0, seen: 300, enumerated: true }, t0 + 2500)).toBe('…');
    // The first commit: one document after 2.5 s would promise 300 × 2.5 s = 12 minutes.
    expect(eta({ done: 1, seen: 300, enumerated: true }, t0 + 2600)).toBe('…');
    expect(eta({ done: 3, seen: 300, enumerated: true }, t0 + 2700)).toBe('…');
    // 100 documents per second since the first commit: 3 s for the 300.
    expect(eta({ done: 201, seen: 300, enumerated: true }, t0 + 4600)).toBe('1s');
  });

  it('waits for the enumeration to finish', () => {
    const eta = etaEstimator();
    expect(eta({ done: 1, seen: 10, enumerated: false }, 0)).toBe('…');
    expect(eta({ done: 100, seen: 150, enumerated: false }, 5000)).toBe('…');
    expect(eta({ done: 120, seen: 150, enumerated: true }, 6000)).not.toBe('…');
  });

  it('formats durations', () => {
    expect(formatDuration(3.4)).toBe('3s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(7300)).toBe('2h01m');
  });
});

describe('search relevance', () => {
  it('is the share of the best hit, meaningful even when bm25 values are tiny', () => {
    expect(relevance(2e-6, 2e-6)).toBe('relevance 100%');
    expect(relevance(1e-6, 2e-6)).toBe('relevance 50%');
    expect(relevance(0, 0)).toBe('relevance n/a');
  });
});
