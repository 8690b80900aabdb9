/**
 * `saksi show <doc-id>`: a stored document, its analysis, and how it sits in the corpus (corpus
 * entities its entities were linked to and why, copy-of links, exact duplicates).
 */
import type { Command } from 'commander';
import { CliError, EXIT } from './errors.js';
import { formatReport } from './report.js';
import { colorsFor, dbOption, withReadStore, writeJson } from './store-cli.js';

interface ShowFlags {
  db?: string;
  json?: boolean;
  text?: boolean;
}

/** A document id as typed: `12` or `#12`. */
export function parseDocId(value: string): number {
  const m = /^#?(\d+)$/.exec(value.trim());
  const id = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new CliError(`a document id is a positive number (as listed by saksi search), got '${value}'`, EXIT.usage);
  return id;
}

export function registerShowCommand(program: Command): void {
  dbOption(program.command('show').description('Show a stored document and its analysis').argument('<doc-id>', 'the document id (from saksi search)'))
    .option('--text', 'print the stored text only')
    .option('--json', 'print the document, its analysis and its corpus links as JSON')
    .action(async (value: string, flags: ShowFlags) => {
      const id = parseDocId(value);
      await withReadStore(flags.db, async (store) => {
        const doc = await store.getDocument(id);
        if (!doc) throw new CliError(`no document #${id} in ${store.location}`, EXIT.noInput);
        if (flags.text) {
          process.stdout.write(doc.text.endsWith('\n') ? doc.text : `${doc.text}\n`);
          return;
        }
        const analysis = await store.getAnalysis(id);
        const links = await store.documentEntities(id);
        if (flags.json) {
          const { text: _text, ...document } = doc;
          writeJson({ document, analysis: analysis ?? null, corpus: { entities: links } });
          return;
        }
        const c = colorsFor(process.stdout);
        const out: string[] = [];
        out.push(`${c.cyan(`#${doc.id}`)} ${c.bold(doc.title ?? '(untitled)')}`);
        const facts = [doc.source, doc.published, doc.language, doc.author].filter(Boolean).join(' · ');
        if (facts) out.push(c.dim(facts));
        if (doc.url) out.push(c.dim(doc.url));
        out.push(c.dim(`from ${doc.origin ?? doc.sourceKey} · ingested ${doc.ingestedAt} · sha256 ${doc.contentHash.slice(0, 12)}`));
        if (doc.copyOf) out.push(c.yellow(`near-duplicate (copy-of) of #${doc.copyOf.id}, similarity ${doc.copyOf.similarity.toFixed(2)}`));
        if (doc.copies.length > 0) out.push(c.yellow(`earliest copy of: ${doc.copies.map((x) => `#${x}`).join(', ')}`));
        if (doc.duplicateKeys.length > 0) out.push(c.dim(`the same text also came from: ${doc.duplicateKeys.join(', ')}`));
        out.push('');
        if (analysis) out.push(formatReport(analysis, { color: Boolean(process.stdout.isTTY) && c.isColorSupported }).trimEnd(), '');
        else out.push(c.dim('(no analysis stored)'), '');
        if (links.length > 0) {
          out.push(c.bold(c.cyan(`In the corpus (${links.length})`)));
          const names = new Map((analysis?.entities ?? []).map((e) => [e.id, e.name]));
          for (const l of links) {
            const local = names.get(l.docEntity) ?? l.name;
            const why = l.evidence.find((e) => e.method !== 'document' && e.method !== 'kb-id');
            out.push(`  ${local} → ${c.bold(l.name)} ${c.dim(`(entity #${l.entity}${why ? `; ${why.detail}` : ''})`)}`);
          }
        }
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
}
