// Paste a text or a page, drop a file, or give a URL: analysed on the spot, nothing stored.
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { post, type Analysis, ApiError } from '../api';
import { Reader } from '../reader';

type Mode = 'text' | 'url';

export function AnalyzePage(): JSX.Element {
  const [mode, setMode] = useState<Mode>('text');
  const [content, setContent] = useState('');
  const [url, setUrl] = useState('');
  const [lang, setLang] = useState('auto');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<Analysis | undefined>();
  const [dragging, setDragging] = useState(false);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const isHtml = /^\s*</.test(content);
      const body =
        mode === 'url' ? { url: url.trim() } : isHtml ? { html: content } : { text: content };
      const analysis = await post<Analysis>('/api/analyze', { ...body, lang, ...(date ? { date } : {}) });
      setResult(analysis);
    } catch (err) {
      setResult(undefined);
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer?.files[0];
    const text = e.dataTransfer?.getData('text/plain');
    if (file) {
      if (file.size > 4 * 1024 * 1024) return setError(`${file.name} is larger than 4 MB`);
      void file.text().then((t) => {
        setMode('text');
        setContent(t);
      });
    } else if (text) {
      if (/^https?:\/\/\S+$/.test(text.trim())) {
        setMode('url');
        setUrl(text.trim());
      } else {
        setMode('text');
        setContent(text);
      }
    }
  };

  return (
    <div>
      <h1>Analyse an article</h1>
      <form class="analyze-form" onSubmit={submit}>
        <div class="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={mode === 'text'} onClick={() => setMode('text')}>
            Text or HTML
          </button>
          <button type="button" role="tab" aria-selected={mode === 'url'} onClick={() => setMode('url')}>
            URL
          </button>
        </div>
        {mode === 'text' ? (
          <label class={`drop ${dragging ? 'dragging' : ''}`} onDragOver={(e) => (e.preventDefault(), setDragging(true))} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
            <span class="muted small">Paste the article (plain text or an HTML page), or drop a .txt or .html file here</span>
            <textarea name="content" rows={12} value={content} onInput={(e) => setContent(e.currentTarget.value)} required />
          </label>
        ) : (
          <label>
            <span class="muted small">Address of the article (http or https)</span>
            <input name="url" type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="https://…" required />
          </label>
        )}
        <div class="row">
          <label>
            Language{' '}
            <select name="lang" value={lang} onChange={(e) => setLang(e.currentTarget.value)}>
              <option value="auto">detect</option>
              <option value="id">Indonesian</option>
              <option value="en">English</option>
            </select>
          </label>
          <label>
            Article date <input name="date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={busy}>
            {busy ? 'Analysing…' : 'Analyse'}
          </button>
        </div>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <section class="result">
          <h2>{result.meta.title ?? 'Analysis'}</h2>
          <p class="muted small">
            language {result.language}
            {result.reference ? ` · dates read against ${result.reference.date} (${result.reference.source})` : ''}
            {result.diagnostics.length > 0 ? ` · ${result.diagnostics.map((d) => d.message).join('; ')}` : ''}
          </p>
          <Reader analysis={result} />
        </section>
      ) : null}
    </div>
  );
}
