import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { ApiError } from './api';

export type Load<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ok'; value: T };

/** Runs `fn` whenever `deps` change; the latest answer wins. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    fn().then(
      (value) => live && setLoad({ state: 'ok', value }),
      (error: unknown) => live && setLoad({ state: 'error', error: error instanceof ApiError ? error : new ApiError(0, 'error', String(error)) }),
    );
    return () => {
      live = false;
    };
  }, deps);
  return load;
}

export function Loading<T>({ load, children }: { load: Load<T>; children: (value: T) => JSX.Element }): JSX.Element {
  if (load.state === 'loading') return <p class="muted" aria-busy="true">Loading…</p>;
  if (load.state === 'error') return <p class="error" role="alert">{load.error.message}</p>;
  return children(load.value);
}

export const STANCE_LABEL: Record<string, string> = { assert: 'ASSERT', deny: 'DENY', doubt: 'DOUBT' };

export function StanceTag({ stance }: { stance: string }): JSX.Element {
  return <span class={`stance-tag stance-${stance}`}>{STANCE_LABEL[stance] ?? stance.toUpperCase()}</span>;
}

/** A text with matched ranges in <mark>. */
export function Marked({ text, matches }: { text: string; matches: { start: number; end: number }[] }): JSX.Element {
  const out: (string | JSX.Element)[] = [];
  let at = 0;
  matches.forEach((m, i) => {
    out.push(text.slice(at, m.start));
    out.push(<mark key={i}>{text.slice(m.start, m.end)}</mark>);
    at = m.end;
  });
  out.push(text.slice(at));
  return <>{out}</>;
}

export function day(iso?: string): string {
  return iso ? iso.slice(0, 10) : '';
}

/** `1 mention`, `3 mentions`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
