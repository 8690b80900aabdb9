/**
 * `saksi stories`: the stories of the corpus, most active first. `saksi story <id>`: one story's
 * timeline, stance tables, figures, spread and grouping evidence (`--claimreview`: its claims as
 * schema.org ClaimReview-ready JSON-LD). `saksi rebuild-stories`: regroup the whole store (`saksi rebuild --what stories`).
 * `saksi eval stories <gold.json>`: pairwise precision and recall against a gold grouping.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { storePath, type Store } from '../store/store.js';
import type { StoryRow } from '../store/stories.js';
import { storyDetail, type StoryDetail } from '../corpus/stories/detail.js';
import { claimReviews } from '../corpus/stories/claimreview.js';

export { claimReviews };
import type { StorySummary } from '../corpus/stories/summary.js';
import { evaluateStories, GoldFormatError, parseGold, type PairScores } from '../eval/stories.js';
import { CliError, EXIT } from './errors.js';
import { colorsFor, dbOption, num, pad, positiveInt, storeErrorToCli, withReadStore, writeJson } from './store-cli.js';

interface StoriesFlags {
  db?: string;
  entity?: string;
  since?: string;
  lang?: string;
  limit?: string;
  json?: boolean;
  rebuild?: boolean;
}

function checkDay(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new CliError(`${option} expects a date YYYY-MM-DD, got '${value}'`, EXIT.usage);
  return value;
}

/** A story row for JSON: the summary parsed. */
export function storyJson(row: StoryRow): Omit<StoryRow, 'summary'> & { summary: StorySummary } {
  return { ...row, summary: JSON.parse(row.summary) as StorySummary };
}

async function rebuild(db: string | undefined, json: boolean | undefined): Promise<void> {
  let store: Store;
  try {
    store = await openStore(storePath(db), { create: false });
  } catch (err) {
    throw storeErrorToCli(err);
  }
  try {
    // saksi rebuild --what stories: in the canonical order, so that the stored links do not follow arrival order either.
    const { rebuild: rebuildCorpus } = await import('../corpus/rebuild.js');
    const result = await rebuildCorpus(store, { what: ['stories'] });
    const ms = result.elapsedMs;
    if (json) writeJson({ documents: result.documents, stories: result.stories, elapsedMs: ms });
    else process.stderr.write(`regrouped ${num(result.documents)} documents into ${num(result.stories)} stories of two or more articles in ${(ms / 1000).toFixed(1)} s\n`);
  } catch (err) {
    throw storeErrorToCli(err);
  } finally {
    await store.close();
  }
}

