import { tokenize, type Token } from './tokenize.js';

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  /** Set on nodes where a phrase ends: the phrase as written in the pack. */
  phrase?: string;
}

/**
 * Finds pack phrases ("Sekretaris Jenderal", "tidak memiliki bukti", "according to") in a token
 * sequence, longest first, case-insensitively. Built once per list; matching is O(phrase length).
 */
export class PhraseMatcher {
  private readonly root: TrieNode = { next: new Map() };
  readonly maxTokens: number;

  constructor(phrases: Iterable<string>) {
    let max = 0;
    for (const phrase of phrases) {
      const words = tokenize(phrase).map((t) => t.text.toLowerCase());
      if (words.length === 0) continue;
      let node = this.root;
      for (const w of words) {
        let child = node.next.get(w);
        if (!child) {
          child = { next: new Map() };
          node.next.set(w, child);
        }
        node = child;
      }
      node.phrase = phrase;
      max = Math.max(max, words.length);
    }
    this.maxTokens = max;
  }

  /** The longest phrase starting at tokens[i]: its length in tokens and the phrase, or undefined. */
  matchAt(tokens: readonly Token[], i: number): { length: number; phrase: string } | undefined {
    let node: TrieNode | undefined = this.root;
    let best: { length: number; phrase: string } | undefined;
    for (let k = i; k < tokens.length && node; k++) {
      node = node.next.get(tokens[k]!.text.toLowerCase());
      if (node?.phrase !== undefined) best = { length: k - i + 1, phrase: node.phrase };
    }
    return best;
  }

  /** The longest phrase ending at tokens[j] (inclusive), searching back at most maxTokens. */
  matchEndingAt(tokens: readonly Token[], j: number): { length: number; phrase: string } | undefined {
    for (let len = Math.min(this.maxTokens, j + 1); len >= 1; len--) {
      const m = this.matchAt(tokens, j - len + 1);
      if (m && m.length === len) return m;
    }
    return undefined;
  }

  has(word: string): boolean {
    return this.root.next.get(word.toLowerCase())?.phrase !== undefined;
  }
}
