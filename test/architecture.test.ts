import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The folders of src/ in the order data flows through them (docs/architecture.md): a folder may
 * import from folders before it, never after. Files at the root of src/ (types, index) are outside
 * the order: types.ts is the shared vocabulary, index.ts the public entry.
 */
const LAYERS = ['text', 'lang', 'kb', 'ner', 'read', 'analysis', 'store', 'corpus', 'eval', 'server', 'web', 'cli'];

const SRC = resolve(dirname(new URL(import.meta.url).pathname), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function folderOf(file: string): string {
  const rel = relative(SRC, file).split(/[\\/]/);
  return rel.length > 1 ? rel[0]! : `(root)/${rel[0]}`;
}

/** Folder-level import edges: from → to, with one example file for each. */
function folderEdges(): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  const spec = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(spec)) {
      const target = resolve(dirname(file), m[1] ?? m[2]!);
      if (!target.startsWith(SRC)) continue;
      const to = folderOf(target);
      if (to === from) continue;
      let out = edges.get(from);
      if (!out) edges.set(from, (out = new Map()));
      if (!out.has(to)) out.set(to, relative(SRC, file));
    }
  }
  return edges;
}

describe('architecture', () => {
  const edges = folderEdges();

  it('knows every folder of src/', () => {
    const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it('has folders that import only from folders before them (so no cycles)', () => {
    const wrong: string[] = [];
    for (const [from, targets] of edges) {
      if (from.startsWith('(root)')) continue;
      for (const [to, file] of targets) {
        if (to.startsWith('(root)/types')) continue;
        if (to.startsWith('(root)') || LAYERS.indexOf(to) > LAYERS.indexOf(from)) wrong.push(`${from} → ${to} (${file})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const graph = new Map([...edges].map(([k, v]) => [k, [...v.keys()]]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