export function registerStoriesCommands(program: Command): void {
  dbOption(program.command('stories').description('List the stories (articles about one event, across outlets and languages), most active first'))
    .option('--entity <name>', 'only stories about this entity (a name or alias)')
    .option('--since <date>', 'only stories seen on or after this day (YYYY-MM-DD)')
    .option('--lang <code>', 'only stories with articles in this language')
    .option('--limit <n>', 'how many (default 20)')
    .option('--rebuild', 'regroup every stored document first (same result as grouping while ingesting)')
    .option('--json', 'print as JSON')
    .action(async (flags: StoriesFlags) => {
      const since = checkDay(flags.since, '--since');
      const limit = positiveInt(flags.limit, '--limit') ?? 20;
      if (flags.rebuild) await rebuild(flags.db, false);
      await withReadStore(flags.db, async (store) => {
        let entities: number[] | undefined;
        if (flags.entity !== undefined) {
          const found = await store.findEntities(flags.entity);
          if (found.length === 0) throw new CliError(`no entity named "${flags.entity}" in the store`, EXIT.noInput);
          entities = found.map((e) => e.id);
        }
        const list = await store.listStories({ limit, ...(since ? { since } : {}), ...(flags.lang ? { language: flags.lang } : {}), ...(entities ? { entities } : {}) });
        if (flags.json) {
          writeJson({ count: list.length, stories: list.map(storyJson) });
          return;
        }
        if (list.length === 0) {
          process.stderr.write('no stories (of two or more articles) match; ingest more articles, or run saksi rebuild-stories on a store ingested before stories existed\n');
          return;
        }
        const c = colorsFor(process.stdout);
        const out = [c.dim(`${pad('story', 12)} ${pad('docs', 5, true)} ${pad('outlets', 8, true)}  ${pad('first', 10)}  ${pad('last', 10)}  ${pad('lang', 6)} title`)];
        for (const s of list) {
          out.push(
            `${c.cyan(pad(s.id, 12))} ${pad(num(s.documents), 5, true)} ${pad(num(s.outlets), 8, true)}  ${pad(s.firstSeen ?? '-', 10)}  ${pad(s.lastSeen ?? '-', 10)}  ${pad(s.languages.join(','), 6)} ${c.bold(s.title)}`,
          );
        }
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });

  dbOption(program.command('story').description("One story: timeline of claims, who asserts and who denies, the figures, the spread, why its articles were grouped").argument('<id>', 'a story id from saksi stories'))
    .option('--json', 'print as JSON')
    .option('--claimreview', "print the story's claims as schema.org ClaimReview-ready JSON-LD")
    .action(async (id: string, flags: { db?: string; json?: boolean; claimreview?: boolean }) => {
      await withReadStore(flags.db, async (store) => {
        const detail = await storyDetail(store, id);
        if (!detail) throw new CliError(`no story '${id}' in the store (see saksi stories)`, EXIT.noInput);
        if (flags.claimreview) writeJson(claimReviews(detail));
        else if (flags.json) writeJson(detail);
        else process.stdout.write(renderStory(detail, colorsFor(process.stdout)));
      });
    });

  dbOption(program.command('rebuild-stories').description('Regroup every stored document into stories (the same result as grouping while ingesting)'))
    .option('--json', 'print the counts as JSON')
    .action(async (flags: { db?: string; json?: boolean }) => rebuild(flags.db, flags.json));
}

export function registerEvalStoriesCommand(evalCmd: Command): void {
  dbOption(evalCmd.command('stories').description('Score the stored stories against a gold grouping: pairwise precision, recall, F1').argument('<gold>', 'gold JSON: {"clusters": [{"label", "ids": [...], "claims"?: [...]}]}'))
    .option('--json', 'print as JSON')
    .action(async (file: string, flags: { db?: string; json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.noInput);
      }
      let gold;
      try {
        gold = parseGold(text, file);
      } catch (err) {
        if (err instanceof GoldFormatError) throw new CliError(err.message, EXIT.badInput);
        throw err;
      }
      await withReadStore(flags.db, async (store) => {
        const result = await evaluateStories(store, gold);
        if (flags.json) {
          writeJson(result);
          return;
        }
        const line = (name: string, s: PairScores): string =>
          `${pad(name, 10)} P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  (${num(s.truePairs)} of ${num(s.predictedPairs)} predicted pairs, ${num(s.goldPairs)} gold pairs, ${num(s.items)} items)`;
        const out = [`${num(result.goldStories)} gold stories, ${num(result.storedStories)} stored stories (singletons included)`, line('documents', result.documents)];
        if (result.claims) out.push(line('claims', result.claims));
        for (const s of result.perStory) out.push(`  ${pad(s.label, 40)} ${num(s.documents)} docs in ${num(s.stories)} stored stories (largest holds ${(s.largestShare * 100).toFixed(0)}%)`);
        if (result.unknownIds.length) out.push(`not in the store (${result.unknownIds.length}): ${result.unknownIds.slice(0, 10).join(', ')}${result.unknownIds.length > 10 ? ', ...' : ''}`);
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
}

function fmtNum(x: number): string {
  return x.toLocaleString('en-US');
}

export function renderStory(d: StoryDetail, c: ReturnType<typeof colorsFor>): string {
  const out: string[] = [];
  out.push(`${c.bold(d.title)}  ${c.dim(d.id)}`);
  out.push(`${d.firstSeen ?? '?'} → ${d.lastSeen ?? '?'} · ${d.documents.length} articles · ${d.spread.outlets.length} outlets · ${d.languages.join(', ')}`);
  out.push(`entities: ${d.entities.map((e) => `${e.name} (${e.documents})`).join(', ')}`);
  out.push('', c.bold('Timeline'));
  for (const t of d.timeline) {
    const figs = t.figures.length ? c.yellow(` [${t.figures.map((f) => f.text).join('; ')}]`) : '';
    const pos = t.position === 'deny' ? c.red('DENY ') : t.position === 'doubt' ? c.yellow('DOUBT') : c.green('ASSERT');
    out.push(`  ${pad(t.date ?? '?', 10)} ${pad(t.outlet ?? '?', 16)} ${pos} ${c.bold(t.speaker)}: ${t.quote ? '“' : ''}${t.text}${t.quote ? '”' : ''}${figs} ${c.dim(`(doc ${t.document} ${t.link.start}-${t.link.end}, ${t.proposition})`)}`);
  }
  out.push('', c.bold('Stances by proposition'));
  for (const p of d.propositions) {
    out.push(`  ${c.cyan(p.id)} — ${p.label} (${p.claims} claims)`);
    for (const s of p.stances) {
      const changes = s.changes.length ? c.magenta(`  changed: ${s.changes.map((ch) => `${ch.from}→${ch.to} on ${ch.date ?? '?'}`).join(', ')}`) : '';
      out.push(`    ${pad(s.speaker, 30)} ${pad(s.current, 7)} ${c.dim(s.history.map((h) => `${h.date ?? '?'} ${h.position}`).join(', '))}${changes}`);
    }
  }
  if (d.figures.length) {
    out.push('', c.bold('Figures'));
    for (const f of d.figures) {
      out.push(`  ${c.cyan(`${f.concept} (${f.kind}${f.currency ? ` ${f.currency}` : ''}${f.units.length ? `: ${f.units.join(', ')}` : ''})`)}  min ${fmtNum(f.min)}  max ${fmtNum(f.max)}  latest ${fmtNum(f.latest)}`);
      for (const v of f.values) out.push(`    ${pad(v.date ?? '?', 10)} ${pad(v.outlet ?? '?', 16)} ${pad(v.text, 18)} ${c.dim(v.speaker ?? '')}`);
    }
  }
  out.push('', c.bold('Spread'));
  out.push(`  ${d.spread.independent} independent reports, ${d.spread.copies.length} near-duplicate copies, ${d.spread.exactDuplicates} exact duplicates`);
  for (const o of d.spread.outlets) out.push(`  ${pad(o.outlet, 24)} ${o.documents} articles${o.copies ? ` (${o.copies} copies)` : ''}`);
  for (const cp of d.spread.copies) out.push(`  doc ${cp.document} copies doc ${cp.of}`);
  out.push('', c.bold('Why these articles are one story'));
  for (const e of d.evidence) {
    const parts = [`score ${e.score}`];
    if (e.props.length) parts.push(`same proposition ${e.props.slice(0, 4).join(', ')}`);
    else if (e.concepts.length) parts.push(`same concept ${e.concepts.join(', ')}`);
    if (e.entities.length) parts.push(`${e.entities.length} shared entities`);
    if (e.numbers.length) parts.push(`figures ${e.numbers.join(', ')}`);
    if (e.quotes) parts.push(`the same quoted words (${e.quotes})`);
    if (e.words !== undefined) parts.push(`words ${e.words}`);
    if (e.days !== undefined) parts.push(`${e.days} days apart`);
    out.push(`  doc ${e.a} ~ doc ${e.b}: ${parts.join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}
