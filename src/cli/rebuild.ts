/**
 * `saksi rebuild [--db LOCATION] [--what near-duplicates,entities,stories]`: recomputes what the
 * corpus stages derived from the stored analyses, in one canonical order (src/corpus/rebuild.ts),
 * so that the result does not depend on the order documents arrived in. Atomic: one transaction.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { storePath, type Store } from '../store/store.js';
import type { RebuildPart, RebuildProgress, RebuildSummary } from '../corpus/rebuild.js';
import { CliError, EXIT, requireFiles } from './errors.js';
import { dbOption, num, storeErrorToCli, writeJson } from './store-cli.js';

const PARTS: readonly RebuildPart[] = ['near-duplicates', 'entities', 'stories'];

/** `--what a,b`: the parts named, each checked. */
export function parseWhat(value: string | undefined): RebuildPart[] | undefined {
  if (value === undefined) return undefined;
  const out: RebuildPart[] = [];
  for (const raw of value.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    if (!(PARTS as readonly string[]).includes(part)) throw new CliError(`--what expects near-duplicates, entities or stories (comma-separated), got '${part}'`, EXIT.usage);
    out.push(part as RebuildPart);
  }
  if (out.length === 0) throw new CliError('--what expects near-duplicates, entities or stories (comma-separated)', EXIT.usage);
  return out;
}

export function formatRebuild(s: RebuildSummary): string {
  const t = s.totals;
  return (
    `rebuilt ${s.stages.join(', ')} of ${num(s.documents)} documents in ${(s.elapsedMs / 1000).toFixed(1)} s (${s.perSecond} docs/s)\n` +
    `  ${num(t.nearDuplicates)} near-duplicate links, ${num(t.entities)} entities, ${num(t.mentions)} mentions, ${num(t.claims)} claims, ${num(s.stories)} stories of two or more articles\n`
  );
}

function progressBar(enabled: boolean): { update: (p: RebuildProgress) => void; stop: () => void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: ' rebuilding {bar} {value}/{total} documents', hideCursor: true, clearOnComplete: true, fps: 5, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    update: (p) => {
      if (!running) {
        bar.start(Math.max(1, p.total), p.done);
        running = true;
      }
      bar.update(p.done);
    },
    stop: () => {
      if (running) bar.stop();
    },
  };
}

export function registerRebuildCommand(program: Command): void {
  dbOption(
    program
      .command('rebuild')
      .description('Recompute near-duplicate links, entities, claims and stories from the stored analyses: the same result whatever order documents arrived in'),
  )
    .option('--what <parts>', 'what to recompute, comma-separated: near-duplicates, entities (brings claims and stories), stories (default: all)')
    .option('--kb <file>', 'a knowledge base file to resolve entities with (as given to saksi ingest)')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: { db?: string; what?: string; kb?: string; json?: boolean }) => {
      const what = parseWhat(flags.what);
      if (flags.kb !== undefined) requireFiles([flags.kb], '--kb');
      let store: Store;
      try {
        store = await openStore(storePath(flags.db), { create: false, onWait: (message) => process.stderr.write(`saksi: ${message}\n`) });
      } catch (err) {
        throw storeErrorToCli(err);
      }
      const progress = progressBar(Boolean(process.stderr.isTTY) && !flags.json);
      let summary: RebuildSummary;
      try {
        const { rebuild } = await import('../corpus/rebuild.js');
        summary = await rebuild(store, { ...(what ? { what } : {}), ...(flags.kb !== undefined ? { kb: flags.kb } : {}), onProgress: progress.update });
      } catch (err) {
        throw storeErrorToCli(err);
      } finally {
        progress.stop();
        await store.close();
      }
      if (flags.json) writeJson(summary);
      else process.stdout.write(formatRebuild(summary));
    });
}
