/**
 * A small glob matcher for `--include` / `--exclude`: `**`, `*`, `?`, `{a,b}` (nestable) and
 * `[abc]` / `[!abc]` classes. Paths are POSIX-style, relative to the folder being walked.
 *
 * Written here rather than using `path.matchesGlob`, which is experimental in Node 20 (it
 * exists from 20.17 but prints an ExperimentalWarning).
 *
 * A pattern without a `/` matches the file's base name at any depth (`*.html` matches
 * `a/b/c.html`), as in .gitignore; a pattern with a `/` matches the whole relative path
 * (`news/**\/*.txt`). A leading `./` is ignored.
 */

export interface GlobMatcher {
  readonly pattern: string;
  readonly regex: RegExp;
  /** True when the pattern has no `/` and is matched against base names. */
  readonly basename: boolean;
}

export function compileGlob(pattern: string): GlobMatcher {
  let p = pattern.trim().replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  if (p.endsWith('/')) p += '**';
  const basename = !p.includes('/');
  return { pattern, regex: new RegExp(`^${globToRegExpSource(p)}$`, 'u'), basename };
}

/** Does `relPath` (POSIX separators) match the glob? */
export function matchGlob(matcher: GlobMatcher, relPath: string): boolean {
  const path = relPath.replace(/\\/g, '/');
  if (matcher.basename) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return matcher.regex.test(base);
  }
  return matcher.regex.test(path);
}

export function matchAny(matchers: readonly GlobMatcher[], relPath: string): boolean {
  return matchers.some((m) => matchGlob(m, relPath));
}

const REGEX_SPECIAL = /[.+^$()|\\\/\]\[{}*?]/;

/** Translates a glob to the source of an anchored-by-caller regular expression. */
export function globToRegExpSource(glob: string): string {
  let out = '';
  let i = 0;
  const braceStack: number[] = [];
  const bracesBalanced = balanced(glob);
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        let j = i + 2;
        while (glob[j] === '*') j++;
        const atSegmentEnd = j === glob.length || glob[j] === '/';
        if (atSegmentStart && atSegmentEnd) {
          if (glob[j] === '/') {
            // `**/` : zero or more whole directories.
            out += '(?:[^/]*/)*';
            i = j + 1;
          } else {
            // trailing `**` : anything, including nothing and slashes.
            out += '.*';
            i = j;
          }
          continue;
        }
        // `a**b` behaves like `a*b`.
        out += '[^/]*';
        i = j;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        i++;
        continue;
      }
      let body = glob.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      const escaped = body.replace(/[\\\]\[^]/g, (m) => `\\${m}`);
      out += negate ? `[^/${escaped}]` : `[${escaped}]`;
      i = close + 1;
    } else if (c === '{' && bracesBalanced) {
      braceStack.push(out.length);
      out += '(?:';
      i++;
    } else if (c === ',' && braceStack.length > 0) {
      out += '|';
      i++;
    } else if (c === '}' && braceStack.length > 0) {
      braceStack.pop();
      out += ')';
      i++;
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeChar(glob[i + 1]!);
      i += 2;
    } else {
      out += escapeChar(c);
      i++;
    }
  }
  return out;
}

/** Unbalanced braces are taken literally. */
function balanced(glob: string): boolean {
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

function escapeChar(c: string): string {
  return REGEX_SPECIAL.test(c) ? `\\${c}` : c;
}
