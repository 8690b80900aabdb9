/**
 * Trains the NER model from a CoNLL file, or cross-validates on it.
 *
 *   npx tsx scripts/train-ner.ts                       # train on idner-news-2k train.txt, write src/lang/id/ner-model.json
 *   npx tsx scripts/train-ner.ts --cv 5                # 5-fold cross-validation on train.txt, F1 per epoch
 *   npx tsx scripts/train-ner.ts --cv 5 --ablate capRuns,bigrams
 *   npx tsx scripts/train-ner.ts --dev ../shared/data/idner-news-2k/dev.txt   # train, write, then measure on dev
 *
 * Deterministic: folds and example order come from seeded shuffles (--seed).
 * Only the first and last columns of the CoNLL file are read: the POS column is never a feature.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parseConll } from '../src/eval/conll.js';
import { formatNerReport, scoreNer, type NerReport } from '../src/eval/ner.js';
import type { FeatureConfig, NerWordLists } from '../src/ner/features.js';
import { mulberry32, shuffleInPlace } from '../src/ner/perceptron.js';
import { taggerFromModel, type NerModelFile } from '../src/ner/tagger.js';
import { trainNerModel } from '../src/ner/train.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DATA = `${root}../shared/data/idner-news-2k`;

const program = new Command('train-ner')
  .option('--train <file>', 'CoNLL training file', `${DATA}/train.txt`)
  .option('--dev <file>', 'CoNLL file to measure the final model on (never used for choices)')
  .option('--out <file>', 'model file to write', `${root}src/lang/id/ner-model.json`)
  .option('--lang <code>', 'language of the model', 'id')
  .option('--lists <file>', 'word lists (titles, cues...)', `${root}src/lang/id/ner-lexicon.json`)
  .option('--epochs <n>', 'perceptron epochs (10: best in 5-fold cross-validation on train)', '10')
  .option('--seed <n>', 'seed for shuffles', '1')
  .option('--prune <x>', 'drop features whose largest |weight| is below this', '0.5')
  .option('--scale <n>', 'weights are stored as round(w * scale)', '10')
  .option('--encoding <name>', 'tags the model learns: bilou or bio', 'bilou')
  .option('--cv <k>', 'k-fold cross-validation on the training file instead of writing a model')
  .option('--ablate <groups>', 'feature groups to switch off: affixes,window2,bigrams,lists,capsDict,entityDict,capRuns', '')
  .parse();

const opts = program.opts<{
  train: string;
  dev?: string;
  out: string;
  lang: string;
  lists: string;
  epochs: string;
  seed: string;
  prune: string;
  scale: string;
  cv?: string;
  encoding: string;
  ablate: string;
}>();

const epochs = Number(opts.epochs);
const seed = Number(opts.seed);
const prune = Number(opts.prune);
const scale = Number(opts.scale);
const listsFile = JSON.parse(readFileSync(opts.lists, 'utf8')) as NerWordLists & { about?: string };
const lists: NerWordLists = {
  titles: listsFile.titles,
  speechCues: listsFile.speechCues,
  placeCues: listsFile.placeCues,
  orgHeads: listsFile.orgHeads,
  notNames: listsFile.notNames,
};
const config: Record<string, boolean> = {};
for (const g of opts.ablate.split(',').filter(Boolean)) config[g] = false;
const featureConfig: FeatureConfig | undefined = Object.keys(config).length > 0 ? config : undefined;

const train = parseConll(readFileSync(opts.train, 'utf8'), { file: opts.train });
console.error(`${train.length} training sentences from ${opts.train}`);

if (opts.encoding !== 'bio' && opts.encoding !== 'bilou') throw new Error(`--encoding must be bio or bilou, not ${opts.encoding}`);
const encoding: 'bio' | 'bilou' = opts.encoding;
const baseOptions = { lang: opts.lang, lists, seed, prune, scale, encoding, config: featureConfig };

if (opts.cv !== undefined) {
  crossValidate(Number(opts.cv));
} else {
  const started = Date.now();
  const model = trainNerModel(train, {
    ...baseOptions,
    epochs,
    meta: {
      data: 'idner-news-2k train.txt (khairunnisaor/idner-news-2k, MIT)',
      trained: 'scripts/train-ner.ts',
      seed,
      prune,
      ablate: opts.ablate || undefined,
    },
  });
  const json = JSON.stringify(model);
  writeFileSync(opts.out, json);
  console.error(
    `wrote ${opts.out}: ${(statSync(opts.out).size / 1024).toFixed(0)} KiB, ${model.features.split(' ').length} features, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (opts.dev) {
    const dev = parseConll(readFileSync(opts.dev, 'utf8'), { file: opts.dev });
    const tagger = taggerFromModel(JSON.parse(json) as NerModelFile);
    console.log(formatNerReport(scoreNer(dev, (t) => tagger.tag(t))));
  }
}

function crossValidate(k: number): void {
  const order = shuffleInPlace(
    train.map((_, i) => i),
    mulberry32(seed + 1000),
  );
  const perEpoch: { g: number; p: number; c: number; types: Map<string, { g: number; p: number; c: number }> }[] = [];
  for (let e = 0; e < epochs; e++) perEpoch.push({ g: 0, p: 0, c: 0, types: new Map() });
  for (let fold = 0; fold < k; fold++) {
    const held = order.filter((_, i) => i % k === fold).map((i) => train[i]!);
    const rest = order.filter((_, i) => i % k !== fold).map((i) => train[i]!);
    trainNerModel(rest, {
      ...baseOptions,
      epochs,
      onEpoch: (epoch, model) => {
        const tagger = taggerFromModel(model);
        const report = scoreNer(held, (t) => tagger.tag(t));
        accumulate(perEpoch[epoch - 1]!, report);
      },
    });
    console.error(`fold ${fold + 1}/${k} done`);
  }
  for (let e = 0; e < epochs; e++) {
    const a = perEpoch[e]!;
    const types = [...a.types].sort().map(([t, n]) => `${t}=${f1(n.g, n.p, n.c).toFixed(3)}`);
    console.log(`epoch ${String(e + 1).padStart(2)}  P=${(a.c / a.p).toFixed(3)} R=${(a.c / a.g).toFixed(3)} F1=${f1(a.g, a.p, a.c).toFixed(3)}  ${types.join(' ')}`);
  }
}

function accumulate(a: { g: number; p: number; c: number; types: Map<string, { g: number; p: number; c: number }> }, r: NerReport): void {
  a.g += r.overall.gold;
  a.p += r.overall.predicted;
  a.c += r.overall.correct;
  for (const [t, s] of Object.entries(r.types)) {
    let n = a.types.get(t);
    if (!n) a.types.set(t, (n = { g: 0, p: 0, c: 0 }));
    n.g += s.gold;
    n.p += s.predicted;
    n.c += s.correct;
  }
}

function f1(g: number, p: number, c: number): number {
  return c === 0 ? 0 : (2 * c) / (g + p);
}
